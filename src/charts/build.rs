//! The charts the documents (and the window) show, built from domain figures.

use super::{Bar, Chart, Direction, Fill, Segment, Threshold};
use crate::domain::{Band, IndexSet, Percent, Points, RankedRow, Status};

/// Units shown with their names; above this a chart shows every unit as a thin unlabelled
/// bar in rank order (a province's 600 communes cannot carry names legibly).
const NAMED_BARS: usize = 40;

fn percent(p: Percent) -> f64 {
    p.scaled() as f64 / 10_f64.powi(i32::from(p.precision()))
}

fn points(p: Points) -> f64 {
    p.milli() as f64 / 1000.0
}

/// The lower bounds of the set's bands above zero, as threshold lines: "Tốt 90%".
fn band_thresholds(bands: &[Band]) -> Vec<Threshold> {
    bands
        .iter()
        .filter(|band| band.min > Points::ZERO)
        .map(|band| Threshold {
            value: points(band.min),
            label: format!("{} {}%", band.name, band.min.to_vi()),
        })
        .collect()
}

/// Whether a unit's result is provisional: its assessment is not final yet.
fn provisional(row: &RankedRow) -> bool {
    row.status != Status::Final
}

/// The index of every ranked unit, in rank order, with the band thresholds marked;
/// provisional units (not final yet) hatched, and then named in the legend.
#[must_use]
pub fn index_by_unit(set: &IndexSet, rows: &[RankedRow], title: &str) -> Chart {
    let ranked: Vec<(&RankedRow, Percent)> = rows
        .iter()
        .filter(|r| r.rank.is_some())
        .filter_map(|r| r.index().map(|p| (r, p)))
        .collect();
    let named = ranked.len() <= NAMED_BARS;
    let bars = ranked
        .iter()
        .map(|(row, index)| Bar {
            label: if named {
                row.unit_name.clone()
            } else {
                String::new()
            },
            segments: vec![Segment {
                value: percent(*index),
                fill: if provisional(row) {
                    Fill::Hatched
                } else {
                    Fill::Grey
                },
            }],
            value_label: if named { index.to_vi() } else { String::new() },
        })
        .collect();
    let legend = if ranked.iter().any(|(row, _)| provisional(row)) {
        vec![
            (Fill::Grey, "Đã công bố".to_owned()),
            (Fill::Hatched, "Tạm tính (chưa công bố)".to_owned()),
        ]
    } else {
        Vec::new()
    };
    Chart {
        title: title.to_owned(),
        value_axis: "Chỉ số CCHC (%)".to_owned(),
        max: 100.0,
        ticks: Chart::ticks(100.0, 10.0),
        direction: if named {
            Direction::Horizontal
        } else {
            Direction::Vertical
        },
        bars,
        thresholds: band_thresholds(&set.bands),
        legend,
    }
}

/// One year of a unit's trend: its own index, or (before a merger) a predecessor's, named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPoint {
    pub year: i32,
    /// The predecessor's name; `None` for the unit itself.
    pub predecessor: Option<String>,
    pub index: Option<Percent>,
}

/// A unit's index over the years, its predecessors' before a merger, with the band
/// thresholds of the latest year marked. Bars run left to right by year; with
/// predecessors (several bars a year, long names) they run down the page.
#[must_use]
pub fn index_trend(bands: &[Band], points: &[TrendPoint], title: &str) -> Chart {
    let merged = points.iter().any(|p| p.predecessor.is_some());
    Chart {
        title: title.to_owned(),
        value_axis: "Chỉ số CCHC (%)".to_owned(),
        max: 100.0,
        ticks: Chart::ticks(100.0, 10.0),
        direction: if merged {
            Direction::Horizontal
        } else {
            Direction::Vertical
        },
        bars: points
            .iter()
            .map(|point| Bar {
                label: match &point.predecessor {
                    Some(name) => format!("{} · {name}", point.year),
                    None if merged => point.year.to_string(),
                    None => format!("Năm {}", point.year),
                },
                segments: point
                    .index
                    .map(|p| {
                        vec![Segment {
                            value: percent(p),
                            fill: if point.predecessor.is_some() {
                                Fill::White
                            } else {
                                Fill::Grey
                            },
                        }]
                    })
                    .unwrap_or_default(),
                value_label: point.index.map_or_else(|| "-".to_owned(), Percent::to_vi),
            })
            .collect(),
        thresholds: band_thresholds(bands),
        legend: if merged {
            vec![
                (Fill::Grey, "Đơn vị hiện nay".to_owned()),
                (Fill::White, "Đơn vị trước sắp xếp".to_owned()),
            ]
        } else {
            Vec::new()
        },
    }
}

