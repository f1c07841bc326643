//! Editing an index set's tree: node fields, adding, moving and deleting nodes, and copying
//! last year's set as the starting point of a new year.

use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Result, StoreError, index_sets};
use crate::domain::limits;
use crate::domain::text::nfc;
use crate::domain::{IndexSet, LeafKind, Level, NaPolicy, Node, PointBand, Points};

/// The editable fields of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeFields {
    pub title: String,
    pub guidance: String,
    /// Leaves only.
    pub max: Option<Points>,
    pub na_policy: NaPolicy,
    pub evidence: Option<String>,
    /// A ratio leaf whose figures may pass 100 % (revenue against its estimate).
    pub allows_over_100: bool,
}

/// A set whose published results are locked keeps its structure: points already given
/// would otherwise change meaning behind the signed report.
fn ensure_structure_editable(tx: &Transaction<'_>, set_id: i64) -> Result<()> {
    let locked: i64 = tx.query_row(
        "SELECT count(*) FROM assessment WHERE index_set_id = ?1 AND locked = 1",
        [set_id],
        |r| r.get(0),
    )?;
    if locked > 0 {
        return Err(StoreError::Invalid(
            "Bộ chỉ số đã có kết quả công bố (đã khóa); không sửa cấu trúc hoặc điểm tối đa được / the set has final results; its structure cannot change".into(),
        ));
    }
    Ok(())
}

fn node_id(tx: &Transaction<'_>, set_id: i64, code: &str) -> Result<i64> {
    super::scores::criterion_id(tx, set_id, code)
}

pub(super) fn update_node(
    tx: &Transaction<'_>,
    set_id: i64,
    code: &str,
    fields: &NodeFields,
) -> Result<()> {
    let id = node_id(tx, set_id, code)?;
    let (old_max, is_leaf): (Option<i64>, bool) = tx.query_row(
        "SELECT max_points, kind IS NOT NULL FROM criterion WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let new_max = if is_leaf {
        fields.max.map(Points::milli).or(old_max)
    } else {
        None
    };
    if new_max != old_max {
        ensure_structure_editable(tx, set_id)?;
    }
    if nfc(&fields.title).is_empty() {
        return Err(StoreError::Invalid(
            "Tên tiêu chí không được để trống / the title is required".into(),
        ));
    }
    super::text_within(
        ("Tên tiêu chí", "The title"),
        &fields.title,
        limits::NOTE_CHARS,
    )?;
    super::text_within(
        ("Hướng dẫn chấm", "The guidance"),
        &fields.guidance,
        limits::NOTE_CHARS,
    )?;
    tx.execute(
        "UPDATE criterion SET title = ?1, guidance = ?2, max_points = ?3, na_policy = ?4, evidence_required = ?5,
                              allows_over_100 = ?6 WHERE id = ?7",
        params![
            nfc(&fields.title),
            nfc(&fields.guidance),
            new_max,
            if is_leaf { fields.na_policy.as_str() } else { "not_allowed" },
            fields.evidence.as_deref().map(nfc).filter(|s| !s.is_empty()),
            is_leaf && fields.allows_over_100,
            id
        ],
    )?;
    Ok(())
}

