//! The scoring-form card of Trao đổi dữ liệu: the blank form of one unit (or of every unit,
//! into a folder) written for Excel, and a filled form read back into a preview (per
//! criterion old → new, or every refused row with its reason) that is stored only on
//! "Lưu", as the unit's self-assessment, each value with its audit entry. Paths are typed
//! (or chosen in a dialog), as on the other cards; the tests type them.

use std::path::PathBuf;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Element, Length, Task};

use super::super::unit_picker::{UnitChoice, unit_choices_with_progress};
use crate::domain::{Lang, Status};
use crate::exchange::scoring_form::{self, FormPlan, FormTarget};
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, failed, refused_rows};
use crate::gui::style;

/// Ids of the two path fields, also used by tests to type into them.
pub const EXPORT_PATH_ID: &str = "form-export-path";
pub const READ_PATH_ID: &str = "form-read-path";

/// The two action buttons share a width, so their path fields line up.
const ACTION_WIDTH: f32 = 230.0;

#[derive(Debug, Default)]
pub struct State {
    units: Vec<UnitChoice>,
    unit: Option<UnitChoice>,
    /// Every unit's form, into a folder (reading then takes any unit's form of the year).
    all: bool,
    export_path: String,
    read_path: String,
    /// The filled form as read: its plan, or why it cannot be used.
    preview: Option<Result<FormPlan, Vec<String>>>,
    /// What the last action did, said once.
    done: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Unit(UnitChoice),
    All(bool),
    ExportPath(String),
    ChooseExport,
    ChosenExport(Option<PathBuf>),
    Export,
    ReadPath(String),
    ChooseRead,
    ChosenRead(Option<PathBuf>),
    Read,
    Save,
    Cancel,
}

impl State {
    /// The units of the year being worked on, each with where it stands; the chosen one kept
    /// when it is still there, else the first still drafting (the ones a form is for).
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.units = unit_choices_with_progress(ctx);
        if self.unit.as_ref().is_none_or(|u| !self.units.contains(u)) {
            let drafting = self
                .units
                .iter()
                .find(|u| matches!(u.progress, Some((Status::Draft, _, _))));
            self.unit = drafting.or(self.units.first()).cloned();
        }
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    let lang = ctx.lang;
    state.done = None;
    let event = match message {
        Message::Unit(unit) => {
            state.unit = Some(unit);
            None
        }
        Message::All(all) => {
            state.all = all;
            None
        }
        Message::ExportPath(path) => {
            state.export_path = path;
            None
        }
        Message::ChooseExport => {
            let all = state.all;
            let name = state
                .unit
                .as_ref()
                .map(|u| scoring_form::form_file_name(ctx.year, &u.code, &u.name))
                .unwrap_or_default();
            let pick = async move {
                let dialog = rfd::AsyncFileDialog::new();
                let chosen = if all {
                    dialog.pick_folder().await
                } else {
                    dialog
                        .add_filter("Excel", &["xlsx"])
                        .set_file_name(name)
                        .save_file()
                        .await
                };
                chosen.map(|h| h.path().to_owned())
            };
            return (Task::perform(pick, Message::ChosenExport), None);
        }
        Message::ChosenExport(Some(path)) => {
            state.export_path = path.display().to_string();
            export(state, ctx)
        }
        Message::ChosenExport(None) | Message::ChosenRead(None) => None,
        Message::Export => export(state, ctx),
        Message::ReadPath(path) => {
            state.read_path = path;
            state.preview = None;
            None
        }
        Message::ChooseRead => {
            let pick = async {
                rfd::AsyncFileDialog::new()
                    .add_filter("Excel", &["xlsx"])
                    .pick_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return (Task::perform(pick, Message::ChosenRead), None);
        }
        Message::ChosenRead(Some(path)) => {
            state.read_path = path.display().to_string();
            read(state, ctx);
            None
        }
        Message::Read => {
            read(state, ctx);
            None
        }
        Message::Cancel => {
            state.preview = None;
            None
        }
        Message::Save => {
            let Some(Ok(plan)) = &state.preview else {
                return (Task::none(), None);
            };
            match scoring_form::apply_form(ctx.store, plan) {
                Ok(n) => {
                    state.done = Some(format!(
                        "{} {n} {} ({})",
                        t::FORM_STORED.get(lang),
                        t::FORM_VALUES.get(lang),
                        plan.unit_name
                    ));
                    state.preview = None;
                    state.error = None;
                    (n > 0).then_some(Event::Saved)
                }
                Err(e) => failed(&mut state.error, e.message(lang)),
            }
        }
    };
    (Task::none(), event)
}

fn export(state: &mut State, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    let typed = state.export_path.trim();
    if typed.is_empty() {
        return failed(&mut state.error, t::FORM_NO_PATH.get(lang).to_owned());
    }
    let path = PathBuf::from(typed);
    let result = if state.all {
        scoring_form::export_forms(ctx.store, ctx.year, ctx.level, &path, false).map(|written| {
            format!(
                "{} {} {}",
                written.len(),
                t::FORM_WRITTEN_MANY.get(lang),
                path.display()
            )
        })
    } else {
        let unit = state.unit.clone()?;
        // A folder gets the form's own name inside it.
        let out = if path.is_dir() {
            path.join(scoring_form::form_file_name(
                ctx.year, &unit.code, &unit.name,
            ))
        } else {
            path
        };
        scoring_form::export_form(ctx.store, ctx.year, ctx.level, &unit.code, &out, false)
            .map(|()| format!("{} {}", t::FORM_WRITTEN.get(lang), out.display()))
    };
    match result {
        Ok(done) => {
            state.error = None;
            state.done = Some(done);
            None
        }
        Err(e) => failed(&mut state.error, e.message(lang)),
    }
}

/// Reads the filled form into the preview: for the chosen unit, or any unit's form of the
/// year when every unit is chosen.
fn read(state: &mut State, ctx: &Ctx<'_>) {
    state.error = None;
    let target = FormTarget {
        year: ctx.year,
        level: ctx.level,
        unit: (!state.all)
            .then(|| state.unit.as_ref().map(|u| u.code.clone()))
            .flatten(),
    };
    let path = PathBuf::from(state.read_path.trim());
    state.preview = Some(
        scoring_form::read_form(ctx.store, &path, &target, ctx.lang).map_err(|e| e.lines(ctx.lang)),
    );
}

pub fn view<'a>(state: &'a State, lang: Lang, year: i32) -> Element<'a, Message> {
    let export_hint = if state.all {
        t::FORM_EXPORT_FOLDER
    } else {
        t::FORM_EXPORT_PATH
    };
    let mut body = column![
        text(format!("{} {year}", t::FORM_TITLE.get(lang))).font(style::BOLD),
        text(t::FORM_HINT.get(lang))
            .size(style::SMALL)
            .style(style::muted),
        row![
            pick_list(state.units.as_slice(), state.unit.clone(), Message::Unit),
            checkbox(state.all)
                .label(t::FORM_ALL_UNITS.get(lang))
                .on_toggle(Message::All)
                .text_size(style::SMALL),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center),
        row![
            text_input(export_hint.get(lang), &state.export_path)
                .id(EXPORT_PATH_ID)
                .on_input(Message::ExportPath)
                .on_submit(Message::Export),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseExport),
            button(text(t::FORM_EXPORT.get(lang)))
                .width(ACTION_WIDTH)
                .on_press(Message::Export),
        ]
        .spacing(6),
        row![
            text_input(t::FORM_READ_PATH.get(lang), &state.read_path)
                .id(READ_PATH_ID)
                .on_input(Message::ReadPath)
                .on_submit(Message::Read),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseRead),
            button(text(t::FORM_READ.get(lang)))
                .width(ACTION_WIDTH)
                .on_press_maybe((!state.read_path.trim().is_empty()).then_some(Message::Read)),
        ]
        .spacing(6),
    ]
    .spacing(6);
    match &state.preview {
        None => {}
        Some(Err(lines)) => body = body.push(refused_rows::view(lines, lang, 160.0)),
        Some(Ok(plan)) => body = body.push(preview(plan, lang)),
    }
    if let Some(done) = &state.done {
        body = body.push(text(done.as_str()).style(style::success));
    }
    if let Some(error) = &state.error {
        body = body.push(text(error.as_str()).style(style::error));
    }
    container(body)
        .padding(10)
        .width(Length::Fill)
        .style(style::card)
        .into()
}

