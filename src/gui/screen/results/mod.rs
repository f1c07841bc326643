//! Kết quả: the ranking of the year, from the same function as the PDFs and the CLI;
//! sorted and filtered by the officer, a unit's explanation one click away, and the charts.

pub mod charts;
mod explain;
pub mod table;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length, Task};

use crate::domain::ranking::class_counts;
use crate::domain::{Lang, Status};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::results::YearResults;

use super::{Ctx, Event, ViewCtx};
pub use charts::ChartKind;
use explain::Explanation;
use table::{Column, Filter, Sort};

/// The two views of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Table,
    Charts,
}

#[derive(Debug, Clone)]
pub enum Message {
    Tab(Tab),
    SortBy(Column),
    /// `Some(None)`: the units without a class.
    ClassFilter(Option<Option<String>>),
    StatusFilter(Option<Status>),
    Scrolled(scrollable::Viewport),
    /// Opens the explanation of the unit with this code.
    Explain(String),
    CloseExplanation,
    Chart(charts::Message),
}

#[derive(Debug, Default)]
pub struct State {
    results: Option<YearResults>,
    error: Option<String>,
    tab: Tab,
    sort: Sort,
    filter: Filter,
    /// The positions in `results.rows` of the rows shown, in the order shown: worked out
    /// when the order or the filter changes, not at every frame.
    shown: Vec<usize>,
    /// The rows' scroll position and the height of their viewport, in pixels.
    offset: f32,
    viewport: Option<f32>,
    explanation: Option<Explanation>,
    charts: charts::State,
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        match ctx.store.results_with(
            ctx.year,
            ctx.level,
            ctx.lang,
            crate::domain::scoring::Detail::Figures,
        ) {
            Ok(r) => {
                // A class that this year's set does not have keeps nothing: drop it.
                if let Some(Some(class)) = &self.filter.class
                    && !r.set.bands.iter().any(|b| &b.name == class)
                {
                    self.filter.class = None;
                }
                self.results = Some(r);
                self.error = None;
            }
            Err(e) => {
                self.results = None;
                self.error = Some(e.message(ctx.lang));
            }
        }
        self.explanation = None;
        self.reorder();
        self.charts.invalidate();
        if self.tab == Tab::Charts {
            self.charts.show(ctx, self.results.as_ref());
        }
    }

    fn reorder(&mut self) {
        self.shown = self
            .results
            .as_ref()
            .map(|r| table::order(&r.rows, self.sort, &self.filter))
            .unwrap_or_default();
    }

    /// The unit codes of the rows shown, in order (what the officer reads down the table).
    pub fn shown_codes(&self) -> Vec<&str> {
        let Some(results) = &self.results else {
            return Vec::new();
        };
        self.shown
            .iter()
            .filter_map(|i| results.rows.get(*i))
            .map(|r| r.unit_code.as_str())
            .collect()
    }

    /// The code of the unit whose explanation is open.
    pub fn explained_unit(&self) -> Option<&str> {
        self.explanation.as_ref().map(|e| e.unit_code.as_str())
    }

    pub fn charts(&self) -> &charts::State {
        &self.charts
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    let top = || {
        iced::widget::operation::snap_to(
            iced::widget::Id::new(table::ROWS_ID),
            iced::widget::operation::RelativeOffset::START,
        )
    };
    match message {
        Message::Tab(tab) => {
            state.tab = tab;
            if tab == Tab::Charts && state.charts.chart().is_none() {
                state.charts.show(ctx, state.results.as_ref());
            }
        }
        Message::SortBy(column) => {
            state.sort = state.sort.clicked(column);
            state.reorder();
            state.offset = 0.0;
            return (top(), None);
        }
        Message::ClassFilter(class) => {
            state.filter.class = class;
            state.reorder();
            state.offset = 0.0;
            return (top(), None);
        }
        Message::StatusFilter(status) => {
            state.filter.status = status;
            state.reorder();
            state.offset = 0.0;
            return (top(), None);
        }
        Message::Scrolled(viewport) => scrolled(state, viewport),
        Message::Explain(code) => return (Task::none(), explain_unit(state, &code, ctx)),
        Message::CloseExplanation => state.explanation = None,
        Message::Chart(m) => {
            let (task, event) = charts::update(&mut state.charts, m, ctx, state.results.as_ref());
            return (task.map(Message::Chart), event);
        }
    }
    (Task::none(), None)
}

