//! Scores of leaves: every edit checked against the index set and written with its audit
//! entry in the caller's transaction.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

mod form;
mod read;
mod survey;

pub use read::AUDITED_VALUES;
pub(in crate::store) use read::{current_values, input_of, inputs_for_set, inputs_for_set_with};
pub use survey::SurveyEntry;
pub(in crate::store) use survey::set_survey;

use super::assessments::Assessment;
use super::audit::{self, Change, score_subject};
use super::{Result, StoreError, now};
use crate::domain::limits;
use crate::domain::scoring::points_from_raw;
use crate::domain::text::{nfc, within};
use crate::domain::{
    IndexSet, LeafKind, LeafScore, NaPolicy, Node, Points, PointsError, Raw, Status,
};

/// The three points of a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Điểm tự đánh giá.
    SelfAssessed,
    /// Điểm thẩm định vòng 1.
    Round1,
    /// Điểm thẩm định cuối (vòng 2).
    Final,
}

impl Stage {
    pub fn field(self) -> &'static str {
        match self {
            Stage::SelfAssessed => "self",
            Stage::Round1 => "round1",
            Stage::Final => "final",
        }
    }
}

/// The texts kept beside the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Ghi chú of the unit (how it scored, when it has no evidence).
    SelfNote,
    /// Giải trình: the unit's explanation after round 1.
    Explanation,
}

/// One change to a leaf's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Points(Stage, Option<Points>),
    /// `Some(reason)` marks the leaf "không phát sinh"; `None` clears it.
    Na(Option<String>),
    /// Raw figures of a computed leaf; the self-assessed points follow from them.
    Raw(Raw),
    Note(Note, String),
}

/// Reads one stored leaf score.
pub(super) fn get(conn: &Connection, assessment_id: i64, criterion_id: i64) -> Result<LeafScore> {
    Ok(conn
        .query_row(
            "SELECT self_points, self_note, round1_points, round1_reason, explanation, final_points, final_reason,
                    raw_a, raw_b, na_reason
             FROM score WHERE assessment_id = ?1 AND criterion_id = ?2",
            params![assessment_id, criterion_id],
            row_to_score,
        )
        .optional()?
        .unwrap_or_default())
}

fn row_to_score(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeafScore> {
    let points = |i: usize| -> rusqlite::Result<Option<Points>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(Points::from_milli))
    };
    Ok(LeafScore {
        self_points: points(0)?,
        self_note: r.get(1)?,
        round1: points(2)?,
        round1_reason: r.get(3)?,
        explanation: r.get(4)?,
        final_points: points(5)?,
        final_reason: r.get(6)?,
        raw: Raw {
            a: r.get(7)?,
            b: r.get(8)?,
        },
        na: r.get(9)?,
    })
}

/// The rowid of a criterion of a set by code.
pub(super) fn criterion_id(conn: &Connection, set_id: i64, code: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM criterion WHERE index_set_id = ?1 AND code = ?2")?
        .query_row(params![set_id, nfc(code)], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::UnknownCriterion(code.to_owned()))
}

fn opt_points(p: Option<Points>) -> Option<String> {
    p.map(Points::to_plain)
}

pub(super) fn raw_text(raw: Raw) -> Option<String> {
    match (raw.a, raw.b) {
        (None, _) => None,
        (Some(a), None) => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a}/{b}")),
    }
}

/// Applies one edit to a leaf of an assessment, with its audit entry, in `tx`.
/// `reason` is required where the appraised points differ from the points before them.
/// Once the unit has sent its self-assessment, its self points and raw figures are its
/// own: the appraisal goes in the round-1 and final columns (or the unit is sent back).
pub(super) fn apply(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    reason: &str,
) -> Result<()> {
    let self_assessment = matches!(edit, Edit::Points(Stage::SelfAssessed, _) | Edit::Raw(_));
    if self_assessment && a.status >= Status::Submitted && !a.locked {
        return Err(StoreError::SelfAssessmentSent {
            unit: a.unit.name.clone(),
        });
    }
    apply_from(tx, actor, a, set, code, edit, reason, None)
}

/// [`apply`] for an edit that came in an import package: the audit entries carry the
/// package id.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_from(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    reason: &str,
    package: Option<&str>,
) -> Result<()> {
    apply_as(tx, actor, a, set, code, edit, reason, package, None)
}

/// [`apply`] for a value read from a unit's filled scoring form: its audit entries say so in
/// their reason (`source`, e.g. "Biểu mẫu chấm điểm: tên tệp"), which is not the unit's note.
pub(super) fn apply_from_form(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    source: &str,
) -> Result<()> {
    if a.status >= Status::Submitted && !a.locked {
        return Err(StoreError::SelfAssessmentSent {
            unit: a.unit.name.clone(),
        });
    }
    apply_as(tx, actor, a, set, code, edit, "", None, Some(source))
}

