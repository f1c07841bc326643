//! What the five-year summary report reads from the file: each year's results at the
//! reported level, the issuing unit's own result at the level above, the raw figures of its
//! own assessments, the evidence documents cited per area and year, and the lineage of
//! merged units.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::results::YearResults;
use super::units::{self, Lineage, Unit};
use super::{Result, Store, StoreError};
use crate::domain::scoring::Detail;
use crate::domain::{Band, Lang, Level, RankedRow};

/// An evidence document linked to some leaf of some year's assessment, with the area
/// (top-level node) of that leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedDoc {
    pub year: i32,
    /// The area's code in that year's set ("3").
    pub area_code: String,
    pub area_title: String,
    pub doc_type: String,
    pub number: String,
    pub issue_date: Option<NaiveDate>,
    pub summary: String,
}

/// A raw figure summed over the period by its label, one value per assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTotal {
    /// "Số hồ sơ giải quyết đúng hạn", "Tổng số hồ sơ tiếp nhận".
    pub label: String,
    pub total: i64,
    /// The years whose figures are in the sum.
    pub years: Vec<i32>,
}

/// The issuing unit's own row in the ranking of the level above.
#[derive(Debug, Clone)]
pub struct OwnYear {
    pub year: i32,
    pub row: RankedRow,
    /// Units ranked that year at that level.
    pub ranked: usize,
}

/// Everything the summary report prints, as stored.
#[derive(Debug, Clone, Default)]
pub struct SummaryFigures {
    /// The years of the period that have an index set at the level, in order.
    pub years: Vec<YearResults>,
    /// The issuing unit (the common parent of the assessed units), if the file has one.
    pub issuer: Option<Unit>,
    pub own: Vec<OwnYear>,
    /// The bands of the level above, of the last year with the issuing unit's result.
    pub own_bands: Vec<Band>,
    pub raw: Vec<RawTotal>,
    /// The years whose raw figures are the assessed units' own, summed (the issuing unit
    /// had no assessment of its own that year, e.g. after it was dissolved).
    pub raw_from_units: Vec<i32>,
    pub cited: Vec<CitedDoc>,
    pub units: Vec<Unit>,
    pub lineage: Vec<Lineage>,
}

impl Store {
    /// The figures of the summary report of `from..=to` at `level`.
    ///
    /// # Errors
    ///
    /// [`StoreError::NoIndexSet`] when no year of the period has an index set at `level`;
    /// a damaged file.
    pub fn summary_figures(
        &self,
        from: i32,
        to: i32,
        level: Level,
        lang: Lang,
    ) -> Result<SummaryFigures> {
        let years = self.results_of_years(from..=to, level, lang, Detail::Figures)?;
        if years.is_empty() {
            return Err(StoreError::NoIndexSet {
                year: to,
                level: level.as_str().to_owned(),
            });
        }
        let units = units::all(self.conn())?;
        let issuer = common_parent(&years, &units);
        let mut own = Vec::new();
        let mut own_bands = Vec::new();
        let mut raw: Vec<RawTotal> = Vec::new();
        let mut raw_own: Vec<i32> = Vec::new();
        if let (Some(issuer), Level::Commune) = (&issuer, level) {
            for results in
                self.results_of_years(from..=to, Level::District, lang, Detail::Figures)?
            {
                let year = results.set.year;
                let Some(position) = results
                    .assessments
                    .iter()
                    .position(|a| a.unit.id == issuer.id)
                else {
                    continue;
                };
                let ranked = results.rows.iter().filter(|r| r.rank.is_some()).count();
                add_raw(&mut raw, self, &results, &[position], year)?;
                raw_own.push(year);
                own_bands.clone_from(&results.set.bands);
                if let Some(row) = results.rows.get(position) {
                    own.push(OwnYear {
                        year,
                        row: row.clone(),
                        ranked,
                    });
                }
            }
        }
        // A year without the issuing unit's own figures: its units' figures, added up (the
        // issuer's own figures already count its units': "cấp huyện và cấp xã").
        let mut raw_from_units = Vec::new();
        for results in &years {
            if raw_own.contains(&results.set.year) {
                continue;
            }
            let all: Vec<usize> = (0..results.assessments.len()).collect();
            if add_raw(&mut raw, self, results, &all, results.set.year)? {
                raw_from_units.push(results.set.year);
            }
        }
        for total in &mut raw {
            total.years.sort_unstable();
        }
        Ok(SummaryFigures {
            cited: cited(self, from, to)?,
            raw_from_units,
            years,
            issuer,
            own,
            own_bands,
            raw,
            lineage: units::lineage(self.conn())?,
            units,
        })
    }
}

