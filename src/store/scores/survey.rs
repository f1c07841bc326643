//! Survey points (điểm điều tra xã hội học): set on survey leaves, one by one or a whole
//! table at once.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{criterion_id, opt_points};
use crate::domain::text::nfc;
use crate::domain::{IndexSet, LeafKind, Level, Points, PointsError};
use crate::store::assessments::{self, Assessment};
use crate::store::audit::{self, Change, score_subject};
use crate::store::{Result, Store, StoreError, index_sets};

/// Sets (or clears) a unit's survey points on a survey leaf, with its audit entry.
pub(in crate::store) fn set_survey(
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

/// One survey value to store, with the row of the table it came from.
#[derive(Debug, Clone)]
pub struct SurveyEntry {
    pub row: usize,
    pub unit_code: String,
    pub criterion: String,
    pub points: Points,
}

impl Store {
    /// Stores survey points of `year` and `level`, each with its audit entry, all or nothing:
    /// `Ok(Err(refused))` names every refused row (by its table row) and stores none.
    pub fn set_survey_points(
        &mut self,
        year: i32,
        level: Level,
        entries: &[SurveyEntry],
        source: &str,
    ) -> Result<std::result::Result<usize, Vec<(usize, StoreError)>>> {
        self.set_survey_points_reporting(year, level, entries, source, &mut |_, _| {})
    }

    /// [`Store::set_survey_points`], calling `progress(done, total)` in rows as they are
    /// checked and written (for a progress bar); nothing is visible before the commit.
    pub fn set_survey_points_reporting(
        &mut self,
        year: i32,
        level: Level,
        entries: &[SurveyEntry],
        source: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<std::result::Result<usize, Vec<(usize, StoreError)>>> {
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let set = index_sets::load(&tx, year, level)?;
        // Each unit's assessment read once, not once per row (a province sends thousands).
        let mut found: HashMap<&str, assessments::Assessment> = HashMap::new();
        let mut refused = Vec::new();
        let total = entries.len();
        for (done, e) in entries.iter().enumerate() {
            // Every 50 rows: a province's thousands of rows move the bar without flooding it.
            if done % 50 == 0 {
                progress(done, total);
            }
            let code = e.unit_code.as_str();
            if !found.contains_key(code) {
                match assessments::find(&tx, year, level, code) {
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
        progress(total, total);
        Ok(Ok(entries.len()))
    }
}
