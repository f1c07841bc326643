//! The scoring grid (phiếu chấm điểm): the whole tree of one unit, keyboard first, with the
//! running total, index and class always in view; and the matrix of all units × one area.

use std::collections::{HashMap, HashSet};

use iced::widget::{
    Id, button, column, container, operation, pick_list, row, rule, scrollable, space, text,
    text_input,
};
use iced::{Alignment, Element, Length, Padding, Task};
use uuid::Uuid;

use crate::domain::scoring::Explained;
use crate::domain::{
    Lang, LeafKind, LeafScore, NaPolicy, Node, Points, Raw, Status, UnitScore, score_unit,
};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::points_message;
use crate::store::scores::{Edit, Note, Stage};
use crate::store::sheet::Sheet;

use super::{Ctx, ViewCtx};

/// An editable column of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    SelfPoints,
    RawA,
    RawB,
    Round1,
    Explanation,
    Final,
    Reason,
}

impl Col {
    const ORDER: [Col; 7] = [
        Col::RawA,
        Col::RawB,
        Col::SelfPoints,
        Col::Round1,
        Col::Explanation,
        Col::Final,
        Col::Reason,
    ];

    fn stage(self) -> Option<Stage> {
        match self {
            Col::SelfPoints => Some(Stage::SelfAssessed),
            Col::Round1 => Some(Stage::Round1),
            Col::Final => Some(Stage::Final),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Col::SelfPoints => "self",
            Col::RawA => "rawa",
            Col::RawB => "rawb",
            Col::Round1 => "r1",
            Col::Explanation => "expl",
            Col::Final => "final",
            Col::Reason => "reason",
        }
    }
}

/// The text input id of a cell, also used by tests to click into it.
pub fn cell_id(code: &str, col: Col) -> String {
    format!("cell-{code}-{}", col.key())
}

