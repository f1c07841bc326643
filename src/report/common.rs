//! Small pieces shared by the three documents: number formats, the area columns, the
//! footer line.

use crate::domain::{Explained, IndexSet, LeafKind, Node, Percent, Points};

/// "99,48" or "-" when nothing could be scored.
pub(crate) fn pct(index: Option<Percent>) -> String {
    index.map_or_else(|| "-".to_owned(), Percent::to_vi)
}

/// "0,5" or "-" when not entered.
pub(crate) fn pts(points: Option<Points>) -> String {
    points.map_or_else(|| "-".to_owned(), Points::to_vi)
}

/// "05" as the source report counts units ("05/14 xã").
pub(crate) fn count(n: usize) -> String {
    format!("{n:02}")
}

/// The footer of every page.
pub(crate) fn footer(fingerprint: &str) -> String {
    format!("Mã dữ liệu: {fingerprint} · parindex")
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
