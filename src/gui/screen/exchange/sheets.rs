//! Spreadsheets on the exchange screen: survey points (ĐTXHH) read from XLSX/CSV into a
//! preview (each row with its unit's name and the points it replaces) and stored only when
//! accepted, all or nothing; and the year's workbook written for Excel.

use std::collections::HashMap;
use std::path::PathBuf;

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Element, Length};

use crate::domain::scoring::leaves_of;
use crate::domain::{Lang, LeafKind, Points};
use crate::exchange::xlsx::{self, SurveyRow};
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, failed, refused_rows};
use crate::gui::style;
use crate::store::scores::SurveyEntry;

/// Ids of the two path fields, also used by tests to type into them.
pub const SURVEY_PATH_ID: &str = "survey-path";
pub const WORKBOOK_PATH_ID: &str = "workbook-path";

#[derive(Debug, Default)]
pub struct State {
    survey_path: String,
    /// The survey file as read: rows with the unit's name and the points stored now, or why
    /// it cannot be used.
    preview: Option<Result<Vec<PreviewRow>, Vec<String>>>,
    workbook_path: String,
    /// What the last action did, said once.
    pub done: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
struct PreviewRow {
    row: SurveyRow,
    /// The unit's name in the year, or `None` when no unit of the year has this code.
    unit: Option<String>,
    now: Option<Points>,
}

#[derive(Debug, Clone)]
pub enum Message {
    SurveyPath(String),
    ReadSurvey,
    AcceptSurvey,
    CancelSurvey,
    WorkbookPath(String),
    ExportWorkbook,
}

pub fn update(state: &mut State, message: Message, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    state.done = None;
    match message {
        Message::SurveyPath(path) => {
            state.survey_path = path;
            state.preview = None;
        }
        Message::ReadSurvey => {
            state.error = None;
            state.preview = Some(read(&state.survey_path, ctx));
        }
        Message::CancelSurvey => state.preview = None,
        Message::AcceptSurvey => {
            let Some(Ok(rows)) = &state.preview else {
                return None;
            };
            let entries: Vec<SurveyEntry> = rows
                .iter()
                .map(|r| SurveyEntry {
                    row: r.row.row,
                    unit_code: r.row.unit_code.clone(),
                    criterion: r.row.criterion.clone(),
                    points: r.row.points,
                })
                .collect();
            let source = format!(
                "Nhập từ {}",
                PathBuf::from(state.survey_path.trim())
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            match ctx
                .store
                .set_survey_points(ctx.year, ctx.level, &entries, &source)
            {
                Ok(Ok(stored)) => {
                    state.preview = None;
                    state.done = Some(format!("{} {stored}", t::SURVEY_STORED.get(lang)));
                    return Some(Event::Saved);
                }
                // All or nothing: every refused row listed, none stored.
                Ok(Err(refused)) => {
                    let lines = refused
                        .into_iter()
                        .map(|(row, e)| format!("{} {row}: {}", t::ROW.get(lang), e.message(lang)))
                        .collect();
                    state.preview = Some(Err(lines));
                }
                Err(e) => return failed(&mut state.error, e.message(lang)),
            }
        }
        Message::WorkbookPath(path) => state.workbook_path = path,
        Message::ExportWorkbook => {
            let path = PathBuf::from(state.workbook_path.trim());
            if state.workbook_path.trim().is_empty() {
                return failed(&mut state.error, t::WORKBOOK_NO_PATH.get(lang).to_owned());
            }
            match xlsx::export_year(ctx.store, ctx.year, ctx.level, &path) {
                Ok(()) => {
                    state.error = None;
                    state.done = Some(format!(
                        "{} {}",
                        t::WORKBOOK_WRITTEN.get(lang),
                        path.display()
                    ));
                }
                Err(e) => return failed(&mut state.error, e.message(lang)),
            }
        }
    }
    None
}

/// Reads the survey file and matches its rows with the year's units and stored points.
fn read(path: &str, ctx: &Ctx<'_>) -> Result<Vec<PreviewRow>, Vec<String>> {
    let rows = xlsx::read_survey(&PathBuf::from(path.trim())).map_err(|e| e.lines(ctx.lang))?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut now: HashMap<(String, String), Points> = HashMap::new();
    if let Ok(results) = ctx.store.results(ctx.year, ctx.level, ctx.lang) {
        for (row, a) in results.rows.iter().zip(&results.assessments) {
            names.insert(a.unit.code.clone(), a.unit.name.clone());
            let survey = row
                .score
                .roots
                .iter()
                .flat_map(leaves_of)
                .filter(|l| l.leaf_kind == Some(LeafKind::Survey));
            for leaf in survey {
                if let Some(points) = leaf.final_points {
                    now.insert((a.unit.code.clone(), leaf.code.to_string()), points);
                }
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| PreviewRow {
            unit: names.get(&row.unit_code).cloned(),
            now: now
                .get(&(row.unit_code.clone(), row.criterion.clone()))
                .copied(),
            row,
        })
        .collect())
}

pub fn view<'a>(state: &'a State, lang: Lang, year: i32) -> Element<'a, Message> {
    let mut survey = column![
        text(format!("{} {year}", t::SURVEY_TITLE.get(lang))).font(style::BOLD),
        text(t::SURVEY_HINT.get(lang))
            .size(style::SMALL)
            .style(style::muted),
        row![
            text_input(t::SURVEY_PATH.get(lang), &state.survey_path)
                .id(SURVEY_PATH_ID)
                .on_input(Message::SurveyPath)
                .on_submit(Message::ReadSurvey),
            button(text(t::SET_IMPORT_READ.get(lang))).on_press_maybe(
                (!state.survey_path.trim().is_empty()).then_some(Message::ReadSurvey)
            ),
        ]
        .spacing(6),
    ]
    .spacing(6);
    match &state.preview {
        None => {}
        Some(Err(lines)) => survey = survey.push(refused_rows::view(lines, lang, 160.0)),
        Some(Ok(rows)) => {
            let lines: Vec<Element<'a, Message>> = rows
                .iter()
                .map(|r| {
                    let unit = r
                        .unit
                        .clone()
                        .unwrap_or_else(|| t::SURVEY_NO_UNIT.get(lang).to_owned());
                    let now = r.now.map(Points::to_vi).unwrap_or_else(|| "–".into());
                    text(format!(
                        "{} {} · {} · {} {}: {now} → {}",
                        t::ROW.get(lang),
                        r.row.row,
                        r.row.unit_code,
                        unit,
                        r.row.criterion,
                        r.row.points.to_vi()
                    ))
                    .size(style::SMALL)
                    .style(if r.unit.is_some() {
                        text::default
                    } else {
                        style::warning
                    })
                    .into()
                })
                .collect();
            survey = survey
                .push(text(format!("{} {}", rows.len(), t::SURVEY_ROWS.get(lang))))
                .push(
                    row![
                        button(text(t::SURVEY_ACCEPT.get(lang))).on_press(Message::AcceptSurvey),
                        button(text(t::CANCEL.get(lang)))
                            .style(button::secondary)
                            .on_press(Message::CancelSurvey),
                    ]
                    .spacing(6),
                )
                .push(scrollable(column(lines).spacing(1)).height(Length::Fixed(160.0)));
        }
    }
    let workbook = column![
        text(format!("{} {year}", t::WORKBOOK_TITLE.get(lang))).font(style::BOLD),
        row![
            text_input(t::WORKBOOK_PATH.get(lang), &state.workbook_path)
                .id(WORKBOOK_PATH_ID)
                .on_input(Message::WorkbookPath)
                .on_submit(Message::ExportWorkbook),
            button(text(t::WORKBOOK_EXPORT.get(lang))).on_press(Message::ExportWorkbook),
        ]
        .spacing(6),
    ]
    .spacing(6);
    let mut body = column![survey, workbook].spacing(14);
    if let Some(done) = &state.done {
        body = body.push(text(done.clone()).style(style::success));
    }
    if let Some(error) = &state.error {
        body = body.push(text(error.clone()).style(style::error));
    }
    container(body).padding(10).style(style::card).into()
}
