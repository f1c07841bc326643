//! PDF documents in the Decree 30/2020/NĐ-CP layout, from a small declarative page model.
//!
//! A [`Document`] is a list of [`Block`]s that flow from page to page. [`render`] lays
//! them out with Liberation Serif (embedded, subset) on A4 and returns the PDF bytes:
//! justified paragraphs with a first-line indent, tables whose header repeats on every
//! page, a signature block that is never split, page numbers from page 2 on and an
//! optional footer line (the data fingerprint) on every page.
//!
//! All text is NFC-normalised before it is measured or drawn; widths come from the
//! font's own advances, so wrapping, centring and right alignment are exact.

mod annual;
mod common;
mod fonts;
mod inputs;
mod layout;
mod ranking;
mod scorecard;
mod summary;
mod template;
mod text;

pub use annual::{PLACEHOLDERS, annual_report};
/// Dates in running text as the source report writes them ("29/3/2024", "08/01/2021").
pub(crate) use common::date_ref;
pub use inputs::{
    Citation, EvidenceRef, Figures, LeafSheet, Letterhead, LineageRow, OwnResult, RawFigure,
    SummaryInputs, UnitSheet,
};
pub use ranking::{RankingForm, ranking};
pub use scorecard::scorecards;
pub use summary::{SUMMARY_PLACEHOLDERS, summary_report};
pub use template::DEFAULT as DEFAULT_TEMPLATE;

/// Page orientation; the paper is always A4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// A whole PDF.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// PDF metadata title.
    pub title: String,
    /// Orientation of the first page; [`Block::NewPage`] can change it.
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
    /// Printed small at the bottom of every page, e.g.
    /// "Mã dữ liệu: 3f9a12c4 · parindex".
    pub footer: Option<String>,
    /// Footnote texts, as Word prints them: a [`Style::Superscript`] run "3" (or "3,4")
    /// in a paragraph refers to `footnotes[2]` (and `[3]`), whose text is printed at the
    /// foot of the page that holds the reference, under a short rule, above the footer.
    pub footnotes: Vec<String>,
}

/// One unit of content; blocks flow top to bottom across pages.
#[derive(Debug, Clone)]
pub enum Block {
    /// The two-column header of an official document.
    OfficialHeader(OfficialHeader),
    /// "BÁO CÁO" bold and centred, the summary line(s) below it, a short rule.
    Title {
        title: String,
        summary: Option<String>,
    },
    Paragraph(Paragraph),
    /// A bold paragraph ("I. KẾT QUẢ ..."), kept on the page of what follows.
    Heading(String),
    Table(Table),
    /// "Nơi nhận" and the signature(s), never split across pages.
    Signature(SignatureBlock),
    /// Vertical space in millimetres (dropped at the top of a page).
    Spacer(f32),
    PageBreak,
    /// A new page that starts another document in the same file (the next unit's
    /// scorecard): its pages are numbered from 1 again, the number shown from its page 2.
    NextDocument,
    /// A new page in this orientation; the pages after it keep it (a portrait report
    /// with a landscape appendix).
    NewPage(Orientation),
    /// A bar chart drawn as vector paths, kept on one page.
    Chart(crate::charts::Chart),
}

/// The Decree 30 header: issuing body left, national title right.
#[derive(Debug, Clone)]
pub struct OfficialHeader {
    /// "ỦY BAN NHÂN DÂN" (regular capitals).
    pub issuer_parent: String,
    /// "HUYỆN THẠCH AN" (bold capitals, short rule below).
    pub issuer: String,
    /// "Số: 270/BC-UBND".
    pub number: String,
    /// "Thạch An, ngày 23 tháng 5 năm 2025" (italic).
    pub place_date: String,
}

/// Text style of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
    /// A footnote's reference number: the regular face, smaller and raised.
    Superscript,
}

impl Style {
    /// Position of the face in the font table.
    fn index(self) -> usize {
        match self {
            Style::Regular | Style::Superscript => 0,
            Style::Bold => 1,
            Style::Italic => 2,
            Style::BoldItalic => 3,
        }
    }

    /// The size of this style's glyphs relative to the line's size.
    pub(crate) fn scale(self) -> f32 {
        if self == Style::Superscript {
            0.65
        } else {
            1.0
        }
    }

