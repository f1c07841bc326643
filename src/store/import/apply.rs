//! Applying a merge plan: one transaction after a backup, every change through the audited
//! paths with the package id.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::format::parse_iso_date;
use crate::domain::{IndexSet, LeafScore, Status, UnitKind};
use crate::store::assessments::{self, Assessment};
use crate::store::audit::{self, Change};
use crate::store::backup::{self, Reason};
use crate::store::evidence::{self, NewEvidence};
use crate::store::export::ScopeKind;
use crate::store::scores::{self, Edit, Note, Stage};
use crate::store::signing;
use crate::store::units;
use crate::store::{Result, Store, StoreError, index_sets};

use super::bad;
use super::plan::{Applied, Choices, Field, MergePlan, NewUnit, Place, Resolution, Value};
use super::receive::Received;

impl Store {
    /// Applies a plan in one transaction after an automatic backup. Conflicts need a choice
    /// (else [`StoreError::Unresolved`] and nothing changes); a live file changed since the plan
    /// was made is refused ([`StoreError::PlanOutdated`]).
    pub fn apply_import(
        &mut self,
        received: &Received,
        plan: &MergePlan,
        choices: &Choices,
    ) -> Result<Applied> {
        self.apply_import_with_progress(received, plan, choices, |_, _| {})
    }

