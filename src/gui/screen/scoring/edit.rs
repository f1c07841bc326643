//! Storing what the officer typed: one cell (Enter, Tab, a move), N/A with its reason,
//! Ctrl+Z, and the assessment's status. A pasted block is `paste`'s.

use std::collections::HashMap;

use iced::Task;
use uuid::Uuid;

use super::{Col, Message, Nav, State, find_leaf, navigation, stored};
use crate::domain::scoring::parse_figure;
use crate::domain::{Lang, LeafKind, LeafScore, Points, Raw, Status};
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, failed};
use crate::store::points_message;
use crate::store::scores::{Edit, Note, Stage};

/// What Ctrl+Z puts back: one cell, or every cell of a paste in one step.
#[derive(Debug, Clone)]
pub(super) struct Undo {
    unit: String,
    edits: Vec<(String, Edit)>,
    reason: String,
}

impl Undo {
    /// The previous values of a pasted block.
    pub(super) fn batch(unit: String, edits: Vec<(String, Edit)>) -> Undo {
        Undo {
            unit,
            edits,
            reason: String::new(),
        }
    }
}

/// What came of storing a cell or a field.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stored {
    /// Written, with its audit entry.
    Written,
    /// Nothing to store (no edit, or a ratio waiting for its second figure).
    Nothing,
    /// Refused: the reason is shown beside the cell, the edit kept.
    Refused,
    /// Appraised points that differ need their reason first.
    NeedsReason,
}

/// The raw figures of a leaf as typed (drafts) over what is stored.
pub(super) fn draft_raw(
    drafts: &HashMap<(Uuid, Col), String>,
    id: Uuid,
    current: &LeafScore,
    lang: Lang,
) -> Result<Raw, String> {
    let text = |col: Col| {
        drafts
            .get(&(id, col))
            .cloned()
            .unwrap_or_else(|| stored(Some(current), col))
    };
    let number = |s: &str| -> Result<Option<i64>, String> {
        parse_figure(s).map_err(|e| format!("\"{}\": {}", s.trim(), e.message(lang)))
    };
    Ok(Raw {
        a: number(&text(Col::RawA))?,
        b: number(&text(Col::RawB))?,
    })
}

/// Enter in a cell or a field: stores it, then (a grid cell) moves `nav`; a refused value
/// keeps the cell active with its reason; differing appraised points open the reason field.
pub(super) fn commit_and_move(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    id: Uuid,
    col: Col,
    nav: Nav,
) -> (Task<Message>, Option<Event>) {
    // A ratio's two figures are one entry: from the numerator, Enter and Tab go on to the
    // denominator without storing, so a filled pair can be changed figure by figure
    // (20 over a stored 13 is not refused before its 25 is typed).
    if col == Col::RawA && matches!(nav, Nav::Down | Nav::Next) && state.is_ratio(id) {
        state.errors.remove(&id);
        state.editing = false;
        return (navigation::move_focus(state, id, col, Nav::Next), None);
    }
    let outcome = commit(state, ctx, id, col);
    let saved = (outcome == Stored::Written).then_some(Event::Saved);
    match outcome {
        Stored::Written | Stored::Nothing => {
            if col.in_grid() {
                state.editing = false;
                (navigation::move_focus(state, id, col, nav), saved)
            } else if col == Col::Reason && outcome == Stored::Written {
                // The reason went with the appraised points: on to the next row.
                let points = state
                    .focus
                    .filter(|(f, _)| *f == id)
                    .map(|(_, c)| c)
                    .unwrap_or(Col::Round1);
                state.editing = false;
                // The keyboard goes back to the grid, not left in the reason field.
                let moved = navigation::move_focus(state, id, points, nav);
                (Task::batch([navigation::leave_fields(), moved]), saved)
            } else if outcome == Stored::Written {
                // A note stored with Enter: the grid's keys work again at once.
                (navigation::leave_fields(), saved)
            } else {
                (Task::none(), saved)
            }
        }
        Stored::Refused => {
            if col.in_grid() {
                state.focus = Some((id, col));
                state.editing = true;
            }
            (navigation::focus_field(state, id, col), None)
        }
        Stored::NeedsReason => (navigation::focus_field(state, id, Col::Reason), None),
    }
}

