//! The scoring grid (phiếu chấm điểm): the whole tree of one unit, keyboard first, with the
//! running total, index and class always in view; and the matrix of all units × one area.
//!
//! This module holds the screen's state, messages and `update`; by concept: `edit` (storing
//! a cell, N/A, undo, the status), `paste` (a block from a spreadsheet), `navigation`
//! (moving the focused cell), `switch` (moving between units), `grid` (the view of one
//! unit's sheet), `matrix` (all units × one area).

mod edit;
mod fields;
mod grid;
mod matrix;
mod navigation;
mod paste;
mod summary;
mod switch;

use std::collections::{HashMap, HashSet};

use iced::Task;
use uuid::Uuid;

use crate::domain::scoring::points_from_raw;
use crate::domain::{Lang, LeafKind, LeafScore, Node, Points, Status, UnitScore, score_unit};
use crate::store::points_message;
use crate::store::scores::Stage;
use crate::store::sheet::Sheet;

use super::unit_picker::{UnitChoice, unit_choices_with_progress};
use super::{Ctx, Event};
use edit::Undo;

pub use grid::view;
pub use navigation::Nav;

/// A cell of the grid (points and raw figures) or a labelled field below it (the texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    SelfPoints,
    RawA,
    RawB,
    Round1,
    Final,
    /// Ghi chú / thuyết minh: the commune's note.
    Note,
    /// Lý do thẩm định: why the appraised points differ.
    Reason,
    /// Giải trình: the commune's explanation after round 1.
    Explanation,
    /// Lý do không phát sinh.
    NaReason,
}

impl Col {
    /// The grid's cells, left to right.
    const ORDER: [Col; 5] = [
        Col::RawA,
        Col::RawB,
        Col::SelfPoints,
        Col::Round1,
        Col::Final,
    ];

    /// The grid's cells, then the fields below it: the order a pending edit is looked for.
    const ALL: [Col; 9] = [
        Col::RawA,
        Col::RawB,
        Col::SelfPoints,
        Col::Round1,
        Col::Final,
        Col::Note,
        Col::Reason,
        Col::Explanation,
        Col::NaReason,
    ];

    fn stage(self) -> Option<Stage> {
        match self {
            Col::SelfPoints => Some(Stage::SelfAssessed),
            Col::Round1 => Some(Stage::Round1),
            Col::Final => Some(Stage::Final),
            _ => None,
        }
    }

    /// A cell of the grid (edited spreadsheet-style), not a text field below it.
    fn in_grid(self) -> bool {
        Col::ORDER.contains(&self)
    }

    fn key(self) -> &'static str {
        match self {
            Col::SelfPoints => "self",
            Col::RawA => "rawa",
            Col::RawB => "rawb",
            Col::Round1 => "r1",
            Col::Final => "final",
            Col::Note => "note",
            Col::Reason => "reason",
            Col::Explanation => "expl",
            Col::NaReason => "na",
        }
    }

    pub fn label(self) -> crate::gui::i18n::Tr {
        use crate::gui::i18n as t;
        match self {
            Col::SelfPoints => t::COL_SELF,
            Col::RawA | Col::RawB => t::RAW_FIGURES,
            Col::Round1 => t::COL_ROUND1,
            Col::Final => t::COL_FINAL,
            Col::Note => t::FIELD_NOTE,
            Col::Reason => t::FIELD_REASON,
            Col::Explanation => t::COL_EXPLANATION,
            Col::NaReason => t::NA_REASON,
        }
    }
}

/// The text input id of a cell, also used by tests to click into it.
pub fn cell_id(code: &str, col: Col) -> String {
    format!("cell-{code}-{}", col.key())
}

/// A key the window passes to the grid (nothing else on the screen took it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridKey {
    Move(Nav),
    /// F2: edit the active cell in place.
    Edit,
    /// Esc: abandon the edit in progress.
    Abandon,
    /// Delete: clear the active cell's stored value.
    Clear,
    /// Backspace: start an empty edit.
    Erase,
    /// Space: toggle a yes/no criterion.
    Toggle,
    /// A typed character: replaces the active cell's value.
    Type(String),
}

