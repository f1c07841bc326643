//! Charts as vector paths: bars as filled rectangles (grey, black, hatched, white), band
//! thresholds as dashed lines, axis and labels as text in the document's font. The chart is
//! kept on one page; a long list of bars gets thinner rows to fit.

use printpdf::{
    Color, Greyscale, Line as PdfLine, LineDashPattern, LinePoint, Op, PaintMode, Point, Polygon,
    PolygonRing, Pt, WindingOrder,
};

use crate::charts::{Chart, Direction, Fill};
use crate::report::text::wrap;
use crate::report::{Align, ReportError, Style};

use super::geometry::{LEADING, MM, baseline_offset};
use super::pager::Pager;

/// Type size of labels, ticks and legend.
const LABEL: f32 = 9.0;
/// Type size of the chart's title.
const TITLE: f32 = 11.0;
/// Height of the plot of a vertical chart.
const PLOT_HEIGHT: f32 = 70.0 * MM;
/// Height of one bar's row in a horizontal chart, at most and at least.
const ROW_MAX: f32 = 6.0 * MM;
const ROW_MIN: f32 = 2.5 * MM;
/// Spacing of hatching lines.
const HATCH: f32 = 2.2;

/// Text to draw once the shapes are done: (style, size, text, x, width, baseline, align).
type Label = (Style, f32, String, f32, f32, f32, Align);