/// Stores one cell or field.
pub(super) fn commit(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid, col: Col) -> Stored {
    let pair_typed = matches!(col, Col::RawA | Col::RawB)
        && [Col::RawA, Col::RawB]
            .iter()
            .any(|c| state.drafts.contains_key(&(id, *c)));
    let draft = match state.drafts.get(&(id, col)) {
        Some(draft) => draft.clone(),
        // The denominator left untouched after a new numerator: the pair is stored.
        None if pair_typed => String::new(),
        None => return Stored::Nothing,
    };
    let Some(sheet) = &state.sheet else {
        return Stored::Nothing;
    };
    let Some(node) = find_leaf(&sheet.set.roots, id) else {
        return Stored::Nothing;
    };
    let Some(leaf) = &node.leaf else {
        return Stored::Nothing;
    };
    let code = node.code.to_string();
    let current = sheet.input.scores.get(&id).cloned().unwrap_or_default();
    let lang = ctx.lang;
    let points = |draft: &str| -> Result<Option<Points>, String> {
        if draft.trim().is_empty() {
            Ok(None)
        } else {
            Points::parse_within(draft, leaf.max)
                .map(Some)
                .map_err(|e| points_message(&e, lang))
        }
    };
    let old_points = |stage: Stage| match stage {
        Stage::SelfAssessed => current.self_points,
        Stage::Round1 => current.round1,
        Stage::Final => current.final_points,
    };
    let old_reason = |stage: Stage| match stage {
        Stage::Round1 => current.round1_reason.clone(),
        Stage::Final => current.final_reason.clone(),
        Stage::SelfAssessed => String::new(),
    };

    // (the cell whose edit this is, the edit, what undo puts back, the reason)
    let parsed: Result<(Vec<Col>, Edit, Edit, String), String> = match col {
        Col::SelfPoints | Col::Round1 | Col::Final => {
            let stage = col.stage().unwrap_or(Stage::SelfAssessed);
            // Appraised points keep the reason stored with them unless a new one is typed.
            let reason = match state.drafts.get(&(id, Col::Reason)) {
                Some(r) if stage != Stage::SelfAssessed => r.clone(),
                _ => old_reason(stage),
            };
            points(&draft).map(|v| {
                (
                    vec![col, Col::Reason],
                    Edit::Points(stage, v),
                    Edit::Points(stage, old_points(stage)),
                    reason,
                )
            })
        }
        Col::RawA | Col::RawB => match draft_raw(&state.drafts, id, &current, lang) {
            Ok(raw) => {
                let needs_b = leaf.kind == LeafKind::RatioBands;
                if raw.a.is_none() || (needs_b && raw.b.is_none()) {
                    // Wait for both figures before computing points.
                    return Stored::Nothing;
                }
                let raw = Raw {
                    a: raw.a,
                    b: if needs_b { raw.b } else { None },
                };
                Ok((
                    vec![Col::RawA, Col::RawB],
                    Edit::Raw(raw),
                    Edit::Raw(current.raw),
                    String::new(),
                ))
            }
            Err(e) => Err(e),
        },
        Col::Note => Ok((
            vec![col],
            Edit::Note(Note::SelfNote, draft.clone()),
            Edit::Note(Note::SelfNote, current.self_note.clone()),
            String::new(),
        )),
        Col::Explanation => Ok((
            vec![col],
            Edit::Note(Note::Explanation, draft.clone()),
            Edit::Note(Note::Explanation, current.explanation.clone()),
            String::new(),
        )),
        Col::NaReason => {
            let na = (!draft.trim().is_empty()).then(|| draft.clone());
            if na.is_none() && current.na.is_none() {
                state.drafts.remove(&(id, col));
                return Stored::Nothing;
            }
            Ok((
                vec![col],
                Edit::Na(na),
                Edit::Na(current.na.clone()),
                String::new(),
            ))
        }
        Col::Reason => {
            // The appraiser's reason goes with the appraised points it explains: the ones
            // being typed, else the stored ones; never into the commune's note.
            let typed = [Col::Final, Col::Round1]
                .into_iter()
                .find(|c| state.drafts.contains_key(&(id, *c)));
            let stage_col = typed.or(if current.final_points.is_some() {
                Some(Col::Final)
            } else if current.round1.is_some() {
                Some(Col::Round1)
            } else {
                None
            });
            match stage_col {
                None => Err(t::REASON_WITHOUT_POINTS.get(lang).to_owned()),
                Some(pc) => {
                    let stage = pc.stage().unwrap_or(Stage::Round1);
                    let value = match state.drafts.get(&(id, pc)) {
                        Some(d) => points(d),
                        None => Ok(old_points(stage)),
                    };
                    value.map(|v| {
                        (
                            vec![pc, Col::Reason],
                            Edit::Points(stage, v),
                            Edit::Points(stage, old_points(stage)),
                            draft.clone(),
                        )
                    })
                }
            }
        }
    };
    let (cells, edit, previous, reason) = match parsed {
        Ok(parts) => parts,
        Err(message) => {
            state.errors.insert(id, (col, message));
            return Stored::Refused;
        }
    };
    // Undoing appraised points puts back the reason they had (none, for a first entry),
    // not the reason typed with the points being undone.
    let undo_reason = match &previous {
        Edit::Points(stage, _) => old_reason(*stage),
        _ => String::new(),
    };
    match ctx
        .store
        .edit_score(&sheet.assessment, &sheet.set, &code, edit, &reason)
    {
        Ok(()) => {
            if let Some(unit) = &state.unit {
                state.undo.push(Undo {
                    unit: unit.code.clone(),
                    edits: vec![(code, previous)],
                    reason: undo_reason,
                });
            }
            for c in cells {
                state.drafts.remove(&(id, c));
            }
            state.refresh_rows(ctx);
            Stored::Written
        }
        Err(crate::store::StoreError::ReasonRequired(_)) if col.stage().is_some() => {
            state
                .errors
                .insert(id, (col, t::REASON_NEEDED.get(lang).to_owned()));
            Stored::NeedsReason
        }
        Err(e) => {
            state.errors.insert(id, (col, e.message(lang)));
            Stored::Refused
        }
    }
}

