//! Plain inputs of the three documents. The command line (or the window) fills them from
//! the store; `report/` itself never reads the file, so every figure it prints is one the
//! caller got from `Store::results`, the function the ranking command uses too.

use chrono::NaiveDate;

use super::{OfficialHeader, Signer};
use crate::domain::compare::PreviousYear;
use crate::domain::format::date_long;
use crate::domain::{IndexSet, LeafScore, RankedRow};

/// One year's ranked results and their fingerprint.
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    pub set: &'a IndexSet,
    pub rows: &'a [RankedRow],
    /// Printed in every footer; the value `parindex check` prints.
    pub fingerprint: &'a str,
    /// The year before, when its index set exists at this level.
    pub previous: Option<&'a PreviousYear>,
}

/// Who issues the document and who signs it (the year's report settings).
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    /// "ỦY BAN NHÂN DÂN"
    pub issuer_parent: String,
    /// "HUYỆN THẠCH AN"
    pub issuer: String,
    /// "270/BC-UBND" (without "Số:").
    pub number: String,
    /// "Thạch An"
    pub place: String,
    pub date: Option<NaiveDate>,
    /// "BÁO CÁO"
    pub title: String,
    /// "Kết quả xác định Chỉ số cải cách hành chính năm 2024 của các xã, thị trấn"
    pub summary: String,
    /// ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] …
    pub signer_lines: Vec<String>,
    pub signer_name: String,
    /// Recipients without the leading dash, the last one "Lưu: VT, NV.".
    pub recipients: Vec<String>,
    /// The stored body template; empty means the built-in one.
    pub body_template: String,
    /// The ranking as an appendix of this report or as its own signed document.
    pub ranking_form: super::ranking::RankingForm,
}

impl Letterhead {
    /// The Decree 30 header: a blank number or date is left as dots to be filled by hand,
    /// as officers do before the number is assigned.
    pub(crate) fn header(&self, year: i32) -> OfficialHeader {
        let number = if self.number.trim().is_empty() {
            "Số:      /BC-UBND".to_owned()
        } else {
            format!("Số: {}", self.number.trim())
        };
        let place = if self.place.trim().is_empty() {
            "……….".to_owned()
        } else {
            self.place.trim().to_owned()
        };
        let date = match self.date {
            Some(date) => date_long(date),
            None => format!("ngày …. tháng …. năm {}", year + 1),
        };
        OfficialHeader {
            issuer_parent: self.issuer_parent.clone(),
            issuer: self.issuer.clone(),
            number,
            place_date: format!("{place}, {date}"),
        }
    }

    pub(crate) fn signer(&self) -> Signer {
        Signer {
            title_lines: self.signer_lines.clone(),
            name: self.signer_name.clone(),
        }
    }

    /// "Ủy ban nhân dân huyện Thạch An": the issuer in running text.
    pub(crate) fn issuer_in_text(&self) -> String {
        body_in_text(&self.issuer_parent, &self.issuer)
    }
}

/// "Ủy ban nhân dân huyện Thạch An" from the header's two lines.
pub(crate) fn body_in_text(parent: &str, issuer: &str) -> String {
    let parent = sentence_case(parent.trim());
    let lowered = lower(issuer);
    match (parent.is_empty(), lowered.is_empty()) {
        (false, false) => format!("{parent} {lowered}"),
        (false, true) => parent,
        (true, _) => sentence_case(issuer.trim()),
    }
}

/// "UBND huyện Thạch An" as running text writes it in full ("Ủy ban nhân dân huyện Thạch
/// An"), so one sentence does not name the same body two ways.
pub(crate) fn body_in_full(name: &str) -> String {
    let name = name.trim();
    for (short, full) in [
        ("UBND ", "Ủy ban nhân dân "),
        ("HĐND ", "Hội đồng nhân dân "),
    ] {
        if let Some(rest) = name.strip_prefix(short) {
            return format!("{full}{rest}");
        }
    }
    name.to_owned()
}

fn lower(text: &str) -> String {
    // Place names keep their capitals: "HUYỆN THẠCH AN" → "huyện Thạch An".
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let mut out = first.to_lowercase();
    for word in words {
        out.push(' ');
        out.push_str(&capitalised(word));
    }
    out
}

