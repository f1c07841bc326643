//! Trao đổi dữ liệu: send a copy (whole file, one year, one unit's submission), receive a
//! file with its merge plan shown before anything changes, and the backups to go back to.
//! The engine is `store::export`, `store::import` and `store::backup`; this screen only
//! shows what they return and passes the officer's choices. Exporting, reading and applying
//! a received file, backing up and restoring run in the background ([`Event::Background`]),
//! with their progress shown.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::Lang;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::backup::{self, Backup};
use crate::store::export::{Exported, Options, Scope, ScopeKind, SizeEstimate, Step};
use crate::store::import::{self, Applied, Choices, MergePlan, PlanOptions, Received, Resolution};
use crate::store::signing::Trusted;

mod keys;
mod plan;
pub mod scoring_form;
pub mod sheets;
mod submissions;

use super::unit_picker::{UnitChoice, unit_choices};
use super::{Ctx, Event, Job, ViewCtx};
use plan::plan_view;

/// What to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeChoice(pub ScopeKind, pub Lang);

impl std::fmt::Display for ScopeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = match self.0 {
            ScopeKind::Whole => t::SCOPE_WHOLE,
            ScopeKind::Year => t::SCOPE_YEAR,
            ScopeKind::Unit => t::SCOPE_UNIT,
        };
        f.write_str(label.get(self.1))
    }
}

/// A received file, shared with the background apply (it holds a connection to its private
/// copy, which one thread at a time may use).
type Shared = Arc<Mutex<Received>>;

/// A received file read and checked in the background, and its merge plan.
#[derive(Debug, Clone)]
pub struct Reading {
    received: Shared,
    plan: Result<MergePlan, String>,
}

#[derive(Debug, Default)]
pub struct State {
    pub scope: Option<ScopeKind>,
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub without_evidence: bool,
    pub export_path: String,
    /// The officer typed or chose the export's path: it is kept; otherwise it follows the
    /// year, the scope and the unit.
    export_path_chosen: bool,
    pub estimate: Option<SizeEstimate>,
    pub exported: Option<Result<Exported, String>>,
    pub import_path: String,
    pub allow_late: bool,
    received: Option<Shared>,
    pub plan: Option<MergePlan>,
    pub choices: Vec<Option<Resolution>>,
    /// The officer checked the sender's key (or accepts an unsigned file).
    pub trust_sender: bool,
    /// The officer accepts a file that shares no history with this one.
    pub accept_unrelated: bool,
    pub applied: Option<Result<Applied, String>>,
    pub backups: Vec<Backup>,
    /// This file's key fingerprint and the senders it trusts.
    pub own_key: Option<String>,
    pub trusted: Vec<Trusted>,
    /// Why a sender's key is forgotten (a unit that changed computers).
    pub forget_reason: String,
    pub error: Option<String>,
    /// Survey points and the year's workbook (spreadsheets).
    pub sheets: sheets::State,
    /// The blank scoring forms and the filled ones read back.
    pub form: scoring_form::State,
    /// What each unit of the year has sent.
    pub submissions: Vec<crate::store::submissions::Submission>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Scope(ScopeChoice),
    Unit(UnitChoice),
    WithoutEvidence(bool),
    ExportPath(String),
    ChooseExport,
    ChosenExport(Option<PathBuf>),
    Estimate,
    Export,
    Exported(Result<Exported, String>),
    ImportPath(String),
    ChooseImport,
    ChosenImport(Option<PathBuf>),
    AllowLate(bool),
    Read,
    /// The received file read and checked, with its plan, or why it was refused.
    Received(Result<Box<Reading>, String>),
    Resolve(usize, Resolution),
    TrustSender(bool),
    AcceptUnrelated(bool),
    Apply,
    Applied(Result<Applied, String>),
    TakeBackup,
    BackedUp(Result<PathBuf, String>),
    Restore(PathBuf),
    Restored(Result<PathBuf, String>),
    ForgetReason(String),
    /// Forget the trusted key with this fingerprint.
    Forget(String),
    Sheets(sheets::Message),
    Form(scoring_form::Message),
    /// The reminder to the units that have not sent, to the clipboard.
    CopyReminder(String),
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.scope.get_or_insert(ScopeKind::Unit);
        self.units = unit_choices(ctx);
        if self.unit.as_ref().is_none_or(|u| !self.units.contains(u)) {
            self.unit = self.units.first().cloned();
        }
        self.form.refresh(ctx);
        self.backups = ctx.store.backups().unwrap_or_default();
        self.submissions = ctx
            .store
            .submissions(ctx.year, ctx.level)
            .unwrap_or_default();
        self.own_key = ctx.store.own_key_fingerprint().ok().flatten();
        self.trusted = ctx.store.trusted_senders().unwrap_or_default();
        if !self.export_path_chosen || self.export_path.is_empty() {
            self.export_path = default_export(ctx, self).display().to_string();
        }
    }

    fn options(&self, year: i32) -> Options {
        let scope = match self.scope.unwrap_or(ScopeKind::Unit) {
            ScopeKind::Whole => Scope::Whole,
            ScopeKind::Year => Scope::Year(year),
            ScopeKind::Unit => Scope::Unit {
                code: self
                    .unit
                    .as_ref()
                    .map(|u| u.code.clone())
                    .unwrap_or_default(),
                year: Some(year),
            },
        };
        Options {
            scope,
            include_evidence: !self.without_evidence,
        }
    }
}

