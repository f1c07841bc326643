//! The application: the start screen or the workspace over an open file, the officer's
//! preferences, the keyboard and the subscriptions. `update` hands each message to the
//! screen or the workspace it is for.

use std::path::{Path, PathBuf};

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::{Element, Event as IcedEvent, Subscription, Task, Theme, event, window};

use super::Folders;
use super::background;
use super::check_panel;
use super::i18n as t;
use super::preferences::Preferences;
use super::screen::{
    Event, evidence, exchange, history, reports, results, scoring, sets, settings, start, units,
};
use super::who;
use super::workspace::{Section, Workspace, YearChoice};
use crate::domain::{Lang, Level};
use crate::store::{Access, Store};

pub enum Screen {
    Start(start::State),
    Workspace(Box<Workspace>),
}

pub struct App {
    pub preferences: Preferences,
    pub folders: Folders,
    pub screen: Screen,
    /// The question "who is working?", open while an edit waits for the officer's name.
    pub who: Option<who::Prompt>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Start(start::Message),
    Settings(settings::Message),
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
    Key(Key, Modifiers),
    Who(who::Message),
    /// The screen the window opened on: the window takes all of it.
    FitScreen(window::Id, Option<iced::Size>),
    FileDropped(PathBuf),
    BackupTick,
    /// From slow work running with the store lent to it.
    Background(background::Update),
    /// The check panel of the top bar.
    Check(check_panel::Message),
    /// The demo's banner: leave the demo for the new-file form.
    StartRealFile,
    Results(results::Message),
    /// The window's close button: closed at once, or when slow work is done.
    CloseRequested(window::Id),
    /// Not closing after the slow work after all.
    KeepOpen,
}

/// Finds the window's screen, for [`Message::FitScreen`].
fn fit_screen() -> Task<Message> {
    window::oldest().then(|id| match id {
        Some(id) => window::monitor_size(id).map(move |size| Message::FitScreen(id, size)),
        None => Task::none(),
    })
}

impl App {
    /// The window's start: the given file, else the last one, else (first run) the demo.
    pub fn new(file: Option<PathBuf>, folders: Folders) -> (App, Task<Message>) {
        let mut app = App {
            preferences: Preferences::load(&folders),
            folders,
            screen: Screen::Start(start::State::default()),
            who: None,
        };
        let target = file.or_else(|| {
            app.preferences
                .recent
                .first()
                .cloned()
                .filter(|p| p.is_file())
        });
        match target {
            Some(path) => app.open(&path),
            None if !app.preferences.demo_offered => app.open_demo(),
            None => {}
        }
        let task = if app.who.is_some() {
            Task::batch([fit_screen(), who::focus()])
        } else {
            fit_screen()
        };
        (app, task)
    }

