//! The charts of the results screen: the year's index by unit, classes per year, a unit's
//! trend through the merger lineage, a unit's points lost per area. Each is a definition
//! of `crate::charts` (the PDFs' too), drawn by `charts::plot` into the window's image and
//! into PNG or SVG files.

use std::collections::BTreeSet;
use std::path::PathBuf;

use iced::widget::{button, column, container, image, pick_list, row, text, text_input};
use iced::{ContentFit, Element, Length, Task};

use crate::charts::plot::{self, Format};
use crate::charts::{self, Chart, TrendPoint};
use crate::domain::ranking::class_counts;
use crate::domain::scoring::Detail;
use crate::domain::{Lang, Level, Percent};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::results::YearResults;
use crate::store::units::Lineage;
use crate::store::{Store, StoreError};

use super::super::{Ctx, Event};

/// The size the window draws a chart at (it fits a 1366×768 screen beside the sidebar and
/// is shown at its own size on larger ones).
pub const SCREEN_SIZE: (u32, u32) = (1080, 520);
/// The size of a saved chart: sharp on an A4 page, legible on a slide.
pub const FILE_SIZE: (u32, u32) = (1600, 900);

/// The charts the screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartKind {
    #[default]
    Ranking,
    ClassesByYear,
    Trend,
    PointsLost,
}

impl ChartKind {
    const ALL: [ChartKind; 4] = [
        ChartKind::Ranking,
        ChartKind::ClassesByYear,
        ChartKind::Trend,
        ChartKind::PointsLost,
    ];

    fn label(self) -> t::Tr {
        match self {
            ChartKind::Ranking => t::RES_CHART_RANKING,
            ChartKind::ClassesByYear => t::RES_CHART_CLASSES,
            ChartKind::Trend => t::RES_CHART_TREND,
            ChartKind::PointsLost => t::RES_CHART_LOST,
        }
    }

    fn needs_unit(self) -> bool {
        matches!(self, ChartKind::Trend | ChartKind::PointsLost)
    }

    fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Ranking => "bieu-do-chi-so",
            ChartKind::ClassesByYear => "bieu-do-xep-loai-qua-cac-nam",
            ChartKind::Trend => "bieu-do-chi-so-qua-cac-nam",
            ChartKind::PointsLost => "bieu-do-diem-bi-tru",
        }
    }
}

/// A unit of the year in the unit picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChoice {
    pub code: String,
    name: String,
}

impl std::fmt::Display for UnitChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Kind(ChartKind),
    Unit(UnitChoice),
    Path(String),
    Choose,
    Chosen(Option<PathBuf>),
    Save(Format),
}

/// One year of the level's history: its class counts and every unit's index.
#[derive(Debug, Clone)]
struct YearFigures {
    year: i32,
    counts: Vec<(String, usize)>,
    /// Unit rowid, name, index.
    units: Vec<(i64, String, Option<Percent>)>,
}

#[derive(Debug, Clone, Default)]
struct History {
    years: Vec<YearFigures>,
    lineage: Vec<Lineage>,
}

#[derive(Debug, Default)]
pub struct State {
    kind: ChartKind,
    /// The unit of the trend and points-lost charts, by code.
    unit: Option<String>,
    /// Every year of the level, read when a chart needs it.
    history: Option<History>,
    chart: Option<Chart>,
    image: Option<image::Handle>,
    path: String,
    saved: Option<Result<String, String>>,
    error: Option<String>,
}

impl State {
    /// Forgets what was read and drawn for the previous year or data.
    pub fn invalidate(&mut self) {
        self.history = None;
        self.chart = None;
        self.image = None;
        self.saved = None;
        self.error = None;
    }