#[derive(Debug, Default)]
pub struct State {
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub sheet: Option<Sheet>,
    /// Computed from the stored figures and the cells being typed.
    pub score: Option<UnitScore>,
    /// Edits in progress, shown outlined until stored or abandoned.
    drafts: HashMap<(Uuid, Col), String>,
    /// Refused edits: the reason shown beside the cell, keyed by the cell.
    errors: HashMap<Uuid, (Col, String)>,
    collapsed: HashSet<String>,
    /// The active cell of the grid.
    focus: Option<(Uuid, Col)>,
    /// The active cell is being typed into (an input), not only selected.
    editing: bool,
    undo: Vec<Undo>,
    pub reopen_reason: String,
    /// A status step pressed once (gửi, hoàn thành thẩm định, công bố và khóa): it waits for
    /// confirmation, having said what it leaves behind.
    pub confirm: Option<Status>,
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
    /// A click on a cell: makes it the active one.
    Select(Uuid, Col),
    /// A double click: edit in place.
    EditInPlace(Uuid, Col),
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
    /// The answer to "lock the year?".
    ConfirmStatus(bool),
    ReopenReason(String),
    Undo,
    Matrix(Option<String>),
    /// From the keyboard, when no input took the key.
    Key(GridKey),
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
        self.refresh_picker(ctx);
        self.drafts.clear();
        self.paste = None;
        self.editing = false;
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
        self.refresh_picker(ctx);
        self.errors.clear();
        if let Some(sheet) = &mut self.sheet
            && let Err(e) = ctx.store.refresh_sheet(sheet)
        {
            self.error = Some(e.message(ctx.lang));
        }
        self.rescore(ctx.lang);
    }

    /// The picker's status and empty-criteria count follow every edit and status step (one
    /// read over the year's set).
    fn refresh_picker(&mut self, ctx: &Ctx<'_>) {
        self.units = unit_choices_with_progress(ctx);
        if let Some(open) = &self.unit
            && let Some(fresh) = self.units.iter().find(|u| *u == open)
        {
            self.unit = Some(fresh.clone());
        }
    }

    /// Recomputes the totals with the valid cells being typed, so the total follows every
    /// keystroke in the same frame (raw figures too); nothing is stored until Enter.
    fn rescore(&mut self, lang: Lang) {
        let Some(sheet) = &self.sheet else { return };
        let mut input = sheet.input.clone();
        for (id, col) in self.drafts.keys() {
            let Some(leaf) = find_leaf(&sheet.set.roots, *id).and_then(|n| n.leaf.as_ref()) else {
                continue;
            };
            let current = input.scores.get(id).cloned().unwrap_or_default();
            let score = input.scores.entry(*id).or_default();
            match col {
                Col::RawA | Col::RawB => {
                    let Ok(raw) = edit::draft_raw(&self.drafts, *id, &current, lang) else {
                        continue;
                    };
                    if let Ok(points) = points_from_raw(leaf, raw) {
                        score.raw = raw;
                        score.self_points = Some(points);
                    }
                }
                _ => {
                    let Some(stage) = col.stage() else { continue };
                    let draft = &self.drafts[&(*id, *col)];
                    let value = if draft.trim().is_empty() {
                        None
                    } else {
                        match Points::parse_within(draft, leaf.max) {
                            Ok(p) => Some(p),
                            Err(_) => continue,
                        }
                    };
                    match stage {
                        Stage::SelfAssessed => score.self_points = value,
                        Stage::Round1 => score.round1 = value,
                        Stage::Final => score.final_points = value,
                    }
                }
            }
        }
        self.score = Some(score_unit(&sheet.set, &input, lang));
    }

    /// A keystroke in a cell or a field. The first keystroke in a cell that shows its stored
    /// value replaces that value (as in a spreadsheet): the draft is what was typed, not the
    /// stored text with it appended. A points cell is checked at once.
    fn input(&mut self, id: Uuid, col: Col, value: String, lang: Lang) {
        let value = if col.in_grid() && !self.drafts.contains_key(&(id, col)) {
            let before = self.stored_text(id, col);
            typed_over(&before, &value)
        } else {
            value
        };
        if col.in_grid() {
            self.focus = Some((id, col));
            self.editing = true;
        }
        if self.errors.get(&id).is_some_and(|(c, _)| *c == col) {
            self.errors.remove(&id);
        }
        if let (Some(_), Some(sheet)) = (col.stage(), &self.sheet)
            && let Some(leaf) = find_leaf(&sheet.set.roots, id).and_then(|n| n.leaf.as_ref())
            && !value.trim().is_empty()
            && let Err(e) = Points::parse_within(&value, leaf.max)
        {
            self.errors.insert(id, (col, points_message(&e, lang)));
        }
        self.drafts.insert((id, col), value);
        self.rescore(lang);
    }

    /// What the file holds for a cell, as the grid shows it.
    fn stored_text(&self, id: Uuid, col: Col) -> String {
        stored(
            self.sheet.as_ref().and_then(|s| s.input.scores.get(&id)),
            col,
        )
    }

    /// The widget id of the active cell.
    pub fn active_cell(&self) -> Option<String> {
        let (id, col) = self.focus?;
        let node = find_leaf(&self.sheet.as_ref()?.set.roots, id)?;
        Some(cell_id(&node.code, col))
    }

    /// The cell or field that holds an edit not yet stored (or refused), to name it.
    pub fn pending_edit(&self) -> Option<(String, Col)> {
        let sheet = self.sheet.as_ref()?;
        let order = sheet.set.leaves();
        order.iter().find_map(|n| {
            Col::ALL
                .into_iter()
                .find(|c| {
                    self.drafts
                        .get(&(n.id, *c))
                        .is_some_and(|d| *d != self.stored_text(n.id, *c))
                        || self.errors.get(&n.id).is_some_and(|(e, _)| e == c)
                })
                .map(|c| (n.code.to_string(), c))
        })
    }
}

