//! Named styles, so screens say what a thing is rather than how it is painted.

use iced::widget::{button, container, text};
use iced::{Border, Color, Font, Theme, font};

pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..Font::with_name("Liberation Sans")
};

pub const TEXT: u32 = 15;
pub const SMALL: u32 = 13;
pub const HEADING: u32 = 20;

pub fn error(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().danger.base.color),
    }
}

pub fn success(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().success.strong.color),
    }
}

pub fn muted(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(
            theme
                .extended_palette()
                .background
                .strong
                .text
                .scale_alpha(0.7),
        ),
    }
}

pub fn warning(theme: &Theme) -> text::Style {
    let _ = theme;
    text::Style {
        color: Some(Color::from_rgb8(0xB2, 0x5E, 0x00)),
    }
}

/// The sidebar and status line.
pub fn panel(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weak.color.into()),
        ..container::Style::default()
    }
}

/// An area's header row in the scoring grid.
pub fn area_row(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.primary.weak.color.scale_alpha(0.35).into()),
        ..container::Style::default()
    }
}

/// A criterion's header row.
pub fn criterion_row(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weak.color.into()),
        ..container::Style::default()
    }
}

/// The summary box (total, index, class).
pub fn summary(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weak.color.into()),
        border: Border {
            color: palette.primary.base.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// A boxed form or card.
pub fn card(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        border: Border {
            color: palette.background.strong.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// What lies over the window while slow work holds the file: the page dimmed behind it.
pub fn backdrop(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.base.color.scale_alpha(0.7).into()),
        ..container::Style::default()
    }
}

/// A box over the page (the progress of slow work): opaque, framed.
pub fn dialog(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.base.color.into()),
        border: Border {
            color: palette.primary.base.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The selected sidebar entry.
pub fn nav(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if selected {
            button::primary(theme, status)
        } else {
            button::text(theme, status)
        }
    }
}

/// How a cell of the scoring grid is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// The active cell (keyboard there).
    pub active: bool,
    /// Holds an edit not yet stored.
    pub draft: bool,
    /// Holds a refused edit.
    pub refused: bool,
    /// Takes no typing (locked, or the unit's own column once sent): greyed.
    pub read_only: bool,
}

/// A cell of the grid: framed lightly; the active one framed in the primary colour; an edit
/// not yet stored outlined in amber, a refused one in red, so it never passes for stored.
pub fn cell(theme: &Theme, look: Cell) -> container::Style {
    let palette = theme.extended_palette();
    let (color, width) = if look.refused {
        (palette.danger.base.color, 2.0)
    } else if look.draft {
        (Color::from_rgb8(0xB2, 0x5E, 0x00), 2.0)
    } else if look.active {
        (palette.primary.base.color, 2.0)
    } else {
        (palette.background.strong.color, 1.0)
    };
    let background = if look.read_only {
        palette.background.weak.color
    } else {
        palette.background.base.color
    };
    container::Style {
        background: Some(background.into()),
        border: Border {
            color,
            width,
            radius: 2.0.into(),
        },
        ..container::Style::default()
    }
}

/// The input of a cell being typed into: outlined as an edit in progress (red if refused).
pub fn cell_input(
    theme: &Theme,
    status: iced::widget::text_input::Status,
    refused: bool,
) -> iced::widget::text_input::Style {
    let mut style = iced::widget::text_input::default(theme, status);
    style.border.width = 2.0;
    style.border.color = if refused {
        theme.extended_palette().danger.base.color
    } else {
        Color::from_rgb8(0xB2, 0x5E, 0x00)
    };
    style
}

/// A text field below the grid: plain, framed in red while it holds a refused edit.
pub fn field_input(
    theme: &Theme,
    status: iced::widget::text_input::Status,
    refused: bool,
) -> iced::widget::text_input::Style {
    let mut style = iced::widget::text_input::default(theme, status);
    if refused {
        style.border.width = 2.0;
        style.border.color = theme.extended_palette().danger.base.color;
    }
    style
}
