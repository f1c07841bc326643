//! Trao đổi dữ liệu: send a copy (whole file, one year, one unit's submission), receive a
//! file with its merge plan shown before anything changes, and the backups to go back to.
//! The engine is `store::export`, `store::import` and `store::backup`; this screen only
//! shows what they return and passes the officer's choices.

use std::path::PathBuf;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::Lang;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::backup::{self, Backup};
use crate::store::export::{Exported, Options, Scope, SizeEstimate};
use crate::store::import::{self, Applied, Choices, MergePlan, PlanOptions, Received, Resolution};

use super::scoring::{UnitChoice, unit_choices};
use super::{Ctx, ViewCtx};

/// What to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeChoice(pub ScopeKind, pub Lang);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Whole,
    Year,
    Unit,
}

impl std::fmt::Display for ScopeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = match self.0 {
            ScopeKind::Whole => t::SCOPE_WHOLE,
            ScopeKind::Year => t::SCOPE_YEAR,
            ScopeKind::Unit => t::SCOPE_UNIT,
        };
        f.write_str(label.get(self.1))
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub scope: Option<ScopeKind>,
    pub units: Vec<UnitChoice>,
    pub unit: Option<UnitChoice>,
    pub without_evidence: bool,
    pub export_path: String,
    pub estimate: Option<SizeEstimate>,
    pub exported: Option<Result<Exported, String>>,
    pub import_path: String,
    pub allow_late: bool,
    received: Option<Received>,
    pub plan: Option<MergePlan>,
    pub choices: Vec<Option<Resolution>>,
    /// The officer checked the sender's key (or accepts an unsigned file).
    pub trust_sender: bool,
    /// The officer accepts a file that shares no history with this one.
    pub accept_unrelated: bool,
    pub applied: Option<Result<Applied, String>>,
    pub backups: Vec<Backup>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Scope(ScopeChoice),
    Unit(UnitChoice),
    WithoutEvidence(bool),
    ExportPath(String),
    ChooseExport,
    ChosenExport(Option<PathBuf>),
    Estimate,
    Export,
    ImportPath(String),
    ChooseImport,
    ChosenImport(Option<PathBuf>),
    AllowLate(bool),
    Read,
    Resolve(usize, Resolution),
    TrustSender(bool),
    AcceptUnrelated(bool),
    Apply,
    TakeBackup,
    Restore(PathBuf),
}

pub type Event = super::Event<Message>;

impl State {
    pub fn refresh(&mut self, ctx: &Ctx<'_>) {
        self.scope.get_or_insert(ScopeKind::Unit);
        self.units = unit_choices(ctx);
        if self.unit.as_ref().is_none_or(|u| !self.units.contains(u)) {
            self.unit = self.units.first().cloned();
        }
        self.backups = backup::list(ctx.store.path()).unwrap_or_default();
        if self.export_path.is_empty() {
            self.export_path = default_export(ctx, self).display().to_string();
        }
    }

    fn options(&self, year: i32) -> Options {
        let scope = match self.scope.unwrap_or(ScopeKind::Unit) {
            ScopeKind::Whole => Scope::Whole,
            ScopeKind::Year => Scope::Year(year),
            ScopeKind::Unit => Scope::Unit {
                code: self
                    .unit
                    .as_ref()
                    .map(|u| u.code.clone())
                    .unwrap_or_default(),
                year: Some(year),
            },
        };
        Options {
            scope,
            include_evidence: !self.without_evidence,
        }
    }
}

/// ~/Documents/<unit code>-<year>-gui-huyen.cchc and the like.
fn default_export(ctx: &Ctx<'_>, state: &State) -> PathBuf {
    let folder = directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(|p| p.to_owned())
                .or_else(|| Some(d.home_dir().to_owned()))
        })
        .unwrap_or_else(std::env::temp_dir);
    let name = match (state.scope.unwrap_or(ScopeKind::Unit), &state.unit) {
        (ScopeKind::Unit, Some(u)) => format!("cham-diem-{}-{}.cchc", ctx.year, u.code),
        (ScopeKind::Year, _) | (ScopeKind::Unit, None) => format!("chi-so-cchc-{}.cchc", ctx.year),
        (ScopeKind::Whole, _) => "chi-so-cchc-toan-bo.cchc".to_owned(),
    };
    folder.join(name)
}

