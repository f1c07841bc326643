//! The pager: flows blocks down pages, keeps a block on one page, draws text and rules.

use printpdf::{
    FontId, Line as PdfLine, LinePoint, Mm, Op, PdfFontHandle, PdfPage, Point, Pt, TextItem,
    TextMatrix,
};

use crate::report::fonts::Fonts;
use crate::report::text::{Line, wrap};
use crate::report::{Align, Block, Orientation, Paragraph, ReportError, Style};

use super::geometry::{BODY, LEADING, MM, Margins, RULE, baseline_offset, check_size, geometry};

/// A line of text positioned inside a [`Frame`].
pub(super) struct Placed {
    pub(super) line: Line,
    pub(super) x: f32,
    pub(super) width: f32,
    /// Baseline, relative to the top of the frame.
    pub(super) baseline: f32,
    pub(super) size: f32,
    pub(super) align: Align,
}

/// A block laid out before it is placed, so it can be kept on one page.
#[derive(Default)]
pub(super) struct Frame {
    pub(super) lines: Vec<Placed>,
    /// Horizontal rules: x from, x to, y relative to the frame top.
    pub(super) rules: Vec<(f32, f32, f32)>,
    pub(super) height: f32,
}

impl Frame {
    /// Wraps `runs` into a column at `x` of `width`, starting at `top`; returns
    /// the bottom of the last line box and the widest line's width.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &mut self,
        fonts: &Fonts,
        runs: &[(Style, &str)],
        size: f32,
        align: Align,
        x: f32,
        width: f32,
        top: f32,
    ) -> (f32, f32) {
        let line_height = size * LEADING;
        let mut y = top;
        let mut widest: f32 = 0.0;
        for line in wrap(fonts, runs, size, width, width) {
            widest = widest.max(line.width);
            self.lines.push(Placed {
                line,
                x,
                width,
                baseline: y + baseline_offset(size),
                size,
                align,
            });
            y += line_height;
        }
        self.height = self.height.max(y);
        (y, widest)
    }

    /// A rule of `length` centred in the column at `x`..`x + width`.
    pub(super) fn centred_rule(&mut self, x: f32, width: f32, length: f32, y: f32) {
        let start = x + (width - length) / 2.0;
        self.rules.push((start, start + length, y));
        self.height = self.height.max(y);
    }
}

pub(super) struct Pager<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) font_ids: [FontId; 4],
    /// Orientation of the current page (and of the pages after it).
    pub(super) orientation: Orientation,
    pub(super) page_width: f32,
    pub(super) page_height: f32,
    pub(super) margins: Margins,
    /// Finished pages: orientation, ops and the page's number within its document.
    pub(super) pages: Vec<(Orientation, Vec<Op>, usize)>,
    /// Index in `pages` of the first page of the current document (scorecards printed
    /// one after another number their pages each from 1).
    pub(super) section_first: usize,
    /// Height that must fit below the last line (or row) of the block being placed, on
    /// the same page: the notes and signature that follow it (see `keep.rs`).
    pub(super) keep_tail: f32,
    /// The current page's ops.
    pub(super) ops: Vec<Op>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
    /// A text object (`BT`) is open, with this font and size if set: text
    /// drawn in a row shares one text object and repeats no `Tf`.
    pub(super) text_open: bool,
    pub(super) text_font: Option<(Style, f32)>,
    /// The line width for rules has been set on the current page.
    pub(super) rule_width_set: bool,
    /// The document's footnote texts (see `footnotes.rs`).
    pub(super) footnotes: Vec<String>,
    /// The lines of the footnotes at the foot of the current page.
    pub(super) page_notes: Vec<Line>,
    /// Footnote lines that did not fit at the foot of their page: they continue at the
    /// foot of the next one.
    pub(super) notes_carry: Vec<Line>,
    /// Height the current page's footnotes take above the bottom margin.
    pub(super) notes_height: f32,
}

impl<'f> Pager<'f> {
    pub(super) fn new(fonts: &'f Fonts, font_ids: [FontId; 4], orientation: Orientation) -> Self {
        let (page_width, page_height, margins) = geometry(orientation);
        let y = margins.top;
        Self {
            fonts,
            font_ids,
            orientation,
            page_width,
            page_height,
            margins,
            pages: Vec::new(),
            section_first: 0,
            keep_tail: 0.0,
            ops: Vec::new(),
            y,
            text_open: false,
            text_font: None,
            rule_width_set: false,
            footnotes: Vec::new(),
            page_notes: Vec::new(),
            notes_carry: Vec::new(),
            notes_height: 0.0,
        }
    }

