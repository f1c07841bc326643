//! A [`Chart`] drawn with plotters: into a pixel buffer (the window's image, PNG files) or
//! as SVG. The value axis, its ticks and grid come from plotters' cartesian chart; the
//! bars, fills, threshold lines, category labels and legend are placed on its coordinates.
//! Text is drawn with the bundled Liberation Sans (registered once), so Vietnamese
//! diacritics render on any machine.

use std::path::Path;
use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Direction, Fill};

/// The file formats a chart is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Why a chart could not be drawn or saved, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(pub String);

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

impl From<std::io::Error> for PlotError {
    fn from(e: std::io::Error) -> PlotError {
        PlotError(e.to_string())
    }
}

fn failed(e: impl std::fmt::Display) -> PlotError {
    PlotError(e.to_string())
}

/// The family every text of a chart is drawn in.
const FAMILY: &str = "sans-serif";

/// Registers the Liberation Sans faces with plotters once per process.
fn fonts() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<Result<(), PlotError>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let faces: [(FontStyle, &'static [u8]); 2] = [
                (
                    FontStyle::Normal,
                    include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf"),
                ),
                (
                    FontStyle::Bold,
                    include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf"),
                ),
            ];
            for (style, bytes) in faces {
                plotters::style::register_font(FAMILY, style, bytes)
                    .map_err(|_| PlotError("Liberation Sans".into()))?;
            }
            Ok(())
        })
        .clone()
}

/// The chart as RGB pixels, `width` × `height`, three bytes a pixel, row by row.
pub fn rgb(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    fonts()?;
    let mut pixels = vec![255_u8; width as usize * height as usize * 3];
    paint(
        BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area(),
        chart,
    )?;
    Ok(pixels)
}

/// The chart as RGBA pixels (what an iced image handle takes).
pub fn rgba(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let rgb = rgb(chart, width, height)?;
    let mut out = Vec::with_capacity(rgb.len() / 3 * 4);
    for pixel in rgb.chunks_exact(3) {
        out.extend_from_slice(pixel);
        out.push(255);
    }
    Ok(out)
}

/// The chart as an SVG document, `width` × `height` user units.
pub fn svg(chart: &Chart, width: u32, height: u32) -> Result<String, PlotError> {
    fonts()?;
    let mut out = String::new();
    paint(
        SVGBackend::with_string(&mut out, (width, height)).into_drawing_area(),
        chart,
    )?;
    Ok(out)
}

/// Draws `chart` on `root` and hands the result to the backend (its buffer or string).
fn paint<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, chart: &Chart) -> Result<(), PlotError> {
    draw(&root, chart)?;
    root.present().map_err(failed)
}

