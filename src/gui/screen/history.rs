//! Nhật ký: the audit log, newest first, and whether its chain is intact.

use iced::widget::{column, row, rule, scrollable, text, text_input};
use iced::{Element, Length, Task};

use crate::domain::text::matches;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::audit::LabelledEntry;

use super::{Ctx, Event, ViewCtx};

#[derive(Debug, Default)]
pub struct State {
    entries: Vec<LabelledEntry>,
    intact: Option<bool>,
    pub search: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
}

/// The newest entries shown; the whole log is in the file and `parindex log`.
const SHOWN: usize = 500;

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.entries = ctx.store.audit_entries().unwrap_or_default();
        self.entries.reverse();
        self.intact = ctx.store.verify_log().ok().map(|f| f.is_empty());
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    _ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    match message {
        Message::Search(s) => state.search = s,
    }
    (Task::none(), None)
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let verdict = match state.intact {
        Some(true) => text(t::LOG_OK.get(lang)).style(style::success),
        Some(false) => text(t::LOG_BAD.get(lang)).style(style::error),
        None => text(""),
    };
    let mut list = column![].spacing(2);
    for e in state
        .entries
        .iter()
        .filter(|e| {
            matches(
                &format!("{} {} {} {}", e.label, e.actor, e.reason, e.field),
                &state.search,
            )
        })
        .take(SHOWN)
    {
        let change = format!(
            "{} · {}: {} → {}{}",
            e.label,
            t::audit_field(&e.field, lang),
            t::audit_value(&e.field, e.old.as_deref(), lang),
            t::audit_value(&e.field, e.new.as_deref(), lang),
            if e.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.reason)
            }
        );
        list = list.push(
            row![
                text(crate::domain::format::local_time(&e.at))
                    .size(style::SMALL)
                    .width(150),
                text(&e.actor).size(style::SMALL).width(170),
                text(change).size(style::SMALL).width(Length::Fill),
            ]
            .spacing(8),
        );
    }
    column![
        text(t::HISTORY_TITLE.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        verdict,
        text_input(t::SEARCH.get(lang), &state.search).on_input(Message::Search),
        row![
            text(t::WHEN.get(lang))
                .font(style::BOLD)
                .size(style::SMALL)
                .width(150),
            text(t::WHO.get(lang))
                .font(style::BOLD)
                .size(style::SMALL)
                .width(170),
            text(t::WHAT.get(lang)).font(style::BOLD).size(style::SMALL),
        ]
        .spacing(8),
        rule::horizontal(1),
        scrollable(list).height(Length::Fill),
    ]
    .spacing(8)
    .into()
}