/// The plan: whose form, how many values change, the decision, then the changes.
fn preview(plan: &FormPlan, lang: Lang) -> Element<'_, Message> {
    let mut body = column![
        text(format!(
            "{} {} ({}) · {} {} · {} {}",
            t::FORM_OF.get(lang),
            plan.unit_name,
            plan.unit_code,
            plan.changes.len(),
            t::FORM_CHANGES.get(lang),
            plan.unchanged,
            t::FORM_UNCHANGED.get(lang)
        ))
        .font(style::BOLD),
    ]
    .spacing(6);
    if plan.changes.is_empty() {
        body = body.push(text(t::FORM_NOTHING.get(lang)).style(style::muted));
    }
    // The decision before the list: on a small screen the buttons stay in view.
    body = body.push(
        row![
            button(text(t::SAVE.get(lang)))
                .on_press_maybe((!plan.changes.is_empty()).then_some(Message::Save)),
            button(text(t::CANCEL.get(lang)))
                .style(button::secondary)
                .on_press(Message::Cancel),
        ]
        .spacing(6),
    );
    let lines: Vec<Element<'_, Message>> = plan
        .changes
        .iter()
        .map(|c| {
            text(format!(
                "{} {} · {} {}: {}: {} → {}",
                t::ROW.get(lang),
                c.row,
                c.code,
                crate::domain::text::shorten(&c.title, 60),
                c.field.label(lang),
                c.old.as_deref().unwrap_or("–"),
                crate::domain::text::shorten(&c.new, 80)
            ))
            .size(style::SMALL)
            .into()
        })
        .collect();
    if !lines.is_empty() {
        // As tall as the changes, up to a box that keeps the page readable.
        body = body.push(container(scrollable(column(lines).spacing(1))).max_height(200.0));
    }
    body.into()
}
