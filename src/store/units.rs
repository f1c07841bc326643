//! Units (đơn vị hành chính) and their lineage.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, StoreError};
use crate::domain::text::nfc;
use crate::domain::{Level, UnitKind, UnitLevel, limits};

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// Follows from the kind; stored for queries by tier.
    pub level: UnitLevel,
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

    /// Whether the unit was in operation on the last day of `year`: the units a year's
    /// screens list, one per code even in a merger year (the predecessor retired in it is not).
    pub fn in_operation_at_end_of(&self, year: i32) -> bool {
        let Some(end) = NaiveDate::from_ymd_opt(year, 12, 31) else {
            return false;
        };
        self.valid_from.is_none_or(|from| from <= end) && self.valid_to.is_none_or(|to| to >= end)
    }
}

/// A unit to add.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
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

pub(super) fn add(tx: &Transaction<'_>, unit: &NewUnit) -> Result<i64> {
    add_with_uuid(tx, Uuid::new_v4(), unit)
}

/// Adds a unit with a given identity (a unit arriving in an import keeps its uuid).
pub(super) fn add_with_uuid(tx: &Transaction<'_>, uuid: Uuid, unit: &NewUnit) -> Result<i64> {
    let name = nfc(&unit.name);
    let code = nfc(&unit.code);
    if name.is_empty() || code.is_empty() {
        return Err(StoreError::Invalid(
            "Tên và mã đơn vị không được để trống / unit name and code are required".into(),
        ));
    }
    super::text_within(("Tên đơn vị", "The unit's name"), &name, limits::NAME_CHARS)?;
    super::text_within(("Mã đơn vị", "The unit's code"), &code, limits::CODE_CHARS)?;
    tx.execute(
        "INSERT INTO unit (uuid, code, name, kind, level, valid_from, valid_to, parent_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            uuid.to_string(),
            code,
            name,
            unit.kind.as_str(),
            unit.kind.level().as_str(),
            unit.valid_from.map(|d| d.to_string()),
            unit.valid_to.map(|d| d.to_string()),
            unit.parent_id
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn add_lineage(tx: &Transaction<'_>, link: &Lineage) -> Result<()> {
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
        kind: parsed(r, 4, UnitKind::parse)?,
        level: parsed(r, 5, UnitLevel::parse)?,
        valid_from: date(6)?,
        valid_to: date(7)?,
        parent_id: r.get(8)?,
    })
}

/// A text column read into one of the domain's enums; the schema's CHECK keeps other
/// values out, so a mismatch means a damaged file.
fn parsed<T>(
    r: &rusqlite::Row<'_>,
    column: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = r.get(column)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("unit {text}").into(),
        )
    })
}

const UNIT_COLUMNS: &str = "id, uuid, code, name, kind, level, valid_from, valid_to, parent_id";

pub(super) fn all(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLUMNS} FROM unit ORDER BY level, code, valid_from"
    ))?;
    let units = stmt
        .query_map([], row_to_unit)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(units)
}

/// The unit `unit_id` was formed from (merged, renamed or split) that had the same code,
/// the one it continues.
pub(super) fn predecessor_keeping_code(conn: &Connection, unit_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT l.from_unit_id FROM lineage l
               JOIN unit f ON f.id = l.from_unit_id
               JOIN unit t ON t.id = l.to_unit_id
              WHERE l.to_unit_id = ?1 AND f.code = t.code
              LIMIT 1",
            [unit_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn by_id(conn: &Connection, id: i64) -> Result<Option<Unit>> {
    // Cached: loading a year's assessments asks once per unit (600 in a province).
    Ok(conn
        .prepare_cached(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ?1"))?
        .query_row([id], row_to_unit)
        .optional()?)
}

/// The unit with `code` that existed in `year` (codes are reused after a merger, so the
/// year decides which one is meant). When two did (the merger year), the later one wins.
pub(super) fn by_code_in_year(conn: &Connection, code: &str, year: i32) -> Result<Option<Unit>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLUMNS} FROM unit WHERE code = ?1 ORDER BY valid_from DESC"
    ))?;
    let units = stmt
        .query_map([nfc(code)], row_to_unit)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(units.into_iter().find(|u| u.valid_in(year)))
}

