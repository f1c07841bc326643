//! Moving between units from the keyboard: Ctrl+Page Down / Page Up to the next or previous
//! unit of the picker, Ctrl+G to type a unit's name (diacritics optional) and Enter.

use iced::Task;
use iced::widget::{Id, operation};

use super::{Message, State, edit};
use crate::domain::text;
use crate::gui::screen::unit_picker::UnitChoice;
use crate::gui::screen::{Ctx, Event};

/// The id of the Ctrl+G search field.
pub const GOTO_ID: &str = "goto-unit";

/// Opens `unit`'s sheet (reading the picker's progress again, since the unit left may have
/// changed).
pub(super) fn open(state: &mut State, ctx: &mut Ctx<'_>, unit: UnitChoice) {
    state.unit = Some(unit);
    state.undo.clear();
    state.goto = None;
    state.reload(ctx);
}

/// Ctrl+Page Down / Up: stores the cell being typed, then opens the next (or previous) unit
/// with the same cell active, so a column can be entered unit after unit.
pub(super) fn step(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    forward: bool,
) -> (Task<Message>, Option<Event>) {
    let (left, event) = leave(state, ctx);
    if !left {
        return (Task::none(), event);
    }
    let at = state
        .unit
        .as_ref()
        .and_then(|u| state.units.iter().position(|x| x == u));
    let next = match (at, forward) {
        (Some(i), true) => state.units.get(i + 1),
        (Some(i), false) => i.checked_sub(1).and_then(|i| state.units.get(i)),
        (None, _) => state.units.first(),
    };
    let Some(next) = next.cloned() else {
        return (Task::none(), event);
    };
    let focus = state.focus;
    open(state, ctx, next);
    state.focus = focus;
    (Task::none(), event)
}

/// Before another unit opens: stores the cell being typed. False when it was refused or
/// needs its reason: a refused value stays in its cell, on its unit.
fn leave(state: &mut State, ctx: &mut Ctx<'_>) -> (bool, Option<Event>) {
    let stored = match state.focus {
        Some((id, col)) => edit::commit(state, ctx, id, col),
        None => edit::Stored::Nothing,
    };
    let event = (stored == edit::Stored::Written).then_some(Event::Saved);
    let left = state.errors.is_empty() && stored != edit::Stored::NeedsReason;
    (left, event)
}

/// The units whose name or code contains `query`, folded (no diacritics, any case).
pub fn matches<'a>(units: &'a [UnitChoice], query: &str) -> Vec<&'a UnitChoice> {
    units
        .iter()
        .filter(|u| text::matches(&u.name, query) || text::matches(&u.code, query))
        .collect()
}

pub(super) fn goto(state: &mut State, query: Option<String>) -> (Task<Message>, Option<Event>) {
    let opening = state.goto.is_none() && query.is_some();
    state.goto = query;
    let task = if opening {
        operation::focus(Id::new(GOTO_ID))
    } else {
        Task::none()
    };
    (task, None)
}

/// Enter in the search: stores the cell being typed, opens the first match and enters its
/// grid at the same criterion (as Ctrl+Page Down does), or at its first cell.
pub(super) fn goto_submit(state: &mut State, ctx: &mut Ctx<'_>) -> (Task<Message>, Option<Event>) {
    let query = state.goto.clone().unwrap_or_default();
    if query.trim().is_empty() {
        return (Task::none(), None);
    }
    let Some(unit) = matches(&state.units, &query).first().map(|u| (*u).clone()) else {
        return (Task::none(), None);
    };
    let (left, event) = leave(state, ctx);
    if !left {
        state.goto = None;
        return (Task::none(), event);
    }
    let focus = state.focus;
    open(state, ctx, unit);
    state.focus = None;
    let task = match focus {
        Some((id, col)) if state.leaf_order().contains(&id) => {
            state.focus = Some((id, col));
            super::navigation::reveal(state, id, col)
        }
        _ => super::navigation::enter_grid(state),
    };
    (task, event)
}

/// The Ctrl+G search field and its first matches, while open.
pub fn view<'a>(state: &'a State, lang: crate::domain::Lang) -> Option<iced::Element<'a, Message>> {
    use crate::gui::i18n as t;
    use crate::gui::style;
    use iced::widget::{button, row, text, text_input};
    let query = state.goto.as_ref()?;
    let input = text_input(t::GOTO_HINT.get(lang), query)
        .id(Id::new(GOTO_ID))
        .on_input(|q| Message::GoTo(Some(q)))
        .on_submit(Message::GoToSubmit)
        .size(style::SMALL)
        .width(320);
    let label = text(t::GOTO_LABEL.get(lang)).size(style::SMALL);
    let mut line = row![label, input]
        .spacing(6)
        .align_y(iced::Alignment::Center);
    if !query.trim().is_empty() {
        let found = matches(&state.units, query);
        if found.is_empty() {
            line = line.push(
                text(t::GOTO_NONE.get(lang))
                    .size(style::SMALL)
                    .style(style::warning),
            );
        }
        for unit in found.into_iter().take(4) {
            line = line.push(
                button(text(unit.name.clone()).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::PickUnit(unit.clone())),
            );
        }
    }
    line = line.push(
        button(text(t::CLOSE.get(lang)).size(style::SMALL))
            .style(button::text)
            .on_press(Message::GoTo(None)),
    );
    Some(line.wrap().into())
}
