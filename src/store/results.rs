//! The results of a year: loads the stored figures and hands them to the domain's one
//! ranking function, so the GUI, the PDFs, the spreadsheets and the command line agree.

use super::assessments::{self, Assessment};
use super::{Result, Store, index_sets, scores};
use crate::domain::ranking::{self, Entry, RankedRow};
use crate::domain::scoring::{Detail, score_unit_with};
use crate::domain::{IndexSet, Lang, Level};

/// A year's ranked results for one level.
#[derive(Debug, Clone)]
pub struct YearResults {
    pub set: IndexSet,
    pub rows: Vec<RankedRow>,
    /// The assessments behind the rows, in the rows' order.
    pub assessments: Vec<Assessment>,
    pub fingerprint: String,
}

impl YearResults {
    pub fn row_of(&self, unit_code: &str) -> Option<(&RankedRow, &Assessment)> {
        self.rows
            .iter()
            .zip(&self.assessments)
            .find(|(row, _)| row.unit_code == unit_code)
    }
}

impl Store {
    /// Scores and ranks every assessment of the set of `year` and `level`, with every rule
    /// explained in words.
    pub fn results(&self, year: i32, level: Level, lang: Lang) -> Result<YearResults> {
        self.results_with(year, level, lang, Detail::Explained)
    }

    /// [`Store::results`] with the chosen detail: `Detail::Figures` leaves the rule texts
    /// out (rankings), the figures and the fingerprint are the same.
    pub fn results_with(
        &self,
        year: i32,
        level: Level,
        lang: Lang,
        detail: Detail,
    ) -> Result<YearResults> {
        let conn = self.conn();
        let set_id = index_sets::id_of(conn, year, level)?;
        let set = index_sets::load_by_id(conn, set_id)?;
        let all = assessments::for_set(conn, set_id)?;
        let mut inputs = scores::inputs_for_set_with(conn, set_id, detail == Detail::Explained)?;
        let entries: Vec<Entry> = all
            .iter()
            .map(|a| Entry {
                unit_code: a.unit.code.clone(),
                unit_name: a.unit.name.clone(),
                status: a.status,
                score: score_unit_with(
                    &set,
                    &inputs.remove(&a.id).unwrap_or_default(),
                    lang,
                    detail,
                ),
            })
            .collect();
        let rows = ranking::rank(&set, entries);
        let mut by_code: Vec<Option<Assessment>> = all.into_iter().map(Some).collect();
        let assessments = rows
            .iter()
            .filter_map(|row| {
                by_code
                    .iter_mut()
                    .find(|a| a.as_ref().is_some_and(|a| a.unit.code == row.unit_code))
                    .and_then(Option::take)
            })
            .collect();
        let fingerprint = ranking::fingerprint(&set, &rows);
        Ok(YearResults {
            set,
            rows,
            assessments,
            fingerprint,
        })
    }
    /// [`Store::results_with`] for each of `years` that has an index set at `level`, in
    /// the order given; a year without one is left out.
    pub fn results_of_years(
        &self,
        years: impl IntoIterator<Item = i32>,
        level: Level,
        lang: Lang,
        detail: Detail,
    ) -> Result<Vec<YearResults>> {
        let mut out = Vec::new();
        for year in years {
            match self.results_with(year, level, lang, detail) {
                Ok(results) => out.push(results),
                Err(super::StoreError::NoIndexSet { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}
