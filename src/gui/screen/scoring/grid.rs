//! The grid: one unit's sheet, area by area, with its summary (total, index, class,
//! status) and the status buttons above it.

use iced::widget::{
    Id, button, column, container, mouse_area, pick_list, row, rule, scrollable, space, text,
    text_input,
};
use iced::{Alignment, Element, Length, Padding};

use super::matrix::{AreaChoice, matrix_view};
use super::navigation::ROWS_ID;
use super::{Col, Message, State, cell_id, stored};
use crate::domain::scoring::Explained;
use crate::domain::{Lang, LeafKind, NaPolicy, Node, Points, Status, UnitScore};
use crate::gui::i18n as t;
use crate::gui::screen::ViewCtx;
use crate::gui::style;
use crate::store::sheet::Sheet;

// Column widths; the criterion column takes what is left and wraps its title.
const W_CODE: f32 = 52.0;
const W_MAX: f32 = 56.0;
const W_POINTS: f32 = 70.0;
const W_SELF: f32 = 156.0;
const W_RAW: f32 = 52.0;
const W_EVIDENCE: f32 = 66.0;

/// How the grid's columns are laid out for the width it has (small screens, large zoom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Columns {
    /// Every column in its own place, the evidence column wide enough for "⚠ thiếu tài
    /// liệu" on one line (a large screen).
    Roomy,
    /// Every column in its own place.
    Wide,
    /// The maximum and the evidence move under the criterion's title, so the points
    /// columns stay in view without sideways scrolling.
    Compact,
}

impl Columns {
    /// The layout for a grid `width` logical pixels wide, or `None` when even the compact
    /// one does not fit and the grid scrolls sideways.
    fn for_width(width: f32) -> Option<Columns> {
        // Fixed columns, the gaps between them, the rows' padding and the scrollbar's room,
        // plus the least the criterion's title may have.
        let frame = 6.0 * 2.0 + ROWS_INSET * 2.0;
        let wide = W_CODE + W_MAX + W_SELF + 2.0 * W_POINTS + W_EVIDENCE + 6.0 * 4.0 + frame;
        let compact = W_CODE + W_SELF + 2.0 * W_POINTS + 4.0 * 4.0 + frame;
        if width >= 1500.0 {
            Some(Columns::Roomy)
        } else if width >= wide + 240.0 {
            Some(Columns::Wide)
        } else if width >= compact + 150.0 {
            Some(Columns::Compact)
        } else {
            None
        }
    }

    /// The maximum and the evidence have columns of their own.
    fn has_side_columns(self) -> bool {
        self != Columns::Compact
    }

    /// The evidence column's width.
    fn evidence_width(self) -> f32 {
        match self {
            Columns::Roomy => 2.0 * W_EVIDENCE,
            Columns::Wide | Columns::Compact => W_EVIDENCE,
        }
    }
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let picker = pick_list(
        state.units.as_slice(),
        state.unit.clone(),
        Message::PickUnit,
    )
    .placeholder(t::PICK_UNIT.get(lang))
    // As wide as its longest entry: each unit's status and empty criteria are read whole.
    .width(Length::Shrink);

    let Some(sheet) = &state.sheet else {
        let mut col = column![picker].spacing(10);
        if let Some(error) = &state.error {
            col = col.push(text(error).style(style::error));
        } else if state.units.is_empty() {
            // A year with a set but no assessments yet: say where they are opened.
            col = col.push(text(t::NO_ASSESSMENTS.get(lang)).style(style::muted));
        }
        return col.into();
    };
    let Some(score) = &state.score else {
        return picker.into();
    };

