//! `parindex check` and `parindex log --verify`: the file's integrity, the audit chain, and
//! the domain rules a careful officer would want caught before printing. The window's check
//! panel shows the same findings, each with the place to fix it ([`Finding::place`]).

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::{Result, Store, assessments, audit, evidence, index_sets, scores};
use crate::domain::{Lang, Leaf, LeafKind, LeafScore, Level, NaPolicy, Points, Status};

/// Where a finding about one unit's criterion is: the year's set, the unit and the criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub year: i32,
    pub level: Level,
    pub unit_code: String,
    pub unit_name: String,
    /// The criterion's identity in the set, and its code ("1.1.2").
    pub criterion: Uuid,
    pub code: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {} · TC {}", self.year, self.unit_name, self.code)
    }
}

/// Which points of a criterion a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    SelfAssessed,
    Round1,
    Final,
    Survey,
}

/// Where the officer goes to fix a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixAt {
    /// A unit's criterion in the scoring grid, at the points of `stage`, or at the reason.
    Criterion {
        place: Place,
        stage: Stage,
        reason: bool,
    },
    /// A unit's criterion on the evidence screen.
    Evidence(Place),
    /// A unit's sheet in the scoring grid.
    Unit {
        year: i32,
        level: Level,
        unit_code: String,
    },
    /// The index set of a year.
    Set { year: i32, level: Level },
    /// The log (the chain, values changed outside the program).
    Log,
    /// The evidence documents.
    Documents,
    /// The file itself: restore a backup.
    File,
}

/// The one rule for "required evidence is missing", used by `parindex check`, the check panel
/// and the evidence screen's list: in an assessment submitted or further on (a draft is still
/// being filled in), a leaf scored above zero (not "did not arise") whose criterion asks for
/// evidence, with no linked document and no written explanation. Adjustments and survey
/// points are never proved by a document.
pub fn evidence_missing(
    leaf: &Leaf,
    score: Option<&LeafScore>,
    linked: bool,
    status: Status,
) -> bool {
    let asks =
        leaf.evidence.is_some() && !leaf.kind.is_adjustment() && leaf.kind != LeafKind::Survey;
    let Some(score) = score else { return false };
    asks && status >= Status::Submitted
        && score.na.is_none()
        && score.self_points.is_some_and(|p| p > Points::ZERO)
        && !linked
        && score.self_note.trim().is_empty()
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Integrity(String),
    AuditChainBroken {
        seq: i64,
    },
    AuditMismatch {
        subject: String,
        field: String,
        current: Option<String>,
        logged: Option<String>,
    },
    EvidenceHashMismatch {
        sha256: String,
    },
    AboveMax {
        place: Place,
        stage: Stage,
        value: Points,
        max: Points,
    },
    NaNotAllowed {
        place: Place,
    },
    EvidenceMissing {
        place: Place,
    },
    ReasonMissing {
        place: Place,
        stage: Stage,
    },
    TotalNotDeclared {
        set: String,
        year: i32,
        level: Level,
        total: Points,
        declared: Points,
    },
    /// A unit whose assessment of a year has no points at all yet, while other units of the
    /// year have submitted theirs.
    Unscored {
        year: i32,
        level: Level,
        unit_code: String,
        unit_name: String,
    },
}

impl Finding {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "∅".into());
        match self {
            Finding::Integrity(detail) => {
                if vi {
                    format!("Kiểm tra toàn vẹn tệp: {detail}")
                } else {
                    format!("Integrity check: {detail}")
                }
            }
            Finding::AuditChainBroken { seq } => {
                if vi {
                    format!("Nhật ký thay đổi bị sửa hoặc đứt chuỗi tại mục {seq}")
                } else {
                    format!("The audit log was altered or its chain breaks at entry {seq}")
                }
            }
            Finding::AuditMismatch {
                subject,
                field,
                current,
                logged,
            } => {
                if vi {
                    format!(
                        "Giá trị hiện tại của {subject} ({field}) là {} nhưng nhật ký ghi {}: đã bị sửa ngoài chương trình",
                        opt(current),
                        opt(logged)
                    )
                } else {
                    format!(
                        "Current value of {subject} ({field}) is {} but the log records {}: changed outside the program",
                        opt(current),
                        opt(logged)
                    )
                }
            }
            Finding::EvidenceHashMismatch { sha256 } => {
                if vi {
                    format!("Tệp tài liệu kiểm chứng {sha256} không khớp mã băm")
                } else {
                    format!("Evidence file {sha256} does not match its hash")
                }
            }
            Finding::AboveMax {
                place, value, max, ..
            } => {
                if vi {
                    format!(
                        "{place}: điểm {} vượt điểm tối đa {}",
                        value.to_vi(),
                        max.to_vi()
                    )
                } else {
                    format!(
                        "{place}: {} points is above the maximum {}",
                        value.to_plain(),
                        max.to_plain()
                    )
                }
            }
            Finding::NaNotAllowed { place } => {
                if vi {
                    format!("{place}: đánh dấu \"không phát sinh\" ở tiêu chí không cho phép")
                } else {
                    format!(
                        "{place}: marked \"did not arise\" where the criterion does not allow it"
                    )
                }
            }
            Finding::EvidenceMissing { place } => {
                if vi {
                    format!("{place}: thiếu tài liệu kiểm chứng bắt buộc và không có giải thích")
                } else {
                    format!("{place}: required evidence is missing and no explanation is given")
                }
            }
            Finding::ReasonMissing { place, stage } => {
                let stage = match stage {
                    Stage::Final => "thẩm định cuối",
                    _ => "thẩm định vòng 1",
                };
                if vi {
                    format!("{place}: điểm {stage} thay đổi nhưng không ghi lý do")
                } else {
                    format!("{place}: the {stage} points changed without a reason")
                }
            }
            Finding::Unscored {
                year, unit_name, ..
            } => {
                if vi {
                    format!("{year} · {unit_name}: chưa có điểm nào")
                } else {
                    format!("{year} · {unit_name}: no points entered yet")
                }
            }
            Finding::TotalNotDeclared {
                set,
                total,
                declared,
                ..
            } => {
                if vi {
                    format!(
                        "{set}: tổng điểm tối đa các tiêu chí là {} nhưng bộ chỉ số công bố {}",
                        total.to_vi(),
                        declared.to_vi()
                    )
                } else {
                    format!(
                        "{set}: the criteria add up to {} but the set declares {}",
                        total.to_plain(),
                        declared.to_plain()
                    )
                }
            }
        }
    }
}

