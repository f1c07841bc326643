//! The active cell of the grid: moving it (Enter, Tab, arrows, Page Up/Down, Home/End),
//! the keys a spreadsheet has (typing replaces, F2 edits, Esc abandons, Delete clears,
//! Space toggles yes/no), and keeping it in view.

use iced::advanced::widget::Id;
use iced::advanced::widget::operation::{Operation, Outcome, scrollable as scroll_op};
use iced::widget::operation;
use iced::{Rectangle, Task, Vector};
use uuid::Uuid;

use super::edit::{self, Stored};
use super::{Col, GridKey, Message, State, cell_id, editable_leaf, find_leaf};
use crate::domain::LeafKind;
use crate::gui::screen::{Ctx, Event};

/// The id of the grid's rows (the scrollable that follows the active cell).
pub const ROWS_ID: &str = "grid-rows";

/// Leaves skipped by Page Up / Page Down.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    Next,
    Previous,
    PageUp,
    PageDown,
    /// The first leaf (same column).
    Home,
    /// The last leaf (same column).
    End,
}

impl State {
    /// The editable leaves, in the order of the grid.
    pub(super) fn leaf_order(&self) -> Vec<Uuid> {
        self.sheet
            .as_ref()
            .map(|s| {
                s.set
                    .leaves()
                    .into_iter()
                    .filter(|n| editable_leaf(n))
                    .map(|n| n.id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The cells of a leaf in the grid, left to right.
    fn cols_of(&self, id: Uuid) -> Vec<Col> {
        let kind = self
            .sheet
            .as_ref()
            .and_then(|s| find_leaf(&s.set.roots, id))
            .and_then(|n| n.leaf.as_ref())
            .map(|l| l.kind);
        Col::ORDER
            .into_iter()
            .filter(|c| match (c, kind) {
                (Col::RawA, Some(k)) => k.is_computed(),
                (Col::RawB, Some(k)) => k == LeafKind::RatioBands,
                (Col::SelfPoints, Some(k)) => !k.is_computed(),
                _ => true,
            })
            .collect()
    }

    fn locked(&self) -> bool {
        self.sheet.as_ref().is_none_or(|s| s.assessment.locked)
    }

    /// The unit has sent its self-assessment: its own columns are read only, the
    /// appraiser's are where typing goes.
    pub(super) fn sent(&self) -> bool {
        self.sheet
            .as_ref()
            .is_some_and(|s| s.assessment.status >= crate::domain::Status::Submitted)
    }

    /// A cell that takes no typing: everything when locked, the unit's own once sent.
    pub(super) fn read_only(&self, col: Col) -> bool {
        self.locked() || (self.sent() && matches!(col, Col::SelfPoints | Col::RawA | Col::RawB))
    }

    /// The first cell of a row: the appraisal once the unit has sent.
    fn first_col(&self, id: Uuid) -> Col {
        let cols = self.cols_of(id);
        if self.sent() && cols.contains(&Col::Round1) {
            return Col::Round1;
        }
        cols.first().copied().unwrap_or(Col::SelfPoints)
    }

    /// A leaf scored from a numerator and a denominator.
    pub(super) fn is_ratio(&self, id: Uuid) -> bool {
        self.sheet
            .as_ref()
            .and_then(|s| find_leaf(&s.set.roots, id))
            .and_then(|n| n.leaf.as_ref())
            .is_some_and(|l| l.kind == LeafKind::RatioBands)
    }

    /// The active cell holds an edit not stored, or a refused one (for a ratio's
    /// denominator, also a numerator typed before it).
    fn holds_edit(&self) -> bool {
        self.focus.is_some_and(|(id, col)| {
            self.drafts.contains_key(&(id, col))
                || (col == Col::RawB && self.drafts.contains_key(&(id, Col::RawA)))
                || self.errors.get(&id).is_some_and(|(c, _)| *c == col)
        })
    }
}

/// A click (or a double click, `edit`) on a cell. An edit in progress elsewhere is stored
/// first; if it is refused, the active cell stays where it is.
pub(super) fn select(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    id: Uuid,
    col: Col,
    edit: bool,
) -> Task<Message> {
    if let Some((at, at_col)) = state.focus
        && (at, at_col) != (id, col)
        && state.holds_edit()
    {
        match edit::commit(state, ctx, at, at_col) {
            Stored::Written | Stored::Nothing => {}
            Stored::Refused => return focus_field(state, at, at_col),
            Stored::NeedsReason => return focus_field(state, at, Col::Reason),
        }
    }
    state.focus = Some((id, col));
    state.editing = edit && !state.read_only(col);
    if state.editing {
        let stored = state.stored_text(id, col);
        state.drafts.entry((id, col)).or_insert(stored);
        return focus_field(state, id, col);
    }
    Task::none()
}

/// A key no input took, while the grid is shown.
pub(super) fn key(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    key: GridKey,
) -> (Task<Message>, Option<Event>) {
    if state.matrix.is_some() || state.sheet.is_none() {
        return (Task::none(), None);
    }
    let Some((id, col)) = state.focus else {
        // Nothing active yet: the first key activates the first cell.
        let Some(first) = state.leaf_order().first().copied() else {
            return (Task::none(), None);
        };
        let col = state.first_col(first);
        state.focus = Some((first, col));
        return (reveal(state, first, col), None);
    };
    if let GridKey::Move(nav) = key {
        if state.holds_edit() {
            return edit::commit_and_move(state, ctx, id, col, nav);
        }
        return (move_focus(state, id, col, nav), None);
    }
    if key == GridKey::Abandon {
        abandon(state, id, col, ctx.lang);
        return (Task::none(), None);
    }
    if state.read_only(col) {
        if !state.locked() && matches!(key, GridKey::Type(_) | GridKey::Edit | GridKey::Clear) {
            // Say why typing does nothing here, and where it goes.
            state.error = Some(sent_message(state, ctx.lang));
        }
        return (Task::none(), None);
    }
    match key {
        GridKey::Edit => {
            let stored = state.stored_text(id, col);
            state.drafts.entry((id, col)).or_insert(stored);
            state.editing = true;
            (focus_field(state, id, col), None)
        }
        GridKey::Clear if !state.editing => (Task::none(), edit::clear(state, ctx, id, col)),
        GridKey::Erase if !state.editing => {
            state.drafts.insert((id, col), String::new());
            state.input(id, col, String::new(), ctx.lang);
            (focus_field(state, id, col), None)
        }
        GridKey::Toggle if !state.editing && is_yes_no(state, id) => {
            let now = state.stored_text(id, Col::RawA);
            let flipped = if now == "1" { "0" } else { "1" };
            state.drafts.insert((id, Col::RawA), flipped.to_owned());
            let saved = edit::commit(state, ctx, id, Col::RawA) == Stored::Written;
            (Task::none(), saved.then_some(Event::Saved))
        }
        GridKey::Type(typed) => {
            // A character that reached the grid, not an input: the start of an edit that
            // replaces the cell (or, if the input lost its focus, the rest of it).
            let draft = if state.editing {
                state.drafts.get(&(id, col)).cloned().unwrap_or_default() + &typed
            } else {
                typed
            };
            state.drafts.insert((id, col), String::new());
            state.input(id, col, draft, ctx.lang);
            (focus_field(state, id, col), None)
        }
        _ => (Task::none(), None),
    }
}

fn is_yes_no(state: &State, id: Uuid) -> bool {
    state
        .sheet
        .as_ref()
        .and_then(|s| find_leaf(&s.set.roots, id))
        .and_then(|n| n.leaf.as_ref())
        .is_some_and(|l| l.kind == LeafKind::YesNo)
}

/// Esc: the active cell shows its stored value again; a reason typed for it goes too.
fn abandon(state: &mut State, id: Uuid, col: Col, lang: crate::domain::Lang) {
    state.drafts.remove(&(id, col));
    if matches!(col, Col::RawA | Col::RawB) {
        state.drafts.remove(&(id, Col::RawA));
        state.drafts.remove(&(id, Col::RawB));
    }
    if col.stage().is_some() {
        state.drafts.remove(&(id, Col::Reason));
    }
    state.errors.remove(&id);
    state.editing = false;
    state.confirm = None;
    state.rescore(lang);
}

/// Moves the active cell from (`id`, `col`) one step `nav` and scrolls it into view.
pub(super) fn move_focus(state: &mut State, id: Uuid, col: Col, nav: Nav) -> Task<Message> {
    let order = state.leaf_order();
    let Some(index) = order.iter().position(|x| *x == id) else {
        return Task::none();
    };
    let last = order.len().saturating_sub(1);
    let vertical = match nav {
        Nav::Down => Some(index + 1),
        Nav::Up => index.checked_sub(1),
        Nav::PageDown => Some((index + PAGE).min(last)),
        Nav::PageUp => Some(index.saturating_sub(PAGE)),
        Nav::Home => Some(0),
        Nav::End => Some(last),
        Nav::Next | Nav::Previous => None,
    };
    let (target, target_col) = match nav {
        Nav::Next | Nav::Previous => {
            let cols = state.cols_of(id);
            let at = cols.iter().position(|c| *c == col).unwrap_or(0);
            let step = if nav == Nav::Next {
                Some(at + 1)
            } else {
                at.checked_sub(1)
            };
            match step.and_then(|s| cols.get(s)) {
                Some(c) => (id, *c),
                None => return reveal(state, id, col),
            }
        }
        _ => {
            let Some(target) = vertical.and_then(|v| order.get(v)).copied() else {
                return reveal(state, id, col);
            };
            let cols = state.cols_of(target);
            let col = if cols.contains(&col) {
                col
            } else {
                cols.first().copied().unwrap_or(col)
            };
            (target, col)
        }
    };
    state.focus = Some((target, target_col));
    state.editing = false;
    reveal(state, target, target_col)
}

/// Puts the keyboard in a cell's input or a field (with the cursor at its end).
/// Takes the keyboard from the text field that has it, so the keys reach the grid again.
pub(super) fn leave_fields() -> Task<Message> {
    iced_runtime::task::effect(iced_runtime::Action::widget(
        iced::advanced::widget::operation::focusable::unfocus(),
    ))
}

pub(super) fn focus_field(state: &State, id: Uuid, col: Col) -> Task<Message> {
    let Some(code) = code_of(state, id) else {
        return Task::none();
    };
    let input = Id::from(cell_id(&code, col));
    Task::batch([
        operation::focus(input.clone()),
        operation::move_cursor_to_end(input),
        reveal(state, id, col),
    ])
}

fn code_of(state: &State, id: Uuid) -> Option<String> {
    let sheet = state.sheet.as_ref()?;
    find_leaf(&sheet.set.roots, id).map(|n| n.code.to_string())
}

/// Scrolls the grid's rows so that the cell is inside the visible area.
pub(super) fn reveal(state: &State, id: Uuid, col: Col) -> Task<Message> {
    let Some(code) = code_of(state, id) else {
        return Task::none();
    };
    iced_runtime::task::effect(iced_runtime::Action::widget(Reveal {
        rows: Id::new(ROWS_ID),
        target: Id::from(cell_id(&code, col)),
        rows_seen: None,
        target_bounds: None,
    }))
}

/// Room kept above and below the active cell when scrolling to it.
const MARGIN: f32 = 24.0;

/// Finds the rows' scrollable and the cell in one pass, then scrolls in a second.
struct Reveal {
    rows: Id,
    target: Id,
    /// The rows' bounds, content bounds and current offset.
    rows_seen: Option<(Rectangle, Rectangle, Vector)>,
    target_bounds: Option<Rectangle>,
}

impl Reveal {
    fn see(&mut self, id: Option<&Id>, bounds: Rectangle) {
        if id == Some(&self.target) && self.target_bounds.is_none() {
            self.target_bounds = Some(bounds);
        }
    }
}

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn container(&mut self, id: Option<&Id>, bounds: Rectangle) {
        self.see(id, bounds);
    }

    fn text_input(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        _state: &mut dyn iced::advanced::widget::operation::TextInput,
    ) {
        self.see(id, bounds);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        _state: &mut dyn iced::advanced::widget::operation::Scrollable,
    ) {
        if id == Some(&self.rows) {
            self.rows_seen = Some((bounds, content_bounds, translation));
        }
    }

    fn finish(&self) -> Outcome<()> {
        let (Some((bounds, content, translation)), Some(cell)) =
            (self.rows_seen, self.target_bounds)
        else {
            return Outcome::None;
        };
        let top = cell.y - content.y;
        let bottom = top + cell.height;
        let y = if top < translation.y + MARGIN {
            top - MARGIN
        } else if bottom > translation.y + bounds.height - MARGIN {
            bottom - bounds.height + MARGIN
        } else {
            return Outcome::None;
        };
        Outcome::Chain(Box::new(scroll_op::scroll_to(
            self.rows.clone(),
            scroll_op::AbsoluteOffset {
                x: None,
                y: Some(y.max(0.0)),
            },
        )))
    }
}

/// Tab with no active cell (from the picker, or after choosing a unit): the first cell of
/// the first leaf.
pub(super) fn enter_grid(state: &mut State) -> Task<Message> {
    let Some(first) = state.leaf_order().first().copied() else {
        return Task::none();
    };
    let Some(code) = code_of(state, first) else {
        return Task::none();
    };
    let col = state.first_col(first);
    let id = Id::from(cell_id(&code, col));
    state.focus = Some((first, col));
    operation::focus(id)
}

/// Why the unit's own cells take no typing once it has sent them (the store's words).
fn sent_message(state: &State, lang: crate::domain::Lang) -> String {
    let unit = state
        .unit
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    crate::store::StoreError::SelfAssessmentSent { unit }.message(lang)
}
