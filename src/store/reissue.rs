//! A set re-issued within its year: the new decision's tree replaces the set in force, the
//! earlier version is frozen in `index_set_version` (its tree and every score entered
//! against it), scores of unchanged criteria stay where they are, and the scores of changed
//! or removed criteria are cleared through the audit log, to be entered again.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::assessments::{self, Assessment};
use super::audit::{self, Change, score_subject};
use super::index_sets::{self, SameCode};
use super::{Result, StoreError, now, scores};
use crate::domain::reissue::{Comparison, compare};
use crate::domain::text::nfc;
use crate::domain::{EarlierVersion, IndexSet, LeafScore, Level, Node, Points};

/// An earlier version's tree and scores are read back from JSON the file holds; a file from
/// outside may hold anything, so the text is bounded before it is parsed.
const ARCHIVE_BYTES: usize = 64 * 1024 * 1024;

/// What a re-issue would do, shown before it is done.
#[derive(Debug, Clone)]
pub struct ReissuePlan {
    pub year: i32,
    pub level: Level,
    /// The version in force now; the new one becomes `from_version + 1`.
    pub from_version: u32,
    pub from_decision: String,
    pub comparison: Comparison,
    /// Scores (one per unit and criterion) of changed or removed criteria that will be
    /// cleared here and kept in the earlier version.
    pub scores_cleared: usize,
}

/// One score of an earlier version, as it was when the set was re-issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedScore {
    pub unit_code: String,
    pub unit_name: String,
    pub criterion: String,
    pub self_points: Option<Points>,
    pub round1: Option<Points>,
    pub final_points: Option<Points>,
    /// Survey points (ĐTXHH) of a survey leaf.
    pub survey: Option<Points>,
    pub raw_a: Option<i64>,
    pub raw_b: Option<i64>,
    pub na: Option<String>,
    pub self_note: String,
    pub round1_reason: String,
    pub explanation: String,
    pub final_reason: String,
}

/// An earlier version, read back whole.
#[derive(Debug, Clone)]
pub struct ArchivedVersion {
    pub set: IndexSet,
    pub scores: Vec<ArchivedScore>,
    pub replaced_at: String,
    pub replaced_by: String,
}

