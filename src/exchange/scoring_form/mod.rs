//! The blank scoring form of one unit (issue 13, item 2), for communes that still work in
//! Excel: [`export_form`] writes it (one sheet: a title, a labelled identity block the reader
//! checks, then one row per criterion with input cells only where the unit enters
//! something), [`read_form`] reads a filled one back as hostile input into a [`FormPlan`]
//! (per criterion old → new, nothing stored), and [`apply_form`] stores the plan through the
//! grid's own store path, each change with its audit entry, in one transaction.
//!
//! The layout below is shared by the writer and the reader, so the two cannot drift.

mod read;
mod write;

pub use read::read_form;
pub use write::{export_form, export_forms, form_file_name};

use serde::Serialize;
use uuid::Uuid;

use crate::domain::index_set::{Leaf, LeafKind, NaPolicy};
use crate::domain::{Lang, Level, Points};
use crate::store::scores::Edit;
use crate::store::{Store, StoreError};

/// Columns of the criteria table (0-based), in the order they are printed.
pub(crate) const COL_CODE: u16 = 0;
pub(crate) const COL_TITLE: u16 = 1;
pub(crate) const COL_MAX: u16 = 2;
pub(crate) const COL_KIND: u16 = 3;
pub(crate) const COL_GUIDANCE: u16 = 4;
pub(crate) const COL_FIGURE_A: u16 = 5;
pub(crate) const COL_FIGURE_B: u16 = 6;
pub(crate) const COL_POINTS: u16 = 7;
pub(crate) const COL_NA: u16 = 8;
pub(crate) const COL_NOTE: u16 = 9;
pub(crate) const LAST_COL: u16 = COL_NOTE;

/// The header of each column as printed, its width, and the names the reader finds it by
/// (folded: no diacritics, lower case; the more specific first).
pub(crate) const COLUMNS: [(&str, f64, &[&str]); 10] = [
    ("STT", 8.0, &["stt", "ma tieu chi"]),
    ("Lĩnh vực/Tiêu chí", 42.0, &["linh vuc", "tieu chi"]),
    ("Điểm tối đa", 8.5, &["diem toi da"]),
    ("Cách chấm", 24.0, &["cach cham"]),
    ("Hướng dẫn chấm", 40.0, &["huong dan cham", "huong dan"]),
    ("Số liệu: tử số", 11.0, &["so lieu: tu so", "tu so"]),
    ("Số liệu: mẫu số", 11.0, &["so lieu: mau so", "mau so"]),
    (
        "Điểm tự đánh giá",
        10.0,
        &["diem tu danh gia", "tu danh gia"],
    ),
    ("Không phát sinh (lý do)", 18.0, &["khong phat sinh"]),
    (
        "Ghi chú / tài liệu kiểm chứng",
        28.0,
        &["ghi chu", "tai lieu kiem chung"],
    ),
];

/// The identity block: label (column A) and value (column C) of each line, and the label
/// folded as the reader looks for it.
pub(crate) const ID_UNIT: (&str, &str) = ("Mã đơn vị", "ma don vi");
pub(crate) const ID_YEAR: (&str, &str) = ("Năm", "nam");
pub(crate) const ID_LEVEL: (&str, &str) = ("Cấp", "cap");
pub(crate) const ID_SET: (&str, &str) = ("Mã bộ chỉ số", "ma bo chi so");
/// Column of the identity values.
pub(crate) const ID_VALUE_COL: u16 = 2;

/// The level as the form prints it ("xã", "huyện"), and back (also the command line's words).
pub(crate) fn level_word(level: Level) -> &'static str {
    match level {
        Level::Commune => "xã",
        Level::District => "huyện",
    }
}

pub(crate) fn parse_level_word(folded: &str) -> Option<Level> {
    match folded.trim_start_matches("cap ").trim() {
        "xa" => Some(Level::Commune),
        "huyen" => Some(Level::District),
        other => Level::parse(other),
    }
}

/// What the unit enters on a leaf's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Numerator and denominator (a ratio).
    TwoFigures,
    /// One figure in the numerator column (a value, yes/no as 1 or 0, a count).
    OneFigure,
    /// The self-assessed points.
    Points,
    /// Nothing: survey points come from the survey.
    Nothing,
}

pub(crate) fn entry_of(leaf: &Leaf) -> Entry {
    match leaf.kind {
        LeafKind::RatioBands => Entry::TwoFigures,
        LeafKind::ValueBands | LeafKind::YesNo | LeafKind::CountCap => Entry::OneFigure,
        LeafKind::Manual | LeafKind::Bonus | LeafKind::Penalty => Entry::Points,
        LeafKind::Survey => Entry::Nothing,
    }
}