    /// Makes and draws the chart chosen, reading the other years first if it needs them.
    pub fn show(&mut self, ctx: &Ctx<'_>, results: Option<&YearResults>) {
        let Some(results) = results else {
            self.invalidate();
            return;
        };
        self.error = None;
        if self.kind.needs_unit()
            && self
                .unit
                .as_ref()
                .is_none_or(|code| results.row_of(code).is_none())
        {
            self.unit = results.rows.first().map(|r| r.unit_code.clone());
        }
        if matches!(self.kind, ChartKind::ClassesByYear | ChartKind::Trend)
            && self.history.is_none()
        {
            match history(ctx.store, ctx.level, ctx.lang) {
                Ok(h) => self.history = Some(h),
                Err(e) => {
                    self.error = Some(e.message(ctx.lang));
                    self.chart = None;
                    self.image = None;
                    return;
                }
            }
        }
        self.chart = self.definition(results);
        self.image = self.chart.as_ref().and_then(|chart| {
            let (w, h) = SCREEN_SIZE;
            match plot::rgba(chart, w, h) {
                Ok(pixels) => Some(image::Handle::from_rgba(w, h, pixels)),
                Err(e) => {
                    self.error = Some(e.0);
                    None
                }
            }
        });
        if self.path.is_empty() || self.saved.is_some() {
            self.path = default_path(self.kind, results.set.year, ctx.level, self.unit.as_deref())
                .display()
                .to_string();
        }
    }

    /// The chart shown, as defined (what a saved file draws).
    pub fn chart(&self) -> Option<&Chart> {
        self.chart.as_ref()
    }

    pub fn kind(&self) -> ChartKind {
        self.kind
    }

    fn definition(&self, results: &YearResults) -> Option<Chart> {
        let year = results.set.year;
        let set = &results.set;
        match self.kind {
            ChartKind::Ranking => Some(charts::index_by_unit(
                set,
                &results.rows,
                &format!("Chỉ số CCHC năm {year} — {}", set.name),
            )),
            ChartKind::ClassesByYear => {
                let history = self.history.as_ref()?;
                let years: Vec<(i32, Vec<(String, usize)>)> = history
                    .years
                    .iter()
                    .map(|y| (y.year, y.counts.clone()))
                    .collect();
                let (first, last) = (years.first()?.0, years.last()?.0);
                Some(charts::class_counts_by_year(
                    &years,
                    &format!("Kết quả xếp loại các năm {first}–{last}"),
                ))
            }
            ChartKind::Trend => {
                let (row, assessment) = results.row_of(self.unit.as_deref()?)?;
                let points = trend(self.history.as_ref()?, assessment.unit.id);
                Some(charts::index_trend(
                    &set.bands,
                    &points,
                    &format!("Chỉ số CCHC của {} qua các năm", row.unit_name),
                ))
            }
            ChartKind::PointsLost => {
                let (row, _) = results.row_of(self.unit.as_deref()?)?;
                Some(charts::points_lost_by_area(
                    set,
                    row,
                    &format!(
                        "Số điểm bị trừ theo lĩnh vực của {} năm {year} (bị trừ/tối đa)",
                        row.unit_name
                    ),
                ))
            }
        }
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
    results: Option<&YearResults>,
) -> (Task<Message>, Option<Event>) {
    let lang = ctx.lang;
    match message {
        Message::Kind(kind) => {
            state.kind = kind;
            state.saved = None;
            state.path.clear();
            state.show(ctx, results);
        }
        Message::Unit(unit) => {
            state.unit = Some(unit.code);
            state.saved = None;
            state.path.clear();
            state.show(ctx, results);
        }
        Message::Path(path) => state.path = path,
        Message::Choose => {
            let name = PathBuf::from(&state.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("{}.png", state.kind.file_stem()));
            let pick = async move {
                rfd::AsyncFileDialog::new()
                    .add_filter("PNG", &["png"])
                    .add_filter("SVG", &["svg"])
                    .set_file_name(name)
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return (Task::perform(pick, Message::Chosen), None);
        }
        Message::Chosen(Some(path)) => {
            // A name the dialog gave as .svg saves as SVG; anything else as PNG.
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some(e) if e.eq_ignore_ascii_case("svg") => Format::Svg,
                _ => Format::Png,
            };
            state.path = path.display().to_string();
            return (Task::done(Message::Save(format)), None);
        }
        Message::Chosen(None) => {}
        Message::Save(format) => {
            let Some(chart) = &state.chart else {
                return (Task::none(), None);
            };
            let path = with_extension(&state.path, format);
            let (w, h) = FILE_SIZE;
            let result = match path {
                None => Err(t::RES_CHART_NO_PATH.get(lang).to_owned()),
                Some(path) => plot::save(chart, &path, format, w, h)
                    .map(|()| {
                        state.path = path.display().to_string();
                        format!("{}: {}", t::RES_CHART_SAVED.get(lang), path.display())
                    })
                    .map_err(|e| format!("{}: {e}", t::RES_CHART_NOT_SAVED.get(lang))),
            };
            state.saved = Some(result.clone());
            if let Err(message) = result {
                return (Task::none(), Some(Event::Failed(message)));
            }
        }
    }
    (Task::none(), None)
}

/// The path typed, with the format's extension (replacing .png/.svg, added otherwise).
fn with_extension(typed: &str, format: Format) -> Option<PathBuf> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let mut path = PathBuf::from(typed);
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") || e.eq_ignore_ascii_case("svg") => {
            path.set_extension(format.extension());
        }
        _ => {
            let mut name = path.into_os_string();
            name.push(".");
            name.push(format.extension());
            path = PathBuf::from(name);
        }
    }
    Some(path)
}