    pub fn lang(&self) -> Lang {
        self.preferences.lang
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
        if self.preferences.dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    pub fn scale_factor(&self) -> f32 {
        self.preferences.zoom
    }

    /// Opens a file into the workspace, or stays on the start screen with the reason.
    pub fn open(&mut self, path: &Path) {
        match Store::open(path, Access::ReadWrite) {
            Ok(store) => self.enter(store, path),
            Err(e) => {
                self.start_error(e.message(self.lang()));
                // A damaged file: offer its newest backup that passes a restore's checks.
                let offer = crate::store::rescue::is_damage(&e)
                    .then(|| {
                        start::Rescue::offer(path, self.folders.backups().as_deref(), self.lang())
                    })
                    .flatten();
                if let Screen::Start(state) = &mut self.screen {
                    state.rescue = offer;
                }
            }
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
        self.preferences.demo_offered = true;
        let Some(path) = self.folders.demo() else {
            return;
        };
        if !path.is_file() {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let written = crate::fs_atomic::write_atomically(&path, |part| {
                crate::demo::write_demo(part).map(drop)
            });
            if let Err(e) = written {
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
        if let Some(root) = self.folders.backups() {
            store.set_backup_root(root);
        }
        store.set_actor(&self.preferences.actor());
        self.preferences.remember(path);
        self.preferences.save(&self.folders);
        let mut ws = Workspace::new(store, path, self.lang());
        // A demo written before files were marked as such is known by its place.
        ws.demo |= self.folders.demo().is_some_and(|demo| demo == path);
        self.screen = Screen::Workspace(Box::new(ws));
        if self.preferences.user_name.trim().is_empty() {
            self.who = Some(who::Prompt::at_open(&self.preferences.office));
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Start(m) => self.update_start(m),
            Message::Settings(m) => self.update_settings(m),
            Message::Key(key, modifiers) => self.key(key, modifiers),
            Message::Who(m) => self.answer_who(m),
            Message::FitScreen(id, size) => {
                // Sized to the screen first: without a window manager (or where maximising
                // is refused) the window still covers it.
                let resize = size.map_or_else(Task::none, |size| window::resize(id, size));
                Task::batch([resize, window::maximize(id, true)])
            }
            // No edit while the question is open (it covers the window); keystrokes already
            // on their way to the cell replace the one held.
            other if self.who.is_some() && who::is_edit(&other) => {
                if let Some(prompt) = &mut self.who {
                    prompt.hold_newer(other);
                }
                Task::none()
            }
            other
                if who::is_edit(&other)
                    && self.preferences.user_name.trim().is_empty()
                    && matches!(self.screen, Screen::Workspace(_)) =>
            {
                let (prompt, task) = who::Prompt::ask(other, &self.preferences.office);
                self.who = Some(prompt);
                task
            }
            // Not while slow work holds the file: it would close under it.
            Message::StartRealFile | Message::CloseFile if self.refused_while_busy() => {
                Task::none()
            }
            Message::StartRealFile => {
                self.screen = Screen::Start(start::State::creating(&self.preferences.office));
                Task::none()
            }
            Message::CloseFile => {
                self.screen = Screen::Start(start::State::default());
                Task::none()
            }
            Message::CloseRequested(id) => match &mut self.screen {
                // Killing the work could leave a backup or an export unfinished: wait.
                Screen::Workspace(ws) if ws.is_busy() => {
                    ws.close_when_done(id);
                    Task::none()
                }
                _ => window::close(id),
            },
            Message::KeepOpen => {
                if let Screen::Workspace(ws) = &mut self.screen {
                    ws.keep_open();
                }
                Task::none()
            }
            other => {
                let lang = self.lang();
                let back = matches!(other, Message::Background(_));
                match &mut self.screen {
                    Screen::Workspace(ws) => {
                        let task = ws.update(other, lang);
                        // The name may have been changed while the store was lent.
                        if back {
                            ws.follow(&self.preferences, lang);
                        }
                        task
                    }
                    Screen::Start(_) => Task::none(),
                }
            }
        }
    }

    /// The officer answered who is working: kept in the preferences, given to the store,
    /// then the edit that asked goes through.
    fn answer_who(&mut self, message: who::Message) -> Task<Message> {
        let lang = self.lang();
        let Some(prompt) = &mut self.who else {
            return Task::none();
        };
        let Some((name, office)) = prompt.update(message, lang) else {
            return Task::none();
        };
        let Some(prompt) = self.who.take() else {
            return Task::none();
        };
        self.preferences.user_name = name;
        self.preferences.office = office;
        self.preferences.save(&self.folders);
        if let Screen::Workspace(ws) = &mut self.screen {
            ws.follow(&self.preferences, lang);
        }
        match prompt.into_held() {
            Some(held) => self.update(held),
            None => Task::none(),
        }
    }

    fn update_start(&mut self, message: start::Message) -> Task<Message> {
        let Screen::Start(state) = &mut self.screen else {
            return Task::none();
        };
        // The new-file form starts on the level the officer's own office scores.
        if matches!(message, start::Message::NewFile) && state.new_level.is_none() {
            state.new_level = Some(start::level_scored_by(&self.preferences.office));
        }
        let (task, event) = start::update(state, message);
        match event {
            Some(Event::OpenFile(path)) => self.open(&path),
            Some(Event::CreateFile { path, owner, level }) => self.create(path, owner, level),
            Some(Event::OpenDemo) => self.open_demo(),
            Some(Event::Failed(message)) => self.start_error(message),
            Some(Event::Saved | Event::Background(_)) | None => {}
        }
        let task = task.map(Message::Start);
        if self.who.is_some() {
            Task::batch([task, who::focus()])
        } else {
            task
        }
    }

    fn update_settings(&mut self, message: settings::Message) -> Task<Message> {
        let lang_before = self.lang();
        let (task, _) = settings::update(&mut self.preferences, message, &self.folders);
        if let Screen::Workspace(ws) = &mut self.screen {
            ws.follow(&self.preferences, lang_before);
        }
        task.map(Message::Settings)
    }

    fn key(&mut self, key: Key, modifiers: Modifiers) -> Task<Message> {
        if self.who.is_some() {
            // The question has the keyboard: Tab goes between its two fields.
            return match key.as_ref() {
                Key::Named(Named::Tab) if modifiers.shift() => {
                    iced::widget::operation::focus_previous()
                }
                Key::Named(Named::Tab) => iced::widget::operation::focus_next(),
                _ => Task::none(),
            };
        }
        if modifiers.command() {
            return match key.as_ref() {
                Key::Character("+") | Key::Character("=") => {
                    self.update(Message::Settings(settings::Message::Zoom(true)))
                }
                Key::Character("-") => {
                    self.update(Message::Settings(settings::Message::Zoom(false)))
                }
                Key::Character("z") => self.update(Message::Scoring(scoring::Message::Undo)),
                _ if !self.in_scoring() => Task::none(),
                // Ctrl+V where no cell took it (a cell reads the clipboard itself).
                Key::Character("v") => {
                    self.update(Message::Scoring(scoring::Message::PasteAtFocus))
                }
                Key::Character("g") => self.update(Message::Scoring(scoring::Message::GoTo(Some(
                    String::new(),
                )))),
                Key::Named(Named::PageDown) => {
                    self.update(Message::Scoring(scoring::Message::StepUnit(true)))
                }
                Key::Named(Named::PageUp) => {
                    self.update(Message::Scoring(scoring::Message::StepUnit(false)))
                }
                _ => Task::none(),
            };
        }
        let on_grid =
            matches!(&self.screen, Screen::Workspace(ws) if ws.section == Section::Scoring);
        if on_grid && let Some(grid_key) = grid_key(&key, modifiers) {
            return self.update(Message::Scoring(scoring::Message::Key(grid_key)));
        }
        match key.as_ref() {
            Key::Named(Named::Tab) if modifiers.shift() => {
                iced::widget::operation::focus_previous()
            }
            Key::Named(Named::Tab) => iced::widget::operation::focus_next(),
            _ => Task::none(),
        }
    }

    /// Refuses, with the work's message, what cannot be done while slow work holds the file.
    fn refused_while_busy(&mut self) -> bool {
        let lang = self.lang();
        match &mut self.screen {
            Screen::Workspace(ws) if ws.is_busy() => {
                ws.refuse(lang);
                true
            }
            _ => false,
        }
    }

    fn in_scoring(&self) -> bool {
        matches!(&self.screen, Screen::Workspace(ws) if ws.section == Section::Scoring)
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed { key, modifiers, .. } => {
                Some(Message::Key(key, modifiers))
            }
            _ => None,
        });
        let drops = event::listen_with(|event, status, _window| match event {
            IcedEvent::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
            // Esc abandons a cell's edit even when the cell's input took it (to unfocus).
            IcedEvent::Keyboard(keyboard::Event::KeyPressed {
                key: key @ Key::Named(Named::Escape),
                modifiers,
                ..
            }) if status == event::Status::Captured => Some(Message::Key(key, modifiers)),
            _ => None,
        });
        let closing = window::close_requests().map(Message::CloseRequested);
        let mut subs = vec![keys, drops, closing];
        if matches!(self.screen, Screen::Workspace(_)) {
            subs.push(
                iced::time::every(std::time::Duration::from_secs(60)).map(|_| Message::BackupTick),
            );
        }
        Subscription::batch(subs)
    }

    pub fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Start(state) => {
                start::view(state, &self.preferences.recent, self.lang()).map(Message::Start)
            }
            Screen::Workspace(ws) => {
                let page = ws.view(&self.preferences);
                match &self.who {
                    Some(prompt) => {
                        let over = iced::widget::center(prompt.view(self.lang()))
                            .style(super::style::backdrop);
                        iced::widget::stack![page, iced::widget::opaque(over)].into()
                    }
                    None => page,
                }
            }
        }
    }
}

