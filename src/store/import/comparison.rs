//! The received snapshot compared with the live one, step by step (units, assessments,
//! evidence), into a [`MergePlan`].

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::domain::scoring::points_from_raw;
use crate::domain::text::shorten;
use crate::domain::{IndexSet, Leaf, LeafKind, LeafScore, NaPolicy};
use crate::store::audit::{Entry, score_subject};
use crate::store::export::ScopeKind;

use super::plan::{
    Conflict, Field, FieldChange, MergePlan, NewAssessment, NewEvidence, NewLink, NewUnit, Place,
    PlanOptions, Refused, Value,
};
use super::snapshot::{AssessmentRow, DocRow, LinkRow, Snapshot, UnitRow};

/// The fork point of two logs: the positions just after the last received entry that the
/// live log also has (by hash), in the live log and in the received one; `(0, 0)` when they
/// share none. Logs that share a prefix fork where it ends; an excerpt (a year or unit
/// export, see [`crate::store::audit::EXCERPT_THROUGH`]) shares scattered entries of the
/// live log and forks after the last of them: the live entries between were left out
/// because they are about other assessments.
fn fork_point(live: &[Entry], received: &[Entry]) -> (usize, usize) {
    let positions: HashMap<&str, usize> = live
        .iter()
        .enumerate()
        .map(|(i, e)| (e.hash.as_str(), i))
        .collect();
    received
        .iter()
        .enumerate()
        .rev()
        .find_map(|(j, e)| positions.get(e.hash.as_str()).map(|&i| (i + 1, j + 1)))
        .unwrap_or((0, 0))
}

const APPRAISAL: [(&str, &str); 4] = [
    ("Điểm thẩm định vòng 1", "round1"),
    ("Lý do thẩm định vòng 1", "round1_reason"),
    ("Điểm thẩm định cuối", "final"),
    ("Lý do thẩm định cuối", "final_reason"),
];

fn appraisal_values(s: &LeafScore) -> [String; 4] {
    [
        Value::Points(s.round1).display(),
        s.round1_reason.clone(),
        Value::Points(s.final_points).display(),
        s.final_reason.clone(),
    ]
}

/// The received snapshot compared with the live one, step by step into a [`MergePlan`].
pub(super) struct Comparison<'a> {
    live: &'a Snapshot,
    pkg: &'a Snapshot,
    kind: ScopeKind,
    sender: Option<Uuid>,
    options: PlanOptions,
    /// Received entries up to here are in the live log too (see [`fork_point`]).
    pub(super) fork: usize,
    /// (subject, field) edited in the received log after the fork.
    incoming_edits: HashSet<(&'a str, &'a str)>,
    /// (subject, field) edited here after the fork, imports aside.
    local_edits: HashSet<(&'a str, &'a str)>,
}

impl<'a> Comparison<'a> {
    pub(super) fn new(
        live: &'a Snapshot,
        pkg: &'a Snapshot,
        kind: ScopeKind,
        sender: Option<Uuid>,
        options: PlanOptions,
    ) -> Self {
        let (live_fork, fork) = fork_point(&live.audit, &pkg.audit);
        let incoming_edits = pkg.audit[fork..]
            .iter()
            .map(|e| (e.subject.as_str(), e.field.as_str()))
            .collect();
        let local_edits = live.audit[live_fork..]
            .iter()
            .filter(|e| e.package.is_none())
            .map(|e| (e.subject.as_str(), e.field.as_str()))
            .collect();
        Comparison {
            live,
            pkg,
            kind,
            sender,
            options,
            fork,
            incoming_edits,
            local_edits,
        }
    }

    /// A difference in a field this side owns is only the received file's stale copy when
    /// this side edited the field after the fork and the received file did not; anything
    /// else (an edit in the received file, or a value no entry explains) is refused and
    /// listed.
    fn stale(&self, live_subject: &str, their_subject: &str, field: &str) -> bool {
        self.fork > 0
            && self.local_edits.contains(&(live_subject, field))
            && !self.incoming_edits.contains(&(their_subject, field))
    }