impl Finding {
    /// Where the officer fixes it.
    pub fn fix_at(&self) -> FixAt {
        match self {
            Finding::Integrity(_) => FixAt::File,
            Finding::AuditChainBroken { .. } | Finding::AuditMismatch { .. } => FixAt::Log,
            Finding::EvidenceHashMismatch { .. } => FixAt::Documents,
            Finding::AboveMax { place, stage, .. } => FixAt::Criterion {
                place: place.clone(),
                stage: *stage,
                reason: false,
            },
            Finding::NaNotAllowed { place } => FixAt::Criterion {
                place: place.clone(),
                stage: Stage::SelfAssessed,
                reason: false,
            },
            Finding::ReasonMissing { place, stage } => FixAt::Criterion {
                place: place.clone(),
                stage: *stage,
                reason: true,
            },
            Finding::EvidenceMissing { place } => FixAt::Evidence(place.clone()),
            Finding::TotalNotDeclared { year, level, .. } => FixAt::Set {
                year: *year,
                level: *level,
            },
            Finding::Unscored {
                year,
                level,
                unit_code,
                ..
            } => FixAt::Unit {
                year: *year,
                level: *level,
                unit_code: unit_code.clone(),
            },
        }
    }
}

/// A set's fingerprint, as the PDFs print it.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub year: i32,
    pub level: crate::domain::Level,
    pub value: String,
}

impl Store {
    /// The audit chain and the agreement of every current value with the log.
    pub fn verify_log(&self) -> Result<Vec<Finding>> {
        let conn = self.conn();
        let entries = audit::entries(conn)?;
        let mut findings: Vec<Finding> =
            audit::broken_links(&entries, audit::excerpt_through(conn)?)
                .into_iter()
                .map(|seq| Finding::AuditChainBroken { seq })
                .collect();
        let mut last: HashMap<(String, String), Option<String>> = HashMap::new();
        for e in &entries {
            last.insert((e.subject.clone(), e.field.clone()), e.new.clone());
        }
        let current = scores::current_values(conn)?;
        let names = audit::SubjectNames::read(conn)?;
        let mut keys: Vec<&(String, String)> = current.keys().collect();
        keys.sort();
        for key in keys {
            let now = current.get(key).cloned().flatten();
            let logged = last.get(key).cloned().flatten();
            if now != logged {
                findings.push(Finding::AuditMismatch {
                    subject: names.label(&key.0),
                    field: key.1.clone(),
                    current: now,
                    logged,
                });
            }
        }
        // A row deleted behind the program's back: the log's last value for it is not empty,
        // and the file has no such row any more.
        let mut gone: Vec<&(String, String)> = last
            .iter()
            .filter(|(key, logged)| {
                key.0.starts_with("score:")
                    && scores::AUDITED_VALUES.contains(&key.1.as_str())
                    && logged.is_some()
                    && !current.contains_key(*key)
            })
            .map(|(key, _)| key)
            .collect();
        gone.sort();
        for key in gone {
            findings.push(Finding::AuditMismatch {
                subject: names.label(&key.0),
                field: key.1.clone(),
                current: None,
                logged: last.get(key).cloned().flatten(),
            });
        }
        Ok(findings)
    }

    /// Every problem in the file, and the fingerprint of each year's figures.
    pub fn check(&self) -> Result<(Vec<Finding>, Vec<Fingerprint>)> {
        self.check_reporting(&mut |_, _| {})
    }