/// Saves the chart at `path` as `format`, whole or not at all.
pub fn save(
    chart: &Chart,
    path: &Path,
    format: Format,
    width: u32,
    height: u32,
) -> Result<(), PlotError> {
    let bytes = match format {
        Format::Svg => svg(chart, width, height)?.into_bytes(),
        Format::Png => {
            let pixels = rgb(chart, width, height)?;
            let mut png = Vec::new();
            let mut encoder = png::Encoder::new(&mut png, width, height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().map_err(failed)?;
            writer.write_image_data(&pixels).map_err(failed)?;
            writer.finish().map_err(failed)?;
            png
        }
    };
    crate::fs_atomic::write_bytes_atomically(path, &bytes)?;
    Ok(())
}

/// Sizes of the drawing, in pixels, from its height (a 540-pixel chart has 15-pixel
/// labels).
struct Sizes {
    title: f64,
    label: f64,
    gap: i32,
}

impl Sizes {
    fn of(width: u32, height: u32) -> Sizes {
        let scale = (f64::from(height) / 540.0)
            .min(f64::from(width) / 1000.0)
            .clamp(0.6, 3.0);
        Sizes {
            title: 21.0 * scale,
            label: 15.0 * scale,
            gap: (8.0 * scale).round() as i32,
        }
    }
}

fn fill_colour(fill: Fill) -> RGBColor {
    match fill {
        Fill::Black => RGBColor(40, 40, 40),
        Fill::Grey => RGBColor(150, 150, 150),
        Fill::Hatched | Fill::White => WHITE,
    }
}

/// Draws `chart` over the whole of `root`.
fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart) -> Result<(), PlotError> {
    root.fill(&WHITE).map_err(failed)?;
    let (width, height) = root.dim_in_pixel();
    let sizes = Sizes::of(width, height);
    let label_font = (FAMILY, sizes.label).into_font();
    // Every text but the title: a label in the chart's font, anchored at `at` as `h`, `v` say.
    let write = |text: String, at: (i32, i32), h: HPos, v: VPos| {
        root.draw(&Text::new(
            text,
            at,
            label_font.color(&BLACK).pos(Pos::new(h, v)),
        ))
        .map_err(failed)
    };
    let measure = |text: &str| {
        root.estimate_text_size(text, &label_font.color(&BLACK))
            .map(|(w, _)| w as i32)
            .unwrap_or(0)
    };
    let line = (sizes.label * 1.3).round() as i32;
    let legend_height = if chart.legend.is_empty() {
        0
    } else {
        line + sizes.gap
    };
    let (body, legend_area) = root.split_vertically(height as i32 - legend_height);
    let tick_width = chart
        .ticks
        .iter()
        .map(|t| measure(&Chart::tick_label(*t)))
        .max()
        .unwrap_or(0);
    let names_width = chart
        .bars
        .iter()
        .map(|b| measure(&b.label))
        .max()
        .unwrap_or(0)
        .min(width as i32 * 2 / 5);
    let label_lines = chart
        .bars
        .iter()
        .map(|b| b.label.lines().count())
        .max()
        .unwrap_or(0) as i32;
    // The title is drawn here, not as plotters' caption: the thresholds' names of a
    // horizontal chart stand between it and the plot.
    let title_height = (sizes.title * 1.4).round() as i32 + sizes.gap;
    let names_above = chart.direction == Direction::Horizontal && !chart.thresholds.is_empty();
    root.draw(&Text::new(
        chart.title.clone(),
        (width as i32 / 2, sizes.gap),
        (FAMILY, sizes.title)
            .into_font()
            .style(FontStyle::Bold)
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(failed)?;
    let mut builder = ChartBuilder::on(&body);
    builder
        .margin(sizes.gap * 2)
        .margin_right(sizes.gap * 4)
        .margin_top(sizes.gap + title_height + if names_above { line } else { 0 });
    let n = chart.bars.len().max(1) as f64;
    match chart.direction {
        Direction::Vertical => {
            builder
                .x_label_area_size(line * label_lines.max(1) + sizes.gap)
                .y_label_area_size(tick_width + line + sizes.gap * 2);
            let mut plot = builder
                .build_cartesian_2d(0.0..n, 0.0..chart.max)
                .map_err(failed)?;
            draw_mesh(
                plot.configure_mesh()
                    .disable_x_mesh()
                    .x_labels(2)
                    .x_label_formatter(&|_| String::new())
                    .y_labels(chart.ticks.len().max(2))
                    .y_label_formatter(&|v| Chart::tick_label(*v))
                    .y_desc(chart.value_axis.as_str()),
                &label_font,
            )?;
            let at = |category: f64, value: f64| plot.backend_coord(&(category, value));
            draw_bars(root, chart, &|i, v| at(i, v), true, &sizes)?;
            for (i, bar) in chart.bars.iter().enumerate() {
                let (x, y) = at(i as f64 + 0.5, 0.0);
                for (k, text) in bar.label.lines().enumerate() {
                    write(
                        text.to_owned(),
                        (x, y + sizes.gap + k as i32 * line),
                        HPos::Center,
                        VPos::Top,
                    )?;
                }
            }
            let (left, _) = at(0.0, 0.0);
            let (right, _) = at(n, 0.0);
            for threshold in &chart.thresholds {
                let (_, y) = at(0.0, threshold.value);
                dashed(root, (left, y), (right, y))?;
                write(
                    threshold.label.clone(),
                    (right - sizes.gap, y - 2),
                    HPos::Right,
                    VPos::Bottom,
                )?;
            }
            // The values last, on white: a threshold's line near a bar's top must not run
            // through its figure.
            for (i, bar) in chart.bars.iter().enumerate() {
                if bar.value_label.is_empty() {
                    continue;
                }
                let (x, top) = at(i as f64 + 0.5, bar.total());
                let half = measure(&bar.value_label) / 2 + 1;
                let bottom = top - sizes.gap / 2;
                root.draw(&Rectangle::new(
                    [(x - half, bottom - line + 2), (x + half, bottom)],
                    WHITE.filled(),
                ))
                .map_err(failed)?;
                write(
                    bar.value_label.clone(),
                    (x, bottom),
                    HPos::Center,
                    VPos::Bottom,
                )?;
            }
        }
        Direction::Horizontal => {
            builder
                .x_label_area_size(line * 2 + sizes.gap)
                .y_label_area_size(names_width + sizes.gap * 2);
            let mut plot = builder
                .build_cartesian_2d(0.0..chart.max, 0.0..n)
                .map_err(failed)?;
            draw_mesh(
                plot.configure_mesh()
                    .disable_y_mesh()
                    .y_labels(2)
                    .y_label_formatter(&|_| String::new())
                    .x_labels(chart.ticks.len().max(2))
                    .x_label_formatter(&|v| Chart::tick_label(*v))
                    .x_desc(chart.value_axis.as_str()),
                &label_font,
            )?;
            // The first bar at the top: category i is drawn in the slot counted from the top.
            let at = |category: f64, value: f64| plot.backend_coord(&(value, n - category));
            draw_bars(root, chart, &|i, v| at(i, v), false, &sizes)?;
            let slot = (at(0.0, 0.0).1 - at(1.0, 0.0).1).abs();
            let show_names = slot as f64 >= sizes.label * 0.9;
            for (i, bar) in chart.bars.iter().enumerate() {
                let (x, y) = at(i as f64 + 0.5, 0.0);
                if show_names && !bar.label.is_empty() {
                    // A long name (an area's) takes two lines where the slot has room for
                    // them; only what still does not fit is cut with "…".
                    let lines = match two_lines(&bar.label, names_width, &measure) {
                        Some((first, second)) if slot >= 2 * line => vec![first, second],
                        _ => vec![bar.label.clone()],
                    };
                    let top = y - (lines.len() as i32 - 1) * line / 2;
                    for (k, text) in lines.iter().enumerate() {
                        let name = fit(text, names_width, &measure);
                        let at_y = top + k as i32 * line;
                        write(name, (x - sizes.gap, at_y), HPos::Right, VPos::Center)?;
                    }
                }
            }
            let (_, top) = at(0.0, 0.0);
            let (_, bottom) = at(n, 0.0);
            for threshold in &chart.thresholds {
                let (x, _) = at(0.0, threshold.value);
                dashed(root, (x, top), (x, bottom))?;
                write(
                    threshold.label.clone(),
                    (x, top - 2),
                    HPos::Center,
                    VPos::Bottom,
                )?;
            }
            // The values last, on white, as in the vertical chart.
            for (i, bar) in chart.bars.iter().enumerate() {
                if !show_names || bar.value_label.is_empty() {
                    continue;
                }
                let (end, y) = at(i as f64 + 0.5, bar.total());
                let left = end + sizes.gap / 2;
                root.draw(&Rectangle::new(
                    [
                        (left - 1, y - line / 2 + 1),
                        (left + measure(&bar.value_label) + 1, y + line / 2 - 1),
                    ],
                    WHITE.filled(),
                ))
                .map_err(failed)?;
                write(bar.value_label.clone(), (left, y), HPos::Left, VPos::Center)?;
            }
        }
    }
    legend(&legend_area, chart, &sizes, line)
}

/// The grid and axis labels both directions share: lines across the value axis only,
/// labels in the chart's font. `mesh` has its direction's axes set.
fn draw_mesh<'b, DB: DrawingBackend>(
    mesh: &mut MeshStyle<'_, 'b, RangedCoordf64, RangedCoordf64, DB>,
    font: &FontDesc<'b>,
) -> Result<(), PlotError> {
    mesh.label_style(font.clone())
        .axis_desc_style(font.clone())
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(failed)
}

/// Every bar's segments, stacked from zero; `at(category, value)` gives the pixel of a
/// value at a category position. Slots wide enough get a gap between bars.
fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    at: &dyn Fn(f64, f64) -> (i32, i32),
    vertical: bool,
    sizes: &Sizes,
) -> Result<(), PlotError> {
    let slot = {
        let (a, b) = (at(0.0, 0.0), at(1.0, 0.0));
        (a.0 - b.0).abs().max((a.1 - b.1).abs())
    };
    // Narrow slots (hundreds of units) touch; wide ones keep a fifth free, at most a label.
    let gap = if slot >= 6 {
        (f64::from(slot) * 0.2).min(sizes.label * 3.0) / f64::from(slot) / 2.0
    } else {
        0.0
    };
    for (i, bar) in chart.bars.iter().enumerate() {
        let mut base = 0.0;
        for segment in &bar.segments {
            let top = base + segment.value;
            let a = at(i as f64 + gap, base);
            let b = at(i as f64 + 1.0 - gap, top);
            let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
            let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
            // Vertical bars keep at least a pixel of width; both keep a pixel of length.
            let (x1, y1) = if vertical {
                (x1.max(x0 + 1), y1)
            } else {
                (x1, y1.max(y0 + 1))
            };
            filled(root, (x0, y0), (x1, y1), segment.fill)?;
            base = top;
        }
    }
    Ok(())
}

