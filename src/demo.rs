//! The built-in demo: Cao Bằng's districts and Thạch An's communes, 2021–2025, read from the
//! data files of `assets/demo/` (compiled into the binary) and written through the store, so
//! every score of the demo has its audit entry like any other.
//!
//! The index sets are illustrative ("minh họa") and every score is synthetic; the data
//! reproduce the rankings and classifications the source report states.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::format::parse_iso_date;
use crate::domain::{
    Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, PointBand, Points, RankingRule, Raw,
    Status,
};
use crate::store::evidence::DocInfo;
use crate::store::reports::ReportSettings;
use crate::store::scores::{Edit, Note, Stage};
use crate::store::units::{Lineage, NewUnit};
use crate::store::{
    Result, Store, StoreError, assessments, evidence, index_sets, reports, scores, units,
};

const UNITS: &str = include_str!("../assets/demo/units.json");
const INDEX_SETS: &str = include_str!("../assets/demo/index-sets.json");
const EVIDENCE: &str = include_str!("../assets/demo/evidence.json");
const REPORT_SETTINGS: &str = include_str!("../assets/demo/report-settings.json");
const SCORES: &[&str] = &[
    include_str!("../assets/demo/scores/district-2021.json"),
    include_str!("../assets/demo/scores/district-2022.json"),
    include_str!("../assets/demo/scores/district-2023.json"),
    include_str!("../assets/demo/scores/district-2024.json"),
    include_str!("../assets/demo/scores/commune-2021.json"),
    include_str!("../assets/demo/scores/commune-2022.json"),
    include_str!("../assets/demo/scores/commune-2023.json"),
    include_str!("../assets/demo/scores/commune-2024.json"),
    include_str!("../assets/demo/scores/commune-2025.json"),
];

/// The evidence files, by the name `evidence.json` gives them.
fn evidence_file(name: &str) -> Option<&'static [u8]> {
    include!(concat!(env!("OUT_DIR"), "/demo_evidence.rs"))
}

/// Who the demo's audit entries name.
const DEMO_ACTOR: &str = "Dữ liệu mẫu (minh họa)";

#[derive(Deserialize)]
struct UnitsFile {
    units: Vec<UnitDto>,
    lineage: Vec<LineageDto>,
}

#[derive(Deserialize)]
struct UnitDto {
    code: String,
    name: String,
    kind: String,
    level: String,
    valid_from: Option<String>,
    valid_to: Option<String>,
    parent: Option<String>,
}

#[derive(Deserialize)]
struct LineageDto {
    from: (String, String),
    to: (String, String),
    kind: String,
    resolution: String,
    resolution_date: Option<String>,
    effective: Option<String>,
}

#[derive(Deserialize)]
struct SetDto {
    level: Level,
    name: String,
    year: i32,
    decision: String,
    decision_date: Option<String>,
    issuer: String,
    max_total: Points,
    ranking: RankingRule,
    precision: u8,
    bands: Vec<BandDto>,
    bonus_cap: Option<Points>,
    penalty_cap: Option<Points>,
    nodes: Vec<NodeDto>,
}

#[derive(Deserialize)]
struct BandDto {
    name: String,
    min: Points,
}

#[derive(Deserialize)]
struct NodeDto {
    code: String,
    title: String,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    children: Vec<NodeDto>,
    kind: Option<LeafKind>,
    max: Option<Points>,
    na: Option<NaPolicy>,
    evidence: Option<String>,
    #[serde(default)]
    bands: Vec<PointBand>,
    per_unit: Option<Points>,
    #[serde(default)]
    raw_labels: Vec<String>,
}

#[derive(Deserialize)]
struct ScoresFile {
    level: Level,
    year: i32,
    assessments: Vec<AssessmentDto>,
}

#[derive(Deserialize)]
struct AssessmentDto {
    unit: String,
    status: String,
    scores: HashMap<String, ScoreDto>,
    #[serde(default)]
    survey: HashMap<String, Points>,
}

#[derive(Deserialize, Default)]
struct ScoreDto {
    #[serde(rename = "self")]
    self_points: Option<Points>,
    #[serde(default)]
    self_note: String,
    round1: Option<Points>,
    #[serde(default)]
    round1_reason: String,
    #[serde(default)]
    explanation: String,
    #[serde(rename = "final")]
    final_points: Option<Points>,
    #[serde(default)]
    final_reason: String,
    raw: Option<Vec<i64>>,
    na: Option<String>,
}

#[derive(Deserialize)]
struct EvidenceDto {
    file: String,
    doc_type: String,
    number: String,
    issue_date: Option<String>,
    issuer: String,
    summary: String,
    links: Vec<LinkDto>,
}

#[derive(Deserialize)]
struct LinkDto {
    level: Level,
    year: i32,
    unit: String,
    criterion: String,
    page: Option<String>,
}