    /// Sets the size and margins of the current (empty) page and those after it.
    pub(super) fn set_orientation(&mut self, orientation: Orientation) {
        let (page_width, page_height, margins) = geometry(orientation);
        self.orientation = orientation;
        self.page_width = page_width;
        self.page_height = page_height;
        self.margins = margins;
        self.y = self.margins.top;
    }

    pub(super) fn left(&self) -> f32 {
        self.margins.left
    }

    /// Width between the left and right margins.
    pub(super) fn width(&self) -> f32 {
        self.page_width - self.margins.left - self.margins.right
    }

    /// Free height left on the current page.
    pub(super) fn remaining(&self) -> f32 {
        self.page_height - self.margins.bottom - self.notes_height - self.y
    }

    /// Nothing has been placed on the current page yet.
    pub(super) fn is_fresh(&self) -> bool {
        self.y <= self.margins.top
    }

    pub(super) fn new_page(&mut self) {
        self.draw_notes();
        self.close_text();
        let number = self.pages.len() - self.section_first + 1;
        self.pages
            .push((self.orientation, std::mem::take(&mut self.ops), number));
        self.y = self.margins.top;
        self.rule_width_set = false;
        self.continue_notes();
    }

    pub(super) fn close_text(&mut self) {
        if self.text_open {
            self.ops.push(Op::EndTextSection);
            self.text_open = false;
        }
    }

    /// Makes sure `height` fits below the cursor, starting a new page if
    /// needed; fails if it would not fit even on an empty page.
    pub(super) fn fit(&mut self, height: f32, what: &'static str) -> Result<(), ReportError> {
        if height > self.remaining() && !self.is_fresh() {
            self.new_page();
        }
        if height > self.remaining() {
            return Err(ReportError::TooTall(what));
        }
        Ok(())
    }

    pub(super) fn block(&mut self, block: &Block) -> Result<(), ReportError> {
        match block {
            Block::OfficialHeader(header) => self.official_header(header),
            Block::Title { title, summary } => self.title(title, summary.as_deref()),
            Block::Paragraph(paragraph) => self.paragraph(paragraph, 0.0),
            Block::Heading(text) => {
                let heading =
                    Paragraph::runs(vec![crate::report::Run::new(Style::Bold, text.clone())]);
                // Keep the heading with at least two lines of what follows.
                self.paragraph(&heading, 2.0 * BODY * LEADING)
            }
            Block::Table(table) => self.table(table),
            Block::Signature(signature) => self.signature(signature),
            Block::Chart(chart) => self.chart(chart),
            Block::Spacer(mm) => {
                check_size("spacer", *mm, 0.0, 297.0)?;
                let height = mm * MM;
                if self.is_fresh() {
                    // Space at the top of a page is never wanted.
                } else if height >= self.remaining() {
                    self.new_page();
                } else {
                    self.y += height;
                }
                Ok(())
            }
            Block::PageBreak => {
                if !self.is_fresh() {
                    self.new_page();
                }
                Ok(())
            }
            Block::NextDocument => {
                if !self.is_fresh() {
                    self.new_page();
                }
                self.section_first = self.pages.len();
                Ok(())
            }
            Block::NewPage(orientation) => {
                if !self.is_fresh() {
                    self.new_page();
                }
                self.set_orientation(*orientation);
                Ok(())
            }
        }
    }

    /// Puts a frame at the cursor, on a new page if it does not fit here.
    pub(super) fn place(&mut self, frame: Frame, what: &'static str) -> Result<(), ReportError> {
        self.fit(frame.height, what)?;
        let top = self.y;
        for placed in &frame.lines {
            self.draw_line(
                &placed.line,
                placed.x,
                top + placed.baseline,
                placed.size,
                placed.width,
                placed.align,
            );
        }
        for &(x1, x2, y) in &frame.rules {
            self.rule(x1, top + y, x2, top + y);
        }
        self.y = top + frame.height;
        Ok(())
    }

