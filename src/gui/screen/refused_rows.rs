//! The rows of a file from outside that cannot be used (an appendix, survey points, a filled
//! scoring form), each with its number and reason, under one heading saying nothing was
//! stored: one view for every screen that reads a spreadsheet, so they read alike.

use iced::widget::{column, scrollable, text};
use iced::{Element, Length};

use crate::domain::Lang;
use crate::gui::i18n as t;
use crate::gui::style;

/// The heading and the lines (as `SheetError::lines` gives them), the lines scrolled in a
/// box `height` high so the buttons below stay in view.
pub fn view<'a, M: 'a>(lines: &'a [String], lang: Lang, height: f32) -> Element<'a, M> {
    let lines: Vec<Element<'a, M>> = lines
        .iter()
        .map(|l| text(l.as_str()).size(style::SMALL).into())
        .collect();
    column![
        text(t::SET_IMPORT_REFUSED.get(lang)).style(style::error),
        scrollable(column(lines).spacing(2)).height(Length::Fixed(height)),
    ]
    .spacing(6)
    .into()
}
