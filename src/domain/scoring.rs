//! Scoring one unit: leaf points from raw figures, N/A, bonus and penalty caps, totals, the
//! index and the explanation of every figure.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use uuid::Uuid;

use super::format::thousands;
use super::index_set::{IndexSet, Leaf, LeafKind, NaPolicy, Node};
use super::lang::Lang;
use super::percent::{Percent, round_half_up_div};
use super::points::Points;

/// Raw figures entered for a computed leaf: a numerator and denominator for ratio bands,
/// one value for value bands, 0/1 for yes/no, a count for count_cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Raw {
    pub a: Option<i64>,
    pub b: Option<i64>,
}

/// Why raw figures do not give points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RawError {
    #[error("missing raw figure")]
    Missing,
    #[error("the denominator is zero")]
    ZeroDenominator,
    #[error("the numerator is above the denominator")]
    AboveWhole,
    #[error("a raw figure is negative")]
    Negative,
    #[error("yes/no takes 1 or 0")]
    NotYesNo,
    #[error("this leaf has no raw figures")]
    NotComputed,
    #[error("a raw figure is not a whole number")]
    NotAWholeNumber,
}

/// A raw figure as officers type it and spreadsheets copy it: digits, with dots or spaces
/// (also non-breaking) between thousands ("57.286"); `None` when empty.
pub fn parse_figure(text: &str) -> Result<Option<i64>, RawError> {
    let groups: Vec<&str> = text.trim().split(['.', ' ', '\u{a0}']).collect();
    let digits = groups.concat();
    if digits.is_empty() {
        return Ok(None);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(if digits.starts_with('-') {
            RawError::Negative
        } else {
            RawError::NotAWholeNumber
        });
    }
    // Separators stand between thousands only: "12.5" is a decimal slip, not 125.
    let grouped = groups.len() == 1
        || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped {
        return Err(RawError::NotAWholeNumber);
    }
    digits
        .parse::<i64>()
        .map(Some)
        .map_err(|_| RawError::NotAWholeNumber)
}

impl RawError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            RawError::Missing => lang.pick("thiếu số liệu", "a raw figure is missing"),
            RawError::ZeroDenominator => lang.pick("mẫu số bằng 0", "the denominator is zero"),
            RawError::AboveWhole => lang.pick(
                "tử số lớn hơn mẫu số (trên 100%), tiêu chí này không cho phép vượt 100%",
                "the numerator is above the denominator (over 100%), which this criterion does not allow",
            ),
            RawError::Negative => lang.pick("số liệu âm", "a raw figure is negative"),
            RawError::NotYesNo => {
                lang.pick("chỉ nhận 1 (có) hoặc 0 (không)", "takes 1 (yes) or 0 (no)")
            }
            RawError::NotAWholeNumber => lang.pick(
                "số liệu phải là số nguyên (dấu chấm hoặc khoảng trắng ngăn hàng nghìn)",
                "a raw figure is a whole number (dots or spaces between thousands)",
            ),
            RawError::NotComputed => lang.pick(
                "tiêu chí này không chấm theo số liệu",
                "this criterion is not scored from raw figures",
            ),
        }
    }
}

/// The points a computed leaf gives for its raw figures.
pub fn points_from_raw(leaf: &Leaf, raw: Raw) -> Result<Points, RawError> {
    let a = raw.a.ok_or(RawError::Missing)?;
    if a < 0 || raw.b.is_some_and(|b| b < 0) {
        return Err(RawError::Negative);
    }
    match leaf.kind {
        LeafKind::RatioBands => {
            let b = raw.b.ok_or(RawError::Missing)?;
            if b == 0 {
                return Err(RawError::ZeroDenominator);
            }
            // Above 100% only where the criterion says so: revenue against its estimate
            // (thu vượt dự toán) may pass it and simply reaches the top band; 11 of 10
            // files on time is a typing mistake.
            if a > b && !leaf.allows_over_100 {
                return Err(RawError::AboveWhole);
            }
            // a/b ≥ min% ⇔ a·100·1000 ≥ min_milli·b: exact, no rounding at the band edge.
            let reached =
                |min: Points| i128::from(a) * 100_000 >= i128::from(min.milli()) * i128::from(b);
            Ok(first_band(leaf, reached))
        }
        LeafKind::ValueBands => {
            let reached = |min: Points| i128::from(a) * 1000 >= i128::from(min.milli());
            Ok(first_band(leaf, reached))
        }
        LeafKind::YesNo => match a {
            1 => Ok(leaf.max),
            0 => Ok(Points::ZERO),
            _ => Err(RawError::NotYesNo),
        },
        LeafKind::CountCap | LeafKind::Bonus | LeafKind::Penalty => {
            let per = leaf.per_unit.ok_or(RawError::NotComputed)?;
            let total = i128::from(a) * i128::from(per.milli());
            let capped = total.min(i128::from(leaf.max.milli()));
            Ok(Points::from_milli(
                i64::try_from(capped).unwrap_or(leaf.max.milli()),
            ))
        }
        LeafKind::Manual | LeafKind::Survey => Err(RawError::NotComputed),
    }
}

