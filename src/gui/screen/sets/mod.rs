//! Bộ chỉ số: the criteria tree of the year with parents' sums, node details and edits,
//! copying last year's set as a starting point, and importing the province's appendix
//! (`import`).

pub mod import;
mod versions;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::{IndexSet, LeafKind, NaPolicy, Node, Points};
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::StoreError;
use crate::store::set_edit::NodeFields;

use super::{Ctx, Event, ViewCtx, failed};

#[derive(Debug, Default)]
pub struct State {
    pub set: Option<IndexSet>,
    set_id: Option<i64>,
    pub selected: Option<String>,
    pub form: Option<Form>,
    pub error: Option<String>,
    /// The appendix import panel, while open.
    pub import: Option<import::Import>,
    /// The classification as typed ("Tốt: 90; Khá: 70; …").
    pub classes: String,
    /// An earlier version of a re-issued set, open for reading.
    version: Option<versions::Viewing>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub guidance: String,
    pub max: String,
    pub na: Option<NaChoice>,
    pub evidence: String,
    pub is_leaf: bool,
    pub kind: Option<KindChoice>,
    /// "100: 1; 95: 0,5; 0: 0" for banded leaves.
    pub bands: String,
    /// Points per occurrence (count with cap).
    pub per_unit: String,
    /// A ratio that may pass 100 %.
    pub allows_over_100: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindChoice(pub LeafKind, pub crate::domain::Lang);

impl std::fmt::Display for KindChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(kind_label(self.0, self.1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NaChoice(pub NaPolicy, pub crate::domain::Lang);

impl std::fmt::Display for NaChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(na_label(self.0, self.1))
    }
}

fn na_label(policy: NaPolicy, lang: crate::domain::Lang) -> &'static str {
    match policy {
        NaPolicy::NotAllowed => lang.pick("Không áp dụng", "Not allowed"),
        NaPolicy::Exclude => lang.pick("Loại khỏi điểm tối đa", "Left out of the maximum"),
        NaPolicy::FullPoints => lang.pick("Tính điểm tối đa", "Full points"),
    }
}

/// "45/QĐ-UBND 10/05/2026", or that none is recorded.
fn decision_text(set: &IndexSet, lang: crate::domain::Lang) -> String {
    decision_words(&set.decision, set.decision_date)
        .unwrap_or_else(|| t::DECISION_NONE.get(lang).to_owned())
}

/// A decision's number and date as the set screen shows them; `None` when neither is known.
pub(super) fn decision_words(number: &str, date: Option<chrono::NaiveDate>) -> Option<String> {
    let words: Vec<String> = [
        Some(number.trim().to_owned()).filter(|n| !n.is_empty()),
        date.map(crate::domain::format::date_short),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub fn kind_label(kind: LeafKind, lang: crate::domain::Lang) -> &'static str {
    kind.label(lang)
}

#[derive(Debug, Clone)]
pub enum Message {
    Select(String),
    Title(String),
    Guidance(String),
    Max(String),
    Na(NaChoice),
    Evidence(String),
    Kind(KindChoice),
    Bands(String),
    PerUnit(String),
    OverWhole(bool),
    Save,
    AddChild,
    AddArea,
    Delete,
    Move(i64),
    CopyFromLastYear,
    CreateEmpty,
    Import(import::Message),
    Classes(String),
    SaveClasses,
    Version(versions::Message),
}

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        // An earlier version open for reading belongs to the year and set shown before.
        self.version = None;
        match ctx.store.index_set(ctx.year, ctx.level) {
            Ok((id, set)) => {
                self.classes = crate::domain::index_set::format_classes(&set.bands);
                self.set = Some(set);
                self.set_id = Some(id);
                self.error = None;
            }
            Err(StoreError::NoIndexSet { .. }) => {
                self.set = None;
                self.set_id = None;
            }
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
        if let Some(code) = self.selected.clone() {
            self.select(&code, ctx.lang);
        }
    }

    fn select(&mut self, code: &str, lang: crate::domain::Lang) {
        let Some(node) = self.set.as_ref().and_then(|s| s.find(code)) else {
            self.selected = None;
            self.form = None;
            return;
        };
        self.selected = Some(code.to_owned());
        self.form = Some(Form {
            title: node.title.to_string(),
            guidance: node.guidance.clone(),
            max: node
                .leaf
                .as_ref()
                .map(|l| l.max.to_vi())
                .unwrap_or_default(),
            na: node.leaf.as_ref().map(|l| NaChoice(l.na_policy, lang)),
            evidence: node
                .leaf
                .as_ref()
                .and_then(|l| l.evidence.clone())
                .unwrap_or_default(),
            is_leaf: node.leaf.is_some(),
            kind: node.leaf.as_ref().map(|l| KindChoice(l.kind, lang)),
            bands: node
                .leaf
                .as_ref()
                .map(|l| crate::domain::index_set::format_bands(&l.bands))
                .unwrap_or_default(),
            per_unit: node
                .leaf
                .as_ref()
                .and_then(|l| l.per_unit)
                .map(Points::to_vi)
                .unwrap_or_default(),
            allows_over_100: node.leaf.as_ref().is_some_and(|l| l.allows_over_100),
        });
    }
}

