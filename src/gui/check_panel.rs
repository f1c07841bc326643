//! The check panel: one click from every screen (the button in the workspace's top bar), it
//! lists exactly what `parindex check` finds (`Store::check`, one rule for both) and opens
//! the place to fix each finding through the screens' own messages (the year selector, the
//! sidebar, the grid's unit picker and cell selection, the evidence screen's "go to").

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::app::Message as AppMessage;
use super::background::Job;
use super::i18n as t;
use super::screen::evidence;
use super::screen::scoring::{self, Col};
use super::style;
use super::workspace::{Section, Workspace, YearChoice};
use crate::domain::{Lang, Level};
use crate::store::check::{FixAt, Stage};

/// The panel's findings, read when it opens.
#[derive(Debug, Default)]
pub struct Panel {
    pub open: bool,
    /// Each finding in the window's language, with where it is fixed.
    pub findings: Vec<(String, FixAt)>,
    /// The check could not run (the file is lent to slow work, or unreadable).
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Runs the check (in the background: a province's file takes a while) and shows the
    /// panel.
    Open,
    /// The check's findings, in words and with their places, or why it could not run.
    Checked(Result<Vec<(String, FixAt)>, String>),
    Close,
    /// Opens the place of the finding at this index.
    Fix(usize),
}

/// The most findings listed; the command line prints them all.
const LISTED: usize = 300;

impl Workspace {
    /// The check panel's messages.
    pub fn check_panel(&mut self, message: Message, lang: Lang) -> Task<AppMessage> {
        match message {
            Message::Open => {
                if self.is_busy() {
                    return Task::none();
                }
                let job = Job::new(
                    t::CHECK_RUNNING,
                    move |store, progress| {
                        store
                            .check_reporting(&mut |d, t| progress.report(d, t))
                            .map(|(findings, _)| {
                                findings
                                    .iter()
                                    .map(|f| (f.message(lang), f.fix_at()))
                                    .collect()
                            })
                            .map_err(|e| e.message(lang))
                    },
                    |result| AppMessage::Check(Message::Checked(result)),
                );
                self.lend(job)
            }
            Message::Checked(result) => {
                self.check.open = true;
                match result {
                    Ok(findings) => {
                        self.check.findings = findings;
                        self.check.error = None;
                    }
                    Err(e) => {
                        self.check.findings.clear();
                        self.check.error = Some(e);
                    }
                }
                Task::none()
            }
            Message::Close => {
                self.check.open = false;
                Task::none()
            }
            Message::Fix(index) => {
                let Some((_, at)) = self.check.findings.get(index).cloned() else {
                    return Task::none();
                };
                self.check.open = false;
                self.go_to(at, lang)
            }
        }
    }

    /// Opens the place to fix a finding, with the messages a person's clicks would send.
    fn go_to(&mut self, at: FixAt, lang: Lang) -> Task<AppMessage> {
        let mut tasks = Vec::new();
        match at {
            FixAt::Criterion {
                place,
                stage,
                reason,
            } => {
                tasks.push(self.choose_year(place.year, place.level, lang));
                tasks.push(self.update(AppMessage::Section(Section::Scoring), lang));
                tasks.push(self.pick_unit(&place.unit_code, lang));
                let col = match (stage, reason) {
                    (Stage::Round1 | Stage::Final, true) => Col::Reason,
                    (Stage::Round1, false) => Col::Round1,
                    (Stage::Final, false) => Col::Final,
                    (Stage::SelfAssessed | Stage::Survey, _) => Col::SelfPoints,
                };
                tasks.push(self.update(
                    AppMessage::Scoring(scoring::Message::Select(place.criterion, col)),
                    lang,
                ));
            }
            FixAt::Evidence(place) => {
                tasks.push(self.choose_year(place.year, place.level, lang));
                tasks.push(self.update(AppMessage::Section(Section::Evidence), lang));
                tasks.push(self.update(
                    AppMessage::Evidence(evidence::Message::GoTo(place.unit_code, place.code)),
                    lang,
                ));
            }
            FixAt::Unit {
                year,
                level,
                unit_code,
            } => {
                tasks.push(self.choose_year(year, level, lang));
                tasks.push(self.update(AppMessage::Section(Section::Scoring), lang));
                tasks.push(self.pick_unit(&unit_code, lang));
            }
            FixAt::Set { year, level } => {
                tasks.push(self.choose_year(year, level, lang));
                tasks.push(self.update(AppMessage::Section(Section::Sets), lang));
            }
            FixAt::Log => tasks.push(self.update(AppMessage::Section(Section::History), lang)),
            FixAt::Documents => {
                tasks.push(self.update(AppMessage::Section(Section::Evidence), lang));
            }
            FixAt::File => tasks.push(self.update(AppMessage::Section(Section::Exchange), lang)),
        }
        Task::batch(tasks)
    }

    fn choose_year(&mut self, year: i32, level: Level, lang: Lang) -> Task<AppMessage> {
        if (self.year, self.level) == (year, level) {
            return Task::none();
        }
        self.update(AppMessage::Year(YearChoice { year, level, lang }), lang)
    }

    fn pick_unit(&mut self, code: &str, lang: Lang) -> Task<AppMessage> {
        match self.scoring.units.iter().find(|u| u.code == code).cloned() {
            Some(unit) => self.update(AppMessage::Scoring(scoring::Message::PickUnit(unit)), lang),
            None => Task::none(),
        }
    }
}

/// The button of the top bar.
pub fn button_view<'a>(lang: Lang) -> Element<'a, AppMessage> {
    button(text(t::CHECK_BUTTON.get(lang)).size(style::SMALL))
        .style(button::secondary)
        .on_press(AppMessage::Check(Message::Open))
        .into()
}

/// The panel, over the right side of the workspace.
pub fn view(panel: &Panel, lang: Lang) -> Element<'_, AppMessage> {
    let heading = if panel.findings.is_empty() && panel.error.is_none() {
        t::CHECK_NONE.get(lang).to_owned()
    } else {
        format!("{}: {}", t::CHECK_FOUND.get(lang), panel.findings.len())
    };
    let mut list = column![].spacing(2);
    if let Some(error) = &panel.error {
        list = list.push(text(error).style(style::error));
    }
    for (i, (message, _)) in panel.findings.iter().enumerate().take(LISTED) {
        list = list.push(
            button(text(message).size(style::SMALL))
                .style(button::text)
                .padding([2, 4])
                .width(Length::Fill)
                .on_press(AppMessage::Check(Message::Fix(i))),
        );
    }
    if panel.findings.len() > LISTED {
        list = list.push(
            text(t::CHECK_MORE_IN_CLI.get(lang))
                .size(style::SMALL)
                .style(style::muted),
        );
    }
    container(
        column![
            row![
                text(t::CHECK_TITLE.get(lang))
                    .font(style::BOLD)
                    .size(style::HEADING)
                    .width(Length::Fill),
                button(text(t::CLOSE.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(AppMessage::Check(Message::Close)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            text(heading).font(style::BOLD),
            text(t::CHECK_HINT.get(lang))
                .size(style::SMALL)
                .style(style::muted),
            scrollable(list.padding(iced::Padding::ZERO.right(12))).height(Length::Fill),
        ]
        .spacing(8),
    )
    .padding(14)
    .width(560)
    .height(Length::Fill)
    .style(style::dialog)
    .into()
}
