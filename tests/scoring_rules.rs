//! Every scoring rule of the domain, on small index sets built here.

use parindex::domain::ranking::{Entry, rank};
use parindex::domain::scoring::{RawError, points_from_raw};
use parindex::domain::*;
use uuid::Uuid;

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("bad points literal {text}: {e}"))
}

fn leaf(code: &str, kind: LeafKind, max: &str) -> Node {
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: format!("Tiêu chí {code}").into(),
        guidance: String::new(),
        leaf: Some(Leaf {
            kind,
            max: p(max),
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

fn with_bands(mut node: Node, bands: &[(&str, &str)]) -> Node {
    if let Some(l) = node.leaf.as_mut() {
        l.bands = bands
            .iter()
            .map(|(min, pts)| PointBand {
                min: p(min),
                points: p(pts),
            })
            .collect();
    }
    node
}

fn with_na(mut node: Node, policy: NaPolicy) -> Node {
    if let Some(l) = node.leaf.as_mut() {
        l.na_policy = policy;
    }
    node
}

fn with_per_unit(mut node: Node, per: &str) -> Node {
    if let Some(l) = node.leaf.as_mut() {
        l.per_unit = Some(p(per));
    }
    node
}

fn area(code: &str, children: Vec<Node>) -> Node {
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: format!("Lĩnh vực {code}").into(),
        guidance: String::new(),
        leaf: None,
        children,
    }
}

fn set(roots: Vec<Node>, ranking: RankingRule, precision: u8) -> IndexSet {
    IndexSet {
        id: Uuid::new_v4(),
        year: 2024,
        level: Level::Commune,
        name: "Bộ chỉ số thử".into(),
        decision: String::new(),
        decision_date: None,
        issuer: String::new(),
        max_total: p("10"),
        ranking,
        precision,
        bands: vec![
            Band {
                name: "Tốt".into(),
                min: p("90"),
            },
            Band {
                name: "Khá".into(),
                min: p("70"),
            },
            Band {
                name: "Trung bình".into(),
                min: p("50"),
            },
            Band {
                name: "Yếu".into(),
                min: p("0"),
            },
        ],
        bonus_cap: Some(p("1")),
        penalty_cap: Some(p("1.5")),
        roots,
        version: 1,
        earlier: Vec::new(),
    }
}

fn find<'a>(set: &'a IndexSet, code: &str) -> &'a Node {
    set.find(code).unwrap_or_else(|| panic!("no node {code}"))
}

fn leaf_of<'a>(set: &'a IndexSet, code: &str) -> &'a Leaf {
    find(set, code)
        .leaf
        .as_ref()
        .unwrap_or_else(|| panic!("{code} is not a leaf"))
}

fn raw(a: i64, b: Option<i64>) -> Raw {
    Raw { a: Some(a), b }
}

fn ratio_set() -> IndexSet {
    set(
        vec![area(
            "1",
            vec![with_bands(
                leaf("1.1", LeafKind::RatioBands, "1"),
                &[("100", "1"), ("95", "0.5"), ("0", "0")],
            )],
        )],
        RankingRule::Competition,
        2,
    )
}

#[test]
fn ratio_bands_meet_their_edges_exactly() {
    let s = ratio_set();
    let l = leaf_of(&s, "1.1");
    assert_eq!(points_from_raw(l, raw(57_286, Some(57_286))), Ok(p("1")));
    assert_eq!(
        points_from_raw(l, raw(95, Some(100))),
        Ok(p("0.5")),
        "exactly 95% is in the 95% band"
    );
    assert_eq!(
        points_from_raw(l, raw(9_499, Some(10_000))),
        Ok(p("0")),
        "94.99% is below it"
    );
    assert_eq!(points_from_raw(l, raw(57_078, Some(57_286))), Ok(p("0.5")));
    assert!(
        points_from_raw(l, raw(1, Some(0))).is_err(),
        "zero denominator is refused"
    );
    assert_eq!(
        points_from_raw(l, raw(111, Some(13))),
        Err(RawError::AboveWhole),
        "11/13 typed as 111/13 is refused, not scored 854 %"
    );
    let mut revenue = l.clone();
    revenue.allows_over_100 = true;
    assert_eq!(
        points_from_raw(&revenue, raw(5, Some(4))),
        Ok(p("1")),
        "above 100% where allowed (revenue over its estimate) reaches the top band"
    );
    assert!(
        points_from_raw(
            l,
            Raw {
                a: None,
                b: Some(4)
            }
        )
        .is_err()
    );
}

