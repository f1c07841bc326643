//! The versions of a set re-issued within its year: the version in force and the decisions
//! it replaced, and an earlier version shown read only, its tree and the points entered
//! against it.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length, Padding};

use super::{SCROLLBAR_ROOM, decision_words, node_line};
use crate::domain::format::local_time;
use crate::domain::{EarlierVersion, IndexSet, Lang, Node, Points};
use crate::gui::i18n as t;
use crate::gui::screen::Ctx;
use crate::gui::style;
use crate::store::reissue::ArchivedVersion;

/// An earlier version opened for reading, or why it could not be read.
#[derive(Debug)]
pub struct Viewing {
    version: u32,
    content: Result<ArchivedVersion, String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(u32),
    Close,
}

pub fn update(viewing: &mut Option<Viewing>, message: Message, ctx: &Ctx<'_>) {
    *viewing = match message {
        Message::Show(version) => Some(Viewing {
            version,
            content: ctx
                .store
                .earlier_version(ctx.year, ctx.level, version)
                .map_err(|e| e.message(ctx.lang)),
        }),
        Message::Close => None,
    };
}

fn decision(version: u32, decision: &str, date: Option<chrono::NaiveDate>, lang: Lang) -> String {
    let version = format!("{} {version}", t::SET_VERSION.get(lang));
    match decision_words(decision, date) {
        Some(words) => format!("{version} ({words})"),
        None => version,
    }
}

/// "Phiên bản 2 · thay thế: [Xem phiên bản 1 (12/QĐ-UBND 03/03/2026)]", for a set that was
/// re-issued; nothing for a first version.
pub fn line<'a>(set: &IndexSet, lang: Lang) -> Option<Element<'a, Message>> {
    if set.earlier.is_empty() {
        return None;
    }
    let mut line = row![
        text(format!(
            "{} {} · {}:",
            t::SET_VERSION.get(lang),
            set.version,
            t::SET_VERSION_REPLACES.get(lang)
        ))
        .size(style::SMALL)
    ]
    .spacing(6)
    .align_y(iced::Alignment::Center);
    for EarlierVersion {
        version,
        decision: number,
        decision_date,
    } in &set.earlier
    {
        line = line.push(
            button(text(decision(*version, number, *decision_date, lang)).size(style::SMALL))
                .style(button::secondary)
                .padding([2, 6])
                .on_press(Message::Show(*version)),
        );
    }
    Some(line.into())
}

/// The earlier version: its tree, then every point entered against it by unit.
pub fn view<'a>(viewing: &'a Viewing, lang: Lang) -> Element<'a, Message> {
    let close = button(text(t::SET_VERSION_CLOSE.get(lang)))
        .style(button::secondary)
        .on_press(Message::Close);
    let archived = match &viewing.content {
        Ok(archived) => archived,
        Err(why) => {
            return column![text(why.clone()).style(style::error), close]
                .spacing(8)
                .into();
        }
    };
    let set = &archived.set;
    let mut nodes = Vec::new();
    lines(&set.roots, 0, lang, &mut nodes);
    let points = |p: Option<Points>| p.map(Points::to_vi).unwrap_or_else(|| "–".into());
    let scores: Vec<Element<'a, Message>> = archived
        .scores
        .iter()
        .map(|s| {
            text(format!(
                "{} ({}) · {} · {} {} · {} {} · {} {}",
                s.unit_name,
                s.unit_code,
                s.criterion,
                t::COL_SELF.get(lang),
                points(s.self_points.or(s.survey)),
                t::COL_ROUND1.get(lang),
                points(s.round1),
                t::COL_FINAL.get(lang),
                points(s.final_points),
            ))
            .size(style::SMALL)
            .into()
        })
        .collect();
    let body = column![
        row![
            text(format!(
                "{} · {}",
                t::SET_VERSION_TITLE.get(lang),
                decision(viewing.version, &set.decision, set.decision_date, lang)
            ))
            .font(style::BOLD)
            .width(Length::Fill),
            close,
        ]
        .spacing(8),
        text(format!(
            "{} {} · {}",
            t::SET_VERSION_REPLACED.get(lang),
            local_time(&archived.replaced_at),
            archived.replaced_by
        ))
        .size(style::SMALL)
        .style(style::muted),
        scrollable(
            column(nodes)
                .spacing(1)
                .padding(Padding::ZERO.right(SCROLLBAR_ROOM))
        )
        .width(Length::Fill)
        .height(Length::FillPortion(3)),
        text(format!(
            "{} ({})",
            t::SET_VERSION_SCORES.get(lang),
            archived.scores.len()
        ))
        .font(style::BOLD),
        scrollable(column(scores).spacing(1).width(Length::Fill))
            .width(Length::Fill)
            .height(Length::FillPortion(2)),
    ]
    .spacing(6);
    container(body).padding(10).style(style::card).into()
}

fn lines<'a>(nodes: &'a [Node], depth: usize, lang: Lang, out: &mut Vec<Element<'a, Message>>) {
    for node in nodes {
        out.push(node_line(node, depth, lang).into());
        lines(&node.children, depth + 1, lang, out);
    }
}
