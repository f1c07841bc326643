//! The year's submissions on the exchange screen: per unit, the packages received (when, who
//! imported them, how many values they changed) or "chưa gửi", and the reminder to paste
//! into an email to the units that have not sent.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use super::Message;
use crate::domain::Lang;
use crate::domain::format::local_time;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::submissions::{Submission, reminder};

pub fn view<'a>(list: &'a [Submission], lang: Lang, year: i32) -> Element<'a, Message> {
    let mut lines =
        column![text(format!("{} {year}", t::SUBMISSIONS_TITLE.get(lang))).font(style::BOLD)]
            .spacing(3);
    for s in list {
        let what = if s.packages.is_empty() {
            if s.not_sent() {
                t::NOT_SENT.get(lang).to_owned()
            } else {
                t::NO_PACKAGE.get(lang).to_owned()
            }
        } else {
            s.packages
                .iter()
                .map(|p| {
                    let short: String = p.package.chars().take(8).collect();
                    let author = if p.author.is_empty() {
                        String::new()
                    } else {
                        format!(" · {} {}", t::MADE_BY.get(lang), p.author)
                    };
                    format!(
                        "{}{author} · {} {} · {} {short}{}",
                        local_time(&p.at),
                        p.changes,
                        t::CHANGES.get(lang),
                        t::PACKAGE.get(lang),
                        if p.late { t::LATE.get(lang) } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        lines = lines.push(
            row![
                text(format!("{} ({})", s.unit_name, s.unit_code))
                    .size(style::SMALL)
                    .width(260),
                text(s.status.label(lang)).size(style::SMALL).width(150),
                text(what)
                    .size(style::SMALL)
                    .style(if s.not_sent() {
                        style::warning
                    } else {
                        text::default
                    })
                    .width(Length::Fill),
            ]
            .spacing(6),
        );
    }
    match reminder(year, list) {
        Some(reminder) => {
            lines = lines
                .push(
                    text(t::REMINDER.get(lang))
                        .size(style::SMALL)
                        .style(style::muted),
                )
                .push(text(reminder.clone()).size(style::SMALL))
                .push(
                    button(text(t::COPY_REMINDER.get(lang)).size(style::SMALL))
                        .style(button::secondary)
                        .on_press(Message::CopyReminder(reminder)),
                );
        }
        None => lines = lines.push(text(t::ALL_SENT.get(lang)).size(style::SMALL)),
    }
    container(lines)
        .padding(10)
        .width(Length::Fill)
        .style(style::card)
        .into()
}
