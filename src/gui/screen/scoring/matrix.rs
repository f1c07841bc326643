//! The matrix: all units of the year × the leaves of one area, to compare them.

use iced::Element;
use iced::widget::{column, row, rule, scrollable, text};

use super::{Message, State};
use crate::domain::{Lang, Node, Points};
use crate::gui::i18n as t;
use crate::gui::screen::Ctx;
use crate::gui::style;
use crate::store::sheet::Sheet;

/// An area in the "compare units" list: its code and the start of its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AreaChoice {
    pub(super) code: String,
    label: String,
}

impl AreaChoice {
    pub(super) fn of(node: &Node) -> AreaChoice {
        AreaChoice {
            code: node.code.to_string(),
            label: crate::domain::text::shorten(&format!("{}. {}", node.code, node.title), 48),
        }
    }
}

impl std::fmt::Display for AreaChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl State {
    /// Reads every unit's points in `area` (the year's results, as every output uses).
    pub(super) fn load_matrix(&mut self, ctx: &Ctx<'_>, area: &str) {
        self.matrix_rows.clear();
        match ctx.store.results_with(
            ctx.year,
            ctx.level,
            ctx.lang,
            crate::domain::scoring::Detail::Figures,
        ) {
            Ok(results) => {
                for r in &results.rows {
                    let Some(area_node) = r.score.roots.iter().find(|n| &*n.code == area) else {
                        continue;
                    };
                    let leaves = crate::domain::scoring::leaves_of(area_node);
                    self.matrix_rows.push((
                        r.unit_name.clone(),
                        leaves.iter().map(|l| l.effective).collect(),
                        area_node.effective,
                    ));
                }
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
    }
}

pub(super) fn matrix_view<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    area: &str,
    lang: Lang,
) -> Element<'a, Message> {
    let Some(area_node) = sheet.set.roots.iter().find(|n| &*n.code == area) else {
        return text("").into();
    };
    let leaves = area_node.leaves();
    let mut head = row![
        text(t::UNIT.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(190)
    ]
    .spacing(4);
    for leaf in &leaves {
        head = head.push(
            text(&*leaf.code)
                .font(style::BOLD)
                .size(style::SMALL)
                .width(56),
        );
    }
    head = head.push(
        text(t::TOTAL.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(70),
    );
    let mut body = column![].spacing(2);
    for (name, values, total) in &state.matrix_rows {
        let mut line = row![text(name).size(style::SMALL).width(190)].spacing(4);
        for value in values {
            line = line.push(
                text(value.map(Points::to_vi).unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(56),
            );
        }
        line = line.push(
            text(total.map(Points::to_vi).unwrap_or_default())
                .font(style::BOLD)
                .size(style::SMALL)
                .width(70),
        );
        body = body.push(line);
    }
    column![
        text(format!(
            "{} {} — {}",
            t::MATRIX.get(lang),
            area_node.code,
            area_node.title
        ))
        .font(style::BOLD),
        scrollable(column![head, rule::horizontal(1), body].spacing(4)).direction(
            scrollable::Direction::Both {
                vertical: scrollable::Scrollbar::default(),
                horizontal: scrollable::Scrollbar::default(),
            }
        ),
    ]
    .spacing(8)
    .into()
}