#[test]
fn value_bands_yes_no_and_count_cap() {
    let s = set(
        vec![area(
            "1",
            vec![
                with_bands(
                    leaf("1.1", LeafKind::ValueBands, "2"),
                    &[("10", "2"), ("5", "1"), ("0", "0")],
                ),
                leaf("1.2", LeafKind::YesNo, "1.5"),
                with_per_unit(leaf("1.3", LeafKind::CountCap, "1"), "0.25"),
            ],
        )],
        RankingRule::Competition,
        2,
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.1"), raw(10, None)),
        Ok(p("2"))
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.1"), raw(9, None)),
        Ok(p("1"))
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.1"), raw(4, None)),
        Ok(p("0"))
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.2"), raw(1, None)),
        Ok(p("1.5"))
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.2"), raw(0, None)),
        Ok(p("0"))
    );
    assert!(points_from_raw(leaf_of(&s, "1.2"), raw(2, None)).is_err());
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.3"), raw(3, None)),
        Ok(p("0.75"))
    );
    assert_eq!(
        points_from_raw(leaf_of(&s, "1.3"), raw(9, None)),
        Ok(p("1")),
        "capped at the maximum"
    );
    assert!(points_from_raw(leaf_of(&s, "1.3"), raw(-1, None)).is_err());
}

fn scored(s: &IndexSet, values: &[(&str, LeafScore)], survey: &[(&str, &str)]) -> UnitScore {
    let mut input = UnitInput::default();
    for (code, score) in values {
        input.scores.insert(find(s, code).id, score.clone());
    }
    for (code, v) in survey {
        input.survey.insert(find(s, code).id, p(v));
    }
    score_unit(s, &input, Lang::Vi)
}

fn final_of(v: &str) -> LeafScore {
    LeafScore {
        self_points: Some(p(v)),
        final_points: Some(p(v)),
        ..LeafScore::default()
    }
}

fn na(reason: &str) -> LeafScore {
    LeafScore {
        na: Some(reason.into()),
        ..LeafScore::default()
    }
}

fn two_leaf_set(policy: NaPolicy) -> IndexSet {
    set(
        vec![area(
            "1",
            vec![
                leaf("1.1", LeafKind::Manual, "6"),
                with_na(leaf("1.2", LeafKind::Manual, "4"), policy),
            ],
        )],
        RankingRule::Competition,
        2,
    )
}

#[test]
fn not_applicable_excluded_shrinks_the_maximum() {
    let s = two_leaf_set(NaPolicy::Exclude);
    let u = scored(
        &s,
        &[
            ("1.1", final_of("5.4")),
            ("1.2", na("Không phát sinh hồ sơ")),
        ],
        &[],
    );
    assert_eq!(u.totals.max_points, p("6"));
    assert_eq!(u.totals.index.map(|i| i.to_plain()), Some("90.00".into()));
    assert!(u.roots[0].children[1].na);
    assert_eq!(
        u.roots[0].max_points,
        p("6"),
        "the area's maximum shrinks too"
    );
}

#[test]
fn not_applicable_full_points_awards_the_maximum() {
    let s = two_leaf_set(NaPolicy::FullPoints);
    let u = scored(
        &s,
        &[("1.1", final_of("5.4")), ("1.2", na("Không phát sinh"))],
        &[],
    );
    assert_eq!(u.totals.max_points, p("10"));
    assert_eq!(u.totals.effective_points, p("9.4"));
    assert_eq!(u.totals.index.map(|i| i.to_plain()), Some("94.00".into()));
}

#[test]
fn a_group_carries_unappraised_criteria_at_their_own_points() {
    let s = two_leaf_set(NaPolicy::NotAllowed);
    // The appraiser re-scored 1.1 only; 1.2 stays as the unit assessed it.
    let rescored = LeafScore {
        self_points: Some(p("6")),
        round1: Some(p("5")),
        ..LeafScore::default()
    };
    let own = LeafScore {
        self_points: Some(p("3.5")),
        ..LeafScore::default()
    };
    let u = scored(&s, &[("1.1", rescored), ("1.2", own)], &[]);
    let area = &u.roots[0];
    assert_eq!(area.self_points, Some(p("9.5")));
    assert_eq!(
        area.appraised_points,
        Some(p("8.5")),
        "5 + 3,5, not 5 alone"
    );
    assert_eq!(area.final_points, None, "no final points yet");
    assert_eq!(u.totals.appraised_points, Some(p("8.5")));
    assert_eq!(u.totals.appraised_points, Some(u.totals.effective_points));
    // A final value on one criterion carries the rest from round 1 or the unit's own.
    let finished = LeafScore {
        self_points: Some(p("3.5")),
        final_points: Some(p("3")),
        ..LeafScore::default()
    };
    let rescored = LeafScore {
        self_points: Some(p("6")),
        round1: Some(p("5")),
        ..LeafScore::default()
    };
    let u = scored(&s, &[("1.1", rescored), ("1.2", finished)], &[]);
    assert_eq!(
        u.roots[0].final_points,
        Some(p("8")),
        "5 (round 1) + 3 (final)"
    );
}