impl Pager<'_> {
    pub(super) fn chart(&mut self, chart: &Chart) -> Result<(), ReportError> {
        let line = LABEL * LEADING;
        let title_height = TITLE * LEADING + 2.0;
        let legend_height = if chart.legend.is_empty() {
            0.0
        } else {
            line + 2.0
        };
        let usable = self.page_height - self.margins.top - self.margins.bottom;
        // Title, axis ticks and name, legend, a little air.
        let marks = if chart.direction == Direction::Horizontal && !chart.thresholds.is_empty() {
            line
        } else {
            0.0
        };
        let frame = title_height + marks + 2.0 * line + legend_height + 8.0;
        let (plot, row) = match chart.direction {
            Direction::Vertical => {
                let labels = if chart.bars.iter().any(|b| !b.label.is_empty()) {
                    2.0 * line
                } else {
                    line
                };
                (PLOT_HEIGHT + labels, 0.0)
            }
            Direction::Horizontal => {
                let n = chart.bars.len().max(1) as f32;
                let row = ((usable - frame) / n).clamp(ROW_MIN, ROW_MAX);
                (row * n, row)
            }
        };
        self.fit(frame + plot, "a chart")?;
        let top = self.y;
        let (x, width) = (self.left(), self.width());
        let mut labels: Vec<Label> = vec![(
            Style::Bold,
            TITLE,
            chart.title.clone(),
            x,
            width,
            top + baseline_offset(TITLE),
            Align::Center,
        )];
        let plot_top = top + title_height + marks + 4.0;
        self.close_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        let bottom = match chart.direction {
            Direction::Horizontal => self.horizontal(chart, x, width, plot_top, row, &mut labels),
            Direction::Vertical => self.vertical(chart, x, width, plot_top, &mut labels),
        };
        // Legend: a swatch and the series' name, side by side.
        if !chart.legend.is_empty() {
            let y = bottom + 4.0;
            let mut pen = x;
            for (fill, name) in &chart.legend {
                self.rect(pen, y + 1.0, 4.0 * MM, line - 2.0, *fill);
                let text_width = self.fonts.face(Style::Regular).text_width(name, LABEL);
                labels.push((
                    Style::Regular,
                    LABEL,
                    name.clone(),
                    pen + 5.0 * MM,
                    text_width + 2.0,
                    y + baseline_offset(LABEL),
                    Align::Left,
                ));
                pen += 5.0 * MM + text_width + 6.0 * MM;
            }
        }
        self.ops.push(Op::RestoreGraphicsState);
        for (style, size, text, lx, lwidth, baseline, align) in labels {
            if let Some(first) = wrap(self.fonts, &[(style, &text)], size, lwidth, lwidth)
                .into_iter()
                .next()
            {
                self.draw_line(&first, lx, baseline, size, lwidth, align);
            }
        }
        self.y = top + frame + plot;
        Ok(())
    }

    /// Bars growing right from a value axis at the bottom; names on the left. Returns the
    /// bottom of the axis labels.
    fn horizontal(
        &mut self,
        chart: &Chart,
        x: f32,
        width: f32,
        top: f32,
        row: f32,
        labels: &mut Vec<Label>,
    ) -> f32 {
        let line = LABEL * LEADING;
        let name_width = width * 0.34;
        let value_width = 16.0 * MM;
        let plot_x = x + name_width + 2.0;
        let plot_width = width - name_width - 2.0 - value_width;
        let plot_height = row * chart.bars.len().max(1) as f32;
        let scale = |v: f64| plot_x + (v / chart.max.max(f64::MIN_POSITIVE)) as f32 * plot_width;
        let size = (row / LEADING).min(LABEL);
        for (i, bar) in chart.bars.iter().enumerate() {
            let y = top + i as f32 * row;
            let mut start = 0.0;
            for segment in &bar.segments {
                let (x1, x2) = (scale(start), scale(start + segment.value));
                if x2 > x1 {
                    self.rect(x1, y + row * 0.15, x2 - x1, row * 0.7, segment.fill);
                }
                start += segment.value;
            }
            let baseline = y + (row - size * LEADING) / 2.0 + baseline_offset(size);
            labels.push((
                Style::Regular,
                size,
                bar.label.clone(),
                x,
                name_width - 2.0,
                baseline,
                Align::Right,
            ));
            labels.push((
                Style::Regular,
                size,
                bar.value_label.clone(),
                scale(start) + 2.0,
                value_width + plot_width,
                baseline,
                Align::Left,
            ));
        }
        let axis_y = top + plot_height;
        self.stroke(&[
            (plot_x, top),
            (plot_x, axis_y),
            (plot_x + plot_width, axis_y),
        ]);
        for &tick in &chart.ticks {
            let tx = scale(tick);
            self.stroke(&[(tx, axis_y), (tx, axis_y + 2.0)]);
            labels.push((
                Style::Regular,
                LABEL,
                Chart::tick_label(tick),
                tx - 10.0 * MM,
                20.0 * MM,
                axis_y + 2.0 + baseline_offset(LABEL),
                Align::Center,
            ));
        }
        self.thresholds(chart, labels, |v| {
            let tx = scale(v);
            ((tx, top - 2.0), (tx, axis_y))
        });
        labels.push((
            Style::Italic,
            LABEL,
            chart.value_axis.clone(),
            plot_x,
            plot_width,
            axis_y + 2.0 + line + baseline_offset(LABEL),
            Align::Center,
        ));
        axis_y + 2.0 + 2.0 * line
    }

    /// Bars growing up from a category axis; the value axis on the left.
    fn vertical(
        &mut self,
        chart: &Chart,
        x: f32,
        width: f32,
        top: f32,
        labels: &mut Vec<Label>,
    ) -> f32 {
        let line = LABEL * LEADING;
        let axis_width = 12.0 * MM;
        let plot_x = x + axis_width;
        // Room on the right for the threshold labels ("Trung bình 50%"), inside the margin:
        // the line's 2 pt overhang, 1 pt gap, the widest label.
        let widest = chart
            .thresholds
            .iter()
            .map(|t| self.fonts.face(Style::Bold).text_width(&t.label, LABEL))
            .fold(0.0, f32::max);
        let plot_width = width - axis_width - (widest + 4.0).max(22.0 * MM);
        let axis_y = top + PLOT_HEIGHT;
        let scale = |v: f64| axis_y - (v / chart.max.max(f64::MIN_POSITIVE)) as f32 * PLOT_HEIGHT;
        let n = chart.bars.len().max(1) as f32;
        let slot = plot_width / n;
        let bar_width = if slot > 6.0 * MM {
            slot * 0.5
        } else {
            slot * 0.8
        };
        for (i, bar) in chart.bars.iter().enumerate() {
            let bx = plot_x + i as f32 * slot + (slot - bar_width) / 2.0;
            let mut start = 0.0;
            for segment in &bar.segments {
                let (y1, y2) = (scale(start + segment.value), scale(start));
                if y2 > y1 {
                    self.rect(bx, y1, bar_width, y2 - y1, segment.fill);
                }
                start += segment.value;
            }
            if !bar.value_label.is_empty() {
                labels.push((
                    Style::Regular,
                    LABEL,
                    bar.value_label.clone(),
                    plot_x + i as f32 * slot,
                    slot,
                    scale(start) - 2.0 - line + baseline_offset(LABEL),
                    Align::Center,
                ));
            }
            if !bar.label.is_empty() {
                labels.push((
                    Style::Regular,
                    LABEL,
                    bar.label.clone(),
                    plot_x + i as f32 * slot,
                    slot,
                    axis_y + 2.0 + baseline_offset(LABEL),
                    Align::Center,
                ));
            }
        }
        self.stroke(&[
            (plot_x, top),
            (plot_x, axis_y),
            (plot_x + plot_width, axis_y),
        ]);
        for &tick in &chart.ticks {
            let ty = scale(tick);
            self.stroke(&[(plot_x - 2.0, ty), (plot_x, ty)]);
            labels.push((
                Style::Regular,
                LABEL,
                Chart::tick_label(tick),
                x,
                axis_width - 3.0,
                ty - LABEL * LEADING / 2.0 + baseline_offset(LABEL),
                Align::Right,
            ));
        }
        self.thresholds(chart, labels, |v| {
            let ty = scale(v);
            ((plot_x, ty), (plot_x + plot_width + 2.0, ty))
        });
        let names = if chart.bars.iter().any(|b| !b.label.is_empty()) {
            line
        } else {
            0.0
        };
        labels.push((
            Style::Italic,
            LABEL,
            chart.value_axis.clone(),
            x,
            width,
            axis_y + 2.0 + names + baseline_offset(LABEL),
            Align::Left,
        ));
        axis_y + 2.0 + names + line
    }

    /// Dashed threshold lines, each labelled at its far end.
    fn thresholds(
        &mut self,
        chart: &Chart,
        labels: &mut Vec<Label>,
        ends: impl Fn(f64) -> ((f32, f32), (f32, f32)),
    ) {
        if chart.thresholds.is_empty() {
            return;
        }
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern {
                offset: 0.0,
                pattern: [3.0_f32, 2.0].into_iter().collect(),
            },
        });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.9) });
        for threshold in &chart.thresholds {
            let (a, b) = ends(threshold.value);
            self.stroke(&[a, b]);
            let vertical_line = (a.0 - b.0).abs() < f32::EPSILON;
            let (lx, ly, align) = if vertical_line {
                (a.0 - 15.0 * MM, a.1 - LABEL * LEADING, Align::Center)
            } else {
                (b.0 + 1.0, b.1 - LABEL * LEADING / 2.0, Align::Left)
            };
            labels.push((
                Style::Bold,
                LABEL,
                threshold.label.clone(),
                lx,
                30.0 * MM,
                ly + baseline_offset(LABEL),
                align,
            ));
        }
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern {
                offset: 0.0,
                pattern: Default::default(),
            },
        });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    }

    fn point(&self, x: f32, y: f32) -> LinePoint {
        LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.page_height - y),
            },
            bezier: false,
        }
    }

    /// A polyline in top-down coordinates, stroked black.
    fn stroke(&mut self, points: &[(f32, f32)]) {
        let line = PdfLine {
            points: points.iter().map(|&(x, y)| self.point(x, y)).collect(),
            is_closed: false,
        };
        self.ops.push(Op::DrawLine { line });
    }

    /// A bar: filled, outlined in black; hatched bars get diagonal lines inside.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Fill) {
        let grey = match fill {
            Fill::Black => 0.0,
            Fill::Grey => 0.6,
            Fill::Hatched | Fill::White => 1.0,
        };
        self.ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(grey, None)),
        });
        let ring = PolygonRing {
            points: vec![
                self.point(x, y),
                self.point(x + w, y),
                self.point(x + w, y + h),
                self.point(x, y + h),
            ],
        };
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode: PaintMode::FillStroke,
                winding_order: WindingOrder::NonZero,
            },
        });
        if fill == Fill::Hatched {
            // Lines x + y = t, clipped to the rectangle by hand.
            let mut t = x + y + HATCH;
            while t < x + w + y + h {
                let x1 = x.max(t - (y + h));
                let x2 = (x + w).min(t - y);
                if x2 > x1 {
                    self.stroke(&[(x1, t - x1), (x2, t - x2)]);
                }
                t += HATCH;
            }
        }
    }
}
