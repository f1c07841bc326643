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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_round_trip_and_sort() {
        let bands = parse_bands("95%: 0,5; 100: 1 ; 0: 0").unwrap_or_default();
        assert_eq!(format_bands(&bands), "100: 1; 95: 0,5; 0: 0");
        assert_eq!(parse_bands("100 = 1"), Err("100 = 1".to_owned()));
        assert_eq!(parse_bands(""), Ok(vec![]));
    }
}
