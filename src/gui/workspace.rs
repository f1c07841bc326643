//! The workspace: one open document file, the year being worked on, the screens over it, the
//! status line, and the store lent to slow work in the background.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, opaque, pick_list, row, rule, stack, text};
use iced::{Alignment, Element, Length, Task};

use super::app::Message;
use super::background::{self, Job, Update};
use super::busy::{self, Busy};
use super::check_panel;
use super::i18n as t;
use super::preferences::Preferences;
use super::screen::{
    Ctx, Event, ViewCtx, evidence, exchange, history, reports, results, scoring, sets, settings,
    units,
};
use super::style;
use crate::domain::{Lang, Level};
use crate::store::{Store, backup};

/// The places of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Units,
    Sets,
    Scoring,
    Evidence,
    Results,
    Reports,
    Exchange,
    History,
    Settings,
}

impl Section {
    const ALL: [Section; 9] = [
        Section::Units,
        Section::Sets,
        Section::Scoring,
        Section::Evidence,
        Section::Results,
        Section::Reports,
        Section::Exchange,
        Section::History,
        Section::Settings,
    ];

    fn label(self) -> t::Tr {
        match self {
            Section::Units => t::SEC_UNITS,
            Section::Sets => t::SEC_SETS,
            Section::Scoring => t::SEC_SCORING,
            Section::Evidence => t::SEC_EVIDENCE,
            Section::Results => t::SEC_RESULTS,
            Section::Reports => t::SEC_REPORTS,
            Section::Exchange => t::SEC_EXCHANGE,
            Section::History => t::SEC_HISTORY,
            Section::Settings => t::SEC_SETTINGS,
        }
    }
}

/// A year and level of the file, for the year selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearChoice {
    pub year: i32,
    pub level: Level,
    pub lang: Lang,
}

impl std::fmt::Display for YearChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Commune => t::LEVEL_COMMUNE,
            Level::District => t::LEVEL_DISTRICT,
        };
        write!(f, "{} · {}", self.year, level.get(self.lang))
    }
}

/// An open document file and the screens working on it.
pub struct Workspace {
    /// `None` while lent to slow work ([`Workspace::busy`]).
    store: Option<Store>,
    pub file: PathBuf,
    pub years: Vec<YearChoice>,
    pub year: i32,
    pub level: Level,
    pub section: Section,
    /// The status line: the last save or problem.
    pub status: Option<Result<String, String>>,
    pub busy: Option<Busy>,
    pub units: units::State,
    pub sets: sets::State,
    pub scoring: scoring::State,
    pub evidence: evidence::State,
    pub results: results::State,
    pub reports: reports::State,
    pub exchange: exchange::State,
    pub history: history::State,
    /// Takes a backup every 30 minutes of editing.
    backup_clock: backup::Clock,
    /// The backups as the settings screen shows them, read when it opens.
    pub backup_usage: backup::Usage,
    /// The check panel of the top bar.
    pub check: check_panel::Panel,
    /// The file is the demo: a banner says so and offers to start a real file.
    pub demo: bool,
}

impl Workspace {
    /// The workspace over a file just opened, on its newest year of the file's own level.
    pub fn new(store: Store, path: &Path, lang: Lang) -> Workspace {
        // A backup at open when the file changed since its newest one: the officer can always
        // go back to how the file was.
        let status = backup::take_at_open(&store).err().map(|e| {
            Err(format!(
                "{}: {}",
                t::BACKUP_FAILED.get(lang),
                e.message(lang)
            ))
        });
        let years = year_choices(&store, lang);
        let preferred = store
            .meta("level")
            .ok()
            .flatten()
            .and_then(|l| Level::parse(&l));
        let first = years
            .iter()
            .find(|y| Some(y.level) == preferred)
            .or(years.first())
            .copied()
            .unwrap_or(YearChoice {
                year: chrono::Datelike::year(&chrono::Local::now()),
                level: preferred.unwrap_or(Level::Commune),
                lang,
            });
        let mut ws = Workspace {
            store: Some(store),
            file: path.to_owned(),
            years,
            year: first.year,
            level: first.level,
            section: Section::Scoring,
            status,
            busy: None,
            units: units::State::default(),
            sets: sets::State::default(),
            scoring: scoring::State::default(),
            evidence: evidence::State::default(),
            results: results::State::default(),
            reports: reports::State::default(),
            exchange: exchange::State::default(),
            history: history::State::default(),
            backup_clock: backup::Clock::default(),
            backup_usage: backup::Usage::default(),
            check: check_panel::Panel::default(),
            demo: false,
        };
        ws.demo = ws.store().is_some_and(crate::demo::is_demo);
        ws.refresh(lang);
        ws
    }

