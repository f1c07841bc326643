//! The keys card of the exchange screen.

use iced::widget::{Column, button, column, row, text, text_input};
use iced::{Alignment, Length};

use super::{Message, State};
use crate::domain::Lang;
use crate::gui::i18n as t;
use crate::gui::style;

pub(super) fn view(state: &State, lang: Lang) -> Column<'_, Message> {
    // Keys: this file's own (read to a receiver who calls) and the senders it trusts, each
    // forgotten only with a reason (a unit that changed computers registers its new key with
    // its next package).
    let mut keys = column![text(t::KEYS_TITLE.get(lang)).font(style::BOLD)].spacing(4);
    if let Some(own) = &state.own_key {
        keys = keys.push(text(format!("{} {own}", t::OWN_KEY.get(lang))).size(style::SMALL));
    }
    if state.trusted.is_empty() {
        keys = keys.push(text(t::NO_TRUSTED.get(lang)).size(style::SMALL));
    } else {
        keys = keys.push(
            text_input(t::FORGET_REASON.get(lang), &state.forget_reason)
                .id("forget-reason")
                .on_input(Message::ForgetReason)
                .size(style::SMALL),
        );
    }
    for sender in &state.trusted {
        let print = sender.key.fingerprint();
        keys = keys.push(
            row![
                text(print.clone()).size(style::SMALL).width(170),
                text(sender.label.clone())
                    .size(style::SMALL)
                    .width(Length::Fill),
                button(text(t::FORGET_KEY.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press_maybe(
                        (!state.forget_reason.trim().is_empty()).then_some(Message::Forget(print)),
                    ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    keys
}
