//! A block pasted from Excel or LibreOffice (Ctrl+V in a cell): the clipboard is read by the
//! window itself, because a text input drops line breaks and tabs. Rows go to the active
//! leaf and the ones below it; a ratio criterion takes the row's two columns (numerator,
//! denominator), other leaves the first column. Refused rows are shown before anything is
//! stored; the rest is stored in one transaction and undone in one step.

use uuid::Uuid;

use super::edit::Undo;
use super::{Col, State, find_leaf};
use crate::domain::scoring::{RawError, parse_figure};
use crate::domain::{Lang, LeafKind, Points, Raw};
use crate::gui::i18n as t;
use crate::gui::screen::Ctx;
use crate::gui::screen::Event;
use crate::store::points_message;
use crate::store::scores::{Edit, Stage};

/// A paste waiting for the officer: some rows were refused.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The rows that will be stored: (criterion code, the edit, the edits that undo it).
    pub accepted: Vec<(String, Edit, Vec<Edit>)>,
    pub refused: Vec<Refused>,
}

/// A row of the clipboard that cannot be stored, and why.
#[derive(Debug, Clone)]
pub struct Refused {
    /// 1-based line of the clipboard.
    pub line: usize,
    /// The criterion it would have filled, if any.
    pub code: Option<String>,
    pub text: String,
    pub reason: String,
}

/// The clipboard's rows and their tab-separated cells; the line break Excel adds after the
/// last row is not a row.
pub fn rows(text: &str) -> Vec<Vec<&str>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split('\n')
        .map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .split('\t')
                .map(str::trim)
                .collect()
        })
        .collect()
}

/// A raw figure of a pasted cell; an empty cell is refused here (the row has figures).
fn figure(cell: &str, lang: Lang) -> Result<i64, String> {
    match parse_figure(cell) {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(format!("\"{cell}\": {}", RawError::Missing.message(lang))),
        Err(e) => Err(format!("\"{cell}\": {}", e.message(lang))),
    }
}

/// What puts a computed leaf's figures back: the old figures, or, when it had none, no
/// figures and the points it had.
fn raw_undo(current: &crate::domain::LeafScore) -> Vec<Edit> {
    let mut undo = vec![Edit::Raw(current.raw)];
    if current.raw.a.is_none() && current.self_points.is_some() {
        undo.push(Edit::Points(Stage::SelfAssessed, current.self_points));
    }
    undo
}

/// Works out what the clipboard `text` pasted at (`id`, `col`) would store, row by row.
/// `None` when the paste is one plain value: that is typed into the cell as usual.
pub fn plan(state: &State, id: Uuid, col: Col, text: &str, lang: Lang) -> Option<Pending> {
    let rows = rows(text);
    if rows.len() == 1 && rows[0].len() == 1 {
        return None;
    }
    let sheet = state.sheet.as_ref()?;
    let order = state.leaf_order();
    let start = order.iter().position(|x| *x == id)?;
    let mut pending = Pending {
        accepted: Vec::new(),
        refused: Vec::new(),
    };
    for (offset, cells) in rows.iter().enumerate() {
        let line = offset + 1;
        let shown = cells.join(" | ");
        let node = order
            .get(start + offset)
            .and_then(|leaf| find_leaf(&sheet.set.roots, *leaf));
        let Some((node, leaf)) = node.and_then(|n| n.leaf.as_ref().map(|l| (n, l))) else {
            pending.refused.push(Refused {
                line,
                code: None,
                text: shown,
                reason: t::PASTE_NO_ROW.get(lang).to_owned(),
            });
            continue;
        };
        let first = cells.first().copied().unwrap_or("");
        if cells.iter().all(|c| c.is_empty()) {
            // An empty row leaves its criterion as it is, as in a spreadsheet.
            continue;
        }
        let current = sheet
            .input
            .scores
            .get(&node.id)
            .cloned()
            .unwrap_or_default();
        let stage = col.stage().unwrap_or(Stage::SelfAssessed);
        let points_only = matches!(col, Col::Round1 | Col::Final);
        let change = if points_only || !leaf.kind.is_computed() {
            Points::parse_within(first, leaf.max)
                .map_err(|e| points_message(&e, lang))
                .map(|p| {
                    let old = match stage {
                        Stage::SelfAssessed => current.self_points,
                        Stage::Round1 => current.round1,
                        Stage::Final => current.final_points,
                    };
                    (Edit::Points(stage, Some(p)), vec![Edit::Points(stage, old)])
                })
        } else if leaf.kind == LeafKind::RatioBands {
            let undo = raw_undo(&current);
            match (cells.first(), cells.get(1)) {
                (Some(a), Some(b)) if !b.is_empty() => figure(a, lang).and_then(|a| {
                    figure(b, lang).map(|b| {
                        (
                            Edit::Raw(Raw {
                                a: Some(a),
                                b: Some(b),
                            }),
                            undo,
                        )
                    })
                }),
                _ => Err(t::PASTE_TWO_FIGURES.get(lang).to_owned()),
            }
        } else {
            figure(first, lang).map(|a| {
                (
                    Edit::Raw(Raw {
                        a: Some(a),
                        b: None,
                    }),
                    raw_undo(&current),
                )
            })
        };
        match change {
            Ok((edit, previous)) => pending
                .accepted
                .push((node.code.to_string(), edit, previous)),
            Err(reason) => pending.refused.push(Refused {
                line,
                code: Some(node.code.to_string()),
                text: shown,
                reason,
            }),
        }
    }
    Some(pending)
}

