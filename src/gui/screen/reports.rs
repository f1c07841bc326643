//! Báo cáo: the printable documents (ranking, report, scorecards) as PDF, and the year's
//! report settings (number, date, signature, recipients). The page model is built from the
//! file at once; rendering and writing run in a task, so the window never freezes.

use std::path::PathBuf;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_editor, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::documents::{self, Kind};
use crate::domain::Lang;
use crate::domain::format::{date_short, parse_date};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::reports::ReportSettings;

use super::unit_picker::{UnitChoice, unit_choices};
use super::{Ctx, Event, Job, ViewCtx, failed};
use crate::gui::background::Progress;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindChoice(pub Kind, pub Lang);

impl std::fmt::Display for KindChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = match self.0 {
            Kind::Ranking => t::DOC_RANKING,
            Kind::Report => t::DOC_REPORT,
            Kind::Scorecard => t::DOC_SCORECARD,
            Kind::Summary => t::DOC_PERIOD_SUMMARY,
        };
        f.write_str(label.get(self.1))
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub kind: Option<Kind>,
    pub units: Vec<UnitChoice>,
    /// `None` makes the scorecards of every unit.
    pub unit: Option<UnitChoice>,
    pub path: String,
    /// A document is being made in the background (its answer not back yet).
    pub busy: bool,
    pub made: Option<Result<PathBuf, String>>,
    pub form: Form,
    /// "Nơi nhận", one recipient per line as it is printed.
    pub recipients: text_editor::Content,
    pub error: Option<String>,
    /// The units not final of a year whose report was asked for: the window asks before it
    /// prints a draft.
    pub not_final: Option<Vec<String>>,
}

/// The report settings as typed.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub issuer_parent: String,
    pub issuer: String,
    pub number: String,
    pub place: String,
    pub date: String,
    pub summary: String,
    pub signer_mode: String,
    pub signer_title: String,
    pub signer_name: String,
    pub ranking_signed: bool,
    body_template: String,
    title: String,
    signer_org: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Kind(KindChoice),
    Unit(UnitChoice),
    AllUnits,
    Path(String),
    Choose,
    Chosen(Option<PathBuf>),
    Make,
    /// Print the report of a year in progress as a draft, after the question.
    MakeDraft,
    CancelDraft,
    Made(Result<PathBuf, String>),
    /// The report was asked of a year not final: these units are not.
    NotFinal(Vec<String>),
    OpenPdf,
    Field(Field, String),
    Recipients(text_editor::Action),
    RankingSigned(bool),
    SaveSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    IssuerParent,
    Issuer,
    Number,
    Place,
    Date,
    Summary,
    SignerMode,
    SignerTitle,
    SignerName,
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.kind.get_or_insert(Kind::Ranking);
        self.units = unit_choices(ctx);
        if self.unit.as_ref().is_some_and(|u| !self.units.contains(u)) {
            self.unit = None;
        }
        let settings = ctx
            .store
            .report_settings(ctx.year, ctx.level)
            .ok()
            .flatten()
            .unwrap_or_default();
        self.recipients = text_editor::Content::with_text(&settings.recipients.join("\n"));
        self.form = Form {
            issuer_parent: settings.issuer_parent,
            issuer: settings.issuer,
            number: settings.number,
            place: settings.place,
            date: settings.date.map(date_short).unwrap_or_default(),
            summary: settings.summary,
            signer_mode: if settings.signer_mode.is_empty() {
                "TM".into()
            } else {
                settings.signer_mode
            },
            signer_title: settings.signer_title,
            signer_name: settings.signer_name,
            ranking_signed: settings.ranking_signed,
            body_template: settings.body_template,
            title: settings.title,
            signer_org: settings.signer_org,
        };
        self.path = default_path(
            self.kind.unwrap_or(Kind::Ranking),
            ctx.year,
            ctx.level,
            self.unit.as_ref(),
        )
        .display()
        .to_string();
    }
}