fn default_path(kind: ChartKind, year: i32, level: Level, unit: Option<&str>) -> PathBuf {
    let folder = super::super::documents_folder();
    let level = match level {
        Level::Commune => "cap-xa",
        Level::District => "cap-huyen",
    };
    let name = match (kind.needs_unit(), unit) {
        (true, Some(code)) => format!("{}-{year}-{code}.png", kind.file_stem()),
        _ => format!("{}-{year}-{level}.png", kind.file_stem()),
    };
    folder.join(crate::domain::text::safe_file_name(&name))
}

/// Every year of `level` in the file, oldest first, and the lineage of units.
fn history(store: &Store, level: Level, lang: Lang) -> Result<History, StoreError> {
    let years: BTreeSet<i32> = store
        .index_sets()?
        .into_iter()
        .filter(|s| s.level == level)
        .map(|s| s.year)
        .collect();
    let years = store
        .results_of_years(years, level, lang, Detail::Figures)?
        .into_iter()
        .map(|results| YearFigures {
            year: results.set.year,
            counts: class_counts(&results.set, &results.rows),
            units: results
                .rows
                .iter()
                .zip(&results.assessments)
                .map(|(row, a)| (a.unit.id, row.unit_name.clone(), row.index()))
                .collect(),
        })
        .collect();
    Ok(History {
        years,
        lineage: store.lineage()?,
    })
}

/// The unit's index in every year, and before a merger (or a renaming) its predecessors',
/// found through the lineage both ways: a unit merged later shows its successor's years.
fn trend(history: &History, unit: i64) -> Vec<TrendPoint> {
    let links: Vec<(i64, i64)> = history
        .lineage
        .iter()
        .map(|l| (l.from_unit_id, l.to_unit_id))
        .collect();
    let related = crate::domain::unit::connected_units(unit, &links);
    let mut points = Vec::new();
    for year in &history.years {
        let mut found: Vec<&(i64, String, Option<Percent>)> = year
            .units
            .iter()
            .filter(|(id, _, _)| related.contains(id))
            .collect();
        // The unit itself first, then its predecessors by name.
        found.sort_by(|a, b| {
            (a.0 != unit)
                .cmp(&(b.0 != unit))
                .then_with(|| crate::domain::text::compare_vi(&a.1, &b.1))
        });
        for (id, name, index) in found {
            points.push(TrendPoint {
                year: year.year,
                predecessor: (*id != unit).then(|| name.clone()),
                index: *index,
            });
        }
    }
    points
}