/// Stores the accepted rows of a paste in one transaction, with one undo step.
pub fn store(state: &mut State, ctx: &mut Ctx<'_>, pending: Pending) -> Option<Event> {
    state.paste = None;
    if pending.accepted.is_empty() {
        return None;
    }
    let sheet = state.sheet.as_ref()?;
    let mut edits = Vec::new();
    let mut previous = Vec::new();
    for (code, edit, undo) in pending.accepted {
        previous.extend(undo.into_iter().map(|e| (code.clone(), e)));
        edits.push((code, edit));
    }
    match ctx
        .store
        .edit_scores(&sheet.assessment, &sheet.set, edits, "")
    {
        Ok(()) => {
            if let Some(unit) = &state.unit {
                state.undo.push(Undo::batch(unit.code.clone(), previous));
            }
            state.drafts.clear();
            state.refresh_rows(ctx);
            Some(Event::Saved)
        }
        Err(e) => crate::gui::screen::failed(&mut state.error, e.message(ctx.lang)),
    }
}

/// The refused rows of a paste, before anything is stored, with the officer's two choices.
pub fn view(pending: &Pending, lang: Lang) -> iced::Element<'_, super::Message> {
    use crate::gui::style;
    use iced::widget::{button, column, container, row, text};
    let mut list = column![text(t::PASTE_REFUSED.get(lang)).font(style::BOLD)].spacing(2);
    for r in &pending.refused {
        list = list.push(
            text(format!(
                "{} {}{}: \"{}\" — {}",
                t::PASTE_LINE.get(lang),
                r.line,
                r.code
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                r.text,
                r.reason
            ))
            .size(style::SMALL)
            .style(style::error),
        );
    }
    let mut store = button(text(format!(
        "{} ({})",
        t::PASTE_STORE_REST.get(lang),
        pending.accepted.len()
    )));
    if !pending.accepted.is_empty() {
        store = store.on_press(super::Message::PasteConfirm);
    }
    let buttons = row![
        store,
        button(text(t::PASTE_CANCEL.get(lang)))
            .style(button::secondary)
            .on_press(super::Message::PasteCancel),
    ]
    .spacing(8);
    container(list.push(buttons).spacing(6))
        .padding(8)
        .width(iced::Length::Fill)
        .style(style::summary)
        .into()
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn splits_rows_and_columns_as_spreadsheets_copy_them() {
        assert_eq!(
            rows("1\t2\r\n3\t4\r\n"),
            vec![vec!["1", "2"], vec!["3", "4"]]
        );
        assert_eq!(rows("0,5\n\n1"), vec![vec!["0,5"], vec![""], vec!["1"]]);
        assert_eq!(rows("7"), vec![vec!["7"]]);
    }
}
