//! Đơn vị: the units with their validity and lineage; add, edit, retire, record a merger.

use std::collections::BTreeSet;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::format::{date_short, parse_date};
use crate::domain::text::{compare_vi, matches};
use crate::domain::{Lang, Level, UnitKind, UnitLevel};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::units::{Lineage, NewUnit, Unit};

use super::{Ctx, Event, ViewCtx, failed};

#[derive(Debug, Default)]
pub struct State {
    pub units: Vec<Unit>,
    pub lineage: Vec<Lineage>,
    pub search: String,
    pub form: Option<Form>,
    pub merger: Merger,
    pub error: Option<String>,
    /// The unit whose "stops operating" was clicked, waiting for the second click.
    pub retiring: Option<i64>,
    /// Every unit of the file, not only those in operation at the end of the chosen year.
    pub show_retired: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    /// `None` adds a unit.
    pub editing: Option<i64>,
    pub code: String,
    pub name: String,
    pub kind: Option<UnitKind>,
    pub valid_from: String,
    pub valid_to: String,
}

#[derive(Debug, Clone, Default)]
pub struct Merger {
    pub from: BTreeSet<i64>,
    pub to: Option<UnitPick>,
    pub resolution: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPick(pub i64, pub String);

impl std::fmt::Display for UnitPick {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Add,
    Edit(i64),
    Code(String),
    Name(String),
    Kind(KindChoice),
    From(String),
    To(String),
    Save,
    Cancel,
    /// Asks to confirm that a unit stops operating today.
    Retire(i64),
    ConfirmRetire(i64),
    CancelRetire,
    MergeFrom(i64, bool),
    MergeTo(UnitPick),
    Resolution(String),
    ResolutionDate(String),
    RecordMerger,
    StartYear,
    ShowRetired(bool),
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.units = ctx.store.units().unwrap_or_default();
        self.units.sort_by(|a, b| {
            a.level
                .cmp(&b.level)
                .then_with(|| compare_vi(&a.name, &b.name))
        });
        self.lineage = ctx.store.lineage().unwrap_or_default();
    }
}

/// A unit kind in the form's list, shown by its name in the window's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindChoice(pub UnitKind, Lang);

impl std::fmt::Display for KindChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.label(self.1))
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    (Task::none(), apply(state, message, ctx))
}

/// Does what the message asks; returns the event for the workspace.
fn apply(state: &mut State, message: Message, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    match message {
        Message::Search(s) => state.search = s,
        Message::Add => {
            state.form = Some(Form {
                kind: Some(UnitKind::Commune),
                ..Form::default()
            });
        }
        Message::Edit(id) => {
            if let Some(u) = state.units.iter().find(|u| u.id == id) {
                state.form = Some(Form {
                    editing: Some(id),
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: Some(u.kind),
                    valid_from: u.valid_from.map(date_short).unwrap_or_default(),
                    valid_to: u.valid_to.map(date_short).unwrap_or_default(),
                });
            }
        }
        Message::Code(v) => edit_form(state, |f| f.code = v),
        Message::Name(v) => edit_form(state, |f| f.name = v),
        Message::Kind(v) => edit_form(state, |f| f.kind = Some(v.0)),
        Message::From(v) => edit_form(state, |f| f.valid_from = v),
        Message::To(v) => edit_form(state, |f| f.valid_to = v),
        Message::Cancel => state.form = None,
        Message::Save => {
            let form = state.form.clone()?;
            let date = |s: &str| -> Result<Option<chrono::NaiveDate>, String> {
                if s.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_date(s)
                        .map(Some)
                        .ok_or_else(|| format!("{}: {s}", t::BAD_DATE.get(lang)))
                }
            };
            let (from, to) = match (date(&form.valid_from), date(&form.valid_to)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(e), _) | (_, Err(e)) => {
                    return failed(&mut state.error, e);
                }
            };
            let unit = NewUnit {
                code: form.code.clone(),
                name: form.name.clone(),
                kind: form.kind.unwrap_or(UnitKind::Commune),
                valid_from: from,
                valid_to: to,
                parent_id: None,
            };
            let result = ctx.store.save_unit(form.editing, &unit);
            return finish(state, ctx, result);
        }
        Message::Retire(id) => state.retiring = Some(id),
        Message::CancelRetire => state.retiring = None,
        Message::ConfirmRetire(id) => {
            state.retiring = None;
            let today = chrono::Local::now().date_naive();
            let result = ctx.store.retire_unit(id, today, "");
            return finish(state, ctx, result);
        }
        Message::MergeFrom(id, on) => {
            if on {
                state.merger.from.insert(id);
            } else {
                state.merger.from.remove(&id);
            }
        }
        Message::MergeTo(pick) => state.merger.to = Some(pick),
        Message::Resolution(v) => state.merger.resolution = v,
        Message::ResolutionDate(v) => state.merger.date = v,
        Message::RecordMerger => {
            let to = state.merger.to.clone()?;
            let date = parse_date(&state.merger.date);
            if date.is_none() {
                return failed(&mut state.error, t::BAD_DATE.get(lang).to_owned());
            }
            let from: Vec<i64> = state
                .merger
                .from
                .iter()
                .copied()
                .filter(|id| *id != to.0)
                .collect();
            let resolution = state.merger.resolution.clone();
            let result = ctx.store.record_merger(&from, to.0, &resolution, date);
            if result.is_ok() {
                state.merger = Merger::default();
            }
            return finish(state, ctx, result);
        }
        Message::StartYear => {
            let (year, level) = (ctx.year, ctx.level);
            let result = ctx.store.start_assessments(year, level).map(drop);
            return finish(state, ctx, result);
        }
        Message::ShowRetired(on) => state.show_retired = on,
    }
    None
}

