//! The built-in demo: Cao Bằng's districts and Thạch An's communes, 2021–2025, read from the
//! data files of `assets/demo/` (compiled into the binary) and written through the store, so
//! every score of the demo has its audit entry like any other.
//!
//! The index sets are illustrative ("minh họa") and every score is synthetic; the data
//! reproduce the rankings and classifications the source report states.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::format::parse_iso_date;
use crate::domain::{
    Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, PointBand, Points, RankingRule, Raw,
    Status, UnitKind,
};
use crate::store::evidence::EvidenceInfo;
use crate::store::reports::ReportSettings;
use crate::store::scores::{Edit, Note, Stage};
use crate::store::seed::{
    Seed, SeedAssessment, SeedEdit, SeedEvidence, SeedLineage, SeedLink, SeedUnit, UnitOn,
};
use crate::store::units::NewUnit;
use crate::store::{Result, Store, StoreError};

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
    kind: UnitKind,
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
    #[serde(default)]
    allows_over_100: bool,
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
            allows_over_100: dto.allows_over_100,
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
    let seed = demo_seed()?;
    let mut store = Store::create(path)?;
    store.set_actor(DEMO_ACTOR);
    store.seed(&seed)?;
    store.set_meta(DEMO_MARK, "minh họa")?;
    Ok(store)
}

/// The `meta` key that marks a file as the demo (the window shows a banner over it).
pub const DEMO_MARK: &str = "demo";

/// Whether `store` is the demo (or a copy of it).
pub fn is_demo(store: &Store) -> bool {
    store.meta(DEMO_MARK).ok().flatten().is_some()
}

/// The demo's data files as the store's plain values.
fn demo_seed() -> Result<Seed> {
    let json = |e: serde_json::Error| bad(e.to_string());
    let units_file: UnitsFile = serde_json::from_str(UNITS).map_err(json)?;
    let units = units_file
        .units
        .into_iter()
        .map(|u| SeedUnit {
            unit: NewUnit {
                valid_from: date(&u.valid_from),
                valid_to: date(&u.valid_to),
                code: u.code,
                name: u.name,
                kind: u.kind,
                parent_id: None,
            },
            parent: u.parent,
        })
        .collect();
    let unit_on = |pair: (String, String)| -> Result<UnitOn> {
        let day = parse_iso_date(&pair.1).ok_or_else(|| bad(format!("date {}", pair.1)))?;
        Ok(UnitOn { code: pair.0, day })
    };
    let lineage = units_file
        .lineage
        .into_iter()
        .map(|l| {
            Ok(SeedLineage {
                from: unit_on(l.from)?,
                to: unit_on(l.to)?,
                kind: l.kind,
                resolution: l.resolution,
                resolution_date: date(&l.resolution_date),
                effective: date(&l.effective),
            })
        })
        .collect::<Result<_>>()?;

    let set_dtos: Vec<SetDto> = serde_json::from_str(INDEX_SETS).map_err(json)?;
    let sets = set_dtos.into_iter().map(to_set).collect::<Result<_>>()?;

    // Scores are entered stage by stage as an officer would, each with its audit entry.
    let mut assessments = Vec::new();
    for text in SCORES {
        let file: ScoresFile = serde_json::from_str(text).map_err(json)?;
        for a in file.assessments {
            let status =
                Status::parse(&a.status).ok_or_else(|| bad(format!("status {}", a.status)))?;
            let mut codes: Vec<&String> = a.scores.keys().collect();
            codes.sort();
            let edits = codes
                .into_iter()
                .flat_map(|code| score_edits(code, &a.scores[code]))
                .collect();
            assessments.push(SeedAssessment {
                year: file.year,
                level: file.level,
                unit: a.unit,
                status,
                edits,
                survey: {
                    let mut survey: Vec<(String, Points)> = a.survey.into_iter().collect();
                    survey.sort();
                    survey
                },
                survey_source: "Điều tra xã hội học (minh họa)".into(),
            });
        }
    }

    let docs: Vec<EvidenceDto> = serde_json::from_str(EVIDENCE).map_err(json)?;
    let evidence = docs
        .into_iter()
        .map(|d| {
            let bytes =
                evidence_file(&d.file).ok_or_else(|| bad(format!("evidence file {}", d.file)))?;
            Ok(SeedEvidence {
                info: EvidenceInfo {
                    doc_type: d.doc_type,
                    number: d.number,
                    issue_date: date(&d.issue_date),
                    issuer: d.issuer,
                    summary: d.summary,
                },
                file_name: d.file,
                bytes: Cow::Borrowed(bytes),
                links: d
                    .links
                    .into_iter()
                    .map(|l| SeedLink {
                        year: l.year,
                        level: l.level,
                        unit: (l.unit != "*").then_some(l.unit),
                        criterion: l.criterion,
                        page: l.page.unwrap_or_default(),
                    })
                    .collect(),
            })
        })
        .collect::<Result<_>>()?;

    let settings: Vec<ReportSettingsDto> = serde_json::from_str(REPORT_SETTINGS).map_err(json)?;
    let report_settings = settings
        .into_iter()
        .map(|s| {
            let f = s.settings;
            let settings = ReportSettings {
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
            };
            (s.year, s.level, settings)
        })
        .collect();

    Ok(Seed {
        units,
        lineage,
        sets,
        assessments,
        evidence,
        report_settings,
    })
}

fn to_set(dto: SetDto) -> Result<IndexSet> {
    Ok(IndexSet {
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
        version: 1,
        earlier: Vec::new(),
    })
}

/// One leaf's demo score as the edits an officer makes: raw figures, own points and note,
/// round 1 with its reason, the explanation, the final points.
fn score_edits(code: &str, s: &ScoreDto) -> Vec<SeedEdit> {
    let edit = |edit: Edit, reason: &str| SeedEdit {
        code: code.to_owned(),
        edit,
        reason: reason.to_owned(),
    };
    if let Some(reason) = &s.na {
        return vec![edit(Edit::Na(Some(reason.clone())), "")];
    }
    let mut edits = Vec::new();
    if let Some(raw) = &s.raw {
        let raw = Raw {
            a: raw.first().copied(),
            b: raw.get(1).copied(),
        };
        edits.push(edit(Edit::Raw(raw), ""));
    }
    if s.self_points.is_some() {
        edits.push(edit(Edit::Points(Stage::SelfAssessed, s.self_points), ""));
    }
    if !s.self_note.is_empty() {
        edits.push(edit(Edit::Note(Note::SelfNote, s.self_note.clone()), ""));
    }
    if let Some(r1) = s.round1 {
        edits.push(edit(
            Edit::Points(Stage::Round1, Some(r1)),
            &s.round1_reason,
        ));
    }
    if !s.explanation.is_empty() {
        edits.push(edit(
            Edit::Note(Note::Explanation, s.explanation.clone()),
            "",
        ));
    }
    if let Some(fin) = s.final_points {
        edits.push(edit(Edit::Points(Stage::Final, Some(fin)), &s.final_reason));
    }
    edits
}
