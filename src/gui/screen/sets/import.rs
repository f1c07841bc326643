//! Importing the year's index set from the province's appendix (XLSX or CSV): the file
//! is read into a preview (the tree with its points and kinds, the sums that do not add up,
//! the rules proposed from the guidance, or every unreadable row) and nothing is stored until
//! the officer accepts it.

use std::path::PathBuf;

use iced::widget::{
    Id, button, checkbox, column, container, operation, row, scrollable, text, text_input,
};
use iced::{Element, Length, Padding, Task};

use super::{SCROLLBAR_ROOM, node_line};
use crate::domain::format::parse_date;
use crate::domain::{IndexSet, Lang, Level, Node};
use crate::exchange::xlsx::{self, Appendix, SumChoice};
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, Job, failed, refused_rows};
use crate::gui::style;
use crate::store::reissue::ReissuePlan;

/// The id of the path field, also used by tests to type into it.
pub const PATH_ID: &str = "set-import-path";
/// The ids of the re-issue's decision number and date.
pub const REISSUE_DECISION_ID: &str = "set-reissue-decision";
pub const REISSUE_DATE_ID: &str = "set-reissue-date";

/// The import panel while it is open.
#[derive(Debug, Default)]
pub struct Import {
    pub path: String,
    /// The file as read: the appendix, or the lines saying why it cannot be used.
    preview: Option<Result<Appendix, Vec<String>>>,
    /// The officer's choice about sums that do not add up (needed when there are any).
    sums: Option<SumChoice>,
    /// Replace the set of this year and level (allowed while nobody has scored against it).
    replace: bool,
    /// Re-issue the year's set as its next version (a corrected decision); never with
    /// `replace`.
    reissue: bool,
    decision: String,
    decision_date: String,
    /// What the re-issue would keep, clear and add, or why it cannot be done; worked out
    /// again at each change of the choice or the decision.
    reissue_plan: Option<Result<ReissuePlan, String>>,
    /// The name of the set in force: a re-issue keeps it (the file's name is no set's name).
    name_in_force: Option<String>,
    /// "Ban hành lại" pressed once: the next press re-issues (it clears entered values).
    confirming: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open,
    Path(String),
    ChooseFile,
    Chosen(Option<PathBuf>),
    Read,
    Sums(SumChoice),
    Replace(bool),
    Reissue(bool),
    Decision(String),
    DecisionDate(String),
    Accept,
    Cancel,
    /// The file read in the background: the appendix, or every reason it cannot be used.
    ReadDone(Result<Box<Appendix>, Vec<String>>),
    /// The set stored in the background, or why not.
    Stored(Result<(), String>),
}

/// What the sets screen does after a message: keep going, or read the stored set again.
pub enum Outcome {
    Nothing,
    Stored,
}

