//! Cài đặt: the page where the officer changes the preferences (language, theme, zoom, the
//! name written into the log). Each change is saved at once. Below them, the open file's
//! backups: where they are, when they are taken and kept, and the room they take.

use iced::widget::{button, column, row, text, text_input};
use iced::{Element, Task};

use super::Event;
use crate::domain::Lang;
use crate::gui::Folders;
use crate::gui::i18n as t;
use crate::gui::preferences::Preferences;
use crate::gui::style;
use crate::store::backup;

#[derive(Debug, Clone)]
pub enum Message {
    Language(Lang),
    Dark(bool),
    /// `true`: bigger.
    Zoom(bool),
    UserName(String),
    Office(String),
}

/// The page's state is the preferences themselves; `folders` says where they are saved.
pub fn update(
    preferences: &mut Preferences,
    message: Message,
    folders: &Folders,
) -> (Task<Message>, Option<Event>) {
    match message {
        Message::Language(lang) => preferences.lang = lang,
        Message::Dark(dark) => preferences.dark = dark,
        Message::Zoom(true) => preferences.zoom_in(),
        Message::Zoom(false) => preferences.zoom_out(),
        Message::UserName(name) => preferences.user_name = name,
        Message::Office(office) => preferences.office = office,
    }
    preferences.save(folders);
    (Task::none(), None)
}

pub fn view(preferences: &Preferences) -> Element<'_, Message> {
    let lang = preferences.lang;
    let langs = [Lang::Vi, Lang::En];
    column![
        text(t::SEC_SETTINGS.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        text(t::LANGUAGE.get(lang)),
        row(langs.map(|l| {
            let label = match l {
                Lang::Vi => "Tiếng Việt",
                Lang::En => "English",
            };
            button(text(label))
                .style(style::nav(preferences.lang == l))
                .on_press(Message::Language(l))
                .into()
        }))
        .spacing(6),
        text(t::THEME.get(lang)),
        row![
            button(text(t::THEME_LIGHT.get(lang)))
                .style(style::nav(!preferences.dark))
                .on_press(Message::Dark(false)),
            button(text(t::THEME_DARK.get(lang)))
                .style(style::nav(preferences.dark))
                .on_press(Message::Dark(true)),
        ]
        .spacing(6),
        text(format!(
            "{}: {:.0}%",
            t::ZOOM.get(lang),
            preferences.zoom * 100.0
        )),
        row![
            button(text("−")).on_press(Message::Zoom(false)),
            button(text("+")).on_press(Message::Zoom(true)),
        ]
        .spacing(6),
        text(t::YOUR_NAME.get(lang)),
        text_input("Nguyễn Văn A", &preferences.user_name)
            .id("user-name")
            .on_input(Message::UserName)
            .width(360),
        text(t::WHO_OFFICE.get(lang)),
        text_input("Phòng Nội vụ …", &preferences.office)
            .id("user-office")
            .on_input(Message::Office)
            .width(360),
    ]
    .spacing(10)
    .into()
}

/// The backups of the open file: the folder, the policy and the space used.
pub fn backups_view<'a, M: 'a>(usage: &backup::Usage, lang: Lang) -> Element<'a, M> {
    let space = if usage.count == 0 {
        t::BACKUP_NONE_YET.get(lang).to_owned()
    } else {
        format!(
            "{} {} ({}); {}: {}",
            usage.count,
            t::BACKUP_COUNT_OF_FILE.get(lang),
            megabytes(usage.bytes),
            t::BACKUP_ALL_FILES.get(lang),
            megabytes(usage.all_bytes)
        )
    };
    column![
        text(t::BACKUPS_TITLE.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        text(t::BACKUP_FOLDER.get(lang)).font(style::BOLD),
        text(usage.folder.display().to_string()).size(style::SMALL),
        text(t::BACKUP_POLICY_TITLE.get(lang)).font(style::BOLD),
        text(t::BACKUP_POLICY.get(lang)).size(style::SMALL),
        text(t::BACKUP_SPACE.get(lang)).font(style::BOLD),
        text(space).size(style::SMALL),
    ]
    .spacing(6)
    .max_width(820)
    .into()
}

/// A size as the officer reads it: "12,3 MB" (decimal comma).
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    format!("{},{} MB", tenths / 10, tenths % 10)
}
