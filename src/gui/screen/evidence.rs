//! Tài liệu kiểm chứng: the documents that prove each leaf; attach a file (dialog, typed
//! path or drag-and-drop), reuse a document, open it, remove a link; and the leaves that
//! require evidence and have none.

use std::path::PathBuf;

use iced::widget::{button, column, container, pick_list, row, rule, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::format::{date_short, parse_date};
use crate::domain::text::shorten;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::evidence::{Attachment, Evidence, EvidenceInfo, LinkedEvidence, Missing};
use crate::store::sheet::Sheet;

use super::unit_picker::{UnitChoice, unit_choices};
use super::{Ctx, Event, ViewCtx, failed};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafChoice {
    pub code: String,
    pub title: String,
}

impl std::fmt::Display for LeafChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Short enough for the picker's width.
        write!(f, "{} {}", self.code, shorten(&self.title, 44))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocChoice(pub i64, pub String);

impl std::fmt::Display for DocChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub leaves: Vec<LeafChoice>,
    pub leaf: Option<LeafChoice>,
    sheet: Option<Sheet>,
    pub links: Vec<LinkedEvidence>,
    pub docs: Vec<Evidence>,
    pub reuse: Option<DocChoice>,
    pub missing: Vec<Missing>,
    pub form: Form,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub path: String,
    pub doc_type: String,
    pub number: String,
    pub date: String,
    pub issuer: String,
    pub summary: String,
    pub page: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    PickUnit(UnitChoice),
    PickLeaf(LeafChoice),
    Path(String),
    ChooseFile,
    Chosen(Option<PathBuf>),
    DocType(String),
    Number(String),
    Date(String),
    Issuer(String),
    Summary(String),
    Page(String),
    Attach,
    Reuse(DocChoice),
    LinkExisting,
    Open(i64),
    Remove(i64),
    GoTo(String, String),
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.units = unit_choices(ctx);
        if self.unit.as_ref().is_none_or(|u| !self.units.contains(u)) {
            self.unit = self.units.first().cloned();
        }
        self.docs = ctx.store.evidence_docs().unwrap_or_default();
        self.missing = ctx
            .store
            .missing_evidence(ctx.year, ctx.level)
            .unwrap_or_default();
        self.load_unit(ctx);
    }

    fn load_unit(&mut self, ctx: &Ctx<'_>) {
        self.sheet = None;
        self.links.clear();
        let Some(unit) = &self.unit else { return };
        match ctx.store.sheet(ctx.year, ctx.level, &unit.code) {
            Ok(sheet) => {
                self.leaves = sheet
                    .set
                    .leaves()
                    .into_iter()
                    .map(|n| LeafChoice {
                        code: n.code.to_string(),
                        title: n.title.to_string(),
                    })
                    .collect();
                if self.leaf.as_ref().is_none_or(|l| !self.leaves.contains(l)) {
                    self.leaf = self.leaves.first().cloned();
                }
                if let Some(leaf) = &self.leaf {
                    self.links = ctx
                        .store
                        .links_for(&sheet.assessment, &leaf.code)
                        .unwrap_or_default();
                }
                self.sheet = Some(sheet);
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
    }

    /// A file dropped onto the window fills the attach form.
    pub fn dropped(&mut self, path: PathBuf) {
        self.form.path = path.display().to_string();
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    let lang = ctx.lang;
    match message {
        Message::PickUnit(u) => {
            state.unit = Some(u);
            state.load_unit(ctx);
        }
        Message::PickLeaf(l) => {
            state.leaf = Some(l);
            state.load_unit(ctx);
        }
        Message::GoTo(unit, code) => {
            state.unit = state.units.iter().find(|u| u.code == unit).cloned();
            state.leaf = Some(LeafChoice {
                code,
                title: String::new(),
            });
            state.load_unit(ctx);
            if let Some(leaf) = &state.leaf {
                state.leaf = state.leaves.iter().find(|l| l.code == leaf.code).cloned();
            }
            state.load_unit(ctx);
        }
        Message::Path(v) => state.form.path = v,
        Message::ChooseFile => {
            let pick = async {
                rfd::AsyncFileDialog::new()
                    .pick_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return (Task::perform(pick, Message::Chosen), None);
        }
        Message::Chosen(Some(path)) => state.form.path = path.display().to_string(),
        Message::Chosen(None) => {
            return (
                Task::none(),
                failed(&mut state.error, t::NO_DIALOG.get(lang).to_owned()),
            );
        }
        Message::DocType(v) => state.form.doc_type = v,
        Message::Number(v) => state.form.number = v,
        Message::Date(v) => state.form.date = v,
        Message::Issuer(v) => state.form.issuer = v,
        Message::Summary(v) => state.form.summary = v,
        Message::Page(v) => state.form.page = v,
        Message::Attach => return (Task::none(), attach(state, ctx)),
        Message::Reuse(d) => state.reuse = Some(d),
        Message::LinkExisting => {
            let (Some(sheet), Some(leaf), Some(doc)) = (&state.sheet, &state.leaf, &state.reuse)
            else {
                return (Task::none(), None);
            };
            let result = ctx.store.link_existing(
                doc.0,
                &sheet.assessment,
                &sheet.set,
                &leaf.code,
                &state.form.page,
            );
            return (Task::none(), finish(state, ctx, result));
        }
        Message::Open(doc_id) => return (Task::none(), open_doc(state, ctx, doc_id)),
        Message::Remove(doc_id) => {
            let (Some(sheet), Some(leaf)) = (&state.sheet, &state.leaf) else {
                return (Task::none(), None);
            };
            let result = ctx
                .store
                .unlink_doc(doc_id, &sheet.assessment, &sheet.set, &leaf.code);
            return (Task::none(), finish(state, ctx, result));
        }
    }
    (Task::none(), None)
}

fn attach(state: &mut State, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    let (Some(sheet), Some(leaf)) = (&state.sheet, &state.leaf) else {
        return None;
    };
    let path = PathBuf::from(state.form.path.trim());
    let read = ctx
        .store
        .refuse_self(&path)
        .and_then(|()| crate::store::evidence::read_evidence_file(&path));
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            let message = format!(
                "{} {}: {}",
                lang.pick("Không đọc được tệp", "Cannot read"),
                path.display(),
                e.message(lang)
            );
            return failed(&mut state.error, message);
        }
    };
    let date = if state.form.date.trim().is_empty() {
        None
    } else {
        match parse_date(&state.form.date) {
            Some(d) => Some(d),
            None => return failed(&mut state.error, t::BAD_DATE.get(lang).to_owned()),
        }
    };
    let info = EvidenceInfo {
        doc_type: state.form.doc_type.clone(),
        number: state.form.number.clone(),
        issue_date: date,
        issuer: state.form.issuer.clone(),
        summary: state.form.summary.clone(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = Attachment {
        file_name: &name,
        bytes: &bytes,
        page: &state.form.page,
    };
    let result = ctx
        .store
        .attach(&sheet.assessment, &sheet.set, &leaf.code, &info, &file);
    if result.is_ok() {
        state.form = Form::default();
    }
    finish(state, ctx, result)
}

fn open_doc(state: &mut State, ctx: &Ctx<'_>, doc_id: i64) -> Option<Event> {
    // The store writes the file (a safe name, in a private folder); the desktop opens it.
    let message = match ctx.store.evidence_to_open(doc_id) {
        Ok(Some(path)) => match open::that_detached(&path) {
            Ok(()) => return None,
            Err(e) => format!("{}: {e}", path.display()),
        },
        Ok(None) => t::FILE_NOT_INCLUDED.get(ctx.lang).to_owned(),
        Err(e) => e.message(ctx.lang),
    };
    failed(&mut state.error, message)
}

fn finish(state: &mut State, ctx: &Ctx<'_>, result: crate::store::Result<()>) -> Option<Event> {
    match result {
        Ok(()) => {
            state.error = None;
            state.refresh(ctx);
            Some(Event::Saved)
        }
        Err(e) => failed(&mut state.error, e.message(ctx.lang)),
    }
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let pickers = row![
        pick_list(
            state.units.as_slice(),
            state.unit.clone(),
            Message::PickUnit
        )
        .placeholder(t::PICK_UNIT.get(lang))
        .width(280),
        pick_list(
            state.leaves.as_slice(),
            state.leaf.clone(),
            Message::PickLeaf
        )
        .placeholder(t::LEAF.get(lang))
        .text_size(style::SMALL)
        .menu_height(Length::Fixed(420.0))
        .width(Length::Fill),
    ]
    .spacing(8);

    let mut linked = column![text(t::LINKED_DOCS.get(lang)).font(style::BOLD)].spacing(4);
    for l in &state.links {
        let date = l.doc.issue_date.map(date_short).unwrap_or_default();
        let mut line = row![
            column![
                text(format!("{} {} {}", l.doc.doc_type, l.doc.number, date))
                    .font(style::BOLD)
                    .size(style::SMALL),
                text(format!("{} · {} · {}", l.doc.summary, l.doc.issuer, l.page))
                    .size(style::SMALL),
            ]
            .width(Length::Fill),
        ]
        .spacing(6)
        .align_y(Alignment::Center);
        if l.doc.file_included {
            line = line.push(
                button(text(t::OPEN.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::Open(l.doc.id)),
            );
        } else {
            line = line.push(
                text(t::FILE_NOT_INCLUDED.get(lang))
                    .size(style::SMALL)
                    .style(style::muted),
            );
        }
        line = line.push(
            button(text(t::REMOVE_LINK.get(lang)).size(style::SMALL))
                .style(button::danger)
                .on_press(Message::Remove(l.doc.id)),
        );
        linked = linked.push(line);
    }

    let f = &state.form;
    let form = container(
        column![
            text(t::ATTACH_NEW.get(lang)).font(style::BOLD),
            row![
                text_input(t::DOC_FILE.get(lang), &f.path)
                    .id("ev-path")
                    .on_input(Message::Path),
                button(text(t::CHOOSE_FILE.get(lang)))
                    .style(button::secondary)
                    .on_press(Message::ChooseFile),
            ]
            .spacing(6),
            text(t::DROP_HINT.get(lang))
                .size(style::SMALL)
                .style(style::muted),
            row![
                text_input(t::DOC_TYPE.get(lang), &f.doc_type)
                    .id("ev-type")
                    .on_input(Message::DocType)
                    .width(140),
                text_input(t::DOC_NUMBER.get(lang), &f.number)
                    .id("ev-number")
                    .on_input(Message::Number)
                    .width(150),
                text_input(t::DOC_DATE.get(lang), &f.date)
                    .id("ev-date")
                    .on_input(Message::Date)
                    .width(130),
                text_input(t::DOC_ISSUER.get(lang), &f.issuer)
                    .id("ev-issuer")
                    .on_input(Message::Issuer),
            ]
            .spacing(6),
            row![
                text_input(t::DOC_SUMMARY.get(lang), &f.summary)
                    .id("ev-summary")
                    .on_input(Message::Summary),
                text_input(t::DOC_PAGE.get(lang), &f.page)
                    .id("ev-page")
                    .on_input(Message::Page)
                    .width(130),
                button(text(t::ATTACH.get(lang))).on_press(Message::Attach),
            ]
            .spacing(6),
            rule::horizontal(1),
            row![
                pick_list(
                    state
                        .docs
                        .iter()
                        .map(|d| DocChoice(d.id, format!("{} — {}", d.reference(), d.summary)))
                        .collect::<Vec<_>>(),
                    state.reuse.clone(),
                    Message::Reuse
                )
                .placeholder(t::REUSE_DOC.get(lang))
                .width(Length::Fill),
                button(text(t::LINK.get(lang)))
                    .on_press_maybe(state.reuse.as_ref().map(|_| Message::LinkExisting)),
            ]
            .spacing(6),
        ]
        .spacing(6),
    )
    .padding(10)
    .style(style::card);

    // With a unit chosen the list is that unit's; the count of every unit stays in view.
    let shown: Vec<&Missing> = state
        .missing
        .iter()
        .filter(|m| state.unit.as_ref().is_none_or(|u| u.code == m.unit_code))
        .collect();
    let heading = match &state.unit {
        Some(unit) => format!(
            "{} — {} ({}; {} {})",
            t::MISSING_EVIDENCE.get(lang),
            unit.name,
            shown.len(),
            t::ALL_UNITS_COUNT.get(lang),
            state.missing.len()
        ),
        None => format!(
            "{} ({})",
            t::MISSING_EVIDENCE.get(lang),
            state.missing.len()
        ),
    };
    let mut missing = column![text(heading).font(style::BOLD)].spacing(2);
    if shown.is_empty() {
        missing = missing.push(text(t::NO_MISSING.get(lang)).size(style::SMALL));
    }
    for m in shown.into_iter().take(300) {
        missing = missing.push(
            button(
                text(if state.unit.is_some() {
                    // The heading names the unit already.
                    format!("{} {}", m.code, m.title)
                } else {
                    format!("{} · {} {}", m.unit_name, m.code, m.title)
                })
                .size(style::SMALL),
            )
            .style(button::text)
            .padding([1, 4])
            .on_press(Message::GoTo(m.unit_code.clone(), m.code.clone())),
        );
    }
    let mut page = column![pickers, linked, form].spacing(10);
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    row![
        scrollable(page.padding(iced::Padding::ZERO.right(14))).width(Length::FillPortion(3)),
        scrollable(missing.padding(iced::Padding::ZERO.right(14))).width(Length::FillPortion(2)),
    ]
    .spacing(12)
    .height(Length::Fill)
    .into()
}
