//! Nhật ký: the audit log, newest first, of the chosen year (or every year), filtered by unit,
//! criterion, person and date range, with the result of the chain's verification (the same
//! as `parindex log --verify`).

use chrono::NaiveDate;
use iced::widget::{
    button, checkbox, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};
use uuid::Uuid;

use crate::domain::Level;
use crate::domain::format::parse_date;
use crate::domain::text::{compare_vi, matches};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::audit::{EntryScope, LabelledEntry};

use super::{Ctx, Event, ViewCtx};

#[derive(Debug, Default)]
pub struct State {
    /// Newest first.
    entries: Vec<(LabelledEntry, EntryScope)>,
    /// What `log --verify` finds, in the window's language; `None` when it could not run.
    findings: Option<Vec<String>>,
    pub search: String,
    /// The year and level chosen in the sidebar, the log's default scope.
    year: i32,
    level: Option<Level>,
    pub all_years: bool,
    pub unit: Option<UnitFilter>,
    pub criterion: String,
    pub person: Option<String>,
    pub from: String,
    pub to: String,
    /// The units and people the entries of the scope name, for the pickers.
    units: Vec<UnitFilter>,
    people: Vec<String>,
    /// Indexes into `entries` of the entries the filters keep.
    shown: Vec<usize>,
    /// How many entries the year (or every year) has before the other filters.
    in_scope: usize,
}

/// A unit in the log's unit picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFilter {
    pub uuid: Uuid,
    pub label: String,
}

impl std::fmt::Display for UnitFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    AllYears(bool),
    Unit(UnitFilter),
    Criterion(String),
    Person(String),
    From(String),
    To(String),
    /// Every filter back to the chosen year's whole log.
    Clear,
}

/// The newest entries shown; the whole log is in the file and `parindex log`.
const SHOWN: usize = 500;

/// The width of the unit column.
const UNIT_WIDTH: f32 = 170.0;

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.entries = ctx.store.audit_entries_scoped().unwrap_or_default();
        self.entries.reverse();
        self.findings = ctx
            .store
            .verify_log()
            .ok()
            .map(|found| found.iter().map(|f| f.message(ctx.lang)).collect());
        self.year = ctx.year;
        self.level = Some(ctx.level);
        self.filter();
    }

    /// The entries the filters keep, newest first.
    pub fn shown(&self) -> impl Iterator<Item = &(LabelledEntry, EntryScope)> {
        self.shown.iter().filter_map(|i| self.entries.get(*i))
    }

    fn in_scope(&self, scope: &EntryScope) -> bool {
        // An entry about the whole file (a package, a sender's key) belongs to every year.
        self.all_years
            || (scope.year.is_none_or(|y| y == self.year)
                && scope
                    .level
                    .is_none_or(|l| self.level.is_none_or(|chosen| chosen == l)))
    }

    fn filter(&mut self) {
        let from = parse_date(&self.from);
        let to = parse_date(&self.to);
        let criterion = self.criterion.trim().to_owned();
        let mut units: Vec<UnitFilter> = Vec::new();
        let mut people: Vec<String> = Vec::new();
        let mut shown = Vec::new();
        let mut in_scope = 0;
        for (i, (e, scope)) in self.entries.iter().enumerate() {
            if !self.in_scope(scope) {
                continue;
            }
            in_scope += 1;
            if let (Some(uuid), Some(name)) = (scope.unit, &scope.unit_name)
                && !units.iter().any(|u| u.uuid == uuid)
            {
                let code = scope.unit_code.as_deref().unwrap_or_default();
                units.push(UnitFilter {
                    uuid,
                    label: format!("{name} ({code})"),
                });
            }
            if !people.contains(&e.actor) {
                people.push(e.actor.clone());
            }
            let day = local_day(&e.at);
            let keep = self
                .unit
                .as_ref()
                .is_none_or(|u| scope.unit == Some(u.uuid))
                && (criterion.is_empty()
                    || scope.criterion.as_deref().is_some_and(|c| {
                        c == criterion || c.starts_with(&format!("{criterion}."))
                    }))
                && self.person.as_ref().is_none_or(|p| *p == e.actor)
                && from.is_none_or(|from| day.is_some_and(|d| d >= from))
                && to.is_none_or(|to| day.is_some_and(|d| d <= to))
                && matches(
                    &format!("{} {} {} {}", e.label, e.actor, e.reason, e.field),
                    &self.search,
                );
            if keep {
                shown.push(i);
            }
        }
        units.sort_by(|a, b| compare_vi(&a.label, &b.label));
        people.sort_by(|a, b| compare_vi(a, b));
        self.units = units;
        self.people = people;
        self.shown = shown;
        self.in_scope = in_scope;
    }
}

/// The day an entry was written, on the officer's clock.
fn local_day(stored: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
}

