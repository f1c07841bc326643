//! The application: state, messages, a thin `update` that hands each message to its screen,
//! and `view` per screen. Domain work happens in the store and the domain, never in `view`.

use std::path::{Path, PathBuf};

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::widget::{button, column, container, pick_list, row, rule, text, text_input};
use iced::{
    Alignment, Element, Event as IcedEvent, Length, Subscription, Task, Theme, event, window,
};

use super::i18n as t;
use super::screen::{
    self, Ctx, ViewCtx, evidence, exchange, history, reports, results, scoring, sets, start, units,
};
use super::settings::{self, Settings};
use super::style;
use crate::domain::{Lang, Level};
use crate::store::{Access, Store, backup};

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
    pub store: Store,
    pub file: PathBuf,
    pub years: Vec<YearChoice>,
    pub year: i32,
    pub level: Level,
    pub section: Section,
    /// The status line: the last save or problem.
    pub status: Option<Result<String, String>>,
    pub units: units::State,
    pub sets: sets::State,
    pub scoring: scoring::State,
    pub evidence: evidence::State,
    pub results: results::State,
    pub reports: reports::State,
    pub exchange: exchange::State,
    /// Takes a backup every 30 minutes of editing.
    backup_clock: backup::Clock,
    pub history: history::State,
}

pub enum Screen {
    Start(start::State),
    Workspace(Box<Workspace>),
}

pub struct App {
    pub settings: Settings,
    pub screen: Screen,
}

#[derive(Debug, Clone)]
pub enum Message {
    Start(start::Message),
    Units(units::Message),
    Sets(sets::Message),
    Scoring(scoring::Message),
    Evidence(evidence::Message),
    Reports(reports::Message),
    Exchange(exchange::Message),
    History(history::Message),
    Section(Section),
    Year(YearChoice),
    CloseFile,
    /// Moves to the year after the newest one, to start it (copy or create its set).
    AddYear,
    Language(Lang),
    Dark(bool),
    Zoom(bool),
    UserName(String),
    Key(Key, Modifiers),
    FileDropped(PathBuf),
    BackupTick,
}

