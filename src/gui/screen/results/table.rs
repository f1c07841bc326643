//! The ranking table: sorted by any column, filtered by class and status, and drawn only
//! where it is seen, so a province of 600 communes sorts and scrolls without a pause.

use std::cmp::Ordering;

use iced::alignment::Horizontal;
use iced::widget::{Id, button, column, container, row, rule, scrollable, space, text};
use iced::{Element, Length};

use crate::domain::text::compare_vi;
use crate::domain::{Lang, Points, RankedRow, Status};
use crate::gui::i18n as t;
use crate::gui::style;

use super::Message;

/// The height of one row of the table: fixed, so the rows in view follow from the offset.
pub const ROW_HEIGHT: f32 = 26.0;
/// Rows drawn above and below the ones in view, so a fast scroll shows no blank.
const SPARE_ROWS: usize = 12;
/// The scrollable of the rows, to bring it back to the top after a sort or a filter.
pub const ROWS_ID: &str = "results-rows";

/// A column of the ranking, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Rank,
    Code,
    Unit,
    SelfPoints,
    Appraised,
    Survey,
    Adjustments,
    Index,
    Class,
    Status,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Rank,
        Column::Code,
        Column::Unit,
        Column::SelfPoints,
        Column::Appraised,
        Column::Survey,
        Column::Adjustments,
        Column::Index,
        Column::Class,
        Column::Status,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Column::Rank => t::RANK.get(lang),
            Column::Code => t::CODE.get(lang),
            Column::Unit => t::UNIT.get(lang),
            Column::SelfPoints => t::COL_SELF.get(lang),
            Column::Appraised => t::RES_APPRAISED.get(lang),
            Column::Survey => t::RES_SURVEY.get(lang),
            Column::Adjustments => t::RES_ADJUST.get(lang),
            Column::Index => t::INDEX.get(lang),
            Column::Class => t::CLASS.get(lang),
            Column::Status => t::STATUS.get(lang),
        }
    }

    /// The column's width; `None` takes the rest of the row (the unit's name).
    fn width(self) -> Option<f32> {
        match self {
            Column::Rank => Some(56.0),
            Column::Code => Some(64.0),
            Column::Unit => None,
            Column::SelfPoints | Column::Appraised => Some(96.0),
            Column::Survey => Some(70.0),
            Column::Adjustments => Some(104.0),
            Column::Index => Some(86.0),
            Column::Class => Some(96.0),
            Column::Status => Some(136.0),
        }
    }

    /// The id of the column's header: "sort-index".
    pub fn id(self) -> String {
        let name = match self {
            Column::Rank => "rank",
            Column::Code => "code",
            Column::Unit => "unit",
            Column::SelfPoints => "self",
            Column::Appraised => "appraised",
            Column::Survey => "survey",
            Column::Adjustments => "adjustments",
            Column::Index => "index",
            Column::Class => "class",
            Column::Status => "status",
        };
        format!("sort-{name}")
    }

    /// Figures are right-aligned so their decimal commas line up.
    fn is_figure(self) -> bool {
        matches!(
            self,
            Column::SelfPoints
                | Column::Appraised
                | Column::Survey
                | Column::Adjustments
                | Column::Index
        )
    }

    /// The direction of a first click: figures highest first, everything else A to Z.
    pub fn first_descending(self) -> bool {
        self.is_figure()
    }
}

/// The order of the table: a column and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::Rank,
            descending: false,
        }
    }
}

impl Sort {
    /// A click on `column`'s header: the same column again reverses, another one starts
    /// in its natural direction.
    #[must_use]
    pub fn clicked(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.first_descending(),
            }
        }
    }
}

/// Which rows are shown: one class (or the unclassified), one status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `Some(None)`: only units without a class.
    pub class: Option<Option<String>>,
    pub status: Option<Status>,
}

impl Filter {
    fn keeps(&self, row: &RankedRow) -> bool {
        self.class
            .as_ref()
            .is_none_or(|class| row.classification == *class)
            && self.status.is_none_or(|status| row.status == status)
    }
}

/// The positions of the rows shown, in the order shown. Ties keep the ranking's order.
#[must_use]
pub fn order(rows: &[RankedRow], sort: Sort, filter: &Filter) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..rows.len())
        .filter(|i| rows.get(*i).is_some_and(|r| filter.keeps(r)))
        .collect();
    shown.sort_by(|a, b| {
        let (Some(x), Some(y)) = (rows.get(*a), rows.get(*b)) else {
            return Ordering::Equal;
        };
        compare(x, y, sort).then(a.cmp(b))
    });
    shown
}

/// Two rows by the sorted column. An empty value ("-") goes last in either direction.
fn compare(a: &RankedRow, b: &RankedRow, sort: Sort) -> Ordering {
    fn by<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if descending => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let d = sort.descending;
    let t = (&a.totals, &b.totals);
    match sort.column {
        Column::Rank => by(a.rank, b.rank, d),
        Column::Code => by(Some(&a.unit_code), Some(&b.unit_code), d),
        Column::Unit => {
            let order = compare_vi(&a.unit_name, &b.unit_name);
            if d { order.reverse() } else { order }
        }
        Column::SelfPoints => by(Some(t.0.self_points), Some(t.1.self_points), d),
        Column::Appraised => by(t.0.appraised_points, t.1.appraised_points, d),
        Column::Survey => by(Some(t.0.survey_points), Some(t.1.survey_points), d),
        Column::Adjustments => by(
            Some(t.0.bonus - t.0.penalty),
            Some(t.1.bonus - t.1.penalty),
            d,
        ),
        Column::Index => by(t.0.index, t.1.index, d),
        // Classes in the set's order would need the set; by name is what the eye expects
        // of a text column, and the index column orders by merit.
        Column::Class => match (&a.classification, &b.classification) {
            (Some(x), Some(y)) => {
                let order = compare_vi(x, y);
                if d { order.reverse() } else { order }
            }
            (x, y) => by(x.as_ref().map(|_| ()), y.as_ref().map(|_| ()), d),
        },
        Column::Status => by(Some(a.status), Some(b.status), d),
    }
}

