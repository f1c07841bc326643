//! The index set (bộ chỉ số): the criteria tree of one year for one level of unit.

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use uuid::Uuid;

use super::points::Points;

/// The level of the units an index set scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Commune,
    District,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Commune => "commune",
            Level::District => "district",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "commune" | "xa" => Some(Level::Commune),
            "district" | "huyen" => Some(Level::District),
            _ => None,
        }
    }

    /// "cấp xã" / "cấp huyện".
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Commune => "cấp xã",
            Level::District => "cấp huyện",
        }
    }
}

/// How equal index values share a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RankingRule {
    /// 1, 1, 3: the unit after a tie skips the shared places.
    Competition,
    /// 1, 1, 2: no place is skipped.
    Dense,
}

impl RankingRule {
    pub fn as_str(self) -> &'static str {
        match self {
            RankingRule::Competition => "competition",
            RankingRule::Dense => "dense",
        }
    }

    pub fn parse(text: &str) -> Option<RankingRule> {
        match text {
            "competition" => Some(RankingRule::Competition),
            "dense" => Some(RankingRule::Dense),
            _ => None,
        }
    }
}

/// A classification band (Tốt, Khá, …): reached when the index is at least `min` percent,
/// `min` held in thousandths of a percent like points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub name: String,
    pub min: Points,
}

/// What "không phát sinh" (did not arise) does to a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NaPolicy {
    /// The leaf must be scored.
    NotAllowed,
    /// The leaf leaves both the points and the maximum.
    Exclude,
    /// The leaf is awarded its full points.
    FullPoints,
}

impl NaPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            NaPolicy::NotAllowed => "not_allowed",
            NaPolicy::Exclude => "exclude",
            NaPolicy::FullPoints => "full_points",
        }
    }

    pub fn parse(text: &str) -> Option<NaPolicy> {
        match text {
            "not_allowed" => Some(NaPolicy::NotAllowed),
            "exclude" => Some(NaPolicy::Exclude),
            "full_points" => Some(NaPolicy::FullPoints),
            _ => None,
        }
    }
}

/// How a leaf's points are reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeafKind {
    /// Points entered directly.
    Manual,
    /// Bands on the ratio of two raw figures (e.g. dossiers on time ÷ dossiers settled).
    RatioBands,
    /// Bands on one raw value.
    ValueBands,
    /// Yes: the maximum; no: 0.
    YesNo,
    /// Points per occurrence, capped at the maximum.
    CountCap,
    /// Bonus points (điểm thưởng), capped by the leaf and by the set.
    Bonus,
    /// Penalty points (điểm trừ), stored positive and subtracted.
    Penalty,
    /// Points from the sociological survey (ĐTXHH).
    Survey,
}

impl LeafKind {
    /// The kind as officers name it.
    pub fn label(self, lang: super::Lang) -> &'static str {
        match self {
            LeafKind::Manual => lang.pick("Chấm trực tiếp", "Manual"),
            LeafKind::RatioBands => lang.pick("Theo tỷ lệ (mức)", "Bands on a ratio"),
            LeafKind::ValueBands => lang.pick("Theo giá trị (mức)", "Bands on a value"),
            LeafKind::YesNo => lang.pick("Có / không", "Yes / no"),
            LeafKind::CountCap => lang.pick("Theo số lần (có trần)", "Count with cap"),
            LeafKind::Bonus => lang.pick("Điểm thưởng", "Bonus"),
            LeafKind::Penalty => lang.pick("Điểm trừ", "Penalty"),
            LeafKind::Survey => lang.pick("Điều tra xã hội học", "Survey"),
        }
    }

    pub const ALL: [LeafKind; 8] = [
        LeafKind::Manual,
        LeafKind::RatioBands,
        LeafKind::ValueBands,
        LeafKind::YesNo,
        LeafKind::CountCap,
        LeafKind::Bonus,
        LeafKind::Penalty,
        LeafKind::Survey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeafKind::Manual => "manual",
            LeafKind::RatioBands => "ratio_bands",
            LeafKind::ValueBands => "value_bands",
            LeafKind::YesNo => "yes_no",
            LeafKind::CountCap => "count_cap",
            LeafKind::Bonus => "bonus",
            LeafKind::Penalty => "penalty",
            LeafKind::Survey => "survey",
        }
    }

    pub fn parse(text: &str) -> Option<LeafKind> {
        LeafKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether the points follow from raw figures rather than being typed.
    pub fn is_computed(self) -> bool {
        matches!(
            self,
            LeafKind::RatioBands | LeafKind::ValueBands | LeafKind::YesNo | LeafKind::CountCap
        )
    }

    /// Bonus and penalty sit outside the maximum of the index.
    pub fn is_adjustment(self) -> bool {
        matches!(self, LeafKind::Bonus | LeafKind::Penalty)
    }
}