/// ~/Documents/<unit code>-<year>-gui-huyen.cchc and the like.
fn default_export(ctx: &Ctx<'_>, state: &State) -> PathBuf {
    let folder = super::documents_folder();
    let name = match (state.scope.unwrap_or(ScopeKind::Unit), &state.unit) {
        (ScopeKind::Unit, Some(u)) => format!("cham-diem-{}-{}.cchc", ctx.year, u.code),
        (ScopeKind::Year, _) | (ScopeKind::Unit, None) => format!("chi-so-cchc-{}.cchc", ctx.year),
        (ScopeKind::Whole, _) => "chi-so-cchc-toan-bo.cchc".to_owned(),
    };
    folder.join(name)
}

fn pick(save: bool, name: String) -> Task<Message> {
    let dialog = rfd::AsyncFileDialog::new().add_filter("Chỉ số CCHC", &["cchc"]);
    if save {
        Task::perform(
            async move {
                dialog
                    .set_file_name(name)
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned())
            },
            Message::ChosenExport,
        )
    } else {
        Task::perform(
            async move { dialog.pick_file().await.map(|h| h.path().to_owned()) },
            Message::ChosenImport,
        )
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    let lang = ctx.lang;
    state.error = None;
    let event = match message {
        Message::Scope(s) => {
            state.scope = Some(s.0);
            state.estimate = None;
            if !state.export_path_chosen {
                state.export_path = default_export(ctx, state).display().to_string();
            }
            None
        }
        Message::Unit(u) => {
            state.unit = Some(u);
            state.estimate = None;
            if !state.export_path_chosen {
                state.export_path = default_export(ctx, state).display().to_string();
            }
            None
        }
        Message::WithoutEvidence(v) => {
            state.without_evidence = v;
            state.estimate = None;
            None
        }
        Message::ExportPath(p) => {
            state.export_path = p;
            state.export_path_chosen = true;
            None
        }
        Message::ChooseExport => {
            let name = PathBuf::from(&state.export_path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return (pick(true, name), None);
        }
        Message::ChosenExport(Some(p)) => {
            state.export_path = p.display().to_string();
            state.export_path_chosen = true;
            None
        }
        Message::ChosenImport(Some(p)) => {
            state.import_path = p.display().to_string();
            None
        }
        Message::ChosenExport(None) | Message::ChosenImport(None) => None,
        Message::Estimate => match ctx.store.estimate_export(&state.options(ctx.year)) {
            Ok(e) => {
                state.estimate = Some(e);
                None
            }
            Err(e) => failed(state, e.message(lang)),
        },
        Message::Export => {
            state.exported = None;
            Some(export(state, ctx))
        }
        Message::Exported(result) => {
            state.exported = Some(result);
            None
        }
        Message::ImportPath(p) => {
            state.import_path = p;
            None
        }
        Message::ChooseImport => return (pick(false, String::new()), None),
        Message::AllowLate(v) => {
            state.allow_late = v;
            plan(state, ctx)
        }
        Message::Read => Some(read(state, lang)),
        Message::Received(result) => received(state, result),
        Message::Resolve(i, r) => {
            if let Some(slot) = state.choices.get_mut(i) {
                *slot = Some(r);
            }
            None
        }
        Message::TrustSender(v) => {
            state.trust_sender = v;
            None
        }
        Message::AcceptUnrelated(v) => {
            state.accept_unrelated = v;
            None
        }
        Message::Apply => apply(state, lang),
        Message::Applied(result) => {
            let ok = result.is_ok();
            state.applied = Some(result);
            ok.then(|| {
                state.received = None;
                state.plan = None;
                state.backups = ctx.store.backups().unwrap_or_default();
                state.trusted = ctx.store.trusted_senders().unwrap_or_default();
                state.submissions = ctx
                    .store
                    .submissions(ctx.year, ctx.level)
                    .unwrap_or_default();
                Event::Saved
            })
        }
        Message::TakeBackup => Some(Event::Background(Job::new(
            t::BACKING_UP,
            move |store, progress| {
                let taken = backup::take_reporting(store, backup::Reason::Manual, &mut |d, t| {
                    progress.report(d, t);
                    // The copy is whole: it is checked (read through) before it is kept.
                    if d == t {
                        progress.stage(t::BACKUP_CHECKING);
                    }
                });
                Message::BackedUp(taken.map_err(|e| e.message(lang)))
            },
            crate::gui::Message::Exchange,
        ))),
        Message::BackedUp(result) => {
            state.backups = ctx.store.backups().unwrap_or_default();
            result.err().and_then(|e| failed(state, e))
        }
        Message::Restore(path) => Some(Event::Background(Job::new(
            t::RESTORING,
            move |store, progress| {
                let restored = store.restore_reporting(&path, &mut |d, t| progress.report(d, t));
                Message::Restored(restored.map_err(|e| e.message(lang)))
            },
            crate::gui::Message::Exchange,
        ))),
        Message::Restored(result) => {
            state.backups = ctx.store.backups().unwrap_or_default();
            match result {
                Ok(_undo) => Some(Event::Saved),
                Err(e) => failed(state, e),
            }
        }
        Message::ForgetReason(reason) => {
            state.forget_reason = reason;
            None
        }
        Message::Forget(fingerprint) => {
            match ctx.store.forget_sender(&fingerprint, &state.forget_reason) {
                Ok(_) => {
                    state.forget_reason.clear();
                    state.trusted = ctx.store.trusted_senders().unwrap_or_default();
                    Some(Event::Saved)
                }
                Err(e) => failed(state, e.message(lang)),
            }
        }
        Message::Sheets(message) => sheets::update(&mut state.sheets, message, ctx),
        Message::Form(message) => {
            let (task, event) = scoring_form::update(&mut state.form, message, ctx);
            return (task.map(Message::Form), event);
        }
        Message::CopyReminder(text) => return (iced::clipboard::write(text), None),
    };
    (Task::none(), event)
}

fn failed(state: &mut State, message: String) -> Option<Event> {
    super::failed(&mut state.error, message)
}

/// The export, in the background: the file is copied, filtered, compacted and checked.
fn export(state: &State, ctx: &Ctx<'_>) -> Event {
    let out = PathBuf::from(state.export_path.trim());
    let options = state.options(ctx.year);
    let lang = ctx.lang;
    Event::Background(Job::new(
        t::EXPORTING,
        move |store, progress| {
            let result = store.export_with_progress(&out, &options, |step| {
                progress.report(step_number(step), STEPS);
            });
            Message::Exported(result.map_err(|e| e.message(lang)))
        },
        crate::gui::Message::Exchange,
    ))
}

/// The steps of an export before [`Step::Done`].
const STEPS: usize = 4;

fn step_number(step: Step) -> usize {
    match step {
        Step::Copying => 0,
        Step::Filtering => 1,
        Step::Compacting => 2,
        Step::Verifying => 3,
        Step::Done => STEPS,
    }
}

/// Reads and checks the received file, then plans its merge (nothing changes yet).
fn read(state: &mut State, lang: Lang) -> Event {
    state.plan = None;
    state.applied = None;
    state.received = None;
    let path = PathBuf::from(state.import_path.trim());
    let options = PlanOptions {
        allow_late: state.allow_late,
    };
    Event::Background(Job::new(
        t::READING,
        move |store, _| {
            let reading = store
                .refuse_self(&path)
                .and_then(|()| import::receive(&path))
                .map(|received| {
                    let plan = store
                        .plan_import(&received, options)
                        .map_err(|e| e.message(lang));
                    Box::new(Reading {
                        received: Arc::new(Mutex::new(received)),
                        plan,
                    })
                });
            Message::Received(reading.map_err(|e| e.message(lang)))
        },
        crate::gui::Message::Exchange,
    ))
}

fn received(state: &mut State, result: Result<Box<Reading>, String>) -> Option<Event> {
    match result {
        Ok(reading) => {
            let Reading { received, plan } = *reading;
            state.received = Some(received);
            planned(state, plan)
        }
        Err(e) => failed(state, e),
    }
}

/// Applies the plan in the background, with the officer's choices.
fn apply(state: &State, lang: Lang) -> Option<Event> {
    let (Some(received), Some(plan)) = (state.received.clone(), state.plan.clone()) else {
        return None;
    };
    let choices = Choices {
        conflicts: state.choices.clone(),
        all_conflicts: None,
        trust_sender: state.trust_sender,
        accept_unrelated: state.accept_unrelated,
    };
    Some(Event::Background(Job::new(
        t::IMPORTING,
        move |store, progress| {
            let received = match received.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            let result =
                store.apply_import_with_progress(&received, &plan, &choices, |done, total| {
                    progress.report(done, total)
                });
            Message::Applied(result.map_err(|e| e.message(lang)))
        },
        crate::gui::Message::Exchange,
    )))
}

/// Plans the received file again (the officer changed an option).
fn plan(state: &mut State, ctx: &Ctx<'_>) -> Option<Event> {
    let received = state.received.clone()?;
    let received = match received.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let options = PlanOptions {
        allow_late: state.allow_late,
    };
    let plan = ctx
        .store
        .plan_import(&received, options)
        .map_err(|e| e.message(ctx.lang));
    planned(state, plan)
}

/// Shows a new plan, every conflict and confirmation still to be chosen.
fn planned(state: &mut State, plan: Result<MergePlan, String>) -> Option<Event> {
    match plan {
        Ok(p) => {
            state.choices = vec![None; p.conflicts.len()];
            state.trust_sender = false;
            state.accept_unrelated = false;
            state.plan = Some(p);
            None
        }
        Err(e) => failed(state, e),
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let scopes = [ScopeKind::Unit, ScopeKind::Year, ScopeKind::Whole].map(|s| ScopeChoice(s, lang));
    let scope = state.scope.unwrap_or(ScopeKind::Unit);

    // Sending.
    let mut send = column![
        text(t::SEND_TITLE.get(lang)).font(style::BOLD),
        row![
            pick_list(scopes, Some(ScopeChoice(scope, lang)), Message::Scope).width(400),
            checkbox(state.without_evidence)
                .label(t::WITHOUT_EVIDENCE.get(lang))
                .on_toggle(Message::WithoutEvidence),
        ]
        .spacing(12)
        .align_y(Alignment::Center),
    ]
    .spacing(8);
    if scope == ScopeKind::Unit {
        send = send
            .push(pick_list(state.units.as_slice(), state.unit.clone(), Message::Unit).width(300));
    }
    send = send.push(
        row![
            text_input("", &state.export_path)
                .id("export-path")
                .on_input(Message::ExportPath),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseExport),
        ]
        .spacing(8),
    );
    send = send.push(
        row![
            button(text(t::ESTIMATE.get(lang)))
                .style(button::secondary)
                .on_press(Message::Estimate),
            button(text(t::EXPORT.get(lang))).on_press(Message::Export),
        ]
        .spacing(8),
    );
    if let Some(e) = &state.estimate {
        send = send.push(text(format!(
            "{} {} ({} {})",
            t::SIZE_ABOUT.get(lang),
            size(e.total),
            t::OF_WHICH_EVIDENCE.get(lang),
            size(e.evidence)
        )));
        if e.large {
            send = send.push(text(t::LARGE_EXPORT.get(lang)).style(style::warning));
            for d in e.largest.iter().take(8) {
                send = send.push(
                    text(format!(
                        "· {} — {} ({})",
                        d.reference,
                        d.file_name,
                        size(d.size.max(0) as u64)
                    ))
                    .size(style::SMALL),
                );
            }
        }
    }
    match &state.exported {
        Some(Ok(x)) => {
            send = send.push(
                text(format!(
                    "{} {} ({})",
                    t::EXPORTED.get(lang),
                    x.path.display(),
                    size(x.size)
                ))
                .style(style::success),
            );
            send = send.push(text(format!(
                "{} {}",
                t::OWN_KEY.get(lang),
                x.signer.fingerprint()
            )));
        }
        Some(Err(e)) => send = send.push(text(e).style(style::error)),
        None => {}
    }

    // Receiving.
    let mut receive = column![
        text(t::RECEIVE_TITLE.get(lang)).font(style::BOLD),
        row![
            text_input(t::PATH_HINT.get(lang), &state.import_path)
                .id("import-path")
                .on_input(Message::ImportPath),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseImport),
            button(text(t::READ_FILE.get(lang))).on_press(Message::Read),
        ]
        .spacing(8),
        checkbox(state.allow_late)
            .label(t::ALLOW_LATE.get(lang))
            .on_toggle(Message::AllowLate),
    ]
    .spacing(8);
    if let Some(plan) = &state.plan {
        receive = receive.push(plan_view(state, plan, lang));
    }
    match &state.applied {
        Some(Ok(a)) => {
            receive = receive.push(
                text(format!("{}: {}", t::APPLIED.get(lang), a.changes)).style(style::success),
            )
        }
        Some(Err(e)) => receive = receive.push(text(e).style(style::error)),
        None => {}
    }

    // Backups.
    let mut backups = column![
        row![
            text(t::BACKUPS_TITLE.get(lang))
                .font(style::BOLD)
                .width(Length::Fill),
            button(text(t::TAKE_BACKUP.get(lang)))
                .style(button::secondary)
                .on_press(Message::TakeBackup),
        ]
        .align_y(Alignment::Center),
    ]
    .spacing(4);
    for b in state.backups.iter().take(30) {
        let when = b
            .taken_at
            .with_timezone(&chrono::Local)
            .format("%d/%m/%Y %H:%M:%S")
            .to_string();
        backups = backups.push(
            row![
                text(when).size(style::SMALL).width(170),
                text(b.reason.label(lang)).size(style::SMALL).width(200),
                text(size(b.size)).size(style::SMALL).width(90),
                button(text(t::RESTORE.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::Restore(b.path.clone())),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }

    let keys = keys::view(state, lang);

    let card = |content: iced::widget::Column<'a, Message>| {
        container(content)
            .padding(10)
            .width(Length::Fill)
            .style(style::card)
    };
    let mut page = column![
        text(t::SEC_EXCHANGE.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
    ]
    .spacing(12);
    // A refusal is shown at the top, where it is seen, not below a long list of backups.
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    page = page
        .push(card(send))
        .push(card(receive))
        .push(sheets::view(&state.sheets, lang, ctx.year).map(Message::Sheets))
        .push(card(keys))
        .push(card(backups))
        .push(submissions::view(&state.submissions, lang, ctx.year))
        // Last, as the submissions card: the buttons above stay where the officer (and the
        // tests) find them.
        .push(scoring_form::view(&state.form, lang, ctx.year).map(Message::Form));
    scrollable(page.padding(iced::Padding::ZERO.right(14)))
        .height(Length::Fill)
        .into()
}
