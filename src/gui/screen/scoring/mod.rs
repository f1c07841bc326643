//! The scoring grid (phiếu chấm điểm): the whole tree of one unit, keyboard first, with the
//! running total, index and class always in view; and the matrix of all units × one area.
//!
//! This module holds the screen's state, messages and `update`; by concept: `edit` (storing
//! a cell, N/A, undo, the status), `paste` (a block from a spreadsheet), `navigation`
//! (moving the focused cell), `switch` (moving between units), `grid` (the view of one
//! unit's sheet), `matrix` (all units × one area).

mod edit;
mod grid;
mod matrix;
mod navigation;
mod paste;
mod switch;

use std::collections::{HashMap, HashSet};

use iced::Task;
use uuid::Uuid;

use crate::domain::{Lang, LeafKind, LeafScore, Node, Points, Status, UnitScore, score_unit};
use crate::store::points_message;
use crate::store::scores::Stage;
use crate::store::sheet::Sheet;

use super::unit_picker::{UnitChoice, unit_choices_with_progress};
use super::{Ctx, Event};
use edit::Undo;

pub use grid::view;
pub use navigation::Nav;

/// An editable column of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    SelfPoints,
    RawA,
    RawB,
    Round1,
    Explanation,
    Final,
    Reason,
}

impl Col {
    const ORDER: [Col; 7] = [
        Col::RawA,
        Col::RawB,
        Col::SelfPoints,
        Col::Round1,
        Col::Explanation,
        Col::Final,
        Col::Reason,
    ];

    fn stage(self) -> Option<Stage> {
        match self {
            Col::SelfPoints => Some(Stage::SelfAssessed),
            Col::Round1 => Some(Stage::Round1),
            Col::Final => Some(Stage::Final),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Col::SelfPoints => "self",
            Col::RawA => "rawa",
            Col::RawB => "rawb",
            Col::Round1 => "r1",
            Col::Explanation => "expl",
            Col::Final => "final",
            Col::Reason => "reason",
        }
    }
}

/// The text input id of a cell, also used by tests to click into it.
pub fn cell_id(code: &str, col: Col) -> String {
    format!("cell-{code}-{}", col.key())
}

#[derive(Debug, Default)]
pub struct State {
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub sheet: Option<Sheet>,
    /// Computed from the stored figures and the cells being typed.
    pub score: Option<UnitScore>,
    drafts: HashMap<(Uuid, Col), String>,
    errors: HashMap<Uuid, String>,
    collapsed: HashSet<String>,
    focus: Option<(Uuid, Col)>,
    undo: Vec<Undo>,
    pub reopen_reason: String,
    /// `Some(area code)` shows the matrix of all units for that area.
    pub matrix: Option<String>,
    matrix_rows: Vec<(String, Vec<Option<Points>>, Option<Points>)>,
    pub error: Option<String>,
    /// A pasted block with refused rows, waiting for the officer to store the rest or cancel.
    pub paste: Option<paste::Pending>,
    /// Ctrl+G: the unit name being typed, without diacritics if the officer likes.
    pub goto: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    PickUnit(UnitChoice),
    Input(Uuid, Col, String),
    Commit(Uuid, Col),
    /// Ctrl+V in a cell: the window reads the clipboard itself (the cell's own paste loses
    /// line breaks and tabs).
    PasteKey(Uuid, Col),
    /// Ctrl+V outside a cell: pastes at the active cell, if any.
    PasteAtFocus,
    /// The clipboard's text, for the cell where Ctrl+V was pressed.
    Pasted(Uuid, Col, Option<String>),
    /// Store the accepted rows of a paste that had refused rows.
    PasteConfirm,
    PasteCancel,
    /// Ctrl+Page Down (`true`) / Ctrl+Page Up: the next or previous unit.
    StepUnit(bool),
    /// Ctrl+G opens (`Some("")`) the unit search; `None` closes it.
    GoTo(Option<String>),
    /// Enter in the unit search: the first unit that matches.
    GoToSubmit,
    ToggleNa(Uuid),
    ToggleArea(String),
    SetStatus(Status),
    ReopenReason(String),
    Undo,
    Matrix(Option<String>),
    /// From the keyboard: move the focused cell.
    Move(Nav),
}

