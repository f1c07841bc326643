//! The screens, each with its own state, messages and view, and one contract for all:
//!
//! `update(state, message, ctx) -> (Task<Message>, Option<Event>)`: the screen changes its
//! own state, returns the task it wants run (a dialog, a PDF made in the background) and,
//! when the app must act, one [`Event`]. `view(state, &ViewCtx)` only reads.

pub mod evidence;
pub mod exchange;
pub mod history;
pub mod refused_rows;
pub mod reports;
pub mod results;
pub mod scoring;
pub mod sets;
pub mod settings;
pub mod start;
pub mod unit_picker;
pub mod units;

use std::path::PathBuf;

use crate::domain::{Lang, Level};
use crate::store::Store;

pub use crate::gui::background::Job;

/// What a screen may use while it updates: the open file and the year being worked on.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub year: i32,
    pub level: Level,
    pub lang: Lang,
}

/// What a view may read: the year being worked on and the language.
#[derive(Debug, Clone, Copy)]
pub struct ViewCtx {
    pub year: i32,
    pub level: Level,
    pub lang: Lang,
}

/// What a screen asks of the app after an update. One type for every screen.
pub enum Event {
    /// The document file changed: the status line says so, the backup clock counts the
    /// edit, the year list is read again.
    Saved,
    /// Something failed; the message is shown in the status line.
    Failed(String),
    /// Slow work on the document file: the workspace lends it the store in the background,
    /// shows its progress, and keeps editing off until it is done.
    Background(Job),
    /// Start screen: open this document file.
    OpenFile(PathBuf),
    /// Start screen: create a document file for `owner`, scoring units of `level`.
    CreateFile {
        path: PathBuf,
        owner: String,
        level: Level,
    },
    /// Start screen: open (first write) the demo.
    OpenDemo,
}

/// A failure shown by the screen itself and, through the returned event, in the status line.
pub fn failed(error: &mut Option<String>, message: String) -> Option<Event> {
    *error = Some(message.clone());
    Some(Event::Failed(message))
}

/// The folder a save dialog first offers: the officer's Documents, else the home folder,
/// else the temporary folder (never fails, so every screen can propose a path).
pub fn documents_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(|p| p.to_owned())
                .or_else(|| Some(d.home_dir().to_owned()))
        })
        .unwrap_or_else(std::env::temp_dir)
}
