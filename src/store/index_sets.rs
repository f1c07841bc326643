//! Index sets (bộ chỉ số) and their criteria trees.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Result, StoreError};
use crate::domain::limits;
use crate::domain::text::nfc;
use crate::domain::{
    Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, PointBand, Points, RankingRule,
};

/// A short description of a stored set, for lists.
#[derive(Debug, Clone)]
pub struct SetSummary {
    pub id: i64,
    pub uuid: Uuid,
    pub year: i32,
    pub level: Level,
    pub name: String,
}

/// Stores a whole index set with its tree; returns its rowid.
pub(super) fn insert(tx: &Transaction<'_>, set: &IndexSet) -> Result<i64> {
    tx.execute(
        "INSERT INTO index_set (uuid, year, level, name, decision, decision_date, issuer, max_total, ranking, precision, bonus_cap, penalty_cap)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            set.id.to_string(),
            set.year,
            set.level.as_str(),
            nfc(&set.name),
            nfc(&set.decision),
            set.decision_date.map(|d| d.to_string()),
            nfc(&set.issuer),
            set.max_total.milli(),
            set.ranking.as_str(),
            set.precision,
            set.bonus_cap.map(Points::milli),
            set.penalty_cap.map(Points::milli),
        ],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid(format!(
            "Đã có bộ chỉ số năm {} {} / an index set for {} {} exists already",
            set.year,
            set.level.label_vi(),
            set.year,
            set.level.as_str()
        )),
        _ => StoreError::Sqlite(e),
    })?;
    let set_id = tx.last_insert_rowid();
    insert_contents(tx, set_id, set)?;
    Ok(set_id)
}

/// Replaces the set of `set.year` and `set.level` with `set` (inserts it when there is none):
/// for a set read again from a corrected spreadsheet before anyone has scored against it.
/// The stored set keeps its identity and its assessments; its header, bands and criteria
/// become `set`'s. Refused once a score, survey point or evidence link refers to its
/// criteria: from then on the tree is edited node by node, where each change is checked.
pub(super) fn replace(tx: &Transaction<'_>, set: &IndexSet) -> Result<i64> {
    let Some(set_id) = tx
        .query_row(
            "SELECT id FROM index_set WHERE year = ?1 AND level = ?2",
            params![set.year, set.level.as_str()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    else {
        return insert(tx, set);
    };
    let used: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM score s JOIN criterion c ON c.id = s.criterion_id WHERE c.index_set_id = ?1)
              + (SELECT count(*) FROM survey_points p JOIN criterion c ON c.id = p.criterion_id WHERE c.index_set_id = ?1)
              + (SELECT count(*) FROM evidence_link l JOIN criterion c ON c.id = l.criterion_id WHERE c.index_set_id = ?1)",
        [set_id],
        |r| r.get(0),
    )?;
    if used > 0 {
        return Err(StoreError::Invalid(format!(
            "Bộ chỉ số năm {year} {level} đã có {used} điểm hoặc liên kết tài liệu kiểm chứng, \
             không thay thế được; hãy sửa từng tiêu chí trong mục Bộ chỉ số / the {year} {en} \
             index set already has {used} points or evidence links and cannot be replaced; \
             edit its criteria one by one in Index sets",
            year = set.year,
            level = set.level.label_vi(),
            en = set.level.as_str(),
        )));
    }
    tx.execute(
        "UPDATE index_set SET name = ?2, decision = ?3, decision_date = ?4, issuer = ?5, max_total = ?6,
                ranking = ?7, precision = ?8, bonus_cap = ?9, penalty_cap = ?10
         WHERE id = ?1",
        params![
            set_id,
            nfc(&set.name),
            nfc(&set.decision),
            set.decision_date.map(|d| d.to_string()),
            nfc(&set.issuer),
            set.max_total.milli(),
            set.ranking.as_str(),
            set.precision,
            set.bonus_cap.map(Points::milli),
            set.penalty_cap.map(Points::milli),
        ],
    )?;
    // Children go with their parents (ON DELETE CASCADE), point bands with their criteria.
    tx.execute("DELETE FROM criterion WHERE index_set_id = ?1", [set_id])?;
    tx.execute("DELETE FROM class_band WHERE index_set_id = ?1", [set_id])?;
    insert_contents(tx, set_id, set)?;
    Ok(set_id)
}

