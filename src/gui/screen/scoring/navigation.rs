//! Moving the focused cell of the grid: Enter and the arrows go down and up the leaves,
//! Tab and Shift+Tab along the cells of a leaf.

use iced::Task;
use iced::widget::{Id, operation};
use uuid::Uuid;

use super::{Col, Message, State, cell_id, editable_leaf, find_leaf};
use crate::domain::LeafKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    Next,
    Previous,
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
}

/// Moves the focus from the cell (`id`, `col`) one step `nav`; the task focuses the input.
pub(super) fn move_focus(state: &mut State, id: Uuid, col: Col, nav: Nav) -> Task<Message> {
    let order = state.leaf_order();
    let Some(index) = order.iter().position(|x| *x == id) else {
        return Task::none();
    };
    let Some(sheet) = &state.sheet else {
        return Task::none();
    };
    let cols_of = |leaf_id: Uuid| -> Vec<Col> {
        let kind = find_leaf(&sheet.set.roots, leaf_id)
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
    };
    let (target, target_col) = match nav {
        Nav::Down | Nav::Up => {
            let next = if nav == Nav::Down {
                index + 1
            } else {
                index.wrapping_sub(1)
            };
            let Some(target) = order.get(next).copied() else {
                return Task::none();
            };
            let cols = cols_of(target);
            let col = if cols.contains(&col) {
                col
            } else {
                cols.first().copied().unwrap_or(col)
            };
            (target, col)
        }
        Nav::Next | Nav::Previous => {
            let cols = cols_of(id);
            let at = cols.iter().position(|c| *c == col).unwrap_or(0);
            let step = if nav == Nav::Next {
                at + 1
            } else {
                at.wrapping_sub(1)
            };
            match cols.get(step) {
                Some(c) => (id, *c),
                None => return Task::none(),
            }
        }
    };
    let Some(code) = find_leaf(&sheet.set.roots, target).map(|n| n.code.clone()) else {
        return Task::none();
    };
    state.focus = Some((target, target_col));
    operation::focus(Id::from(cell_id(&code, target_col)))
}

/// Tab with no active cell (from the picker, or after choosing a unit): the first cell of
/// the first leaf.
pub(super) fn enter_grid(state: &mut State) -> Task<Message> {
    let Some(first) = state.leaf_order().first().copied() else {
        return Task::none();
    };
    let Some(sheet) = &state.sheet else {
        return Task::none();
    };
    let Some(node) = find_leaf(&sheet.set.roots, first) else {
        return Task::none();
    };
    let col = match node.leaf.as_ref().map(|l| l.kind) {
        Some(kind) if kind.is_computed() => Col::RawA,
        _ => Col::SelfPoints,
    };
    let id = Id::from(cell_id(&node.code, col));
    state.focus = Some((first, col));
    operation::focus(id)
}
