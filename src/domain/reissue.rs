//! A set re-issued within its year (a corrected decision two months later): which criteria
//! keep the scores entered against the earlier version and which must be scored again.
//!
//! Criteria are matched by their printed code. A leaf keeps its scores when its title and
//! the way it is scored (kind, maximum, bands, points per occurrence, "không phát sinh"
//! policy, a ratio allowed past 100 %) are unchanged; the documents it needs and the names
//! of its figures may change without a re-score, since they do not change any points.

use std::collections::HashMap;
use std::sync::Arc;

use super::index_set::{IndexSet, Leaf, LeafKind, Node};
use super::points::Points;
use super::text::nfc;

/// A criterion as listed to the officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub code: Arc<str>,
    pub title: Arc<str>,
}

/// What changed in a leaf present in both versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Title {
        old: Arc<str>,
    },
    Max {
        old: Points,
        new: Points,
    },
    /// Kind, bands, points per occurrence, N/A policy or the 100 % cap; the kinds before
    /// and after (equal when only the bands or the policy changed).
    Rule {
        old: LeafKind,
        new: LeafKind,
    },
}

impl Difference {
    pub fn describe(&self, lang: super::Lang) -> String {
        let vi = lang == super::Lang::Vi;
        match self {
            Difference::Title { old } if vi => format!("tên cũ: {old}"),
            Difference::Title { old } => format!("old title: {old}"),
            Difference::Max { old, new } if vi => {
                format!("điểm tối đa {} → {}", old.to_vi(), new.to_vi())
            }
            Difference::Max { old, new } => {
                format!("maximum {} → {}", old.to_plain(), new.to_plain())
            }
            Difference::Rule { old, new } if old != new => format!(
                "{}: {} → {}",
                lang.pick("cách chấm", "scored"),
                old.label(lang),
                new.label(lang)
            ),
            Difference::Rule { .. } if vi => {
                "mức điểm hoặc cách tính khác (cùng cách chấm)".to_owned()
            }
            Difference::Rule { .. } => "other bands or rule (same kind)".to_owned(),
        }
    }
}

/// A leaf of both versions that must be scored again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub leaf: Listed,
    pub differences: Vec<Difference>,
}

/// The leaves of the earlier version against the new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Same code, title and rule: the scores carry over.
    pub carried: Vec<Listed>,
    /// Same code, something that changes the points differs: scored again.
    pub changed: Vec<Changed>,
    /// Leaves only the new version has.
    pub added: Vec<Listed>,
    /// Leaves only the earlier version had: their scores stay in the earlier version.
    pub removed: Vec<Listed>,
}

impl Comparison {
    /// The codes whose scores cannot be kept: changed or removed.
    pub fn cleared_codes(&self) -> Vec<Arc<str>> {
        self.changed
            .iter()
            .map(|c| c.leaf.code.clone())
            .chain(self.removed.iter().map(|l| l.code.clone()))
            .collect()
    }

    /// What the re-issue does, as the officer reads it before re-issuing: the codes that
    /// keep their points, then one line per other leaf: "Chấm lại 1.2 Báo cáo CCHC (tên cũ: …)", "Tiêu chí mới 2.3 …",
    /// "Bỏ (điểm giữ trong phiên bản trước) 1.3 …".
    pub fn lines(&self, lang: super::Lang) -> Vec<String> {
        let vi = lang == super::Lang::Vi;
        let (kept, rescore, new, removed) = if vi {
            (
                "Giữ điểm đã nhập",
                "Chấm lại",
                "Tiêu chí mới",
                "Bỏ (điểm giữ trong phiên bản trước)",
            )
        } else {
            (
                "Points kept",
                "Score again",
                "New criterion",
                "Removed (points kept in the earlier version)",
            )
        };
        let codes: Vec<&str> = self.carried.iter().map(|l| l.code.as_ref()).collect();
        let carried = (!codes.is_empty()).then(|| format!("{kept}: {}", codes.join(", ")));
        let changed = self.changed.iter().map(|c| {
            let why: Vec<String> = c.differences.iter().map(|d| d.describe(lang)).collect();
            format!(
                "{rescore} {} {} ({})",
                c.leaf.code,
                c.leaf.title,
                why.join("; ")
            )
        });
        let listed = |label: &str, l: &Listed| format!("{label} {} {}", l.code, l.title);
        carried
            .into_iter()
            .chain(changed)
            .chain(self.added.iter().map(|l| listed(new, l)))
            .chain(self.removed.iter().map(|l| listed(removed, l)))
            .collect()
    }

    /// The codes to be scored (again) under the new version.
    pub fn to_score(&self) -> Vec<&Listed> {
        self.changed
            .iter()
            .map(|c| &c.leaf)
            .chain(self.added.iter())
            .collect()
    }
}

