//! The screens of the workspace, each with its own state, messages and view.

pub mod evidence;
pub mod exchange;
pub mod history;
pub mod reports;
pub mod results;
pub mod scoring;
pub mod sets;
pub mod start;
pub mod units;

use crate::domain::{Lang, Level};
use crate::store::Store;

/// What a screen may use: the open file and the year being worked on.
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

/// What a screen tells the app after an update: nothing, "the file changed" (status line,
/// backup clock, year list), or a task to run.
pub enum Event<M> {
    None,
    Saved,
    Task(iced::Task<M>),
}
