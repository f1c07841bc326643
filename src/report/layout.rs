//! Page layout: flows blocks down A4 pages and turns them into printpdf ops.
//!
//! Coordinates inside this module are points measured from the TOP of the page
//! (`y` grows downwards); they are flipped to PDF's bottom-up space only when
//! an op is emitted.

use std::hash::{DefaultHasher, Hash, Hasher};

use printpdf::{
    FontId, Line as PdfLine, LinePoint, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
};

use super::fonts::{Fonts, fonts};
use super::text::{Line, wrap};
use super::{
    Align, Block, Document, OfficialHeader, Orientation, Paragraph, ReportError, RowStyle,
    SignatureBlock, Style, Table, Width,
};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// Body text size (Decree 30: 13–14 pt).
const BODY: f32 = 14.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.2;
/// First-line indent, 1.27 cm.
const INDENT: f32 = 12.7 * MM;
/// Space after a paragraph (Decree 30: at least 6 pt).
const PARA_AFTER: f32 = 6.0;
/// Liberation Serif ascender and descender in em (hhea 1825 and 443 of 2048),
/// used to centre the glyphs vertically in their line box.
const ASCENT: f32 = 0.891;
const DESCENT: f32 = 0.216;
/// Horizontal and vertical padding inside table cells.
const CELL_PAD_X: f32 = 1.5 * MM;
const CELL_PAD_Y: f32 = 2.5;
/// Thickness of table borders and rules.
const RULE: f32 = 0.5;
/// Gap between the bottom of a line box and a rule under it; clears the dot
/// below (Ạ, Ệ) of bold capitals.
const RULE_GAP: f32 = 2.5;
/// Room for the signature and seal between the title lines and the name.
const SIGNATURE_SPACE: f32 = 25.0 * MM;

/// Distance from the top of a line box to the baseline of its text.
fn baseline_offset(size: f32) -> f32 {
    let line_height = size * LEADING;
    (line_height + (ASCENT - DESCENT) * size) / 2.0
}

fn check_size(what: &'static str, value: f32, min: f32, max: f32) -> Result<(), ReportError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ReportError::InvalidSize { what, value })
    }
}

/// Lays out `doc` and serialises it.
pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let mut pdf = PdfDocument::new(&fonts.clean(&doc.title));
    pdf.metadata.info.creator = "parindex".to_owned();
    pdf.metadata.info.producer = "parindex (printpdf)".to_owned();
    // printpdf embeds only the faces that are actually used, each subset to
    // the glyphs drawn.
    let ids = font_ids(doc);
    for (id, face) in ids.iter().zip(fonts.faces()) {
        let font = PdfFont::new(face.parsed.clone());
        pdf.resources.fonts.map.insert(id.clone(), font);
    }

    let pages = paginate(doc, fonts, ids)?;
    pdf.with_pages(pages);

    // printpdf's `optimize` compresses every stream at flate level 9 in one thread, the
    // largest single cost of a 600-scorecard batch. Page streams are repetitive text
    // operators: level 1 on every core keeps most of the gain at a fraction of the time.
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut lopdf = pdf.to_lopdf_document(&options, &mut Vec::new());
    compress_streams(&mut lopdf);
    let mut bytes = Vec::new();
    lopdf
        .save_to(&mut bytes)
        .map_err(|e| ReportError::Save(e.to_string()))?;
    Ok(bytes)
}

/// Flate-compresses the streams lopdf allows to compress, as `lopdf::Document::compress`
/// does, at level 1 and in parallel.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;

    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for stream in part.iter_mut() {
                    let mut encoder = flate2::write::ZlibEncoder::new(
                        Vec::with_capacity(stream.content.len() / 3),
                        flate2::Compression::fast(),
                    );
                    let compressed = encoder
                        .write_all(&stream.content)
                        .and_then(|()| encoder.finish());
                    // As lopdf does: keep the raw stream unless compression pays.
                    if let Ok(compressed) = compressed
                        && compressed.len() + 19 < stream.content.len()
                    {
                        stream.dict.set("Filter", "FlateDecode");
                        stream.set_content(compressed);
                    }
                }
            });
        }
    });
}

/// Flows the blocks into pages of printpdf ops.
fn paginate(doc: &Document, fonts: &Fonts, ids: [FontId; 4]) -> Result<Vec<PdfPage>, ReportError> {
    let mut pager = Pager::new(fonts, ids, doc.orientation);
    for block in &doc.blocks {
        pager.block(block)?;
    }
    Ok(pager.finish(doc.footer.as_deref()))
}