pub fn update(
    state: &mut State,
    message: Message,
    _ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    match message {
        Message::Search(s) => state.search = s,
        Message::AllYears(on) => {
            state.all_years = on;
            // A unit of another year would hide everything.
            state.unit = None;
        }
        Message::Unit(unit) => state.unit = Some(unit),
        Message::Criterion(c) => state.criterion = c,
        Message::Person(p) => state.person = Some(p),
        Message::From(d) => state.from = d,
        Message::To(d) => state.to = d,
        Message::Clear => {
            state.search.clear();
            state.all_years = false;
            state.unit = None;
            state.criterion.clear();
            state.person = None;
            state.from.clear();
            state.to.clear();
        }
    }
    state.filter();
    (Task::none(), None)
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let verdict: Element<'a, Message> = match &state.findings {
        Some(found) if found.is_empty() => text(format!(
            "✓ {} {}",
            t::LOG_OK.get(lang),
            t::LOG_VERIFIED.get(lang)
        ))
        .style(style::success)
        .into(),
        Some(found) => {
            let mut lines = column![
                text(format!("⚠ {} ({})", t::LOG_BAD.get(lang), found.len())).style(style::error)
            ]
            .spacing(2);
            for f in found.iter().take(5) {
                lines = lines.push(text(format!("– {f}")).size(style::SMALL));
            }
            lines.into()
        }
        None => text("").into(),
    };
    let bad_date = [&state.from, &state.to]
        .into_iter()
        .any(|d| !d.trim().is_empty() && parse_date(d).is_none());
    let filters = container(
        column![
            row![
                text_input(t::SEARCH.get(lang), &state.search)
                    .on_input(Message::Search)
                    .width(Length::Fill),
                checkbox(state.all_years)
                    .label(t::LOG_ALL_YEARS.get(lang))
                    .on_toggle(Message::AllYears),
                button(text(t::LOG_CLEAR_FILTERS.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::Clear),
            ]
            .spacing(10)
            .align_y(Alignment::Center),
            row![
                pick_list(state.units.as_slice(), state.unit.clone(), Message::Unit)
                    .placeholder(t::ALL_UNITS.get(lang))
                    .width(300),
                text_input(t::LOG_CRITERION.get(lang), &state.criterion)
                    .id("log-criterion")
                    .on_input(Message::Criterion)
                    .width(110),
                pick_list(
                    state.people.as_slice(),
                    state.person.clone(),
                    Message::Person
                )
                .placeholder(t::LOG_EVERYONE.get(lang))
                .width(220),
                text(t::LOG_FROM.get(lang)).size(style::SMALL),
                text_input(t::DATE_HINT.get(lang), &state.from)
                    .id("log-from")
                    .on_input(Message::From)
                    .width(130),
                text(t::LOG_TO.get(lang)).size(style::SMALL),
                text_input(t::DATE_HINT.get(lang), &state.to)
                    .id("log-to")
                    .on_input(Message::To)
                    .width(130),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(8),
    )
    .padding(10)
    .style(style::card);

    let mut list = column![].spacing(2);
    for (e, scope) in state.shown().take(SHOWN) {
        // The unit is a link that keeps only its entries; the rest says what changed.
        let subject = match (&scope.unit_name, &scope.criterion) {
            (Some(_), Some(code)) => format!("TC {code}"),
            (Some(_), None) => String::new(),
            (None, _) => e.label.clone(),
        };
        let change = format!(
            "{}{}{}: {} → {}{}",
            subject,
            if subject.is_empty() { "" } else { " · " },
            t::audit_field(&e.field, lang),
            t::audit_value(&e.field, e.old.as_deref(), lang),
            t::audit_value(&e.field, e.new.as_deref(), lang),
            if e.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.reason)
            }
        );
        let unit: Element<'a, Message> = match (scope.unit, &scope.unit_name) {
            (Some(uuid), Some(name)) => button(text(name).size(style::SMALL))
                .style(button::text)
                .padding(0)
                .width(UNIT_WIDTH)
                .on_press(Message::Unit(UnitFilter {
                    uuid,
                    label: format!(
                        "{name} ({})",
                        scope.unit_code.as_deref().unwrap_or_default()
                    ),
                }))
                .into(),
            _ => iced::widget::space::horizontal().width(UNIT_WIDTH).into(),
        };
        list = list.push(
            row![
                text(crate::domain::format::local_time(&e.at))
                    .size(style::SMALL)
                    .width(150),
                text(&e.actor).size(style::SMALL).width(170),
                unit,
                text(change).size(style::SMALL).width(Length::Fill),
            ]
            .spacing(8),
        );
    }
    let scope = if state.all_years {
        t::LOG_ALL_YEARS.get(lang).to_owned()
    } else {
        format!("{} {}", t::YEAR.get(lang), ctx.year)
    };
    let mut page = column![
        text(t::HISTORY_TITLE.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        verdict,
        filters,
    ]
    .spacing(8);
    if bad_date {
        page = page.push(text(t::BAD_DATE.get(lang)).style(style::error));
    }
    page.push(
        text(format!(
            "{scope}: {} {} {}",
            state.shown.len(),
            t::LOG_ENTRIES_OF.get(lang),
            state.in_scope
        ))
        .size(style::SMALL),
    )
    .push(
        row![
            text(t::WHEN.get(lang))
                .font(style::BOLD)
                .size(style::SMALL)
                .width(150),
            text(t::WHO.get(lang))
                .font(style::BOLD)
                .size(style::SMALL)
                .width(170),
            text(t::LOG_UNIT.get(lang))
                .font(style::BOLD)
                .size(style::SMALL)
                .width(UNIT_WIDTH),
            text(t::WHAT.get(lang)).font(style::BOLD).size(style::SMALL),
        ]
        .spacing(8),
    )
    .push(rule::horizontal(1))
    .push(scrollable(list).height(Length::Fill))
    .into()
}
