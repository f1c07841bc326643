//! The embedded Liberation Serif faces, parsed once per process and measured
//! exactly as the PDF will draw them.

use std::sync::OnceLock;

use printpdf::ParsedFont;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{ReportError, Style};

/// Liberation Serif 2.1 (metric-compatible with Times New Roman, full
/// Vietnamese coverage). Order matches [`Style::index`].
const FACES: [(&str, &[u8]); 4] = [
    (
        "LiberationSerif-Regular",
        include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
    ),
    (
        "LiberationSerif-Bold",
        include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
    ),
    (
        "LiberationSerif-Italic",
        include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
    ),
    (
        "LiberationSerif-BoldItalic",
        include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
    ),
];

/// Code points below this get a precomputed width; the range covers Latin,
/// Vietnamese (Latin Extended Additional, U+1E00..U+1EFF) and general
/// punctuation (dashes, quotes, ellipsis).
const TABLE_LEN: u32 = 0x2070;
/// Marks "no glyph for this code point" in the width table.
const MISSING: u16 = u16::MAX;

/// One parsed face plus a width table for the common code points.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    /// Advance widths in 1/1000 em, indexed by code point, `MISSING` if absent.
    widths: Vec<u16>,
}

impl Face {
    fn load(bytes: &[u8]) -> Option<Self> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let widths = (0..TABLE_LEN)
            .map(|cp| milli_width(&parsed, cp).unwrap_or(MISSING))
            .collect();
        Some(Self { parsed, widths })
    }

    /// Advance of `c` in 1/1000 em, `None` if the face has no glyph for it.
    fn char_milli(&self, c: char) -> Option<u16> {
        match self.widths.get(c as usize) {
            Some(&MISSING) => None,
            Some(&w) => Some(w),
            None => milli_width(&self.parsed, c as u32),
        }
    }

    /// Width of one character in points at `size`.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        f32::from(self.char_milli(c).unwrap_or(0)) * size / 1000.0
    }

    /// Width of already-cleaned text in points at `size`.
    pub(crate) fn text_width(&self, text: &str, size: f32) -> f32 {
        let milli: u32 = text
            .chars()
            .map(|c| u32::from(self.char_milli(c).unwrap_or(0)))
            .sum();
        milli as f32 * size / 1000.0
    }
}

/// Advance width in 1/1000 em, truncated exactly like printpdf truncates the
/// `/W` widths it writes, so that measured and drawn positions agree.
fn milli_width(font: &ParsedFont, code_point: u32) -> Option<u16> {
    let gid = font.lookup_glyph_index(code_point)?;
    if gid == 0 {
        return None;
    }
    let upm = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let advance = f32::from(font.get_horizontal_advance(gid));
    Some((advance * 1000.0 / upm) as u16)
}

/// The four serif faces.
pub(crate) struct Fonts {
    faces: [Face; 4],
}

impl Fonts {
    pub(crate) fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }

    pub(crate) fn faces(&self) -> &[Face; 4] {
        &self.faces
    }

    /// NFC-normalises `text` and makes it drawable: decomposed input would
    /// otherwise be drawn as base letter plus a separately placed mark, and a
    /// character the font lacks would become an invisible `.notdef`. Control
    /// characters other than `\n` become spaces; anything else the font cannot
    /// draw becomes `?`.
    pub(crate) fn clean(&self, text: &str) -> String {
        let regular = &self.faces[0];
        let drawable = |c: char| match c {
            '\n' => '\n',
            '\u{a0}' => '\u{a0}',
            c if c.is_whitespace() || c.is_control() => ' ',
            c if regular.char_milli(c).is_some() => c,
            _ => '?',
        };
        // The store keeps text in NFC, so composing it again is skipped when a quick
        // check says it already is: that pass was a visible cost of 600 scorecards.
        if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            text.chars().map(drawable).collect()
        } else {
            text.nfc().map(drawable).collect()
        }
    }
}

/// The process-wide fonts: parsing four faces takes a few milliseconds, so a
/// batch of scorecards must not repeat it per document.
pub(crate) fn fonts() -> Result<&'static Fonts, ReportError> {
    static FONTS: OnceLock<Result<Fonts, &'static str>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut faces = Vec::with_capacity(FACES.len());
            for (name, bytes) in FACES {
                faces.push(Face::load(bytes).ok_or(name)?);
            }
            let faces: [Face; 4] = faces.try_into().map_err(|_| "LiberationSerif")?;
            Ok(Fonts { faces })
        })
        .as_ref()
        .map_err(|name| ReportError::Font(name))
}
