//! Assessments: one unit scored against one index set, with its status and lock.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::audit::{self, Change};
use super::units::{self, Unit};
use super::{Result, StoreError, index_sets, now};
use crate::domain::{Level, Status};

/// An assessment with what identifies it to the officer.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub id: i64,
    pub uuid: Uuid,
    pub unit: Unit,
    pub set_id: i64,
    pub year: i32,
    pub level: Level,
    pub status: Status,
    pub locked: bool,
}

impl Assessment {
    pub fn subject(&self) -> String {
        format!("assessment:{}", self.uuid)
    }
}

/// Creates an assessment; its first status is written to the audit log.
pub(super) fn create(
    tx: &Transaction<'_>,
    actor: &str,
    unit_id: i64,
    set_id: i64,
    status: Status,
) -> Result<i64> {
    create_with_uuid(tx, actor, Uuid::new_v4(), unit_id, set_id, status, None)
}

/// Creates an assessment with a given identity (one arriving in an import keeps its uuid);
/// the audit entry carries the package id.
pub(super) fn create_with_uuid(
    tx: &Transaction<'_>,
    actor: &str,
    uuid: Uuid,
    unit_id: i64,
    set_id: i64,
    status: Status,
    package: Option<&str>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO assessment (uuid, unit_id, index_set_id, status, locked, status_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            uuid.to_string(),
            unit_id,
            set_id,
            status.as_str(),
            status == Status::Final,
            now()
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        tx,
        &Change {
            actor,
            action: "status",
            subject: format!("assessment:{uuid}"),
            field: "status",
            old: None,
            new: Some(status.as_str().to_owned()),
            reason: "",
            package,
        },
    )?;
    Ok(id)
}

type RawRow = (i64, String, i64, i64, i32, String, String, bool);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

const SELECT: &str =
    "SELECT a.id, a.uuid, a.unit_id, a.index_set_id, s.year, s.level, a.status, a.locked
     FROM assessment a JOIN index_set s ON s.id = a.index_set_id";

fn build(conn: &Connection, raw: RawRow) -> Result<Assessment> {
    let unit = units::by_id(conn, raw.2)?;
    assemble(raw, unit)
}

fn assemble(raw: RawRow, unit: Option<Unit>) -> Result<Assessment> {
    let (id, uuid, _, set_id, year, level, status, locked) = raw;
    let unit = unit.ok_or_else(|| StoreError::Damaged(format!("assessment {id} has no unit")))?;
    Ok(Assessment {
        id,
        uuid: Uuid::parse_str(&uuid).map_err(|_| StoreError::Damaged("assessment uuid".into()))?,
        unit,
        set_id,
        year,
        level: Level::parse(&level).ok_or_else(|| StoreError::Damaged("level".into()))?,
        status: Status::parse(&status).ok_or_else(|| StoreError::Damaged("status".into()))?,
        locked,
    })
}

/// Every assessment of a set.
pub(super) fn for_set(conn: &Connection, set_id: i64) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE a.index_set_id = ?1 ORDER BY a.id"))?;
    let raws = stmt
        .query_map([set_id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // One read of the units rather than a query per assessment (600 in a province).
    let units: HashMap<i64, Unit> = units::all(conn)?.into_iter().map(|u| (u.id, u)).collect();
    raws.into_iter()
        .map(|raw| {
            let unit = units.get(&raw.2).cloned();
            assemble(raw, unit)
        })
        .collect()
}

pub(super) fn by_id(conn: &Connection, id: i64) -> Result<Option<Assessment>> {
    let raw = conn
        .query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], row)
        .optional()?;
    raw.map(|raw| build(conn, raw)).transpose()
}

/// The assessment of the unit with `code` in the set of `year` and `level`.
pub(super) fn find(conn: &Connection, year: i32, level: Level, code: &str) -> Result<Assessment> {
    let set_id = index_sets::id_of(conn, year, level)?;
    let code = crate::domain::text::nfc(code);
    let raw = conn
        .query_row(
            &format!(
                "{SELECT} JOIN unit u ON u.id = a.unit_id WHERE a.index_set_id = ?1 AND u.code = ?2"
            ),
            params![set_id, code],
            row,
        )
        .optional()?;
    match raw {
        Some(raw) => build(conn, raw),
        None if units::by_code_in_year(conn, &code, year)?.is_some() => {
            Err(StoreError::NoAssessment { code, year })
        }
        None => Err(StoreError::UnknownUnit { code, year }),
    }
}

/// The assessment of the unit with row id `unit_id` in the set of `year` and `level`, if
/// any (the same unit, not another that reused its code after a merger).
pub(super) fn of_unit(
    conn: &Connection,
    year: i32,
    level: Level,
    unit_id: i64,
) -> Result<Option<Assessment>> {
    let raw = conn
        .query_row(
            &format!("{SELECT} WHERE s.year = ?1 AND s.level = ?2 AND a.unit_id = ?3"),
            params![year, level.as_str(), unit_id],
            row,
        )
        .optional()?;
    raw.map(|raw| build(conn, raw)).transpose()
}

/// Moves an assessment to a new status, locking it when final and unlocking it when a final
/// one is reopened (which needs a reason). Written to the audit log.
pub(super) fn set_status(
    tx: &Transaction<'_>,
    actor: &str,
    a: &Assessment,
    status: Status,
    reason: &str,
) -> Result<()> {
    let reason = crate::domain::text::nfc(reason);
    let reopening = a.locked && status != Status::Final;
    if reopening && reason.is_empty() {
        return Err(StoreError::ReasonRequired(
            "mở khóa phiếu đã công bố / reopening a final assessment".into(),
        ));
    }
    let locked = status == Status::Final;
    tx.execute(
        "UPDATE assessment SET status = ?1, locked = ?2, status_at = ?3, status_by = ?4 WHERE id = ?5",
        params![status.as_str(), locked, now(), actor, a.id],
    )?;
    audit::append(
        tx,
        &Change {
            actor,
            action: "status",
            subject: a.subject(),
            field: "status",
            old: Some(a.status.as_str().to_owned()),
            new: Some(status.as_str().to_owned()),
            reason: &reason,
            package: None,
        },
    )?;
    Ok(())
}

impl super::Store {
    /// The assessment of the unit with `code` in the set of `year` and `level`.
    pub fn assessment(&self, year: i32, level: Level, code: &str) -> Result<Assessment> {
        find(self.conn(), year, level, code)
    }
}

/// The rowid of the assessment with this uuid, if the file has it.
pub(super) fn id_of_uuid(conn: &Connection, uuid: &Uuid) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM assessment WHERE uuid = ?1",
            [uuid.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}