    // The total counts points still being typed: say so while any are.
    let unsaved = state.drafts.keys().any(|(_, col)| col.in_grid());
    let summary = super::summary::summary_box(sheet, score, unsaved, lang);
    let locked = sheet.assessment.locked;
    let status = sheet.assessment.status;
    let mut actions = row![].spacing(6).align_y(Alignment::Center);
    let status_button = |label: t::Tr, to: Status| {
        button(text(label.get(lang)).size(style::SMALL)).on_press(Message::SetStatus(to))
    };
    if !locked {
        // The one step forward the domain allows from here.
        if let Some(to) = status.next() {
            actions = actions.push(status_button(t::status_action(to), to));
        }
        actions = actions.push(
            button(text(t::UNDO.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .on_press_maybe((!state.undo.is_empty()).then_some(Message::Undo)),
        );
    } else {
        actions = actions
            .push(
                text(t::LOCKED_NOTE.get(lang))
                    .size(style::SMALL)
                    .style(style::warning),
            )
            .push(
                text_input(t::REOPEN_REASON.get(lang), &state.reopen_reason)
                    .id("reopen-reason")
                    .on_input(Message::ReopenReason)
                    .size(style::SMALL)
                    .width(220),
            )
            .push(
                button(text(t::REOPEN.get(lang)).size(style::SMALL))
                    .style(button::danger)
                    .on_press(Message::SetStatus(Status::Appraised)),
            );
    }
    let areas: Vec<AreaChoice> = sheet.set.roots.iter().map(AreaChoice::of).collect();
    let chosen = areas
        .iter()
        .find(|a| state.matrix.as_deref() == Some(a.code.as_str()))
        .cloned();
    let matrix_pick = pick_list(areas, chosen, |a| Message::Matrix(Some(a.code)))
        .placeholder(t::MATRIX.get(lang))
        .text_size(style::SMALL)
        .width(300);
    let mut top = row![picker, actions, matrix_pick]
        .spacing(10)
        .align_y(Alignment::Center);
    if state.matrix.is_some() {
        top = top.push(
            button(text(t::GRID.get(lang)).size(style::SMALL)).on_press(Message::Matrix(None)),
        );
    }

    let body: Element<'a, Message> = match &state.matrix {
        Some(area) => matrix_view(state, sheet, area, lang),
        None => grid(state, sheet, score, lang, locked),
    };
    let mut page = column![top.wrap().vertical_spacing(6)].spacing(8);
    if let Some(goto) = super::switch::view(state, lang) {
        page = page.push(goto);
    }
    page = page.push(summary);
    if let Some(status) = state.confirm {
        page = page.push(super::summary::status_question(state, sheet, status, lang));
    }
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    if let Some(pending) = &state.paste {
        page = page.push(super::paste::view(pending, lang));
    }
    page.push(body).into()
}

fn header<'a>(lang: Lang, cols: Columns) -> Element<'a, Message> {
    let h = |label: t::Tr, width: f32| {
        text(label.get(lang))
            .size(style::SMALL)
            .font(style::BOLD)
            .width(width)
    };
    let wide = cols.has_side_columns();
    row![
        h(t::COL_CODE, W_CODE),
        text(t::COL_CRITERION.get(lang))
            .size(style::SMALL)
            .font(style::BOLD)
            .width(Length::Fill),
    ]
    .push(wide.then(|| h(t::COL_MAX, W_MAX)))
    .push(h(t::COL_SELF, W_SELF))
    .push(h(t::COL_ROUND1, W_POINTS))
    .push(h(t::COL_FINAL, W_POINTS))
    .push(wide.then(|| h(t::COL_EVIDENCE, cols.evidence_width())))
    .spacing(4)
    // The rows' own padding plus the room the table leaves beside them for its scrollbar.
    .padding(Padding::from([4.0, 6.0 + ROWS_INSET]))
    .into()
}

/// Space on each side of the rows, for the scrollbar on the right (and kept on the left
/// for balance); the header is inset by the same amount so its columns stay over theirs.
const ROWS_INSET: f32 = 12.0;

/// The width the compact grid is laid out at when the window is narrower still (a large
/// zoom on a small screen): it then scrolls sideways rather than clipping its columns.
const GRID_MIN_WIDTH: f32 = 560.0;

fn grid<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    score: &'a UnitScore,
    lang: Lang,
    locked: bool,
) -> Element<'a, Message> {
    let table = move |width: Length, cols: Columns| -> Element<'a, Message> {
        let mut rows = Vec::new();
        let place = Place { lang, locked, cols };
        for (node, explained) in sheet.set.roots.iter().zip(&score.roots) {
            push_rows(&mut rows, state, sheet, node, explained, 0, place);
        }
        let rows = column(rows).spacing(1);
        column![
            header(lang, cols),
            rule::horizontal(1),
            scrollable(rows.padding([0.0, ROWS_INSET]))
                .id(Id::new(ROWS_ID))
                .height(Length::Fill),
            super::fields::view(state, sheet, lang, locked),
        ]
        .spacing(2)
        .width(width)
        .into()
    };
    // The keyboard hint only where the cells take input, and only when the rows keep room
    // enough beside it (a small screen at a large zoom needs every line for rows); under
    // the table, not inside its sideways scrolling, so it wraps and is never cut off.
    let hint = (!locked).then(|| t::KEYS_HINT.get(lang));
    iced::widget::responsive(move |size| {
        let hint = hint
            .filter(|_| size.height >= HINT_MIN_HEIGHT)
            .map(|hint| text(hint).size(style::SMALL).style(style::muted));
        let table: Element<'a, Message> = if let Some(cols) = Columns::for_width(size.width) {
            table(Length::Fill, cols)
        } else {
            // Room under the table for the sideways scrollbar.
            scrollable(
                iced::widget::container(table(Length::Fixed(GRID_MIN_WIDTH), Columns::Compact))
                    .padding(iced::Padding::ZERO.bottom(14)),
            )
            .direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::default(),
            ))
            .height(Length::Fill)
            .into()
        };
        column![table, hint].spacing(2).into()
    })
    .into()
}

