//! Slow work on the document file (export, import, backup) away from the window's thread.
//!
//! The workspace owns the [`Store`], an exclusive connection; a [`Job`] borrows it by value:
//! the store moves into a thread of its own, the job reports its progress as it goes, and
//! the store comes back in the last message ([`Update::Done`]), whatever the job did, even
//! if it panicked. Meanwhile the window shows the progress and takes no edits.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use iced::Task;
use iced::futures::channel::mpsc;

use super::Message;
use super::i18n::Tr;
use crate::store::Store;

/// The work of a job: it may change the file and report progress; its message goes back to
/// the screen that asked for it.
type Work = Box<dyn FnOnce(&mut Store, &mut Progress) -> Message + Send>;

/// Work to run with the store, and what to call it while it runs.
pub struct Job {
    /// What the work is ("Đang sao lưu…"); also names it when a second write is refused.
    pub label: Tr,
    /// The label with the count in it, where counting means something to the officer
    /// ("Đang xuất {done}/{total} phiếu điểm…"); otherwise a percentage is shown.
    pub counted: Option<Tr>,
    work: Work,
}

impl Job {
    /// `work` runs in the background; its result is given back to the window through `wrap`
    /// (the screen's variant of [`Message`]).
    pub fn new<M: 'static>(
        label: Tr,
        work: impl FnOnce(&mut Store, &mut Progress) -> M + Send + 'static,
        wrap: fn(M) -> Message,
    ) -> Job {
        Job {
            label,
            counted: None,
            work: Box::new(move |store, progress| wrap(work(store, progress))),
        }
    }

    /// The job, its progress shown with `counted` ("{done}" and "{total}" replaced).
    pub fn counting(mut self, counted: Tr) -> Job {
        self.counted = Some(counted);
        self
    }
}

/// Where a job reports how far it is.
pub struct Progress {
    sender: mpsc::UnboundedSender<Update>,
}

impl Progress {
    /// `done` of `total` steps or items are done.
    pub fn report(&mut self, done: usize, total: usize) {
        // The window may be gone; the work still finishes and the store is still closed.
        let _ = self.sender.unbounded_send(Update::Progress { done, total });
    }

    /// The work moved on to a last step the count does not measure (compressing and
    /// writing a PDF): the card says so instead of standing at 100 %.
    pub fn stage(&mut self, label: Tr) {
        let _ = self.sender.unbounded_send(Update::Stage(label));
    }
}

/// What the background sends the window.
#[derive(Debug, Clone)]
pub enum Update {
    Progress {
        done: usize,
        total: usize,
    },
    /// The work is at a step named by this label.
    Stage(Tr),
    /// The job ended: the store back, and the job's message (`None` if it panicked or no
    /// thread could be started).
    Done(Returned),
}

/// The store and the job's message, handed back once. Messages are cloned by iced's
/// widgets and a store cannot be: the first `take` gets it.
#[derive(Clone)]
pub struct Returned(Arc<Mutex<Option<Back>>>);

/// The store, and the job's message unless it panicked.
type Back = (Store, Option<Message>);

impl Returned {
    fn new(store: Store, message: Option<Message>) -> Returned {
        Returned(Arc::new(Mutex::new(Some((store, message)))))
    }

    pub fn take(&self) -> Option<Back> {
        match self.0.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }
}

impl std::fmt::Debug for Returned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Returned(..)")
    }
}

/// Runs `job` with `store` in a thread of its own; the task yields its progress, then the
/// store back.
pub fn run(store: Store, job: Job) -> Task<Update> {
    let (sender, receiver) = mpsc::unbounded();
    // Kept here too, so a thread that cannot start does not take the store with it.
    let slot = Arc::new(Mutex::new(Some((store, job))));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new()
        .name("parindex-job".into())
        .spawn(move || {
            let Some((mut store, job)) = take(&theirs) else {
                return;
            };
            let mut progress = Progress {
                sender: sender.clone(),
            };
            let work = job.work;
            let message = catch_unwind(AssertUnwindSafe(|| work(&mut store, &mut progress))).ok();
            let _ = sender.unbounded_send(Update::Done(Returned::new(store, message)));
        });
    // Taken back only when no thread started: a started one takes it itself.
    if spawned.is_err()
        && let Some((store, _)) = take(&slot)
    {
        return Task::done(Update::Done(Returned::new(store, None)));
    }
    Task::run(receiver, |update| update)
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    match slot.lock() {
        Ok(mut slot) => slot.take(),
        Err(poisoned) => poisoned.into_inner().take(),
    }
}