/// The grid's meaning of a key that no input took.
fn grid_key(key: &Key, modifiers: Modifiers) -> Option<scoring::GridKey> {
    use scoring::{GridKey, Nav};
    Some(match key.as_ref() {
        Key::Named(Named::ArrowUp) => GridKey::Move(Nav::Up),
        Key::Named(Named::ArrowDown) | Key::Named(Named::Enter) => GridKey::Move(Nav::Down),
        Key::Named(Named::Tab) if modifiers.shift() => GridKey::Move(Nav::Previous),
        Key::Named(Named::Tab) => GridKey::Move(Nav::Next),
        Key::Named(Named::PageUp) => GridKey::Move(Nav::PageUp),
        Key::Named(Named::PageDown) => GridKey::Move(Nav::PageDown),
        Key::Named(Named::Home) => GridKey::Move(Nav::Home),
        Key::Named(Named::End) => GridKey::Move(Nav::End),
        Key::Named(Named::F2) => GridKey::Edit,
        Key::Named(Named::Escape) => GridKey::Abandon,
        Key::Named(Named::Delete) => GridKey::Clear,
        Key::Named(Named::Backspace) => GridKey::Erase,
        Key::Named(Named::Space) => GridKey::Toggle,
        Key::Character(c) if !modifiers.alt() => GridKey::Type(c.to_string()),
        _ => return None,
    })
}
