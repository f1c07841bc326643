//! Who is working: opening a file while no name is set asks once for the officer's name and
//! office, before any typing (asked at the first keystroke instead, the question took the
//! rest of the value typed into the cell as the name). They are kept in the preferences,
//! shown in the status line and written into every audit entry and every package sent
//! (`Store::set_actor`). An edit made while the name is still missing asks again, waits, and
//! goes through once the name is given, so no entry carries a placeholder.

use iced::widget::{Id, button, column, container, operation, text, text_input};
use iced::{Element, Length, Task};

use super::app::Message as AppMessage;
use super::i18n as t;
use super::screen::{exchange, scoring};
use super::style;
use crate::domain::Lang;

pub const NAME_ID: &str = "who-name";
pub const OFFICE_ID: &str = "who-office";

/// The open question, with the edit that waits for it (none when asked at opening).
#[derive(Debug)]
pub struct Prompt {
    pub name: String,
    pub office: String,
    pub error: Option<String>,
    held: Option<Box<AppMessage>>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Office(String),
    Save,
}

/// Whether `message` changes the file in a way the log signs: then it needs a name.
pub fn is_edit(message: &AppMessage) -> bool {
    use scoring::Message as S;
    matches!(
        message,
        AppMessage::Scoring(
            S::Input(..)
                | S::Key(
                    scoring::GridKey::Type(_)
                        | scoring::GridKey::Erase
                        | scoring::GridKey::Clear
                        | scoring::GridKey::Toggle
                )
                | S::Pasted(..)
                | S::PasteConfirm
                | S::ToggleNa(_)
                | S::SetStatus(_)
                | S::Undo
        ) | AppMessage::Exchange(exchange::Message::Export)
    )
}

/// Puts the keyboard in the name field.
pub fn focus() -> Task<AppMessage> {
    operation::focus(Id::new(NAME_ID))
}

impl Prompt {
    /// Asks, holding `held` until answered; the task puts the cursor in the name field.
    pub fn ask(held: AppMessage, office: &str) -> (Prompt, Task<AppMessage>) {
        let prompt = Prompt {
            name: String::new(),
            office: office.to_owned(),
            error: None,
            held: Some(Box::new(held)),
        };
        (prompt, focus())
    }

    /// Asks as a file opens, before anything can be typed.
    pub fn at_open(office: &str) -> Prompt {
        Prompt {
            name: String::new(),
            office: office.to_owned(),
            error: None,
            held: None,
        }
    }

    /// Applies a keystroke or the save; on a save with a name, gives back (name, office,
    /// the held edit).
    pub fn update(&mut self, message: Message, lang: Lang) -> Option<(String, String)> {
        match message {
            Message::Name(name) => self.name = name,
            Message::Office(office) => self.office = office,
            Message::Save => {
                let name = crate::domain::text::nfc(self.name.trim());
                // A name has letters: ",25" is a cell's value typed into the wrong place.
                if !name.chars().any(char::is_alphabetic) {
                    self.error = Some(t::WHO_NEEDED.get(lang).to_owned());
                    return None;
                }
                let office = crate::domain::text::nfc(self.office.trim());
                return Some((name, office));
            }
        }
        None
    }

    /// A later keystroke in the same cell carries the whole text typed so far.
    pub fn hold_newer(&mut self, message: AppMessage) {
        use scoring::Message::Input;
        if let (
            AppMessage::Scoring(Input(id, col, _)),
            Some(AppMessage::Scoring(Input(held_id, held_col, _))),
        ) = (&message, self.held.as_deref())
            && id == held_id
            && col == held_col
        {
            self.held = Some(Box::new(message));
        }
    }

    pub fn into_held(self) -> Option<AppMessage> {
        self.held.map(|m| *m)
    }

    pub fn view(&self, lang: Lang) -> Element<'_, AppMessage> {
        let wrap = |m: Message| AppMessage::Who(m);
        let mut card = column![
            text(t::WHO_TITLE.get(lang)).size(20).font(style::BOLD),
            text(t::WHO_INTRO.get(lang)).size(style::SMALL),
            text(t::WHO_NAME.get(lang)).size(style::SMALL),
            text_input("Nguyễn Văn A", &self.name)
                .id(Id::new(NAME_ID))
                .on_input(move |v| wrap(Message::Name(v)))
                .on_submit(wrap(Message::Save)),
            text(t::WHO_OFFICE.get(lang)).size(style::SMALL),
            text_input("Phòng Nội vụ …", &self.office)
                .id(Id::new(OFFICE_ID))
                .on_input(move |v| wrap(Message::Office(v)))
                .on_submit(wrap(Message::Save)),
        ]
        .spacing(6);
        if let Some(error) = &self.error {
            card = card.push(text(error).size(style::SMALL).style(style::error));
        }
        card = card.push(button(text(t::WHO_SAVE.get(lang))).on_press(wrap(Message::Save)));
        container(card)
            .padding(16)
            .width(Length::Fixed(440.0))
            .style(style::panel)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value meant for a cell (",25") is not a name; a name with letters is kept as typed.
    #[test]
    fn a_name_needs_letters() {
        let mut prompt = Prompt::at_open("");
        prompt.update(Message::Name(",25".into()), Lang::Vi);
        assert_eq!(prompt.update(Message::Save, Lang::Vi), None);
        assert!(prompt.error.is_some());
        prompt.update(Message::Name("Hà Thị Mai".into()), Lang::Vi);
        assert_eq!(
            prompt.update(Message::Save, Lang::Vi),
            Some(("Hà Thị Mai".to_owned(), String::new()))
        );
    }
}
