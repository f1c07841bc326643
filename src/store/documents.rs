//! What the printable documents need beyond the year's results: the report settings, the
//! previous year's ranks mapped through the lineage of merged units, and every leaf's
//! stored texts and evidence links for the scorecards.

use std::collections::HashMap;

use uuid::Uuid;

use super::evidence::{self, LinkedEvidence};
use super::reports::{self, ReportSettings};
use super::results::YearResults;
use super::{Result, Store, StoreError, index_sets, scores, units};
use crate::domain::compare::{self, Predecessor, PreviousYear, Prior};
use crate::domain::ranking::class_counts;
use crate::domain::{Lang, LeafScore};

/// The stored figures of one assessment's leaves, by leaf code.
#[derive(Debug, Clone, Default)]
pub struct LeafRecords {
    pub scores: HashMap<String, LeafScore>,
    /// Linked evidence documents, in issue-date order.
    pub evidence: HashMap<String, Vec<LinkedEvidence>>,
}

impl Store {
    /// The report settings of a year and level, if the officer (or the demo) set them.
    pub fn report_settings(
        &self,
        year: i32,
        level: crate::domain::Level,
    ) -> Result<Option<ReportSettings>> {
        reports::load(self.conn(), year, level)
    }

    /// The year before `current`, compared unit by unit: a unit assessed both years keeps
    /// its identity; a unit formed by a merger lists its predecessors' former ranks. `None`
    /// when the previous year has no index set at this level.
    pub fn previous_year(&self, current: &YearResults, lang: Lang) -> Result<Option<PreviousYear>> {
        let year = current.set.year - 1;
        let level = current.set.level;
        let previous =
            match self.results_with(year, level, lang, crate::domain::scoring::Detail::Figures) {
                Ok(previous) => previous,
                Err(StoreError::NoIndexSet { .. }) => return Ok(None),
                Err(e) => return Err(e),
            };
        // Unit rowids, not codes: a code was reused by the commune formed in 2025.
        let former: HashMap<i64, (Option<u32>, &str)> = previous
            .rows
            .iter()
            .zip(&previous.assessments)
            .map(|(row, a)| (a.unit.id, (row.rank, row.unit_name.as_str())))
            .collect();
        let lineage = units::lineage(self.conn())?;
        let mut priors = Vec::with_capacity(current.rows.len());
        for a in &current.assessments {
            if let Some((rank, _)) = former.get(&a.unit.id) {
                priors.push(Prior::Ranked(*rank));
                continue;
            }
            let sources: Vec<&units::Lineage> = lineage
                .iter()
                .filter(|l| l.to_unit_id == a.unit.id)
                .collect();
            // A renamed unit is the same unit under a new name.
            if let Some(renamed) = sources.iter().find(|l| l.kind == "renamed")
                && let Some((rank, _)) = former.get(&renamed.from_unit_id)
            {
                priors.push(Prior::Ranked(*rank));
                continue;
            }
            let mut predecessors = Vec::new();
            for link in sources.iter().filter(|l| l.kind == "merged_into") {
                let (rank, name) = match former.get(&link.from_unit_id) {
                    Some((rank, name)) => (*rank, (*name).to_owned()),
                    // A predecessor from another district was not ranked here.
                    None => (
                        None,
                        units::by_id(self.conn(), link.from_unit_id)?
                            .map(|u| u.name)
                            .unwrap_or_default(),
                    ),
                };
                predecessors.push(Predecessor { name, rank });
            }
            priors.push(if predecessors.is_empty() {
                Prior::None
            } else {
                Prior::Merged(predecessors)
            });
        }
        Ok(Some(PreviousYear {
            year,
            units: previous.rows.iter().filter(|r| r.rank.is_some()).count(),
            priors,
            class_counts: class_counts(&previous.set, &previous.rows),
            average: compare::average(&previous.rows),
        }))
    }

    /// Every leaf's stored score and evidence links of every assessment of `results`, by
    /// assessment rowid.
    pub fn leaf_records(&self, results: &YearResults) -> Result<HashMap<i64, LeafRecords>> {
        let conn = self.conn();
        let Some(first) = results.assessments.first() else {
            return Ok(HashMap::new());
        };
        let set_id = first.set_id;
        let code_of: HashMap<Uuid, &str> = results
            .set
            .leaves()
            .into_iter()
            .map(|node| (node.id, &*node.code))
            .collect();
        let uuid_of = index_sets::criterion_ids(conn, set_id)?;
        let mut inputs = scores::inputs_for_set(conn, set_id)?;
        let mut out = HashMap::with_capacity(results.assessments.len());
        for a in &results.assessments {
            let mut records = LeafRecords::default();
            if let Some(input) = inputs.remove(&a.id) {
                for (uuid, score) in input.scores {
                    if let Some(code) = code_of.get(&uuid) {
                        records.scores.insert((*code).to_owned(), score);
                    }
                }
            }
            for link in evidence::links_of(conn, a.id)? {
                let code = uuid_of
                    .get(&link.criterion_id)
                    .and_then(|uuid| code_of.get(uuid));
                if let Some(code) = code {
                    records
                        .evidence
                        .entry((*code).to_owned())
                        .or_default()
                        .push(link);
                }
            }
            out.insert(a.id, records);
        }
        Ok(out)
    }
}

impl Store {
    /// Saves the report settings of a year and level (header, number, date, signature).
    pub fn save_report_settings(
        &mut self,
        year: i32,
        level: crate::domain::Level,
        settings: &ReportSettings,
    ) -> Result<()> {
        self.write(|tx| reports::save(tx, year, level, settings))
    }
}