/// What a keystroke made of a cell showing `before` (the stored value) becomes `after`
/// in the input: the characters typed (the common start and end removed), so typing over
/// a filled cell replaces it wherever the cursor stood.
fn typed_over(before: &str, after: &str) -> String {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let max_suffix = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    a[prefix..a.len() - suffix].iter().collect()
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
        Col::Note => s.self_note.clone(),
        Col::Explanation => s.explanation.clone(),
        Col::Reason => {
            if s.final_points.is_some() {
                s.final_reason.clone()
            } else {
                s.round1_reason.clone()
            }
        }
        Col::NaReason => s.na.clone().unwrap_or_default(),
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
            state.editing = false;
            state.confirm = None;
            (Task::none(), None)
        }
        Message::Select(id, col) => (navigation::select(state, ctx, id, col, false), None),
        Message::EditInPlace(id, col) => (navigation::select(state, ctx, id, col, true), None),
        Message::Input(id, col, value) => {
            state.input(id, col, value, ctx.lang);
            (Task::none(), None)
        }
        Message::Commit(id, col) => edit::commit_and_move(state, ctx, id, col, Nav::Down),
        Message::Key(key) => navigation::key(state, ctx, key),
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
        Message::ConfirmStatus(yes) => match state.confirm.take() {
            Some(status) if yes => (Task::none(), edit::confirmed(state, ctx, status)),
            _ => (Task::none(), None),
        },
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

#[cfg(test)]
mod tests {
    use super::typed_over;

    #[test]
    fn a_keystroke_over_a_stored_value_is_what_was_typed() {
        assert_eq!(typed_over("11", "111"), "1");
        assert_eq!(typed_over("0,5", "0,51"), "1");
        assert_eq!(typed_over("0,5", "70,5"), "7");
        assert_eq!(typed_over("0,5", "0,"), "");
        assert_eq!(typed_over("", "3"), "3");
        assert_eq!(typed_over("12", "1"), "");
    }
}