    /// The open file; `None` while slow work holds it.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    /// After the preferences changed: the name in the log, and the language of the lists.
    pub fn follow(&mut self, preferences: &Preferences, lang_before: Lang) {
        if let Some(store) = &mut self.store {
            store.set_actor(&preferences.actor());
        }
        let lang = preferences.lang;
        if lang != lang_before {
            for y in &mut self.years {
                y.lang = lang;
            }
            self.refresh(lang);
        }
    }

    /// Reloads what the current section shows.
    fn refresh(&mut self, lang: Lang) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let ctx = Ctx {
            store,
            year: self.year,
            level: self.level,
            lang,
        };
        match self.section {
            Section::Units => self.units.refresh(&ctx),
            Section::Sets => self.sets.refresh(&ctx),
            Section::Scoring => self.scoring.refresh(&ctx),
            Section::Evidence => self.evidence.refresh(&ctx),
            Section::Results => self.results.refresh(&ctx),
            Section::History => self.history.refresh(&ctx),
            Section::Reports => self.reports.refresh(&ctx),
            Section::Exchange => self.exchange.refresh(&ctx),
            Section::Settings => self.backup_usage = ctx.store.backup_usage().unwrap_or_default(),
        }
    }

    pub fn update(&mut self, message: Message, lang: Lang) -> Task<Message> {
        if let Message::Background(update) = message {
            return self.background(update, lang);
        }
        if self.store.is_none() {
            // Lent to slow work: nothing is read or changed until it comes back.
            return self.while_busy(message, lang);
        }
        match message {
            Message::Section(section) => {
                self.section = section;
                self.refresh(lang);
            }
            Message::AddYear => {
                self.year = self
                    .years
                    .iter()
                    .map(|y| y.year)
                    .max()
                    .map_or(self.year, |y| y + 1);
                self.section = Section::Sets;
                self.refresh(lang);
            }
            Message::Year(choice) => {
                self.year = choice.year;
                self.level = choice.level;
                self.refresh(lang);
            }
            Message::FileDropped(path) => {
                self.section = Section::Evidence;
                self.refresh(lang);
                self.evidence.dropped(path);
            }
            Message::Check(m) => return self.check_panel(m, lang),
            Message::BackupTick => {
                if let Some(store) = &self.store
                    && let Err(e) = self.backup_clock.tick(store)
                {
                    self.status = Some(Err(e.message(lang)));
                }
            }
            other => return self.update_screen(other, lang),
        }
        Task::none()
    }

    /// Hands a screen its message with the one context of this update, then does what the
    /// screen's event asks.
    fn update_screen(&mut self, message: Message, lang: Lang) -> Task<Message> {
        let Some(store) = self.store.as_mut() else {
            return Task::none();
        };
        let mut ctx = Ctx {
            store,
            year: self.year,
            level: self.level,
            lang,
        };
        let (task, event) = match message {
            Message::Units(m) => lift(units::update(&mut self.units, m, &mut ctx), Message::Units),
            Message::Sets(m) => lift(sets::update(&mut self.sets, m, &mut ctx), Message::Sets),
            Message::Scoring(m) => lift(
                scoring::update(&mut self.scoring, m, &mut ctx),
                Message::Scoring,
            ),
            Message::Evidence(m) => lift(
                evidence::update(&mut self.evidence, m, &mut ctx),
                Message::Evidence,
            ),
            Message::Reports(m) => lift(
                reports::update(&mut self.reports, m, &mut ctx),
                Message::Reports,
            ),
            Message::Exchange(m) => lift(
                exchange::update(&mut self.exchange, m, &mut ctx),
                Message::Exchange,
            ),
            Message::History(m) => lift(
                history::update(&mut self.history, m, &mut ctx),
                Message::History,
            ),
            Message::Results(m) => lift(
                results::update(&mut self.results, m, &mut ctx),
                Message::Results,
            ),
            _ => (Task::none(), None),
        };
        match event {
            Some(event) => Task::batch([task, self.settle(event, lang)]),
            None => task,
        }
    }

    /// Does what a screen asked for.
    fn settle(&mut self, event: Event, lang: Lang) -> Task<Message> {
        match event {
            Event::Saved => self.saved(lang),
            Event::Failed(message) => self.status = Some(Err(message)),
            Event::Background(job) => return self.lend(job),
            // Start screen events have no meaning over an open file.
            Event::OpenFile(_) | Event::CreateFile { .. } | Event::OpenDemo => {}
        }
        Task::none()
    }

    fn saved(&mut self, lang: Lang) {
        self.status = Some(Ok(t::SAVED.get(lang).to_owned()));
        self.backup_clock.edited();
        // A new or copied index set adds a year to the selector.
        if let Some(store) = &self.store {
            self.years = year_choices(store, lang);
        }
    }

    /// Moves the store into the job's thread; it comes back with [`Update::Done`].
    pub fn lend(&mut self, job: Job) -> Task<Message> {
        let Some(store) = self.store.take() else {
            return Task::none();
        };
        self.busy = Some(Busy::of(&job, self.section));
        background::run(store, job).map(Message::Background)
    }

    fn background(&mut self, update: Update, lang: Lang) -> Task<Message> {
        match update {
            Update::Progress { done, total } => {
                if let Some(busy) = &mut self.busy {
                    busy.done = done;
                    busy.total = total;
                }
                Task::none()
            }
            Update::Stage(label) => {
                if let Some(busy) = &mut self.busy {
                    busy.label = label;
                    busy.counted = None;
                }
                Task::none()
            }
            Update::Done(returned) => {
                let Some((store, message)) = returned.take() else {
                    return Task::none();
                };
                self.store = Some(store);
                let busy = self.busy.take();
                // The refusals said while it ran are over with it.
                if busy.as_ref().is_some_and(|b| b.refused) {
                    self.status = None;
                }
                // A screen switched to meanwhile shows what the file holds now.
                if busy.as_ref().is_some_and(|b| b.switched) {
                    self.refresh(lang);
                }
                let task = match message {
                    Some(message) => self.update(message, lang),
                    None => {
                        self.status = Some(Err(t::BACKGROUND_FAILED.get(lang).to_owned()));
                        Task::none()
                    }
                };
                match busy.and_then(|b| b.closing) {
                    Some(id) => Task::batch([task, iced::window::close(id)]),
                    None => task,
                }
            }
        }
    }

    pub fn view<'a>(&'a self, preferences: &'a Preferences) -> Element<'a, Message> {
        let lang = preferences.lang;
        let page = column![
            row![
                self.sidebar(lang),
                column![
                    self.top_bar(lang),
                    container(self.content(preferences))
                        .padding(12)
                        .width(Length::Fill)
                        .height(Length::Fill)
                ]
            ]
            .height(Length::Fill),
            self.status_line(preferences)
        ];
        // One stack whatever is open: the page keeps its widgets' state (where it is
        // scrolled to) when the check panel or the card of slow work comes and goes.
        let panel: Element<'a, Message> = if self.check.open {
            container(opaque(check_panel::view(&self.check, lang)))
                .align_right(Length::Fill)
                .into()
        } else {
            iced::widget::space::horizontal().into()
        };
        // Over the page, not in its way: the window stays usable; writes are refused.
        let card = match &self.busy {
            Some(busy) => busy::overlay(busy, lang),
            None => iced::widget::space::horizontal().into(),
        };
        stack![page, panel, card].into()
    }

    fn sidebar(&self, lang: Lang) -> Element<'_, Message> {
        let mut nav = column![].spacing(2).width(200);
        for section in Section::ALL {
            nav = nav.push(
                button(text(section.label().get(lang)))
                    .width(Length::Fill)
                    .style(style::nav(self.section == section))
                    .on_press(Message::Section(section)),
            );
        }
        let current = YearChoice {
            year: self.year,
            level: self.level,
            lang,
        };
        container(
            column![
                text(t::YEAR.get(lang)).size(style::SMALL),
                row![
                    pick_list(self.years.as_slice(), Some(current), Message::Year)
                        .width(Length::Fill),
                    iced::widget::tooltip(
                        button(text("+"))
                            .style(button::secondary)
                            .on_press(Message::AddYear),
                        container(text(t::ADD_YEAR_TIP.get(lang)).size(style::SMALL))
                            .padding(6)
                            .style(style::card),
                        iced::widget::tooltip::Position::Bottom,
                    ),
                ]
                .spacing(4),
                rule::horizontal(1),
                nav,
                iced::widget::space::vertical(),
                button(text(t::CLOSE_FILE.get(lang)).size(style::SMALL))
                    .style(button::text)
                    .on_press(Message::CloseFile),
            ]
            .spacing(8),
        )
        .padding(10)
        .width(220)
        .height(Length::Fill)
        .style(style::panel)
        .into()
    }

    fn content<'a>(&'a self, preferences: &'a Preferences) -> Element<'a, Message> {
        let ctx = ViewCtx {
            year: self.year,
            level: self.level,
            lang: preferences.lang,
        };
        if let Some(busy) = &self.busy
            && self.section != busy.section
            && self.section != Section::Settings
        {
            return busy::waiting(busy, preferences.lang);
        }
        match self.section {
            Section::Units => units::view(&self.units, &ctx).map(Message::Units),
            Section::Sets => sets::view(&self.sets, &ctx).map(Message::Sets),
            Section::Scoring => scoring::view(&self.scoring, &ctx).map(Message::Scoring),
            Section::Evidence => evidence::view(&self.evidence, &ctx).map(Message::Evidence),
            Section::Results => results::view(&self.results, &ctx).map(Message::Results),
            Section::History => history::view(&self.history, &ctx).map(Message::History),
            Section::Settings => iced::widget::scrollable(
                column![
                    settings::view(preferences).map(Message::Settings),
                    rule::horizontal(1),
                    settings::backups_view(&self.backup_usage, preferences.lang),
                ]
                .spacing(16),
            )
            .into(),
            Section::Reports => reports::view(&self.reports, &ctx).map(Message::Reports),
            Section::Exchange => exchange::view(&self.exchange, &ctx).map(Message::Exchange),
        }
    }

    fn status_line<'a>(&'a self, preferences: &'a Preferences) -> Element<'a, Message> {
        let status = match &self.status {
            Some(Ok(msg)) => text(msg.as_str()).style(style::success),
            Some(Err(msg)) => text(format!("⚠ {msg}")).style(style::error),
            None => text(""),
        };
        container(
            row![
                text(self.file.display().to_string())
                    .size(style::SMALL)
                    .width(Length::Fill),
                status.size(style::SMALL),
                text(if preferences.user_name.trim().is_empty() {
                    String::new()
                } else {
                    format!(
                        "{}: {}",
                        t::WHO_LINE.get(preferences.lang),
                        preferences.actor()
                    )
                })
                .size(style::SMALL)
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        )
        .padding([4, 10])
        .width(Length::Fill)
        .style(style::panel)
        .into()
    }
}