pub(super) fn lineage(conn: &Connection) -> Result<Vec<Lineage>> {
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

/// Changes a unit's description.
pub(super) fn update(tx: &Transaction<'_>, id: i64, unit: &NewUnit) -> Result<()> {
    let name = nfc(&unit.name);
    let code = nfc(&unit.code);
    if name.is_empty() || code.is_empty() {
        return Err(StoreError::Invalid(
            "Tên và mã đơn vị không được để trống / unit name and code are required".into(),
        ));
    }
    super::text_within(("Tên đơn vị", "The unit's name"), &name, limits::NAME_CHARS)?;
    super::text_within(("Mã đơn vị", "The unit's code"), &code, limits::CODE_CHARS)?;
    tx.execute(
        "UPDATE unit SET code = ?1, name = ?2, kind = ?3, level = ?4, valid_from = ?5, valid_to = ?6, parent_id = ?7 WHERE id = ?8",
        params![
            code,
            name,
            unit.kind.as_str(),
            unit.kind.level().as_str(),
            unit.valid_from.map(|d| d.to_string()),
            unit.valid_to.map(|d| d.to_string()),
            unit.parent_id,
            id
        ],
    )?;
    Ok(())
}

/// Ends a unit's validity (it stays, with its history, for the years it existed).
pub(super) fn retire(tx: &Transaction<'_>, id: i64, last_day: NaiveDate, note: &str) -> Result<()> {
    tx.execute(
        "UPDATE unit SET valid_to = ?1, retired_note = ?2 WHERE id = ?3",
        params![last_day.to_string(), nfc(note), id],
    )?;
    Ok(())
}

/// Starts a new year's assessment for every unit of `level` in operation at the end of the
/// set's year that has none yet (in a merger year, the units formed by it, not those it
/// ended). Returns how many were created.
pub(super) fn start_assessments(
    tx: &Transaction<'_>,
    actor: &str,
    set_id: i64,
    year: i32,
    level: Level,
) -> Result<usize> {
    let candidates: Vec<Unit> = all(tx)?
        .into_iter()
        .filter(|u| u.level.assessed() == Some(level) && u.in_operation_at_end_of(year))
        .collect();
    let mut created = 0;
    for unit in candidates {
        let exists: i64 = tx.query_row(
            "SELECT count(*) FROM assessment WHERE unit_id = ?1 AND index_set_id = ?2",
            params![unit.id, set_id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            super::assessments::create(tx, actor, unit.id, set_id, crate::domain::Status::Draft)?;
            created += 1;
        }
    }
    Ok(created)
}

impl super::Store {
    pub fn units(&self) -> Result<Vec<Unit>> {
        all(self.conn())
    }

    pub fn lineage(&self) -> Result<Vec<Lineage>> {
        lineage(self.conn())
    }

    /// Opens the assessments of a year for every unit of its level (see `start_assessments`).
    pub fn start_assessments(&mut self, year: i32, level: Level) -> Result<usize> {
        let actor = self.actor().to_owned();
        let set_id = super::index_sets::id_of(self.conn(), year, level)?;
        self.write(|tx| start_assessments(tx, &actor, set_id, year, level))
    }
}

/// The rowid of the unit with this uuid, if the file has it.
pub(super) fn id_of_uuid(conn: &Connection, uuid: &Uuid) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM unit WHERE uuid = ?1",
            [uuid.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// The unit list's actions, each one transaction.
impl super::Store {
    /// Adds a unit, or changes the one with rowid `editing`.
    pub fn save_unit(&mut self, editing: Option<i64>, unit: &NewUnit) -> Result<()> {
        self.write(|tx| match editing {
            Some(id) => update(tx, id, unit),
            None => add(tx, unit).map(drop),
        })
    }

    /// Ends a unit's validity on `last_day`.
    pub fn retire_unit(&mut self, id: i64, last_day: NaiveDate, note: &str) -> Result<()> {
        self.write(|tx| retire(tx, id, last_day, note))
    }

    /// Records that the units `from` were merged into `to` by a resolution of `date`.
    pub fn record_merger(
        &mut self,
        from: &[i64],
        to: i64,
        resolution: &str,
        date: Option<NaiveDate>,
    ) -> Result<()> {
        self.write(|tx| {
            for id in from {
                add_lineage(
                    tx,
                    &Lineage {
                        from_unit_id: *id,
                        to_unit_id: to,
                        kind: "merged_into".into(),
                        resolution: resolution.to_owned(),
                        resolution_date: date,
                        effective: None,
                    },
                )?;
            }
            Ok(())
        })
    }
}