/// Bonus and penalty in one cell: "+0,5", "−1", "+1 / −0,5", or "0" when there are none.
pub fn adjustments(bonus: Points, penalty: Points) -> String {
    match (bonus > Points::ZERO, penalty > Points::ZERO) {
        (false, false) => "0".into(),
        (true, false) => format!("+{}", bonus.to_vi()),
        (false, true) => format!("−{}", penalty.to_vi()),
        (true, true) => format!("+{} / −{}", bonus.to_vi(), penalty.to_vi()),
    }
}

fn sized<'a>(content: impl Into<Element<'a, Message>>, column: Column) -> Element<'a, Message> {
    let cell = container(content).height(ROW_HEIGHT).center_y(ROW_HEIGHT);
    let cell = match column.width() {
        Some(w) => cell.width(w),
        None => cell.width(Length::Fill),
    };
    if column.is_figure() {
        cell.align_x(Horizontal::Right).into()
    } else {
        cell.into()
    }
}

/// The header: every column's name is a button that sorts by it; the sorted one shows its
/// direction.
pub fn header<'a>(sort: Sort, lang: Lang) -> Element<'a, Message> {
    let mut head = row![].spacing(6);
    for column in Column::ALL {
        let arrow = match (sort.column == column, sort.descending) {
            (false, _) => "",
            (true, false) => "↑",
            (true, true) => "↓",
        };
        let label = row![
            text(column.label(lang))
                .font(style::BOLD)
                .size(style::SMALL),
            text(arrow).font(style::BOLD).size(style::SMALL),
        ]
        .spacing(2);
        head = head.push(sized(
            container(
                button(label)
                    .padding(0)
                    .style(button::text)
                    .on_press(Message::SortBy(column)),
            )
            .id(column.id()),
            column,
        ));
    }
    head.into()
}

/// The rows at positions `shown` that fall in the viewport at `offset` (pixels from the
/// top) of `height`, with empty space standing for the others.
pub fn body<'a>(
    rows: &'a [RankedRow],
    shown: &[usize],
    offset: f32,
    height: f32,
    lang: Lang,
) -> Element<'a, Message> {
    let first = ((offset.max(0.0) / ROW_HEIGHT) as usize).saturating_sub(SPARE_ROWS);
    let count = (height.max(ROW_HEIGHT) / ROW_HEIGHT).ceil() as usize + 2 * SPARE_ROWS;
    let first = first.min(shown.len());
    let last = (first + count).min(shown.len());
    let mut body = column![space::vertical().height(first as f32 * ROW_HEIGHT)];
    for position in shown.get(first..last).unwrap_or_default() {
        if let Some(r) = rows.get(*position) {
            body = body.push(table_row(r, lang));
        }
    }
    body = body.push(space::vertical().height((shown.len() - last) as f32 * ROW_HEIGHT));
    scrollable(body.width(Length::Fill))
        .id(Id::new(ROWS_ID))
        .on_scroll(Message::Scrolled)
        .height(Length::Fill)
        .into()
}

fn table_row(r: &RankedRow, lang: Lang) -> Element<'_, Message> {
    let tt = &r.totals;
    let small = |s: String| text(s).size(style::SMALL);
    let dash = || "-".to_owned();
    let unit = button(text(&r.unit_name).size(style::SMALL))
        .padding(0)
        .style(button::text)
        .on_press(Message::Explain(r.unit_code.clone()));
    row![
        sized(
            small(r.rank.map_or_else(dash, |x| x.to_string())),
            Column::Rank
        ),
        sized(small(r.unit_code.clone()), Column::Code),
        sized(unit, Column::Unit),
        sized(small(tt.self_points.to_vi()), Column::SelfPoints),
        sized(
            small(tt.appraised_points.map_or_else(dash, Points::to_vi)),
            Column::Appraised
        ),
        sized(small(tt.survey_points.to_vi()), Column::Survey),
        sized(
            small(adjustments(tt.bonus, tt.penalty)),
            Column::Adjustments
        ),
        sized(
            small(tt.index.map_or_else(dash, |i| format!("{}%", i.to_vi()))).font(style::BOLD),
            Column::Index
        ),
        sized(
            small(r.classification.clone().unwrap_or_else(dash)),
            Column::Class
        ),
        sized(small(r.status.label(lang).to_owned()), Column::Status),
    ]
    .spacing(6)
    .into()
}

/// A thin line under the header.
pub fn divider<'a>() -> Element<'a, Message> {
    rule::horizontal(1).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_click_reverses_and_another_column_starts_in_its_direction() {
        let sort = Sort::default().clicked(Column::Unit);
        assert_eq!(sort.column, Column::Unit);
        assert!(!sort.descending);
        assert!(sort.clicked(Column::Unit).descending);
        let by_index = sort.clicked(Column::Index);
        assert!(by_index.descending, "figures start highest first");
        assert!(!by_index.clicked(Column::Index).descending);
    }
}
