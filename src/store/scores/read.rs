//! Reading stored scores: a whole set's for rankings and documents, one assessment's for
//! the grid, and the audited values for `log --verify`.

use std::collections::HashMap;

use rusqlite::Connection;

use super::raw_text;
use crate::domain::{LeafScore, Points, Raw, UnitInput};
use crate::store::audit::score_subject;
use crate::store::{Result, index_sets};

/// Every stored figure of every assessment of a set, keyed by assessment rowid.
pub(in crate::store) fn inputs_for_set(
    conn: &Connection,
    set_id: i64,
) -> Result<HashMap<i64, UnitInput>> {
    inputs_for_set_with(conn, set_id, true)
}

/// [`inputs_for_set`]; without `texts` only the points are read: notes, reasons,
/// explanations and raw figures are left empty (an N/A reason becomes ""). That is all a
/// ranking needs, and it reads half the columns for every leaf of every unit.
pub(in crate::store) fn inputs_for_set_with(
    conn: &Connection,
    set_id: i64,
    texts: bool,
) -> Result<HashMap<i64, UnitInput>> {
    let ids = index_sets::criterion_ids(conn, set_id)?;
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
pub(in crate::store) const ONE_ASSESSMENT_SCORES: &str =
    "SELECT s.criterion_id, s.self_points, s.round1_points, s.final_points,
        s.na_reason, s.self_note, s.round1_reason, s.explanation, s.final_reason, s.raw_a, s.raw_b
 FROM score s WHERE s.assessment_id = ?1";

/// The scores and survey points of one assessment, with their texts (the scoring screen's
/// refresh after an edit).
pub(in crate::store) fn input_of(
    conn: &Connection,
    set_id: i64,
    assessment_id: i64,
) -> Result<UnitInput> {
    let ids = index_sets::criterion_ids(conn, set_id)?;
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

pub(in crate::store) fn current_values(
    conn: &Connection,
) -> Result<HashMap<(String, String), Option<String>>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An Enter in the grid re-reads one assessment's rows: the query finds them through the
    /// primary key's leading column (a search, not a scan of every unit's scores).
    #[test]
    fn one_assessments_rows_are_found_by_key_not_scanned() {
        let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let tx = conn.transaction().unwrap_or_else(|e| panic!("{e}"));
        crate::store::upgrade::create_schema(&tx).unwrap_or_else(|e| panic!("{e}"));
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