/// Delete on a selected cell: its stored value cleared, audited like any edit.
pub(super) fn clear(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid, col: Col) -> Option<Event> {
    state.drafts.insert((id, col), String::new());
    if matches!(col, Col::RawA | Col::RawB) {
        state.drafts.insert((id, Col::RawA), String::new());
        state.drafts.insert((id, Col::RawB), String::new());
    }
    match commit(state, ctx, id, col) {
        Stored::Written => Some(Event::Saved),
        Stored::Nothing => {
            state.drafts.remove(&(id, col));
            None
        }
        Stored::Refused | Stored::NeedsReason => {
            // The stored value stays on screen; the refusal beside it says why.
            state.drafts.remove(&(id, Col::RawA));
            state.drafts.remove(&(id, Col::RawB));
            state.drafts.remove(&(id, col));
            None
        }
    }
}

pub(super) fn toggle_na(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid) -> Option<Event> {
    let sheet = state.sheet.as_ref()?;
    let node = find_leaf(&sheet.set.roots, id)?;
    let current = sheet.input.scores.get(&id).and_then(|s| s.na.clone());
    let edit = match current {
        Some(_) => Edit::Na(None),
        None => {
            let reason = state
                .drafts
                .get(&(id, Col::NaReason))
                .cloned()
                .unwrap_or_default();
            if reason.trim().is_empty() {
                state.errors.insert(
                    id,
                    (Col::NaReason, t::NA_REASON_FIRST.get(ctx.lang).to_owned()),
                );
                return None;
            }
            Edit::Na(Some(reason))
        }
    };
    match ctx
        .store
        .edit_score(&sheet.assessment, &sheet.set, &node.code, edit, "")
    {
        Ok(()) => {
            state.drafts.clear();
            state.refresh_rows(ctx);
            Some(Event::Saved)
        }
        Err(e) => {
            state
                .errors
                .insert(id, (Col::NaReason, e.message(ctx.lang)));
            None
        }
    }
}

pub(super) fn undo(state: &mut State, ctx: &mut Ctx<'_>) -> Option<Event> {
    let last = state.undo.pop()?;
    if state.unit.as_ref().map(|u| &u.code) != Some(&last.unit) {
        state.undo.clear();
        return None;
    }
    let sheet = state.sheet.as_ref()?;
    match ctx
        .store
        .edit_scores(&sheet.assessment, &sheet.set, last.edits, &last.reason)
    {
        Ok(()) => {
            state.drafts.clear();
            state.refresh_rows(ctx);
            Some(Event::Saved)
        }
        Err(e) => failed(&mut state.error, e.message(ctx.lang)),
    }
}

/// A step forward (submit, appraise, finalise) asks first; a step back (reopening, with the
/// reason typed) is done at once. Refused while an edit is not stored, naming the cell.
pub(super) fn set_status(state: &mut State, ctx: &mut Ctx<'_>, status: Status) -> Option<Event> {
    if let Some((code, col)) = state.pending_edit() {
        state.error = Some(format!(
            "{} {code} ({}): {}",
            t::UNSAVED_CELL.get(ctx.lang),
            col.label().get(ctx.lang),
            t::UNSAVED_HOW.get(ctx.lang)
        ));
        return None;
    }
    let forward = state
        .sheet
        .as_ref()
        .is_some_and(|s| s.assessment.status.next() == Some(status));
    if forward {
        state.confirm = Some(status);
        return None;
    }
    write_status(state, ctx, status)
}

/// A step forward, confirmed (an edit typed meanwhile still holds it).
pub(super) fn confirmed(state: &mut State, ctx: &mut Ctx<'_>, status: Status) -> Option<Event> {
    if state.pending_edit().is_some() {
        return set_status(state, ctx, status);
    }
    write_status(state, ctx, status)
}

fn write_status(state: &mut State, ctx: &mut Ctx<'_>, status: Status) -> Option<Event> {
    let sheet = state.sheet.as_ref()?;
    let reason = state.reopen_reason.clone();
    match ctx.store.set_status(&sheet.assessment, status, &reason) {
        Ok(()) => {
            state.reopen_reason.clear();
            state.error = None;
            state.reload(ctx);
            Some(Event::Saved)
        }
        Err(e) => failed(&mut state.error, e.message(ctx.lang)),
    }
}