pub fn view<'a>(state: &'a State, results: &'a YearResults, lang: Lang) -> Element<'a, Message> {
    let mut choices = row![].spacing(6);
    for kind in ChartKind::ALL {
        choices = choices.push(
            button(text(kind.label().get(lang)).size(style::SMALL))
                .style(style::nav(state.kind == kind))
                .on_press(Message::Kind(kind)),
        );
    }
    let mut controls = column![choices].spacing(8);
    if state.kind.needs_unit() {
        let units: Vec<UnitChoice> = results
            .rows
            .iter()
            .map(|r| UnitChoice {
                code: r.unit_code.clone(),
                name: r.unit_name.clone(),
            })
            .collect();
        let selected = state
            .unit
            .as_ref()
            .and_then(|code| units.iter().find(|u| &u.code == code).cloned());
        controls = controls.push(
            row![
                text(t::UNIT.get(lang)).size(style::SMALL),
                pick_list(units, selected, Message::Unit).text_size(style::SMALL),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center),
        );
    }
    let picture: Element<'a, Message> = match (&state.image, &state.error) {
        (_, Some(error)) => text(error.as_str()).style(style::error).into(),
        (Some(handle), None) => image(handle.clone())
            .content_fit(ContentFit::ScaleDown)
            .width(Length::Fill)
            .height(Length::Fill)
            .into(),
        (None, None) => text(t::RES_CHART_NONE.get(lang)).style(style::muted).into(),
    };
    let can_save = state.chart.is_some();
    let save = |label: t::Tr, format: Format| {
        button(text(label.get(lang)).size(style::SMALL))
            .on_press_maybe(can_save.then_some(Message::Save(format)))
    };
    let save_row = row![
        text_input(t::RES_CHART_PATH.get(lang), &state.path)
            .id("chart-path")
            .on_input(Message::Path)
            .size(style::SMALL),
        button(text(t::RES_CHART_CHOOSE.get(lang)).size(style::SMALL))
            .style(button::secondary)
            .on_press(Message::Choose),
        save(t::RES_CHART_SAVE_PNG, Format::Png),
        save(t::RES_CHART_SAVE_SVG, Format::Svg),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center);
    let mut page = column![
        controls,
        container(picture)
            .width(Length::Fill)
            .height(Length::Fill)
            .center_x(Length::Fill),
        save_row,
    ]
    .spacing(8);
    if let Some(saved) = &state.saved {
        page = page.push(match saved {
            Ok(message) => text(message.as_str())
                .size(style::SMALL)
                .style(style::success),
            Err(message) => text(message.as_str())
                .size(style::SMALL)
                .style(style::error),
        });
    }
    page.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(from: i64, to: i64) -> Lineage {
        Lineage {
            from_unit_id: from,
            to_unit_id: to,
            kind: "merged_into".into(),
            resolution: "1657/NQ-UBTVQH15".into(),
            resolution_date: None,
            effective: None,
        }
    }

    #[test]
    fn a_merged_unit_shows_its_predecessors_years_before_its_own() {
        let p = |v: i64| Percent::from_scaled(v, 2);
        let history = History {
            years: vec![
                YearFigures {
                    year: 2024,
                    counts: Vec::new(),
                    units: vec![
                        (1, "Xã Canh Tân".into(), Some(p(8_000))),
                        (2, "Xã Minh Khai".into(), Some(p(9_100))),
                        (3, "Xã Khác".into(), Some(p(7_000))),
                    ],
                },
                YearFigures {
                    year: 2025,
                    counts: Vec::new(),
                    units: vec![(9, "Xã Canh Tân".into(), Some(p(8_800)))],
                },
            ],
            lineage: vec![link(1, 9), link(2, 9)],
        };
        let points = trend(&history, 9);
        let seen: Vec<(i32, Option<&str>)> = points
            .iter()
            .map(|p| (p.year, p.predecessor.as_deref()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (2024, Some("Xã Canh Tân")),
                (2024, Some("Xã Minh Khai")),
                (2025, None)
            ]
        );
    }

    #[test]
    fn the_extension_follows_the_format() {
        assert_eq!(
            with_extension("/tmp/a.png", Format::Svg),
            Some(PathBuf::from("/tmp/a.svg"))
        );
        assert_eq!(
            with_extension("/tmp/bieu-do", Format::Png),
            Some(PathBuf::from("/tmp/bieu-do.png"))
        );
        assert_eq!(with_extension("  ", Format::Png), None);
    }
}
