//! The start screen: recent files, new file, open (dialog or typed path), the demo.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, Length, Task};

use crate::domain::{Lang, Level};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::rescue;

use super::Event;

#[derive(Debug, Default)]
pub struct State {
    pub path: String,
    pub new_owner: String,
    pub new_level: Option<Level>,
    pub creating: bool,
    /// Set when the system offered no file dialog.
    pub no_dialog: bool,
    pub error: Option<String>,
    /// The officer chose the level: typing the office no longer changes it.
    pub level_picked: bool,
    /// The file could not be opened because it is damaged, and a checked backup of it exists.
    pub rescue: Option<Rescue>,
}

/// The offer to restore the latest good backup of a damaged file into a new file.
#[derive(Debug, Clone)]
pub struct Rescue {
    pub backup: crate::store::backup::Backup,
    /// Where the restored copy goes (a new file; the damaged one is kept as it is).
    pub target: String,
    /// The language of the message if the restore fails.
    pub lang: Lang,
}

impl Rescue {
    /// The offer for `document`, if one of its backups passes a restore's checks.
    pub fn offer(document: &Path, backups: Option<&Path>, lang: Lang) -> Option<Rescue> {
        let backup = rescue::latest_good_backup(backups, document)?;
        Some(Rescue {
            backup,
            target: rescue::restored_path(document).display().to_string(),
            lang,
        })
    }
}

impl State {
    /// The new-file form, open, on the level that `office` (the officer's own) scores.
    pub fn creating(office: &str) -> State {
        State {
            creating: true,
            new_level: Some(level_scored_by(office)),
            ..State::default()
        }
    }
}

/// The level of the units an office scores, read from its name: a province's office (tỉnh,
/// Sở) scores districts; a district's (huyện, quận, thị xã, thành phố, Phòng) or any other
/// scores communes, the common case.
pub fn level_scored_by(office: &str) -> Level {
    let folded = crate::domain::text::fold(office);
    let has = |word: &str| {
        folded
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
    };
    let province = has("tinh") || has("so");
    let district = has("huyen") || has("quan") || has("phong") || folded.contains("thi xa");
    if province && !district {
        Level::District
    } else {
        Level::Commune
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelChoice(pub Level, pub Lang);

impl std::fmt::Display for LevelChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self.0 {
            Level::Commune => t::LEVEL_COMMUNE,
            Level::District => t::LEVEL_DISTRICT,
        };
        f.write_str(text.get(self.1))
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    PathChanged(String),
    OpenPath,
    OpenRecent(PathBuf),
    OpenDialog,
    Picked(Option<PathBuf>),
    NewFile,
    NewOwner(String),
    NewLevel(LevelChoice),
    CreatePicked(Option<PathBuf>),
    CreateAtPath,
    OpenDemo,
    RescueTarget(String),
    /// Restore the offered backup into the new file and open it.
    Rescue,
}

/// Asks the system for a file; `None` also when no dialog could be shown.
fn dialog(save: bool) -> Task<Message> {
    let dialog = rfd::AsyncFileDialog::new().add_filter("Chỉ số CCHC", &["cchc"]);
    if save {
        Task::perform(
            async move {
                dialog
                    .set_file_name("chi-so-cchc.cchc")
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned())
            },
            Message::CreatePicked,
        )
    } else {
        Task::perform(
            async move { dialog.pick_file().await.map(|h| h.path().to_owned()) },
            Message::Picked,
        )
    }
}

pub fn update(state: &mut State, message: Message) -> (Task<Message>, Option<Event>) {
    let event = match message {
        Message::PathChanged(path) => {
            state.path = path;
            None
        }
        Message::OpenPath | Message::CreateAtPath if state.path.trim().is_empty() => None,
        Message::OpenPath => Some(Event::OpenFile(PathBuf::from(state.path.trim()))),
        Message::OpenRecent(path) => Some(Event::OpenFile(path)),
        Message::OpenDialog => return (dialog(false), None),
        // No path back from a dialog that was shown means "cancelled"; but on a desktop with
        // no portal the dialog never appears, so offer the typed path either way.
        Message::Picked(Some(path)) => Some(Event::OpenFile(path)),
        Message::Picked(None) | Message::CreatePicked(None) => {
            state.no_dialog = true;
            None
        }
        Message::NewFile => {
            state.creating = true;
            if state.new_level.is_none() {
                state.new_level = Some(level_scored_by(&state.new_owner));
            }
            None
        }
        Message::NewOwner(owner) => {
            // The level follows the office typed until the officer picks one.
            if !state.level_picked {
                state.new_level = Some(level_scored_by(&owner));
            }
            state.new_owner = owner;
            None
        }
        Message::NewLevel(level) => {
            state.new_level = Some(level.0);
            state.level_picked = true;
            None
        }
        Message::CreatePicked(Some(path)) => Some(create(state, path)),
        Message::CreateAtPath => Some(create(state, PathBuf::from(state.path.trim()))),
        Message::OpenDemo => Some(Event::OpenDemo),
        Message::RescueTarget(path) => {
            if let Some(offer) = &mut state.rescue {
                offer.target = path;
            }
            None
        }
        Message::Rescue => state.rescue.as_ref().map(|offer| {
            let to = PathBuf::from(offer.target.trim());
            match rescue::restore_as_new(&offer.backup.path, &to) {
                Ok(()) => Event::OpenFile(to),
                Err(e) => Event::Failed(e.message(offer.lang)),
            }
        }),
    };
    (Task::none(), event)
}