/// The least height of the grid's area that still shows the keyboard hint under it.
const HINT_MIN_HEIGHT: f32 = 440.0;

/// What every row of one drawing of the grid shares.
#[derive(Clone, Copy)]
struct Place {
    lang: Lang,
    locked: bool,
    cols: Columns,
}

fn push_rows<'a>(
    rows: &mut Vec<Element<'a, Message>>,
    state: &'a State,
    sheet: &'a Sheet,
    node: &'a Node,
    explained: &'a Explained,
    depth: usize,
    place: Place,
) {
    let wide = place.cols.has_side_columns();
    let points = |p: Option<Points>| p.map(Points::to_vi).unwrap_or_default();
    match &node.leaf {
        None => {
            let collapsed = state.collapsed.contains(&*node.code);
            let marker = if depth == 0 {
                if collapsed { "▸ " } else { "▾ " }
            } else {
                ""
            };
            let title = text(format!("{marker}{}", node.title))
                .font(style::BOLD)
                .size(style::TEXT)
                .width(Length::Fill);
            // Compact: the maximum goes beside the group's own points.
            let own = if wide {
                points(explained.self_points)
            } else {
                format!(
                    "{} / {}",
                    points(explained.self_points),
                    explained.max_points.to_vi()
                )
            };
            let line = row![text(&*node.code).font(style::BOLD).width(W_CODE), title]
                .push(wide.then(|| {
                    text(explained.max_points.to_vi())
                        .font(style::BOLD)
                        .width(W_MAX)
                }))
                .push(text(own).font(style::BOLD).width(W_SELF))
                .push(
                    text(points(explained.appraised_points))
                        .font(style::BOLD)
                        .width(W_POINTS),
                )
                .push(
                    text(points(explained.final_points))
                        .font(style::BOLD)
                        .width(W_POINTS),
                )
                .push(wide.then(|| space::horizontal().width(place.cols.evidence_width())))
                .spacing(4)
                .align_y(Alignment::Center);
            let styled: Element<'a, Message> = if depth == 0 {
                button(line)
                    .padding([4, 6])
                    .style(|theme, _| iced::widget::button::Style {
                        background: style::area_row(theme).background,
                        text_color: theme.palette().text,
                        ..iced::widget::button::Style::default()
                    })
                    .on_press(Message::ToggleArea(node.code.to_string()))
                    .into()
            } else {
                container(line)
                    .padding([3, 6])
                    .style(style::criterion_row)
                    .into()
            };
            rows.push(styled);
            if collapsed {
                return;
            }
            for (child, child_explained) in node.children.iter().zip(&explained.children) {
                push_rows(rows, state, sheet, child, child_explained, depth + 1, place);
            }
        }
        Some(leaf) => rows.push(leaf_row(state, sheet, node, leaf, explained, place)),
    }
}