/// The decisions a set replaced, oldest first.
pub(super) fn earlier_versions(conn: &Connection, set_id: i64) -> Result<Vec<EarlierVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, decision, decision_date FROM index_set_version
         WHERE index_set_id = ?1 ORDER BY version",
    )?;
    let rows = stmt
        .query_map([set_id], |r| {
            Ok(EarlierVersion {
                version: r.get(0)?,
                decision: r.get(1)?,
                decision_date: r
                    .get::<_, Option<String>>(2)?
                    .and_then(|d| crate::domain::format::parse_iso_date(&d)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The new version needs a decision of its own: its number, and not the number and date of
/// the version in force.
fn check_decision(old: &IndexSet, new: &IndexSet) -> Result<()> {
    let decision = nfc(new.decision.trim());
    if decision.is_empty() {
        return Err(StoreError::Invalid(
            "Bộ chỉ số ban hành lại cần số quyết định ban hành lại / a re-issued set needs the number of its decision".into(),
        ));
    }
    if decision == nfc(old.decision.trim()) && new.decision_date == old.decision_date {
        return Err(StoreError::Invalid(format!(
            "Quyết định {decision} là quyết định của phiên bản đang áp dụng; ghi số và ngày của quyết định mới / \
             {decision} is the decision of the version in force; give the new decision's number and date"
        )));
    }
    Ok(())
}

fn plan(conn: &Connection, new: &IndexSet) -> Result<(i64, IndexSet, ReissuePlan)> {
    let set_id = index_sets::id_of(conn, new.year, new.level)?;
    let old = index_sets::load_by_id(conn, set_id)?;
    let closed: Vec<String> = assessments::for_set(conn, set_id)?
        .into_iter()
        .filter(|a| a.locked || a.status == crate::domain::Status::Final)
        .map(|a| a.unit.name)
        .collect();
    if !closed.is_empty() {
        return Err(StoreError::Invalid(format!(
            "Đã có kết quả chính thức ({}): không ban hành lại bộ chỉ số được; hãy mở lại phiếu trước / \
             results are final for {}: reopen them before re-issuing the set",
            closed.join(", "),
            closed.len()
        )));
    }
    // Criteria keep their rows by code, so a code twice in the new tree would merge two
    // criteria into one.
    let mut seen = HashSet::new();
    if let Some(twice) = new.nodes().into_iter().find(|n| !seen.insert(nfc(&n.code))) {
        return Err(StoreError::Invalid(format!(
            "Mã tiêu chí {} có hai lần trong bộ chỉ số mới / code {} appears twice in the new set",
            twice.code, twice.code
        )));
    }
    let comparison = compare(&old, new);
    let cleared: HashSet<&str> = comparison
        .changed
        .iter()
        .map(|c| c.leaf.code.as_ref())
        .chain(comparison.removed.iter().map(|l| l.code.as_ref()))
        .collect();
    let mut scores_cleared = 0;
    for (code, count) in score_counts(conn, set_id)? {
        if cleared.contains(code.as_str()) {
            scores_cleared += count;
        }
    }
    let plan = ReissuePlan {
        year: old.year,
        level: old.level,
        from_version: old.version,
        from_decision: old.decision.clone(),
        comparison,
        scores_cleared,
    };
    Ok((set_id, old, plan))
}

/// Per criterion code of a set, how many units have a score or a survey value for it.
fn score_counts(conn: &Connection, set_id: i64) -> Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare(
        "SELECT c.code, (SELECT count(*) FROM score s WHERE s.criterion_id = c.id)
                      + (SELECT count(*) FROM survey_points p WHERE p.criterion_id = c.id)
         FROM criterion c WHERE c.index_set_id = ?1",
    )?;
    let rows = stmt
        .query_map([set_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The survey points (ĐTXHH) one assessment holds for a criterion, in thousandths.
fn survey_of(tx: &Transaction<'_>, assessment_id: i64, criterion_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached(
            "SELECT points FROM survey_points WHERE assessment_id = ?1 AND criterion_id = ?2",
        )?
        .query_row(params![assessment_id, criterion_id], |r| r.get(0))
        .optional()?)
}

/// Every score entered against a set, for its frozen copy.
fn scores_of_set(tx: &Transaction<'_>, set: &IndexSet, set_id: i64) -> Result<Vec<ArchivedScore>> {
    let leaves = set
        .leaves()
        .into_iter()
        .map(|node| Ok((node, scores::criterion_id(tx, set_id, &node.code)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for a in assessments::for_set(tx, set_id)? {
        for &(node, criterion_id) in &leaves {
            let s = scores::get(tx, a.id, criterion_id)?;
            let survey = survey_of(tx, a.id, criterion_id)?;
            if s == LeafScore::default() && survey.is_none() {
                continue;
            }
            out.push(ArchivedScore {
                unit_code: a.unit.code.clone(),
                unit_name: a.unit.name.clone(),
                criterion: node.code.to_string(),
                self_points: s.self_points,
                survey: survey.map(Points::from_milli),
                round1: s.round1,
                final_points: s.final_points,
                raw_a: s.raw.a,
                raw_b: s.raw.b,
                na: s.na,
                self_note: s.self_note,
                round1_reason: s.round1_reason,
                explanation: s.explanation,
                final_reason: s.final_reason,
            });
        }
    }
    Ok(out)
}

/// Clears what one assessment holds for a criterion that changed or went: its score, its
/// survey value and, for a removed criterion, its evidence links; each cleared value gets
/// its audit entry, so `log --verify` still finds every current value in the log.
fn clear_criterion(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    node: &Node,
    criterion_id: i64,
    removed: bool,
    reason: &str,
) -> Result<()> {
    let subject = score_subject(&a.uuid.to_string(), &node.id.to_string());
    let entry = |action: &str, field: &str, old: Option<String>| -> Result<()> {
        audit::append(
            tx,
            &Change {
                actor,
                action,
                subject: subject.clone(),
                field,
                old,
                new: None,
                reason,
                package: None,
            },
        )
    };
    let s = scores::get(tx, a.id, criterion_id)?;
    let plain = |p: Option<Points>| p.map(Points::to_plain);
    for (field, old) in [
        ("self", plain(s.self_points)),
        ("round1", plain(s.round1)),
        ("final", plain(s.final_points)),
        ("na", s.na.clone()),
        ("raw", scores::raw_text(s.raw)),
    ] {
        if old.is_some() {
            entry("score", field, old)?;
        }
    }
    for (field, old) in [("self_note", s.self_note), ("explanation", s.explanation)] {
        if !old.is_empty() {
            entry("score", field, Some(old))?;
        }
    }
    tx.execute(
        "DELETE FROM score WHERE assessment_id = ?1 AND criterion_id = ?2",
        params![a.id, criterion_id],
    )?;
    let survey = survey_of(tx, a.id, criterion_id)?;
    if let Some(points) = survey {
        entry(
            "survey",
            "survey",
            Some(Points::from_milli(points).to_plain()),
        )?;
        tx.execute(
            "DELETE FROM survey_points WHERE assessment_id = ?1 AND criterion_id = ?2",
            params![a.id, criterion_id],
        )?;
    }
    if removed {
        let mut stmt = tx.prepare(
            "SELECT d.uuid, l.page FROM evidence_link l JOIN evidence_doc d ON d.id = l.doc_id
             WHERE l.assessment_id = ?1 AND l.criterion_id = ?2 ORDER BY l.id",
        )?;
        let links = stmt
            .query_map(params![a.id, criterion_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (doc, page) in links {
            entry(
                "evidence",
                "link",
                Some(format!("{doc} {page}").trim_end().to_owned()),
            )?;
        }
        tx.execute(
            "DELETE FROM evidence_link WHERE assessment_id = ?1 AND criterion_id = ?2",
            params![a.id, criterion_id],
        )?;
    }
    Ok(())
}

/// Replaces the tree of set `set_id` by `new`'s: criteria keep their rows by code, new ones
/// are added, the ones the new version lacks are deleted (after their values were cleared).
fn replace_tree(tx: &Transaction<'_>, set_id: i64, new: &IndexSet) -> Result<()> {
    fn walk(
        tx: &Transaction<'_>,
        set_id: i64,
        parent: Option<i64>,
        nodes: &[Node],
        kept: &mut Vec<i64>,
    ) -> Result<()> {
        for (position, node) in nodes.iter().enumerate() {
            let id = index_sets::write_node(tx, set_id, parent, position, node, SameCode::Update)?;
            kept.push(id);
            walk(tx, set_id, Some(id), &node.children, kept)?;
        }
        Ok(())
    }
    let mut kept = Vec::new();
    walk(tx, set_id, None, &new.roots, &mut kept)?;
    let kept: HashSet<i64> = kept.into_iter().collect();
    let mut stmt = tx.prepare("SELECT id FROM criterion WHERE index_set_id = ?1")?;
    let all = stmt
        .query_map([set_id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in all.into_iter().filter(|id| !kept.contains(id)) {
        tx.execute("DELETE FROM criterion WHERE id = ?1", [id])?;
    }
    Ok(())
}

fn reissue(tx: &Transaction<'_>, actor: &str, new: &IndexSet) -> Result<ReissuePlan> {
    let (set_id, old, plan) = plan(tx, new)?;
    check_decision(&old, new)?;
    let tree =
        serde_json::to_string(&old).map_err(|e| StoreError::Invalid(format!("index set: {e}")))?;
    let frozen = serde_json::to_string(&scores_of_set(tx, &old, set_id)?)
        .map_err(|e| StoreError::Invalid(format!("scores: {e}")))?;
    tx.execute(
        "INSERT INTO index_set_version (index_set_id, version, name, decision, decision_date, tree, scores, replaced_at, replaced_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            set_id,
            old.version,
            old.name,
            old.decision,
            old.decision_date.map(|d| d.to_string()),
            tree,
            frozen,
            now(),
            actor,
        ],
    )?;
    let decision = nfc(new.decision.trim());
    let reason = format!(
        "Bộ chỉ số ban hành lại theo Quyết định {decision}: tiêu chí thay đổi, chấm lại / set re-issued"
    );
    let removed: HashSet<&str> = plan
        .comparison
        .removed
        .iter()
        .map(|l| l.code.as_ref())
        .collect();
    let list = assessments::for_set(tx, set_id)?;
    for code in plan.comparison.cleared_codes() {
        let Some(node) = old.find(&code) else {
            continue;
        };
        let criterion_id = scores::criterion_id(tx, set_id, &code)?;
        for a in &list {
            clear_criterion(
                tx,
                actor,
                a,
                node,
                criterion_id,
                removed.contains(code.as_ref()),
                &reason,
            )?;
        }
    }
    replace_tree(tx, set_id, new)?;
    tx.execute(
        "UPDATE index_set SET name = ?2, decision = ?3, decision_date = ?4, issuer = ?5, max_total = ?6,
                ranking = ?7, precision = ?8, bonus_cap = ?9, penalty_cap = ?10, version = ?11
         WHERE id = ?1",
        params![
            set_id,
            nfc(&new.name),
            decision,
            new.decision_date.map(|d| d.to_string()),
            nfc(&new.issuer),
            new.max_total.milli(),
            new.ranking.as_str(),
            new.precision,
            new.bonus_cap.map(Points::milli),
            new.penalty_cap.map(Points::milli),
            old.version + 1,
        ],
    )?;
    if !new.bands.is_empty() {
        index_sets::write_bands(tx, set_id, &new.bands)?;
    }
    audit::append(
        tx,
        &Change {
            actor,
            action: "index_set",
            subject: format!("index_set:{}", old.id),
            field: "version",
            old: Some(format!("{} ({})", old.version, old.decision)),
            new: Some(format!("{} ({decision})", old.version + 1)),
            reason: &format!(
                "{} tiêu chí giữ điểm, {} thay đổi, {} mới, {} bỏ / kept, changed, new, removed",
                plan.comparison.carried.len(),
                plan.comparison.changed.len(),
                plan.comparison.added.len(),
                plan.comparison.removed.len()
            ),
            package: None,
        },
    )?;
    Ok(plan)
}

impl super::Store {
    /// What re-issuing the set of `new.year` and `new.level` as `new` would keep, clear and
    /// add; refused (with the reason) where [`Store::reissue_index_set`] would refuse for
    /// any decision (the decision itself is checked when the set is re-issued).
    pub fn plan_reissue(&self, new: &IndexSet) -> Result<ReissuePlan> {
        plan(self.conn(), new).map(|(_, _, plan)| plan)
    }

    /// Re-issues the year's set as `new` (a corrected decision), in one transaction: the
    /// earlier version is frozen with its scores, the scores of unchanged criteria carry
    /// over, those of changed or removed criteria are cleared with their audit entries.
    /// Refused without a new decision number or once a unit's results are final.
    pub fn reissue_index_set(&mut self, new: &IndexSet) -> Result<ReissuePlan> {
        let actor = self.actor().to_owned();
        self.write(|tx| reissue(tx, &actor, new))
    }

    /// The earlier versions of the set of a year and level, oldest first.
    pub fn set_versions(&self, year: i32, level: Level) -> Result<Vec<EarlierVersion>> {
        let set_id = index_sets::id_of(self.conn(), year, level)?;
        earlier_versions(self.conn(), set_id)
    }

    /// An earlier version of the set of a year and level with the scores entered against
    /// it, as it was when it was replaced.
    pub fn earlier_version(
        &self,
        year: i32,
        level: Level,
        version: u32,
    ) -> Result<ArchivedVersion> {
        let set_id = index_sets::id_of(self.conn(), year, level)?;
        let row: Option<(String, String, String, String)> = self
            .conn()
            .query_row(
                "SELECT tree, scores, replaced_at, replaced_by FROM index_set_version
                 WHERE index_set_id = ?1 AND version = ?2",
                params![set_id, version],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((tree, scores, replaced_at, replaced_by)) = row else {
            return Err(StoreError::Invalid(format!(
                "Bộ chỉ số năm {year} không có phiên bản {version} / the {year} set has no version {version}"
            )));
        };
        let damaged =
            |what: &str, e: String| StoreError::Damaged(format!("index_set_version {what}: {e}"));
        if tree.len() > ARCHIVE_BYTES || scores.len() > ARCHIVE_BYTES {
            return Err(damaged("size", "too large".into()));
        }
        let set: IndexSet =
            serde_json::from_str(&tree).map_err(|e| damaged("tree", e.to_string()))?;
        let scores: Vec<ArchivedScore> =
            serde_json::from_str(&scores).map_err(|e| damaged("scores", e.to_string()))?;
        Ok(ArchivedVersion {
            set,
            scores,
            replaced_at,
            replaced_by,
        })
    }
}