fn create(state: &State, mut path: PathBuf) -> Event {
    if path.extension().is_none() {
        path.set_extension("cchc");
    }
    Event::CreateFile {
        path,
        owner: state.new_owner.clone(),
        level: state.new_level.unwrap_or(Level::Commune),
    }
}

pub fn view<'a>(state: &'a State, recent: &'a [PathBuf], lang: Lang) -> Element<'a, Message> {
    let recent_list: Element<'a, Message> = if recent.is_empty() {
        text(t::NO_RECENT.get(lang)).style(style::muted).into()
    } else {
        column(recent.iter().map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            button(column![
                text(name).font(style::BOLD),
                text(path.display().to_string()).size(style::SMALL)
            ])
            .style(button::text)
            .width(Length::Fill)
            .on_press(Message::OpenRecent(path.clone()))
            .into()
        }))
        .spacing(2)
        .into()
    };

    let actions = row![
        button(text(t::OPEN_FILE.get(lang))).on_press(Message::OpenDialog),
        button(text(t::NEW_FILE.get(lang)))
            .style(button::secondary)
            .on_press(Message::NewFile),
        button(text(t::OPEN_DEMO.get(lang)))
            .style(button::secondary)
            .on_press(Message::OpenDemo),
    ]
    .spacing(10);

    let mut body = column![
        text(t::START_HEADING.get(lang)).size(28).font(style::BOLD),
        text(t::START_INTRO.get(lang)),
        actions,
    ]
    .spacing(16)
    .max_width(760);

    if state.creating {
        let levels = [
            LevelChoice(Level::Commune, lang),
            LevelChoice(Level::District, lang),
        ];
        body = body.push(
            container(
                column![
                    text(t::NEW_FILE.get(lang)).font(style::BOLD),
                    text(t::OWNER_UNIT.get(lang)),
                    text_input(t::OWNER_HINT.get(lang), &state.new_owner)
                        .id("new-owner")
                        .on_input(Message::NewOwner),
                    text(t::LEVEL_SCORED.get(lang)),
                    pick_list(
                        levels,
                        state.new_level.map(|l| LevelChoice(l, lang)),
                        Message::NewLevel
                    ),
                    text(t::PATH_LABEL.get(lang)),
                    row![
                        text_input(t::PATH_HINT.get(lang), &state.path)
                            .id("path")
                            .on_input(Message::PathChanged)
                            .on_submit(Message::CreateAtPath),
                        button(text(t::CREATE.get(lang))).on_press(Message::CreateAtPath),
                    ]
                    .spacing(8),
                ]
                .spacing(8),
            )
            .padding(12)
            .style(style::card),
        );
    } else {
        if state.no_dialog {
            body = body.push(text(t::NO_DIALOG.get(lang)).style(style::warning));
        }
        body = body.push(
            row![
                text_input(t::PATH_HINT.get(lang), &state.path)
                    .id("path")
                    .on_input(Message::PathChanged)
                    .on_submit(Message::OpenPath),
                button(text(t::OPEN_PATH.get(lang))).on_press(Message::OpenPath),
            ]
            .spacing(8),
        );
    }
    if let Some(error) = &state.error {
        body = body.push(text(error).style(style::error));
    }
    if let Some(offer) = &state.rescue {
        body = body.push(rescue_view(offer, lang));
    }
    body = body
        .push(text(t::RECENT_FILES.get(lang)).font(style::BOLD))
        .push(recent_list);

    container(scrollable(body.padding(24)))
        .center_x(Length::Fill)
        .into()
}

/// The offer under the error: when the backup was taken, where its copy will go, the button.
fn rescue_view(offer: &Rescue, lang: Lang) -> Element<'_, Message> {
    let when = offer
        .backup
        .taken_at
        .with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string();
    container(
        column![
            text(t::RESCUE_HEADING.get(lang)).font(style::BOLD),
            text(t::RESCUE_BODY.get(lang).replace("{when}", &when)),
            text(t::RESCUE_TARGET.get(lang)),
            row![
                text_input(t::PATH_HINT.get(lang), &offer.target)
                    .id("rescue-path")
                    .on_input(Message::RescueTarget)
                    .on_submit(Message::Rescue),
                button(text(t::RESCUE_RESTORE.get(lang))).on_press(Message::Rescue),
            ]
            .spacing(8),
        ]
        .spacing(8),
    )
    .padding(12)
    .style(style::card)
    .into()
}
