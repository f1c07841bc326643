//! Small pieces shared by the three documents: number formats, the area columns, the
//! footer line, the stage of a year in progress.

use chrono::{Datelike, NaiveDate};

use crate::domain::{Explained, IndexSet, LeafKind, Node, Percent, Points, RankedRow, Status};

/// "99,48" or "-" when nothing could be scored.
pub(crate) fn pct(index: Option<Percent>) -> String {
    index.map_or_else(|| "-".to_owned(), Percent::to_vi)
}

/// "0,5" or "-" when not entered.
pub(crate) fn pts(points: Option<Points>) -> String {
    points.map_or_else(|| "-".to_owned(), Points::to_vi)
}

/// Survey points, or "–" while the survey has not given any (a zero would read as a result).
pub(crate) fn survey(row: &RankedRow) -> String {
    let entered = leaves(&row.score.roots)
        .into_iter()
        .any(|leaf| is_survey(leaf) && leaf.final_points.is_some());
    if entered {
        row.totals.survey_points.to_vi()
    } else {
        "\u{2013}".to_owned()
    }
}

/// "05" as the source report counts units ("05/14 xã").
pub(crate) fn count(n: usize) -> String {
    format!("{n:02}")
}

/// "05/14 đơn vị xếp loại Tốt", or `none` ("không có đơn vị nào xếp loại Tốt") when the
/// count is zero: "00/14" reads as a typing slip in a signed document.
pub(crate) fn count_of(n: usize, total: usize, what: &str, none: &str) -> String {
    if n == 0 {
        none.to_owned()
    } else {
        format!("{}/{} {what}", count(n), count(total))
    }
}

/// A date in a reference as the source report writes it: "29/3/2024", "08/01/2021" (day
/// with two digits, January and February with two, as Decree 30 writes the long date).
pub(crate) fn date_ref(date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("{:02}/{month}/{}", date.day(), date.year())
}

/// For a re-issued set, what its decision replaced: "thay thế Quyết định số 12/QĐ-UBND
/// ngày 03/3/2025", so a printed document names the version in force.
pub(crate) fn replaces(set: &crate::domain::IndexSet) -> Option<String> {
    let earlier = set.earlier.last()?;
    let mut text = if earlier.decision.trim().is_empty() {
        format!("thay thế phiên bản {}", earlier.version)
    } else {
        format!("thay thế Quyết định số {}", earlier.decision.trim())
    };
    if let Some(date) = earlier.decision_date {
        text.push_str(&format!(" ngày {}", date_ref(date)));
    }
    Some(text)
}

/// The footer of every page: the data fingerprint `parindex check` prints, nothing else.
pub(crate) fn footer(fingerprint: &str) -> String {
    format!("Mã dữ liệu: {fingerprint}")
}

/// Where a unit's assessment stands, as a provisional row is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    SelfAssessed,
    Round1,
    Final,
}

impl Stage {
    /// "tự đánh giá", "thẩm định vòng 1", "cuối".
    pub(crate) fn vi(self) -> &'static str {
        match self {
            Stage::SelfAssessed => "tự đánh giá",
            Stage::Round1 => "thẩm định vòng 1",
            Stage::Final => "cuối",
        }
    }
}

/// The latest stage any scored criterion of the unit has reached (survey not counted: its
/// points come from questionnaires, not from the appraisal).
pub(crate) fn stage(row: &RankedRow) -> Stage {
    let scored: Vec<&Explained> = leaves(&row.score.roots)
        .into_iter()
        .filter(|leaf| !is_survey(leaf))
        .collect();
    if scored.iter().any(|leaf| leaf.final_points.is_some()) {
        Stage::Final
    } else if scored.iter().any(|leaf| leaf.appraised_points.is_some()) {
        Stage::Round1
    } else {
        Stage::SelfAssessed
    }
}

/// Whether a unit's result is provisional: its assessment is not final yet.
pub(crate) fn is_provisional(row: &RankedRow) -> bool {
    row.status != Status::Final
}

/// "Tạm tính (tự đánh giá)": the mark of a provisional row; empty for a final one.
pub(crate) fn provisional_mark(row: &RankedRow) -> String {
    if is_provisional(row) {
        format!("Tạm tính ({})", stage(row).vi())
    } else {
        String::new()
    }
}

/// The units whose assessment is not final, by name.
pub(crate) fn open_units(rows: &[RankedRow]) -> Vec<&str> {
    rows.iter()
        .filter(|row| is_provisional(row))
        .map(|row| row.unit_name.as_str())
        .collect()
}

/// Every scored leaf under `roots`.
fn leaves(roots: &[Explained]) -> Vec<&Explained> {
    let mut out = Vec::new();
    let mut stack: Vec<&Explained> = roots.iter().rev().collect();
    while let Some(node) = stack.pop() {
        if node.children.is_empty() {
            out.push(node);
        } else {
            stack.extend(node.children.iter().rev());
        }
    }
    out
}

/// Whether a top-level node holds only bonus and penalty items (shown in their own
/// column, not as an area).
fn is_adjustment_area(node: &Node) -> bool {
    let leaves = node.leaves();
    !leaves.is_empty()
        && leaves.iter().all(|leaf| {
            leaf.leaf
                .as_ref()
                .is_some_and(|leaf| leaf.kind.is_adjustment())
        })
}

/// The areas (lĩnh vực) that carry points of the index, with their position among the
/// set's roots (the same position in every unit's scored tree).
pub(crate) fn areas(set: &IndexSet) -> Vec<(usize, &Node)> {
    set.roots
        .iter()
        .enumerate()
        .filter(|(_, node)| !is_adjustment_area(node))
        .collect()
}

/// The points an area contributes to a unit's index (appraised where appraised).
pub(crate) fn area_points(roots: &[Explained], position: usize) -> Option<Points> {
    roots.get(position).and_then(|root| root.effective)
}

/// "+1,5", "−0,5", "+1/−0,5" or "0": bonus and penalty in one cell.
pub(crate) fn adjustment(bonus: Points, penalty: Points) -> String {
    match (bonus > Points::ZERO, penalty > Points::ZERO) {
        (false, false) => "0".to_owned(),
        (true, false) => format!("+{}", bonus.to_vi()),
        (false, true) => format!("\u{2212}{}", penalty.to_vi()),
        (true, true) => format!("+{}/\u{2212}{}", bonus.to_vi(), penalty.to_vi()),
    }
}

/// "Tốt: từ 90% trở lên", "Khá: từ 70% đến dưới 90%", "Yếu: dưới 50%": the bands of a set
/// (highest minimum first), described as the source report does.
pub(crate) fn band_ranges(set: &IndexSet) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(set.bands.len());
    let mut upper: Option<Points> = None;
    for band in &set.bands {
        let range = match (band.min > Points::ZERO, upper) {
            (true, None) => format!("từ {}% trở lên", band.min.to_vi()),
            (true, Some(up)) => format!("từ {}% đến dưới {}%", band.min.to_vi(), up.to_vi()),
            (false, Some(up)) => format!("dưới {}%", up.to_vi()),
            (false, None) => "mọi mức".to_owned(),
        };
        out.push((band.name.clone(), range));
        upper = Some(band.min);
    }
    out
}

/// Whether a scored leaf is a survey leaf (its points come from questionnaires).
pub(crate) fn is_survey(node: &Explained) -> bool {
    node.leaf_kind == Some(LeafKind::Survey)
}
