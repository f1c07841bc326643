//! Kết quả: the ranking of the year, from the same function as the PDFs and the CLI.

use iced::alignment::Horizontal;
use iced::widget::{column, row, rule, scrollable, space, text};
use iced::{Element, Length};

use crate::domain::Points;
use crate::domain::ranking::class_counts;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::results::YearResults;

use super::{Ctx, ViewCtx};

#[derive(Debug, Default)]
pub struct State {
    results: Option<YearResults>,
    error: Option<String>,
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        match ctx.store.results_with(
            ctx.year,
            ctx.level,
            ctx.lang,
            crate::domain::scoring::Detail::Figures,
        ) {
            Ok(r) => {
                self.results = Some(r);
                self.error = None;
            }
            Err(e) => {
                self.results = None;
                self.error = Some(e.message(ctx.lang));
            }
        }
    }
}

/// Bonus and penalty in one cell: "+0,5", "−1", "+1 / −0,5", or "0" when there are none.
fn adjustments(bonus: Points, penalty: Points) -> String {
    match (bonus > Points::ZERO, penalty > Points::ZERO) {
        (false, false) => "0".into(),
        (true, false) => format!("+{}", bonus.to_vi()),
        (false, true) => format!("−{}", penalty.to_vi()),
        (true, true) => format!("+{} / −{}", bonus.to_vi(), penalty.to_vi()),
    }
}

pub fn view<'a, M: 'static>(state: &'a State, ctx: &ViewCtx) -> Element<'a, M> {
    let lang = ctx.lang;
    let Some(results) = &state.results else {
        return text(state.error.clone().unwrap_or_default())
            .style(style::error)
            .into();
    };
    // Figures are right-aligned so their decimal commas line up.
    let h = |s: &'static str, w: f32| text(s).font(style::BOLD).size(style::SMALL).width(w);
    let hr = |s: &'static str, w: f32| h(s, w).align_x(Horizontal::Right);
    let head = row![
        h(t::RANK.get(lang), 50.0),
        h(t::CODE.get(lang), 60.0),
        text(t::UNIT.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(Length::Fill),
        hr(t::COL_SELF.get(lang), 90.0),
        hr(lang.pick("Thẩm định", "Appraised"), 90.0),
        hr(lang.pick("ĐTXHH", "Survey"), 70.0),
        hr(lang.pick("Thưởng/Trừ", "Bonus/Penalty"), 100.0),
        hr(t::INDEX.get(lang), 80.0),
        space::horizontal().width(10),
        h(t::CLASS.get(lang), 90.0),
        h(t::STATUS.get(lang), 130.0),
    ]
    .spacing(6);
    let mut body = column![].spacing(3);
    let p = |v: Points| v.to_vi();
    let figure = |value: String, width: f32| {
        text(value)
            .size(style::SMALL)
            .width(width)
            .align_x(Horizontal::Right)
    };
    for r in &results.rows {
        let tt = &r.totals;
        body = body.push(
            row![
                text(r.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(50),
                text(&r.unit_code).size(style::SMALL).width(60),
                text(&r.unit_name).size(style::SMALL).width(Length::Fill),
                figure(p(tt.self_points), 90.0),
                figure(
                    tt.appraised_points.map(p).unwrap_or_else(|| "-".into()),
                    90.0
                ),
                figure(p(tt.survey_points), 70.0),
                figure(adjustments(tt.bonus, tt.penalty), 100.0),
                figure(
                    tt.index
                        .map(|i| format!("{}%", i.to_vi()))
                        .unwrap_or_else(|| "-".into()),
                    80.0
                )
                .font(style::BOLD),
                space::horizontal().width(10),
                text(r.classification.clone().unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(90),
                text(r.status.label(lang)).size(style::SMALL).width(130),
            ]
            .spacing(6),
        );
    }
    let counts = class_counts(&results.set, &results.rows)
        .into_iter()
        .map(|(name, n)| format!("{name}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ");
    column![
        text(format!("{} — {}", results.set.name, results.set.year))
            .font(style::BOLD)
            .size(style::HEADING),
        text(format!(
            "{counts}    {}: {}",
            t::FINGERPRINT.get(lang),
            results.fingerprint
        )),
        head,
        rule::horizontal(1),
        scrollable(body).height(Length::Fill),
        text(t::RESULTS_LEGEND.get(lang))
            .size(style::SMALL)
            .style(style::muted),
    ]
    .spacing(8)
    .into()
}