fn edit_form(state: &mut State, f: impl FnOnce(&mut Form)) {
    if let Some(form) = state.form.as_mut() {
        f(form);
    }
}

fn finish(state: &mut State, ctx: &Ctx<'_>, result: crate::store::Result<()>) -> Option<Event> {
    match result {
        Ok(()) => {
            state.form = None;
            state.error = None;
            state.refresh(ctx);
            Some(Event::Saved)
        }
        Err(e) => failed(&mut state.error, e.message(ctx.lang)),
    }
}

/// Widths of the list's fixed columns, shared by the header row and the unit rows.
const CHECKBOX_WIDTH: f32 = 20.0;
const EDIT_WIDTH: f32 = 52.0;
const RETIRE_WIDTH: f32 = 150.0;

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let name_of = |id: i64| {
        state
            .units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let head = |label: &'static str| text(label).font(style::BOLD).size(style::SMALL);
    let mut list = column![
        row![
            iced::widget::space::horizontal().width(CHECKBOX_WIDTH),
            head(t::CODE.get(lang)).width(60),
            head(t::NAME.get(lang)).width(Length::Fill),
            head(t::UNIT_KIND.get(lang)).width(80),
            head(t::VALIDITY.get(lang)).width(210),
            iced::widget::space::horizontal().width(EDIT_WIDTH + RETIRE_WIDTH + 8.0),
        ]
        .spacing(8),
        rule::horizontal(1),
    ]
    .spacing(2);
    // The year's units: those in operation at its end, so a code reused after a merger
    // (01789 in 2025) shows once; the switch shows the others too.
    let in_year = |u: &&Unit| state.show_retired || u.in_operation_at_end_of(ctx.year);
    let hidden = state.units.iter().filter(|u| !in_year(u)).count();
    for u in state
        .units
        .iter()
        .filter(in_year)
        .filter(|u| matches(&format!("{} {}", u.name, u.code), &state.search))
    {
        let validity = match (u.valid_from, u.valid_to) {
            (_, Some(to)) => format!(
                "{} – {}",
                u.valid_from.map(date_short).unwrap_or_default(),
                date_short(to)
            ),
            (Some(from), None) => format!("{} – ({})", date_short(from), t::STILL_ACTIVE.get(lang)),
            (None, None) => t::STILL_ACTIVE.get(lang).to_owned(),
        };
        let merged: Vec<String> = state
            .lineage
            .iter()
            .filter(|l| l.from_unit_id == u.id)
            .map(|l| format!("→ {} ({})", name_of(l.to_unit_id), l.resolution))
            .collect();
        let mut line = row![
            container(
                checkbox(state.merger.from.contains(&u.id))
                    .on_toggle(move |on| Message::MergeFrom(u.id, on))
            )
            .width(CHECKBOX_WIDTH),
            text(&u.code).size(style::SMALL).width(60),
            // Only rows with a successor carry the second line, so a name alone stays level
            // with its code.
            if merged.is_empty() {
                column![text(&u.name)]
            } else {
                column![
                    text(&u.name),
                    text(merged.join("; "))
                        .size(style::SMALL)
                        .style(style::muted)
                ]
            }
            .width(Length::Fill),
            text(u.kind.label(lang)).size(style::SMALL).width(80),
            text(validity).size(style::SMALL).width(210),
            button(text(t::EDIT.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .width(EDIT_WIDTH)
                .on_press(Message::Edit(u.id)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        // The retire slot keeps its width on every row, so the columns stay aligned.
        line = line.push(match u.valid_to {
            None => Element::from(
                button(text(t::RETIRE.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .width(RETIRE_WIDTH)
                    .on_press(Message::Retire(u.id)),
            ),
            Some(_) => iced::widget::space::horizontal().width(RETIRE_WIDTH).into(),
        });
        list = list.push(line);
        if state.retiring == Some(u.id) {
            list = list.push(
                container(
                    row![
                        text(format!(
                            "{} {} ({})",
                            t::RETIRE_CONFIRM.get(lang),
                            u.name,
                            date_short(chrono::Local::now().date_naive())
                        ))
                        .size(style::SMALL)
                        .width(Length::Fill),
                        button(text(t::RETIRE_YES.get(lang)).size(style::SMALL))
                            .style(button::danger)
                            .on_press(Message::ConfirmRetire(u.id)),
                        button(text(t::CANCEL.get(lang)).size(style::SMALL))
                            .style(button::secondary)
                            .on_press(Message::CancelRetire),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
                .padding([4, 8])
                .style(style::card),
            );
        }
    }

    let mut page = column![
        row![
            text_input(t::SEARCH.get(lang), &state.search)
                .id("unit-search")
                .on_input(Message::Search)
                .width(360),
            button(text(t::ADD_UNIT.get(lang))).on_press(Message::Add),
            button(text(format!("{} {}", t::START_YEAR.get(lang), ctx.year)))
                .style(button::secondary)
                .on_press(Message::StartYear),
        ]
        .spacing(10),
        row![
            text(format!("{} {}", t::UNITS_OF_YEAR.get(lang), ctx.year)).font(style::BOLD),
            checkbox(state.show_retired)
                .label(if state.show_retired {
                    t::SHOW_RETIRED.get(lang).to_owned()
                } else {
                    format!("{} ({hidden})", t::SHOW_RETIRED.get(lang))
                })
                .on_toggle(Message::ShowRetired),
        ]
        .spacing(16)
        .align_y(Alignment::Center),
    ]
    .spacing(10);
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    if let Some(form) = &state.form {
        let kinds: Vec<KindChoice> = UnitKind::ALL
            .into_iter()
            .map(|k| KindChoice(k, lang))
            .collect();
        let chosen = form.kind.map(|k| KindChoice(k, lang));
        page = page.push(
            container(
                column![
                    row![
                        text_input(t::CODE.get(lang), &form.code)
                            .id("unit-code")
                            .on_input(Message::Code)
                            .width(100),
                        text_input(t::NAME.get(lang), &form.name)
                            .id("unit-name")
                            .on_input(Message::Name),
                        pick_list(kinds, chosen, Message::Kind).width(140),
                    ]
                    .spacing(8),
                    row![
                        text(t::VALID_FROM.get(lang)),
                        text_input(t::DATE_HINT.get(lang), &form.valid_from)
                            .id("unit-from")
                            .on_input(Message::From)
                            .width(130),
                        text(t::VALID_TO.get(lang)),
                        text_input(t::DATE_HINT.get(lang), &form.valid_to)
                            .id("unit-to")
                            .on_input(Message::To)
                            .width(130),
                        button(text(t::SAVE.get(lang))).on_press(Message::Save),
                        button(text(t::CANCEL.get(lang)))
                            .style(button::secondary)
                            .on_press(Message::Cancel),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                ]
                .spacing(8),
            )
            .padding(10)
            .style(style::card),
        );
    }
    let picks: Vec<UnitPick> = state
        .units
        .iter()
        .filter(|u| u.level != UnitLevel::Province)
        .map(|u| UnitPick(u.id, format!("{} ({})", u.name, u.code)))
        .collect();
    let merger = container(
        column![
            text(t::LINEAGE.get(lang)).font(style::BOLD),
            row![
                text(format!(
                    "{}: {}",
                    t::LINEAGE_FROM.get(lang),
                    state.merger.from.len()
                ))
                .size(style::SMALL),
                pick_list(picks, state.merger.to.clone(), Message::MergeTo)
                    .placeholder(t::LINEAGE_TO.get(lang))
                    .width(260),
                text_input(t::RESOLUTION.get(lang), &state.merger.resolution)
                    .on_input(Message::Resolution)
                    .width(200),
                text_input(t::RESOLUTION_DATE.get(lang), &state.merger.date)
                    .on_input(Message::ResolutionDate)
                    .width(190),
                button(text(t::RECORD_MERGER.get(lang))).on_press_maybe(
                    (!state.merger.from.is_empty() && state.merger.to.is_some())
                        .then_some(Message::RecordMerger)
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(6),
    )
    .padding(10)
    .style(style::card);
    let _ = Level::Commune;
    page.push(merger)
        .push(rule::horizontal(1))
        .push(scrollable(list.padding(iced::Padding::ZERO.right(14))).height(Length::Fill))
        .into()
}
