//! Spreadsheets on the exchange screen: survey points (ĐTXHH) read from XLSX/CSV into a
//! preview (each row with its unit's name and the points it replaces) and stored only when
//! accepted, all or nothing; and the year's workbook written for Excel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Element, Length};

use crate::domain::scoring::leaves_of;
use crate::domain::{Lang, LeafKind, Level, Points};
use crate::exchange::xlsx::{self, SurveyRow};
use crate::gui::background::Progress;
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, Job, failed, refused_rows};
use crate::gui::style;
use crate::store::Store;
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
    /// What the last action did, said once, under the card that did it.
    pub done: Option<(Card, String)>,
    pub error: Option<String>,
}

/// The two cards of this part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    Survey,
    Workbook,
}

#[derive(Debug, Clone)]
pub struct PreviewRow {
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
    /// The survey file read in the background: its rows, or why it cannot be used.
    SurveyRead(Result<Vec<PreviewRow>, Vec<String>>),
    /// The survey points stored (how many), the rows refused (none stored), or why not.
    SurveyStored(Result<Result<usize, Vec<String>>, String>),
    WorkbookWritten(Result<PathBuf, String>),
}

/// The screen's messages wrapped as the app's, for a job's answer.
fn back(message: Message) -> crate::gui::Message {
    crate::gui::Message::Exchange(super::Message::Sheets(message))
}

pub fn update(state: &mut State, message: Message, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    let (year, level) = (ctx.year, ctx.level);
    state.done = None;
    match message {
        Message::SurveyPath(path) => {
            state.survey_path = path;
            state.preview = None;
        }
        Message::ReadSurvey => {
            state.error = None;
            let path = PathBuf::from(state.survey_path.trim());
            return Some(Event::Background(Job::new(
                t::SURVEY_READING,
                move |store, progress| {
                    Message::SurveyRead(read(&path, store, year, level, lang, progress))
                },
                back,
            )));
        }
        Message::SurveyRead(preview) => state.preview = Some(preview),
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
            let job = Job::new(
                t::SURVEY_STORING,
                move |store, progress| {
                    let stored = store.set_survey_points_reporting(
                        year,
                        level,
                        &entries,
                        &source,
                        &mut |d, t| progress.report(d, t),
                    );
                    Message::SurveyStored(
                        stored
                            .map(|r| r.map_err(|refused| refused_lines(refused, lang)))
                            .map_err(|e| e.message(lang)),
                    )
                },
                back,
            );
            return Some(Event::Background(job.counting(t::SURVEY_STORING_COUNTED)));
        }
        Message::SurveyStored(Ok(Ok(stored))) => {
            state.preview = None;
            state.done = Some((
                Card::Survey,
                format!("{} {stored}", t::SURVEY_STORED.get(lang)),
            ));
            return Some(Event::Saved);
        }
        // All or nothing: every refused row listed, none stored.
        Message::SurveyStored(Ok(Err(lines))) => state.preview = Some(Err(lines)),
        Message::SurveyStored(Err(e)) => return failed(&mut state.error, e),
        Message::WorkbookPath(path) => state.workbook_path = path,
        Message::ExportWorkbook => {
            let path = PathBuf::from(state.workbook_path.trim());
            if state.workbook_path.trim().is_empty() {
                return failed(&mut state.error, t::WORKBOOK_NO_PATH.get(lang).to_owned());
            }
            let job = Job::new(
                t::WORKBOOK_WRITING,
                move |store, progress| {
                    let written =
                        xlsx::export_year_reporting(store, year, level, &path, &mut |d, t| {
                            progress.report(d, t)
                        });
                    Message::WorkbookWritten(
                        written.map(|()| path.clone()).map_err(|e| e.message(lang)),
                    )
                },
                back,
            );
            return Some(Event::Background(job.counting(t::WORKBOOK_WRITING_COUNTED)));
        }
        Message::WorkbookWritten(Ok(path)) => {
            state.error = None;
            state.done = Some((
                Card::Workbook,
                format!("{} {}", t::WORKBOOK_WRITTEN.get(lang), path.display()),
            ));
        }
        Message::WorkbookWritten(Err(e)) => return failed(&mut state.error, e),
    }
    None
}

/// The refused rows of a survey file, each with its number and reason.
fn refused_lines(refused: Vec<(usize, crate::store::StoreError)>, lang: Lang) -> Vec<String> {
    refused
        .into_iter()
        .map(|(row, e)| format!("{} {row}: {}", t::ROW.get(lang), e.message(lang)))
        .collect()
}

/// Reads the survey file and matches its rows with the year's units and stored points: two
/// steps (the file, then the year's results).
fn read(
    path: &Path,
    store: &Store,
    year: i32,
    level: Level,
    lang: Lang,
    progress: &mut Progress,
) -> Result<Vec<PreviewRow>, Vec<String>> {
    progress.report(0, 2);
    let rows = xlsx::read_survey(path).map_err(|e| e.lines(lang))?;
    progress.report(1, 2);
    let mut names: HashMap<String, String> = HashMap::new();
    let mut now: HashMap<(String, String), Points> = HashMap::new();
    if let Ok(results) = store.results(year, level, lang) {
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
    let said = |card: Card| {
        state
            .done
            .as_ref()
            .filter(|(c, _)| *c == card)
            .map(|(_, done)| text(done.clone()).style(style::success))
    };
    survey = survey.push(said(Card::Survey));
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
        said(Card::Workbook),
    ]
    .spacing(6);
    let mut body = column![survey, workbook].spacing(14);
    if let Some(error) = &state.error {
        body = body.push(text(error.clone()).style(style::error));
    }
    container(body).padding(10).style(style::card).into()
}
