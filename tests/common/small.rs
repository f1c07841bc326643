//! A small commune index set, and files seeded from it, for the tests that need a file whose
//! every value they know; and the case count of the property tests.
#![allow(dead_code)]

use parindex::domain::*;
use parindex::store::seed::{Seed, SeedAssessment, SeedUnit};
use parindex::store::units::NewUnit;
use proptest::test_runner::Config as ProptestConfig;
use uuid::Uuid;

/// Cases per property: `PROPTEST_CASES`, else `long` with `PARINDEX_LONG`, else `normal`.
pub fn proptest_config(normal: u32, long: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::var_os("PARINDEX_LONG").is_some() {
            long
        } else {
            normal
        });
    ProptestConfig {
        cases,
        // A failure is turned into a regression test by hand, not a file in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A manually scored leaf "Tiêu chí `code`" worth `max`, with no evidence asked for.
pub fn manual_leaf(code: &str, max: Points, na_policy: NaPolicy) -> Node {
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: format!("Tiêu chí {code}").into(),
        guidance: String::new(),
        leaf: Some(Leaf {
            kind: LeafKind::Manual,
            max,
            na_policy,
            evidence: None,
            bands: vec![],
            per_unit: None,
            raw_labels: vec![],
            allows_over_100: false,
        }),
        children: vec![],
    }
}

/// The area "Lĩnh vực `code`" holding `children`.
pub fn area(code: &str, children: Vec<Node>) -> Node {
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: format!("Lĩnh vực {code}").into(),
        guidance: String::new(),
        leaf: None,
        children,
    }
}

/// The commune set "Bộ chỉ số thử" of `year` out of `max_total`: ranked by competition at two
/// decimals, one class "Đạt" from zero, no bonus or penalty caps.
pub fn commune_set(year: i32, max_total: Points, roots: Vec<Node>) -> IndexSet {
    IndexSet {
        id: Uuid::new_v4(),
        year,
        level: Level::Commune,
        name: "Bộ chỉ số thử".into(),
        decision: "1/QĐ-UBND".into(),
        decision_date: None,
        issuer: "UBND tỉnh".into(),
        max_total,
        ranking: RankingRule::Competition,
        precision: 2,
        bands: vec![Band {
            name: "Đạt".into(),
            min: Points::ZERO,
        }],
        bonus_cap: None,
        penalty_cap: None,
        roots,
        version: 1,
        earlier: Vec::new(),
    }
}

/// `set`, and per (code, name) of `communes` a commune with a draft assessment of the set's
/// year.
pub fn draft_seed(set: IndexSet, communes: &[(&str, &str)]) -> Seed {
    let mut seed = Seed::default();
    for (code, name) in communes {
        seed.units.push(SeedUnit {
            unit: NewUnit {
                code: (*code).into(),
                name: (*name).into(),
                kind: UnitKind::Commune,
                valid_from: None,
                valid_to: None,
                parent_id: None,
            },
            parent: None,
        });
        seed.assessments.push(SeedAssessment {
            year: set.year,
            level: Level::Commune,
            unit: (*code).into(),
            status: Status::Draft,
            edits: Vec::new(),
            survey: Vec::new(),
            survey_source: String::new(),
        });
    }
    seed.sets.push(set);
    seed
}