fn capitalised(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence_case(text: &str) -> String {
    capitalised(&text.to_lowercase())
}

/// An evidence document linked to a leaf.
#[derive(Debug, Clone, Default)]
pub struct EvidenceRef {
    /// Kế hoạch, Báo cáo, Quyết định …
    pub doc_type: String,
    /// "1828/KH-UBND"
    pub number: String,
    pub date: Option<NaiveDate>,
    /// Page or section, may be empty.
    pub page: String,
}

impl EvidenceRef {
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021, tr. 2".
    pub(crate) fn text(&self) -> String {
        let mut text = self.doc_type.clone();
        if !self.number.is_empty() {
            text.push_str(&format!(" số {}", self.number));
        }
        if let Some(date) = self.date {
            text.push_str(&format!(" ngày {}", super::common::date_ref(date)));
        }
        if !self.page.trim().is_empty() {
            text.push_str(&format!(" ({})", self.page.trim()));
        }
        text
    }
}

/// What a scorecard prints for one leaf beyond the scored tree: the stored texts (notes,
/// reasons, giải trình, raw figures) and the evidence.
#[derive(Debug, Clone, Default)]
pub struct LeafSheet {
    pub score: LeafScore,
    pub evidence: Vec<EvidenceRef>,
}

/// One unit's scorecard input: the index of its row in [`Figures::rows`] and its leaves by
/// code.
#[derive(Debug, Clone, Default)]
pub struct UnitSheet {
    pub row: usize,
    pub leaves: std::collections::HashMap<String, LeafSheet>,
}

/// The issuing unit's own result in one year, in the ranking of the level above.
#[derive(Debug, Clone)]
pub struct OwnResult {
    pub year: i32,
    pub rank: Option<u32>,
    /// Units ranked that year.
    pub of: usize,
    pub index: Option<crate::domain::Percent>,
    pub classification: Option<String>,
}

/// A raw figure summed over the period by its label ("Số hồ sơ giải quyết đúng hạn").
#[derive(Debug, Clone)]
pub struct RawFigure {
    pub label: String,
    pub total: i64,
    pub years: Vec<i32>,
}

/// One row of the unit-by-year table: a unit and its index per year of the period ("" when
/// it was not assessed); predecessors of a merged unit follow it, marked.
#[derive(Debug, Clone)]
pub struct LineageRow {
    pub name: String,
    pub cells: Vec<String>,
    /// A unit merged into the row above it.
    pub predecessor: bool,
}

/// An evidence document cited in a footnote, with the area and year it proves.
#[derive(Debug, Clone)]
pub struct Citation {
    pub year: i32,
    pub area_code: String,
    pub area_title: String,
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021 về Cải cách hành chính nhà nước năm 2021".
    pub text: String,
}

/// The inputs of the summary report of a period.
#[derive(Debug, Clone)]
pub struct SummaryInputs<'a> {
    pub from: i32,
    pub to: i32,
    /// Every year of the period that has results, in order.
    pub years: Vec<Figures<'a>>,
    /// "Huyện Thạch An": the issuing unit, when the file has its results.
    pub own_name: String,
    pub own: Vec<OwnResult>,
    /// The bands of the level above (the thresholds of the own-index chart).
    pub own_bands: Vec<crate::domain::Band>,
    pub lineage: Vec<LineageRow>,
    pub raw: Vec<RawFigure>,
    /// The years whose raw figures are the assessed units' own, added up.
    pub raw_from_units: Vec<i32>,
    pub citations: Vec<Citation>,
    /// Printed in every footer: the fingerprints of the years.
    pub fingerprint: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_reads_as_running_text() {
        let head = Letterhead {
            issuer_parent: "ỦY BAN NHÂN DÂN".into(),
            issuer: "HUYỆN THẠCH AN".into(),
            ..Letterhead::default()
        };
        assert_eq!(head.issuer_in_text(), "Ủy ban nhân dân huyện Thạch An");
    }

    #[test]
    fn blank_number_and_date_are_left_to_fill() {
        let head = Letterhead::default().header(2024);
        assert_eq!(head.number, "Số:      /BC-UBND");
        assert!(head.place_date.ends_with("năm 2025"));
    }
}