/// One step of a banded rule: at least `min` gives `points`. For ratio bands `min` is a
/// percentage in thousandths; for value bands it is the raw value in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointBand {
    pub min: Points,
    pub points: Points,
}

/// What only a leaf (tiêu chí thành phần) has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    pub kind: LeafKind,
    /// Maximum points; for bonus and penalty the item's cap.
    pub max: Points,
    pub na_policy: NaPolicy,
    /// The documents that prove the leaf; `None` when no evidence is required.
    pub evidence: Option<String>,
    /// Bands of ratio_bands and value_bands, highest minimum first.
    pub bands: Vec<PointBand>,
    /// Points per occurrence for count_cap (and counted bonus/penalty).
    pub per_unit: Option<Points>,
    /// Names of the raw figures ("Số hồ sơ đúng hạn", "Tổng số hồ sơ").
    pub raw_labels: Vec<String>,
    /// A ratio that may pass 100 % (revenue against its estimate); otherwise a numerator
    /// above the denominator is refused as a typing mistake.
    pub allows_over_100: bool,
}

/// A node of the tree: an area, a criterion or a leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: Uuid,
    /// Shared, not copied: every unit's scored tree carries its nodes' code and title.
    pub code: Arc<str>,
    pub title: Arc<str>,
    pub guidance: String,
    pub leaf: Option<Leaf>,
    pub children: Vec<Node>,
}

impl Node {
    /// The maximum of this node: a leaf's own, or the sum of its children's (bonus and penalty
    /// caps not included, since they stand outside the index's maximum).
    pub fn max_points(&self) -> Points {
        match &self.leaf {
            Some(leaf) if leaf.kind.is_adjustment() => Points::ZERO,
            Some(leaf) => leaf.max,
            None => self.children.iter().map(Node::max_points).sum(),
        }
    }

    /// Every leaf below (or at) this node, in tree order.
    pub fn leaves(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Node>) {
        if self.leaf.is_some() {
            out.push(self);
        }
        for child in &self.children {
            child.collect_leaves(out);
        }
    }
}

/// One year's criteria tree for one level, with the rules the year's results follow.
/// Serialized only to freeze an earlier version of a re-issued set (see `reissue`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSet {
    pub id: Uuid,
    pub year: i32,
    pub level: Level,
    pub name: String,
    /// The legal source: decision number ("…/QĐ-UBND"), date and issuer.
    pub decision: String,
    pub decision_date: Option<chrono::NaiveDate>,
    pub issuer: String,
    /// The declared maximum (usually 100); a warning when the tree does not add up to it.
    pub max_total: Points,
    pub ranking: RankingRule,
    /// Decimals of the printed index percentage.
    pub precision: u8,
    /// Classification bands, highest minimum first.
    pub bands: Vec<Band>,
    pub bonus_cap: Option<Points>,
    pub penalty_cap: Option<Points>,
    pub roots: Vec<Node>,
    /// 1 for a set as first issued; each re-issue within the year (a corrected decision)
    /// adds one.
    pub version: u32,
    /// The decisions this version replaced, oldest first (empty for a first version).
    pub earlier: Vec<EarlierVersion>,
}

/// A replaced version of a set, as documents name it: "thay thế Quyết định số …".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierVersion {
    pub version: u32,
    pub decision: String,
    pub decision_date: Option<chrono::NaiveDate>,
}

impl IndexSet {
    /// Every node, groups and leaves, in tree order.
    pub fn nodes(&self) -> Vec<&Node> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
            for n in nodes {
                out.push(n);
                walk(&n.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.roots, &mut out);
        out
    }

    pub fn leaves(&self) -> Vec<&Node> {
        self.roots.iter().flat_map(|n| n.leaves()).collect()
    }

    /// Finds a node by its code ("1.2.3").
    pub fn find(&self, code: &str) -> Option<&Node> {
        fn walk<'a>(nodes: &'a [Node], code: &str) -> Option<&'a Node> {
            nodes.iter().find_map(|n| {
                if *n.code == *code {
                    Some(n)
                } else {
                    walk(&n.children, code)
                }
            })
        }
        walk(&self.roots, code)
    }

    /// The sum of the leaves' maxima (bonus and penalty excluded).
    pub fn tree_total(&self) -> Points {
        self.roots.iter().map(Node::max_points).sum()
    }

    /// The classification of an index, by the set's bands.
    pub fn classify(&self, index: super::percent::Percent) -> Option<&str> {
        self.bands
            .iter()
            .find(|band| index.at_least(band.min))
            .map(|band| band.name.as_str())
    }
}