/// Replaces the classification bands of set `set_id` with `bands`.
pub(super) fn write_bands(tx: &Transaction<'_>, set_id: i64, bands: &[Band]) -> Result<()> {
    tx.execute("DELETE FROM class_band WHERE index_set_id = ?1", [set_id])?;
    for (position, band) in bands.iter().enumerate() {
        tx.execute(
            "INSERT INTO class_band (index_set_id, position, name, min_percent) VALUES (?1, ?2, ?3, ?4)",
            params![set_id, position as i64, nfc(&band.name), band.min.milli()],
        )?;
    }
    Ok(())
}

/// The bands and the criteria tree of a set whose header row is `set_id`.
fn insert_contents(tx: &Transaction<'_>, set_id: i64, set: &IndexSet) -> Result<()> {
    write_bands(tx, set_id, &set.bands)?;
    for (position, node) in set.roots.iter().enumerate() {
        insert_node(tx, set_id, None, position, node)?;
    }
    Ok(())
}

fn insert_node(
    tx: &Transaction<'_>,
    set_id: i64,
    parent: Option<i64>,
    position: usize,
    node: &Node,
) -> Result<()> {
    let id = write_node(tx, set_id, parent, position, node, SameCode::Refuse)?;
    for (position, child) in node.children.iter().enumerate() {
        insert_node(tx, set_id, Some(id), position, child)?;
    }
    Ok(())
}

/// What [`write_node`] does with a node whose code the set already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SameCode {
    /// A new tree: two nodes with one code are an error.
    Refuse,
    /// A re-issued tree: the stored criterion keeps its identity (its scores and links
    /// refer to it) and takes the new version's place, title and rule.
    Update,
}

/// Stores one node (not its children) with its point bands; returns its rowid.
pub(super) fn write_node(
    tx: &Transaction<'_>,
    set_id: i64,
    parent: Option<i64>,
    position: usize,
    node: &Node,
    same_code: SameCode,
) -> Result<i64> {
    let leaf = node.leaf.as_ref();
    let part = leaf.map_or("appraised", |l| match l.kind {
        LeafKind::Survey => "survey",
        LeafKind::Bonus | LeafKind::Penalty => "adjustment",
        _ => "appraised",
    });
    const INSERT: &str = "INSERT INTO criterion (uuid, index_set_id, parent_id, position, code, title, guidance, kind, max_points,
                                na_policy, evidence_required, per_unit, raw_labels, part, allows_over_100)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
    const UPDATE: &str = " ON CONFLICT (index_set_id, code) DO UPDATE SET
            parent_id = excluded.parent_id, position = excluded.position, title = excluded.title,
            guidance = excluded.guidance, kind = excluded.kind, max_points = excluded.max_points,
            na_policy = excluded.na_policy, evidence_required = excluded.evidence_required,
            per_unit = excluded.per_unit, raw_labels = excluded.raw_labels, part = excluded.part,
            allows_over_100 = excluded.allows_over_100";
    let sql = match same_code {
        SameCode::Refuse => format!("{INSERT} RETURNING id"),
        SameCode::Update => format!("{INSERT}{UPDATE} RETURNING id"),
    };
    let id: i64 = tx.query_row(
        &sql,
        params![
            node.id.to_string(),
            set_id,
            parent,
            position as i64,
            nfc(&node.code),
            nfc(&node.title),
            nfc(&node.guidance),
            leaf.map(|l| l.kind.as_str()),
            leaf.map(|l| l.max.milli()),
            leaf.map_or("not_allowed", |l| l.na_policy.as_str()),
            leaf.and_then(|l| l.evidence.as_deref().map(nfc)),
            leaf.and_then(|l| l.per_unit.map(Points::milli)),
            leaf.map(|l| l
                .raw_labels
                .iter()
                .map(|s| nfc(s))
                .collect::<Vec<_>>()
                .join("\n"))
                .unwrap_or_default(),
            part,
            leaf.is_some_and(|l| l.allows_over_100),
        ],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM criterion_band WHERE criterion_id = ?1", [id])?;
    for (position, band) in leaf
        .map(|l| l.bands.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        tx.execute(
            "INSERT INTO criterion_band (criterion_id, position, min_value, points) VALUES (?1, ?2, ?3, ?4)",
            params![id, position as i64, band.min.milli(), band.points.milli()],
        )?;
    }
    Ok(id)
}