fn first_band(leaf: &Leaf, reached: impl Fn(Points) -> bool) -> Points {
    leaf.bands
        .iter()
        .find(|band| reached(band.min))
        .map(|band| band.points.min(leaf.max))
        .unwrap_or(Points::ZERO)
}

/// What is stored for one leaf of one unit's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeafScore {
    pub self_points: Option<Points>,
    pub self_note: String,
    pub round1: Option<Points>,
    pub round1_reason: String,
    /// Giải trình: the unit's explanation after round 1.
    pub explanation: String,
    pub final_points: Option<Points>,
    pub final_reason: String,
    pub raw: Raw,
    /// `Some(reason)` when the leaf is "không phát sinh".
    pub na: Option<String>,
}

impl LeafScore {
    /// The appraised value: the final one when set, else round 1.
    pub fn appraised(&self) -> Option<Points> {
        self.final_points.or(self.round1)
    }

    /// The value the index counts: appraised, else (while appraisal has not reached the
    /// leaf) the self-assessment, so a year in progress still shows a provisional index.
    pub fn effective(&self) -> Option<Points> {
        self.appraised().or(self.self_points)
    }
}

/// All stored figures of one unit for one index set.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    pub scores: HashMap<Uuid, LeafScore>,
    /// Survey points per survey leaf.
    pub survey: HashMap<Uuid, Points>,
}

/// The explanation of one node: how its points were reached.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    pub code: Arc<str>,
    pub title: Arc<str>,
    pub kind: &'static str,
    /// The maximum that counts (N/A "exclude" leaves count 0).
    pub max_points: Points,
    pub self_points: Option<Points>,
    pub appraised_points: Option<Points>,
    pub final_points: Option<Points>,
    pub na: bool,
    pub rule: String,
    pub children: Vec<Explained>,
    /// The points this node contributes to the index (None when nothing entered yet).
    #[serde(skip)]
    pub effective: Option<Points>,
    #[serde(skip)]
    pub leaf_kind: Option<LeafKind>,
}

/// The totals of one unit that the ranking and every document print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Σ self-assessed points of the appraised part (bonus, penalty, survey not included).
    pub self_points: Points,
    /// Σ appraised points (final, else round 1); `None` while no leaf is appraised.
    pub appraised_points: Option<Points>,
    /// Σ points the index counts for the appraised part.
    pub effective_points: Points,
    pub survey_points: Points,
    pub bonus: Points,
    pub penalty: Points,
    /// Σ maximum after N/A exclusions (bonus and penalty caps not included).
    pub max_points: Points,
    pub index: Option<Percent>,
}

impl Totals {
    /// Tổng điểm: the points the index counts (effective, survey, bonus, less penalty).
    pub fn grand_total(&self) -> Points {
        self.effective_points + self.survey_points + self.bonus - self.penalty
    }
}

/// A unit's scored tree and totals.
#[derive(Debug, Clone)]
pub struct UnitScore {
    pub roots: Vec<Explained>,
    pub totals: Totals,
}

/// Scores one unit against an index set.
pub fn score_unit(set: &IndexSet, input: &UnitInput, lang: Lang) -> UnitScore {
    score_unit_with(set, input, lang, Detail::Explained)
}