impl App {
    /// The window's start: the given file, else the last one, else (first run) the demo.
    pub fn new(file: Option<PathBuf>) -> (App, Task<Message>) {
        let settings = Settings::load();
        let mut app = App {
            settings,
            screen: Screen::Start(start::State::default()),
        };
        let target = file.or_else(|| app.settings.recent.first().cloned().filter(|p| p.is_file()));
        match target {
            Some(path) => app.open(&path),
            None if !app.settings.demo_offered => app.open_demo(),
            None => {}
        }
        (app, Task::none())
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn title(&self) -> String {
        match &self.screen {
            Screen::Workspace(ws) => format!(
                "{} — {}",
                ws.file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                t::APP_TITLE.get(self.lang())
            ),
            Screen::Start(_) => t::APP_TITLE.get(self.lang()).to_owned(),
        }
    }

    pub fn theme(&self) -> Theme {
        if self.settings.dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    pub fn scale_factor(&self) -> f32 {
        self.settings.zoom
    }

    /// Opens a file into the workspace, or stays on the start screen with the reason.
    pub fn open(&mut self, path: &Path) {
        match Store::open(path, Access::ReadWrite) {
            Ok(store) => self.enter(store, path),
            Err(e) => self.start_error(e.message(self.lang())),
        }
    }

    fn start_error(&mut self, message: String) {
        let mut state =
            match std::mem::replace(&mut self.screen, Screen::Start(start::State::default())) {
                Screen::Start(s) => s,
                Screen::Workspace(_) => start::State::default(),
            };
        state.error = Some(message);
        self.screen = Screen::Start(state);
    }

    fn open_demo(&mut self) {
        self.settings.demo_offered = true;
        let Some(path) = settings::demo_path() else {
            return;
        };
        if !path.is_file() {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Err(e) = crate::demo::write_demo(&path) {
                let _ = std::fs::remove_file(&path);
                self.start_error(e.message(self.lang()));
                return;
            }
        }
        self.open(&path);
    }

    fn create(&mut self, path: PathBuf, owner: String, level: Level) {
        let result = Store::create(&path).and_then(|mut store| {
            store.set_meta("owner_unit", &owner)?;
            store.set_meta("level", level.as_str())?;
            Ok(store)
        });
        match result {
            Ok(store) => self.enter(store, &path),
            Err(e) => self.start_error(e.message(self.lang())),
        }
    }

    fn enter(&mut self, mut store: Store, path: &Path) {
        // A backup at every open: the officer can always go back to how the file was.
        let _ = backup::take(&store, backup::Reason::Open);
        if !self.settings.user_name.trim().is_empty() {
            store.set_actor(&self.settings.user_name);
        }
        self.settings.remember(path);
        self.settings.save();
        let lang = self.lang();
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
            store,
            file: path.to_owned(),
            years,
            year: first.year,
            level: first.level,
            section: Section::Scoring,
            status: None,
            units: units::State::default(),
            sets: sets::State::default(),
            scoring: scoring::State::default(),
            evidence: evidence::State::default(),
            results: results::State::default(),
            reports: reports::State::default(),
            exchange: exchange::State::default(),
            backup_clock: backup::Clock::default(),
            history: history::State::default(),
        };
        ws.refresh(lang);
        self.screen = Screen::Workspace(Box::new(ws));
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let lang = self.lang();
        match message {
            Message::Start(m) => return self.update_start(m),
            Message::Language(l) => {
                self.settings.lang = l;
                self.settings.save();
                if let Screen::Workspace(ws) = &mut self.screen {
                    for y in &mut ws.years {
                        y.lang = l;
                    }
                    ws.refresh(l);
                }
            }
            Message::Dark(dark) => {
                self.settings.dark = dark;
                self.settings.save();
            }
            Message::Zoom(bigger) => {
                if bigger {
                    self.settings.zoom_in()
                } else {
                    self.settings.zoom_out()
                }
                self.settings.save();
            }
            Message::UserName(name) => {
                self.settings.user_name = name;
                self.settings.save();
                if let Screen::Workspace(ws) = &mut self.screen {
                    ws.store.set_actor(&self.settings.user_name);
                }
            }
            Message::Key(key, modifiers) => return self.key(key, modifiers),
            Message::CloseFile => self.screen = Screen::Start(start::State::default()),
            other => {
                if let Screen::Workspace(ws) = &mut self.screen {
                    return ws.update(other, lang);
                }
            }
        }
        Task::none()
    }

    fn update_start(&mut self, message: start::Message) -> Task<Message> {
        let Screen::Start(state) = &mut self.screen else {
            return Task::none();
        };
        match start::update(state, message) {
            start::Event::None => Task::none(),
            start::Event::Task(task) => task.map(Message::Start),
            start::Event::Open(path) => {
                self.open(&path);
                Task::none()
            }
            start::Event::Create { path, owner, level } => {
                self.create(path, owner, level);
                Task::none()
            }
            start::Event::OpenDemo => {
                self.open_demo();
                Task::none()
            }
        }
    }

    fn key(&mut self, key: Key, modifiers: Modifiers) -> Task<Message> {
        if modifiers.command() {
            match key.as_ref() {
                Key::Character("+") | Key::Character("=") => {
                    return self.update(Message::Zoom(true));
                }
                Key::Character("-") => return self.update(Message::Zoom(false)),
                Key::Character("z") => {
                    return self.update(Message::Scoring(scoring::Message::Undo));
                }
                _ => {}
            }
            return Task::none();
        }
        let nav = match key.as_ref() {
            Key::Named(Named::ArrowUp) => scoring::Nav::Up,
            Key::Named(Named::ArrowDown) => scoring::Nav::Down,
            Key::Named(Named::Tab) if modifiers.shift() => scoring::Nav::Previous,
            Key::Named(Named::Tab) => scoring::Nav::Next,
            _ => return Task::none(),
        };
        match &self.screen {
            Screen::Workspace(ws) if ws.section == Section::Scoring => {
                self.update(Message::Scoring(scoring::Message::Move(nav)))
            }
            _ if nav == scoring::Nav::Next => iced::widget::operation::focus_next(),
            _ if nav == scoring::Nav::Previous => iced::widget::operation::focus_previous(),
            _ => Task::none(),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed { key, modifiers, .. } => {
                Some(Message::Key(key, modifiers))
            }
            _ => None,
        });
        let drops = event::listen_with(|event, _status, _window| match event {
            IcedEvent::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
            _ => None,
        });
        let mut subs = vec![keys, drops];
        if matches!(self.screen, Screen::Workspace(_)) {
            subs.push(
                iced::time::every(std::time::Duration::from_secs(60)).map(|_| Message::BackupTick),
            );
        }
        Subscription::batch(subs)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let lang = self.lang();
        match &self.screen {
            Screen::Start(state) => {
                start::view(state, &self.settings.recent, lang).map(Message::Start)
            }
            Screen::Workspace(ws) => ws.view(&self.settings),
        }
    }
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
    /// Reloads what the current section shows.
    fn refresh(&mut self, lang: Lang) {
        let section = self.section;
        let ctx = Ctx {
            store: &mut self.store,
            year: self.year,
            level: self.level,
            lang,
        };
        match section {
            Section::Units => self.units.refresh(&ctx),
            Section::Sets => self.sets.refresh(&ctx),
            Section::Scoring => self.scoring.refresh(&ctx),
            Section::Evidence => self.evidence.refresh(&ctx),
            Section::Results => self.results.refresh(&ctx),
            Section::History => self.history.refresh(&ctx),
            Section::Reports => self.reports.refresh(&ctx),
            Section::Exchange => self.exchange.refresh(&ctx),
            _ => {}
        }
    }