impl State {
    /// Reloads the unit list (after a year change) and the open sheet.
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.units = unit_choices_with_progress(ctx);
        if self.unit.as_ref().is_some_and(|u| !self.units.contains(u)) {
            self.unit = None;
        }
        if self.unit.is_none() {
            self.unit = self.units.first().cloned();
        }
        self.reload(ctx);
        if let Some(area) = self.matrix.clone() {
            self.load_matrix(ctx, &area);
        }
    }

    fn reload(&mut self, ctx: &Ctx<'_>) {
        self.drafts.clear();
        self.paste = None;
        self.errors.clear();
        self.sheet = None;
        self.score = None;
        let Some(unit) = &self.unit else { return };
        match ctx.store.sheet(ctx.year, ctx.level, &unit.code) {
            Ok(sheet) => {
                self.sheet = Some(sheet);
                self.error = None;
                self.rescore(ctx.lang);
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
    }

    /// After an edit of the open unit: re-reads its own rows only (not the index set, not the
    /// other units' scores), keeping what is being typed elsewhere to the caller.
    fn refresh_rows(&mut self, ctx: &Ctx<'_>) {
        self.errors.clear();
        if let Some(sheet) = &mut self.sheet
            && let Err(e) = ctx.store.refresh_sheet(sheet)
        {
            self.error = Some(e.message(ctx.lang));
        }
        self.rescore(ctx.lang);
    }

    /// Recomputes the totals with the valid cells being typed, so the total follows every
    /// keystroke in the same frame; nothing is stored until Enter, Tab or a move.
    fn rescore(&mut self, lang: Lang) {
        let Some(sheet) = &self.sheet else { return };
        let mut input = sheet.input.clone();
        for ((id, col), draft) in &self.drafts {
            let Some(stage) = col.stage() else { continue };
            let Some(node) = find_leaf(&sheet.set.roots, *id) else {
                continue;
            };
            let Some(leaf) = &node.leaf else { continue };
            let value = if draft.trim().is_empty() {
                None
            } else {
                match Points::parse_within(draft, leaf.max) {
                    Ok(p) => Some(p),
                    Err(_) => continue,
                }
            };
            let score = input.scores.entry(*id).or_default();
            match stage {
                Stage::SelfAssessed => score.self_points = value,
                Stage::Round1 => score.round1 = value,
                Stage::Final => score.final_points = value,
            }
        }
        self.score = Some(score_unit(&sheet.set, &input, lang));
    }

    /// A keystroke in a cell: kept as a draft, a points cell checked at once (out of range
    /// or malformed is refused inline), the totals recomputed.
    fn input(&mut self, id: Uuid, col: Col, value: String, lang: Lang) {
        self.focus = Some((id, col));
        self.errors.remove(&id);
        if let (Some(_), Some(sheet)) = (col.stage(), &self.sheet)
            && let Some(leaf) = find_leaf(&sheet.set.roots, id).and_then(|n| n.leaf.as_ref())
            && !value.trim().is_empty()
            && let Err(e) = Points::parse_within(&value, leaf.max)
        {
            self.errors.insert(id, points_message(&e, lang));
        }
        self.drafts.insert((id, col), value);
        self.rescore(lang);
    }
}

fn editable_leaf(node: &Node) -> bool {
    node.leaf
        .as_ref()
        .is_some_and(|l| l.kind != LeafKind::Survey)
}

fn find_leaf(nodes: &[Node], id: Uuid) -> Option<&Node> {
    nodes.iter().find_map(|n| {
        if n.id == id {
            Some(n)
        } else {
            find_leaf(&n.children, id)
        }
    })
}

fn stored(score: Option<&LeafScore>, col: Col) -> String {
    let Some(s) = score else { return String::new() };
    let p = |v: Option<Points>| v.map(Points::to_vi).unwrap_or_default();
    match col {
        Col::SelfPoints => p(s.self_points),
        Col::Round1 => p(s.round1),
        Col::Final => p(s.final_points),
        Col::RawA => s.raw.a.map(|a| a.to_string()).unwrap_or_default(),
        Col::RawB => s.raw.b.map(|b| b.to_string()).unwrap_or_default(),
        Col::Explanation => s.explanation.clone(),
        Col::Reason => {
            if !s.final_reason.is_empty() {
                s.final_reason.clone()
            } else if !s.round1_reason.is_empty() {
                s.round1_reason.clone()
            } else {
                s.na.clone().unwrap_or_else(|| s.self_note.clone())
            }
        }
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    match message {
        Message::PickUnit(unit) => {
            switch::open(state, ctx, unit);
            // Tab from the picker enters the grid at its first cell.
            state.focus = None;
            (Task::none(), None)
        }
        Message::Input(id, col, value) => {
            state.input(id, col, value, ctx.lang);
            (Task::none(), None)
        }
        Message::Commit(id, col) => {
            let saved = edit::commit(state, ctx, id, col);
            let task = navigation::move_focus(state, id, col, Nav::Down);
            (task, saved.then_some(Event::Saved))
        }
        Message::Move(nav) => {
            let Some((id, col)) = state.focus else {
                return (navigation::enter_grid(state), None);
            };
            let saved = edit::commit(state, ctx, id, col);
            let task = navigation::move_focus(state, id, col, nav);
            (task, saved.then_some(Event::Saved))
        }
        Message::PasteKey(id, col) => {
            state.focus = Some((id, col));
            let read = iced::clipboard::read().map(move |text| Message::Pasted(id, col, text));
            (read, None)
        }
        Message::PasteAtFocus => match state.focus {
            Some((id, col)) => update(state, Message::PasteKey(id, col), ctx),
            None => (Task::none(), None),
        },
        Message::Pasted(id, col, text) => {
            let text = text.unwrap_or_default();
            match paste::plan(state, id, col, &text, ctx.lang) {
                // One plain value replaces what the cell shows, as typing would.
                None => {
                    state.input(id, col, text.trim().to_owned(), ctx.lang);
                    (Task::none(), None)
                }
                Some(pending) if pending.refused.is_empty() => {
                    (Task::none(), paste::store(state, ctx, pending))
                }
                Some(pending) => {
                    state.paste = Some(pending);
                    (Task::none(), None)
                }
            }
        }
        Message::PasteConfirm => match state.paste.take() {
            Some(pending) => (Task::none(), paste::store(state, ctx, pending)),
            None => (Task::none(), None),
        },
        Message::PasteCancel => {
            state.paste = None;
            (Task::none(), None)
        }
        Message::StepUnit(forward) => switch::step(state, ctx, forward),
        Message::GoTo(query) => switch::goto(state, query),
        Message::GoToSubmit => switch::goto_submit(state, ctx),
        Message::ToggleNa(id) => (Task::none(), edit::toggle_na(state, ctx, id)),
        Message::ToggleArea(code) => {
            if !state.collapsed.remove(&code) {
                state.collapsed.insert(code);
            }
            (Task::none(), None)
        }
        Message::SetStatus(status) => (Task::none(), edit::set_status(state, ctx, status)),
        Message::ReopenReason(reason) => {
            state.reopen_reason = reason;
            (Task::none(), None)
        }
        Message::Undo => (Task::none(), edit::undo(state, ctx)),
        Message::Matrix(area) => {
            if let Some(code) = &area {
                state.load_matrix(ctx, code);
            }
            state.matrix = area;
            (Task::none(), None)
        }
    }
}