/// Compares the leaves of `old` and `new`, in the new version's order (removed ones in the
/// earlier version's order).
pub fn compare(old: &IndexSet, new: &IndexSet) -> Comparison {
    let old_leaves: HashMap<&str, &Node> = old
        .leaves()
        .into_iter()
        .map(|n| (n.code.as_ref(), n))
        .collect();
    let new_codes: Vec<&str> = new.leaves().iter().map(|n| n.code.as_ref()).collect();
    let mut out = Comparison::default();
    for node in new.leaves() {
        let listed = Listed {
            code: node.code.clone(),
            title: node.title.clone(),
        };
        let Some(before) = old_leaves.get(node.code.as_ref()) else {
            out.added.push(listed);
            continue;
        };
        let differences = differences(before, node);
        if differences.is_empty() {
            out.carried.push(listed);
        } else {
            out.changed.push(Changed {
                leaf: listed,
                differences,
            });
        }
    }
    out.removed = old
        .leaves()
        .into_iter()
        .filter(|n| !new_codes.contains(&n.code.as_ref()))
        .map(|n| Listed {
            code: n.code.clone(),
            title: n.title.clone(),
        })
        .collect();
    out
}

fn differences(old: &Node, new: &Node) -> Vec<Difference> {
    let mut out = Vec::new();
    if same_words(&old.title) != same_words(&new.title) {
        out.push(Difference::Title {
            old: old.title.clone(),
        });
    }
    if let (Some(a), Some(b)) = (&old.leaf, &new.leaf) {
        if a.max != b.max {
            out.push(Difference::Max {
                old: a.max,
                new: b.max,
            });
        }
        if !same_rule(a, b) {
            out.push(Difference::Rule {
                old: a.kind,
                new: b.kind,
            });
        }
    }
    out
}

/// Titles compare as the decision prints them: NFC, runs of spaces and line breaks as one.
fn same_words(title: &str) -> String {
    nfc(&title.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn same_rule(a: &Leaf, b: &Leaf) -> bool {
    a.kind == b.kind
        && a.bands == b.bands
        && a.per_unit == b.per_unit
        && a.na_policy == b.na_policy
        && a.allows_over_100 == b.allows_over_100
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Level, NaPolicy, RankingRule};
    use uuid::Uuid;

    fn leaf(code: &str, title: &str, max: i64) -> Node {
        Node {
            id: Uuid::new_v4(),
            code: code.into(),
            title: title.into(),
            guidance: String::new(),
            leaf: Some(Leaf {
                kind: LeafKind::Manual,
                max: Points::whole(max),
                na_policy: NaPolicy::NotAllowed,
                evidence: None,
                bands: Vec::new(),
                per_unit: None,
                raw_labels: Vec::new(),
                allows_over_100: false,
            }),
            children: Vec::new(),
        }
    }

    fn set(leaves: Vec<Node>) -> IndexSet {
        IndexSet {
            id: Uuid::new_v4(),
            year: 2025,
            level: Level::Commune,
            name: "Bộ chỉ số".into(),
            decision: String::new(),
            decision_date: None,
            issuer: String::new(),
            max_total: Points::whole(100),
            ranking: RankingRule::Competition,
            precision: 2,
            bands: Vec::new(),
            bonus_cap: None,
            penalty_cap: None,
            roots: vec![Node {
                id: Uuid::new_v4(),
                code: "1".into(),
                title: "Công tác chỉ đạo".into(),
                guidance: String::new(),
                leaf: None,
                children: leaves,
            }],
            version: 1,
            earlier: Vec::new(),
        }
    }

    #[test]
    fn each_leaf_is_carried_changed_added_or_removed() {
        let old = set(vec![
            leaf("1.1", "Kế hoạch CCHC", 2),
            leaf("1.2", "Báo cáo CCHC", 1),
            leaf("1.3", "Kiểm tra CCHC", 1),
            leaf("1.4", "Tuyên truyền", 1),
        ]);
        let mut renamed = leaf("1.2", "Báo cáo  CCHC\nđịnh kỳ", 1);
        renamed.guidance = "Có: 1 điểm".into();
        let mut rule = leaf("1.4", "Tuyên truyền", 1);
        if let Some(l) = rule.leaf.as_mut() {
            l.kind = LeafKind::YesNo;
            l.evidence = Some("Kế hoạch".into());
        }
        let new = set(vec![
            leaf("1.1", "Kế hoạch  CCHC", 2),
            renamed,
            rule,
            leaf("1.5", "Cải cách thể chế", 3),
        ]);
        let c = compare(&old, &new);
        let codes = |v: &[Listed]| v.iter().map(|l| l.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes(&c.carried), ["1.1"]);
        assert_eq!(
            c.changed
                .iter()
                .map(|x| (x.leaf.code.to_string(), x.differences.clone()))
                .collect::<Vec<_>>(),
            [
                (
                    "1.2".to_owned(),
                    vec![Difference::Title {
                        old: "Báo cáo CCHC".into()
                    }]
                ),
                (
                    "1.4".to_owned(),
                    vec![Difference::Rule {
                        old: LeafKind::Manual,
                        new: LeafKind::YesNo
                    }]
                ),
            ]
        );
        assert_eq!(codes(&c.added), ["1.5"]);
        assert_eq!(codes(&c.removed), ["1.3"]);
        assert_eq!(
            c.cleared_codes()
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>(),
            ["1.2", "1.4", "1.3"]
        );
    }

    #[test]
    fn a_new_maximum_is_named_with_both_figures() {
        let old = set(vec![leaf("1.1", "Kế hoạch CCHC", 2)]);
        let new = set(vec![leaf("1.1", "Kế hoạch CCHC", 3)]);
        let c = compare(&old, &new);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(
            c.changed[0].differences[0].describe(crate::domain::Lang::Vi),
            "điểm tối đa 2 → 3"
        );
    }
}