    fn saved(&mut self, lang: Lang) {
        self.status = Some(Ok(t::SAVED.get(lang).to_owned()));
        self.backup_clock.edited();
        // A new or copied index set adds a year to the selector.
        self.years = year_choices(&self.store, lang);
    }

    fn update(&mut self, message: Message, lang: Lang) -> Task<Message> {
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
            Message::Units(m) => {
                if units::update(
                    &mut self.units,
                    &mut Ctx {
                        store: &mut self.store,
                        year: self.year,
                        level: self.level,
                        lang,
                    },
                    m,
                ) {
                    self.saved(lang);
                }
                self.status_from(self.units.error.clone());
            }
            Message::Sets(m) => {
                if sets::update(
                    &mut self.sets,
                    &mut Ctx {
                        store: &mut self.store,
                        year: self.year,
                        level: self.level,
                        lang,
                    },
                    m,
                ) {
                    self.saved(lang);
                }
                self.status_from(self.sets.error.clone());
            }
            Message::Scoring(m) => {
                let event = scoring::update(
                    &mut self.scoring,
                    &mut Ctx {
                        store: &mut self.store,
                        year: self.year,
                        level: self.level,
                        lang,
                    },
                    m,
                );
                return match event {
                    scoring::Event::None => Task::none(),
                    scoring::Event::Task(task) => task.map(Message::Scoring),
                    scoring::Event::Saved(task) => {
                        self.saved(lang);
                        task.map(Message::Scoring)
                    }
                };
            }
            Message::Evidence(m) => {
                let event = evidence::update(
                    &mut self.evidence,
                    &mut Ctx {
                        store: &mut self.store,
                        year: self.year,
                        level: self.level,
                        lang,
                    },
                    m,
                );
                self.status_from(self.evidence.error.clone());
                return self.settle(event, Message::Evidence, lang);
            }
            Message::Reports(m) => {
                let mut ctx = Ctx {
                    store: &mut self.store,
                    year: self.year,
                    level: self.level,
                    lang,
                };
                let event = reports::update(&mut self.reports, &mut ctx, m);
                self.status_from(self.reports.error.clone());
                return self.settle(event, Message::Reports, lang);
            }
            Message::Exchange(m) => {
                let mut ctx = Ctx {
                    store: &mut self.store,
                    year: self.year,
                    level: self.level,
                    lang,
                };
                let event = exchange::update(&mut self.exchange, &mut ctx, m);
                self.status_from(self.exchange.error.clone());
                return self.settle(event, Message::Exchange, lang);
            }
            Message::History(m) => history::update(&mut self.history, m),
            Message::FileDropped(path) => {
                self.section = Section::Evidence;
                self.refresh(lang);
                self.evidence.dropped(path);
            }
            Message::BackupTick => {
                if let Err(e) = self.backup_clock.tick(&self.store) {
                    self.status = Some(Err(e.message(lang)));
                }
            }
            _ => {}
        }
        Task::none()
    }

    /// Runs what a screen's update asked for.
    fn settle<M: Send + 'static>(
        &mut self,
        event: screen::Event<M>,
        wrap: fn(M) -> Message,
        lang: Lang,
    ) -> Task<Message> {
        match event {
            screen::Event::None => Task::none(),
            screen::Event::Task(task) => task.map(wrap),
            screen::Event::Saved => {
                self.saved(lang);
                Task::none()
            }
        }
    }

    fn status_from(&mut self, error: Option<String>) {
        if let Some(error) = error {
            self.status = Some(Err(error));
        }
    }

    fn view<'a>(&'a self, settings: &'a Settings) -> Element<'a, Message> {
        let lang = settings.lang;
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
        let sidebar = container(
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
        .style(style::panel);

        let vctx = ViewCtx {
            year: self.year,
            level: self.level,
            lang,
        };
        let content: Element<'a, Message> = match self.section {
            Section::Units => units::view(&self.units, &vctx).map(Message::Units),
            Section::Sets => sets::view(&self.sets, &vctx).map(Message::Sets),
            Section::Scoring => scoring::view(&self.scoring, &vctx).map(Message::Scoring),
            Section::Evidence => {
                evidence::view(&self.evidence, lang, self.level).map(Message::Evidence)
            }
            Section::Results => results::view(&self.results, lang),
            Section::History => history::view(&self.history, lang).map(Message::History),
            Section::Settings => settings_view(settings),
            Section::Reports => reports::view(&self.reports, &vctx).map(Message::Reports),
            Section::Exchange => exchange::view(&self.exchange, &vctx).map(Message::Exchange),
        };

        let status = match &self.status {
            Some(Ok(msg)) => text(msg.as_str()).style(style::success),
            Some(Err(msg)) => text(format!("⚠ {msg}")).style(style::error),
            None => text(""),
        };
        let status_line = container(
            row![
                text(self.file.display().to_string())
                    .size(style::SMALL)
                    .width(Length::Fill),
                status.size(style::SMALL)
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        )
        .padding([4, 10])
        .width(Length::Fill)
        .style(style::panel);

        column![
            row![
                sidebar,
                container(content)
                    .padding(12)
                    .width(Length::Fill)
                    .height(Length::Fill)
            ]
            .height(Length::Fill),
            status_line
        ]
        .into()
    }
}

fn settings_view(settings: &Settings) -> Element<'_, Message> {
    let lang = settings.lang;
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
                .style(style::nav(settings.lang == l))
                .on_press(Message::Language(l))
                .into()
        }))
        .spacing(6),
        text(t::THEME.get(lang)),
        row![
            button(text(t::THEME_LIGHT.get(lang)))
                .style(style::nav(!settings.dark))
                .on_press(Message::Dark(false)),
            button(text(t::THEME_DARK.get(lang)))
                .style(style::nav(settings.dark))
                .on_press(Message::Dark(true)),
        ]
        .spacing(6),
        text(format!(
            "{}: {:.0}%",
            t::ZOOM.get(lang),
            settings.zoom * 100.0
        )),
        row![
            button(text("−")).on_press(Message::Zoom(false)),
            button(text("+")).on_press(Message::Zoom(true)),
        ]
        .spacing(6),
        text(t::YOUR_NAME.get(lang)),
        text_input("Nguyễn Văn A", &settings.user_name)
            .id("user-name")
            .on_input(Message::UserName)
            .width(360),
    ]
    .spacing(10)
    .into()
}