#[derive(Deserialize)]
struct ReportSettingsDto {
    level: Level,
    year: i32,
    #[serde(flatten)]
    settings: ReportSettingsFields,
}

#[derive(Deserialize)]
struct ReportSettingsFields {
    issuer_parent: String,
    issuer: String,
    number: String,
    place: String,
    date: Option<String>,
    title: String,
    summary: String,
    signer_mode: String,
    signer_org: String,
    signer_title: String,
    signer_name: String,
    recipients: Vec<String>,
}

fn bad(what: impl Into<String>) -> StoreError {
    StoreError::Invalid(format!("demo data: {}", what.into()))
}

fn date(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(parse_iso_date)
}

fn to_node(dto: NodeDto) -> Result<Node> {
    let leaf = match (dto.kind, dto.max) {
        (Some(kind), Some(max)) => Some(Leaf {
            kind,
            max,
            na_policy: dto.na.unwrap_or(NaPolicy::NotAllowed),
            evidence: dto.evidence,
            bands: dto.bands,
            per_unit: dto.per_unit,
            raw_labels: dto.raw_labels,
        }),
        (None, None) => None,
        _ => return Err(bad(format!("node {} needs both kind and max", dto.code))),
    };
    Ok(Node {
        id: Uuid::new_v4(),
        code: dto.code.into(),
        title: dto.title.into(),
        guidance: dto.guidance,
        leaf,
        children: dto
            .children
            .into_iter()
            .map(to_node)
            .collect::<Result<_>>()?,
    })
}

