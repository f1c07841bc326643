//! The window while slow work holds the file: a card names the work and shows how far it
//! is, the window stays usable for what needs no file (scrolling, switching screens, the
//! language, the zoom), and every write is refused with one clear message, nothing done.
//! Closing the window waits for the work, so the file is never left half-done.

use iced::widget::{button, column, container, opaque, progress_bar, row, text};
use iced::{Element, Length, Task, window};

use super::app::Message;
use super::background::Job;
use super::check_panel;
use super::i18n as t;
use super::screen::results;
use super::style;
use super::workspace::{Section, Workspace};
use crate::domain::Lang;

/// Slow work holding the store, as the window shows it.
#[derive(Debug, Clone)]
pub struct Busy {
    pub label: t::Tr,
    pub counted: Option<t::Tr>,
    pub done: usize,
    pub total: usize,
    /// A write was refused meanwhile: the card says why.
    pub refused: bool,
    /// The officer switched screens meanwhile: the screen is read again when the file is back.
    pub switched: bool,
    /// The window asked to close: it closes when the work is done.
    pub closing: Option<window::Id>,
    /// The screen the work was started from: the only one shown as it is while it runs.
    pub section: Section,
}

impl Busy {
    pub fn of(job: &Job, section: Section) -> Busy {
        Busy {
            label: job.label,
            counted: job.counted,
            done: 0,
            total: 0,
            refused: false,
            switched: false,
            closing: None,
            section,
        }
    }

    /// What the work is, with its count where it has one: "Đang xuất 12/60 phiếu điểm…".
    pub fn title(&self, lang: Lang) -> String {
        match self.counted {
            Some(counted) if self.total > 0 => counted
                .get(lang)
                .replace("{done}", &self.done.to_string())
                .replace("{total}", &self.total.to_string()),
            _ => self.label.get(lang).to_owned(),
        }
    }

    /// Why a write is refused: "Đang sao lưu, vui lòng chờ xong".
    pub fn refusal(&self, lang: Lang) -> String {
        format!(
            "{}, {}",
            self.label.get(lang).trim_end_matches('…'),
            t::BUSY_WAIT.get(lang)
        )
    }
}

impl Workspace {
    /// A message while the file is lent: what needs no file is done, the rest refused.
    pub(super) fn while_busy(&mut self, message: Message, lang: Lang) -> Task<Message> {
        match message {
            Message::Section(section) => {
                self.section = section;
                if let Some(busy) = &mut self.busy {
                    busy.switched = true;
                }
            }
            Message::Results(results::Message::Scrolled(viewport)) => {
                results::scrolled(&mut self.results, viewport);
            }
            Message::Check(check_panel::Message::Close) => self.check.open = false,
            // The timer's backup waits for the next tick.
            Message::BackupTick => {}
            _ => self.refuse(lang),
        }
        Task::none()
    }

    /// Refuses what was asked while slow work holds the file: said in the status line and
    /// on the work's card; nothing is done.
    pub fn refuse(&mut self, lang: Lang) {
        if let Some(busy) = &mut self.busy {
            busy.refused = true;
            self.status = Some(Err(busy.refusal(lang)));
        }
    }

    /// The window asked to close while slow work runs: it closes when the work is done.
    pub fn close_when_done(&mut self, id: window::Id) {
        if let Some(busy) = &mut self.busy {
            busy.closing = Some(id);
        }
    }

    /// The officer changed their mind: the window stays open after the work.
    pub fn keep_open(&mut self) {
        if let Some(busy) = &mut self.busy {
            busy.closing = None;
        }
    }
}

/// Another screen opened while the work runs: what it last read may be of another year or
/// out of date, and the file cannot be read now, so it says it will show when the work ends
/// (the settings need no file and show as they are).
pub fn waiting<'a>(busy: &Busy, lang: Lang) -> Element<'a, Message> {
    container(
        column![
            text(busy.title(lang)).font(style::BOLD),
            text(t::SCREEN_WAITS.get(lang)),
        ]
        .spacing(8),
    )
    .padding(16)
    .width(Length::Fill)
    .style(style::card)
    .into()
}

/// The card of the work, at the bottom right over the page; only the card takes clicks.
pub fn overlay<'a>(busy: &Busy, lang: Lang) -> Element<'a, Message> {
    let total = busy.total.max(1) as f32;
    // Rounded down: 100 % only when all is done.
    let how_far = match (busy.done.min(busy.total) * 100).checked_div(busy.total) {
        Some(percent) => format!("{percent}% {}", t::PERCENT_DONE.get(lang)),
        None => t::WAIT_FOR_WORK.get(lang).to_owned(),
    };
    let mut card = column![
        text(busy.title(lang)).font(style::BOLD),
        progress_bar(0.0..=total, busy.done as f32).length(380),
        text(how_far).size(style::SMALL),
    ]
    .spacing(8)
    .width(412);
    if busy.refused {
        card = card.push(
            text(format!(
                "{}. {}",
                busy.refusal(lang),
                t::BUSY_REFUSED_NOTE.get(lang)
            ))
            .size(style::SMALL)
            .style(style::warning),
        );
    }
    if busy.closing.is_some() {
        card = card.push(
            row![
                text(t::CLOSE_WHEN_DONE.get(lang))
                    .size(style::SMALL)
                    .width(Length::Fill),
                button(text(t::KEEP_OPEN.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::KeepOpen),
            ]
            .spacing(8),
        );
    }
    let card = container(card).padding(16).style(style::dialog);
    container(opaque(card))
        .align_right(Length::Fill)
        .align_bottom(Length::Fill)
        .padding(iced::Padding::ZERO.right(18).bottom(40))
        .into()
}