/// The one path of every leaf edit. `logged_reason`, when given, is what the audit entries
/// record as their reason instead of `reason`.
#[allow(clippy::too_many_arguments)]
fn apply_as(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    reason: &str,
    package: Option<&str>,
    logged_reason: Option<&str>,
) -> Result<()> {
    if a.locked {
        return Err(StoreError::Locked {
            unit: a.unit.name.clone(),
            year: a.year,
        });
    }
    let code = nfc(code);
    let note_ok = |text: &str| -> Result<()> {
        if within(text, limits::NOTE_CHARS) {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "Tiêu chí {code}: ghi chú dài quá {0} ký tự / the note is longer than {0} characters",
                limits::NOTE_CHARS
            )))
        }
    };
    note_ok(reason)?;
    if let Edit::Note(_, text) | Edit::Na(Some(text)) = &edit {
        note_ok(text)?;
    }
    let node: &Node = set
        .find(&code)
        .ok_or_else(|| StoreError::UnknownCriterion(code.clone()))?;
    let leaf = node
        .leaf
        .as_ref()
        .ok_or_else(|| StoreError::NotALeaf(code.clone()))?;
    if leaf.kind == LeafKind::Survey {
        return Err(StoreError::SurveyLeaf(code));
    }
    let criterion_id = criterion_id(tx, a.set_id, &code)?;
    let old = get(tx, a.id, criterion_id)?;
    let mut new = old.clone();
    let reason = nfc(reason);
    let subject = score_subject(&a.uuid.to_string(), &node.id.to_string());
    let mut changes: Vec<(&'static str, Option<String>, Option<String>)> = Vec::new();

    let check_max = |value: Points| -> Result<()> {
        if value > leaf.max {
            return Err(StoreError::Points {
                code: code.clone(),
                error: PointsError::AboveMax {
                    value,
                    max: leaf.max,
                },
            });
        }
        Ok(())
    };

    match edit {
        Edit::Points(stage, value) => {
            if let Some(v) = value {
                check_max(v)?;
            }
            match stage {
                Stage::SelfAssessed => {
                    new.self_points = value;
                    if !reason.is_empty() && reason != old.self_note {
                        // The reason given with self points is the unit's note: audited
                        // like any other note, so a package carries it.
                        new.self_note = reason.clone();
                        changes.push((
                            "self_note",
                            Some(old.self_note.clone()),
                            Some(new.self_note.clone()),
                        ));
                    }
                }
                Stage::Round1 => {
                    if value.is_some() && value != old.self_points && reason.is_empty() {
                        return Err(StoreError::ReasonRequired(format!(
                            "{code}: điểm thẩm định khác điểm tự đánh giá / appraisal differs from self-assessment"
                        )));
                    }
                    new.round1 = value;
                    new.round1_reason = reason.clone();
                }
                Stage::Final => {
                    let before = old.round1.or(old.self_points);
                    if value.is_some() && value != before && reason.is_empty() {
                        return Err(StoreError::ReasonRequired(format!(
                            "{code}: điểm thẩm định cuối khác điểm trước đó / final points differ from the earlier points"
                        )));
                    }
                    new.final_points = value;
                    new.final_reason = reason.clone();
                }
            }
            let (before, after) = match stage {
                Stage::SelfAssessed => (old.self_points, new.self_points),
                Stage::Round1 => (old.round1, new.round1),
                Stage::Final => (old.final_points, new.final_points),
            };
            changes.push((stage.field(), opt_points(before), opt_points(after)));
        }
        Edit::Na(na) => {
            let na = na.map(|r| nfc(&r));
            if let Some(r) = &na {
                if leaf.na_policy == NaPolicy::NotAllowed {
                    return Err(StoreError::NaNotAllowed(code));
                }
                if r.is_empty() {
                    return Err(StoreError::ReasonRequired(format!(
                        "{code}: không phát sinh / not applicable"
                    )));
                }
            }
            new.na = na;
            changes.push(("na", old.na.clone(), new.na.clone()));
        }
        Edit::Raw(raw) => {
            // No figures at all: the figures and the points they gave are cleared (an undo
            // back to an empty cell).
            let points = if raw.a.is_none() && raw.b.is_none() {
                None
            } else {
                Some(points_from_raw(leaf, raw).map_err(|error| StoreError::Raw {
                    code: code.clone(),
                    error,
                })?)
            };
            new.raw = raw;
            new.self_points = points;
            changes.push(("raw", raw_text(old.raw), raw_text(new.raw)));
            changes.push((
                "self",
                opt_points(old.self_points),
                opt_points(new.self_points),
            ));
        }
        Edit::Note(note, text) => {
            let text = nfc(&text);
            let (field, before) = match note {
                Note::SelfNote => (
                    "self_note",
                    std::mem::replace(&mut new.self_note, text.clone()),
                ),
                Note::Explanation => (
                    "explanation",
                    std::mem::replace(&mut new.explanation, text.clone()),
                ),
            };
            changes.push((field, Some(before), Some(text)));
        }
    }

    write(tx, a.id, criterion_id, &new, actor)?;
    let logged = logged_reason.map(nfc);
    let reason = logged.as_deref().unwrap_or(&reason);
    for (field, before, after) in changes {
        if before == after {
            continue;
        }
        audit::append(
            tx,
            &Change {
                actor,
                action: "score",
                subject: subject.clone(),
                field,
                old: before,
                new: after,
                reason,
                package,
            },
        )?;
    }
    Ok(())
}

fn write(
    tx: &Transaction<'_>,
    assessment_id: i64,
    criterion_id: i64,
    s: &LeafScore,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO score (assessment_id, criterion_id, self_points, self_note, round1_points, round1_reason, explanation,
                            final_points, final_reason, raw_a, raw_b, na_reason, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET
            self_points = excluded.self_points, self_note = excluded.self_note,
            round1_points = excluded.round1_points, round1_reason = excluded.round1_reason,
            explanation = excluded.explanation, final_points = excluded.final_points,
            final_reason = excluded.final_reason, raw_a = excluded.raw_a, raw_b = excluded.raw_b,
            na_reason = excluded.na_reason, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![
            assessment_id,
            criterion_id,
            s.self_points.map(Points::milli),
            s.self_note,
            s.round1.map(Points::milli),
            s.round1_reason,
            s.explanation,
            s.final_points.map(Points::milli),
            s.final_reason,
            s.raw.a,
            s.raw.b,
            s.na,
            actor,
            now()
        ],
    )?;
    Ok(())
}