/// Scores the year again with every rule in words and keeps `code`'s tree.
fn explain_unit(state: &mut State, code: &str, ctx: &Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    let results = match ctx.store.results(ctx.year, ctx.level, lang) {
        Ok(r) => r,
        Err(e) => return super::failed(&mut state.error, e.message(lang)),
    };
    let Some((row, _)) = results.row_of(code) else {
        return super::failed(
            &mut state.error,
            format!("{}: {code}", t::RES_NO_UNIT.get(lang)),
        );
    };
    let summary = format!(
        "{} {} · {} · {}",
        t::INDEX.get(lang),
        row.index()
            .map_or_else(|| "-".to_owned(), |i| format!("{}%", i.to_vi())),
        row.classification.as_deref().unwrap_or("-"),
        row.status.label(lang),
    );
    state.explanation = Some(Explanation {
        unit_code: code.to_owned(),
        summary,
        tree: crate::domain::explain::unit_tree(row, &results.set.name, lang),
    });
    None
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let Some(results) = &state.results else {
        return text(state.error.clone().unwrap_or_default())
            .style(style::error)
            .into();
    };
    if let Some(explanation) = &state.explanation {
        return explain::view(explanation, lang);
    }
    let tab = |tr: t::Tr, which: Tab| {
        button(text(tr.get(lang)))
            .style(style::nav(state.tab == which))
            .on_press(Message::Tab(which))
    };
    let heading = row![
        text(format!("{} — {}", results.set.name, results.set.year))
            .font(style::BOLD)
            .size(style::HEADING)
            .width(Length::Fill),
        tab(t::RES_TAB_TABLE, Tab::Table),
        tab(t::RES_TAB_CHARTS, Tab::Charts),
    ]
    .spacing(6)
    .align_y(iced::Alignment::Center);
    let body = match state.tab {
        Tab::Table => ranking(state, results, lang),
        Tab::Charts => charts::view(&state.charts, results, lang).map(Message::Chart),
    };
    column![heading, body].spacing(8).into()
}

fn ranking<'a>(state: &'a State, results: &'a YearResults, lang: Lang) -> Element<'a, Message> {
    let counts = class_counts(&results.set, &results.rows)
        .into_iter()
        .map(|(name, n)| format!("{name}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let class_button = |label: String, value: Option<Option<String>>, id: String| {
        let on = state.filter.class == value;
        container(
            button(text(label).size(style::SMALL))
                .padding([2, 8])
                .style(style::nav(on))
                .on_press(Message::ClassFilter(value)),
        )
        .id(id)
    };
    let mut classes = row![class_button(
        t::RES_ALL_CLASSES.get(lang).to_owned(),
        None,
        "class-all".into()
    )]
    .spacing(2);
    for band in &results.set.bands {
        classes = classes.push(class_button(
            band.name.clone(),
            Some(Some(band.name.clone())),
            format!("class-{}", band.name),
        ));
    }
    classes = classes.push(class_button(
        t::RES_NO_CLASS.get(lang).to_owned(),
        Some(None),
        "class-none".into(),
    ));
    let status_button = |label: &'static str, value: Option<Status>, id: String| {
        container(
            button(text(label).size(style::SMALL))
                .padding([2, 8])
                .style(style::nav(state.filter.status == value))
                .on_press(Message::StatusFilter(value)),
        )
        .id(id)
    };
    let mut statuses = row![status_button(
        t::RES_ALL_STATUSES.get(lang),
        None,
        "status-all".into()
    )]
    .spacing(2);
    for status in Status::ALL {
        statuses = statuses.push(status_button(
            status.label(lang),
            Some(status),
            format!("status-{}", status.as_str()),
        ));
    }
    let filters = row![
        classes,
        statuses,
        text(format!(
            "{} {}/{}",
            t::RES_SHOWN.get(lang),
            state.shown.len(),
            results.rows.len()
        ))
        .size(style::SMALL)
        .style(style::muted),
    ]
    .spacing(16)
    .align_y(iced::Alignment::Center)
    .wrap()
    .vertical_spacing(6);
    // A filter that matches no unit says so, instead of an empty table.
    let none_shown = (state.shown.is_empty() && !results.rows.is_empty()).then(|| {
        text(t::RES_NONE_SHOWN.get(lang))
            .size(style::SMALL)
            .style(style::warning)
    });
    column![
        text(format!(
            "{counts}    {}: {}",
            t::FINGERPRINT.get(lang),
            results.fingerprint
        )),
        filters,
        none_shown,
        text(t::RES_HINT.get(lang))
            .size(style::SMALL)
            .style(style::muted),
        table::header(state.sort, lang),
        table::divider(),
        table::body(
            &results.rows,
            &state.shown,
            state.offset,
            state.viewport.unwrap_or(1200.0),
            lang
        ),
        text(t::RESULTS_LEGEND.get(lang))
            .size(style::SMALL)
            .style(style::muted),
    ]
    .spacing(8)
    .into()
}

/// The ranking was scrolled: where it is now (also while the file is lent to slow work,
/// which scrolling does not need).
pub fn scrolled(state: &mut State, viewport: scrollable::Viewport) {
    state.offset = viewport.absolute_offset().y;
    state.viewport = Some(viewport.bounds().height);
}
