//! A whole prepared file written in one transaction: the built-in demo and the benchmark's
//! province. Callers describe units, sets, scores and evidence as plain values; every score
//! goes through the officer's edit path with its audit entry, so a seeded file checks clean.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::evidence::EvidenceInfo;
use super::reports::ReportSettings;
use super::scores::Edit;
use super::units::{Lineage, NewUnit};
use super::{Result, Store, StoreError, assessments, evidence, index_sets, reports, scores, units};
use crate::domain::{IndexSet, Level, Points, Status};

/// Everything a prepared file holds, in the order it is written.
#[derive(Debug, Default)]
pub struct Seed {
    pub units: Vec<SeedUnit>,
    pub lineage: Vec<SeedLineage>,
    pub sets: Vec<IndexSet>,
    pub assessments: Vec<SeedAssessment>,
    pub evidence: Vec<SeedEvidence>,
    pub report_settings: Vec<(i32, Level, ReportSettings)>,
}

/// A unit; `parent` is the code of a unit seeded before it, valid on this unit's first day.
#[derive(Debug)]
pub struct SeedUnit {
    pub unit: NewUnit,
    pub parent: Option<String>,
}

/// A unit named by its code and a day inside its validity (codes are reused after mergers).
#[derive(Debug, Clone)]
pub struct UnitOn {
    pub code: String,
    pub day: NaiveDate,
}

#[derive(Debug)]
pub struct SeedLineage {
    pub from: UnitOn,
    pub to: UnitOn,
    pub kind: String,
    pub resolution: String,
    pub resolution_date: Option<NaiveDate>,
    pub effective: Option<NaiveDate>,
}

/// One unit's assessment of a year: its edits in order, its survey points, and the status it
/// ends in (set after the evidence is linked, so a final year ends locked).
#[derive(Debug)]
pub struct SeedAssessment {
    pub year: i32,
    pub level: Level,
    pub unit: String,
    pub status: Status,
    pub edits: Vec<SeedEdit>,
    pub survey: Vec<(String, Points)>,
    pub survey_source: String,
}

#[derive(Debug)]
pub struct SeedEdit {
    pub code: String,
    pub edit: Edit,
    pub reason: String,
}

#[derive(Debug)]
pub struct SeedEvidence {
    pub info: EvidenceInfo,
    pub file_name: String,
    pub bytes: Cow<'static, [u8]>,
    pub links: Vec<SeedLink>,
}

/// A link of a document to a criterion of one unit's assessment, or of every unit's
/// (`unit: None`).
#[derive(Debug)]
pub struct SeedLink {
    pub year: i32,
    pub level: Level,
    pub unit: Option<String>,
    pub criterion: String,
    pub page: String,
}

fn missing(what: String) -> StoreError {
    StoreError::Invalid(format!("dữ liệu chuẩn bị: {what}"))
}

impl Store {
    /// Writes `seed` into this (normally new) file: all of it, or nothing.
    pub fn seed(&mut self, seed: &Seed) -> Result<()> {
        let actor = self.actor().to_owned();
        self.write(|tx| {
            let mut seeded: Vec<(String, Option<NaiveDate>, Option<NaiveDate>, i64)> = Vec::new();
            let find = |seeded: &[(String, Option<NaiveDate>, Option<NaiveDate>, i64)],
                        at: &UnitOn| {
                seeded
                    .iter()
                    .find(|(code, from, to, _)| {
                        *code == at.code
                            && from.is_none_or(|f| f <= at.day)
                            && to.is_none_or(|t| t >= at.day)
                    })
                    .map(|(_, _, _, id)| *id)
                    .ok_or_else(|| missing(format!("đơn vị {} ngày {}", at.code, at.day)))
            };
            for u in &seed.units {
                let mut unit = u.unit.clone();
                unit.parent_id = match &u.parent {
                    Some(code) => Some(find(
                        &seeded,
                        &UnitOn {
                            code: code.clone(),
                            day: unit.valid_from.unwrap_or_default(),
                        },
                    )?),
                    None => None,
                };
                let id = units::add(tx, &unit)?;
                seeded.push((unit.code, unit.valid_from, unit.valid_to, id));
            }
            for l in &seed.lineage {
                units::add_lineage(
                    tx,
                    &Lineage {
                        from_unit_id: find(&seeded, &l.from)?,
                        to_unit_id: find(&seeded, &l.to)?,
                        kind: l.kind.clone(),
                        resolution: l.resolution.clone(),
                        resolution_date: l.resolution_date,
                        effective: l.effective,
                    },
                )?;
            }
            for set in &seed.sets {
                index_sets::insert(tx, set)?;
            }
            let set_of = |year: i32, level: Level| {
                seed.sets
                    .iter()
                    .find(|s| s.year == year && s.level == level)
                    .ok_or_else(|| missing(format!("bộ chỉ số {year} {}", level.as_str())))
            };

            let mut statuses = Vec::new();
            for a in &seed.assessments {
                let set = set_of(a.year, a.level)?;
                let set_id = index_sets::id_of(tx, a.year, a.level)?;
                let year_end = NaiveDate::from_ymd_opt(a.year, 12, 31).unwrap_or_default();
                let unit_id = find(
                    &seeded,
                    &UnitOn {
                        code: a.unit.clone(),
                        day: year_end,
                    },
                )?;
                let id = assessments::create(tx, &actor, unit_id, set_id, Status::Draft)?;
                let assessment = assessments::by_id(tx, id)?
                    .ok_or_else(|| missing(format!("phiếu của {}", a.unit)))?;
                for e in &a.edits {
                    scores::apply(
                        tx,
                        &actor,
                        &assessment,
                        set,
                        &e.code,
                        e.edit.clone(),
                        &e.reason,
                    )?;
                }
                for (code, points) in &a.survey {
                    scores::set_survey(
                        tx,
                        &actor,
                        &assessment,
                        set,
                        code,
                        Some(*points),
                        &a.survey_source,
                    )?;
                }
                statuses.push((id, a.status));
            }

            // Evidence is linked while the assessments are still open.
            for d in &seed.evidence {
                let doc_id = evidence::add(tx, &actor, &d.info, &d.file_name, &d.bytes, None)?;
                for link in &d.links {
                    let set = set_of(link.year, link.level)?;
                    let set_id = index_sets::id_of(tx, link.year, link.level)?;
                    for a in assessments::for_set(tx, set_id)? {
                        if link.unit.as_ref().is_some_and(|code| *code != a.unit.code) {
                            continue;
                        }
                        evidence::link(tx, &actor, doc_id, &a, set, &link.criterion, &link.page)?;
                    }
                }
            }

            for (id, status) in statuses {
                if status == Status::Draft {
                    continue;
                }
                let assessment =
                    assessments::by_id(tx, id)?.ok_or_else(|| missing(format!("phiếu số {id}")))?;
                assessments::set_status(tx, &actor, &assessment, status, "")?;
            }
            for (year, level, settings) in &seed.report_settings {
                reports::save(tx, *year, *level, settings)?;
            }
            Ok(())
        })
    }
}