/// A screen's answer, its task turned into the app's messages.
fn lift<M: Send + 'static>(
    (task, event): (Task<M>, Option<Event>),
    wrap: fn(M) -> Message,
) -> (Task<Message>, Option<Event>) {
    (task.map(wrap), event)
}

/// The years and levels that have an index set, newest first.
fn year_choices(store: &Store, lang: Lang) -> Vec<YearChoice> {
    let mut years: Vec<YearChoice> = store
        .index_sets()
        .unwrap_or_default()
        .into_iter()
        .map(|s| YearChoice {
            year: s.year,
            level: s.level,
            lang,
        })
        .collect();
    years.sort_by_key(|y| (std::cmp::Reverse(y.year), y.level));
    years
}

impl Workspace {
    /// Above every screen: the demo's banner, and the button of the check panel.
    fn top_bar(&self, lang: Lang) -> Element<'_, Message> {
        let mut bar = row![].spacing(12).align_y(Alignment::Center);
        if self.demo {
            bar = bar.push(
                text(t::DEMO_BANNER.get(lang))
                    .font(style::BOLD)
                    .style(style::warning)
                    .width(Length::Fill),
            );
            bar = bar.push(
                button(text(t::DEMO_START_REAL.get(lang)).size(style::SMALL))
                    .on_press(Message::StartRealFile),
            );
        } else {
            bar = bar.push(iced::widget::space::horizontal());
        }
        container(bar.push(check_panel::button_view(lang)))
            .padding([6, 12])
            .width(Length::Fill)
            .style(style::panel)
            .into()
    }
}