/// The units assessed in the year being worked on, for the pickers.
pub fn unit_choices(ctx: &Ctx<'_>) -> Vec<UnitChoice> {
    ctx.store
        .assessments_of(ctx.year, ctx.level)
        .map(|list| {
            list.into_iter()
                .map(|a| UnitChoice {
                    code: a.unit.code,
                    name: a.unit.name,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A unit in the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChoice {
    pub code: String,
    pub name: String,
}

impl std::fmt::Display for UnitChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)
    }
}

/// What Ctrl+Z puts back.
#[derive(Debug, Clone)]
struct Undo {
    unit: String,
    code: String,
    edit: Edit,
    reason: String,
}

#[derive(Debug, Default)]
pub struct State {
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub sheet: Option<Sheet>,
    /// Computed from the stored figures and the cells being typed.
    pub score: Option<UnitScore>,
    drafts: HashMap<(Uuid, Col), String>,
    errors: HashMap<Uuid, String>,
    collapsed: HashSet<String>,
    focus: Option<(Uuid, Col)>,
    undo: Vec<Undo>,
    pub reopen_reason: String,
    /// `Some(area code)` shows the matrix of all units for that area.
    pub matrix: Option<String>,
    matrix_rows: Vec<(String, Vec<Option<Points>>, Option<Points>)>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    PickUnit(UnitChoice),
    Input(Uuid, Col, String),
    Commit(Uuid, Col),
    Paste(Uuid, Col, String),
    ToggleNa(Uuid),
    ToggleArea(String),
    SetStatus(Status),
    ReopenReason(String),
    Undo,
    Matrix(Option<String>),
    /// From the keyboard: move the focused cell.
    Move(Nav),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    Next,
    Previous,
}

/// What the grid tells the app after an update.
pub enum Event {
    None,
    Saved(Task<Message>),
    Task(Task<Message>),
}

impl State {
    /// Reloads the unit list (after a year change) and the open sheet.
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.units = unit_choices(ctx);
        if self.unit.as_ref().is_some_and(|u| !self.units.contains(u)) {
            self.unit = None;
        }
        if self.unit.is_none() {
            self.unit = self.units.first().cloned();
        }
        self.reload(ctx);
        if let Some(area) = self.matrix.clone() {
            self.load_matrix(ctx, &area);
        }
    }

    fn reload(&mut self, ctx: &Ctx<'_>) {
        self.drafts.clear();
        self.errors.clear();
        self.sheet = None;
        self.score = None;
        let Some(unit) = &self.unit else { return };
        match ctx.store.sheet(ctx.year, ctx.level, &unit.code) {
            Ok(sheet) => {
                self.sheet = Some(sheet);
                self.error = None;
                self.rescore(ctx.lang);
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
    }

    /// After an edit of the open unit: re-reads its own rows only (not the index set, not the
    /// other units' scores), keeping what is being typed elsewhere to the caller.
    fn refresh_rows(&mut self, ctx: &Ctx<'_>) {
        self.errors.clear();
        if let Some(sheet) = &mut self.sheet
            && let Err(e) = ctx.store.refresh_sheet(sheet)
        {
            self.error = Some(e.message(ctx.lang));
        }
        self.rescore(ctx.lang);
    }

    /// Recomputes the totals with the valid cells being typed, so the total follows every
    /// keystroke in the same frame; nothing is stored until Enter, Tab or a move.
    fn rescore(&mut self, lang: Lang) {
        let Some(sheet) = &self.sheet else { return };
        let mut input = sheet.input.clone();
        for ((id, col), draft) in &self.drafts {
            let Some(stage) = col.stage() else { continue };
            let Some(node) = find_leaf(&sheet.set.roots, *id) else {
                continue;
            };
            let Some(leaf) = &node.leaf else { continue };
            let value = if draft.trim().is_empty() {
                None
            } else {
                match Points::parse_within(draft, leaf.max) {
                    Ok(p) => Some(p),
                    Err(_) => continue,
                }
            };
            let score = input.scores.entry(*id).or_default();
            match stage {
                Stage::SelfAssessed => score.self_points = value,
                Stage::Round1 => score.round1 = value,
                Stage::Final => score.final_points = value,
            }
        }
        self.score = Some(score_unit(&sheet.set, &input, lang));
    }

    fn leaf_order(&self) -> Vec<Uuid> {
        self.sheet
            .as_ref()
            .map(|s| {
                s.set
                    .leaves()
                    .into_iter()
                    .filter(|n| editable_leaf(n))
                    .map(|n| n.id)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn load_matrix(&mut self, ctx: &Ctx<'_>, area: &str) {
        self.matrix_rows.clear();
        match ctx.store.results_with(
            ctx.year,
            ctx.level,
            ctx.lang,
            crate::domain::scoring::Detail::Figures,
        ) {
            Ok(results) => {
                for r in &results.rows {
                    let Some(area_node) = r.score.roots.iter().find(|n| &*n.code == area) else {
                        continue;
                    };
                    let leaves = crate::domain::scoring::leaves_of(area_node);
                    self.matrix_rows.push((
                        r.unit_name.clone(),
                        leaves.iter().map(|l| l.effective).collect(),
                        area_node.effective,
                    ));
                }
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
    }
}

fn editable_leaf(node: &Node) -> bool {
    node.leaf
        .as_ref()
        .is_some_and(|l| l.kind != LeafKind::Survey)
}

fn find_leaf(nodes: &[Node], id: Uuid) -> Option<&Node> {
    nodes.iter().find_map(|n| {
        if n.id == id {
            Some(n)
        } else {
            find_leaf(&n.children, id)
        }
    })
}

fn stored(score: Option<&LeafScore>, col: Col) -> String {
    let Some(s) = score else { return String::new() };
    let p = |v: Option<Points>| v.map(Points::to_vi).unwrap_or_default();
    match col {
        Col::SelfPoints => p(s.self_points),
        Col::Round1 => p(s.round1),
        Col::Final => p(s.final_points),
        Col::RawA => s.raw.a.map(|a| a.to_string()).unwrap_or_default(),
        Col::RawB => s.raw.b.map(|b| b.to_string()).unwrap_or_default(),
        Col::Explanation => s.explanation.clone(),
        Col::Reason => {
            if !s.final_reason.is_empty() {
                s.final_reason.clone()
            } else if !s.round1_reason.is_empty() {
                s.round1_reason.clone()
            } else {
                s.na.clone().unwrap_or_else(|| s.self_note.clone())
            }
        }
    }
}

pub fn update(state: &mut State, ctx: &mut Ctx<'_>, message: Message) -> Event {
    match message {
        Message::PickUnit(unit) => {
            state.unit = Some(unit);
            state.undo.clear();
            state.reload(ctx);
            Event::None
        }
        Message::Input(id, col, value) => {
            state.focus = Some((id, col));
            state.errors.remove(&id);
            // Live check of a points cell: refuse out of range or malformed at once.
            if let (Some(_), Some(sheet)) = (col.stage(), &state.sheet)
                && let Some(leaf) = find_leaf(&sheet.set.roots, id).and_then(|n| n.leaf.as_ref())
                && !value.trim().is_empty()
                && let Err(e) = Points::parse_within(&value, leaf.max)
            {
                state.errors.insert(id, points_message(&e, ctx.lang));
            }
            state.drafts.insert((id, col), value);
            state.rescore(ctx.lang);
            Event::None
        }
        Message::Commit(id, col) => {
            let saved = commit(state, ctx, id, col);
            let task = move_focus(state, id, col, Nav::Down);
            if saved {
                Event::Saved(task)
            } else {
                Event::Task(task)
            }
        }
        Message::Move(nav) => {
            let Some((id, col)) = state.focus else {
                return Event::None;
            };
            commit(state, ctx, id, col);
            Event::Task(move_focus(state, id, col, nav))
        }
        Message::Paste(id, col, pasted) => paste(state, ctx, id, col, &pasted),
        Message::ToggleNa(id) => toggle_na(state, ctx, id),
        Message::ToggleArea(code) => {
            if !state.collapsed.remove(&code) {
                state.collapsed.insert(code);
            }
            Event::None
        }
        Message::SetStatus(status) => {
            let Some(sheet) = &state.sheet else {
                return Event::None;
            };
            let reason = state.reopen_reason.clone();
            match ctx.store.set_status(&sheet.assessment, status, &reason) {
                Ok(()) => {
                    state.reopen_reason.clear();
                    state.reload(ctx);
                    Event::Saved(Task::none())
                }
                Err(e) => {
                    state.error = Some(e.message(ctx.lang));
                    Event::None
                }
            }
        }
        Message::ReopenReason(reason) => {
            state.reopen_reason = reason;
            Event::None
        }
        Message::Undo => undo(state, ctx),
        Message::Matrix(area) => {
            if let Some(code) = &area {
                state.load_matrix(ctx, code);
            }
            state.matrix = area;
            Event::None
        }
    }
}

/// An area in the "compare units" list: its code and the start of its title.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AreaChoice {
    code: String,
    label: String,
}

impl AreaChoice {
    fn of(node: &Node) -> AreaChoice {
        AreaChoice {
            code: node.code.to_string(),
            label: crate::domain::text::shorten(&format!("{}. {}", node.code, node.title), 48),
        }
    }
}

impl std::fmt::Display for AreaChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Stores one cell. Returns whether something was written.
fn commit(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid, col: Col) -> bool {
    let Some(draft) = state.drafts.get(&(id, col)).cloned() else {
        return false;
    };
    let Some(sheet) = &state.sheet else {
        return false;
    };
    let Some(node) = find_leaf(&sheet.set.roots, id) else {
        return false;
    };
    let Some(leaf) = &node.leaf else { return false };
    let code = node.code.to_string();
    let current = sheet.input.scores.get(&id).cloned().unwrap_or_default();
    let reason_draft = state.drafts.get(&(id, Col::Reason)).cloned();
    let lang = ctx.lang;

    let parsed: Result<(Edit, Edit, String), String> = match col {
        Col::SelfPoints | Col::Round1 | Col::Final => {
            let stage = col.stage().unwrap_or(Stage::SelfAssessed);
            let value = if draft.trim().is_empty() {
                Ok(None)
            } else {
                Points::parse_within(&draft, leaf.max)
                    .map(Some)
                    .map_err(|e| points_message(&e, lang))
            };
            value.map(|v| {
                let old = match stage {
                    Stage::SelfAssessed => current.self_points,
                    Stage::Round1 => current.round1,
                    Stage::Final => current.final_points,
                };
                let old_reason = match stage {
                    Stage::Round1 => current.round1_reason.clone(),
                    Stage::Final => current.final_reason.clone(),
                    Stage::SelfAssessed => String::new(),
                };
                let reason = reason_draft.clone().unwrap_or(old_reason);
                (Edit::Points(stage, v), Edit::Points(stage, old), reason)
            })
        }
        Col::RawA | Col::RawB => {
            let a_text = state
                .drafts
                .get(&(id, Col::RawA))
                .cloned()
                .unwrap_or_else(|| stored(Some(&current), Col::RawA));
            let b_text = state
                .drafts
                .get(&(id, Col::RawB))
                .cloned()
                .unwrap_or_else(|| stored(Some(&current), Col::RawB));
            let number = |s: &str| -> Result<Option<i64>, String> {
                let s: String = s.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse::<i64>()
                    .map(Some)
                    .map_err(|_| format!("\"{s}\": {}", t::RAW_FIGURES.get(lang)))
            };
            match (number(&a_text), number(&b_text)) {
                (Ok(a), Ok(b)) => {
                    let needs_b = leaf.kind == LeafKind::RatioBands;
                    if a.is_none() || (needs_b && b.is_none()) {
                        // Wait for both figures before computing points.
                        return false;
                    }
                    let b = if needs_b { b } else { None };
                    Ok((
                        Edit::Raw(Raw { a, b }),
                        Edit::Raw(current.raw),
                        String::new(),
                    ))
                }
                (Err(e), _) | (_, Err(e)) => Err(e),
            }
        }
        Col::Explanation => Ok((
            Edit::Note(Note::Explanation, draft.clone()),
            Edit::Note(Note::Explanation, current.explanation.clone()),
            String::new(),
        )),
        Col::Reason => {
            // A reason alone is kept as the unit's note until a points cell uses it.
            if current.round1.is_some() || current.final_points.is_some() {
                return false;
            }
            Ok((
                Edit::Note(Note::SelfNote, draft.clone()),
                Edit::Note(Note::SelfNote, current.self_note.clone()),
                String::new(),
            ))
        }
    };
    let (edit, previous, reason) = match parsed {
        Ok(parts) => parts,
        Err(message) => {
            state.errors.insert(id, message);
            return false;
        }
    };
    match ctx
        .store
        .edit_score(&sheet.assessment, &sheet.set, &code, edit, &reason)
    {
        Ok(()) => {
            if let Some(unit) = &state.unit {
                state.undo.push(Undo {
                    unit: unit.code.clone(),
                    code,
                    edit: previous,
                    reason: reason.clone(),
                });
            }
            state.drafts.remove(&(id, col));
            if matches!(col, Col::RawA | Col::RawB) {
                state.drafts.remove(&(id, Col::RawA));
                state.drafts.remove(&(id, Col::RawB));
            }
            if col.stage().is_some() {
                state.drafts.remove(&(id, Col::Reason));
            }
            state.refresh_rows(ctx);
            true
        }
        Err(e) => {
            let message = match &e {
                crate::store::StoreError::ReasonRequired(_) => {
                    t::REASON_NEEDED.get(lang).to_owned()
                }
                other => other.message(lang),
            };
            state.errors.insert(id, message);
            false
        }
    }
}

fn move_focus(state: &mut State, id: Uuid, col: Col, nav: Nav) -> Task<Message> {
    let order = state.leaf_order();
    let Some(index) = order.iter().position(|x| *x == id) else {
        return Task::none();
    };
    let Some(sheet) = &state.sheet else {
        return Task::none();
    };
    let cols_of = |leaf_id: Uuid| -> Vec<Col> {
        let kind = find_leaf(&sheet.set.roots, leaf_id)
            .and_then(|n| n.leaf.as_ref())
            .map(|l| l.kind);
        Col::ORDER
            .into_iter()
            .filter(|c| match (c, kind) {
                (Col::RawA, Some(k)) => k.is_computed(),
                (Col::RawB, Some(k)) => k == LeafKind::RatioBands,
                (Col::SelfPoints, Some(k)) => !k.is_computed(),
                _ => true,
            })
            .collect()
    };
    let (target, target_col) = match nav {
        Nav::Down | Nav::Up => {
            let next = if nav == Nav::Down {
                index + 1
            } else {
                index.wrapping_sub(1)
            };
            let Some(target) = order.get(next).copied() else {
                return Task::none();
            };
            let cols = cols_of(target);
            let col = if cols.contains(&col) {
                col
            } else {
                cols.first().copied().unwrap_or(col)
            };
            (target, col)
        }
        Nav::Next | Nav::Previous => {
            let cols = cols_of(id);
            let at = cols.iter().position(|c| *c == col).unwrap_or(0);
            let step = if nav == Nav::Next {
                at + 1
            } else {
                at.wrapping_sub(1)
            };
            match cols.get(step) {
                Some(c) => (id, *c),
                None => return Task::none(),
            }
        }
    };
    let Some(code) = find_leaf(&sheet.set.roots, target).map(|n| n.code.clone()) else {
        return Task::none();
    };
    state.focus = Some((target, target_col));
    operation::focus(Id::from(cell_id(&code, target_col)))
}

/// A column pasted from Excel: one value per line, into this leaf and the ones below,
/// stored in one transaction (all or nothing).
fn paste(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid, col: Col, pasted: &str) -> Event {
    let values: Vec<&str> = pasted
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim())
        .collect();
    let Some(stage) = col.stage() else {
        state.drafts.insert((id, col), pasted.to_owned());
        return Event::None;
    };
    if values.len() <= 1 {
        state
            .drafts
            .insert((id, col), values.first().copied().unwrap_or("").to_owned());
        state.rescore(ctx.lang);
        return Event::None;
    }
    let order = state.leaf_order();
    let Some(start) = order.iter().position(|x| *x == id) else {
        return Event::None;
    };
    let Some(sheet) = &state.sheet else {
        return Event::None;
    };
    let mut edits = Vec::new();
    for (offset, value) in values.iter().enumerate() {
        let Some(target) = order.get(start + offset) else {
            break;
        };
        let Some(node) = find_leaf(&sheet.set.roots, *target) else {
            break;
        };
        let Some(leaf) = &node.leaf else { break };
        if value.is_empty() {
            continue;
        }
        match Points::parse_within(value, leaf.max) {
            Ok(p) => edits.push((node.code.to_string(), Edit::Points(stage, Some(p)))),
            Err(e) => {
                state.errors.insert(*target, points_message(&e, ctx.lang));
                return Event::None;
            }
        }
    }
    match ctx
        .store
        .edit_scores(&sheet.assessment, &sheet.set, edits, "")
    {
        Ok(()) => {
            state.drafts.clear();
            state.refresh_rows(ctx);
            Event::Saved(Task::none())
        }
        Err(e) => {
            state.errors.insert(id, e.message(ctx.lang));
            Event::None
        }
    }
}

fn toggle_na(state: &mut State, ctx: &mut Ctx<'_>, id: Uuid) -> Event {
    let Some(sheet) = &state.sheet else {
        return Event::None;
    };
    let Some(node) = find_leaf(&sheet.set.roots, id) else {
        return Event::None;
    };
    let current = sheet.input.scores.get(&id).and_then(|s| s.na.clone());
    let edit = match current {
        Some(_) => Edit::Na(None),
        None => {
            let reason = state
                .drafts
                .get(&(id, Col::Reason))
                .cloned()
                .unwrap_or_default();
            if reason.trim().is_empty() {
                state.errors.insert(
                    id,
                    t::NA_REASON.get(ctx.lang).to_owned() + ": " + t::COL_REASON.get(ctx.lang),
                );
                return Event::None;
            }
            Edit::Na(Some(reason))
        }
    };
    match ctx
        .store
        .edit_score(&sheet.assessment, &sheet.set, &node.code, edit, "")
    {
        Ok(()) => {
            state.drafts.clear();
            state.refresh_rows(ctx);
            Event::Saved(Task::none())
        }
        Err(e) => {
            state.errors.insert(id, e.message(ctx.lang));
            Event::None
        }
    }
}

fn undo(state: &mut State, ctx: &mut Ctx<'_>) -> Event {
    let Some(last) = state.undo.pop() else {
        return Event::None;
    };
    if state.unit.as_ref().map(|u| &u.code) != Some(&last.unit) {
        state.undo.clear();
        return Event::None;
    }
    let Some(sheet) = &state.sheet else {
        return Event::None;
    };
    match ctx.store.edit_score(
        &sheet.assessment,
        &sheet.set,
        &last.code,
        last.edit,
        &last.reason,
    ) {
        Ok(()) => {
            state.drafts.clear();
            state.refresh_rows(ctx);
            Event::Saved(Task::none())
        }
        Err(e) => {
            state.error = Some(e.message(ctx.lang));
            Event::None
        }
    }
}

// ---------------------------------------------------------------------------------------
// View

const W_CODE: f32 = 58.0;
const W_MAX: f32 = 80.0;
const W_POINTS: f32 = 78.0;
const W_TEXT: f32 = 140.0;
const W_SELF: f32 = 175.0;
const W_EVIDENCE: f32 = 70.0;

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let picker = pick_list(
        state.units.as_slice(),
        state.unit.clone(),
        Message::PickUnit,
    )
    .placeholder(t::PICK_UNIT.get(lang))
    .width(300);

    let Some(sheet) = &state.sheet else {
        let mut col = column![picker].spacing(10);
        if let Some(error) = &state.error {
            col = col.push(text(error).style(style::error));
        }
        return col.into();
    };
    let Some(score) = &state.score else {
        return picker.into();
    };

    let summary = summary_box(sheet, score, lang);
    let locked = sheet.assessment.locked;
    let status = sheet.assessment.status;
    let mut actions = row![].spacing(6).align_y(Alignment::Center);
    let status_button = |label: t::Tr, to: Status| {
        button(text(label.get(lang)).size(style::SMALL)).on_press(Message::SetStatus(to))
    };
    if !locked {
        match status {
            Status::Draft => actions = actions.push(status_button(t::SUBMIT, Status::Submitted)),
            Status::Submitted => {
                actions = actions.push(status_button(t::APPRAISE, Status::Appraised))
            }
            Status::Appraised => actions = actions.push(status_button(t::FINALISE, Status::Final)),
            Status::Final => {}
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
    let mut page = column![top.wrap().vertical_spacing(6), summary].spacing(8);
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    page.push(body).into()
}

fn summary_box<'a>(sheet: &'a Sheet, score: &UnitScore, lang: Lang) -> Element<'a, Message> {
    let totals = score.totals;
    let total = totals.effective_points + totals.survey_points + totals.bonus - totals.penalty;
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

fn header<'a>(lang: Lang) -> Element<'a, Message> {
    let h = |label: t::Tr, width: f32| {
        text(label.get(lang))
            .size(style::SMALL)
            .font(style::BOLD)
            .width(width)
    };
    row![
        h(t::COL_CODE, W_CODE),
        text(t::COL_CRITERION.get(lang))
            .size(style::SMALL)
            .font(style::BOLD)
            .width(Length::Fill),
        h(t::COL_MAX, W_MAX),
        h(t::COL_SELF, W_SELF),
        h(t::COL_ROUND1, W_POINTS),
        h(t::COL_EXPLANATION, W_TEXT),
        h(t::COL_FINAL, W_POINTS),
        h(t::COL_REASON, W_TEXT),
        h(t::COL_EVIDENCE, W_EVIDENCE),
    ]
    .spacing(4)
    // The rows' own padding plus the room the table leaves beside them for its scrollbar.
    .padding(Padding::from([4.0, 6.0 + ROWS_INSET]))
    .into()
}

/// Space on each side of the rows, for the scrollbar on the right (and kept on the left
/// for balance); the header is inset by the same amount so its columns stay over theirs.
const ROWS_INSET: f32 = 12.0;

/// The narrowest the grid may get before it scrolls sideways (at a large zoom on a small
/// screen) rather than squeezing or clipping its columns.
const GRID_MIN_WIDTH: f32 = 1080.0;

fn grid<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    score: &'a UnitScore,
    lang: Lang,
    locked: bool,
) -> Element<'a, Message> {
    let table = move |width: Length| -> Element<'a, Message> {
        let mut rows = Vec::new();
        for (node, explained) in sheet.set.roots.iter().zip(&score.roots) {
            push_rows(&mut rows, state, sheet, node, explained, 0, lang, locked);
        }
        let rows = column(rows).spacing(1);
        // The keyboard hint only where the cells take input.
        let hint = if locked { "" } else { t::PASTE_HINT.get(lang) };
        column![
            header(lang),
            rule::horizontal(1),
            scrollable(rows.padding([0.0, ROWS_INSET])).height(Length::Fill),
            text(hint).size(style::SMALL).style(style::muted),
        ]
        .spacing(2)
        .width(width)
        .into()
    };
    iced::widget::responsive(move |size| {
        if size.width >= GRID_MIN_WIDTH {
            table(Length::Fill)
        } else {
            // Room under the table for the sideways scrollbar.
            scrollable(
                iced::widget::container(table(Length::Fixed(GRID_MIN_WIDTH)))
                    .padding(iced::Padding::ZERO.bottom(14)),
            )
            .direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::default(),
            ))
            .height(Length::Fill)
            .into()
        }
    })
    .into()
}

#[allow(clippy::too_many_arguments)]
fn push_rows<'a>(
    rows: &mut Vec<Element<'a, Message>>,
    state: &'a State,
    sheet: &'a Sheet,
    node: &'a Node,
    explained: &'a Explained,
    depth: usize,
    lang: Lang,
    locked: bool,
) {
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
            let line = row![
                text(&*node.code).font(style::BOLD).width(W_CODE),
                title,
                text(explained.max_points.to_vi())
                    .font(style::BOLD)
                    .width(W_MAX),
                text(points(explained.self_points))
                    .font(style::BOLD)
                    .width(W_SELF),
                text(points(explained.appraised_points))
                    .font(style::BOLD)
                    .width(W_POINTS),
                space::horizontal().width(W_TEXT),
                text(points(explained.final_points))
                    .font(style::BOLD)
                    .width(W_POINTS),
                space::horizontal().width(W_TEXT + W_EVIDENCE),
            ]
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
                push_rows(
                    rows,
                    state,
                    sheet,
                    child,
                    child_explained,
                    depth + 1,
                    lang,
                    locked,
                );
            }
        }
        Some(leaf) => rows.push(leaf_row(state, sheet, node, leaf, explained, lang, locked)),
    }
}