/// Font resource names for the four faces.
///
/// `PdfDocument::add_font` names fonts with 32 random characters, which are
/// repeated in every `Tf` of every content stream, and printpdf takes the
/// first six characters of that name as the subset tag (`ABCDEF+Name`).
/// Six capital letters derived from the document are shorter, a valid tag,
/// distinct per face, and the same for the same document.
fn font_ids(doc: &Document) -> [FontId; 4] {
    // The title and the footer (which carries the data fingerprint) identify a document
    // well enough; Debug-formatting the whole block list to hash it was a visible share
    // of a 600-scorecard batch.
    let mut hasher = DefaultHasher::new();
    (&doc.title, &doc.footer, doc.blocks.len()).hash(&mut hasher);
    let seed = hasher.finish();
    std::array::from_fn(|face| {
        let mut hasher = DefaultHasher::new();
        (seed, face).hash(&mut hasher);
        let mut bits = hasher.finish();
        let tag = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (bits % 26) as u8);
                bits /= 26;
                letter
            })
            .collect();
        FontId(tag)
    })
}

/// Page margins in points.
struct Margins {
    top: f32,
    bottom: f32,
    left: f32,
    right: f32,
}

/// Page width, height and margins of an orientation: Decree 30 margins in portrait
/// (top 20, bottom 20, left 30, right 15 mm); landscape keeps the binding edge narrower.
fn geometry(orientation: Orientation) -> (f32, f32, Margins) {
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

/// A line of text positioned inside a [`Frame`].
struct Placed {
    line: Line,
    x: f32,
    width: f32,
    /// Baseline, relative to the top of the frame.
    baseline: f32,
    size: f32,
    align: Align,
}

/// A block laid out before it is placed, so it can be kept on one page.
#[derive(Default)]
struct Frame {
    lines: Vec<Placed>,
    /// Horizontal rules: x from, x to, y relative to the frame top.
    rules: Vec<(f32, f32, f32)>,
    height: f32,
}

impl Frame {
    /// Wraps `runs` into a column at `x` of `width`, starting at `top`; returns
    /// the bottom of the last line box and the widest line's width.
    #[allow(clippy::too_many_arguments)]
    fn text(
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
    fn centred_rule(&mut self, x: f32, width: f32, length: f32, y: f32) {
        let start = x + (width - length) / 2.0;
        self.rules.push((start, start + length, y));
        self.height = self.height.max(y);
    }
}

/// The part of a table on the current page.
struct Grid {
    x0: f32,
    widths: Vec<f32>,
    top: f32,
    /// Bottom edge of every row drawn on this page.
    bottoms: Vec<f32>,
}

struct Pager<'f> {
    fonts: &'f Fonts,
    font_ids: [FontId; 4],
    /// Orientation of the current page (and of the pages after it).
    orientation: Orientation,
    page_width: f32,
    page_height: f32,
    margins: Margins,
    /// Finished pages: orientation and ops.
    pages: Vec<(Orientation, Vec<Op>)>,
    /// The current page's ops.
    ops: Vec<Op>,
    /// Top of the free space on the current page.
    y: f32,
    /// A text object (`BT`) is open, with this font and size if set: text
    /// drawn in a row shares one text object and repeats no `Tf`.
    text_open: bool,
    text_font: Option<(Style, f32)>,
    /// The line width for rules has been set on the current page.
    rule_width_set: bool,
}

impl<'f> Pager<'f> {
    fn new(fonts: &'f Fonts, font_ids: [FontId; 4], orientation: Orientation) -> Self {
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
            ops: Vec::new(),
            y,
            text_open: false,
            text_font: None,
            rule_width_set: false,
        }
    }

    /// Sets the size and margins of the current (empty) page and those after it.
    fn set_orientation(&mut self, orientation: Orientation) {
        let (page_width, page_height, margins) = geometry(orientation);
        self.orientation = orientation;
        self.page_width = page_width;
        self.page_height = page_height;
        self.margins = margins;
        self.y = self.margins.top;
    }

    fn left(&self) -> f32 {
        self.margins.left
    }

    /// Width between the left and right margins.
    fn width(&self) -> f32 {
        self.page_width - self.margins.left - self.margins.right
    }

    /// Free height left on the current page.
    fn remaining(&self) -> f32 {
        self.page_height - self.margins.bottom - self.y
    }

    /// Nothing has been placed on the current page yet.
    fn is_fresh(&self) -> bool {
        self.y <= self.margins.top
    }

    fn new_page(&mut self) {
        self.close_text();
        self.pages
            .push((self.orientation, std::mem::take(&mut self.ops)));
        self.y = self.margins.top;
        self.rule_width_set = false;
    }

    fn close_text(&mut self) {
        if self.text_open {
            self.ops.push(Op::EndTextSection);
            self.text_open = false;
        }
    }

    /// Makes sure `height` fits below the cursor, starting a new page if
    /// needed; fails if it would not fit even on an empty page.
    fn fit(&mut self, height: f32, what: &'static str) -> Result<(), ReportError> {
        if height > self.remaining() && !self.is_fresh() {
            self.new_page();
        }
        if height > self.remaining() {
            return Err(ReportError::TooTall(what));
        }
        Ok(())
    }

    fn block(&mut self, block: &Block) -> Result<(), ReportError> {
        match block {
            Block::OfficialHeader(header) => self.official_header(header),
            Block::Title { title, summary } => self.title(title, summary.as_deref()),
            Block::Paragraph(paragraph) => self.paragraph(paragraph, 0.0),
            Block::Heading(text) => {
                let heading = Paragraph::runs(vec![super::Run::new(Style::Bold, text.clone())]);
                // Keep the heading with at least two lines of what follows.
                self.paragraph(&heading, 2.0 * BODY * LEADING)
            }
            Block::Table(table) => self.table(table),
            Block::Signature(signature) => self.signature(signature),
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
            Block::NewPage(orientation) => {
                if !self.is_fresh() {
                    self.new_page();
                }
                self.set_orientation(*orientation);
                Ok(())
            }
        }
    }

    // ----- blocks --------------------------------------------------------

    fn official_header(&mut self, header: &OfficialHeader) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let width = self.width();
        let left_width = width * 0.4;
        let right_x = self.left() + left_width;
        let right_width = width - left_width;
        let left_x = self.left();
        let mut frame = Frame::default();

        // Left: issuing body, a short rule, then the number.
        let (y, _) = frame.text(
            fonts,
            &[(Style::Regular, &header.issuer_parent)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            0.0,
        );
        let (left_bottom, issuer_width) = frame.text(
            fonts,
            &[(Style::Bold, &header.issuer)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            y,
        );
        let left_rule = left_bottom + RULE_GAP;
        frame.centred_rule(left_x, left_width, issuer_width / 3.0, left_rule);

        // Right: national title and motto with a rule of the motto's width.
        // 13/14 pt when the national title fits the column, else 12/13 pt.
        let national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let national_size = if fonts.face(Style::Bold).text_width(national, 13.0) <= right_width {
            13.0
        } else {
            12.0
        };
        let (y, _) = frame.text(
            fonts,
            &[(Style::Bold, national)],
            national_size,
            Align::Center,
            right_x,
            right_width,
            0.0,
        );
        let (right_bottom, motto_width) = frame.text(
            fonts,
            &[(Style::Bold, "Độc lập - Tự do - Hạnh phúc")],
            national_size + 1.0,
            Align::Center,
            right_x,
            right_width,
            y,
        );
        let right_rule = right_bottom + RULE_GAP;
        frame.centred_rule(right_x, right_width, motto_width, right_rule);

        // The number and the place-date line share a row under both rules.
        let row = left_rule.max(right_rule) + 6.0;
        frame.text(
            fonts,
            &[(Style::Regular, &header.number)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            // Same baseline as the 14 pt place-date line.
            row + baseline_offset(14.0) - baseline_offset(13.0),
        );
        frame.text(
            fonts,
            &[(Style::Italic, &header.place_date)],
            14.0,
            Align::Center,
            right_x,
            right_width,
            row,
        );
        frame.height += 12.0;
        self.place(frame, "the document header")
    }

    fn title(&mut self, title: &str, summary: Option<&str>) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let (x, width) = (self.left(), self.width());
        let mut frame = Frame::default();
        let (mut bottom, mut widest) = frame.text(
            fonts,
            &[(Style::Bold, title)],
            BODY,
            Align::Center,
            x,
            width,
            6.0,
        );
        if let Some(summary) = summary {
            (bottom, widest) = frame.text(
                fonts,
                &[(Style::Bold, summary)],
                BODY,
                Align::Center,
                x,
                width,
                bottom,
            );
        }
        frame.centred_rule(x, width, (widest / 3.0).max(30.0 * MM), bottom + RULE_GAP);
        frame.height += 12.0;
        self.place(frame, "the title")
    }

    /// Flows a paragraph line by line; `keep_with_next` is extra height that
    /// must fit below it on the same page (for headings).
    fn paragraph(&mut self, paragraph: &Paragraph, keep_with_next: f32) -> Result<(), ReportError> {
        let runs: Vec<(Style, &str)> = paragraph
            .runs
            .iter()
            .map(|run| (run.style, run.text.as_str()))
            .collect();
        let width = self.width();
        let indent = if paragraph.indent { INDENT } else { 0.0 };
        let lines = wrap(self.fonts, &runs, BODY, width - indent, width);
        let line_height = BODY * LEADING;

        // No single orphaned first line at the foot of a page, and a heading
        // stays with the text it introduces.
        let mut needed = line_height * lines.len().min(2) as f32;
        if keep_with_next > 0.0 {
            needed = line_height * lines.len() as f32 + PARA_AFTER + keep_with_next;
        }
        if needed > self.remaining() && !self.is_fresh() {
            self.new_page();
        }

        for (i, line) in lines.iter().enumerate() {
            self.fit(line_height, "a line of text")?;
            let first_indent = if i == 0 { indent } else { 0.0 };
            let baseline = self.y + baseline_offset(BODY);
            let x = self.left() + first_indent;
            self.draw_line(
                line,
                x,
                baseline,
                BODY,
                width - first_indent,
                paragraph.align,
            );
            self.y += line_height;
        }
        self.y += PARA_AFTER;
        Ok(())
    }

    fn table(&mut self, table: &Table) -> Result<(), ReportError> {
        let size = table.font_size;
        check_size("table font size", size, 4.0, 72.0)?;
        let widths = column_widths(table, self.width(), size)?;
        let total: f32 = widths.iter().sum();
        let columns = table.columns.len();
        let mut grid = Grid {
            // A table narrower than the text width is centred.
            x0: self.left() + (self.width() - total) / 2.0,
            widths,
            top: self.y,
            bottoms: Vec::new(),
        };

        let header = layout_cells(
            self.fonts,
            table
                .columns
                .iter()
                .map(|c| (Style::Bold, c.title.as_str())),
            &grid.widths,
            size,
        );
        let header_aligns = vec![Align::Center; columns];
        let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
        let header_height = cells_height(&header, size);

        // Header plus the first row (or as much of it as a page holds).
        let first = table.rows.first().map_or(0.0, |row| {
            let cells = row.cells.iter().map(|c| (Style::Regular, c.as_str()));
            cells_height(&layout_cells(self.fonts, cells, &grid.widths, size), size)
        });
        if header_height + first > self.remaining() && !self.is_fresh() {
            self.new_page();
        }
        let one_line = size * LEADING + 2.0 * CELL_PAD_Y;
        self.fit(header_height + one_line, "a table header")?;
        self.table_cells(&mut grid, &header_aligns, &header, size, true);

        for (index, row) in table.rows.iter().enumerate() {
            if row.cells.len() > columns {
                return Err(ReportError::RowTooLong {
                    row: index + 1,
                    cells: row.cells.len(),
                    columns,
                });
            }
            let style = match row.style {
                RowStyle::Normal => Style::Regular,
                RowStyle::Bold => Style::Bold,
                RowStyle::Italic => Style::Italic,
            };
            let cells = row
                .cells
                .iter()
                .map(|c| (style, c.as_str()))
                .chain(std::iter::repeat((style, "")));
            let cells = layout_cells(self.fonts, cells, &grid.widths, size);

            if cells_height(&cells, size) > self.remaining() {
                self.table_page_break(&mut grid, &header_aligns, &header, size);
            }
            // Rows are drawn in slices only when one is taller than a whole
            // page; otherwise the loop runs once.
            let mut rest: Vec<&[Line]> = cells.iter().map(Vec::as_slice).collect();
            loop {
                let fitting = ((self.remaining() - 2.0 * CELL_PAD_Y) / (size * LEADING)).floor();
                let tallest = rest.iter().map(|c| c.len()).max().unwrap_or(0);
                let take = tallest.min(fitting.max(0.0) as usize);
                if take == 0 {
                    return Err(ReportError::TooTall("a table row"));
                }
                let slice: Vec<Vec<Line>> = rest
                    .iter()
                    .map(|c| c[..take.min(c.len())].to_vec())
                    .collect();
                self.table_cells(&mut grid, &aligns, &slice, size, false);
                rest = rest.iter().map(|c| &c[take.min(c.len())..]).collect();
                if rest.iter().all(|c| c.is_empty()) {
                    break;
                }
                self.table_page_break(&mut grid, &header_aligns, &header, size);
            }
        }
        self.table_borders(&mut grid);
        self.y += PARA_AFTER;
        Ok(())
    }

    /// Ends the table on this page and repeats its header on the next.
    fn table_page_break(
        &mut self,
        grid: &mut Grid,
        header_aligns: &[Align],
        header: &[Vec<Line>],
        size: f32,
    ) {
        self.table_borders(grid);
        self.new_page();
        self.table_cells(grid, header_aligns, header, size, true);
    }

    /// Draws one row's text at the cursor (vertically centred in `middle`
    /// rows, the header); its borders come later, from
    /// [`Pager::table_borders`].
    fn table_cells(
        &mut self,
        grid: &mut Grid,
        aligns: &[Align],
        cells: &[Vec<Line>],
        size: f32,
        middle: bool,
    ) {
        if grid.bottoms.is_empty() {
            grid.top = self.y;
        }
        let top = self.y;
        let height = cells_height(cells, size);
        let mut x = grid.x0;
        for ((lines, width), align) in cells.iter().zip(&grid.widths).zip(aligns) {
            let inner = width - 2.0 * CELL_PAD_X;
            let text_height = lines.len() as f32 * size * LEADING + 2.0 * CELL_PAD_Y;
            let shift = if middle {
                (height - text_height) / 2.0
            } else {
                0.0
            };
            let mut baseline = top + shift + CELL_PAD_Y + baseline_offset(size);
            for line in lines {
                self.draw_line(line, x + CELL_PAD_X, baseline, size, inner, *align);
                baseline += size * LEADING;
            }
            x += width;
        }
        self.y = top + height;
        grid.bottoms.push(self.y);
    }

    /// Draws the borders of the table part on the current page in one go:
    /// one vertical line per column edge instead of one per cell keeps the
    /// content streams (and so compression time) small for long tables.
    fn table_borders(&mut self, grid: &mut Grid) {
        let Some(&bottom) = grid.bottoms.last() else {
            return;
        };
        let x_end = grid.x0 + grid.widths.iter().sum::<f32>();
        self.rule(grid.x0, grid.top, x_end, grid.top);
        for y in std::mem::take(&mut grid.bottoms) {
            self.rule(grid.x0, y, x_end, y);
        }
        let mut x = grid.x0;
        self.rule(x, grid.top, x, bottom);
        for width in &grid.widths {
            x += width;
            self.rule(x, grid.top, x, bottom);
        }
    }

    fn signature(&mut self, block: &SignatureBlock) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let width = self.width();
        let mut x = self.left();
        let top = 6.0;
        let mut frame = Frame::default();

        let signer_columns = block.signers.len().max(1) as f32;
        let signer_width = if block.recipients.is_empty() {
            width / signer_columns
        } else {
            // "Nơi nhận" takes the left 45 %, the signers share the rest.
            let recipients_width = width * 0.45;
            let (mut y, _) = frame.text(
                fonts,
                &[(Style::BoldItalic, "Nơi nhận:")],
                12.0,
                Align::Left,
                x,
                recipients_width,
                top,
            );
            // Each recipient is "- …" with wrapped lines hanging under the text.
            let dash = "- ";
            let dash_width = fonts.face(Style::Regular).text_width(dash, 11.0);
            for recipient in &block.recipients {
                frame.text(
                    fonts,
                    &[(Style::Regular, dash)],
                    11.0,
                    Align::Left,
                    x,
                    dash_width,
                    y,
                );
                (y, _) = frame.text(
                    fonts,
                    &[(Style::Regular, recipient)],
                    11.0,
                    Align::Left,
                    x + dash_width,
                    recipients_width - dash_width,
                    y,
                );
            }
            x += recipients_width;
            (width - recipients_width) / signer_columns
        };

        for signer in &block.signers {
            let mut y = top;
            for title_line in &signer.title_lines {
                (y, _) = frame.text(
                    fonts,
                    &[(Style::Bold, title_line)],
                    BODY,
                    Align::Center,
                    x,
                    signer_width,
                    y,
                );
            }
            frame.text(
                fonts,
                &[(Style::Bold, &signer.name)],
                BODY,
                Align::Center,
                x,
                signer_width,
                y + SIGNATURE_SPACE,
            );
            x += signer_width;
        }
        self.place(frame, "the signature block")
    }

    // ----- drawing -------------------------------------------------------

    /// Puts a frame at the cursor, on a new page if it does not fit here.
    fn place(&mut self, frame: Frame, what: &'static str) -> Result<(), ReportError> {
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
    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
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
    fn draw_line(
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
            if self.text_font != Some((style, size)) {
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(self.font_ids[style.index()].clone()),
                    size: Pt(size),
                });
                self.text_font = Some((style, size));
            }
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(fx), Pt(y)),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
        }
    }

    /// Adds page numbers (from page 2 on) and the footer, and builds the pages.
    fn finish(mut self, footer: Option<&str>) -> Vec<PdfPage> {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(pages.len());
        for (index, (orientation, ops)) in pages.into_iter().enumerate() {
            self.set_orientation(orientation);
            let (x, width) = (self.left(), self.width());
            self.ops = ops;
            self.text_open = false;
            if index > 0 {
                let number = wrap(
                    self.fonts,
                    &[(Style::Regular, &(index + 1).to_string())],
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

/// Wraps each cell's text inside its column's padding.
fn layout_cells<'a>(
    fonts: &Fonts,
    cells: impl Iterator<Item = (Style, &'a str)>,
    widths: &[f32],
    size: f32,
) -> Vec<Vec<Line>> {
    cells
        .zip(widths)
        .map(|((style, text), width)| {
            let inner = width - 2.0 * CELL_PAD_X;
            wrap(fonts, &[(style, text)], size, inner, inner)
        })
        .collect()
}

/// Height of a table row: its tallest cell plus padding.
fn cells_height(cells: &[Vec<Line>], size: f32) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f32 * size * LEADING + 2.0 * CELL_PAD_Y
}

/// Resolves column widths in points: fixed columns first, weighted columns
/// share the rest of `available`. Every column must hold at least one em of
/// text so a broken word always makes progress.
fn column_widths(table: &Table, available: f32, size: f32) -> Result<Vec<f32>, ReportError> {
    if table.columns.is_empty() {
        return Err(ReportError::Columns(
            "a table needs at least one column".into(),
        ));
    }
    let mut fixed = 0.0;
    let mut weights = 0.0;
    for column in &table.columns {
        match column.width {
            Width::Mm(mm) => {
                check_size("column width", mm, 0.1, 1000.0)?;
                fixed += mm * MM;
            }
            Width::Weight(weight) => {
                check_size("column weight", weight, 0.001, 1.0e6)?;
                weights += weight;
            }
        }
    }
    let rest = available - fixed;
    if rest < -0.01 || (weights > 0.0 && rest <= 0.0) {
        return Err(ReportError::Columns(format!(
            "fixed columns take {:.1} mm of {:.1} mm",
            fixed / MM,
            available / MM
        )));
    }
    let widths: Vec<f32> = table
        .columns
        .iter()
        .map(|column| match column.width {
            Width::Mm(mm) => mm * MM,
            Width::Weight(weight) => rest * weight / weights,
        })
        .collect();
    let minimum = size + 2.0 * CELL_PAD_X;
    if let Some((index, width)) = widths.iter().enumerate().find(|(_, w)| **w < minimum) {
        return Err(ReportError::Columns(format!(
            "column {} is {:.1} mm wide, less than the {:.1} mm its text needs",
            index + 1,
            width / MM,
            minimum / MM
        )));
    }
    Ok(widths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Column, Row, Signer};

    fn pages(doc: &Document) -> Result<Vec<PdfPage>, ReportError> {
        let fonts = fonts()?;
        paginate(doc, fonts, font_ids(doc))
    }

    fn table(rows: usize) -> Table {
        Table {
            columns: vec![
                Column::new("STT", Width::Mm(12.0), Align::Center),
                Column::new("Đơn vị", Width::Weight(3.0), Align::Left),
                Column::new("Điểm", Width::Weight(1.0), Align::Right),
            ],
            rows: (1..=rows)
                .map(|i| Row::new(vec![i.to_string(), "Xã Thụy Hùng".into(), "99,48".into()]))
                .collect(),
            font_size: 12.0,
        }
    }

    fn signature() -> Block {
        Block::Signature(SignatureBlock {
            recipients: vec!["Như trên;".into(), "Lưu: VT.".into()],
            signers: vec![Signer {
                title_lines: vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()],
                name: "Nguyễn Văn A".into(),
            }],
        })
    }

    /// Counts the text-showing ops on a page.
    fn texts(page: &PdfPage) -> usize {
        page.ops
            .iter()
            .filter(|op| matches!(op, Op::ShowText { .. }))
            .count()
    }

    #[test]
    fn signature_block_moves_whole_to_the_next_page() {
        // Find the row count whose table fills page 1 just short of the end,
        // so the signature cannot follow it there.
        let doc = |rows| Document {
            blocks: vec![Block::Table(table(rows)), signature()],
            ..Document::default()
        };
        let rows = (1..200)
            .find(|&rows| pages(&doc(rows)).map_or(0, |p| p.len()) == 2)
            .expect("some row count needs a second page");
        let result = pages(&doc(rows)).expect("renders");
        let table_only = pages(&Document {
            blocks: vec![Block::Table(table(rows))],
            ..Document::default()
        })
        .expect("renders");
        assert_eq!(table_only.len(), 1, "the table alone fits page 1");
        // Page 2 holds the whole block: page number, "Nơi nhận:", two
        // recipients with their dashes, two title lines and the name.
        assert_eq!(texts(&result[1]), 1 + 1 + 2 * 2 + 2 + 1);
    }

    #[test]
    fn table_header_repeats_on_every_page() {
        let doc = Document {
            orientation: Orientation::Landscape,
            blocks: vec![Block::Table(table(300))],
            ..Document::default()
        };
        let result = pages(&doc).expect("renders");
        assert!(result.len() > 5);
        let title = "Đơn vị".to_string();
        for page in &result {
            let has_header = page.ops.iter().any(|op| match op {
                Op::ShowText { items } => items.contains(&TextItem::Text(title.clone())),
                _ => false,
            });
            assert!(has_header);
        }
    }

    #[test]
    fn a_landscape_appendix_follows_portrait_pages() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(Paragraph::new("Báo cáo")),
                Block::NewPage(Orientation::Landscape),
                Block::Table(table(60)),
            ],
            ..Document::default()
        };
        let result = pages(&doc).expect("renders");
        assert!(result.len() >= 3);
        let size = |page: &PdfPage| (page.media_box.width.0, page.media_box.height.0);
        let (w0, h0) = size(&result[0]);
        assert!(w0 < h0, "page 1 is portrait");
        for page in &result[1..] {
            let (w, h) = size(page);
            assert!(w > h, "the appendix is landscape");
        }
    }

    #[test]
    fn rejects_rows_wider_than_the_table() {
        let mut t = table(1);
        t.rows.push(Row::new(vec!["1".into(); 4]));
        let doc = Document {
            blocks: vec![Block::Table(t)],
            ..Document::default()
        };
        assert_eq!(
            render(&doc),
            Err(ReportError::RowTooLong {
                row: 2,
                cells: 4,
                columns: 3
            })
        );
    }

    #[test]
    fn rejects_columns_wider_than_the_page() {
        let mut t = table(1);
        t.columns[0].width = Width::Mm(200.0);
        let doc = Document {
            blocks: vec![Block::Table(t)],
            ..Document::default()
        };
        assert!(matches!(render(&doc), Err(ReportError::Columns(_))));
    }

    #[test]
    fn rejects_invalid_sizes() {
        let mut t = table(1);
        t.font_size = f32::NAN;
        let doc = Document {
            blocks: vec![Block::Table(t), Block::Spacer(-1.0)],
            ..Document::default()
        };
        assert!(matches!(render(&doc), Err(ReportError::InvalidSize { .. })));
    }

    #[test]
    fn renders_a_pdf() {
        let doc = Document {
            title: "Thử".into(),
            blocks: vec![Block::Paragraph(Paragraph::new(
                "Độc lập - Tự do - Hạnh phúc",
            ))],
            footer: Some("Mã dữ liệu: 0".into()),
            ..Document::default()
        };
        let bytes = render(&doc).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
