//! The merge plan: what an import would change, in plain data the GUI can render, and the
//! user's choices when applying it.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use uuid::Uuid;

use crate::domain::{LeafScore, Points, Raw};
use crate::store::export::PackageInfo;
use crate::store::signing::SenderKey;

/// A self-assessment field a submission may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Điểm tự đánh giá.
    SelfPoints,
    /// Ghi chú (how the unit scored).
    SelfNote,
    /// Raw figures of a computed leaf.
    Raw,
    /// Không phát sinh (with its reason).
    Na,
    /// Giải trình.
    Explanation,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Na,
        Field::Raw,
        Field::SelfPoints,
        Field::SelfNote,
        Field::Explanation,
    ];

    /// The audit log's field name.
    pub fn audit_field(self) -> &'static str {
        match self {
            Field::SelfPoints => "self",
            Field::SelfNote => "self_note",
            Field::Raw => "raw",
            Field::Na => "na",
            Field::Explanation => "explanation",
        }
    }

    pub fn label(self, lang: crate::domain::Lang) -> &'static str {
        match self {
            Field::SelfPoints => lang.pick("Điểm tự đánh giá", "Self-assessed points"),
            Field::SelfNote => lang.pick("Ghi chú", "Note"),
            Field::Raw => lang.pick("Số liệu", "Raw figures"),
            Field::Na => lang.pick("Không phát sinh", "Did not arise"),
            Field::Explanation => lang.pick("Giải trình", "Explanation"),
        }
    }

    /// Empties this field of `s` (a refused value is left out).
    pub(super) fn clear(self, s: &mut LeafScore) {
        match self {
            Field::SelfPoints => s.self_points = None,
            Field::SelfNote => s.self_note.clear(),
            Field::Raw => s.raw = Raw::default(),
            Field::Na => s.na = None,
            Field::Explanation => s.explanation.clear(),
        }
    }

    pub(super) fn get(self, s: &LeafScore) -> Value {
        match self {
            Field::SelfPoints => Value::Points(s.self_points),
            Field::SelfNote => Value::Text(s.self_note.clone()),
            Field::Raw => Value::Raw(s.raw),
            Field::Na => Value::Na(s.na.clone()),
            Field::Explanation => Value::Text(s.explanation.clone()),
        }
    }
}

/// A typed field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Points(Option<Points>),
    Text(String),
    Raw(Raw),
    Na(Option<String>),
}

impl Value {
    /// The value as the plan prints it ("∅" for nothing).
    pub fn display(&self) -> String {
        match self {
            Value::Points(Some(p)) => p.to_vi(),
            Value::Points(None) | Value::Na(None) => "∅".into(),
            Value::Text(t) if t.is_empty() => "∅".into(),
            Value::Text(t) => t.clone(),
            Value::Raw(r) => match (r.a, r.b) {
                (None, _) => "∅".into(),
                (Some(a), None) => a.to_string(),
                (Some(a), Some(b)) => format!("{a}/{b}"),
            },
            Value::Na(Some(reason)) => format!("không phát sinh: {reason}"),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Value::Points(p) => p.is_none(),
            Value::Text(t) => t.is_empty(),
            Value::Raw(r) => r.a.is_none() && r.b.is_none(),
            Value::Na(n) => n.is_none(),
        }
    }
}

/// Which assessment and leaf a plan item is about, as the officer knows them.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub unit_code: String,
    pub unit_name: String,
    pub year: i32,
    /// The criterion code ("1.2.3"), when the item is about one leaf.
    pub criterion: Option<String>,
    #[serde(skip)]
    pub(super) assessment: Uuid,
    #[serde(skip)]
    pub(super) criterion_uuid: Option<Uuid>,
}

/// A field that would change.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub place: Place,
    pub field: Field,
    pub old: Value,
    pub new: Value,
}

/// A value changed on both sides since the common ancestor.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub place: Place,
    pub field: Field,
    /// The value in this (the live) file.
    pub local: Value,
    /// The value in the received file.
    pub incoming: Value,
}