pub fn update(
    state: &mut State,
    message: Message,
    ctx: &mut Ctx<'_>,
) -> (Task<Message>, Option<Event>) {
    if let Message::Import(message) = message {
        let (task, event, outcome) =
            import::update(&mut state.import, message, ctx, &mut state.error);
        if let import::Outcome::Stored = outcome {
            state.selected = None;
            state.form = None;
            state.refresh(ctx);
        }
        return (task.map(Message::Import), event);
    }
    if let Message::Version(message) = message {
        versions::update(&mut state.version, message, ctx);
        return (Task::none(), None);
    }
    (Task::none(), apply(state, message, ctx))
}

/// Does what the message asks; returns the event for the workspace.
fn apply(state: &mut State, message: Message, ctx: &mut Ctx<'_>) -> Option<Event> {
    let lang = ctx.lang;
    let edit = |state: &mut State, f: &dyn Fn(&mut Form)| {
        if let Some(form) = state.form.as_mut() {
            f(form);
        }
    };
    match message {
        Message::Select(code) => {
            state.select(&code, lang);
            return None;
        }
        Message::Title(v) => edit(state, &|f| f.title = v.clone()),
        Message::Guidance(v) => edit(state, &|f| f.guidance = v.clone()),
        Message::Max(v) => edit(state, &|f| f.max = v.clone()),
        Message::Na(v) => edit(state, &|f| f.na = Some(v)),
        Message::Evidence(v) => edit(state, &|f| f.evidence = v.clone()),
        Message::Kind(v) => edit(state, &|f| f.kind = Some(v)),
        Message::Bands(v) => edit(state, &|f| f.bands = v.clone()),
        Message::PerUnit(v) => edit(state, &|f| f.per_unit = v.clone()),
        Message::OverWhole(v) => edit(state, &|f| f.allows_over_100 = v),
        Message::Save => {
            let (Some(set_id), Some(code), Some(form)) =
                (state.set_id, state.selected.clone(), state.form.clone())
            else {
                return None;
            };
            let max = if form.is_leaf {
                match Points::parse(&form.max) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        return failed(&mut state.error, crate::store::points_message(&e, lang));
                    }
                }
            } else {
                None
            };
            let fields = NodeFields {
                title: form.title,
                guidance: form.guidance,
                max,
                na_policy: form.na.map_or(NaPolicy::NotAllowed, |n| n.0),
                evidence: Some(form.evidence),
                allows_over_100: form.allows_over_100
                    && form.kind.is_some_and(|k| k.0 == LeafKind::RatioBands),
            };
            // The rule (kind, bands, points per occurrence) is written only when it changed,
            // since changing it is refused once the leaf has points.
            let current = state
                .set
                .as_ref()
                .and_then(|s| s.find(&code))
                .and_then(|n| n.leaf.clone());
            let rule = match (&current, form.kind) {
                (Some(leaf), Some(kind)) => {
                    let bands = match crate::domain::index_set::parse_bands(&form.bands) {
                        Ok(b) => b,
                        Err(part) => {
                            return failed(
                                &mut state.error,
                                format!("{}: \"{part}\"", t::BANDS.get(lang)),
                            );
                        }
                    };
                    let per_unit = if form.per_unit.trim().is_empty() {
                        None
                    } else {
                        match Points::parse(&form.per_unit) {
                            Ok(p) => Some(p),
                            Err(e) => {
                                return failed(
                                    &mut state.error,
                                    crate::store::points_message(&e, lang),
                                );
                            }
                        }
                    };
                    let changed =
                        leaf.kind != kind.0 || leaf.bands != bands || leaf.per_unit != per_unit;
                    changed.then_some((kind.0, bands, per_unit))
                }
                _ => None,
            };
            let result = ctx
                .store
                .edit_criterion(set_id, &code, &fields, rule.as_ref());
            return finish(state, ctx, result);
        }
        Message::AddChild | Message::AddArea => {
            let set_id = state.set_id?;
            let parent = if matches!(message, Message::AddChild) {
                state.selected.clone()
            } else {
                None
            };
            let title = t::NEW_CRITERION.get(lang).to_owned();
            let result =
                ctx.store
                    .add_criterion(set_id, parent.as_deref(), &title, Points::whole(1));
            match result {
                Ok(code) => {
                    state.selected = Some(code);
                    return finish(state, ctx, Ok(()));
                }
                Err(e) => return finish(state, ctx, Err(e)),
            }
        }
        Message::Delete => {
            let (Some(set_id), Some(code)) = (state.set_id, state.selected.clone()) else {
                return None;
            };
            let result = ctx.store.delete_criterion(set_id, &code);
            if result.is_ok() {
                state.selected = None;
                state.form = None;
            }
            return finish(state, ctx, result);
        }
        Message::Move(delta) => {
            let (Some(set_id), Some(code)) = (state.set_id, state.selected.clone()) else {
                return None;
            };
            let result = ctx.store.move_criterion(set_id, &code, delta);
            return finish(state, ctx, result);
        }
        Message::CreateEmpty => {
            let (year, level) = (ctx.year, ctx.level);
            let name = format!("{} {} {year}", t::SEC_SETS.get(lang), level.label_vi());
            let result = ctx.store.create_empty_set(year, level, &name);
            return finish(state, ctx, result);
        }
        Message::CopyFromLastYear => {
            let (year, level) = (ctx.year, ctx.level);
            let result = ctx.store.copy_last_years_set(level, year);
            return finish(state, ctx, result);
        }
        // Handled in `update`.
        Message::Import(_) | Message::Version(_) => {}
        Message::Classes(v) => state.classes = v,
        Message::SaveClasses => {
            let set_id = state.set_id?;
            let bands = match crate::domain::index_set::parse_classes(&state.classes) {
                Ok(bands) => bands,
                Err(part) => {
                    let message = format!("{}: \"{part}\"", t::CLASSES_BAD.get(lang));
                    return failed(&mut state.error, message);
                }
            };
            let result = ctx.store.set_classes(set_id, &bands);
            return finish(state, ctx, result);
        }
    }
    None
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