/// How much a scoring run explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every node's rule in words (explain, scorecards, spreadsheets).
    Explained,
    /// Figures only, no rule texts: what a ranking needs, several times faster for a
    /// province of hundreds of units.
    Figures,
}

/// [`score_unit`] with the chosen detail; the figures are the same either way.
pub fn score_unit_with(set: &IndexSet, input: &UnitInput, lang: Lang, detail: Detail) -> UnitScore {
    let roots: Vec<Explained> = set
        .roots
        .iter()
        .map(|node| explain_node(node, 0, input, lang, detail))
        .collect();

    let mut totals = Totals {
        self_points: Points::ZERO,
        appraised_points: None,
        effective_points: Points::ZERO,
        survey_points: Points::ZERO,
        bonus: Points::ZERO,
        penalty: Points::ZERO,
        max_points: Points::ZERO,
        index: None,
    };
    let mut appraised_any = false;
    let mut raw_bonus = Points::ZERO;
    let mut raw_penalty = Points::ZERO;
    for leaf in roots.iter().flat_map(leaves_of) {
        let Some(kind) = leaf.leaf_kind else { continue };
        let points = leaf.effective.unwrap_or(Points::ZERO);
        match kind {
            LeafKind::Bonus => raw_bonus += points,
            LeafKind::Penalty => raw_penalty += points,
            LeafKind::Survey => {
                totals.survey_points += points;
                totals.max_points += leaf.max_points;
            }
            _ => {
                totals.max_points += leaf.max_points;
                totals.effective_points += points;
                if leaf.na {
                    // N/A "full points" counts the maximum on every side.
                    totals.self_points += points;
                } else {
                    totals.self_points += leaf.self_points.unwrap_or(Points::ZERO);
                    appraised_any |= leaf.final_points.or(leaf.appraised_points).is_some();
                }
            }
        }
    }
    // Once the appraiser has scored some criterion, the appraised total counts every
    // criterion: an unchanged one keeps the unit's own points (the appraiser accepted it),
    // which is the effective total. Summing only the re-scored criteria would print 1 point
    // as the appraised total of a unit that assessed itself at 54,75.
    if appraised_any {
        totals.appraised_points = Some(totals.effective_points);
    }
    totals.bonus = cap(raw_bonus, set.bonus_cap);
    totals.penalty = cap(raw_penalty, set.penalty_cap);
    totals.index = Percent::of(totals.grand_total(), totals.max_points, set.precision);
    UnitScore { roots, totals }
}

fn cap(value: Points, cap: Option<Points>) -> Points {
    match cap {
        Some(cap) => value.min(cap),
        None => value,
    }
}

/// The rule of an area or criterion: a sum, or bonus and penalty for an adjustments area.
fn inner_rule(node: &Node, lang: Lang) -> String {
    let all_adjustments = !node.children.is_empty()
        && node.leaves().iter().all(|l| {
            l.leaf
                .as_ref()
                .is_some_and(|leaf| leaf.kind.is_adjustment())
        });
    if all_adjustments {
        lang.pick(
            "Điểm thưởng cộng, điểm trừ trừ vào tổng điểm (trong giới hạn tối đa)",
            "Bonus points are added and penalty points subtracted (within their caps)",
        )
        .to_owned()
    } else {
        lang.pick("Tổng điểm các tiêu chí con", "Sum of the sub-criteria")
            .to_owned()
    }
}

/// The self, round-1 and final columns of a group: the sums of its children's, where a
/// child not scored at a later stage carries its value from the stage before (an appraiser
/// who leaves a criterion as it is accepts it). A column stays empty until some child has a
/// value in it. Without the carry, a 10-point area with one criterion re-scored to 0,5 would
/// show 0,5 as its appraised points.
pub fn stage_sums(children: &[Explained]) -> [Option<Points>; 3] {
    let column = |value: &dyn Fn(&Explained) -> Option<Points>,
                  carried: &dyn Fn(&Explained) -> Option<Points>| {
        children.iter().any(|c| value(c).is_some()).then(|| {
            children
                .iter()
                .filter_map(|c| value(c).or_else(|| carried(c)))
                .sum()
        })
    };
    [
        column(&|c| c.self_points, &|_| None),
        column(&|c| c.appraised_points, &|c| c.self_points),
        column(&|c| c.final_points, &|c| {
            c.appraised_points.or(c.self_points)
        }),
    ]
}

