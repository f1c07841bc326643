//! Kết quả: the ranking of the year, from the same function as the PDFs and the CLI.

use iced::widget::{column, row, rule, scrollable, text};
use iced::{Element, Length};

use crate::domain::ranking::class_counts;
use crate::domain::{Lang, Points};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::results::YearResults;

use super::Ctx;

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

pub fn view<M: 'static>(state: &State, lang: Lang) -> Element<'_, M> {
    let Some(results) = &state.results else {
        return text(state.error.clone().unwrap_or_default())
            .style(style::error)
            .into();
    };
    let h = |s: &'static str, w: f32| text(s).font(style::BOLD).size(style::SMALL).width(w);
    let head = row![
        h(t::RANK.get(lang), 50.0),
        h(t::CODE.get(lang), 60.0),
        text(t::UNIT.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(Length::Fill),
        h(t::COL_SELF.get(lang), 90.0),
        h(lang.pick("Thẩm định", "Appraised"), 90.0),
        h("ĐTXHH", 70.0),
        h(lang.pick("Thưởng/Trừ", "Bonus/Penalty"), 100.0),
        h(t::INDEX.get(lang), 80.0),
        h(t::CLASS.get(lang), 90.0),
        h(t::STATUS.get(lang), 130.0),
    ]
    .spacing(6);
    let mut body = column![].spacing(3);
    let p = |v: Points| v.to_vi();
    for r in &results.rows {
        let tt = &r.totals;
        body = body.push(
            row![
                text(r.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(50),
                text(&r.unit_code).size(style::SMALL).width(60),
                text(&r.unit_name).size(style::SMALL).width(Length::Fill),
                text(p(tt.self_points)).size(style::SMALL).width(90),
                text(tt.appraised_points.map(p).unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(90),
                text(p(tt.survey_points)).size(style::SMALL).width(70),
                text(format!("+{} / −{}", p(tt.bonus), p(tt.penalty)))
                    .size(style::SMALL)
                    .width(100),
                text(
                    tt.index
                        .map(|i| format!("{}%", i.to_vi()))
                        .unwrap_or_else(|| "-".into())
                )
                .font(style::BOLD)
                .size(style::SMALL)
                .width(80),
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
    ]
    .spacing(8)
    .into()
}