fn leaf_row<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    node: &'a Node,
    leaf: &'a crate::domain::Leaf,
    explained: &'a Explained,
    place: Place,
) -> Element<'a, Message> {
    let Place { lang, locked, cols } = place;
    let id = node.id;
    let score = sheet.input.scores.get(&id);
    let na = score.is_some_and(|s| s.na.is_some());
    let cell = |col: Col, width: f32, _placeholder: &'a str| -> Element<'a, Message> {
        grid_cell(
            state,
            score,
            node,
            col,
            width,
            locked || state.read_only(col),
        )
    };

    let self_cell: Element<'a, Message> = if leaf.kind == LeafKind::Survey {
        text(
            explained
                .final_points
                .map(Points::to_vi)
                .unwrap_or_else(|| "-".into()),
        )
        .size(style::SMALL)
        .width(W_SELF)
        .into()
    } else if leaf.kind.is_computed() {
        let mut raw = row![cell(
            Col::RawA,
            if leaf.kind == LeafKind::RatioBands {
                W_RAW
            } else {
                W_POINTS
            },
            ""
        )]
        .spacing(2)
        .align_y(Alignment::Center);
        if leaf.kind == LeafKind::RatioBands {
            raw = raw
                .push(text("/").size(style::SMALL))
                .push(cell(Col::RawB, W_RAW, ""));
        }
        raw.push(
            text(format!(
                "→ {}",
                explained.self_points.map(Points::to_vi).unwrap_or_default()
            ))
            .size(style::SMALL),
        )
        .width(W_SELF)
        .into()
    } else {
        row![cell(Col::SelfPoints, W_POINTS, "")]
            .width(W_SELF)
            .into()
    };
    let (round1, final_cell): (Element<'a, Message>, Element<'a, Message>) =
        if leaf.kind == LeafKind::Survey {
            (
                space::horizontal().width(W_POINTS).into(),
                space::horizontal().width(W_POINTS).into(),
            )
        } else {
            (
                cell(Col::Round1, W_POINTS, ""),
                cell(Col::Final, W_POINTS, ""),
            )
        };
    let evidence_count = sheet.evidence.get(&*node.code).copied().unwrap_or(0);
    let explained_in_writing = score.is_some_and(|s| !s.self_note.trim().is_empty());
    let missing = leaf.evidence.is_some() && evidence_count == 0 && !na;
    let (evidence, evidence_style): (String, fn(&iced::Theme) -> text::Style) =
        if missing && explained_in_writing {
            (t::EXPLAINED.get(lang).to_owned(), style::muted)
        } else if missing {
            (format!("⚠ {}", t::NEEDS_EVIDENCE.get(lang)), style::warning)
        } else if evidence_count > 0 {
            (
                format!("{evidence_count} {}", t::DOCS_SHORT.get(lang)),
                text::default,
            )
        } else {
            (String::new(), text::default)
        };

    let mut title_col = column![text(&*node.title).size(style::SMALL)].spacing(2);
    if cols == Columns::Compact {
        // The maximum and the evidence, which have no column of their own here.
        let max = format!("{}: {}", t::COL_MAX.get(lang), leaf.max.to_vi());
        title_col = title_col.push(
            row![text(max).size(11).style(style::muted)]
                .push(
                    (!evidence.is_empty())
                        .then(|| text(format!("· {evidence}")).size(11).style(evidence_style)),
                )
                .spacing(6),
        );
    }
    if let Some(last) = far_from_last_year(sheet, node, leaf, explained) {
        // A quiet mark, not a refusal: a real change from last year is allowed.
        title_col = title_col.push(
            text(format!(
                "⚠ {}: {}",
                t::LAST_YEAR_FAR.get(lang),
                last.to_vi()
            ))
            .size(11)
            .style(style::warning),
        );
    }
    if let Some(reason) = score.and_then(stored_reason) {
        // Once the row is left, the reason stays in sight beside the points it explains.
        title_col = title_col.push(
            text(format!("{}: {reason}", t::FIELD_REASON.get(lang)))
                .size(11)
                .style(style::muted),
        );
    }
    if na {
        title_col = title_col.push(
            text(format!(
                "{} — {}",
                t::NA.get(lang),
                score.and_then(|s| s.na.clone()).unwrap_or_default()
            ))
            .size(style::SMALL)
            .style(style::warning),
        );
    }
    if leaf.kind == LeafKind::RatioBands || leaf.kind.is_computed() {
        let mut names = leaf.raw_labels.join(" / ");
        if leaf.allows_over_100 && !names.is_empty() {
            names = format!("{names} ({})", t::OVER_100_NOTE.get(lang));
        }
        if !names.is_empty() {
            title_col = title_col.push(
                text(format!("{}: {names}", t::RAW_FIGURES.get(lang)))
                    .size(11)
                    .style(style::muted),
            );
        }
    }
    if let Some((col, error)) = state.errors.get(&id) {
        title_col = title_col.push(
            text(format!("{}: {error}", col.label().get(lang)))
                .size(style::SMALL)
                .style(style::error),
        );
    }
    if leaf.na_policy != NaPolicy::NotAllowed && !locked && leaf.kind != LeafKind::Survey {
        title_col = title_col.push(
            button(
                text(if na {
                    format!("✕ {}", t::NA.get(lang))
                } else {
                    t::NA.get(lang).to_owned()
                })
                .size(11),
            )
            .padding([1, 6])
            .style(button::secondary)
            .on_press(Message::ToggleNa(id)),
        );
    }

    let wide = cols.has_side_columns();
    container(
        row![
            text(&*node.code).size(style::SMALL).width(W_CODE),
            title_col.width(Length::Fill),
        ]
        .push(wide.then(|| text(leaf.max.to_vi()).size(style::SMALL).width(W_MAX)))
        .push(self_cell)
        .push(round1)
        .push(final_cell)
        .push(wide.then(|| {
            text(evidence)
                .size(style::SMALL)
                .style(evidence_style)
                .width(cols.evidence_width())
        }))
        .spacing(4)
        .align_y(Alignment::Center),
    )
    .padding([2, 6])
    .into()
}