/// The leaves of an explained subtree, in tree order.
pub fn leaves_of(node: &Explained) -> Vec<&Explained> {
    let mut out = Vec::new();
    fn walk<'a>(node: &'a Explained, out: &mut Vec<&'a Explained>) {
        if node.leaf_kind.is_some() {
            out.push(node);
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    walk(node, &mut out);
    out
}

fn explain_node(
    node: &Node,
    depth: usize,
    input: &UnitInput,
    lang: Lang,
    detail: Detail,
) -> Explained {
    match &node.leaf {
        Some(leaf) => explain_leaf(node, leaf, input, lang, detail),
        None => {
            let children: Vec<Explained> = node
                .children
                .iter()
                .map(|child| explain_node(child, depth + 1, input, lang, detail))
                .collect();
            let counted = |e: &&Explained| !e.leaf_kind.is_some_and(LeafKind::is_adjustment);
            // None when no child has a value, else their sum.
            let sum = |f: fn(&Explained) -> Option<Points>| -> Option<Points> {
                children
                    .iter()
                    .filter_map(f)
                    .fold(None, |acc, p| Some(acc.unwrap_or(Points::ZERO) + p))
            };
            let [self_points, appraised_points, final_points] = stage_sums(&children);
            let max_points = children.iter().filter(counted).map(|c| c.max_points).sum();
            let rule = match detail {
                Detail::Figures => String::new(),
                Detail::Explained => inner_rule(node, lang),
            };
            Explained {
                code: node.code.clone(),
                title: node.title.clone(),
                kind: if depth == 0 { "area" } else { "criterion" },
                max_points,
                self_points,
                appraised_points,
                final_points,
                na: false,
                rule,
                effective: sum(|c| c.effective),
                leaf_kind: None,
                children,
            }
        }
    }
}

fn explain_leaf(
    node: &Node,
    leaf: &Leaf,
    input: &UnitInput,
    lang: Lang,
    detail: Detail,
) -> Explained {
    let empty = LeafScore::default();
    let score = input.scores.get(&node.id).unwrap_or(&empty);
    let mut out = Explained {
        code: node.code.clone(),
        title: node.title.clone(),
        kind: leaf.kind.as_str(),
        max_points: leaf.max,
        self_points: score.self_points,
        appraised_points: score.round1,
        final_points: score.final_points,
        na: false,
        rule: String::new(),
        effective: score.effective(),
        leaf_kind: Some(leaf.kind),
        children: Vec::new(),
    };

    if leaf.kind == LeafKind::Survey {
        let value = input.survey.get(&node.id).copied();
        out.self_points = None;
        out.appraised_points = None;
        out.final_points = value;
        out.effective = value;
        out.rule = match value {
            Some(v) => format!(
                "{} {}",
                lang.pick("Điểm điều tra xã hội học:", "Survey points:"),
                fmt_points(v, lang)
            ),
            None => lang
                .pick("Chưa có điểm điều tra xã hội học", "No survey points yet")
                .to_owned(),
        };
        return out;
    }

    if let Some(reason) = &score.na {
        out.na = true;
        match leaf.na_policy {
            NaPolicy::FullPoints => {
                out.effective = Some(leaf.max);
                out.self_points = Some(leaf.max);
                out.rule = format!(
                    "{} {} ({reason})",
                    lang.pick(
                        "Không phát sinh: được tính điểm tối đa",
                        "Did not arise: full points"
                    ),
                    fmt_points(leaf.max, lang)
                );
            }
            // "Exclude" and a stored N/A on a leaf that does not allow it both drop the leaf:
            // `check` reports the latter, the arithmetic must not invent points.
            NaPolicy::Exclude | NaPolicy::NotAllowed => {
                out.max_points = Points::ZERO;
                out.effective = None;
                out.rule = format!(
                    "{} ({reason})",
                    lang.pick(
                        "Không phát sinh: không tính vào điểm tối đa",
                        "Did not arise: left out of the maximum"
                    )
                );
            }
        }
        return out;
    }

    if detail == Detail::Figures {
        return out;
    }
    let mut parts: Vec<String> = Vec::new();
    if leaf.kind.is_computed() || (leaf.kind.is_adjustment() && score.raw.a.is_some()) {
        parts.push(raw_rule(leaf, score.raw, lang));
    }
    parts.push(stage_rule(score, lang));
    if leaf.kind == LeafKind::Penalty {
        parts.push(
            lang.pick("trừ vào tổng điểm", "subtracted from the total")
                .to_owned(),
        );
    }
    out.rule = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    out
}

/// "Tỷ lệ 57.078/57.286 = 99,64% → mức từ 95%: 0,5 điểm".
fn raw_rule(leaf: &Leaf, raw: Raw, lang: Lang) -> String {
    let result = points_from_raw(leaf, raw);
    let points = match &result {
        Ok(p) => format!("{} {}", fmt_points(*p, lang), lang.pick("điểm", "points")),
        Err(e) => e.message(lang).to_owned(),
    };
    match (leaf.kind, raw.a, raw.b) {
        (LeafKind::RatioBands, Some(a), Some(b)) if b > 0 => {
            let percent = round_half_up_div(i128::from(a) * 10_000, i128::from(b));
            let pct = Percent::from_scaled(i64::try_from(percent).unwrap_or(0), 2);
            let band = leaf.bands.iter().find(|band| {
                i128::from(a) * 100_000 >= i128::from(band.min.milli()) * i128::from(b)
            });
            let band_text = band
                .map(|band| format!("{} {}%", lang.pick("mức từ", "band from"), band.min.to_vi()))
                .unwrap_or_default();
            format!(
                "{} {}/{} = {}% → {band_text}: {points}",
                lang.pick("Tỷ lệ", "Ratio"),
                thousands(a),
                thousands(b),
                pct.to_vi()
            )
        }
        (LeafKind::ValueBands, Some(a), _) => {
            format!(
                "{} {} → {points}",
                lang.pick("Giá trị", "Value"),
                thousands(a)
            )
        }
        (LeafKind::YesNo, Some(a), _) => format!(
            "{} → {points}",
            if a == 1 {
                lang.pick("Có", "Yes")
            } else {
                lang.pick("Không", "No")
            }
        ),
        (_, Some(a), _) => format!(
            "{} {} × {} ({} {}) → {points}",
            lang.pick("Số lần", "Count"),
            thousands(a),
            leaf.per_unit
                .map(|p| fmt_points(p, lang))
                .unwrap_or_default(),
            lang.pick("tối đa", "at most"),
            fmt_points(leaf.max, lang)
        ),
        _ => format!("{}: {points}", lang.pick("Số liệu", "Raw figures")),
    }
}

/// Which stage gave the counted value, and the reasons for changes.
fn stage_rule(score: &LeafScore, lang: Lang) -> String {
    let p = |v: Points| fmt_points(v, lang);
    match (score.self_points, score.round1, score.final_points) {
        (_, _, Some(fin)) => {
            let mut text = format!(
                "{} {}",
                lang.pick("Điểm thẩm định cuối", "Final appraised points"),
                p(fin)
            );
            if !score.final_reason.is_empty() {
                text.push_str(&format!(" ({})", score.final_reason));
            }
            text
        }
        (_, Some(r1), None) => {
            let mut text = format!(
                "{} {}",
                lang.pick("Điểm thẩm định vòng 1", "Round 1 appraisal"),
                p(r1)
            );
            if !score.round1_reason.is_empty() {
                text.push_str(&format!(" ({})", score.round1_reason));
            }
            text
        }
        (Some(s), None, None) => format!(
            "{} {}",
            lang.pick(
                "Chưa thẩm định, tạm tính điểm tự đánh giá",
                "Not yet appraised, self-assessed points counted"
            ),
            p(s)
        ),
        (None, None, None) => lang.pick("Chưa chấm", "Not scored yet").to_owned(),
    }
}

/// "0,5" in Vietnamese, "0.5" in English.
pub fn fmt_points(points: Points, lang: Lang) -> String {
    match lang {
        Lang::Vi => points.to_vi(),
        Lang::En => points.to_plain(),
    }
}