/// The unit most of the assessed units belong to (the district of the communes).
fn common_parent(years: &[YearResults], units: &[Unit]) -> Option<Unit> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for results in years {
        for a in &results.assessments {
            if let Some(parent) = a.unit.parent_id {
                *counts.entry(parent).or_default() += 1;
            }
        }
    }
    let (id, _) = counts.into_iter().max_by_key(|(id, n)| (*n, -*id))?;
    units.iter().find(|u| u.id == id).cloned()
}

/// Adds the raw figures of some assessments of a year to the totals, by label: each
/// assessment counts a label once, from the first leaf in the set's order that has it (a
/// "Tổng số hồ sơ tiếp nhận" is the denominator of several leaves). Whether any was found.
fn add_raw(
    totals: &mut Vec<RawTotal>,
    store: &Store,
    results: &YearResults,
    positions: &[usize],
    year: i32,
) -> Result<bool> {
    let mut records = store.leaf_records(results)?;
    let leaves = results.set.leaves();
    let mut found = false;
    for position in positions {
        let Some(assessment) = results.assessments.get(*position) else {
            continue;
        };
        let Some(records) = records.remove(&assessment.id) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        for node in &leaves {
            let Some(leaf) = &node.leaf else { continue };
            let Some(score) = records.scores.get(&*node.code) else {
                continue;
            };
            for (label, value) in leaf.raw_labels.iter().zip([score.raw.a, score.raw.b]) {
                let Some(value) = value else { continue };
                if seen.contains(&label.as_str()) {
                    continue;
                }
                seen.push(label);
                found = true;
                match totals.iter_mut().find(|t| t.label == *label) {
                    Some(total) => {
                        total.total += value;
                        if !total.years.contains(&year) {
                            total.years.push(year);
                        }
                    }
                    None => totals.push(RawTotal {
                        label: label.clone(),
                        total: value,
                        years: vec![year],
                    }),
                }
            }
        }
    }
    Ok(found)
}

/// Every evidence document linked in a year of the period, once per (year, area), with the
/// area of the leaf it proves; ordered by area, year and issue date.
fn cited(store: &Store, from: i32, to: i32) -> Result<Vec<CitedDoc>> {
    let mut stmt = store.conn().prepare(
        "SELECT DISTINCT s.year, area.code, area.title, d.doc_type, d.number, d.issue_date, d.summary, d.id
         FROM evidence_link l
         JOIN evidence_doc d ON d.id = l.doc_id
         JOIN criterion c ON c.id = l.criterion_id
         JOIN index_set s ON s.id = c.index_set_id
         JOIN criterion area ON area.index_set_id = c.index_set_id AND area.parent_id IS NULL
              AND (c.code = area.code OR c.code LIKE area.code || '.%')
         WHERE s.year BETWEEN ?1 AND ?2
         ORDER BY CAST(area.code AS INTEGER), area.code, s.year, d.issue_date, d.number, d.id",
    )?;
    let rows = stmt
        .query_map(params![from, to], |r| {
            Ok(CitedDoc {
                year: r.get(0)?,
                area_code: r.get(1)?,
                area_title: r.get(2)?,
                doc_type: r.get(3)?,
                number: r.get(4)?,
                issue_date: r
                    .get::<_, Option<String>>(5)?
                    .and_then(|d| crate::domain::format::parse_iso_date(&d)),
                summary: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // A document linked at both levels, or to several leaves of an area, is cited once.
    let mut out: Vec<CitedDoc> = Vec::with_capacity(rows.len());
    for doc in rows {
        let seen = out.iter().any(|o| {
            (o.year, &o.area_code, &o.doc_type, &o.number, o.issue_date)
                == (
                    doc.year,
                    &doc.area_code,
                    &doc.doc_type,
                    &doc.number,
                    doc.issue_date,
                )
        });
        if !seen {
            out.push(doc);
        }
    }
    Ok(out)
}