/// Last year's points of this criterion when the points it counts now (typed or stored)
/// differ from them by more than half its maximum.
fn far_from_last_year(
    sheet: &Sheet,
    node: &Node,
    leaf: &crate::domain::Leaf,
    explained: &Explained,
) -> Option<Points> {
    if explained.na {
        return None;
    }
    let last = *sheet.last_year.get(&*node.code)?;
    let now = explained.effective?;
    let gap = (now.milli() - last.milli()).abs();
    (gap * 2 > leaf.max.milli()).then_some(last)
}

/// The appraisal reason stored with the points that count (final, else round 1).
fn stored_reason(score: &crate::domain::LeafScore) -> Option<&str> {
    let reason = if score.final_points.is_some() && !score.final_reason.trim().is_empty() {
        &score.final_reason
    } else {
        &score.round1_reason
    };
    (!reason.trim().is_empty()).then_some(reason.as_str())
}

/// One cell of the grid: the active one being typed into is an input; the others show the
/// stored value, or an edit not yet stored, outlined.
fn grid_cell<'a>(
    state: &'a State,
    score: Option<&'a crate::domain::LeafScore>,
    node: &'a Node,
    col: Col,
    width: f32,
    locked: bool,
) -> Element<'a, Message> {
    let id = node.id;
    let active = state.focus == Some((id, col));
    let draft = state.drafts.get(&(id, col));
    let refused = state.errors.get(&id).is_some_and(|(c, _)| *c == col);
    let value = draft.cloned().unwrap_or_else(|| stored(score, col));
    let cell_id = Id::from(cell_id(&node.code, col));
    if active && state.editing && !locked {
        return text_input("", &value)
            .id(cell_id)
            .size(style::SMALL)
            .padding(4)
            .width(width)
            .style(move |theme, status| style::cell_input(theme, status, refused))
            .on_input(move |v| Message::Input(id, col, v))
            .on_submit(Message::Commit(id, col))
            // The input's own paste drops line breaks and tabs: the window reads the
            // clipboard itself.
            .on_paste(move |_| Message::PasteKey(id, col))
            .into();
    }
    let look = style::Cell {
        active,
        draft: draft.is_some(),
        refused,
        read_only: locked,
    };
    mouse_area(
        container(text(value).size(style::SMALL))
            .id(cell_id)
            .padding(4)
            .width(width)
            .style(move |theme| style::cell(theme, look)),
    )
    .on_press(Message::Select(id, col))
    .on_double_click(Message::EditInPlace(id, col))
    .into()
}