/// A rectangle in pixels, filled the way `fill` says (outlined where white or hatched).
fn filled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    fill: Fill,
) -> Result<(), PlotError> {
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        fill_colour(fill).filled(),
    ))
    .map_err(failed)?;
    if matches!(fill, Fill::Hatched | Fill::White) {
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(1)))
            .map_err(failed)?;
    }
    if fill == Fill::Hatched {
        // Lines rising to the right, 7 pixels apart, cut at the rectangle's edges.
        let step = 7;
        let mut c = x0 - (y1 - y0);
        while c < x1 {
            // The line x - c = y1 - y, from the bottom edge up.
            let start_x = c.max(x0);
            let start_y = y1 - (start_x - c);
            let end_x = (c + (y1 - y0)).min(x1);
            let end_y = y1 - (end_x - c);
            if end_x > start_x {
                root.draw(&PathElement::new(
                    vec![(start_x, start_y), (end_x, end_y)],
                    BLACK.stroke_width(1),
                ))
                .map_err(failed)?;
            }
            c += step;
        }
    }
    Ok(())
}

/// A dashed line between two pixels (a band's threshold).
fn dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
) -> Result<(), PlotError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    let (dash, space) = (9.0, 5.0);
    let mut at = 0.0;
    while at < length {
        let end = (at + dash).min(length);
        let point = |t: f64| {
            (
                from.0 + (dx * t / length).round() as i32,
                from.1 + (dy * t / length).round() as i32,
            )
        };
        root.draw(&PathElement::new(
            vec![point(at), point(end)],
            RGBColor(170, 0, 0).stroke_width(2),
        ))
        .map_err(failed)?;
        at += dash + space;
    }
    Ok(())
}