    /// [`Store::check`], calling `progress(done, total)` in steps: the file's integrity,
    /// the log, the evidence files, then each index set with its assessments.
    pub fn check_reporting(
        &self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(Vec<Finding>, Vec<Fingerprint>)> {
        let conn = self.conn();
        let sets = index_sets::list(conn)?;
        let total = 3 + sets.len();
        progress(0, total);
        let mut findings = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if lines != ["ok"] {
            findings.extend(lines.into_iter().map(Finding::Integrity));
        }
        progress(1, total);
        findings.extend(self.verify_log()?);
        progress(2, total);
        findings.extend(
            evidence::mismatched_blobs(conn)?
                .into_iter()
                .map(|sha256| Finding::EvidenceHashMismatch { sha256 }),
        );
        progress(3, total);

        let mut prints = Vec::new();
        for (done, summary) in sets.into_iter().enumerate() {
            // After the set before this one.
            progress(3 + done, total);
            let set = index_sets::load_by_id(conn, summary.id)?;
            let label = format!("{} ({})", set.name, set.year);
            if set.tree_total() != set.max_total {
                findings.push(Finding::TotalNotDeclared {
                    set: label.clone(),
                    year: set.year,
                    level: set.level,
                    total: set.tree_total(),
                    declared: set.max_total,
                });
            }
            let ids = index_sets::criterion_ids(conn, summary.id)?;
            let by_uuid: HashMap<_, _> = ids.iter().map(|(id, uuid)| (*uuid, *id)).collect();
            let mut inputs = scores::inputs_for_set(conn, summary.id)?;
            let year_assessments = assessments::for_set(conn, summary.id)?;
            // A unit with nothing entered is a finding once others of its year have submitted:
            // before that, the year has just been opened.
            let year_under_way = year_assessments
                .iter()
                .any(|a| a.status >= Status::Submitted);
            for a in year_assessments {
                let input = inputs.remove(&a.id).unwrap_or_default();
                if input.scores.is_empty() && input.survey.is_empty() {
                    if !year_under_way {
                        continue;
                    }
                    findings.push(Finding::Unscored {
                        year: set.year,
                        level: set.level,
                        unit_code: a.unit.code.clone(),
                        unit_name: a.unit.name.clone(),
                    });
                    continue;
                }
                let linked: HashSet<i64> = evidence::links_of(conn, a.id)?
                    .into_iter()
                    .map(|l| l.criterion_id)
                    .collect();
                for node in set.leaves() {
                    let Some(leaf) = &node.leaf else { continue };
                    let place = Place {
                        year: set.year,
                        level: set.level,
                        unit_code: a.unit.code.clone(),
                        unit_name: a.unit.name.clone(),
                        criterion: node.id,
                        code: node.code.to_string(),
                    };
                    if let Some(v) = input.survey.get(&node.id)
                        && *v > leaf.max
                    {
                        findings.push(Finding::AboveMax {
                            place: place.clone(),
                            stage: Stage::Survey,
                            value: *v,
                            max: leaf.max,
                        });
                    }
                    let Some(score) = input.scores.get(&node.id) else {
                        continue;
                    };
                    for (stage, value) in [
                        (Stage::SelfAssessed, score.self_points),
                        (Stage::Round1, score.round1),
                        (Stage::Final, score.final_points),
                    ] {
                        if let Some(value) = value
                            && value > leaf.max
                        {
                            findings.push(Finding::AboveMax {
                                place: place.clone(),
                                stage,
                                value,
                                max: leaf.max,
                            });
                        }
                    }
                    if score.na.is_some() {
                        if leaf.na_policy == NaPolicy::NotAllowed {
                            findings.push(Finding::NaNotAllowed {
                                place: place.clone(),
                            });
                        }
                        continue;
                    }
                    if let (Some(s), Some(r1)) = (score.self_points, score.round1)
                        && s != r1
                        && score.round1_reason.trim().is_empty()
                    {
                        findings.push(Finding::ReasonMissing {
                            place: place.clone(),
                            stage: Stage::Round1,
                        });
                    }
                    if let Some(fin) = score.final_points
                        && score
                            .round1
                            .or(score.self_points)
                            .is_some_and(|before| before != fin)
                        && score.final_reason.trim().is_empty()
                    {
                        findings.push(Finding::ReasonMissing {
                            place: place.clone(),
                            stage: Stage::Final,
                        });
                    }
                    let has_link = by_uuid
                        .get(&node.id)
                        .is_some_and(|cid| linked.contains(cid));
                    if evidence_missing(leaf, Some(score), has_link, a.status) {
                        findings.push(Finding::EvidenceMissing { place });
                    }
                }
            }
            let results = self.results_with(
                set.year,
                set.level,
                Lang::Vi,
                crate::domain::scoring::Detail::Figures,
            )?;
            prints.push(Fingerprint {
                year: set.year,
                level: set.level,
                value: results.fingerprint,
            });
        }
        progress(total, total);
        Ok((findings, prints))
    }
}