fn pick(save: bool, name: String) -> Task<Message> {
    let dialog = rfd::AsyncFileDialog::new().add_filter("Chỉ số CCHC", &["cchc"]);
    if save {
        Task::perform(
            async move {
                dialog
                    .set_file_name(name)
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned())
            },
            Message::ChosenExport,
        )
    } else {
        Task::perform(
            async move { dialog.pick_file().await.map(|h| h.path().to_owned()) },
            Message::ChosenImport,
        )
    }
}

pub fn update(state: &mut State, ctx: &mut Ctx<'_>, message: Message) -> Event {
    let lang = ctx.lang;
    state.error = None;
    match message {
        Message::Scope(s) => {
            state.scope = Some(s.0);
            state.estimate = None;
            state.export_path = default_export(ctx, state).display().to_string();
        }
        Message::Unit(u) => {
            state.unit = Some(u);
            state.estimate = None;
            state.export_path = default_export(ctx, state).display().to_string();
        }
        Message::WithoutEvidence(v) => {
            state.without_evidence = v;
            state.estimate = None;
        }
        Message::ExportPath(p) => state.export_path = p,
        Message::ChooseExport => {
            let name = PathBuf::from(&state.export_path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Event::Task(pick(true, name));
        }
        Message::ChosenExport(Some(p)) => state.export_path = p.display().to_string(),
        Message::ChosenImport(Some(p)) => state.import_path = p.display().to_string(),
        Message::ChosenExport(None) | Message::ChosenImport(None) => {}
        Message::Estimate => match ctx.store.estimate_export(&state.options(ctx.year)) {
            Ok(e) => state.estimate = Some(e),
            Err(e) => state.error = Some(e.message(lang)),
        },
        Message::Export => {
            let out = PathBuf::from(state.export_path.trim());
            state.exported = Some(
                ctx.store
                    .export(&out, &state.options(ctx.year))
                    .map_err(|e| e.message(lang)),
            );
        }
        Message::ImportPath(p) => state.import_path = p,
        Message::ChooseImport => return Event::Task(pick(false, String::new())),
        Message::AllowLate(v) => {
            state.allow_late = v;
            if state.received.is_some() {
                plan(state, ctx);
            }
        }
        Message::Read => {
            state.plan = None;
            state.applied = None;
            match import::receive(&PathBuf::from(state.import_path.trim())) {
                Ok(received) => {
                    state.received = Some(received);
                    plan(state, ctx);
                }
                Err(e) => {
                    state.received = None;
                    state.error = Some(e.message(lang));
                }
            }
        }
        Message::Resolve(i, r) => {
            if let Some(slot) = state.choices.get_mut(i) {
                *slot = Some(r);
            }
        }
        Message::TrustSender(v) => state.trust_sender = v,
        Message::AcceptUnrelated(v) => state.accept_unrelated = v,
        Message::Apply => {
            let (Some(received), Some(plan)) = (&state.received, &state.plan) else {
                return Event::None;
            };
            let choices = Choices {
                conflicts: state.choices.clone(),
                all_conflicts: None,
                trust_sender: state.trust_sender,
                accept_unrelated: state.accept_unrelated,
            };
            let result = ctx
                .store
                .apply_import(received, plan, &choices)
                .map_err(|e| e.message(lang));
            let ok = result.is_ok();
            state.applied = Some(result);
            if ok {
                state.received = None;
                state.plan = None;
                state.backups = backup::list(ctx.store.path()).unwrap_or_default();
                return Event::Saved;
            }
        }
        Message::TakeBackup => {
            if let Err(e) = backup::take(ctx.store, backup::Reason::Manual) {
                state.error = Some(e.message(lang));
            }
            state.backups = backup::list(ctx.store.path()).unwrap_or_default();
        }
        Message::Restore(path) => match ctx.store.restore_from(&path) {
            Ok(_undo) => {
                state.backups = backup::list(ctx.store.path()).unwrap_or_default();
                return Event::Saved;
            }
            Err(e) => state.error = Some(e.message(lang)),
        },
    }
    Event::None
}

fn plan(state: &mut State, ctx: &Ctx<'_>) {
    let Some(received) = &state.received else {
        return;
    };
    match ctx.store.plan_import(
        received,
        PlanOptions {
            allow_late: state.allow_late,
        },
    ) {
        Ok(p) => {
            state.choices = vec![None; p.conflicts.len()];
            state.trust_sender = false;
            state.accept_unrelated = false;
            state.plan = Some(p);
        }
        Err(e) => state.error = Some(e.message(ctx.lang)),
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn view<'a>(state: &'a State, ctx: &ViewCtx) -> Element<'a, Message> {
    let lang = ctx.lang;
    let scopes = [ScopeKind::Unit, ScopeKind::Year, ScopeKind::Whole].map(|s| ScopeChoice(s, lang));
    let scope = state.scope.unwrap_or(ScopeKind::Unit);

    // Sending.
    let mut send = column![
        text(t::SEND_TITLE.get(lang)).font(style::BOLD),
        row![
            pick_list(scopes, Some(ScopeChoice(scope, lang)), Message::Scope).width(400),
            checkbox(state.without_evidence)
                .label(t::WITHOUT_EVIDENCE.get(lang))
                .on_toggle(Message::WithoutEvidence),
        ]
        .spacing(12)
        .align_y(Alignment::Center),
    ]
    .spacing(8);
    if scope == ScopeKind::Unit {
        send = send
            .push(pick_list(state.units.as_slice(), state.unit.clone(), Message::Unit).width(300));
    }
    send = send.push(
        row![
            text_input("", &state.export_path)
                .id("export-path")
                .on_input(Message::ExportPath),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseExport),
        ]
        .spacing(8),
    );
    send = send.push(
        row![
            button(text(t::ESTIMATE.get(lang)))
                .style(button::secondary)
                .on_press(Message::Estimate),
            button(text(t::EXPORT.get(lang))).on_press(Message::Export),
        ]
        .spacing(8),
    );
    if let Some(e) = &state.estimate {
        send = send.push(text(format!(
            "{} {} ({} {})",
            t::SIZE_ABOUT.get(lang),
            size(e.total),
            t::OF_WHICH_EVIDENCE.get(lang),
            size(e.evidence)
        )));
        if e.large {
            send = send.push(text(t::LARGE_EXPORT.get(lang)).style(style::warning));
            for d in e.largest.iter().take(8) {
                send = send.push(
                    text(format!(
                        "· {} — {} ({})",
                        d.reference,
                        d.file_name,
                        size(d.size.max(0) as u64)
                    ))
                    .size(style::SMALL),
                );
            }
        }
    }
    match &state.exported {
        Some(Ok(x)) => {
            send = send.push(
                text(format!(
                    "{} {} ({})",
                    t::EXPORTED.get(lang),
                    x.path.display(),
                    size(x.size)
                ))
                .style(style::success),
            );
            send = send.push(text(format!(
                "{} {}",
                t::OWN_KEY.get(lang),
                x.signer.fingerprint()
            )));
        }
        Some(Err(e)) => send = send.push(text(e).style(style::error)),
        None => {}
    }

    // Receiving.
    let mut receive = column![
        text(t::RECEIVE_TITLE.get(lang)).font(style::BOLD),
        row![
            text_input(t::PATH_HINT.get(lang), &state.import_path)
                .id("import-path")
                .on_input(Message::ImportPath),
            button(text(t::CHOOSE_FILE.get(lang)))
                .style(button::secondary)
                .on_press(Message::ChooseImport),
            button(text(t::READ_FILE.get(lang))).on_press(Message::Read),
        ]
        .spacing(8),
        checkbox(state.allow_late)
            .label(t::ALLOW_LATE.get(lang))
            .on_toggle(Message::AllowLate),
    ]
    .spacing(8);
    if let Some(plan) = &state.plan {
        receive = receive.push(plan_view(state, plan, lang));
    }
    match &state.applied {
        Some(Ok(a)) => {
            receive = receive.push(
                text(format!("{}: {}", t::APPLIED.get(lang), a.changes)).style(style::success),
            )
        }
        Some(Err(e)) => receive = receive.push(text(e).style(style::error)),
        None => {}
    }

    // Backups.
    let mut backups = column![
        row![
            text(t::BACKUPS_TITLE.get(lang))
                .font(style::BOLD)
                .width(Length::Fill),
            button(text(t::TAKE_BACKUP.get(lang)))
                .style(button::secondary)
                .on_press(Message::TakeBackup),
        ]
        .align_y(Alignment::Center),
    ]
    .spacing(4);
    for b in state.backups.iter().take(30) {
        let when = b
            .taken_at
            .with_timezone(&chrono::Local)
            .format("%d/%m/%Y %H:%M:%S")
            .to_string();
        backups = backups.push(
            row![
                text(when).size(style::SMALL).width(170),
                text(b.reason.label(lang)).size(style::SMALL).width(200),
                text(size(b.size)).size(style::SMALL).width(90),
                button(text(t::RESTORE.get(lang)).size(style::SMALL))
                    .style(button::secondary)
                    .on_press(Message::Restore(b.path.clone())),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }

    let card = |content: iced::widget::Column<'a, Message>| {
        container(content)
            .padding(10)
            .width(Length::Fill)
            .style(style::card)
    };
    let mut page = column![
        text(t::SEC_EXCHANGE.get(lang))
            .font(style::BOLD)
            .size(style::HEADING),
        card(send),
        card(receive),
        card(backups),
    ]
    .spacing(12);
    if let Some(error) = &state.error {
        page = page.push(text(error).style(style::error));
    }
    scrollable(page.padding(iced::Padding::ZERO.right(14)))
        .height(Length::Fill)
        .into()
}

fn plan_view<'a>(state: &'a State, plan: &'a MergePlan, lang: Lang) -> Element<'a, Message> {
    let place = |p: &import::Place| {
        format!(
            "{} {} · {}",
            p.unit_name,
            p.year,
            p.criterion.clone().unwrap_or_default()
        )
    };
    let mut col = column![].spacing(4);
    if let Some(pkg) = &plan.package {
        col = col.push(text(format!(
            "{} {} · {} · {}",
            t::PACKAGE_FROM.get(lang),
            pkg.sender_name.clone().unwrap_or_default(),
            pkg.created_by,
            crate::domain::format::local_time(&pkg.created_at)
        )));
    }
    // Who signed it, and the confirmations an unknown sender or an unrelated file needs.
    let mut confirmed = true;
    match &plan.signer {
        Some(signer) if signer.known => {
            col = col.push(
                text(format!(
                    "{}: {} · {}",
                    t::SENDER_KNOWN.get(lang),
                    signer.label,
                    signer.key.fingerprint()
                ))
                .size(style::SMALL),
            );
        }
        Some(signer) => {
            col = col.push(
                text(format!(
                    "{} {}. {} {}",
                    t::SENDER_NEW.get(lang),
                    signer.label,
                    t::KEY_FINGERPRINT.get(lang),
                    signer.key.fingerprint()
                ))
                .font(style::BOLD)
                .style(style::warning),
            );
            col = col.push(text(t::SENDER_NEW_HINT.get(lang)).size(style::SMALL));
            col = col.push(
                checkbox(state.trust_sender)
                    .label(t::TRUST_SENDER.get(lang))
                    .on_toggle(Message::TrustSender),
            );
            confirmed &= state.trust_sender;
        }
        None => {
            col = col.push(text(t::UNSIGNED_FILE.get(lang)).style(style::warning));
            col = col.push(
                checkbox(state.trust_sender)
                    .label(t::TRUST_UNSIGNED.get(lang))
                    .on_toggle(Message::TrustSender),
            );
            confirmed &= state.trust_sender;
        }
    }
    if plan.unrelated {
        col = col.push(text(t::UNRELATED_FILE.get(lang)).style(style::warning));
        col = col.push(
            checkbox(state.accept_unrelated)
                .label(t::ACCEPT_UNRELATED.get(lang))
                .on_toggle(Message::AcceptUnrelated),
        );
        confirmed &= state.accept_unrelated;
    }
    if plan.is_empty() {
        col = col.push(text(t::NOTHING_NEW.get(lang)).style(style::success));
    }
    let section = |title: t::Tr, n: usize| {
        text(format!("{} ({n})", title.get(lang)))
            .font(style::BOLD)
            .size(style::SMALL)
    };
    if !plan.changes.is_empty() {
        col = col.push(section(t::PLAN_CHANGES, plan.changes.len()));
        for c in &plan.changes {
            col = col.push(
                text(format!(
                    "{} · {}: {} → {}",
                    place(&c.place),
                    c.field.label(lang),
                    c.old.display(),
                    c.new.display()
                ))
                .size(style::SMALL),
            );
        }
    }
    if !plan.new_assessments.is_empty() || !plan.new_units.is_empty() {
        col = col.push(section(
            t::PLAN_NEW,
            plan.new_assessments.len() + plan.new_units.len(),
        ));
        for u in &plan.new_units {
            col = col.push(text(format!("{} ({})", u.name, u.code)).size(style::SMALL));
        }
        for a in &plan.new_assessments {
            col = col.push(
                text(format!(
                    "{} · {} {}",
                    place(&a.place),
                    a.leaves,
                    t::LEAVES.get(lang)
                ))
                .size(style::SMALL),
            );
        }
    }
    if !plan.new_evidence.is_empty() || !plan.new_links.is_empty() {
        col = col.push(section(
            t::PLAN_EVIDENCE,
            plan.new_evidence.len() + plan.new_links.len(),
        ));
        for e in &plan.new_evidence {
            col = col.push(
                text(format!(
                    "{} — {}{}",
                    e.reference,
                    e.file_name,
                    if e.file_included {
                        ""
                    } else {
                        " (không kèm tệp)"
                    }
                ))
                .size(style::SMALL),
            );
        }
        for l in &plan.new_links {
            col = col.push(
                text(format!("{} ← {} {}", place(&l.place), l.reference, l.page))
                    .size(style::SMALL),
            );
        }
    }
    if !plan.conflicts.is_empty() {
        col = col.push(section(t::PLAN_CONFLICTS, plan.conflicts.len()).style(style::warning));
        for (i, c) in plan.conflicts.iter().enumerate() {
            let chosen = state.choices.get(i).copied().flatten();
            col = col.push(
                row![
                    text(format!("{} · {}", place(&c.place), c.field.label(lang)))
                        .size(style::SMALL)
                        .width(Length::Fill),
                    button(
                        text(format!("{}: {}", t::KEEP_MINE.get(lang), c.local.display()))
                            .size(style::SMALL)
                    )
                    .style(style::nav(chosen == Some(Resolution::KeepLocal)))
                    .on_press(Message::Resolve(i, Resolution::KeepLocal)),
                    button(
                        text(format!(
                            "{}: {}",
                            t::TAKE_THEIRS.get(lang),
                            c.incoming.display()
                        ))
                        .size(style::SMALL)
                    )
                    .style(style::nav(chosen == Some(Resolution::TakeIncoming)))
                    .on_press(Message::Resolve(i, Resolution::TakeIncoming)),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
        }
    }
    if !plan.refused.is_empty() {
        col = col.push(section(t::PLAN_REFUSED, plan.refused.len()).style(style::error));
        for r in &plan.refused {
            col = col.push(
                text(format!("{} · {}: {}", place(&r.place), r.what, r.reason)).size(style::SMALL),
            );
        }
    }
    let unresolved = state.choices.iter().any(Option::is_none);
    col =
        col.push(button(text(t::APPLY_IMPORT.get(lang))).on_press_maybe(
            (!plan.is_empty() && !unresolved && confirmed).then_some(Message::Apply),
        ));
    container(col).padding(8).style(style::summary).into()
}