/// The series' swatches and names in a row under the chart.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    sizes: &Sizes,
    line: i32,
) -> Result<(), PlotError> {
    let font = (FAMILY, sizes.label).into_font();
    let mut pen = sizes.gap * 4;
    let swatch = line - 4;
    for (fill, name) in &chart.legend {
        filled(area, (pen, 2), (pen + swatch * 2, 2 + swatch), *fill)?;
        pen += swatch * 2 + sizes.gap;
        area.draw(&Text::new(
            name.clone(),
            (pen, 2 + swatch / 2),
            font.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(failed)?;
        let width = area
            .estimate_text_size(name, &font.color(&BLACK))
            .map(|(w, _)| w as i32)
            .unwrap_or(0);
        pen += width + sizes.gap * 4;
    }
    Ok(())
}

/// `text` split at a space into two lines when it is wider than `width` pixels: the first
/// line as long as fits; `None` when it fits on one or has no space to split at.
fn two_lines(text: &str, width: i32, measure: &dyn Fn(&str) -> i32) -> Option<(String, String)> {
    if measure(text) <= width {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut cut = 1;
    while cut < words.len() && measure(&words[..cut + 1].join(" ")) <= width {
        cut += 1;
    }
    (cut < words.len()).then(|| (words[..cut].join(" "), words[cut..].join(" ")))
}

/// `text` cut with "…" to fit `width` pixels.
fn fit(text: &str, width: i32, measure: &dyn Fn(&str) -> i32) -> String {
    if measure(text) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>() + "…";
        if measure(&cut) <= width {
            return cut;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Bar, Segment, Threshold};

    fn sample() -> Chart {
        Chart {
            title: "Biểu đồ Chỉ số CCHC năm 2024 của các xã".into(),
            value_axis: "Chỉ số CCHC (%)".into(),
            max: 100.0,
            ticks: Chart::ticks(100.0, 10.0),
            direction: Direction::Horizontal,
            bars: vec![
                Bar {
                    label: "Xã Đức Long".into(),
                    segments: vec![Segment {
                        value: 91.5,
                        fill: Fill::Grey,
                    }],
                    value_label: "91,50".into(),
                },
                Bar {
                    label: "Xã Quang Trọng".into(),
                    segments: vec![Segment {
                        value: 78.25,
                        fill: Fill::Hatched,
                    }],
                    value_label: "78,25".into(),
                },
            ],
            thresholds: vec![Threshold {
                value: 90.0,
                label: "Tốt 90%".into(),
            }],
            legend: vec![(Fill::Hatched, "Tạm tính".into())],
        }
    }

    #[test]
    fn a_chart_draws_into_pixels_with_dark_bars_on_white() {
        let pixels = rgb(&sample(), 800, 400).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pixels.len(), 800 * 400 * 3);
        let dark = pixels.chunks_exact(3).filter(|p| p[0] < 100).count();
        assert!(dark > 1000, "bars, text and axes drawn: {dark} dark pixels");
    }

    #[test]
    fn svg_keeps_the_vietnamese_text() {
        let svg = svg(&sample(), 800, 400).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        for text in ["Xã Đức Long", "Tốt 90%", "Chỉ số CCHC (%)", "Tạm tính"] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn a_name_too_long_is_cut_with_an_ellipsis() {
        let measure = |s: &str| s.chars().count() as i32 * 10;
        assert_eq!(fit("Xã Quang Trọng", 200, &measure), "Xã Quang Trọng");
        assert_eq!(fit("Xã Quang Trọng", 60, &measure), "Xã Qu…");
        assert_eq!(
            two_lines("Cải cách tổ chức bộ máy", 100, &measure),
            Some(("Cải cách".to_owned(), "tổ chức bộ máy".to_owned()))
        );
        assert_eq!(two_lines("Xã Quang Trọng", 200, &measure), None);
    }
}