    /// A unit is named as this file knows it: a package cannot rename a unit in the plan.
    fn unit_of(&self, uuid: &Uuid) -> Option<&'a UnitRow> {
        self.live
            .units
            .get(uuid)
            .or_else(|| self.pkg.units.get(uuid))
    }

    fn place(&self, a: &AssessmentRow, live_uuid: Uuid, criterion: Option<Uuid>) -> Place {
        let unit = self.unit_of(&a.unit);
        Place {
            unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
            unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
            year: a.year,
            criterion: criterion.map(|c| self.pkg.leaf_code(&a.set, &c)),
            assessment: live_uuid,
            criterion_uuid: criterion,
        }
    }

    /// The received units this file does not have (a whole or year file only).
    pub(super) fn units(&self, plan: &mut MergePlan) {
        let mut new: Vec<&UnitRow> = self
            .pkg
            .units
            .values()
            .filter(|u| !self.live.units.contains_key(&u.uuid))
            .collect();
        // A unit whose chain of parents loops is refused while planning (at apply it
        // would stop the whole import).
        let in_cycle = |u: &UnitRow| {
            let mut seen = HashSet::from([u.uuid]);
            let mut parent = u.parent;
            while let Some(p) = parent {
                if !seen.insert(p) {
                    return true;
                }
                parent = self.pkg.units.get(&p).and_then(|x| x.parent);
            }
            false
        };
        new.retain(|u| {
            let looped = in_cycle(u);
            if looped {
                plan.refused.push(Refused {
                    place: Place {
                        unit_code: u.code.clone(),
                        unit_name: u.name.clone(),
                        year: 0,
                        criterion: None,
                        assessment: Uuid::nil(),
                        criterion_uuid: None,
                    },
                    what: "Đơn vị".into(),
                    reason: "đơn vị cấp trên tạo thành vòng lặp / its parent units form a cycle"
                        .into(),
                });
            }
            !looped
        });
        new.sort_by(|a, b| a.code.cmp(&b.code).then(a.valid_from.cmp(&b.valid_from)));
        plan.new_units = new
            .into_iter()
            .map(|u| NewUnit {
                uuid: u.uuid,
                code: u.code.clone(),
                name: u.name.clone(),
            })
            .collect();
    }

    /// The received assessments, in a stable order; returns the live assessment each
    /// accepted one maps to.
    pub(super) fn assessments(&self, plan: &mut MergePlan) -> HashMap<Uuid, Uuid> {
        let mut incoming: Vec<&AssessmentRow> = self.pkg.assessments.values().collect();
        incoming.sort_by_key(|a| (a.year, self.unit_of(&a.unit).map(|u| u.code.clone())));
        let mut mapped: HashMap<Uuid, Uuid> = HashMap::new();
        for a in incoming {
            if let Some(live_uuid) = self.assessment(a, plan) {
                mapped.insert(a.uuid, live_uuid);
            }
        }
        mapped
    }

    /// One received assessment: refused as a whole, new, or compared field by field with
    /// the live one; returns the live assessment it maps to unless refused as a whole.
    fn assessment(&self, a: &AssessmentRow, plan: &mut MergePlan) -> Option<Uuid> {
        let here = self.live.assessments.get(&a.uuid).or_else(|| {
            self.live
                .assessments
                .values()
                .find(|l| l.unit == a.unit && l.set == a.set)
        });
        let live_uuid = here.map_or(a.uuid, |h| h.uuid);
        let whole = self.place(a, live_uuid, None);
        // Every row is resolved through its unit and set, never by the uuid alone: an
        // assessment id that is another unit's (or another year's) here is refused.
        if here.is_some_and(|h| h.unit != a.unit || h.set != a.set) {
            plan.refused.push(Refused {
                place: Place {
                    assessment: a.uuid,
                    ..whole
                },
                what: "Phiếu chấm điểm".into(),
                reason: "mã phiếu trùng với phiếu của đơn vị hoặc năm khác trong tệp này / the assessment id belongs to another unit or year here".into(),
            });
            return None;
        }
        if self.kind == ScopeKind::Unit && Some(a.unit) != self.sender {
            plan.refused.push(Refused {
                place: whole,
                what: "Phiếu chấm điểm".into(),
                reason: "không thuộc đơn vị gửi / not the sending unit's".into(),
            });
            return None;
        }
        let Some(live_set) = self.live.sets.get(&a.set) else {
            plan.refused.push(Refused {
                place: whole,
                what: "Bộ chỉ số".into(),
                reason: "bộ chỉ số chưa có trong tệp này; bộ chỉ số chỉ do cơ quan chấm điểm ban hành / the index set is not in this file; index sets come only from this side".into(),
            });
            return None;
        };
        // A set re-issued on one side (a corrected decision): the values were entered
        // against other criteria, so none is taken.
        let sent_version = self.pkg.sets.get(&a.set).map(|s| s.version);
        if sent_version.is_some_and(|v| v != live_set.version) {
            plan.refused.push(Refused {
                place: whole,
                what: "Phiếu chấm điểm".into(),
                reason: format!(
                    "chấm theo bộ chỉ số phiên bản {sent}, tệp này áp dụng phiên bản {live} ({decision}): \
                     gửi bộ chỉ số đang áp dụng cho đơn vị và nhận lại phiếu / scored against version {sent} \
                     of the index set, this file uses version {live}",
                    sent = sent_version.unwrap_or_default(),
                    live = live_set.version,
                    decision = live_set.decision,
                ),
            });
            return None;
        }
        if self.pkg.sets.get(&a.set) != Some(live_set)
            && !plan.refused.iter().any(|r| {
                r.what == "Bộ chỉ số"
                    && r.place.year == a.year
                    && r.place.unit_code == whole.unit_code
            })
        {
            plan.refused.push(Refused {
                place: whole.clone(),
                what: "Bộ chỉ số".into(),
                reason: "bộ chỉ số trong tệp nhận được khác tệp này; giữ bộ chỉ số của tệp này / the received index set differs; this file's set is kept".into(),
            });
        }
        let Some(here) = here else {
            let added = self.new_assessment(a, live_uuid, live_set, whole, plan);
            return added.then_some(live_uuid);
        };
        self.existing_assessment(a, here, live_set, whole, plan);
        Some(here.uuid)
    }

    /// An assessment this file does not have: its self-assessment, checked against this
    /// file's rules (appraisal is refused); `false` when refused for want of its unit.
    fn new_assessment(
        &self,
        a: &AssessmentRow,
        live_uuid: Uuid,
        live_set: &IndexSet,
        whole: Place,
        plan: &mut MergePlan,
    ) -> bool {
        // A new assessment needs its unit here (or arriving).
        let known_unit = self.live.units.contains_key(&a.unit)
            || plan.new_units.iter().any(|n| n.uuid == a.unit);
        if !known_unit {
            plan.refused.push(Refused {
                place: whole,
                what: "Phiếu chấm điểm".into(),
                reason: "đơn vị chưa có trong tệp này / the unit is not in this file".into(),
            });
            return false;
        }
        let mut leaves = Vec::new();
        for (c, s) in &a.scores {
            if live_leaf(live_set, c).is_none() {
                continue;
            }
            if appraisal_values(s) != appraisal_values(&LeafScore::default()) {
                plan.refused.push(Refused {
                    place: self.place(a, live_uuid, Some(*c)),
                    what: "Điểm thẩm định".into(),
                    reason: "điểm thẩm định chỉ do cơ quan thẩm định nhập / appraisal comes only from this side".into(),
                });
            }
            let mut own = LeafScore {
                self_points: s.self_points,
                self_note: s.self_note.clone(),
                raw: s.raw,
                na: s.na.clone(),
                explanation: s.explanation.clone(),
                ..LeafScore::default()
            };
            if let Some(leaf) = live_leaf(live_set, c) {
                for field in Field::ALL {
                    if let Some(reason) = rule_refusal(leaf, field, &field.get(&own)) {
                        plan.refused.push(Refused {
                            place: self.place(a, live_uuid, Some(*c)),
                            what: field.label(crate::domain::Lang::Vi).into(),
                            reason,
                        });
                        field.clear(&mut own);
                    }
                }
            }
            leaves.push((*c, own));
        }
        leaves.sort_by_key(|(c, _)| self.pkg.leaf_code(&a.set, c));
        plan.new_assessments.push(NewAssessment {
            place: whole,
            uuid: a.uuid,
            leaves: leaves.len(),
        });
        plan.new_assessment_scores.insert(a.uuid, leaves);
        true
    }

    /// An assessment both files have: the self-assessment fields changed or in conflict,
    /// and what only this side sets (status, appraisal, survey points) refused when it
    /// differs.
    fn existing_assessment(
        &self,
        a: &AssessmentRow,
        here: &AssessmentRow,
        live_set: &IndexSet,
        whole: Place,
        plan: &mut MergePlan,
    ) {
        let status_stale = self.stale(
            &format!("assessment:{}", here.uuid),
            &format!("assessment:{}", a.uuid),
            "status",
        );
        if (here.status != a.status || here.locked != a.locked) && !status_stale {
            plan.refused.push(Refused {
                place: whole.clone(),
                what: "Trạng thái".into(),
                reason: format!(
                    "trạng thái/khóa chỉ do cơ quan thẩm định đặt ({} → {} bị bỏ qua) / status and lock come only from this side",
                    here.status.as_str(),
                    a.status.as_str()
                ),
            });
        }
        let mut criteria: Vec<&Uuid> = a.scores.keys().collect();
        criteria.sort_by_key(|c| self.pkg.leaf_code(&a.set, c));
        let mut late = false;
        let mut late_refused = false;
        for c in criteria {
            let theirs = &a.scores[c];
            let ours = here.scores.get(c).cloned().unwrap_or_default();
            let at = self.place(a, here.uuid, Some(*c));
            if live_leaf(live_set, c).is_none() {
                plan.refused.push(Refused {
                    place: at,
                    what: "Tiêu chí".into(),
                    reason: "tiêu chí không có trong bộ chỉ số của tệp này / not a leaf of this file's index set".into(),
                });
                continue;
            }
            let subject = score_subject(&here.uuid.to_string(), &c.to_string());
            let subject_theirs = score_subject(&a.uuid.to_string(), &c.to_string());
            let (ours_a, theirs_a) = (appraisal_values(&ours), appraisal_values(theirs));
            for (i, (label, field)) in APPRAISAL.iter().enumerate() {
                // The reasons are recorded with their points' entries.
                let audited = if i < 2 { "round1" } else { "final" };
                if ours_a[i] != theirs_a[i] && !self.stale(&subject, &subject_theirs, audited) {
                    plan.refused.push(Refused {
                        place: at.clone(),
                        what: (*label).into(),
                        reason: format!(
                            "{field}: {} → {} bị bỏ qua; điểm thẩm định chỉ do cơ quan thẩm định nhập / ignored: appraisal comes only from this side",
                            if ours_a[i].is_empty() { "∅" } else { &ours_a[i] },
                            if theirs_a[i].is_empty() { "∅" } else { &theirs_a[i] },
                        ),
                    });
                }
            }
            for field in Field::ALL {
                let (old, new) = (field.get(&ours), field.get(theirs));
                if old == new {
                    continue;
                }
                let key = field.audit_field();
                let (theirs_changed, ours_changed) = if self.fork == 0 {
                    (true, !old.is_empty())
                } else {
                    (
                        self.incoming_edits
                            .contains(&(subject_theirs.as_str(), key))
                            || (field == Field::SelfPoints
                                && self
                                    .incoming_edits
                                    .contains(&(subject_theirs.as_str(), "raw"))),
                        self.local_edits.contains(&(subject.as_str(), key)),
                    )
                };
                if !theirs_changed {
                    // A value no entry of the received log explains (written behind the
                    // program's back, or by an old version without its entry) is listed,
                    // not silently dropped.
                    if self.fork > 0 && !self.stale(&subject, &subject_theirs, key) {
                        plan.refused.push(Refused {
                            place: at.clone(),
                            what: field.label(crate::domain::Lang::Vi).into(),
                            reason: format!(
                                "{} → {}: không có trong nhật ký của tệp nhận được / not recorded in the received file's log",
                                old.display(),
                                new.display()
                            ),
                        });
                    }
                    continue;
                }
                if let Some(leaf) = live_leaf(live_set, c)
                    && let Some(reason) = rule_refusal(leaf, field, &new)
                {
                    plan.refused.push(Refused {
                        place: at.clone(),
                        what: field.label(crate::domain::Lang::Vi).into(),
                        reason,
                    });
                    continue;
                }
                if here.locked && !self.options.allow_late {
                    late_refused = true;
                    continue;
                }
                late |= here.locked;
                if ours_changed {
                    plan.conflicts.push(Conflict {
                        place: at.clone(),
                        field,
                        local: old,
                        incoming: new,
                    });
                } else {
                    plan.changes.push(FieldChange {
                        place: at.clone(),
                        field,
                        old,
                        new,
                    });
                }
            }
        }
        if late_refused {
            plan.refused.push(Refused {
                place: whole.clone(),
                what: "Phiếu đã khóa".into(),
                reason: "phiếu đã công bố (khóa); chỉ nhận bản nộp muộn khi cho phép rõ ràng (--allow-late) / locked: accepted only as an explicitly allowed late submission".into(),
            });
        }
        if late {
            plan.late.push(whole.clone());
        }
        // Survey points come only from this side.
        for (c, p) in &a.survey {
            let stale_survey = self.stale(
                &score_subject(&here.uuid.to_string(), &c.to_string()),
                &score_subject(&a.uuid.to_string(), &c.to_string()),
                "survey",
            );
            if here.survey.get(c) != Some(p) && !stale_survey {
                plan.refused.push(Refused {
                    place: self.place(a, here.uuid, Some(*c)),
                    what: "Điểm điều tra xã hội học".into(),
                    reason: "điểm điều tra chỉ do cơ quan thẩm định nhập / survey points come only from this side".into(),
                });
            }
        }
    }

    /// New documents and links of the accepted assessments.
    pub(super) fn evidence(&self, plan: &mut MergePlan, mapped: &HashMap<Uuid, Uuid>) {
        let accepted = |a: &Uuid| {
            mapped.get(a).is_some_and(|live_a| {
                !self.live.assessments.get(live_a).is_some_and(|l| l.locked)
                    || self.options.allow_late
            })
        };
        let mut links: Vec<&LinkRow> = self.pkg.links.values().collect();
        links.sort_by_key(|l| {
            (
                l.assessment,
                self.pkg.docs.get(&l.doc).map(|d| d.file_name.clone()),
                l.uuid,
            )
        });
        let mut wanted_docs: Vec<Uuid> = Vec::new();
        for l in links {
            let Some(a) = self.pkg.assessments.get(&l.assessment) else {
                continue;
            };
            if !accepted(&l.assessment) {
                continue;
            }
            let Some(live_a) = mapped.get(&l.assessment).copied() else {
                continue;
            };
            let exists = self.live.links.contains_key(&l.uuid)
                || self.live.links.values().any(|x| {
                    x.doc == l.doc && x.assessment == live_a && x.criterion == l.criterion
                });
            if exists {
                continue;
            }
            let Some(doc) = self.pkg.docs.get(&l.doc) else {
                continue;
            };
            let live_set = self
                .live
                .assessments
                .get(&live_a)
                .map(|x| x.set)
                .or(Some(a.set));
            let is_leaf = live_set
                .and_then(|set| self.live.sets.get(&set))
                .is_some_and(|set| set.leaves().iter().any(|n| n.id == l.criterion));
            if !is_leaf {
                plan.refused.push(Refused {
                    place: self.place(a, live_a, Some(l.criterion)),
                    what: "Liên kết tài liệu".into(),
                    reason: "tiêu chí không có trong bộ chỉ số của tệp này / not a criterion of this file's index set".into(),
                });
                continue;
            }
            if !wanted_docs.contains(&l.doc) {
                wanted_docs.push(l.doc);
            }
            plan.new_links.push(NewLink {
                place: self.place(a, live_a, Some(l.criterion)),
                doc: l.doc,
                reference: doc_reference(doc),
                page: l.page.clone(),
                uuid: l.uuid,
            });
        }
        // Documents owned by the sender (or any, in a whole/year file) without links.
        for d in self.pkg.docs.values() {
            let owned = match self.kind {
                ScopeKind::Unit => d.owner.is_some() && d.owner == self.sender,
                _ => true,
            };
            if owned && !wanted_docs.contains(&d.uuid) {
                wanted_docs.push(d.uuid);
            }
        }
        wanted_docs.sort_by_key(|u| self.pkg.docs.get(u).map(|d| (d.file_name.clone(), d.uuid)));
        for uuid in wanted_docs {
            let Some(d) = self.pkg.docs.get(&uuid) else {
                continue;
            };
            match self.live.docs.get(&uuid) {
                None => plan.new_evidence.push(NewEvidence {
                    uuid,
                    reference: doc_reference(d),
                    file_name: d.file_name.clone(),
                    file_size: d.file_size,
                    file_included: d.included,
                    file_only: false,
                }),
                Some(here) if !here.included && d.included && here.sha256 == d.sha256 => {
                    plan.new_evidence.push(NewEvidence {
                        uuid,
                        reference: doc_reference(d),
                        file_name: d.file_name.clone(),
                        file_size: d.file_size,
                        file_included: true,
                        file_only: true,
                    })
                }
                Some(_) => {}
            }
        }
    }
}

