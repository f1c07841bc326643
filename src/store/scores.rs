//! Scores of leaves: every edit checked against the index set and written with its audit
//! entry in the caller's transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::assessments::Assessment;
use super::audit::{self, Change, score_subject};
use super::{Result, StoreError, now};
use crate::domain::limits;
use crate::domain::scoring::points_from_raw;
use crate::domain::text::{nfc, within};
use crate::domain::{
    IndexSet, LeafKind, LeafScore, NaPolicy, Node, Points, PointsError, Raw, UnitInput,
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
pub fn get(conn: &Connection, assessment_id: i64, criterion_id: i64) -> Result<LeafScore> {
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
pub fn criterion_id(conn: &Connection, set_id: i64, code: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM criterion WHERE index_set_id = ?1 AND code = ?2")?
        .query_row(params![set_id, nfc(code)], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::UnknownCriterion(code.to_owned()))
}

fn opt_points(p: Option<Points>) -> Option<String> {
    p.map(Points::to_plain)
}

fn raw_text(raw: Raw) -> Option<String> {
    match (raw.a, raw.b) {
        (None, _) => None,
        (Some(a), None) => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a}/{b}")),
    }
}

/// Applies one edit to a leaf of an assessment, with its audit entry, in `tx`.
/// `reason` is required where the appraised points differ from the points before them.
pub fn apply(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    reason: &str,
) -> Result<()> {
    apply_from(tx, actor, a, set, code, edit, reason, None)
}

/// [`apply`] for an edit that came in an import package: the audit entries carry the
/// package id.
#[allow(clippy::too_many_arguments)]
pub fn apply_from(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    edit: Edit,
    reason: &str,
    package: Option<&str>,
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
                reason: &reason,
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

/// Sets (or clears) a unit's survey points on a survey leaf, with its audit entry.
pub fn set_survey(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    value: Option<Points>,
    source: &str,
) -> Result<()> {
    if a.locked {
        return Err(StoreError::Locked {
            unit: a.unit.name.clone(),
            year: a.year,
        });
    }
    let code = nfc(code);
    let node = set
        .find(&code)
        .ok_or_else(|| StoreError::UnknownCriterion(code.clone()))?;
    let leaf = node
        .leaf
        .as_ref()
        .ok_or_else(|| StoreError::NotALeaf(code.clone()))?;
    if leaf.kind != LeafKind::Survey {
        return Err(StoreError::Invalid(format!(
            "{code}: không phải tiêu chí điều tra xã hội học / not a survey criterion"
        )));
    }
    if let Some(v) = value
        && v > leaf.max
    {
        return Err(StoreError::Points {
            code,
            error: PointsError::AboveMax {
                value: v,
                max: leaf.max,
            },
        });
    }
    let criterion_id = criterion_id(tx, a.set_id, &code)?;
    // Cached statements: a survey import runs these once per row of a province's table.
    let old: Option<i64> = tx
        .prepare_cached(
            "SELECT points FROM survey_points WHERE assessment_id = ?1 AND criterion_id = ?2",
        )?
        .query_row(params![a.id, criterion_id], |r| r.get(0))
        .optional()?;
    match value {
        Some(v) => tx
            .prepare_cached(
                "INSERT INTO survey_points (assessment_id, criterion_id, points, source) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET points = excluded.points, source = excluded.source",
            )?
            .execute(params![a.id, criterion_id, v.milli(), nfc(source)])?,
        None => tx
            .prepare_cached(
                "DELETE FROM survey_points WHERE assessment_id = ?1 AND criterion_id = ?2",
            )?
            .execute(params![a.id, criterion_id])?,
    };
    let old = old.map(Points::from_milli);
    if old != value {
        audit::append(
            tx,
            &Change {
                actor,
                action: "survey",
                subject: score_subject(&a.uuid.to_string(), &node.id.to_string()),
                field: "survey",
                old: opt_points(old),
                new: opt_points(value),
                reason: &nfc(source),
                package: None,
            },
        )?;
    }
    Ok(())
}

/// Every stored figure of every assessment of a set, keyed by assessment rowid.
pub fn inputs_for_set(conn: &Connection, set_id: i64) -> Result<HashMap<i64, UnitInput>> {
    inputs_for_set_with(conn, set_id, true)
}

/// [`inputs_for_set`]; without `texts` only the points are read: notes, reasons,
/// explanations and raw figures are left empty (an N/A reason becomes ""). That is all a
/// ranking needs, and it reads half the columns for every leaf of every unit.
pub fn inputs_for_set_with(
    conn: &Connection,
    set_id: i64,
    texts: bool,
) -> Result<HashMap<i64, UnitInput>> {
    let ids = super::index_sets::criterion_ids(conn, set_id)?;
    // Sized up front: a province is hundreds of units × every leaf, and growing these maps
    // row by row was a good part of a ranking's time.
    let units: i64 = conn.query_row(
        "SELECT count(*) FROM assessment WHERE index_set_id = ?1",
        [set_id],
        |r| r.get(0),
    )?;
    let mut out: HashMap<i64, UnitInput> =
        HashMap::with_capacity(usize::try_from(units).unwrap_or(0));
    let new_input = || UnitInput {
        scores: HashMap::with_capacity(ids.len()),
        survey: HashMap::new(),
    };
    let (sql, read): (&str, fn(&rusqlite::Row<'_>) -> rusqlite::Result<LeafScore>) = if texts {
        (
            "SELECT s.assessment_id, s.criterion_id, s.self_points, s.round1_points, s.final_points,
                    s.na_reason, s.self_note, s.round1_reason, s.explanation, s.final_reason, s.raw_a, s.raw_b
             FROM score s JOIN assessment a ON a.id = s.assessment_id WHERE a.index_set_id = ?1",
            |r| {
                Ok(LeafScore {
                    self_note: r.get(6)?,
                    round1_reason: r.get(7)?,
                    explanation: r.get(8)?,
                    final_reason: r.get(9)?,
                    raw: Raw {
                        a: r.get(10)?,
                        b: r.get(11)?,
                    },
                    na: r.get(5)?,
                    ..stored_points(r)?
                })
            },
        )
    } else {
        (
            "SELECT s.assessment_id, s.criterion_id, s.self_points, s.round1_points, s.final_points,
                    s.na_reason IS NOT NULL
             FROM score s JOIN assessment a ON a.id = s.assessment_id WHERE a.index_set_id = ?1",
            |r| {
                Ok(LeafScore {
                    na: r.get::<_, bool>(5)?.then(String::new),
                    ..stored_points(r)?
                })
            },
        )
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([set_id])?;
    while let Some(row) = rows.next()? {
        let criterion: i64 = row.get(1)?;
        if let Some(uuid) = ids.get(&criterion) {
            out.entry(row.get(0)?)
                .or_insert_with(new_input)
                .scores
                .insert(*uuid, read(row)?);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT p.assessment_id, p.criterion_id, p.points FROM survey_points p
         JOIN assessment a ON a.id = p.assessment_id WHERE a.index_set_id = ?1",
    )?;
    let rows = stmt.query_map([set_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (assessment, criterion, points) = row?;
        if let Some(uuid) = ids.get(&criterion) {
            out.entry(assessment)
                .or_default()
                .survey
                .insert(*uuid, Points::from_milli(points));
        }
    }
    Ok(out)
}

/// The SQL of [`input_of`]: one assessment's rows, found through the primary key's
/// leading column, so an edit in the grid of a 600-unit file reads that unit's rows only.
pub(crate) const ONE_ASSESSMENT_SCORES: &str =
    "SELECT s.criterion_id, s.self_points, s.round1_points, s.final_points,
        s.na_reason, s.self_note, s.round1_reason, s.explanation, s.final_reason, s.raw_a, s.raw_b
 FROM score s WHERE s.assessment_id = ?1";

/// The scores and survey points of one assessment, with their texts (the scoring screen's
/// refresh after an edit).
pub fn input_of(conn: &Connection, set_id: i64, assessment_id: i64) -> Result<UnitInput> {
    let ids = super::index_sets::criterion_ids(conn, set_id)?;
    let mut input = UnitInput {
        scores: HashMap::with_capacity(ids.len()),
        survey: HashMap::new(),
    };
    let mut stmt = conn.prepare_cached(ONE_ASSESSMENT_SCORES)?;
    let mut rows = stmt.query([assessment_id])?;
    while let Some(r) = rows.next()? {
        let points = |i: usize| -> rusqlite::Result<Option<Points>> {
            Ok(r.get::<_, Option<i64>>(i)?.map(Points::from_milli))
        };
        let Some(uuid) = ids.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        input.scores.insert(
            *uuid,
            LeafScore {
                self_points: points(1)?,
                round1: points(2)?,
                final_points: points(3)?,
                na: r.get(4)?,
                self_note: r.get(5)?,
                round1_reason: r.get(6)?,
                explanation: r.get(7)?,
                final_reason: r.get(8)?,
                raw: Raw {
                    a: r.get(9)?,
                    b: r.get(10)?,
                },
            },
        );
    }
    let mut stmt = conn.prepare_cached(
        "SELECT criterion_id, points FROM survey_points WHERE assessment_id = ?1",
    )?;
    let rows = stmt.query_map([assessment_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (criterion, points) = row?;
        if let Some(uuid) = ids.get(&criterion) {
            input.survey.insert(*uuid, Points::from_milli(points));
        }
    }
    Ok(input)
}

/// The three points of a score row (columns 2, 3 and 4 of the queries above).
fn stored_points(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeafScore> {
    let points = |i: usize| -> rusqlite::Result<Option<Points>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(Points::from_milli))
    };
    Ok(LeafScore {
        self_points: points(2)?,
        round1: points(3)?,
        final_points: points(4)?,
        ..LeafScore::default()
    })
}

/// The current value of every audited score field, by audit subject and field, for `log
/// --verify`.
/// The fields of a score that [`current_values`] reads and `log --verify` compares with the
/// last value the audit log records.
pub const AUDITED_VALUES: [&str; 6] = ["self", "round1", "final", "na", "raw", "survey"];

pub fn current_values(conn: &Connection) -> Result<HashMap<(String, String), Option<String>>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT a.uuid, c.uuid, s.self_points, s.round1_points, s.final_points, s.na_reason, s.raw_a, s.raw_b
         FROM score s JOIN assessment a ON a.id = s.assessment_id JOIN criterion c ON c.id = s.criterion_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<i64>>(6)?,
            r.get::<_, Option<i64>>(7)?,
        ))
    })?;
    for row in rows {
        let (a, c, s, r1, f, na, raw_a, raw_b) = row?;
        let subject = score_subject(&a, &c);
        let p = |v: Option<i64>| v.map(|m| Points::from_milli(m).to_plain());
        out.insert((subject.clone(), "self".into()), p(s));
        out.insert((subject.clone(), "round1".into()), p(r1));
        out.insert((subject.clone(), "final".into()), p(f));
        out.insert((subject.clone(), "na".into()), na);
        out.insert(
            (subject, "raw".into()),
            raw_text(Raw { a: raw_a, b: raw_b }),
        );
    }
    let mut stmt = conn.prepare(
        "SELECT a.uuid, c.uuid, p.points FROM survey_points p JOIN assessment a ON a.id = p.assessment_id
         JOIN criterion c ON c.id = p.criterion_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (a, c, points) = row?;
        out.insert(
            (score_subject(&a, &c), "survey".into()),
            Some(Points::from_milli(points).to_plain()),
        );
    }
    let mut stmt = conn.prepare("SELECT uuid, status FROM assessment")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (a, status) = row?;
        out.insert((format!("assessment:{a}"), "status".into()), Some(status));
    }
    Ok(out)
}