pub fn update(
    import: &mut Option<Import>,
    message: Message,
    ctx: &mut Ctx<'_>,
    error: &mut Option<String>,
) -> (Task<Message>, Option<Event>, Outcome) {
    let lang = ctx.lang;
    let done = |task, event| (task, event, Outcome::Nothing);
    if let Message::Open = message {
        *import = Some(Import::default());
        // The keyboard in the path field: a path can be typed or pasted at once.
        return done(operation::focus(Id::new(PATH_ID)), None);
    }
    let Some(panel) = import.as_mut() else {
        return done(Task::none(), None);
    };
    match message {
        Message::Open => {}
        Message::Path(path) => {
            panel.path = path;
            panel.preview = None;
            panel.reissue_plan = None;
        }
        Message::ChooseFile => {
            let pick = async {
                rfd::AsyncFileDialog::new()
                    .add_filter("Excel, CSV", &["xlsx", "csv"])
                    .pick_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return done(Task::perform(pick, Message::Chosen), None);
        }
        Message::Chosen(Some(path)) => {
            panel.path = path.display().to_string();
            return done(Task::none(), Some(read(panel, ctx.year, ctx.level, lang)));
        }
        Message::Chosen(None) => {}
        Message::Read => return done(Task::none(), Some(read(panel, ctx.year, ctx.level, lang))),
        Message::ReadDone(preview) => {
            panel.preview = Some(preview.map(|a| *a));
            plan_reissue(panel, ctx, lang);
        }
        Message::Sums(choice) => panel.sums = Some(choice),
        Message::Replace(on) => {
            panel.replace = on;
            panel.reissue &= !on;
        }
        Message::Reissue(on) => {
            panel.reissue = on;
            panel.replace &= !on;
            plan_reissue(panel, ctx, lang);
        }
        // The comparison depends on the trees only: typing the decision asks nothing of
        // the file, it only takes back a confirmation already given.
        Message::Decision(text) => {
            panel.decision = text;
            panel.confirming = false;
        }
        Message::DecisionDate(text) => {
            panel.decision_date = text;
            panel.confirming = false;
        }
        Message::Cancel => *import = None,
        Message::Accept => {
            let Some(Ok(appendix)) = &panel.preview else {
                return done(Task::none(), None);
            };
            // A re-issue clears what was entered for changed criteria: asked once more.
            if panel.reissue && !panel.confirming {
                panel.confirming = true;
                return done(Task::none(), None);
            }
            let mut appendix = appendix.clone();
            if !appendix.mismatches.is_empty() {
                let Some(choice) = panel.sums else {
                    let message = t::SET_IMPORT_CHOOSE_SUMS.get(lang).to_owned();
                    return done(Task::none(), failed(error, message));
                };
                appendix.settle(choice);
            }
            let replace = panel.replace;
            let reissue = if panel.reissue {
                match reissued(panel, &appendix, lang) {
                    Ok(set) => Some(set),
                    Err(message) => return done(Task::none(), failed(error, message)),
                }
            } else {
                None
            };
            let job = Job::new(
                t::SET_STORING,
                move |store, _| {
                    let stored = match &reissue {
                        Some(set) => store.reissue_index_set(set).map(drop),
                        None => store.import_index_set(&appendix.set, replace),
                    };
                    Message::Stored(stored.map_err(|e| e.message(lang)))
                },
                back,
            );
            return done(Task::none(), Some(Event::Background(job)));
        }
        Message::Stored(Ok(())) => {
            *import = None;
            *error = None;
            return (Task::none(), Some(Event::Saved), Outcome::Stored);
        }
        Message::Stored(Err(e)) => return done(Task::none(), failed(error, e)),
    }
    done(Task::none(), None)
}

/// The appendix's set as the re-issue stores it: with the new decision, under the name of
/// the set in force when the file gives none of its own.
fn reissued(panel: &Import, appendix: &Appendix, lang: Lang) -> Result<IndexSet, String> {
    let date = decision_date(panel).map_err(|()| t::SET_REISSUE_BAD_DATE.get(lang).to_owned())?;
    let mut set = appendix.set.clone();
    if let Some(name) = &panel.name_in_force {
        set.name = name.clone();
    }
    set.decision = panel.decision.trim().to_owned();
    set.decision_date = date;
    Ok(set)
}

/// The typed decision date: none, a date, or unreadable.
fn decision_date(panel: &Import) -> Result<Option<chrono::NaiveDate>, ()> {
    match panel.decision_date.trim() {
        "" => Ok(None),
        text => parse_date(text).map(Some).ok_or(()),
    }
}

/// Works out what the re-issue would do (nothing is stored).
fn plan_reissue(panel: &mut Import, ctx: &Ctx<'_>, lang: Lang) {
    panel.confirming = false;
    panel.name_in_force = ctx
        .store
        .index_set(ctx.year, ctx.level)
        .ok()
        .map(|(_, set)| set.name);
    panel.reissue_plan = match (&panel.preview, panel.reissue) {
        (Some(Ok(appendix)), true) => Some(
            ctx.store
                .plan_reissue(&appendix.set)
                .map_err(|e| e.message(lang)),
        ),
        _ => None,
    };
}

/// The sets screen's messages wrapped as the app's, for a job's answer.
fn back(message: Message) -> crate::gui::Message {
    crate::gui::Message::Sets(super::Message::Import(message))
}

/// Reads the file into the preview, in the background; the set is named after the file.
fn read(panel: &mut Import, year: i32, level: Level, lang: Lang) -> Event {
    let path = PathBuf::from(panel.path.trim());
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("Bộ chỉ số {year}"));
    panel.sums = None;
    panel.preview = None;
    // The file's problems in the officer's language, every unreadable row listed.
    Event::Background(Job::new(
        t::SET_READING,
        move |_, _| {
            Message::ReadDone(
                xlsx::read_appendix(&path, year, level, &name)
                    .map(Box::new)
                    .map_err(|e| e.lines(lang)),
            )
        },
        back,
    ))
}

