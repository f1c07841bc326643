//! The window (iced 0.14): the officer's workspace over one document file.
//!
//! `app` (start screen or workspace, preferences, keys), `workspace` (the open file and its
//! screens), `screen/*` (one module per screen, one contract), `background` (slow work with
//! the store lent to a thread), `preferences` (the officer's saved choices), `i18n`, `style`.

pub mod app;
pub mod background;
pub mod busy;
pub mod check_panel;
pub mod i18n;
pub mod preferences;
pub mod screen;
pub mod style;
pub mod who;
pub mod workspace;

use std::path::PathBuf;

use iced::{Font, Size, Theme};

pub use app::{App, Message};

const SANS: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Whether a graphical session is there to open a window in. iced panics without one, so
/// the command line checks first and says so in words.
pub fn display_available() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
    } else {
        true
    }
}

/// The window's own folders, passed as values so tests give theirs.
#[derive(Debug, Clone, Default)]
pub struct Folders {
    /// The preferences (`settings.json`).
    pub config: Option<PathBuf>,
    /// The demo written at first run, and the `backups` folder.
    pub data: Option<PathBuf>,
}

impl Folders {
    /// `$PARINDEX_CONFIG_DIR` and `$PARINDEX_DATA_DIR` when set (portable use), else the
    /// per-user config and data folders.
    pub fn of_user() -> Folders {
        let dirs = directories::ProjectDirs::from("vn", "parindex", "parindex");
        let from_env = |name: &str| std::env::var_os(name).map(PathBuf::from);
        Folders {
            config: from_env("PARINDEX_CONFIG_DIR")
                .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_owned())),
            data: from_env("PARINDEX_DATA_DIR")
                .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_owned())),
        }
    }

    /// Both under `base` (tests).
    pub fn under(base: &std::path::Path) -> Folders {
        Folders {
            config: Some(base.join("config")),
            data: Some(base.join("data")),
        }
    }

    pub fn preferences(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join("settings.json"))
    }

    /// Where the demo is written on first run.
    pub fn demo(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join("du-lieu-mau.cchc"))
    }

    /// The folder of backups, as the command line finds it from the same variables.
    pub fn backups(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join("backups"))
    }
}

/// The window as a program: title, fonts, theme, zoom, update, view and subscriptions. Used
/// by [`run`] and by the GUI tests, which drive the same program headless.
pub fn application(
    file: Option<PathBuf>,
    folders: Folders,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = Theme>> {
    // iced sizes the first window in zoomed units; divide so it opens at 1366×768 pixels
    // whatever zoom was saved. Then it is maximised to its screen (`App::new`); it stays
    // resizable, down to what the grid can still show (it scrolls sideways below that).
    let zoom = preferences::Preferences::load(&folders)
        .zoom
        .clamp(0.5, 3.0);
    iced::application(
        move || App::new(file.clone(), folders.clone()),
        App::update,
        App::view,
    )
    .title(App::title)
    .theme(App::theme)
    .scale_factor(App::scale_factor)
    .subscription(App::subscription)
    .font(SANS)
    .font(SANS_BOLD)
    .default_font(Font::with_name("Liberation Sans"))
    .window(iced::window::Settings {
        size: Size::new(1366.0 / zoom, 768.0 / zoom),
        min_size: Some(Size::new(800.0 / zoom, 560.0 / zoom)),
        resizable: true,
        maximized: true,
        // Closing while slow work holds the file waits for it (`App::close_requested`).
        exit_on_close_request: false,
        ..iced::window::Settings::default()
    })
}

/// Opens the window on `file`, or on the last file, or (first run) on the demo.
pub fn run(file: Option<PathBuf>) -> iced::Result {
    application(file, Folders::of_user()).run()
}
