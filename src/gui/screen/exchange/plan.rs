//! The merge plan of a received file as the officer reads it before anything changes: who
//! sent it (and the confirmations a new sender or an unrelated file needs), the changes, the
//! new units and assessments, the evidence, the conflicts to resolve, and what is refused.

use iced::widget::{button, checkbox, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{Message, State};
use crate::domain::Lang;
use crate::gui::i18n as t;
use crate::gui::style;
use crate::store::import::{self, MergePlan, Resolution};

pub(super) fn plan_view<'a>(
    state: &'a State,
    plan: &'a MergePlan,
    lang: Lang,
) -> Element<'a, Message> {
    // "Xã Thạch An 2025 · 1.4.2"; a unit refused as a whole has no year nor criterion.
    let place = |p: &import::Place| {
        let mut s = p.unit_name.clone();
        if p.year != 0 {
            s.push_str(&format!(" {}", p.year));
        }
        if let Some(c) = &p.criterion {
            s.push_str(&format!(" · {c}"));
        }
        s
    };
    let mut col = column![].spacing(4);
    let pkg = &plan.package;
    col = col.push(text(format!(
        "{} {} · {} · {}",
        t::PACKAGE_FROM.get(lang),
        pkg.sender_name.clone().unwrap_or_default(),
        if pkg.created_by.trim().is_empty() {
            t::AUTHOR_UNKNOWN.get(lang)
        } else {
            &pkg.created_by
        },
        crate::domain::format::local_time(&pkg.created_at)
    )));
    // Who signed it, and the confirmations an unknown sender or an unrelated file needs.
    let mut confirmed = true;
    let signer = &plan.signer;
    if signer.known {
        col = col.push(
            text(format!(
                "{}: {} · {}",
                t::SENDER_KNOWN.get(lang),
                signer.label,
                signer.key.fingerprint()
            ))
            .size(style::SMALL),
        );
    } else {
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
                text(format!(
                    "{} · {}: {}",
                    place(&r.place),
                    r.what,
                    r.reason_in(lang)
                ))
                .size(style::SMALL),
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