/// Widths of the tree's columns, shared by its header.
const TREE_CODE: f32 = 90.0;
const TREE_KIND: f32 = 150.0;
const TREE_MAX: f32 = 80.0;
/// Room on the right of the rows for the scrollbar, which is drawn over them.
pub(super) const SCROLLBAR_ROOM: f32 = 14.0;

/// The header over the tree, inset like the rows (their button padding).
fn tree_header<'a>(lang: crate::domain::Lang) -> Element<'a, Message> {
    let h = |label: &'static str| text(label).size(style::SMALL).font(style::BOLD);
    row![
        h(t::COL_CODE.get(lang)).width(TREE_CODE),
        h(t::COL_CRITERION.get(lang)).width(Length::Fill),
        h(t::SCORING_KIND.get(lang)).width(TREE_KIND),
        h(t::COL_MAX.get(lang))
            .width(TREE_MAX)
            .align_x(iced::alignment::Horizontal::Right),
    ]
    .spacing(6)
    .padding(iced::Padding::from([0.0, 4.0]).right(4.0 + SCROLLBAR_ROOM))
    .into()
}

/// One node of the tree as a line: code (indented by depth), title, scoring kind, points;
/// areas and criteria in bold, so the groups stand out from the leaves they hold. Shared by
/// the set's tree and the preview of an imported appendix.
pub(super) fn node_line<'a, M: 'a>(
    node: &'a Node,
    depth: usize,
    lang: crate::domain::Lang,
) -> iced::widget::Row<'a, M> {
    let kind = node
        .leaf
        .as_ref()
        .map(|l| kind_label(l.kind, lang))
        .unwrap_or("");
    let font = if node.leaf.is_none() {
        style::BOLD
    } else {
        iced::Font::default()
    };
    row![
        text(format!("{}{}", "    ".repeat(depth), node.code))
            .size(style::SMALL)
            .font(font)
            .width(TREE_CODE),
        text(&*node.title)
            .size(style::SMALL)
            .font(font)
            .width(Length::Fill),
        text(kind)
            .size(style::SMALL)
            .style(style::muted)
            .width(TREE_KIND),
        text(node.max_points().to_vi())
            .size(style::SMALL)
            .font(font)
            .width(TREE_MAX)
            .align_x(iced::alignment::Horizontal::Right),
    ]
    .spacing(6)
}