    /// How far this style's baseline is raised, relative to the line's size.
    pub(crate) fn rise(self) -> f32 {
        if self == Style::Superscript {
            0.35
        } else {
            0.0
        }
    }
}

/// A piece of text in one style.
#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

impl Run {
    #[must_use]
    pub fn new(style: Style, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            style,
        }
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    /// Both edges flush, except the last line (paragraphs only; acts as
    /// `Left` elsewhere).
    Justify,
}

/// Body text: 14 pt, first-line indent 1.27 cm, 6 pt after, by default justified.
/// Whitespace separates words; `\n` forces a line break.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    pub align: Align,
    /// First-line indent of 1.27 cm.
    pub indent: bool,
}

impl Paragraph {
    /// A justified, indented paragraph in regular type.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Self::runs(vec![Run::new(Style::Regular, text)])
    }

    /// A justified, indented paragraph from styled runs.
    #[must_use]
    pub fn runs(runs: Vec<Run>) -> Self {
        Self {
            runs,
            align: Align::Justify,
            indent: true,
        }
    }
}

/// Width of a table column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Fixed width in millimetres.
    Mm(f32),
    /// A share of the width left after the fixed columns.
    Weight(f32),
}

/// A table column; its title goes in the (bold, repeated) header row.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: Width,
    pub align: Align,
}

impl Column {
    #[must_use]
    pub fn new(title: impl Into<String>, width: Width, align: Align) -> Self {
        Self {
            title: title.into(),
            width,
            align,
        }
    }
}

/// Style of a whole table row (subtotal rows are often bold or italic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowStyle {
    #[default]
    Normal,
    Bold,
    Italic,
}

/// A table row; missing trailing cells are blank.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<String>,
    pub style: RowStyle,
}

impl Row {
    #[must_use]
    pub fn new(cells: Vec<String>) -> Self {
        Self {
            cells,
            style: RowStyle::Normal,
        }
    }

    #[must_use]
    pub fn styled(style: RowStyle, cells: Vec<String>) -> Self {
        Self { cells, style }
    }
}

/// A bordered table whose header row repeats at the top of every page it spans.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Point size of header and cells (11–12 portrait, down to 10 landscape).
    pub font_size: f32,
}

/// One signature column: the authority lines, room for signature and seal,
/// then the signer's name.
#[derive(Debug, Clone)]
pub struct Signer {
    /// Bold capitals, e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] or
    /// ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] or ["ĐẠI DIỆN TỔ THẨM ĐỊNH"].
    pub title_lines: Vec<String>,
    pub name: String,
}

/// The end of a document: "Nơi nhận:" with its list on the left (if any),
/// then one or more signature columns. Kept together on one page.
#[derive(Debug, Clone, Default)]
pub struct SignatureBlock {
    /// Recipients without the leading dash ("UBND tỉnh;", "Lưu: VT, NV.").
    pub recipients: Vec<String>,
    pub signers: Vec<Signer>,
}

/// Why a document could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    #[error("table row {row} has {cells} cells but the table has {columns} columns")]
    RowTooLong {
        row: usize,
        cells: usize,
        columns: usize,
    },
    #[error("table columns do not fit: {0}")]
    Columns(String),
    #[error("{0} is too tall to fit on one page")]
    TooTall(&'static str),
    #[error("invalid {what}: {value}")]
    InvalidSize { what: &'static str, value: f32 },
    #[error("the PDF could not be written: {0}")]
    Save(String),
    /// Placeholders of the report template that have no value (or a brace left open).
    #[error("unknown placeholders in the report template: {0}")]
    Template(String),
}

/// Lays out `doc` and returns the PDF file's bytes.
///
/// # Errors
///
/// [`ReportError`] when a table's columns or rows do not fit its layout, a
/// size is not a sensible number, a block that must stay on one page (header,
/// title, signature, table header) is taller than a page, or the embedded
/// fonts cannot be read.
pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    layout::render(doc)
}

/// [`render`], calling `progress(done, total)` as the pages are laid out: per unit for a
/// batch of scorecards, per block for a single document (see `layout::render_reporting`).
pub fn render_reporting(
    doc: &Document,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, ReportError> {
    layout::render_reporting(doc, progress)
}
