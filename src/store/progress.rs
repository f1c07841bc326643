//! Where each unit of a year stands, for the unit picker: its status and how many criteria
//! still wait for a figure, read for the whole set at once (not one query per unit).

use std::collections::HashMap;

use super::assessments::Assessment;
use super::{Result, Store, index_sets};
use crate::domain::Level;

/// One unit's progress in a year.
#[derive(Debug, Clone)]
pub struct Progress {
    pub assessment: Assessment,
    /// Leaves to be scored (not survey, bonus or penalty) with no points at any stage and
    /// not marked "không phát sinh".
    pub empty: usize,
}

/// Per assessment of the set: its leaves to be scored that have nothing yet.
const EMPTY_LEAVES: &str = "
SELECT a.id, count(c.id)
FROM assessment a
JOIN criterion c ON c.index_set_id = a.index_set_id
    AND c.kind IS NOT NULL AND c.kind NOT IN ('survey', 'bonus', 'penalty')
LEFT JOIN score s ON s.assessment_id = a.id AND s.criterion_id = c.id
WHERE a.index_set_id = ?1
  AND (s.assessment_id IS NULL OR (s.self_points IS NULL AND s.round1_points IS NULL
       AND s.final_points IS NULL AND s.na_reason IS NULL))
GROUP BY a.id";

impl Store {
    /// The units assessed in `year` at `level`, in the pickers' order, each with its count
    /// of empty criteria.
    pub fn progress_of(&self, year: i32, level: Level) -> Result<Vec<Progress>> {
        let set_id = index_sets::id_of(self.conn(), year, level)?;
        let list = self.assessments_of(year, level)?;
        let mut stmt = self.conn().prepare(EMPTY_LEAVES)?;
        let empty: HashMap<i64, i64> = stmt
            .query_map([set_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(list
            .into_iter()
            .map(|assessment| Progress {
                empty: empty
                    .get(&assessment.id)
                    .map_or(0, |n| usize::try_from(*n).unwrap_or(0)),
                assessment,
            })
            .collect())
    }
}