    /// [`Store::apply_import`], calling `progress(done, total)` as items are applied (for a
    /// progress bar; `total` is the plan's item count).
    pub fn apply_import_with_progress(
        &mut self,
        received: &Received,
        plan: &MergePlan,
        choices: &Choices,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Applied> {
        let head: Option<String> = audit::entries(self.conn())?.last().map(|e| e.hash.clone());
        if head != plan.live_head {
            return Err(StoreError::PlanOutdated);
        }
        let resolutions: Vec<Resolution> = plan
            .conflicts
            .iter()
            .enumerate()
            .filter_map(|(i, _)| {
                choices
                    .conflicts
                    .get(i)
                    .copied()
                    .flatten()
                    .or(choices.all_conflicts)
            })
            .collect();
        if resolutions.len() != plan.conflicts.len() {
            return Err(StoreError::Unresolved(
                plan.conflicts.len() - resolutions.len(),
            ));
        }
        if !plan.signer.known && !choices.trust_sender {
            return Err(StoreError::SenderNotTrusted(plan.signer.key.fingerprint()));
        }
        if plan.unrelated && !choices.accept_unrelated && !plan.is_empty() {
            return Err(StoreError::Unrelated);
        }
        let package = Some(plan.package.id);
        if plan.is_empty() {
            return Ok(Applied {
                backup: None,
                changes: 0,
                package,
            });
        }
        let backup = backup::take(self, Reason::Import)?;
        let actor = self.actor().to_owned();
        let package_text = package.map(|p| p.to_string());
        let pkg = &received.snapshot;
        let allow_late = !plan.late.is_empty();
        let total = plan.new_units.len()
            + plan.new_assessments.len()
            + plan.changes.len()
            + resolutions
                .iter()
                .filter(|r| **r == Resolution::TakeIncoming)
                .count()
            + plan.new_evidence.len()
            + plan.new_links.len();
        let mut done = 0;
        let mut step = |n: &mut usize| {
            *n += 1;
            progress(*n, total);
        };
        let changes = self.write(|tx| {
            let pid = package_text.as_deref();
            let mut count = 0;
            // New units, parents first.
            let mut pending: Vec<&NewUnit> = plan.new_units.iter().collect();
            while !pending.is_empty() {
                let before = pending.len();
                let mut rest = Vec::new();
                for n in pending {
                    let Some(u) = pkg.units.get(&n.uuid) else {
                        continue;
                    };
                    let parent = match u.parent {
                        Some(p) => match units::id_of_uuid(tx, &p)? {
                            Some(id) => Some(id),
                            None if plan.new_units.iter().any(|x| x.uuid == p) => {
                                rest.push(n);
                                continue;
                            }
                            None => None,
                        },
                        None => None,
                    };
                    units::add_with_uuid(
                        tx,
                        u.uuid,
                        &units::NewUnit {
                            code: u.code.clone(),
                            name: u.name.clone(),
                            kind: UnitKind::parse(&u.kind).ok_or_else(|| {
                                StoreError::Invalid(format!("loại đơn vị \"{}\"", u.kind))
                            })?,
                            valid_from: u.valid_from.as_deref().and_then(parse_iso_date),
                            valid_to: u.valid_to.as_deref().and_then(parse_iso_date),
                            parent_id: parent,
                        },
                    )?;
                    count += 1;
                    step(&mut done);
                }
                if rest.len() == before {
                    return Err(bad("unit", "vòng lặp đơn vị cấp trên"));
                }
                pending = rest;
            }
            // New assessments with their self-assessment fields.
            let status = match plan.package.kind {
                ScopeKind::Unit => Status::Submitted,
                _ => Status::Draft,
            };
            for n in &plan.new_assessments {
                let Some(a) = pkg.assessments.get(&n.uuid) else {
                    continue;
                };
                let unit_id =
                    units::id_of_uuid(tx, &a.unit)?.ok_or_else(|| bad("unit", "đơn vị"))?;
                let set_id = index_sets::id_of_uuid(tx, &a.set)?
                    .ok_or_else(|| bad("index_set", "bộ chỉ số"))?;
                let id = assessments::create_with_uuid(
                    tx, &actor, a.uuid, unit_id, set_id, status, pid,
                )?;
                let live_a =
                    assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment", "phiếu"))?;
                let set = index_sets::load_by_id(tx, set_id)?;
                for (c, s) in plan
                    .new_assessment_scores
                    .get(&n.uuid)
                    .into_iter()
                    .flatten()
                {
                    let code = set
                        .leaves()
                        .into_iter()
                        .find(|l| l.id == *c)
                        .map(|l| l.code.clone())
                        .ok_or_else(|| bad("score", "tiêu chí"))?;
                    for field in Field::ALL {
                        let value = field.get(s);
                        if value != field.get(&LeafScore::default()) {
                            apply_field(tx, &actor, &live_a, &set, &code, field, value, pid)?;
                            count += 1;
                        }
                    }
                }
                step(&mut done);
            }
            // Field changes and the conflicts resolved to the incoming value.
            let taken = plan
                .conflicts
                .iter()
                .zip(&resolutions)
                .filter(|(_, r)| **r == Resolution::TakeIncoming)
                .map(|(c, _)| (&c.place, c.field, &c.incoming));
            let all: Vec<(&Place, Field, &Value)> = plan
                .changes
                .iter()
                .map(|c| (&c.place, c.field, &c.new))
                .chain(taken)
                .collect();
            let mut cache: HashMap<Uuid, (Assessment, IndexSet)> = HashMap::new();
            for (place, field, value) in all {
                let Some(criterion) = place.criterion_uuid else {
                    continue;
                };
                let (a, set) = match cache.entry(place.assessment) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let id = assessments::id_of_uuid(tx, &place.assessment)?
                            .ok_or_else(|| bad("assessment", "phiếu"))?;
                        let mut a = assessments::by_id(tx, id)?
                            .ok_or_else(|| bad("assessment", "phiếu"))?;
                        if a.locked && !allow_late {
                            return Err(StoreError::Locked {
                                unit: a.unit.name.clone(),
                                year: a.year,
                            });
                        }
                        // An explicitly allowed late submission: the lock admits the
                        // self-assessment fields only, and the assessment stays locked.
                        a.locked = false;
                        let set = index_sets::load_by_id(tx, a.set_id)?;
                        e.insert((a, set))
                    }
                };
                let code = set
                    .leaves()
                    .into_iter()
                    .find(|l| l.id == criterion)
                    .map(|l| l.code.clone())
                    .ok_or_else(|| bad("score", "tiêu chí"))?;
                apply_field(tx, &actor, a, set, &code, field, value.clone(), pid)?;
                count += 1;
                step(&mut done);
            }
            // Evidence documents and files.
            for e in &plan.new_evidence {
                let Some(d) = pkg.docs.get(&e.uuid) else {
                    continue;
                };
                if e.file_included
                    && let Some(sha) = &d.sha256
                {
                    let bytes = evidence::bytes(&received.conn, sha)?
                        .ok_or_else(|| StoreError::EvidenceMismatch(vec![sha.clone()]))?;
                    if evidence::store_blob(tx, &bytes)? != *sha {
                        return Err(StoreError::EvidenceMismatch(vec![sha.clone()]));
                    }
                }
                if !e.file_only {
                    // A unit's submission owns documents for itself only.
                    let p = &plan.package;
                    let owner = match d.owner {
                        Some(o) if p.kind != ScopeKind::Unit || p.sender_unit == Some(o) => {
                            units::id_of_uuid(tx, &o)?
                        }
                        _ => None,
                    };
                    evidence::insert_doc(
                        tx,
                        &actor,
                        &NewEvidence {
                            uuid: d.uuid,
                            info: d.info.clone(),
                            file_name: d.file_name.clone(),
                            file_size: d.file_size,
                            sha256: d.sha256.clone(),
                            owner_unit_id: owner,
                        },
                        pid,
                    )?;
                }
                count += 1;
                step(&mut done);
            }
            for l in &plan.new_links {
                let Some(criterion) = l.place.criterion_uuid else {
                    continue;
                };
                let doc_id = evidence::id_of_uuid(tx, &l.doc)?
                    .ok_or_else(|| bad("evidence_doc", "văn bản"))?;
                let id = assessments::id_of_uuid(tx, &l.place.assessment)?
                    .ok_or_else(|| bad("assessment", "phiếu"))?;
                let mut a =
                    assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment", "phiếu"))?;
                if a.locked && allow_late {
                    a.locked = false;
                }
                let set = index_sets::load_by_id(tx, a.set_id)?;
                let code = set
                    .leaves()
                    .into_iter()
                    .find(|n| n.id == criterion)
                    .map(|n| n.code.clone())
                    .ok_or_else(|| bad("evidence_link", "tiêu chí"))?;
                evidence::link_from(
                    tx,
                    &actor,
                    doc_id,
                    &a,
                    &set,
                    &code,
                    &l.page,
                    Some(l.uuid),
                    pid,
                )?;
                count += 1;
                step(&mut done);
            }
            // The sender's key, accepted now: later packages of the sender must carry it.
            let signer = &plan.signer;
            if !signer.known {
                signing::trust(tx, &signer.sender, signer.key, &signer.label, &actor)?;
                audit::append(
                    tx,
                    &Change {
                        actor: &actor,
                        action: "trust",
                        subject: format!("sender:{}", signer.sender),
                        field: "key",
                        old: None,
                        new: Some(signer.key.fingerprint()),
                        reason: &signer.label,
                        package: pid,
                    },
                )?;
            }
            // The import itself, so the log names the package and its sender.
            let p = &plan.package;
            let what = Some(
                format!(
                    "{} {} {}",
                    p.kind.as_str(),
                    p.sender_code.clone().unwrap_or_default(),
                    p.year.map(|y| y.to_string()).unwrap_or_default()
                )
                .trim()
                .to_owned(),
            );
            let subject = format!("package:{}", package_text.clone().unwrap_or_default());
            audit::append(
                tx,
                &Change {
                    actor: &actor,
                    action: "import",
                    subject: subject.clone(),
                    field: "package",
                    old: None,
                    new: what,
                    reason: if allow_late {
                        "nộp muộn được cho phép / late submission allowed"
                    } else {
                        ""
                    },
                    package: pid,
                },
            )?;
            // Who made the package (its author as the sender's file recorded it), for the
            // year's submissions: the import entry names the officer who received it.
            if !p.created_by.trim().is_empty() {
                audit::append(
                    tx,
                    &Change {
                        actor: &actor,
                        action: "import",
                        subject,
                        field: "author",
                        old: None,
                        new: Some(p.created_by.clone()),
                        reason: "",
                        package: pid,
                    },
                )?;
            }
            Ok(count)
        })?;
        Ok(Applied {
            backup: Some(backup),
            changes,
            package,
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_field(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    field: Field,
    value: Value,
    package: Option<&str>,
) -> Result<()> {
    let edit = match (field, value) {
        (Field::SelfPoints, Value::Points(p)) => Edit::Points(Stage::SelfAssessed, p),
        (Field::SelfNote, Value::Text(t)) => Edit::Note(Note::SelfNote, t),
        (Field::Explanation, Value::Text(t)) => Edit::Note(Note::Explanation, t),
        (Field::Raw, Value::Raw(r)) => Edit::Raw(r),
        (Field::Na, Value::Na(n)) => Edit::Na(n),
        _ => return Err(bad("score", "kiểu giá trị")),
    };
    scores::apply_from(tx, actor, a, set, code, edit, "", package)
}