/// How many units fell in each band, one stacked bar per year: `years` holds the year and
/// the count of each band by name (highest band first).
#[must_use]
pub fn class_counts_by_year(years: &[(i32, Vec<(String, usize)>)], title: &str) -> Chart {
    // The legend lists every band that occurs in some year, in the order first seen.
    // Bands in the sets' order (highest first); the legend keeps those that occur.
    let mut names: Vec<String> = Vec::new();
    for (_, counts) in years {
        for (name, _) in counts {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names.retain(|name| {
        years
            .iter()
            .any(|(_, counts)| counts.iter().any(|(n, c)| n == name && *c > 0))
    });
    let fill_of = |name: &str| {
        let position = names.iter().position(|n| n == name).unwrap_or(0);
        Fill::SERIES[position % Fill::SERIES.len()]
    };
    let bars: Vec<Bar> = years
        .iter()
        .map(|(year, counts)| {
            let present: Vec<&(String, usize)> = counts.iter().filter(|(_, n)| *n > 0).collect();
            Bar {
                label: format!("Năm {year}"),
                segments: present
                    .iter()
                    .map(|(name, n)| Segment {
                        value: *n as f64,
                        fill: fill_of(name),
                    })
                    .collect(),
                // The total; the split is in the legend's fills (and the document's table).
                value_label: format!("{:02}", present.iter().map(|(_, n)| n).sum::<usize>()),
            }
        })
        .collect();
    let highest = bars.iter().map(Bar::total).fold(0.0, f64::max).max(1.0);
    let step = nice_step(highest);
    let max = (highest / step).ceil() * step;
    Chart {
        title: title.to_owned(),
        value_axis: "Số đơn vị".to_owned(),
        max,
        ticks: Chart::ticks(max, step),
        direction: Direction::Vertical,
        bars,
        thresholds: Vec::new(),
        legend: names
            .iter()
            .map(|name| (fill_of(name), format!("Xếp loại {name}")))
            .collect(),
    }
}

/// One value per year (the issuing unit's own index), with the band thresholds marked.
#[must_use]
pub fn index_by_year(bands: &[Band], years: &[(i32, Option<Percent>)], title: &str) -> Chart {
    Chart {
        title: title.to_owned(),
        value_axis: "Chỉ số CCHC (%)".to_owned(),
        max: 100.0,
        ticks: Chart::ticks(100.0, 10.0),
        direction: Direction::Vertical,
        bars: years
            .iter()
            .map(|(year, index)| Bar {
                label: format!("Năm {year}"),
                segments: index
                    .map(|p| {
                        vec![Segment {
                            value: percent(p),
                            fill: Fill::Grey,
                        }]
                    })
                    .unwrap_or_default(),
                value_label: index.map_or_else(|| "-".to_owned(), Percent::to_vi),
            })
            .collect(),
        thresholds: band_thresholds(bands),
        legend: Vec::new(),
    }
}

/// The points one unit lost in each area (maximum less the points that count).
#[must_use]
pub fn points_lost_by_area(set: &IndexSet, row: &RankedRow, title: &str) -> Chart {
    let mut bars = Vec::new();
    for (position, node) in set.roots.iter().enumerate() {
        let Some(root) = row.score.roots.get(position) else {
            continue;
        };
        if root.max_points <= Points::ZERO {
            continue;
        }
        let got = root.effective.unwrap_or(Points::ZERO);
        let lost = root.max_points.saturating_sub(got).max(Points::ZERO);
        bars.push(Bar {
            label: format!("{}. {}", node.code, node.title),
            segments: vec![Segment {
                value: points(lost),
                fill: Fill::Black,
            }],
            value_label: format!("{}/{}", lost.to_vi(), root.max_points.to_vi()),
        });
    }
    let highest = bars.iter().map(Bar::total).fold(0.0, f64::max).max(1.0);
    let step = nice_step(highest);
    let max = (highest / step).ceil() * step;
    Chart {
        title: title.to_owned(),
        value_axis: "Số điểm bị trừ".to_owned(),
        max,
        ticks: Chart::ticks(max, step),
        direction: Direction::Horizontal,
        bars,
        thresholds: Vec::new(),
        legend: Vec::new(),
    }
}

/// A tick step giving four to ten ticks: 1, 2 or 5 times a power of ten.
fn nice_step(max: f64) -> f64 {
    let rough = max / 5.0;
    let power = 10_f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(power * 10.0);
    if step > 0.0 && step.is_finite() {
        step
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_counts_stack_per_year_with_one_fill_per_band() {
        let years = vec![
            (2021, vec![("Tốt".to_owned(), 0), ("Khá".to_owned(), 14)]),
            (2022, vec![("Tốt".to_owned(), 5), ("Khá".to_owned(), 9)]),
        ];
        let chart = class_counts_by_year(&years, "x");
        assert_eq!(chart.bars[0].segments.len(), 1);
        assert_eq!(chart.bars[1].total(), 14.0);
        assert_eq!(chart.bars[1].value_label, "14");
        // "Khá" keeps its fill in both years; "Tốt" (the higher band) comes first.
        assert_eq!(
            chart.bars[0].segments[0].fill,
            chart.bars[1].segments[1].fill
        );
        assert_eq!(chart.legend[0].1, "Xếp loại Tốt");
        assert!(chart.max >= 14.0);
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(14.0), 5.0);
        assert_eq!(nice_step(3.2), 1.0);
        assert_eq!(Chart::tick_label(2.5), "2,5");
        assert_eq!(Chart::ticks(20.0, 5.0), vec![0.0, 5.0, 10.0, 15.0, 20.0]);
    }
}