/// The leaf `criterion` of the live set, unless it is a survey leaf (set only on this side).
fn live_leaf<'s>(set: &'s IndexSet, criterion: &Uuid) -> Option<&'s Leaf> {
    set.leaves()
        .into_iter()
        .find(|n| n.id == *criterion)
        .and_then(|n| n.leaf.as_ref())
        .filter(|l| l.kind != LeafKind::Survey)
}

/// Why a received value breaks this file's rules for `leaf`, if it does: checked while
/// planning, so a bad value is listed as refused and the rest of the package still applies
/// (at apply time it would stop the whole import after the backup).
fn rule_refusal(leaf: &Leaf, field: Field, value: &Value) -> Option<String> {
    let lang = crate::domain::Lang::Vi;
    match (field, value) {
        (Field::SelfPoints, Value::Points(Some(p))) if *p > leaf.max => Some(format!(
            "điểm {} vượt điểm tối đa {} của tệp này / above this file's maximum",
            p.to_vi(),
            leaf.max.to_vi()
        )),
        (Field::Raw, Value::Raw(raw)) if raw.a.is_some() || raw.b.is_some() => {
            match points_from_raw(leaf, *raw) {
                Ok(_) => None,
                Err(e) => Some(format!("số liệu {}: {}", value.display(), e.message(lang))),
            }
        }
        (Field::Na, Value::Na(Some(reason))) if leaf.na_policy == NaPolicy::NotAllowed => {
            Some(format!(
                "tiêu chí không được đánh dấu không phát sinh ({}) / cannot be marked did not arise",
                shorten(reason, 40)
            ))
        }
        (Field::Na, Value::Na(Some(reason))) if reason.trim().is_empty() => {
            Some("không phát sinh cần lý do / did not arise needs a reason".into())
        }
        _ => None,
    }
}

fn doc_reference(d: &DocRow) -> String {
    let mut text = d.info.doc_type.clone();
    if !d.info.number.is_empty() {
        text.push_str(&format!(" số {}", d.info.number));
    }
    if let Some(date) = d.info.issue_date {
        text.push_str(&format!(
            " ngày {}",
            crate::domain::format::date_short(date)
        ));
    }
    text
}
