//! The window (iced 0.14): the officer's workspace over one document file.

pub mod app;
pub mod i18n;
pub mod screen;
pub mod settings;
pub mod style;

use std::path::PathBuf;

use iced::{Font, Size};

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

/// Opens the window on `file`, or on the last file, or (first run) on the demo.
pub fn run(file: Option<PathBuf>) -> iced::Result {
    // iced sizes the first window in zoomed units; divide so it opens at 1366×768 pixels,
    // the laptop screen the officer has, whatever zoom was saved.
    let zoom = settings::Settings::load().zoom.clamp(0.5, 3.0);
    iced::application(move || App::new(file.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .font(SANS)
        .font(SANS_BOLD)
        .default_font(Font::with_name("Liberation Sans"))
        .window_size(Size::new(1366.0 / zoom, 768.0 / zoom))
        .run()
}
