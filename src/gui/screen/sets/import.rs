//! Importing the year's index set from the province's appendix (XLSX, ODS or CSV): the file
//! is read into a preview (the tree with its points and kinds, the sums that do not add up,
//! the rules proposed from the guidance, or every unreadable row) and nothing is stored until
//! the officer accepts it.

use std::path::PathBuf;

use iced::widget::{
    Id, button, checkbox, column, container, operation, row, scrollable, text, text_input,
};
use iced::{Element, Length, Task};

use super::node_line;
use crate::domain::{Lang, Level, Node};
use crate::exchange::xlsx::{self, Appendix, SumChoice};
use crate::gui::i18n as t;
use crate::gui::screen::{Ctx, Event, failed, refused_rows};
use crate::gui::style;

/// The id of the path field, also used by tests to type into it.
pub const PATH_ID: &str = "set-import-path";

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
    Accept,
    Cancel,
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
        }
        Message::ChooseFile => {
            let pick = async {
                rfd::AsyncFileDialog::new()
                    .add_filter("Excel, LibreOffice, CSV", &["xlsx", "ods", "csv"])
                    .pick_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return done(Task::perform(pick, Message::Chosen), None);
        }
        Message::Chosen(Some(path)) => {
            panel.path = path.display().to_string();
            read(panel, ctx.year, ctx.level, lang);
        }
        Message::Chosen(None) => {}
        Message::Read => read(panel, ctx.year, ctx.level, lang),
        Message::Sums(choice) => panel.sums = Some(choice),
        Message::Replace(on) => panel.replace = on,
        Message::Cancel => *import = None,
        Message::Accept => {
            let Some(Ok(appendix)) = &panel.preview else {
                return done(Task::none(), None);
            };
            let mut appendix = appendix.clone();
            if !appendix.mismatches.is_empty() {
                let Some(choice) = panel.sums else {
                    let message = t::SET_IMPORT_CHOOSE_SUMS.get(lang).to_owned();
                    return done(Task::none(), failed(error, message));
                };
                appendix.settle(choice);
            }
            return match ctx.store.import_index_set(&appendix.set, panel.replace) {
                Ok(()) => {
                    *import = None;
                    *error = None;
                    (Task::none(), Some(Event::Saved), Outcome::Stored)
                }
                Err(e) => done(Task::none(), failed(error, e.message(lang))),
            };
        }
    }
    done(Task::none(), None)
}

/// Reads the file into the preview; the set is named after the file.
fn read(panel: &mut Import, year: i32, level: Level, lang: Lang) {
    let path = PathBuf::from(panel.path.trim());
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("Bộ chỉ số {year}"));
    panel.sums = None;
    // The file's problems in the officer's language, every unreadable row listed.
    panel.preview = Some(xlsx::read_appendix(&path, year, level, &name).map_err(|e| e.lines(lang)));
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
    }
    // The decision first, then what it is about: on a small screen the buttons stay in view.
    let ready = appendix.mismatches.is_empty() || panel.sums.is_some();
    body = body.push(
        button(text(t::SET_IMPORT_ACCEPT.get(lang)))
            .on_press_maybe((ready && (!has_set || panel.replace)).then_some(Message::Accept)),
    );
    body = body.push(scrollable(column(rows).spacing(1)).height(Length::Fixed(240.0)));
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
