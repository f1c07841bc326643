//! Chart definitions: from the year's figures to a drawing-neutral [`Chart`] (bars, their
//! labels, threshold lines, legend). The PDF documents draw a `Chart` as vector paths
//! (`report/layout/chart.rs`); the window draws the same definition with plotters
//! (`plot.rs`: its image, PNG and SVG files), so a chart shows the same figures on screen
//! and on paper.
//!
//! Charts are for black and white print: every series has its own fill pattern (solid
//! black, grey, hatched, white with a black outline), never colour alone.

mod build;
pub mod plot;

pub use build::{
    TrendPoint, class_counts_by_year, index_by_unit, index_by_year, index_trend,
    points_lost_by_area,
};

/// How a bar segment is filled; distinguishable on a black and white printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Black,
    Grey,
    /// Diagonal lines on white.
    Hatched,
    /// White with the outline only.
    White,
}

impl Fill {
    /// The fills of consecutive series, in order.
    pub const SERIES: [Fill; 4] = [Fill::Black, Fill::Grey, Fill::Hatched, Fill::White];
}

/// The direction the bars grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Bars grow to the right; their labels are on the left (many units, long names).
    Horizontal,
    /// Bars grow upwards; their labels are below (a few years).
    Vertical,
}

/// One part of a (possibly stacked) bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub value: f64,
    pub fill: Fill,
}

/// One bar: its label on the category axis, its segments, and the value printed at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub segments: Vec<Segment>,
    /// "91,89" or "05 Tốt, 09 Khá"; may be empty.
    pub value_label: String,
}

impl Bar {
    /// The sum of the segments.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.segments.iter().map(|s| s.value).sum()
    }
}

/// A dashed line across the bars at a value of the value axis: a band's lower bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    /// "Tốt 90%".
    pub label: String,
}

/// A bar chart: what the figures say, not how a device draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// "Biểu đồ 1. Chỉ số CCHC năm 2024 của các xã, thị trấn".
    pub title: String,
    /// The value axis' name: "Chỉ số CCHC (%)".
    pub value_axis: String,
    /// The value axis runs from 0 to `max`.
    pub max: f64,
    /// Values labelled on the value axis.
    pub ticks: Vec<f64>,
    pub direction: Direction,
    pub bars: Vec<Bar>,
    pub thresholds: Vec<Threshold>,
    /// The series' fills and names, when the bars are stacked.
    pub legend: Vec<(Fill, String)>,
}

impl Chart {
    /// Evenly spaced ticks from 0 to `max` at `step` (both positive).
    #[must_use]
    pub fn ticks(max: f64, step: f64) -> Vec<f64> {
        if !(max.is_finite() && step.is_finite() && max > 0.0 && step > 0.0) {
            return vec![0.0];
        }
        let n = (max / step).floor() as usize;
        (0..=n).map(|i| i as f64 * step).collect()
    }

    /// A tick value as printed: "90", "2,5".
    #[must_use]
    pub fn tick_label(value: f64) -> String {
        let rounded = (value * 10.0).round() / 10.0;
        if rounded.fract() == 0.0 {
            format!("{rounded:.0}")
        } else {
            format!("{rounded:.1}").replace('.', ",")
        }
    }
}