#[test]
fn effective_points_prefer_final_then_round1_then_self() {
    let s = two_leaf_set(NaPolicy::NotAllowed);
    let a = LeafScore {
        self_points: Some(p("6")),
        round1: Some(p("5")),
        final_points: Some(p("5.5")),
        ..LeafScore::default()
    };
    let b = LeafScore {
        self_points: Some(p("4")),
        round1: Some(p("3")),
        ..LeafScore::default()
    };
    let u = scored(&s, &[("1.1", a), ("1.2", b)], &[]);
    assert_eq!(u.totals.self_points, p("10"));
    assert_eq!(u.totals.appraised_points, Some(p("8.5")));
    assert_eq!(u.totals.effective_points, p("8.5"));
    let draft = scored(
        &s,
        &[(
            "1.1",
            LeafScore {
                self_points: Some(p("6")),
                ..LeafScore::default()
            },
        )],
        &[],
    );
    assert_eq!(draft.totals.appraised_points, None, "nothing appraised yet");
    assert_eq!(
        draft.totals.effective_points,
        p("6"),
        "provisional index counts the self-assessment"
    );
}

#[test]
fn survey_bonus_and_penalty_with_caps() {
    let s = set(
        vec![
            area("1", vec![leaf("1.1", LeafKind::Manual, "7")]),
            area("8", vec![leaf("8.1", LeafKind::Survey, "3")]),
            area(
                "9",
                vec![
                    leaf("9.1", LeafKind::Bonus, "1"),
                    leaf("9.2", LeafKind::Bonus, "1"),
                    leaf("9.3", LeafKind::Penalty, "1"),
                    leaf("9.4", LeafKind::Penalty, "1"),
                ],
            ),
        ],
        RankingRule::Competition,
        2,
    );
    assert_eq!(
        s.tree_total(),
        p("10"),
        "bonus and penalty caps stand outside the maximum"
    );
    let u = scored(
        &s,
        &[
            ("1.1", final_of("6")),
            ("9.1", final_of("0.75")),
            ("9.2", final_of("0.75")),
            ("9.3", final_of("1")),
            ("9.4", final_of("0.25")),
        ],
        &[("8.1", "2.5")],
    );
    assert_eq!(u.totals.survey_points, p("2.5"));
    assert_eq!(u.totals.bonus, p("1"), "bonus capped by the set at 1");
    assert_eq!(u.totals.penalty, p("1.25"), "penalty under its cap of 1.5");
    // (6 + 2.5 + 1 − 1.25) ÷ 10 = 82.5%
    assert_eq!(u.totals.index.map(|i| i.to_vi()), Some("82,50".into()));
    let heavy = scored(
        &s,
        &[
            ("1.1", final_of("6")),
            ("9.3", final_of("1")),
            ("9.4", final_of("1")),
        ],
        &[],
    );
    assert_eq!(
        heavy.totals.penalty,
        p("1.5"),
        "penalty capped by the set at 1.5"
    );
}

#[test]
fn no_survey_means_the_appraised_total_is_scaled_to_100() {
    let s = set(
        vec![area("1", vec![leaf("1.1", LeafKind::Manual, "70")])],
        RankingRule::Competition,
        2,
    );
    let u = scored(&s, &[("1.1", final_of("63"))], &[]);
    assert_eq!(u.totals.index.map(|i| i.to_plain()), Some("90.00".into()));
}

#[test]
fn index_rounds_half_up_at_the_printed_precision() {
    // 1 of 8 points = 12.5% exactly; precision 0 rounds the .5 up to 13.
    let s = set(
        vec![area("1", vec![leaf("1.1", LeafKind::Manual, "8")])],
        RankingRule::Competition,
        0,
    );
    let u = scored(&s, &[("1.1", final_of("1"))], &[]);
    assert_eq!(u.totals.index.map(|i| i.to_plain()), Some("13".into()));
    // 7.29125 of 8 = 91.140625% → 91.14 at precision 2; 91.125 exactly → 91.13.
    let s2 = set(
        vec![area("1", vec![leaf("1.1", LeafKind::Manual, "8")])],
        RankingRule::Competition,
        2,
    );
    let u2 = scored(&s2, &[("1.1", final_of("7.29"))], &[]);
    assert_eq!(
        u2.totals.index.map(|i| i.to_plain()),
        Some("91.13".into()),
        "91.125 rounds up"
    );
}