/// Something in the received file that is left out, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub place: Place,
    /// What was left out: "Điểm thẩm định vòng 1", "Trạng thái", "Bộ chỉ số"…
    pub what: String,
    /// Why, written "tiếng Việt / English" (the plan is shown in either language).
    pub reason: String,
}

impl Refused {
    /// The reason in `lang`: the part before " / " in Vietnamese, after it in English; a
    /// reason written in one language only is shown as it is.
    pub fn reason_in(&self, lang: crate::domain::Lang) -> &str {
        match self.reason.split_once(" / ") {
            Some((vi, en)) => lang.pick(vi, en),
            None => &self.reason,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NewUnit {
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewAssessment {
    pub place: Place,
    pub uuid: Uuid,
    /// The self-assessment fields it brings (appraisal fields are refused).
    pub leaves: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewEvidence {
    pub uuid: Uuid,
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021".
    pub reference: String,
    pub file_name: String,
    pub file_size: i64,
    /// Whether the file's bytes came with it (else: "file not included").
    pub file_included: bool,
    /// The document exists here already and only its file is new.
    pub file_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewLink {
    pub place: Place,
    pub doc: Uuid,
    pub reference: String,
    pub page: String,
    #[serde(skip)]
    pub(super) uuid: Uuid,
}

/// The plan of an import: everything it would change, in plain data the GUI can render.
#[derive(Debug, Clone, Serialize)]
pub struct MergePlan {
    pub package: PackageInfo,
    pub source: PathBuf,
    /// The package's id is already in this file's audit log.
    pub already_imported: bool,
    /// Received audit entries up to the fork point, all of them in this file's log too
    /// (0: no common history).
    pub common_history: usize,
    pub new_units: Vec<NewUnit>,
    pub new_assessments: Vec<NewAssessment>,
    pub changes: Vec<FieldChange>,
    pub new_evidence: Vec<NewEvidence>,
    pub new_links: Vec<NewLink>,
    pub conflicts: Vec<Conflict>,
    pub refused: Vec<Refused>,
    /// Assessments that are locked here and take the submission as a late one.
    pub late: Vec<Place>,
    /// The live file's last audit hash when the plan was made.
    pub(super) live_head: Option<String>,
    #[serde(skip)]
    pub(super) new_assessment_scores: HashMap<Uuid, Vec<(Uuid, LeafScore)>>,
    /// Who signed the package and whether this file already trusts that key.
    pub signer: Signer,
    /// The received file shares no history with this one (see [`Choices::accept_unrelated`]).
    pub unrelated: bool,
}

/// The sender of a signed package as this file sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Signer {
    pub key: SenderKey,
    /// `unit:<uuid>` for a unit's submission, `key:<fingerprint>` for a whole or year file.
    pub sender: String,
    /// "01795 Xã Đức Long", or who made the file for a whole or year file.
    pub label: String,
    /// This file accepted the key before; `false`: first package of this sender.
    pub known: bool,
}

impl MergePlan {
    /// Whether applying would change nothing.
    pub fn is_empty(&self) -> bool {
        self.new_units.is_empty()
            && self.new_assessments.is_empty()
            && self.changes.is_empty()
            && self.new_evidence.is_empty()
            && self.new_links.is_empty()
            && self.conflicts.is_empty()
    }
}

/// Options of the plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Accept a submission into a locked (final) assessment.
    pub allow_late: bool,
}

/// The choice for one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Resolution {
    KeepLocal,
    TakeIncoming,
}

/// The user's choices when applying.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// One entry per conflict of the plan, in order; `None` = not chosen.
    pub conflicts: Vec<Option<Resolution>>,
    /// A choice for every conflict not chosen one by one.
    pub all_conflicts: Option<Resolution>,
    /// The officer compared the sender's key fingerprint with the sender (by phone) and
    /// accepts it.
    pub trust_sender: bool,
    /// The officer accepts a whole or year file that shares no history with this one.
    pub accept_unrelated: bool,
}

/// What an apply did.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub backup: Option<PathBuf>,
    pub changes: usize,
    pub package: Option<Uuid>,
}
