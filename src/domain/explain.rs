//! One unit's explanation as a whole tree: the index formula at the root, every area,
//! criterion and leaf below with the rule behind its figure. `parindex explain` prints it
//! and the results screen shows it, from this one function.

use super::ranking::RankedRow;
use super::scoring::{Explained, fmt_points, stage_sums};
use super::{Lang, Points};

/// The tree of `row`'s points under a root that states the index formula.
#[must_use]
pub fn unit_tree(row: &RankedRow, set_name: &str, lang: Lang) -> Explained {
    let t = &row.totals;
    let pts = |p: Points| fmt_points(p, lang);
    let index_text = t
        .index
        .map(|i| {
            format!(
                "{}%",
                if lang == Lang::Vi {
                    i.to_vi()
                } else {
                    i.to_plain()
                }
            )
        })
        .unwrap_or_else(|| "-".into());
    let rule = format!(
        "{} = ({} {} + {} {} + {} {} − {} {}) ÷ {} × 100 = {index_text}{}",
        lang.pick("Chỉ số", "Index"),
        pts(t.effective_points),
        lang.pick("điểm thẩm định", "appraised"),
        pts(t.survey_points),
        lang.pick("điểm ĐTXHH", "survey"),
        pts(t.bonus),
        lang.pick("điểm thưởng", "bonus"),
        pts(t.penalty),
        lang.pick("điểm trừ", "penalty"),
        pts(t.max_points),
        row.classification
            .as_ref()
            .map(|c| format!(" → {c}"))
            .unwrap_or_default()
    );
    let [self_points, appraised_points, final_points] = stage_sums(&row.score.roots);
    Explained {
        code: row.unit_code.as_str().into(),
        title: format!("{} — {set_name}", row.unit_name).into(),
        kind: "criterion",
        max_points: t.max_points,
        self_points,
        appraised_points,
        final_points,
        na: false,
        rule,
        children: row.score.roots.clone(),
        effective: None,
        leaf_kind: None,
    }
}