#[test]
fn classification_uses_the_bands() {
    let s = two_leaf_set(NaPolicy::NotAllowed);
    let class = |a: &str, b: &str| {
        let u = scored(&s, &[("1.1", final_of(a)), ("1.2", final_of(b))], &[]);
        u.totals
            .index
            .and_then(|i| s.classify(i).map(str::to_owned))
    };
    assert_eq!(class("6", "3"), Some("Tốt".into()), "exactly 90% is Tốt");
    assert_eq!(class("6", "2.999"), Some("Khá".into()), "89.99% is Khá");
    assert_eq!(class("5", "2"), Some("Khá".into()));
    assert_eq!(class("3", "2"), Some("Trung bình".into()));
    assert_eq!(class("1", "1"), Some("Yếu".into()));
}

fn ranks(rule: RankingRule) -> Vec<(String, Option<u32>)> {
    let s = set(
        vec![area("1", vec![leaf("1.1", LeafKind::Manual, "10")])],
        rule,
        2,
    );
    let entry = |name: &str, v: &str| Entry {
        unit_code: name.into(),
        unit_name: name.into(),
        status: Status::Final,
        score: scored(&s, &[("1.1", final_of(v))], &[]),
    };
    rank(
        &s,
        vec![
            entry("Xã Ân", "8"),
            entry("Xã Ba", "9"),
            entry("Xã Ăn", "9"),
            entry("Xã Đa", "7"),
        ],
    )
    .into_iter()
    .map(|r| (r.unit_name, r.rank))
    .collect()
}

#[test]
fn ties_competition_ranking() {
    assert_eq!(
        ranks(RankingRule::Competition),
        vec![
            ("Xã Ăn".into(), Some(1)),
            ("Xã Ba".into(), Some(1)),
            ("Xã Ân".into(), Some(3)),
            ("Xã Đa".into(), Some(4))
        ]
    );
}

#[test]
fn ties_dense_ranking() {
    assert_eq!(
        ranks(RankingRule::Dense),
        vec![
            ("Xã Ăn".into(), Some(1)),
            ("Xã Ba".into(), Some(1)),
            ("Xã Ân".into(), Some(2)),
            ("Xã Đa".into(), Some(3))
        ]
    );
}

#[test]
fn explanation_names_the_band_and_the_raw_figures() {
    let s = ratio_set();
    let score = LeafScore {
        self_points: Some(p("0.5")),
        raw: raw(57_078, Some(57_286)),
        ..LeafScore::default()
    };
    let u = scored(&s, &[("1.1", score)], &[]);
    let rule = &u.roots[0].children[0].rule;
    assert!(rule.contains("57.078/57.286"), "{rule}");
    assert!(rule.contains("99,64%"), "{rule}");
    assert!(rule.contains("mức từ 95%"), "{rule}");
}

#[test]
fn figures_only_scoring_gives_the_same_figures_without_rule_texts() {
    use parindex::domain::scoring::{Detail, score_unit_with};
    let s = ratio_set();
    let mut input = UnitInput::default();
    let score = LeafScore {
        self_points: Some(p("0.5")),
        raw: raw(57_078, Some(57_286)),
        ..LeafScore::default()
    };
    input.scores.insert(find(&s, "1.1").id, score);
    let full = score_unit_with(&s, &input, Lang::Vi, Detail::Explained);
    let brief = score_unit_with(&s, &input, Lang::Vi, Detail::Figures);
    assert_eq!(full.totals, brief.totals);
    assert!(!full.roots[0].children[0].rule.is_empty());
    assert!(brief.roots[0].children[0].rule.is_empty());
}

#[test]
fn raw_figures_are_read_as_officers_type_them() {
    use parindex::domain::scoring::parse_figure;
    assert_eq!(parse_figure("57.286"), Ok(Some(57_286)));
    assert_eq!(parse_figure("57 286"), Ok(Some(57_286)));
    assert_eq!(parse_figure("57\u{a0}286"), Ok(Some(57_286)));
    assert_eq!(parse_figure("  "), Ok(None));
    assert_eq!(parse_figure("-3"), Err(RawError::Negative));
    assert_eq!(parse_figure("1,5"), Err(RawError::NotAWholeNumber));
    assert_eq!(parse_figure("12a"), Err(RawError::NotAWholeNumber));
    // Dots and spaces stand between thousands only: a decimal slip is not multiplied by ten.
    assert_eq!(parse_figure("1.250.000"), Ok(Some(1_250_000)));
    assert_eq!(parse_figure(" 286 "), Ok(Some(286)));
    assert_eq!(parse_figure("12.5"), Err(RawError::NotAWholeNumber));
    assert_eq!(parse_figure("1.25"), Err(RawError::NotAWholeNumber));
    assert_eq!(parse_figure("5728.6"), Err(RawError::NotAWholeNumber));
    assert_eq!(parse_figure(".286"), Err(RawError::NotAWholeNumber));
    assert_eq!(
        parse_figure("99999999999999999999"),
        Err(RawError::NotAWholeNumber)
    );
}