fn tree<'a>(
    nodes: &'a [Node],
    depth: usize,
    selected: Option<&str>,
    out: &mut Vec<Element<'a, Message>>,
    lang: crate::domain::Lang,
) {
    for node in nodes {
        let is_selected = selected == Some(&*node.code);
        let label = node_line(node, depth, lang);
        out.push(
            button(label)
                .padding([2, 4])
                .width(Length::Fill)
                .style(style::nav(is_selected))
                .on_press(Message::Select(node.code.to_string()))
                .into(),
        );
        tree(&node.children, depth + 1, selected, out, lang);
    }
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let import_button = button(text(t::SET_IMPORT.get(lang)))
        .style(button::secondary)
        .on_press(Message::Import(import::Message::Open));
    let import_panel = state
        .import
        .as_ref()
        .map(|panel| import::view(panel, lang, state.set.is_some()).map(Message::Import));
    let Some(set) = &state.set else {
        return column![
            text(t::NO_SET.get(lang)),
            row![
                button(text(t::NEW_SET.get(lang))).on_press(Message::CreateEmpty),
                button(text(format!("{} {}", t::COPY_SET.get(lang), ctx.year)))
                    .style(button::secondary)
                    .on_press(Message::CopyFromLastYear),
                import_button,
            ]
            .spacing(8),
            import_panel,
            text(state.error.clone().unwrap_or_default()).style(style::error),
        ]
        .spacing(10)
        .into();
    };
    if let Some(viewing) = &state.version {
        return versions::view(viewing, lang).map(Message::Version);
    }
    if let Some(panel) = import_panel {
        // The preview takes the screen: the set it may replace is not edited meanwhile.
        return column![
            text(&set.name).font(style::BOLD).size(style::HEADING),
            panel,
            text(state.error.clone().unwrap_or_default()).style(style::error),
        ]
        .spacing(10)
        .into();
    }
    let mut head = column![
        row![
            text(&set.name)
                .font(style::BOLD)
                .size(style::HEADING)
                .width(Length::Fill),
            import_button
        ]
        .spacing(8),
        text(format!(
            "{}: {} · {}: {} · {}: {}",
            t::DECISION.get(lang),
            decision_text(set, lang),
            t::MAX_POINTS.get(lang),
            set.max_total.to_vi(),
            t::TOTAL.get(lang),
            set.tree_total().to_vi()
        ))
        .size(style::SMALL),
    ]
    .spacing(4);
    if let Some(line) = versions::line(set, lang) {
        head = head.push(line.map(Message::Version));
    }
    if set.tree_total() != set.max_total {
        head = head.push(text(t::SET_TOTAL_WARNING.get(lang)).style(style::warning));
    }
    head = head.push(
        row![
            text(t::CLASSES.get(lang)).size(style::SMALL),
            text_input("Tốt: 90; Khá: 70; Trung bình: 50; Yếu: 0", &state.classes)
                .id("set-classes")
                .on_input(Message::Classes)
                .on_submit(Message::SaveClasses)
                .size(style::SMALL),
            button(text(t::CLASSES_SAVE.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .on_press(Message::SaveClasses),
        ]
        .spacing(6)
        .align_y(Alignment::Center),
    );
    let mut nodes = Vec::new();
    tree(&set.roots, 0, state.selected.as_deref(), &mut nodes, lang);
    let nodes = column(nodes)
        .spacing(1)
        .padding(iced::Padding::ZERO.right(SCROLLBAR_ROOM));

    let mut detail = column![
        row![
            button(text(t::ADD_AREA.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .on_press(Message::AddArea),
            button(text(t::ADD_CHILD.get(lang)).size(style::SMALL))
                .style(button::secondary)
                .on_press_maybe(state.selected.as_ref().map(|_| Message::AddChild)),
        ]
        .spacing(6),
    ]
    .spacing(8)
    .width(420);
    if let (Some(code), Some(form)) = (&state.selected, &state.form) {
        let node = set.find(code);
        let mut fields = column![
            text(format!("{} {code}", t::LEAF.get(lang))).font(style::BOLD),
            text(t::TITLE.get(lang)).size(style::SMALL),
            text_input("", &form.title).on_input(Message::Title),
            text(t::GUIDANCE.get(lang)).size(style::SMALL),
            text_input("", &form.guidance).on_input(Message::Guidance),
        ]
        .spacing(4);
        if let Some(leaf) = node.and_then(|n| n.leaf.as_ref()) {
            let policies = [
                NaPolicy::NotAllowed,
                NaPolicy::Exclude,
                NaPolicy::FullPoints,
            ]
            .map(|p| NaChoice(p, lang));
            fields = fields
                .push(text(t::SCORING_KIND.get(lang)).size(style::SMALL))
                .push(pick_list(
                    LeafKind::ALL.map(|k| KindChoice(k, lang)),
                    form.kind,
                    Message::Kind,
                ))
                .push(text(t::MAX_POINTS.get(lang)).size(style::SMALL))
                .push(text_input("", &form.max).on_input(Message::Max).width(100))
                .push(text(t::NA_POLICY.get(lang)).size(style::SMALL))
                .push(pick_list(policies, form.na, Message::Na))
                .push(text(t::EVIDENCE_REQ.get(lang)).size(style::SMALL))
                .push(text_input("", &form.evidence).on_input(Message::Evidence));
            let kind = form.kind.map_or(leaf.kind, |k| k.0);
            if matches!(kind, LeafKind::RatioBands | LeafKind::ValueBands) {
                let hint = if kind == LeafKind::RatioBands {
                    t::BANDS_RATIO_HINT
                } else {
                    t::BANDS_VALUE_HINT
                };
                fields = fields
                    .push(
                        text(format!("{} ({})", t::BANDS.get(lang), hint.get(lang)))
                            .size(style::SMALL),
                    )
                    .push(
                        text_input("100: 1; 95: 0,5; 0: 0", &form.bands).on_input(Message::Bands),
                    );
            }
            if kind == LeafKind::RatioBands {
                fields = fields.push(
                    checkbox(form.allows_over_100)
                        .label(t::ALLOWS_OVER_100.get(lang))
                        .on_toggle(Message::OverWhole)
                        .size(16)
                        .text_size(style::SMALL),
                );
            }
            if matches!(
                kind,
                LeafKind::CountCap | LeafKind::Bonus | LeafKind::Penalty
            ) {
                fields = fields
                    .push(text(t::PER_UNIT.get(lang)).size(style::SMALL))
                    .push(
                        text_input("0,25", &form.per_unit)
                            .on_input(Message::PerUnit)
                            .width(100),
                    );
            }
        }
        fields = fields.push(
            row![
                button(text(t::SAVE.get(lang))).on_press(Message::Save),
                button(text(t::MOVE_UP.get(lang)))
                    .style(button::secondary)
                    .on_press(Message::Move(-1)),
                button(text(t::MOVE_DOWN.get(lang)))
                    .style(button::secondary)
                    .on_press(Message::Move(1)),
                button(text(t::DELETE.get(lang)))
                    .style(button::danger)
                    .on_press(Message::Delete),
            ]
            .spacing(6),
        );
        detail = detail.push(container(fields).padding(10).style(style::card));
    }
    if let Some(error) = &state.error {
        detail = detail.push(text(error).style(style::error));
    }
    column![
        head,
        rule::horizontal(1),
        row![
            column![
                tree_header(lang),
                scrollable(nodes).height(Length::Fill).width(Length::Fill)
            ]
            .spacing(4)
            .width(Length::Fill),
            detail
        ]
        .spacing(12)
        .align_y(Alignment::Start),
    ]
    .spacing(8)
    .into()
}