/// Adds a manual leaf under `parent_code` (or a new area when `None`); its code follows the
/// last sibling's ("1.2" after "1.1"). Returns the new code.
pub(super) fn add_child(
    tx: &Transaction<'_>,
    set_id: i64,
    parent_code: Option<&str>,
    title: &str,
    max: Points,
) -> Result<String> {
    ensure_structure_editable(tx, set_id)?;
    super::text_within(("Tên tiêu chí", "The title"), title, limits::NOTE_CHARS)?;
    let parent = parent_code.map(|c| node_id(tx, set_id, c)).transpose()?;
    if let Some(parent) = parent {
        // The new node's level: one below its parent's, within the tree's limit.
        let depth: i64 = tx.query_row(
            "WITH RECURSIVE up(id, depth) AS (
                 SELECT ?1, 1
                 UNION ALL
                 SELECT c.parent_id, up.depth + 1 FROM criterion c JOIN up ON c.id = up.id
                 WHERE c.parent_id IS NOT NULL AND up.depth <= ?2)
             SELECT max(depth) FROM up",
            params![parent, limits::TREE_DEPTH as i64],
            |r| r.get(0),
        )?;
        if depth >= limits::TREE_DEPTH as i64 {
            return Err(StoreError::Invalid(format!(
                "Cây tiêu chí không sâu quá {0} cấp / the criteria tree has at most {0} levels",
                limits::TREE_DEPTH
            )));
        }
        let parent_has_points: i64 = tx.query_row(
            "SELECT count(*) FROM score WHERE criterion_id = ?1",
            [parent],
            |r| r.get(0),
        )?;
        if parent_has_points > 0 {
            return Err(StoreError::Invalid(
                "Tiêu chí này đã có điểm; không thêm tiêu chí con được / this criterion already has points".into(),
            ));
        }
        // A leaf that gets children becomes an inner node.
        tx.execute(
            "UPDATE criterion SET kind = NULL, max_points = NULL WHERE id = ?1",
            [parent],
        )?;
        tx.execute(
            "DELETE FROM criterion_band WHERE criterion_id = ?1",
            [parent],
        )?;
    }
    let siblings: Vec<String> = {
        let mut stmt =
            tx.prepare("SELECT code FROM criterion WHERE index_set_id = ?1 AND parent_id IS ?2")?;
        stmt.query_map(params![set_id, parent], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let last = siblings
        .iter()
        .filter_map(|c| c.rsplit('.').next().and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    let code = match parent_code {
        Some(p) => format!("{p}.{}", last + 1),
        None => (last + 1).to_string(),
    };
    let position: i64 = siblings.len() as i64;
    tx.execute(
        "INSERT INTO criterion (uuid, index_set_id, parent_id, position, code, title, kind, max_points)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'manual', ?7)",
        params![Uuid::new_v4().to_string(), set_id, parent, position, code, nfc(title), max.milli()],
    )?;
    Ok(code)
}

/// Deletes a node and its subtree; refused when any of it has points or evidence.
pub(super) fn delete_node(tx: &Transaction<'_>, set_id: i64, code: &str) -> Result<()> {
    ensure_structure_editable(tx, set_id)?;
    let id = node_id(tx, set_id, code)?;
    let used: i64 = tx.query_row(
        "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM criterion c JOIN sub ON c.parent_id = sub.id)
         SELECT (SELECT count(*) FROM score WHERE criterion_id IN sub)
              + (SELECT count(*) FROM survey_points WHERE criterion_id IN sub)
              + (SELECT count(*) FROM evidence_link WHERE criterion_id IN sub)",
        [id],
        |r| r.get(0),
    )?;
    if used > 0 {
        return Err(StoreError::Invalid(format!(
            "Tiêu chí {code} đã có điểm hoặc tài liệu; không xóa được / criterion {code} has points or evidence"
        )));
    }
    tx.execute("DELETE FROM criterion WHERE id = ?1", [id])?;
    Ok(())
}

/// Moves a node one place up (`-1`) or down (`+1`) among its siblings.
pub(super) fn move_node(tx: &Transaction<'_>, set_id: i64, code: &str, delta: i64) -> Result<()> {
    let id = node_id(tx, set_id, code)?;
    let (parent, position): (Option<i64>, i64) = tx.query_row(
        "SELECT parent_id, position FROM criterion WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let neighbour: Option<(i64, i64)> = tx
        .query_row(
            if delta < 0 {
                "SELECT id, position FROM criterion WHERE index_set_id = ?1 AND parent_id IS ?2 AND position < ?3 ORDER BY position DESC LIMIT 1"
            } else {
                "SELECT id, position FROM criterion WHERE index_set_id = ?1 AND parent_id IS ?2 AND position > ?3 ORDER BY position LIMIT 1"
            },
            params![set_id, parent, position],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((other, other_position)) = neighbour {
        tx.execute(
            "UPDATE criterion SET position = ?1 WHERE id = ?2",
            params![other_position, id],
        )?;
        tx.execute(
            "UPDATE criterion SET position = ?1 WHERE id = ?2",
            params![position, other],
        )?;
    }
    Ok(())
}

/// Copies the set of `from_year` to `to_year` (new identities, same tree and rules) as the
/// starting point of a new year. Returns the new set's rowid.
pub(super) fn copy_to_year(
    tx: &Transaction<'_>,
    level: Level,
    from_year: i32,
    to_year: i32,
) -> Result<i64> {
    let source = index_sets::load(tx, from_year, level)?;
    fn renew(nodes: &[Node]) -> Vec<Node> {
        nodes
            .iter()
            .map(|n| Node {
                id: Uuid::new_v4(),
                children: renew(&n.children),
                ..n.clone()
            })
            .collect()
    }
    let copy = IndexSet {
        id: Uuid::new_v4(),
        year: to_year,
        decision: String::new(),
        decision_date: None,
        roots: renew(&source.roots),
        version: 1,
        earlier: Vec::new(),
        ..source
    };
    index_sets::insert(tx, &copy)
}

/// A new, empty index set for a year: 100 points, the four usual bands, competition
/// ranking, two decimals. The officer then builds the tree or imports it.
pub(super) fn create_empty(
    tx: &Transaction<'_>,
    year: i32,
    level: Level,
    name: &str,
) -> Result<i64> {
    let band = |name: &str, min: i64| crate::domain::Band {
        name: name.into(),
        min: Points::whole(min),
    };
    let set = IndexSet {
        id: Uuid::new_v4(),
        year,
        level,
        name: nfc(name),
        decision: String::new(),
        decision_date: None,
        issuer: String::new(),
        max_total: Points::whole(100),
        ranking: crate::domain::RankingRule::Competition,
        precision: 2,
        bands: vec![
            band("Tốt", 90),
            band("Khá", 70),
            band("Trung bình", 50),
            band("Yếu", 0),
        ],
        bonus_cap: None,
        penalty_cap: None,
        roots: Vec::new(),
        version: 1,
        earlier: Vec::new(),
    };
    index_sets::insert(tx, &set)
}

/// Changes how a leaf's points are reached: its kind, bands and points per occurrence.
/// Refused once the leaf has points (they would change meaning) or the set is locked.
pub(super) fn set_rule(
    tx: &Transaction<'_>,
    set_id: i64,
    code: &str,
    kind: LeafKind,
    bands: &[PointBand],
    per_unit: Option<Points>,
) -> Result<()> {
    ensure_structure_editable(tx, set_id)?;
    let id = node_id(tx, set_id, code)?;
    let (max, used): (Option<i64>, i64) = tx.query_row(
        "SELECT max_points, (SELECT count(*) FROM score WHERE criterion_id = ?1)
                          + (SELECT count(*) FROM survey_points WHERE criterion_id = ?1)
         FROM criterion WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(max) = max.map(Points::from_milli) else {
        return Err(StoreError::NotALeaf(code.to_owned()));
    };
    if used > 0 {
        return Err(StoreError::Invalid(format!(
            "Tiêu chí {code} đã có điểm; không đổi cách chấm được / criterion {code} already has points"
        )));
    }
    let banded = matches!(kind, LeafKind::RatioBands | LeafKind::ValueBands);
    if banded && bands.is_empty() {
        return Err(StoreError::Invalid(format!(
            "Tiêu chí {code}: cần các mức điểm (ví dụ 100: 1; 95: 0,5; 0: 0) / bands are required"
        )));
    }
    if let Some(band) = bands.iter().find(|b| b.points > max) {
        return Err(StoreError::Points {
            code: code.to_owned(),
            error: crate::domain::PointsError::AboveMax {
                value: band.points,
                max,
            },
        });
    }
    if kind == LeafKind::CountCap && per_unit.is_none() {
        return Err(StoreError::Invalid(format!(
            "Tiêu chí {code}: cần số điểm cho mỗi lần / points per occurrence are required"
        )));
    }
    let part = match kind {
        LeafKind::Survey => "survey",
        LeafKind::Bonus | LeafKind::Penalty => "adjustment",
        _ => "appraised",
    };
    tx.execute(
        "UPDATE criterion SET kind = ?1, part = ?2, per_unit = ?3 WHERE id = ?4",
        params![kind.as_str(), part, per_unit.map(Points::milli), id],
    )?;
    tx.execute("DELETE FROM criterion_band WHERE criterion_id = ?1", [id])?;
    if banded {
        for (position, band) in bands.iter().enumerate() {
            tx.execute(
                "INSERT INTO criterion_band (criterion_id, position, min_value, points) VALUES (?1, ?2, ?3, ?4)",
                params![id, position as i64, band.min.milli(), band.points.milli()],
            )?;
        }
    }
    Ok(())
}

/// How a leaf is scored, when an edit changes it: its kind, bands and points per occurrence.
pub type LeafRule = (LeafKind, Vec<PointBand>, Option<Points>);

/// The index-set editor's actions, each one transaction.
impl super::Store {
    /// Edits a criterion's texts and maximum, and (for a leaf) how it is scored.
    pub fn edit_criterion(
        &mut self,
        set_id: i64,
        code: &str,
        fields: &NodeFields,
        rule: Option<&LeafRule>,
    ) -> Result<()> {
        self.write(|tx| {
            update_node(tx, set_id, code, fields)?;
            match rule {
                Some((kind, bands, per_unit)) => {
                    set_rule(tx, set_id, code, *kind, bands, *per_unit)
                }
                None => Ok(()),
            }
        })
    }

    /// Changes how a leaf is scored: its kind, bands and points per occurrence. Refused once
    /// the leaf has points.
    pub fn set_scoring_rule(
        &mut self,
        set_id: i64,
        code: &str,
        kind: LeafKind,
        bands: &[PointBand],
        per_unit: Option<Points>,
    ) -> Result<()> {
        self.write(|tx| set_rule(tx, set_id, code, kind, bands, per_unit))
    }

    /// Replaces the set's classification (4 classes, or 5 with Xuất sắc, at the province's
    /// thresholds). Refused once results of the set are published, as the structure is.
    pub fn set_classes(&mut self, set_id: i64, bands: &[crate::domain::Band]) -> Result<()> {
        crate::domain::index_set::check_classes(bands)
            .map_err(|e| StoreError::Invalid(format!("Xếp loại / classes: {e}")))?;
        self.write(|tx| {
            ensure_structure_editable(tx, set_id)?;
            index_sets::write_bands(tx, set_id, bands)
        })
    }

    /// Adds a manual leaf under `parent` (a new area when `None`); returns its code.
    pub fn add_criterion(
        &mut self,
        set_id: i64,
        parent: Option<&str>,
        title: &str,
        max: Points,
    ) -> Result<String> {
        self.write(|tx| add_child(tx, set_id, parent, title, max))
    }

    pub fn delete_criterion(&mut self, set_id: i64, code: &str) -> Result<()> {
        self.write(|tx| delete_node(tx, set_id, code))
    }

    /// Moves a criterion `delta` places among its siblings.
    pub fn move_criterion(&mut self, set_id: i64, code: &str, delta: i64) -> Result<()> {
        self.write(|tx| move_node(tx, set_id, code, delta))
    }

    /// Creates an empty set for `year` and `level`.
    pub fn create_empty_set(&mut self, year: i32, level: Level, name: &str) -> Result<()> {
        self.write(|tx| create_empty(tx, year, level, name).map(drop))
    }

    /// Copies last year's set of `level` into `year`.
    pub fn copy_last_years_set(&mut self, level: Level, year: i32) -> Result<()> {
        self.write(|tx| copy_to_year(tx, level, year - 1, year).map(drop))
    }
}