pub fn view<'a>(panel: &'a Import, lang: Lang, has_set: bool) -> Element<'a, Message> {
    let mut body = column![
        text(t::SET_IMPORT.get(lang)).font(style::BOLD),
        text(t::SET_IMPORT_HINT.get(lang))
            .size(style::SMALL)
            .style(style::muted),
        row![
            text_input(t::SET_IMPORT_PATH.get(lang), &panel.path)
                .id(PATH_ID)
                .on_input(Message::Path)
                .on_submit(Message::Read),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseFile),
            button(text(t::SET_IMPORT_READ.get(lang)))
                .on_press_maybe((!panel.path.trim().is_empty()).then_some(Message::Read)),
            button(text(t::CANCEL.get(lang)))
                .style(button::secondary)
                .on_press(Message::Cancel),
        ]
        .spacing(6),
    ]
    .spacing(6);
    match &panel.preview {
        None => {}
        Some(Err(lines)) => body = body.push(refused_rows::view(lines, lang, 220.0)),
        Some(Ok(appendix)) => body = body.push(preview(panel, appendix, lang, has_set)),
    }
    container(body).padding(10).style(style::card).into()
}

fn preview<'a>(
    panel: &'a Import,
    appendix: &'a Appendix,
    lang: Lang,
    has_set: bool,
) -> Element<'a, Message> {
    let set = &appendix.set;
    let mut rows = Vec::new();
    tree_lines(&set.roots, 0, lang, &mut rows);
    let mut body = column![text(format!(
        "{}: {} {} · {} {} · {}: {}",
        t::SET_IMPORT_FOUND.get(lang),
        set.roots.len(),
        t::SET_IMPORT_AREAS.get(lang),
        set.leaves().len(),
        t::SET_IMPORT_LEAVES.get(lang),
        t::TOTAL.get(lang),
        set.tree_total().to_vi()
    ))]
    .spacing(6);
    if !appendix.mismatches.is_empty() {
        let mut sums = column![text(t::SET_IMPORT_SUMS.get(lang)).style(style::warning)].spacing(2);
        for m in &appendix.mismatches {
            sums = sums.push(
                text(format!(
                    "{}: {} {} · {} {}",
                    m.code,
                    t::SET_IMPORT_PRINTED.get(lang),
                    m.printed.to_vi(),
                    t::SET_IMPORT_SUM.get(lang),
                    m.sum.to_vi()
                ))
                .size(style::SMALL),
            );
        }
        let choice = |label: t::Tr, value: SumChoice| {
            let chosen = panel.sums == Some(value);
            button(text(label.get(lang)).size(style::SMALL))
                .style(if chosen {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::Sums(value))
        };
        sums = sums.push(
            row![
                choice(t::SET_IMPORT_KEEP_PRINTED, SumChoice::Printed),
                choice(t::SET_IMPORT_USE_SUM, SumChoice::Sum),
            ]
            .spacing(6),
        );
        body = body.push(sums);
    }
    if has_set {
        body = body.push(
            checkbox(panel.replace)
                .label(t::SET_IMPORT_REPLACE.get(lang))
                .on_toggle(Message::Replace)
                .text_size(style::SMALL),
        );
        body = body.push(
            checkbox(panel.reissue)
                .label(t::SET_REISSUE.get(lang))
                .on_toggle(Message::Reissue)
                .text_size(style::SMALL),
        );
        if panel.reissue {
            body = body.push(reissue_view(panel, lang));
        }
    }
    // The decision first, then what it is about: on a small screen the buttons stay in view.
    let ready = appendix.mismatches.is_empty() || panel.sums.is_some();
    let reissue_ready = matches!(panel.reissue_plan, Some(Ok(_)))
        && !panel.decision.trim().is_empty()
        && decision_date(panel).is_ok();
    let (label, allowed) = match (panel.reissue, panel.confirming) {
        (true, false) => (t::SET_REISSUE_ACCEPT.get(lang).to_owned(), reissue_ready),
        (true, true) => {
            let cleared = match &panel.reissue_plan {
                Some(Ok(plan)) => plan.scores_cleared,
                _ => 0,
            };
            body = body.push(
                text(format!(
                    "{} {cleared} {}",
                    t::SET_REISSUE_CONFIRM.get(lang),
                    t::SET_REISSUE_CLEARED.get(lang)
                ))
                .style(style::warning),
            );
            (
                t::SET_REISSUE_CONFIRM_BUTTON.get(lang).to_owned(),
                reissue_ready,
            )
        }
        (false, _) => (
            t::SET_IMPORT_ACCEPT.get(lang).to_owned(),
            !has_set || panel.replace,
        ),
    };
    if has_set && !panel.reissue && !panel.replace {
        body = body.push(
            text(t::SET_IMPORT_CHOOSE_EXISTING.get(lang))
                .size(style::SMALL)
                .style(style::muted),
        );
    }
    body = body
        .push(button(text(label)).on_press_maybe((ready && allowed).then_some(Message::Accept)));
    body = body.push(
        scrollable(
            column(rows)
                .spacing(1)
                .padding(Padding::ZERO.right(SCROLLBAR_ROOM)),
        )
        .height(Length::Fixed(240.0)),
    );
    if !appendix.rules.is_empty() {
        let mut rules = column![text(t::SET_IMPORT_RULES.get(lang)).size(style::SMALL)].spacing(2);
        for rule in &appendix.rules {
            rules = rules.push(
                text(format!(
                    "{}: {} ← \"{}\"",
                    rule.code,
                    rule.proposal.describe(),
                    crate::domain::text::shorten(&rule.sentence, 110)
                ))
                .size(11)
                .style(style::muted),
            );
        }
        body = body.push(scrollable(rules).height(Length::Fixed(120.0)));
    }
    body.into()
}