/// ~/Documents/bang-xep-hang-2024-cap-xa.pdf and the like.
fn default_path(
    kind: Kind,
    year: i32,
    level: crate::domain::Level,
    unit: Option<&UnitChoice>,
) -> PathBuf {
    let folder = super::documents_folder();
    let level = match level {
        crate::domain::Level::Commune => "cap-xa",
        crate::domain::Level::District => "cap-huyen",
    };
    let name = match (kind, unit) {
        (Kind::Ranking, _) => format!("bang-xep-hang-{year}-{level}.pdf"),
        (Kind::Report, _) => format!("bao-cao-chi-so-cchc-{year}-{level}.pdf"),
        (Kind::Scorecard, Some(u)) => format!("phieu-cham-diem-{year}-{}.pdf", u.code),
        (Kind::Scorecard, None) => format!("phieu-cham-diem-{year}-{level}.pdf"),
        (Kind::Summary, _) => format!(
            "bao-cao-tong-ket-cchc-{}-{year}-{level}.pdf",
            year - (documents::SUMMARY_YEARS - 1)
        ),
    };
    folder.join(name)
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    let lang = ctx.lang;
    match message {
        Message::Kind(k) => {
            state.kind = Some(k.0);
            state.path = default_path(k.0, ctx.year, ctx.level, state.unit.as_ref())
                .display()
                .to_string();
        }
        Message::Unit(u) => {
            state.path = default_path(Kind::Scorecard, ctx.year, ctx.level, Some(&u))
                .display()
                .to_string();
            state.unit = Some(u);
        }
        Message::AllUnits => {
            state.unit = None;
            state.path = default_path(Kind::Scorecard, ctx.year, ctx.level, None)
                .display()
                .to_string();
        }
        Message::Path(p) => state.path = p,
        Message::Choose => {
            let name = PathBuf::from(&state.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "chi-so-cchc.pdf".into());
            let pick = async move {
                rfd::AsyncFileDialog::new()
                    .add_filter("PDF", &["pdf"])
                    .set_file_name(name)
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned())
            };
            return (Task::perform(pick, Message::Chosen), None);
        }
        Message::Chosen(Some(path)) => state.path = path.display().to_string(),
        Message::Chosen(None) => {}
        Message::CancelDraft => state.not_final = None,
        Message::Make | Message::MakeDraft => {
            let draft = if matches!(message, Message::MakeDraft) {
                documents::Draft::Allowed
            } else {
                documents::Draft::Refused
            };
            state.not_final = None;
            state.made = None;
            state.busy = true;
            let kind = state.kind.unwrap_or(Kind::Ranking);
            let unit = state
                .unit
                .as_ref()
                .map(|u| u.code.clone())
                .filter(|_| kind == Kind::Scorecard);
            let batch = kind == Kind::Scorecard && unit.is_none();
            let asked = Asked {
                kind,
                year: ctx.year,
                level: ctx.level,
                unit,
                draft,
                out: PathBuf::from(state.path.trim()),
                lang,
            };
            // Reading the file and laying out the pages both run with the file lent to the
            // background: a province's 600 scorecards take a while.
            let job = Job::new(
                if batch {
                    t::MAKING_SCORECARDS
                } else {
                    t::MAKING_PDF
                },
                move |store, progress| make(store, &asked, progress),
                crate::gui::Message::Reports,
            );
            let job = if batch {
                job.counting(t::MAKING_SCORECARDS_COUNTED)
            } else {
                job
            };
            return (Task::none(), Some(Event::Background(job)));
        }
        Message::NotFinal(units) => {
            state.busy = false;
            state.made = None;
            state.not_final = Some(units);
        }
        Message::Made(result) => {
            state.busy = false;
            state.made = Some(result);
        }
        Message::OpenPdf => {
            if let Some(Ok(path)) = &state.made
                && let Err(e) = open::that_detached(path)
            {
                return (Task::none(), failed(&mut state.error, e.to_string()));
            }
        }
        Message::Field(field, value) => {
            let f = &mut state.form;
            match field {
                Field::IssuerParent => f.issuer_parent = value,
                Field::Issuer => f.issuer = value,
                Field::Number => f.number = value,
                Field::Place => f.place = value,
                Field::Date => f.date = value,
                Field::Summary => f.summary = value,
                Field::SignerMode => f.signer_mode = value,
                Field::SignerTitle => f.signer_title = value,
                Field::SignerName => f.signer_name = value,
            }
        }
        Message::Recipients(action) => state.recipients.perform(action),
        Message::RankingSigned(signed) => state.form.ranking_signed = signed,
        Message::SaveSettings => {
            let f = state.form.clone();
            let date = if f.date.trim().is_empty() {
                None
            } else {
                match parse_date(&f.date) {
                    Some(d) => Some(d),
                    None => {
                        let message = t::BAD_DATE.get(lang).to_owned();
                        return (Task::none(), failed(&mut state.error, message));
                    }
                }
            };
            let settings = ReportSettings {
                issuer_parent: f.issuer_parent,
                issuer: f.issuer,
                number: f.number,
                place: f.place,
                date,
                title: if f.title.is_empty() {
                    "BÁO CÁO".into()
                } else {
                    f.title
                },
                summary: f.summary,
                signer_mode: f.signer_mode,
                signer_org: f.signer_org,
                signer_title: f.signer_title,
                signer_name: f.signer_name,
                recipients: state
                    .recipients
                    .text()
                    .lines()
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect(),
                body_template: f.body_template,
                ranking_signed: f.ranking_signed,
            };
            match ctx
                .store
                .save_report_settings(ctx.year, ctx.level, &settings)
            {
                Ok(()) => {
                    state.error = None;
                    return (Task::none(), Some(Event::Saved));
                }
                Err(e) => return (Task::none(), failed(&mut state.error, e.message(lang))),
            }
        }
    }
    (Task::none(), None)
}