/// Writes the demo into a new file at `path`.
pub fn write_demo(path: &Path) -> Result<Store> {
    let mut store = Store::create(path)?;
    store.set_actor(DEMO_ACTOR);
    let actor = store.actor().to_owned();
    store.write(|tx| {
        // Units, resolved later by (code, a date inside the validity period).
        let units_file: UnitsFile = serde_json::from_str(UNITS).map_err(|e| bad(e.to_string()))?;
        let mut unit_ids: Vec<(String, Option<NaiveDate>, Option<NaiveDate>, i64)> = Vec::new();
        let find = |ids: &[(String, Option<NaiveDate>, Option<NaiveDate>, i64)],
                    code: &str,
                    at: NaiveDate| {
            ids.iter()
                .find(|(c, from, to, _)| {
                    c == code && from.is_none_or(|f| f <= at) && to.is_none_or(|t| t >= at)
                })
                .map(|(_, _, _, id)| *id)
        };
        for u in &units_file.units {
            let from = date(&u.valid_from);
            let parent_id = match &u.parent {
                Some(code) => Some(
                    find(&unit_ids, code, from.unwrap_or_default())
                        .ok_or_else(|| bad(format!("parent {code} of {}", u.name)))?,
                ),
                None => None,
            };
            let id = units::add(
                tx,
                &NewUnit {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind.clone(),
                    level: u.level.clone(),
                    valid_from: from,
                    valid_to: date(&u.valid_to),
                    parent_id,
                },
            )?;
            unit_ids.push((u.code.clone(), from, date(&u.valid_to), id));
        }
        for l in &units_file.lineage {
            let at = |pair: &(String, String)| -> Result<i64> {
                let day = parse_iso_date(&pair.1).ok_or_else(|| bad(format!("date {}", pair.1)))?;
                find(&unit_ids, &pair.0, day)
                    .ok_or_else(|| bad(format!("unit {} at {}", pair.0, pair.1)))
            };
            units::add_lineage(
                tx,
                &Lineage {
                    from_unit_id: at(&l.from)?,
                    to_unit_id: at(&l.to)?,
                    kind: l.kind.clone(),
                    resolution: l.resolution.clone(),
                    resolution_date: date(&l.resolution_date),
                    effective: date(&l.effective),
                },
            )?;
        }

        // Index sets.
        let sets: Vec<SetDto> = serde_json::from_str(INDEX_SETS).map_err(|e| bad(e.to_string()))?;
        let mut loaded: HashMap<(i32, Level), IndexSet> = HashMap::new();
        for dto in sets {
            let set = IndexSet {
                id: Uuid::new_v4(),
                year: dto.year,
                level: dto.level,
                name: dto.name,
                decision: dto.decision,
                decision_date: date(&dto.decision_date),
                issuer: dto.issuer,
                max_total: dto.max_total,
                ranking: dto.ranking,
                precision: dto.precision,
                bands: dto
                    .bands
                    .into_iter()
                    .map(|b| Band {
                        name: b.name,
                        min: b.min,
                    })
                    .collect(),
                bonus_cap: dto.bonus_cap,
                penalty_cap: dto.penalty_cap,
                roots: dto.nodes.into_iter().map(to_node).collect::<Result<_>>()?,
            };
            index_sets::insert(tx, &set)?;
            loaded.insert((set.year, set.level), set);
        }

        // Scores: entered stage by stage as an officer would, each with its audit entry.
        // Statuses are set last, after the evidence is linked, so final years end locked.
        let mut statuses: Vec<(i64, Status)> = Vec::new();
        for text in SCORES {
            let file: ScoresFile = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
            let set = loaded
                .get(&(file.year, file.level))
                .ok_or_else(|| bad(format!("no set for {} {}", file.year, file.level.as_str())))?;
            let set_id = index_sets::id_of(tx, file.year, file.level)?;
            let mid_year = NaiveDate::from_ymd_opt(file.year, 12, 31).unwrap_or_default();
            for a in file.assessments {
                let unit_id = find(&unit_ids, &a.unit, mid_year)
                    .ok_or_else(|| bad(format!("unit {} in {}", a.unit, file.year)))?;
                let status =
                    Status::parse(&a.status).ok_or_else(|| bad(format!("status {}", a.status)))?;
                let id = assessments::create(tx, &actor, unit_id, set_id, Status::Draft)?;
                let assessment = assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment"))?;
                let mut codes: Vec<&String> = a.scores.keys().collect();
                codes.sort();
                for code in codes {
                    let s = &a.scores[code];
                    let edit = |e: Edit, reason: &str| {
                        scores::apply(tx, &actor, &assessment, set, code, e, reason)
                    };
                    if let Some(reason) = &s.na {
                        edit(Edit::Na(Some(reason.clone())), "")?;
                        continue;
                    }
                    if let Some(raw) = &s.raw {
                        let raw = Raw {
                            a: raw.first().copied(),
                            b: raw.get(1).copied(),
                        };
                        edit(Edit::Raw(raw), "")?;
                    }
                    if s.self_points.is_some() {
                        edit(Edit::Points(Stage::SelfAssessed, s.self_points), "")?;
                    }
                    if !s.self_note.is_empty() {
                        edit(Edit::Note(Note::SelfNote, s.self_note.clone()), "")?;
                    }
                    if let Some(r1) = s.round1 {
                        edit(Edit::Points(Stage::Round1, Some(r1)), &s.round1_reason)?;
                    }
                    if !s.explanation.is_empty() {
                        edit(Edit::Note(Note::Explanation, s.explanation.clone()), "")?;
                    }
                    if let Some(fin) = s.final_points {
                        edit(Edit::Points(Stage::Final, Some(fin)), &s.final_reason)?;
                    }
                }
                for (code, points) in &a.survey {
                    scores::set_survey(
                        tx,
                        &actor,
                        &assessment,
                        set,
                        code,
                        Some(*points),
                        "Điều tra xã hội học (minh họa)",
                    )?;
                }
                statuses.push((id, status));
            }
        }

        // Evidence, linked while the assessments are still open.
        let docs: Vec<EvidenceDto> =
            serde_json::from_str(EVIDENCE).map_err(|e| bad(e.to_string()))?;
        for d in docs {
            let bytes =
                evidence_file(&d.file).ok_or_else(|| bad(format!("evidence file {}", d.file)))?;
            let doc_id = evidence::add(
                tx,
                &actor,
                &DocInfo {
                    doc_type: d.doc_type,
                    number: d.number,
                    issue_date: date(&d.issue_date),
                    issuer: d.issuer,
                    summary: d.summary,
                },
                &d.file,
                bytes,
                None,
            )?;
            for link in d.links {
                let set = loaded.get(&(link.year, link.level)).ok_or_else(|| {
                    bad(format!("no set for {} {}", link.year, link.level.as_str()))
                })?;
                let set_id = index_sets::id_of(tx, link.year, link.level)?;
                for a in assessments::for_set(tx, set_id)? {
                    if link.unit != "*" && a.unit.code != link.unit {
                        continue;
                    }
                    evidence::link(
                        tx,
                        &actor,
                        doc_id,
                        &a,
                        set,
                        &link.criterion,
                        link.page.as_deref().unwrap_or(""),
                    )?;
                }
            }
        }

        for (id, status) in statuses {
            if status == Status::Draft {
                continue;
            }
            let assessment = assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment"))?;
            assessments::set_status(tx, &actor, &assessment, status, "")?;
        }

        let settings: Vec<ReportSettingsDto> =
            serde_json::from_str(REPORT_SETTINGS).map_err(|e| bad(e.to_string()))?;
        for s in settings {
            let f = s.settings;
            reports::save(
                tx,
                s.year,
                s.level,
                &ReportSettings {
                    issuer_parent: f.issuer_parent,
                    issuer: f.issuer,
                    number: f.number,
                    place: f.place,
                    date: date(&f.date),
                    title: f.title,
                    summary: f.summary,
                    signer_mode: f.signer_mode,
                    signer_org: f.signer_org,
                    signer_title: f.signer_title,
                    signer_name: f.signer_name,
                    recipients: f.recipients,
                    body_template: String::new(),
                    ranking_signed: false,
                },
            )?;
        }
        Ok(())
    })?;
    Ok(store)
}