pub(super) fn list(conn: &Connection) -> Result<Vec<SetSummary>> {
    let mut stmt =
        conn.prepare("SELECT id, uuid, year, level, name FROM index_set ORDER BY year, level")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, uuid, year, level, name)| {
            Some(SetSummary {
                id,
                uuid: Uuid::parse_str(&uuid).ok()?,
                year,
                level: Level::parse(&level)?,
                name,
            })
        })
        .collect())
}

/// The rowid of the set of a year and level.
pub(super) fn id_of(conn: &Connection, year: i32, level: Level) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM index_set WHERE year = ?1 AND level = ?2",
        params![year, level.as_str()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NoIndexSet {
        year,
        level: level.label_vi().to_owned(),
    })
}

/// Loads the set of a year and level with its whole tree.
pub(super) fn load(conn: &Connection, year: i32, level: Level) -> Result<IndexSet> {
    let id = id_of(conn, year, level)?;
    load_by_id(conn, id)
}

/// Criterion rowids by uuid and the reverse, for the score queries.
pub(super) fn criterion_ids(conn: &Connection, set_id: i64) -> Result<HashMap<i64, Uuid>> {
    let mut stmt = conn.prepare("SELECT id, uuid FROM criterion WHERE index_set_id = ?1")?;
    let rows = stmt
        .query_map([set_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, uuid)| Some((id, Uuid::parse_str(&uuid).ok()?)))
        .collect())
}

fn bad(what: &str) -> StoreError {
    StoreError::Damaged(format!("index set: {what}"))
}

