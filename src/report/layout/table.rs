//! Tables: column widths, cells wrapped in their padding, the header repeated on every page.

use crate::report::fonts::Fonts;
use crate::report::text::{Line, wrap};
use crate::report::{Align, ReportError, RowStyle, Style, Table, Width};

use super::geometry::{
    CELL_PAD_X, CELL_PAD_Y, LEADING, MM, PARA_AFTER, baseline_offset, check_size,
};
use super::pager::Pager;

/// The part of a table on the current page.
pub(super) struct Grid {
    pub(super) x0: f32,
    pub(super) widths: Vec<f32>,
    pub(super) top: f32,
    /// Bottom edge of every row drawn on this page.
    pub(super) bottoms: Vec<f32>,
}

impl Pager<'_> {
    pub(super) fn table(&mut self, table: &Table) -> Result<(), ReportError> {
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

            // The last row keeps room for what must follow it (notes, signature), so
            // they never stand alone on a page.
            let tail = if index + 1 == table.rows.len() && self.keep_tail > 0.0 {
                PARA_AFTER + self.keep_tail
            } else {
                0.0
            };
            let rows_here = grid.bottoms.len() > 1;
            if cells_height(&cells, size) > self.remaining()
                || (rows_here && cells_height(&cells, size) + tail > self.remaining())
            {
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
    pub(super) fn table_page_break(
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
    pub(super) fn table_cells(
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
    pub(super) fn table_borders(&mut self, grid: &mut Grid) {
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
}

/// Wraps each cell's text inside its column's padding.
pub(super) fn layout_cells<'a>(
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
pub(super) fn cells_height(cells: &[Vec<Line>], size: f32) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f32 * size * LEADING + 2.0 * CELL_PAD_Y
}

/// Resolves column widths in points: fixed columns first, weighted columns
/// share the rest of `available`. Every column must hold at least one em of
/// text so a broken word always makes progress.
pub(super) fn column_widths(
    table: &Table,
    available: f32,
    size: f32,
) -> Result<Vec<f32>, ReportError> {
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