/// A document asked for, as the background makes it.
struct Asked {
    kind: Kind,
    year: i32,
    level: crate::domain::Level,
    unit: Option<String>,
    draft: documents::Draft,
    out: PathBuf,
    lang: Lang,
}

/// Reads the file into the page model, lays it out (reporting per scorecard, or per block
/// of a single document) and writes the PDF whole or not at all.
fn make(store: &mut Store, asked: &Asked, progress: &mut Progress) -> Message {
    let lang = asked.lang;
    let built = documents::build_with(
        store,
        asked.kind,
        asked.year,
        asked.level,
        asked.unit.as_deref(),
        asked.draft,
    );
    let document = match built {
        Ok(d) => d,
        Err(documents::DocumentError::NotFinal(units)) => return Message::NotFinal(units),
        Err(e) => return Message::Made(Err(e.message(lang))),
    };
    let laid_out = crate::report::render_reporting(&document, &mut |d, t| {
        progress.report(d, t);
        if d == t {
            progress.stage(t::PDF_SAVING);
        }
    });
    let bytes = match laid_out {
        Ok(bytes) => bytes,
        Err(e) => return Message::Made(Err(documents::DocumentError::from(e).message(lang))),
    };
    let out = &asked.out;
    Message::Made(
        documents::write_atomically(out, &bytes)
            .map(|()| out.clone())
            .map_err(|e| {
                format!(
                    "{} {}: {e}",
                    lang.pick("Không ghi được", "Cannot write"),
                    out.display()
                )
            }),
    )
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let kinds =
        [Kind::Ranking, Kind::Report, Kind::Scorecard, Kind::Summary].map(|k| KindChoice(k, lang));
    let kind = state.kind.unwrap_or(Kind::Ranking);
    let mut make = column![
        text(t::SEC_REPORTS.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        row![
            text(t::DOCUMENT.get(lang)).width(120),
            pick_list(kinds, Some(KindChoice(kind, lang)), Message::Kind).width(Length::Shrink),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    ]
    .spacing(10);
    if kind == Kind::Scorecard {
        let mut unit_row = row![
            text(t::UNIT.get(lang)).width(120),
            pick_list(state.units.as_slice(), state.unit.clone(), Message::Unit)
                .placeholder(t::ALL_UNITS.get(lang))
                .width(380),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        // Back to every unit, once one is chosen (the empty list already says "all").
        if state.unit.is_some() {
            unit_row = unit_row.push(
                button(text(t::BACK_TO_ALL_UNITS.get(lang)))
                    .style(button::secondary)
                    .on_press(Message::AllUnits),
            );
        }
        make = make.push(unit_row);
    }
    make = make.push(
        row![
            text(t::SAVE_AS.get(lang)).width(120),
            text_input("", &state.path)
                .id("pdf-path")
                .on_input(Message::Path),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::Choose),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    );
    // While it is made the file is lent: a second click is refused by the workspace.
    let make_button = button(text(t::MAKE_PDF.get(lang))).on_press(Message::Make);
    let mut outcome = row![make_button].spacing(10).align_y(Alignment::Center);
    match &state.made {
        Some(Ok(path)) => {
            outcome = outcome
                .push(
                    text(format!("{} {}", t::PDF_WRITTEN.get(lang), path.display()))
                        .style(style::success),
                )
                .push(
                    button(text(t::OPEN.get(lang)))
                        .style(button::secondary)
                        .on_press(Message::OpenPdf),
                );
        }
        Some(Err(e)) => outcome = outcome.push(text(e).style(style::error)),
        None => {}
    }
    make = make.push(outcome);
    if let Some(units) = &state.not_final {
        make = make.push(
            container(
                column![
                    text(format!(
                        "{} {}.",
                        t::NOT_FINAL_ASK.get(lang),
                        units.join(", ")
                    )),
                    row![
                        button(text(t::MAKE_DRAFT.get(lang))).on_press(Message::MakeDraft),
                        button(text(t::CANCEL.get(lang)))
                            .style(button::secondary)
                            .on_press(Message::CancelDraft),
                    ]
                    .spacing(10),
                ]
                .spacing(8),
            )
            .padding(10)
            .style(style::card),
        );
    }

    let f = &state.form;
    let field = |label: t::Tr, value: &'a str, which: Field, width: f32| {
        column![
            text(label.get(lang)).size(style::SMALL),
            text_input("", value)
                .on_input(move |v| Message::Field(which, v))
                // Capitals with stacked marks ("ỦY BAN", "BẰNG") stand above the usual
                // line: room for them, or the input clips their tops.
                .line_height(iced::widget::text::LineHeight::Relative(1.6))
                .width(width),
        ]
        .spacing(2)
    };
    let modes = vec!["TM".to_owned(), "KT".to_owned()];
    let settings = container(
        column![
            text(format!("{} {}", t::REPORT_SETTINGS.get(lang), ctx.year)).font(style::BOLD),
            row![
                field(
                    t::ISSUER_PARENT,
                    &f.issuer_parent,
                    Field::IssuerParent,
                    260.0
                ),
                field(t::ISSUER, &f.issuer, Field::Issuer, 260.0),
            ]
            .spacing(10),
            row![
                field(t::REPORT_NUMBER, &f.number, Field::Number, 170.0),
                field(t::PLACE, &f.place, Field::Place, 170.0),
                field(t::REPORT_DATE, &f.date, Field::Date, 150.0),
            ]
            .spacing(10),
            field(t::REPORT_SUMMARY, &f.summary, Field::Summary, 700.0),
            checkbox(f.ranking_signed)
                .label(t::RANKING_SIGNED.get(lang))
                .on_toggle(Message::RankingSigned),
            row![
                column![
                    text(t::SIGNER_MODE.get(lang)).size(style::SMALL),
                    pick_list(modes, Some(f.signer_mode.clone()), |m| Message::Field(
                        Field::SignerMode,
                        m
                    )),
                ]
                .spacing(2),
                field(t::SIGNER_TITLE, &f.signer_title, Field::SignerTitle, 200.0),
                field(t::SIGNER_NAME, &f.signer_name, Field::SignerName, 240.0),
            ]
            .spacing(10),
            column![
                text(t::RECIPIENTS.get(lang)).size(style::SMALL),
                container(
                    text_editor(&state.recipients)
                        .on_action(Message::Recipients)
                        .height(Length::Fixed(150.0))
                )
                .width(700),
            ]
            .spacing(2),
            button(text(t::SAVE.get(lang))).on_press(Message::SaveSettings),
        ]
        .spacing(8),
    )
    .padding(10)
    .style(style::card);
    let mut page = column![make, settings].spacing(16);
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    scrollable(page.padding(iced::Padding::ZERO.right(14)))
        .height(Length::Fill)
        .into()
}
