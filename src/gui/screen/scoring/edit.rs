//! Storing what the officer typed: one cell (Enter, Tab, a move), N/A with its reason,
//! Ctrl+Z, and the assessment's status. A pasted block is `paste`'s.

use uuid::Uuid;

use super::{Col, State, find_leaf, stored};
use crate::domain::{LeafKind, Points, Raw, Status};
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

/// Stores one cell. Returns whether something was written.
pub(super) fn commit(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid, col: Col) -> bool {
    let Some(draft) = state.drafts.get(&(id, col)).cloned() else {
        return false;
    };
    let Some(sheet) = &state.sheet else {
        return false;
    };
    let Some(node) = find_leaf(&sheet.set.roots, id) else {
        return false;
    };
    let Some(leaf) = &node.leaf else { return false };
    let code = node.code.to_string();
    let current = sheet.input.scores.get(&id).cloned().unwrap_or_default();
    let reason_draft = state.drafts.get(&(id, Col::Reason)).cloned();
    let lang = ctx.lang;

    let parsed: Result<(Edit, Edit, String), String> = match col {
        Col::SelfPoints | Col::Round1 | Col::Final => {
            let stage = col.stage().unwrap_or(Stage::SelfAssessed);
            let value = if draft.trim().is_empty() {
                Ok(None)
            } else {
                Points::parse_within(&draft, leaf.max)
                    .map(Some)
                    .map_err(|e| points_message(&e, lang))
            };
            value.map(|v| {
                let old = match stage {
                    Stage::SelfAssessed => current.self_points,
                    Stage::Round1 => current.round1,
                    Stage::Final => current.final_points,
                };
                let old_reason = match stage {
                    Stage::Round1 => current.round1_reason.clone(),
                    Stage::Final => current.final_reason.clone(),
                    Stage::SelfAssessed => String::new(),
                };
                let reason = reason_draft.clone().unwrap_or(old_reason);
                (Edit::Points(stage, v), Edit::Points(stage, old), reason)
            })
        }
        Col::RawA | Col::RawB => {
            let a_text = state
                .drafts
                .get(&(id, Col::RawA))
                .cloned()
                .unwrap_or_else(|| stored(Some(&current), Col::RawA));
            let b_text = state
                .drafts
                .get(&(id, Col::RawB))
                .cloned()
                .unwrap_or_else(|| stored(Some(&current), Col::RawB));
            let number = |s: &str| -> Result<Option<i64>, String> {
                let s: String = s.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse::<i64>()
                    .map(Some)
                    .map_err(|_| format!("\"{s}\": {}", t::RAW_FIGURES.get(lang)))
            };
            match (number(&a_text), number(&b_text)) {
                (Ok(a), Ok(b)) => {
                    let needs_b = leaf.kind == LeafKind::RatioBands;
                    if a.is_none() || (needs_b && b.is_none()) {
                        // Wait for both figures before computing points.
                        return false;
                    }
                    let b = if needs_b { b } else { None };
                    Ok((
                        Edit::Raw(Raw { a, b }),
                        Edit::Raw(current.raw),
                        String::new(),
                    ))
                }
                (Err(e), _) | (_, Err(e)) => Err(e),
            }
        }
        Col::Explanation => Ok((
            Edit::Note(Note::Explanation, draft.clone()),
            Edit::Note(Note::Explanation, current.explanation.clone()),
            String::new(),
        )),
        Col::Reason => {
            // A reason alone is kept as the unit's note until a points cell uses it.
            if current.round1.is_some() || current.final_points.is_some() {
                return false;
            }
            Ok((
                Edit::Note(Note::SelfNote, draft.clone()),
                Edit::Note(Note::SelfNote, current.self_note.clone()),
                String::new(),
            ))
        }
    };
    let (edit, previous, reason) = match parsed {
        Ok(parts) => parts,
        Err(message) => {
            state.errors.insert(id, message);
            return false;
        }
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
                    reason: reason.clone(),
                });
            }
            state.drafts.remove(&(id, col));
            if matches!(col, Col::RawA | Col::RawB) {
                state.drafts.remove(&(id, Col::RawA));
                state.drafts.remove(&(id, Col::RawB));
            }
            if col.stage().is_some() {
                state.drafts.remove(&(id, Col::Reason));
            }
            state.refresh_rows(ctx);
            true
        }
        Err(e) => {
            let message = match &e {
                crate::store::StoreError::ReasonRequired(_) => {
                    t::REASON_NEEDED.get(lang).to_owned()
                }
                other => other.message(lang),
            };
            state.errors.insert(id, message);
            false
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
                .get(&(id, Col::Reason))
                .cloned()
                .unwrap_or_default();
            if reason.trim().is_empty() {
                state.errors.insert(
                    id,
                    t::NA_REASON.get(ctx.lang).to_owned() + ": " + t::COL_REASON.get(ctx.lang),
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
            state.errors.insert(id, e.message(ctx.lang));
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

/// Submits, appraises, finalises, or reopens (with the reason typed) the open assessment.
pub(super) fn set_status(state: &mut State, ctx: &mut Ctx<'_>, status: Status) -> Option<Event> {
    let sheet = state.sheet.as_ref()?;
    let reason = state.reopen_reason.clone();
    match ctx.store.set_status(&sheet.assessment, status, &reason) {
        Ok(()) => {
            state.reopen_reason.clear();
            state.reload(ctx);
            Some(Event::Saved)
        }
        Err(e) => failed(&mut state.error, e.message(ctx.lang)),
    }
}
