//! Below the grid: the active criterion's texts, each in its own labelled field.

use iced::widget::{Id, column, container, row, space, text, text_input};
use iced::{Element, Length};

use super::{Col, Message, State, cell_id, find_leaf, stored};
use crate::domain::{Lang, NaPolicy, Status};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::sheet::Sheet;

/// The active criterion's texts, each in its own labelled place: the unit's note, the
/// appraiser's reason, the unit's explanation and why it did not arise.
pub(super) fn view<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    lang: Lang,
    locked: bool,
) -> Element<'a, Message> {
    let Some((id, active_col)) = state.focus else {
        return space::vertical().height(0).into();
    };
    let Some(node) = find_leaf(&sheet.set.roots, id) else {
        return space::vertical().height(0).into();
    };
    let Some(leaf) = &node.leaf else {
        return space::vertical().height(0).into();
    };
    let score = sheet.input.scores.get(&id);
    let field = |col: Col| -> Element<'a, Message> {
        let value = state
            .drafts
            .get(&(id, col))
            .cloned()
            .unwrap_or_else(|| stored(score, col));
        let refused = state.errors.get(&id).is_some_and(|(c, _)| *c == col);
        let mut input = text_input(col.label().get(lang), &value)
            .id(Id::from(cell_id(&node.code, col)))
            .size(style::SMALL)
            .padding(4)
            .style(move |theme, status| style::field_input(theme, status, refused));
        if !locked {
            input = input
                .on_input(move |v| Message::Input(id, col, v))
                .on_submit(Message::Commit(id, col));
        }
        column![
            text(col.label().get(lang)).size(11).style(style::muted),
            input
        ]
        .spacing(2)
        .width(Length::FillPortion(1))
        .into()
    };
    let mut fields = row![
        field(Col::Note),
        field(Col::Reason),
        field(Col::Explanation)
    ]
    .spacing(8);
    if leaf.na_policy != NaPolicy::NotAllowed {
        fields = fields.push(field(Col::NaReason));
    }
    // Appraisal before the unit has sent its self-assessment is allowed (the district may
    // enter a paper form whole) but said.
    let early = sheet.assessment.status == Status::Draft
        && matches!(active_col, Col::Round1 | Col::Final)
        && !locked;
    container(
        column![
            text(format!(
                "{}: {} — {}",
                t::ACTIVE_CRITERION.get(lang),
                node.code,
                node.title
            ))
            .size(style::SMALL)
            .font(style::BOLD),
            early.then(|| {
                text(t::APPRAISAL_BEFORE_SUBMIT.get(lang))
                    .size(11)
                    .style(style::warning)
            }),
            fields,
        ]
        .spacing(4),
    )
    .padding([4, 6])
    .width(Length::Fill)
    .style(style::card)
    .into()
}