    /// Draws a straight line between two points (top-down coordinates).
    pub(super) fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.page_height - y),
            },
            bezier: false,
        };
        let line = PdfLine {
            points: vec![point(x1, y1), point(x2, y2)],
            is_closed: false,
        };
        self.close_text();
        if !self.rule_width_set {
            // Each page's content stream starts with the default 1 pt width.
            self.ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
            self.rule_width_set = true;
        }
        self.ops.push(Op::DrawLine { line });
    }

    /// Draws one wrapped line with its left edge at `x` in a box of `width`.
    ///
    /// printpdf writes text with two-byte glyph codes, for which PDF word
    /// spacing (`Tw`) has no effect, so justified lines place every word
    /// with its own text matrix instead.
    pub(super) fn draw_line(
        &mut self,
        line: &Line,
        x: f32,
        baseline: f32,
        size: f32,
        width: f32,
        align: Align,
    ) {
        if line.words.is_empty() {
            return;
        }
        let slack = (width - line.width).max(0.0);
        let gaps = line.words.len() - 1;
        let (mut pen, extra) = match align {
            Align::Left => (x, 0.0),
            Align::Center => (x + slack / 2.0, 0.0),
            Align::Right => (x + slack, 0.0),
            Align::Justify if !line.last && gaps > 0 => (x, slack / gaps as f32),
            Align::Justify => (x, 0.0),
        };

        // Consecutive text in one style that needs no repositioning becomes
        // one fragment (one `Tj`).
        let mut fragments: Vec<(f32, Style, String)> = Vec::new();
        let mut contiguous = false;
        for (i, word) in line.words.iter().enumerate() {
            for span in &word.spans {
                match fragments.last_mut() {
                    Some(last) if contiguous && last.1 == span.style => last.2.push_str(&span.text),
                    _ => fragments.push((pen, span.style, span.text.clone())),
                }
                pen += span.width;
                contiguous = true;
            }
            if i < gaps {
                // The space is drawn too, so extracted text keeps its words apart.
                if let Some(last) = fragments.last_mut() {
                    last.2.push(' ');
                }
                pen += word.space_after + extra;
                contiguous = extra == 0.0;
            }
        }

        let y = self.page_height - baseline;
        if !self.text_open {
            self.ops.push(Op::StartTextSection);
            self.text_open = true;
            self.text_font = None;
        }
        for (fx, style, text) in fragments {
            let glyphs = size * style.scale();
            if self.text_font != Some((style, glyphs)) {
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(self.font_ids[style.index()].clone()),
                    size: Pt(glyphs),
                });
                self.text_font = Some((style, glyphs));
            }
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(fx), Pt(y + size * style.rise())),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
        }
    }

    /// Adds page numbers (from each document's page 2 on) and the footer, and builds the
    /// pages.
    pub(super) fn finish(mut self, footer: Option<&str>) -> Vec<PdfPage> {
        // Footnotes still to continue get pages of their own.
        while !self.notes_carry.is_empty() {
            self.new_page();
        }
        if !self.ops.is_empty() || !self.page_notes.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(pages.len());
        for (orientation, ops, number) in pages {
            self.set_orientation(orientation);
            let (x, width) = (self.left(), self.width());
            self.ops = ops;
            self.text_open = false;
            if number > 1 {
                let number = wrap(
                    self.fonts,
                    &[(Style::Regular, &number.to_string())],
                    13.0,
                    width,
                    width,
                );
                let baseline = self.margins.top * 0.6;
                if let Some(line) = number.first() {
                    self.draw_line(line, x, baseline, 13.0, width, Align::Center);
                }
            }
            // The footer must stay inside the bottom margin, so only its first line is
            // printed (a fingerprint line is far shorter than that).
            let line = footer.and_then(|text| {
                wrap(self.fonts, &[(Style::Regular, text)], 9.0, width, width)
                    .into_iter()
                    .next()
            });
            if let Some(line) = &line {
                let baseline = self.page_height - self.margins.bottom * 0.4;
                self.draw_line(line, x, baseline, 9.0, width, Align::Center);
            }
            self.close_text();
            out.push(PdfPage::new(
                Mm(self.page_width / MM),
                Mm(self.page_height / MM),
                std::mem::take(&mut self.ops),
            ));
        }
        out
    }
}