pub(super) fn load_by_id(conn: &Connection, id: i64) -> Result<IndexSet> {
    let head = conn.query_row(
        "SELECT uuid, year, level, name, decision, decision_date, issuer, max_total, ranking, precision, bonus_cap, penalty_cap, version
         FROM index_set WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, u8>(9)?,
                r.get::<_, Option<i64>>(10)?,
                r.get::<_, Option<i64>>(11)?,
                r.get::<_, u32>(12)?,
            ))
        },
    )?;
    let (
        uuid,
        year,
        level,
        name,
        decision,
        decision_date,
        issuer,
        max_total,
        ranking,
        precision,
        bonus_cap,
        penalty_cap,
        version,
    ) = head;

    let mut bands_stmt = conn.prepare("SELECT name, min_percent FROM class_band WHERE index_set_id = ?1 ORDER BY min_percent DESC")?;
    let bands = bands_stmt
        .query_map([id], |r| {
            Ok(Band {
                name: r.get(0)?,
                min: Points::from_milli(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut point_bands: HashMap<i64, Vec<PointBand>> = HashMap::new();
    let mut pb_stmt = conn.prepare(
        "SELECT b.criterion_id, b.min_value, b.points FROM criterion_band b JOIN criterion c ON c.id = b.criterion_id
         WHERE c.index_set_id = ?1 ORDER BY b.criterion_id, b.min_value DESC",
    )?;
    for row in pb_stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (cid, min, points) = row?;
        point_bands.entry(cid).or_default().push(PointBand {
            min: Points::from_milli(min),
            points: Points::from_milli(points),
        });
    }

    struct Row {
        id: i64,
        parent: Option<i64>,
        node: Node,
    }
    let mut stmt = conn.prepare(
        "SELECT id, parent_id, uuid, code, title, guidance, kind, max_points, na_policy, evidence_required, per_unit, raw_labels,
                allows_over_100
         FROM criterion WHERE index_set_id = ?1 ORDER BY parent_id, position",
    )?;
    let raw_rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<i64>>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, bool>(12)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows = Vec::with_capacity(raw_rows.len());
    for (
        cid,
        parent,
        uuid,
        code,
        title,
        guidance,
        kind,
        max,
        na,
        evidence,
        per_unit,
        raw_labels,
        allows_over_100,
    ) in raw_rows
    {
        let leaf = match (kind, max) {
            (Some(kind), Some(max)) => Some(Leaf {
                kind: LeafKind::parse(&kind).ok_or_else(|| bad("kind"))?,
                max: Points::from_milli(max),
                na_policy: NaPolicy::parse(&na).ok_or_else(|| bad("na policy"))?,
                evidence,
                bands: point_bands.remove(&cid).unwrap_or_default(),
                per_unit: per_unit.map(Points::from_milli),
                raw_labels: raw_labels
                    .lines()
                    .map(str::to_owned)
                    .filter(|s| !s.is_empty())
                    .collect(),
                allows_over_100,
            }),
            _ => None,
        };
        rows.push(Row {
            id: cid,
            parent,
            node: Node {
                id: Uuid::parse_str(&uuid).map_err(|_| bad("uuid"))?,
                code: code.into(),
                title: title.into(),
                guidance,
                leaf,
                children: Vec::new(),
            },
        });
    }
    // Build the tree bottom-up: children are attached to parents in position order.
    let rows_total = rows.len();
    let mut children: HashMap<Option<i64>, Vec<(i64, Node)>> = HashMap::new();
    for row in rows {
        children
            .entry(row.parent)
            .or_default()
            .push((row.id, row.node));
    }
    // A tree deeper than the limit, or a node no root reaches (a parent in a cycle or in
    // another set), is refused, never cut: a dropped leaf would silently lower the total.
    fn attach(
        parent: Option<i64>,
        children: &mut HashMap<Option<i64>, Vec<(i64, Node)>>,
        depth: usize,
    ) -> Result<Vec<Node>> {
        let Some(list) = children.remove(&parent) else {
            return Ok(Vec::new());
        };
        if depth >= limits::TREE_DEPTH {
            return Err(bad(&format!(
                "cây tiêu chí sâu quá {} cấp / the criteria tree is deeper than {} levels",
                limits::TREE_DEPTH,
                limits::TREE_DEPTH
            )));
        }
        list.into_iter()
            .map(|(id, mut node)| {
                node.children = attach(Some(id), children, depth + 1)?;
                Ok(node)
            })
            .collect()
    }
    if rows_total > limits::TREE_NODES {
        return Err(bad(&format!(
            "quá {} tiêu chí / more than {} criteria",
            limits::TREE_NODES,
            limits::TREE_NODES
        )));
    }
    let roots = attach(None, &mut children, 0)?;
    if !children.is_empty() {
        return Err(bad(
            "criteria outside the tree (a parent in a cycle or missing)",
        ));
    }

    Ok(IndexSet {
        id: Uuid::parse_str(&uuid).map_err(|_| bad("uuid"))?,
        year,
        level: Level::parse(&level).ok_or_else(|| bad("level"))?,
        name,
        decision,
        decision_date: decision_date.and_then(|d| crate::domain::format::parse_iso_date(&d)),
        issuer,
        max_total: Points::from_milli(max_total),
        ranking: RankingRule::parse(&ranking).ok_or_else(|| bad("ranking"))?,
        precision,
        bands,
        bonus_cap: bonus_cap.map(Points::from_milli),
        penalty_cap: penalty_cap.map(Points::from_milli),
        roots,
        version,
        earlier: super::reissue::earlier_versions(conn, id)?,
    })
}

impl super::Store {
    /// Stores an index set read from a table, in one transaction. With `replace`, the set of
    /// that year and level is replaced as long as nobody has scored against it (see
    /// [`replace`]); without, an existing set is refused.
    pub fn import_index_set(&mut self, set: &IndexSet, replace_existing: bool) -> Result<()> {
        self.write(|tx| {
            if replace_existing {
                replace(tx, set).map(drop)
            } else {
                insert(tx, set).map(drop)
            }
        })
    }

    /// The set of a year and level with its rowid (for edits).
    pub fn index_set(&self, year: i32, level: Level) -> Result<(i64, IndexSet)> {
        let id = id_of(self.conn(), year, level)?;
        Ok((id, load_by_id(self.conn(), id)?))
    }

    pub fn index_sets(&self) -> Result<Vec<SetSummary>> {
        list(self.conn())
    }
}

/// The rowid of the set with this uuid, if the file has it.
pub(super) fn id_of_uuid(conn: &Connection, uuid: &Uuid) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM index_set WHERE uuid = ?1",
            [uuid.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}