/// The tree as read, one line per node: code, title, kind, points.
fn tree_lines<'a>(
    nodes: &'a [Node],
    depth: usize,
    lang: Lang,
    out: &mut Vec<Element<'a, Message>>,
) {
    for node in nodes {
        out.push(node_line(node, depth, lang).into());
        tree_lines(&node.children, depth + 1, lang, out);
    }
}

/// The new decision's number and date, and what the re-issue keeps, clears and adds.
fn reissue_view<'a>(panel: &'a Import, lang: Lang) -> Element<'a, Message> {
    let mut body = column![
        row![
            text_input(t::SET_REISSUE_DECISION.get(lang), &panel.decision)
                .id(REISSUE_DECISION_ID)
                .on_input(Message::Decision)
                .size(style::SMALL),
            text_input(t::SET_REISSUE_DATE.get(lang), &panel.decision_date)
                .id(REISSUE_DATE_ID)
                .on_input(Message::DecisionDate)
                .size(style::SMALL)
                .width(Length::Fixed(170.0)),
        ]
        .spacing(6)
    ]
    .spacing(3);
    if decision_date(panel).is_err() {
        body = body.push(
            text(t::SET_REISSUE_BAD_DATE.get(lang))
                .size(style::SMALL)
                .style(style::error),
        );
    }
    if panel.decision.trim().is_empty() {
        body = body.push(
            text(t::SET_REISSUE_NEED_DECISION.get(lang))
                .size(style::SMALL)
                .style(style::muted),
        );
    }
    match &panel.reissue_plan {
        None => {}
        Some(Err(why)) => {
            body = body.push(text(why.clone()).size(style::SMALL).style(style::error))
        }
        Some(Ok(plan)) => {
            let c = &plan.comparison;
            body = body.push(
                text(format!(
                    "{} {} → {}: {} {} · {} {}",
                    t::SET_VERSION.get(lang),
                    plan.from_version,
                    plan.from_version + 1,
                    c.carried.len(),
                    t::SET_REISSUE_KEPT.get(lang),
                    plan.scores_cleared,
                    t::SET_REISSUE_CLEARED.get(lang),
                ))
                .size(style::SMALL),
            );
            let lines: Vec<Element<'a, Message>> = c
                .lines(lang)
                .into_iter()
                .map(|line| text(line).size(style::SMALL).into())
                .collect();
            body = body.push(
                scrollable(
                    column(lines)
                        .spacing(1)
                        .padding(Padding::ZERO.right(SCROLLBAR_ROOM)),
                )
                .height(Length::Fixed(120.0)),
            );
        }
    }
    body.into()
}
