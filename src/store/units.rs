//! Units (đơn vị hành chính) and their lineage.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, StoreError};
use crate::domain::text::nfc;

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
    /// tinh, huyen, thanh_pho, thi_xa, quan, xa, phuong, thi_tran
    pub kind: String,
    /// province, district, commune
    pub level: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub parent_id: Option<i64>,
}

impl Unit {
    /// Whether the unit existed at some time in `year`.
    pub fn valid_in(&self, year: i32) -> bool {
        let start = NaiveDate::from_ymd_opt(year, 1, 1);
        let end = NaiveDate::from_ymd_opt(year, 12, 31);
        let (Some(start), Some(end)) = (start, end) else {
            return false;
        };
        self.valid_from.is_none_or(|from| from <= end) && self.valid_to.is_none_or(|to| to >= start)
    }
}

/// A unit to add.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub parent_id: Option<i64>,
}

/// A lineage link: `from` merged into, renamed to or split into `to`.
#[derive(Debug, Clone, Serialize)]
pub struct Lineage {
    pub from_unit_id: i64,
    pub to_unit_id: i64,
    pub kind: String,
    pub resolution: String,
    pub resolution_date: Option<NaiveDate>,
    pub effective: Option<NaiveDate>,
}

pub const UNIT_KINDS: [&str; 9] = [
    "tinh",
    "thanh_pho_tw",
    "huyen",
    "thanh_pho",
    "thi_xa",
    "quan",
    "xa",
    "phuong",
    "thi_tran",
];

pub fn add(tx: &Transaction<'_>, unit: &NewUnit) -> Result<i64> {
    let name = nfc(&unit.name);
    let code = nfc(&unit.code);
    if name.is_empty() || code.is_empty() {
        return Err(StoreError::Invalid(
            "Tên và mã đơn vị không được để trống / unit name and code are required".into(),
        ));
    }
    if !UNIT_KINDS.contains(&unit.kind.as_str()) {
        return Err(StoreError::Invalid(format!(
            "unknown unit kind {}",
            unit.kind
        )));
    }
    tx.execute(
        "INSERT INTO unit (uuid, code, name, kind, level, valid_from, valid_to, parent_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            Uuid::new_v4().to_string(),
            code,
            name,
            unit.kind,
            unit.level,
            unit.valid_from.map(|d| d.to_string()),
            unit.valid_to.map(|d| d.to_string()),
            unit.parent_id
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn add_lineage(tx: &Transaction<'_>, link: &Lineage) -> Result<()> {
    tx.execute(
        "INSERT INTO lineage (from_unit_id, to_unit_id, kind, resolution, resolution_date, effective)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            link.from_unit_id,
            link.to_unit_id,
            link.kind,
            nfc(&link.resolution),
            link.resolution_date.map(|d| d.to_string()),
            link.effective.map(|d| d.to_string())
        ],
    )?;
    Ok(())
}

fn row_to_unit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    let uuid: String = r.get(1)?;
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?
            .and_then(|s| crate::domain::format::parse_iso_date(&s)))
    };
    Ok(Unit {
        id: r.get(0)?,
        uuid: Uuid::parse_str(&uuid).unwrap_or_default(),
        code: r.get(2)?,
        name: r.get(3)?,
        kind: r.get(4)?,
        level: r.get(5)?,
        valid_from: date(6)?,
        valid_to: date(7)?,
        parent_id: r.get(8)?,
    })
}

const UNIT_COLUMNS: &str = "id, uuid, code, name, kind, level, valid_from, valid_to, parent_id";

pub fn all(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLUMNS} FROM unit ORDER BY level, code, valid_from"
    ))?;
    let units = stmt
        .query_map([], row_to_unit)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(units)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Unit>> {
    // Cached: loading a year's assessments asks once per unit (600 in a province).
    Ok(conn
        .prepare_cached(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ?1"))?
        .query_row([id], row_to_unit)
        .optional()?)
}

/// The unit with `code` that existed in `year` (codes are reused after a merger, so the
/// year decides which one is meant). When two did (the merger year), the later one wins.
pub fn by_code_in_year(conn: &Connection, code: &str, year: i32) -> Result<Option<Unit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLUMNS} FROM unit WHERE code = ?1 ORDER BY valid_from DESC"
    ))?;
    let units = stmt
        .query_map([nfc(code)], row_to_unit)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(units.into_iter().find(|u| u.valid_in(year)))
}

pub fn lineage(conn: &Connection) -> Result<Vec<Lineage>> {
    let mut stmt = conn.prepare(
        "SELECT from_unit_id, to_unit_id, kind, resolution, resolution_date, effective FROM lineage ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|s| crate::domain::format::parse_iso_date(&s)))
            };
            Ok(Lineage {
                from_unit_id: r.get(0)?,
                to_unit_id: r.get(1)?,
                kind: r.get(2)?,
                resolution: r.get(3)?,
                resolution_date: date(4)?,
                effective: date(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
