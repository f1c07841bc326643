//! One unit's explanation: how every point was reached, the tree `parindex explain` prints
//! (`domain::explain::unit_tree`), shown as indented rows.

use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Element, Length};

use crate::domain::{Explained, Lang, Points};
use crate::gui::i18n as t;
use crate::gui::style;

use super::Message;

/// The tree of one unit, with the line the window heads it with.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub unit_code: String,
    /// "Chỉ số 91,25% · Tốt · Đã công bố".
    pub summary: String,
    pub tree: Explained,
}

/// Indentation of one level of the tree.
const INDENT: f32 = 22.0;

pub fn view(explanation: &Explanation, lang: Lang) -> Element<'_, Message> {
    let root = &explanation.tree;
    let mut lines = column![].spacing(6);
    for child in &root.children {
        lines = push_node(lines, child, 0, lang);
    }
    column![
        row![
            button(text(t::RES_BACK.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .on_press(Message::CloseExplanation),
            text(root.title.to_string())
                .font(style::BOLD)
                .size(style::HEADING),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center),
        text(explanation.summary.as_str()),
        container(text(root.rule.as_str()).font(style::BOLD))
            .padding(8)
            .width(Length::Fill)
            .style(style::panel),
        scrollable(lines.padding([0, 12])).height(Length::Fill),
    ]
    .spacing(10)
    .into()
}

/// A node's line (code, title, figures) and its rule below it, then its children.
fn push_node<'a>(
    lines: iced::widget::Column<'a, Message>,
    node: &'a Explained,
    depth: usize,
    lang: Lang,
) -> iced::widget::Column<'a, Message> {
    let pts = |p: Option<Points>| p.map_or_else(|| "-".to_owned(), Points::to_vi);
    let figures = format!(
        "{}: {} · {}: {} · {}: {} · {}: {}{}",
        t::RES_MAX.get(lang),
        pts(Some(node.max_points)),
        t::COL_SELF.get(lang),
        pts(node.self_points),
        t::RES_ROUND1.get(lang),
        pts(node.appraised_points),
        t::RES_FINAL.get(lang),
        pts(node.final_points),
        if node.na {
            format!(" · {}", t::RES_NA.get(lang))
        } else {
            String::new()
        }
    );
    let heading = format!("{} {}", node.code, node.title);
    let title = if depth == 0 {
        text(heading).font(style::BOLD)
    } else {
        text(heading)
    };
    let indent = space::horizontal().width(INDENT * depth as f32);
    let mut block =
        column![row![title.width(Length::Fill), text(figures).size(style::SMALL)].spacing(12)]
            .spacing(2);
    if !node.rule.is_empty() {
        block = block.push(
            text(format!("→ {}", node.rule))
                .size(style::SMALL)
                .style(style::muted),
        );
    }
    let mut lines = lines.push(row![indent, block.width(Length::Fill)]);
    for child in &node.children {
        lines = push_node(lines, child, depth + 1, lang);
    }
    lines
}
