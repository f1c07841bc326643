//! Above the grid: the unit's total, index, class and status, and the question a status step
//! asks before it is taken.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{Message, State};
use crate::domain::{Lang, LeafKind, Points, Status, UnitScore};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::sheet::Sheet;

/// A status step asks first and says what it leaves behind: the criteria still empty or
/// without evidence when sending, those not appraised when closing the appraisal, what the
/// lock locks.
pub(super) fn status_question<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    status: Status,
    lang: Lang,
) -> Element<'a, Message> {
    let unit = state
        .unit
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let gaps = Gaps::of(sheet);
    let (question, yes) = match status {
        Status::Submitted => (t::SUBMIT_CONFIRM, t::SUBMIT_YES),
        Status::Appraised => (t::APPRAISE_CONFIRM, t::APPRAISE_YES),
        Status::Final | Status::Draft => (t::LOCK_CONFIRM, t::LOCK_YES),
    };
    let question = question
        .get(lang)
        .replace("{unit}", &unit)
        .replace("{year}", &sheet.assessment.year.to_string())
        .replace("{empty}", &gaps.empty.to_string())
        .replace("{evidence}", &gaps.no_evidence.to_string())
        .replace("{unappraised}", &gaps.unappraised.to_string());
    container(
        column![
            text(question).style(style::warning),
            row![
                button(text(yes.get(lang)).size(style::SMALL))
                    .style(if status == Status::Final {
                        button::danger
                    } else {
                        button::primary
                    })
                    .on_press(Message::ConfirmStatus(true)),
                button(text(t::CANCEL.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::ConfirmStatus(false)),
            ]
            .spacing(8),
        ]
        .spacing(6),
    )
    .padding(8)
    .width(Length::Fill)
    .style(style::card)
    .into()
}

/// What a unit's sheet still lacks, counted over the criteria it is scored on (not survey,
/// bonus or penalty).
struct Gaps {
    /// No points at any stage and not marked "không phát sinh".
    empty: usize,
    /// Scored above 0 where evidence is required, with no document and no written note.
    no_evidence: usize,
    /// No round-1 or final points (and not "không phát sinh").
    unappraised: usize,
}

impl Gaps {
    fn of(sheet: &Sheet) -> Gaps {
        let mut gaps = Gaps {
            empty: 0,
            no_evidence: 0,
            unappraised: 0,
        };
        for node in sheet.set.leaves() {
            let Some(leaf) = &node.leaf else { continue };
            if leaf.kind == LeafKind::Survey || leaf.kind.is_adjustment() {
                continue;
            }
            let score = sheet.input.scores.get(&node.id);
            if score.is_some_and(|s| s.na.is_some()) {
                continue;
            }
            let effective = score.and_then(|s| s.effective());
            if effective.is_none() {
                gaps.empty += 1;
            }
            if score.and_then(|s| s.appraised()).is_none() {
                gaps.unappraised += 1;
            }
            let documents = sheet.evidence.get(&*node.code).copied().unwrap_or(0);
            let written = score.is_some_and(|s| !s.self_note.trim().is_empty());
            if leaf.evidence.is_some()
                && documents == 0
                && !written
                && effective.is_some_and(|p| p > Points::ZERO)
            {
                gaps.no_evidence += 1;
            }
        }
        gaps
    }
}

pub(super) fn summary_box<'a>(
    sheet: &'a Sheet,
    score: &UnitScore,
    unsaved: bool,
    lang: Lang,
) -> Element<'a, Message> {
    let totals = score.totals;
    let total = totals.grand_total();
    let index = totals
        .index
        .map(|i| format!("{}%", i.to_vi()))
        .unwrap_or_else(|| "-".into());
    let class = totals
        .index
        .and_then(|i| sheet.set.classify(i))
        .unwrap_or("-")
        .to_owned();
    let provisional = if sheet.assessment.status < Status::Appraised {
        format!(" ({})", t::PROVISIONAL.get(lang))
    } else {
        String::new()
    };
    container(
        row![
            text(format!(
                "{}: {} / {}",
                t::TOTAL.get(lang),
                total.to_vi(),
                totals.max_points.to_vi()
            ))
            .font(style::BOLD),
            unsaved.then(|| text(t::UNSAVED_TOTAL.get(lang)).style(style::warning)),
            text(format!("{}: {index}{provisional}", t::INDEX.get(lang)))
                .font(style::BOLD)
                .size(18),
            text(format!("{}: {class}", t::CLASS.get(lang))).font(style::BOLD),
            text(format!(
                "{}: {}",
                t::STATUS.get(lang),
                sheet.assessment.status.label(lang)
            )),
        ]
        .spacing(24)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(4),
    )
    .padding([6, 12])
    .width(Length::Fill)
    .style(style::summary)
    .into()
}