/// Reads bands as officers write them: "100: 1; 95: 0,5; 0: 0" (minimum: points), highest
/// minimum first after reading. Returns the text of the first part that is not a band.
pub fn parse_bands(text: &str) -> Result<Vec<PointBand>, String> {
    let mut bands = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (min, points) = part.split_once(':').ok_or_else(|| part.to_owned())?;
        let min = Points::parse(min.trim().trim_end_matches('%')).map_err(|_| part.to_owned())?;
        let points = Points::parse(points).map_err(|_| part.to_owned())?;
        bands.push(PointBand { min, points });
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    Ok(bands)
}

/// The bands written back in the same form ("100: 1; 95: 0,5; 0: 0").
pub fn format_bands(bands: &[PointBand]) -> String {
    bands
        .iter()
        .map(|b| format!("{}: {}", b.min.to_vi(), b.points.to_vi()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A classification scheme as an officer writes it: "Xuất sắc: 95; Tốt: 90; Khá: 70; Trung
/// bình: 50; Yếu: 0" (a name and the least index %, in any order). Two to six classes with
/// different names and thresholds, the lowest at 0 so every index has a class; the error
/// names the part at fault.
pub fn parse_classes(text: &str) -> Result<Vec<Band>, String> {
    let mut bands = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, min) = part.rsplit_once(':').ok_or_else(|| part.to_owned())?;
        let name = super::text::nfc(name.trim());
        let min = Points::parse(min.trim().trim_end_matches('%')).map_err(|_| part.to_owned())?;
        if name.is_empty() {
            return Err(part.to_owned());
        }
        bands.push(Band { name, min });
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    check_classes(&bands).map_err(|_| text.trim().to_owned())?;
    Ok(bands)
}

/// A scheme the ranking can use: two to six classes, highest threshold first, names and
/// thresholds all different, none above 100 %, the last at 0. The error says what is wrong.
pub fn check_classes(bands: &[Band]) -> Result<(), &'static str> {
    if !(2..=6).contains(&bands.len()) {
        return Err("từ 2 đến 6 mức xếp loại / two to six classes");
    }
    let ordered = bands.windows(2).all(|p| p[0].min > p[1].min);
    let names_differ = bands
        .iter()
        .enumerate()
        .all(|(i, b)| !b.name.trim().is_empty() && bands[..i].iter().all(|o| o.name != b.name));
    if !ordered || !names_differ {
        return Err(
            "mỗi mức một tên và một ngưỡng khác nhau / each class its own name and threshold",
        );
    }
    if bands[0].min > Points::whole(100) || bands.last().is_some_and(|b| b.min != Points::ZERO) {
        return Err(
            "ngưỡng từ 0 đến 100%, mức thấp nhất từ 0 / thresholds 0–100 %, the lowest at 0",
        );
    }
    Ok(())
}

/// The scheme written back in the same form.
pub fn format_classes(bands: &[Band]) -> String {
    bands
        .iter()
        .map(|b| format!("{}: {}", b.name, b.min.to_vi()))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_schemes_of_four_or_five_classes() {
        let five = parse_classes("Yếu: 0; Xuất sắc: 95; Tốt: 90; Khá: 70; Trung bình: 50")
            .unwrap_or_default();
        assert_eq!(
            format_classes(&five),
            "Xuất sắc: 95; Tốt: 90; Khá: 70; Trung bình: 50; Yếu: 0"
        );
        assert_eq!(parse_classes("Tốt: 80,5; Yếu: 0").map(|b| b.len()), Ok(2));
        // No class for a low index, two classes at one threshold, one class only, junk.
        assert!(parse_classes("Tốt: 90; Khá: 70").is_err());
        assert!(parse_classes("Tốt: 90; Khá: 90; Yếu: 0").is_err());
        assert!(parse_classes("Yếu: 0").is_err());
        assert_eq!(parse_classes("Tốt 90; Yếu: 0"), Err("Tốt 90".to_owned()));
        assert!(parse_classes("Tốt: 120; Yếu: 0").is_err());
    }

    #[test]
    fn bands_round_trip_and_sort() {
        let bands = parse_bands("95%: 0,5; 100: 1 ; 0: 0").unwrap_or_default();
        assert_eq!(format_bands(&bands), "100: 1; 95: 0,5; 0: 0");
        assert_eq!(parse_bands("100 = 1"), Err("100 = 1".to_owned()));
        assert_eq!(parse_bands(""), Ok(vec![]));
    }
}