/// How a leaf is scored, in words for the unit filling the form (Vietnamese: the form is a
/// Vietnamese document).
pub(crate) fn kind_words(leaf: &Leaf) -> String {
    let bands = |unit: &str| {
        leaf.bands
            .iter()
            .map(|b| format!("≥ {}{unit}: {} điểm", b.min.to_vi(), b.points.to_vi()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let labels = match leaf.raw_labels.as_slice() {
        [] => String::new(),
        [a] => format!(" Số liệu: {a}."),
        [a, b, ..] => format!(" Tử số: {a}; mẫu số: {b}."),
    };
    let mut words = match leaf.kind {
        LeafKind::Manual => "Chấm trực tiếp: ghi điểm.".to_owned(),
        LeafKind::RatioBands => {
            let over = if leaf.allows_over_100 {
                " (được vượt 100%)"
            } else {
                ""
            };
            format!("Theo tỷ lệ %{over}: {}.{labels}", bands("%"))
        }
        LeafKind::ValueBands => format!("Theo số liệu: {}.{labels}", bands("")),
        LeafKind::YesNo => "Có / không: ghi 1 (có) hoặc 0 (không) vào cột tử số.".to_owned(),
        LeafKind::CountCap => format!(
            "Mỗi lần {} điểm, tối đa {}: ghi số lần vào cột tử số.",
            leaf.per_unit.unwrap_or(Points::ZERO).to_vi(),
            leaf.max.to_vi()
        ),
        LeafKind::Bonus => "Điểm thưởng: ghi điểm.".to_owned(),
        LeafKind::Penalty => "Điểm trừ: ghi số điểm bị trừ.".to_owned(),
        LeafKind::Survey => "Điều tra xã hội học: đơn vị không tự chấm.".to_owned(),
    };
    match leaf.na_policy {
        NaPolicy::NotAllowed => {}
        NaPolicy::Exclude => words.push_str(" Không phát sinh: không tính vào điểm tối đa."),
        NaPolicy::FullPoints => words.push_str(" Không phát sinh: được điểm tối đa."),
    }
    words
}

/// Which of a unit's values a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    Points,
    Figures,
    NotApplicable,
    Note,
}

impl FormField {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FormField::Points => lang.pick("Điểm tự đánh giá", "Self-assessed points"),
            FormField::Figures => lang.pick("Số liệu", "Raw figures"),
            FormField::NotApplicable => lang.pick("Không phát sinh", "Did not arise"),
            FormField::Note => lang.pick("Ghi chú", "Note"),
        }
    }
}

/// One value the form changes.
#[derive(Debug, Clone, Serialize)]
pub struct FormChange {
    /// The form's row (1-based, as the spreadsheet shows it).
    pub row: usize,
    pub code: String,
    pub title: String,
    pub field: FormField,
    /// The value stored now and the form's, as the officer reads them ("0,5", "57.286/60.000").
    pub old: Option<String>,
    pub new: String,
    #[serde(skip)]
    pub(crate) edit: Edit,
}

/// A filled form read and checked against the file: what storing it would change.
#[derive(Debug, Clone, Serialize)]
pub struct FormPlan {
    pub unit_code: String,
    pub unit_name: String,
    pub year: i32,
    pub level: Level,
    pub set: Uuid,
    /// "Biểu mẫu chấm điểm: <file name>", the reason of every audit entry it makes.
    pub source: String,
    pub changes: Vec<FormChange>,
    /// Criteria the form fills with the values already stored.
    pub unchanged: usize,
}

/// What a form read must be for: the year and level being worked on and, when the officer
/// chose one, the unit.
#[derive(Debug, Clone)]
pub struct FormTarget {
    pub year: i32,
    pub level: Level,
    pub unit: Option<String>,
}

/// Stores a read form's changes as the unit's self-assessment in one transaction, each with
/// its audit entry (reason: the form). Returns the number of values changed; a plan with no
/// change writes nothing.
pub fn apply_form(store: &mut Store, plan: &FormPlan) -> Result<usize, StoreError> {
    if plan.changes.is_empty() {
        return Ok(0);
    }
    let edits: Vec<(String, Edit)> = plan
        .changes
        .iter()
        .map(|c| (c.code.clone(), c.edit.clone()))
        .collect();
    store.store_scoring_form(
        plan.year,
        plan.level,
        &plan.unit_code,
        plan.set,
        &edits,
        &plan.source,
    )
}
