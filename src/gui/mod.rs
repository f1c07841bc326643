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

/// Opens the window on `file`, or on the last file, or (first run) on the demo.
pub fn run(file: Option<PathBuf>) -> iced::Result {
    iced::application(move || App::new(file.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .subscription(App::subscription)
        .font(SANS)
        .font(SANS_BOLD)
        .default_font(Font::with_name("Liberation Sans"))
        .window_size(Size::new(1366.0, 768.0))
        .run()
}
