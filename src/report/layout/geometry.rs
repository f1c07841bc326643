//! Page geometry and type sizes: A4 margins of Decree 30, body size, leading, padding.

use crate::report::{Orientation, ReportError};

/// Points per millimetre.
pub(super) const MM: f32 = 72.0 / 25.4;
/// Body text size (Decree 30: 13–14 pt).
pub(super) const BODY: f32 = 14.0;
/// Line height as a multiple of the font size.
pub(super) const LEADING: f32 = 1.2;
/// First-line indent, 1.27 cm.
pub(super) const INDENT: f32 = 12.7 * MM;
/// Space after a paragraph (Decree 30: at least 6 pt).
pub(super) const PARA_AFTER: f32 = 6.0;
/// Liberation Serif ascender and descender in em (hhea 1825 and 443 of 2048),
/// used to centre the glyphs vertically in their line box.
pub(super) const ASCENT: f32 = 0.891;
pub(super) const DESCENT: f32 = 0.216;
/// Horizontal and vertical padding inside table cells.
pub(super) const CELL_PAD_X: f32 = 1.5 * MM;
pub(super) const CELL_PAD_Y: f32 = 2.5;
/// Thickness of table borders and rules.
pub(super) const RULE: f32 = 0.5;
/// Gap between the bottom of a line box and a rule under it; clears the dot
/// below (Ạ, Ệ) of bold capitals.
pub(super) const RULE_GAP: f32 = 2.5;
/// Room for the signature and seal between the title lines and the name.
pub(super) const SIGNATURE_SPACE: f32 = 25.0 * MM;

/// Distance from the top of a line box to the baseline of its text.
pub(super) fn baseline_offset(size: f32) -> f32 {
    let line_height = size * LEADING;
    (line_height + (ASCENT - DESCENT) * size) / 2.0
}

pub(super) fn check_size(
    what: &'static str,
    value: f32,
    min: f32,
    max: f32,
) -> Result<(), ReportError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ReportError::InvalidSize { what, value })
    }
}

/// Page margins in points.
pub(super) struct Margins {
    pub(super) top: f32,
    pub(super) bottom: f32,
    pub(super) left: f32,
    pub(super) right: f32,
}

/// Page width, height and margins of an orientation: Decree 30 margins in portrait
/// (top 20, bottom 20, left 30, right 15 mm); landscape keeps the binding edge narrower.
pub(super) fn geometry(orientation: Orientation) -> (f32, f32, Margins) {
    match orientation {
        Orientation::Portrait => (
            210.0 * MM,
            297.0 * MM,
            Margins {
                top: 20.0 * MM,
                bottom: 20.0 * MM,
                left: 30.0 * MM,
                right: 15.0 * MM,
            },
        ),
        Orientation::Landscape => (
            297.0 * MM,
            210.0 * MM,
            Margins {
                top: 20.0 * MM,
                bottom: 20.0 * MM,
                left: 20.0 * MM,
                right: 15.0 * MM,
            },
        ),
    }
}