/// One survey value to store, with the row of the table it came from.
#[derive(Debug, Clone)]
pub struct SurveyEntry {
    pub row: usize,
    pub unit_code: String,
    pub criterion: String,
    pub points: Points,
}

impl super::Store {
    /// Stores survey points of `year` and `level`, each with its audit entry, all or nothing:
    /// `Ok(Err(refused))` names every refused row (by its table row) and stores none.
    pub fn set_survey_points(
        &mut self,
        year: i32,
        level: crate::domain::Level,
        entries: &[SurveyEntry],
        source: &str,
    ) -> Result<std::result::Result<usize, Vec<(usize, StoreError)>>> {
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let set = super::index_sets::load(&tx, year, level)?;
        // Each unit's assessment read once, not once per row (a province sends thousands).
        let mut found: HashMap<&str, super::assessments::Assessment> = HashMap::new();
        let mut refused = Vec::new();
        for e in entries {
            let code = e.unit_code.as_str();
            if !found.contains_key(code) {
                match super::assessments::find(&tx, year, level, code) {
                    Ok(a) => {
                        found.insert(code, a);
                    }
                    Err(err) => {
                        refused.push((e.row, err));
                        continue;
                    }
                }
            }
            let Some(a) = found.get(code) else { continue };
            if let Err(err) = set_survey(&tx, &actor, a, &set, &e.criterion, Some(e.points), source)
            {
                refused.push((e.row, err));
            }
        }
        if !refused.is_empty() {
            // Dropped, not committed: nothing is stored when a row is refused.
            return Ok(Err(refused));
        }
        tx.commit()?;
        Ok(Ok(entries.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Enter in the grid re-reads one assessment's rows: the query finds them through the
    /// primary key's leading column (a search, not a scan of every unit's scores).
    #[test]
    fn one_assessments_rows_are_found_by_key_not_scanned() {
        let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let tx = conn.transaction().unwrap_or_else(|e| panic!("{e}"));
        super::super::upgrade::create_schema(&tx).unwrap_or_else(|e| panic!("{e}"));
        tx.commit().unwrap_or_else(|e| panic!("{e}"));
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {ONE_ASSESSMENT_SCORES}"))
            .and_then(|mut stmt| {
                stmt.query_map([1], |r| r.get::<_, String>(3))?
                    .collect::<rusqlite::Result<_>>()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.len(), 1, "{plan:?}");
        assert!(
            plan[0].starts_with("SEARCH s USING") && plan[0].contains("(assessment_id=?)"),
            "{plan:?}"
        );
    }
}