#[allow(clippy::too_many_arguments)]
fn leaf_row<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    node: &'a Node,
    leaf: &'a crate::domain::Leaf,
    explained: &'a Explained,
    lang: Lang,
    locked: bool,
) -> Element<'a, Message> {
    let id = node.id;
    let score = sheet.input.scores.get(&id);
    let na = score.is_some_and(|s| s.na.is_some());
    let cell = |col: Col, width: f32, placeholder: &'a str| -> Element<'a, Message> {
        let value = state
            .drafts
            .get(&(id, col))
            .cloned()
            .unwrap_or_else(|| stored(score, col));
        let mut input = text_input(placeholder, &value)
            .id(Id::from(cell_id(&node.code, col)))
            .size(style::SMALL)
            .padding(4)
            .width(width);
        if !locked {
            input = input
                .on_input(move |v| Message::Input(id, col, v))
                .on_submit(Message::Commit(id, col))
                .on_paste(move |v| Message::Paste(id, col, v));
        }
        input.into()
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
                58.0
            } else {
                70.0
            },
            ""
        )]
        .spacing(2)
        .align_y(Alignment::Center);
        if leaf.kind == LeafKind::RatioBands {
            raw = raw
                .push(text("/").size(style::SMALL))
                .push(cell(Col::RawB, 58.0, ""));
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
    let evidence: Element<'a, Message> =
        if leaf.evidence.is_some() && evidence_count == 0 && !na && explained_in_writing {
            text(t::EXPLAINED.get(lang))
                .size(style::SMALL)
                .style(style::muted)
                .width(W_EVIDENCE)
                .into()
        } else if leaf.evidence.is_some() && evidence_count == 0 && !na {
            text(format!("⚠ {}", t::NEEDS_EVIDENCE.get(lang)))
                .size(style::SMALL)
                .style(style::warning)
                .width(W_EVIDENCE)
                .into()
        } else {
            text(if evidence_count > 0 {
                format!("{evidence_count} {}", t::DOCS_SHORT.get(lang))
            } else {
                String::new()
            })
            .size(style::SMALL)
            .width(W_EVIDENCE)
            .into()
        };

    let mut title_col = column![text(&*node.title).size(style::SMALL)].spacing(2);
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
    if let Some(error) = state.errors.get(&id) {
        title_col = title_col.push(text(error).size(style::SMALL).style(style::error));
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

    container(
        row![
            text(&*node.code).size(style::SMALL).width(W_CODE),
            title_col.width(Length::Fill),
            text(leaf.max.to_vi()).size(style::SMALL).width(W_MAX),
            self_cell,
            round1,
            if leaf.kind == LeafKind::Survey {
                space::horizontal().width(W_TEXT).into()
            } else {
                cell(Col::Explanation, W_TEXT, "")
            },
            final_cell,
            if leaf.kind == LeafKind::Survey {
                space::horizontal().width(W_TEXT).into()
            } else {
                cell(Col::Reason, W_TEXT, "")
            },
            evidence,
        ]
        .spacing(4)
        .align_y(Alignment::Center),
    )
    .padding([2, 6])
    .into()
}

fn matrix_view<'a>(
    state: &'a State,
    sheet: &'a Sheet,
    area: &str,
    lang: Lang,
) -> Element<'a, Message> {
    let Some(area_node) = sheet.set.roots.iter().find(|n| &*n.code == area) else {
        return text("").into();
    };
    let leaves = area_node.leaves();
    let mut head = row![
        text(t::UNIT.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(190)
    ]
    .spacing(4);
    for leaf in &leaves {
        head = head.push(
            text(&*leaf.code)
                .font(style::BOLD)
                .size(style::SMALL)
                .width(56),
        );
    }
    head = head.push(
        text(t::TOTAL.get(lang))
            .font(style::BOLD)
            .size(style::SMALL)
            .width(70),
    );
    let mut body = column![].spacing(2);
    for (name, values, total) in &state.matrix_rows {
        let mut line = row![text(name).size(style::SMALL).width(190)].spacing(4);
        for value in values {
            line = line.push(
                text(value.map(Points::to_vi).unwrap_or_else(|| "-".into()))
                    .size(style::SMALL)
                    .width(56),
            );
        }
        line = line.push(
            text(total.map(Points::to_vi).unwrap_or_default())
                .font(style::BOLD)
                .size(style::SMALL)
                .width(70),
        );
        body = body.push(line);
    }
    column![
        text(format!(
            "{} {} — {}",
            t::MATRIX.get(lang),
            area_node.code,
            area_node.title
        ))
        .font(style::BOLD),
        scrollable(column![head, rule::horizontal(1), body].spacing(4)).direction(
            scrollable::Direction::Both {
                vertical: scrollable::Scrollbar::default(),
                horizontal: scrollable::Scrollbar::default(),
            }
        ),
    ]
    .spacing(8)
    .into()
}
