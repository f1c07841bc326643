//! Schema creation and the numbered upgrade steps. A shipped step never changes.

use rusqlite::{Connection, Transaction};

use super::{APPLICATION_ID, Result, StoreError};
use crate::domain::text::shorten;

/// The schema of a new file (`schema.sql`, at `CURRENT_VERSION`).
const SCHEMA: &str = include_str!("../../schema.sql");

/// The version `schema.sql` creates.
pub const CURRENT_VERSION: i64 = 6;

/// Step N brings a file from version N to N + 1.
const STEPS: &[(i64, &str)] = &[
    (
        1,
        // Version 2 added the report settings per year and level.
        "CREATE TABLE report_settings (
    year          INTEGER NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('commune', 'district')),
    issuer_parent TEXT NOT NULL DEFAULT '',
    issuer        TEXT NOT NULL DEFAULT '',
    number        TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    date          TEXT,
    title         TEXT NOT NULL DEFAULT 'BÁO CÁO',
    summary       TEXT NOT NULL DEFAULT '',
    signer_mode   TEXT NOT NULL DEFAULT 'TM' CHECK (signer_mode IN ('TM', 'KT', 'none')),
    signer_org    TEXT NOT NULL DEFAULT '',
    signer_title  TEXT NOT NULL DEFAULT '',
    signer_name   TEXT NOT NULL DEFAULT '',
    recipients    TEXT NOT NULL DEFAULT '',
    body_template TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, level)
) STRICT;",
    ),
    (
        2,
        // Version 3 added the file's signing key and the senders it trusts (signed packages).
        "CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL CHECK (length(secret) = 32),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    created_at  TEXT NOT NULL
) STRICT;
CREATE TABLE trusted_sender (
    sender      TEXT PRIMARY KEY NOT NULL,
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    label       TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    accepted_by TEXT NOT NULL
) STRICT;",
    ),
    (
        3,
        // Version 4 added how the ranking is issued: an appendix of the report or a signed
        // document of its own.
        "ALTER TABLE report_settings ADD COLUMN ranking_form TEXT NOT NULL DEFAULT 'appendix' CHECK (ranking_form IN ('appendix', 'document'));",
    ),
    (
        4,
        // Version 5 added which ratios may pass 100 %; a numerator above the denominator is
        // refused elsewhere. Ratios that already hold such figures keep accepting them, so
        // no stored score becomes one the program refuses.
        "ALTER TABLE criterion ADD COLUMN allows_over_100 INTEGER NOT NULL DEFAULT 0 CHECK (allows_over_100 IN (0, 1));
UPDATE criterion SET allows_over_100 = 1
 WHERE kind = 'ratio_bands'
   AND id IN (SELECT criterion_id FROM score WHERE raw_a IS NOT NULL AND raw_b IS NOT NULL AND raw_a > raw_b);",
    ),
    (
        5,
        // Version 6 added the versions of a set re-issued within its year; every set stored
        // so far is its first version.
        "ALTER TABLE index_set ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
CREATE TABLE index_set_version (
    index_set_id  INTEGER NOT NULL REFERENCES index_set (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version >= 1),
    name          TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    tree          TEXT NOT NULL,
    scores        TEXT NOT NULL,
    replaced_at   TEXT NOT NULL,
    replaced_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (index_set_id, version)
) STRICT;",
    ),
];

pub(super) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub(crate) fn create_schema(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {CURRENT_VERSION};"
    ))?;
    Ok(())
}

pub(crate) fn upgrade(tx: &Transaction<'_>, from: i64) -> Result<()> {
    for (version, sql) in STEPS {
        if *version >= from {
            tx.execute_batch(sql)?;
        }
    }
    tx.execute_batch(&format!("PRAGMA user_version = {CURRENT_VERSION};"))?;
    Ok(())
}

/// A description of a file's schema that does not depend on how it was reached: every
/// table's columns (name, type, not null, default, key), indexes, foreign keys, and the SQL
/// of views and triggers. Two files with equal descriptions have the same schema.
pub(super) fn describe_schema(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut objects = conn.prepare(
        "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows: Vec<(String, String, String, String)> = objects
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, table, sql) in rows {
        match kind.as_str() {
            "table" => {
                out.push(format!("table {name} strict={}", sql.contains(") STRICT")));
                let mut cols = conn.prepare(&format!("PRAGMA table_xinfo(\"{name}\")"))?;
                let described: Vec<String> = cols
                    .query_map([], |r| {
                        Ok(format!(
                            "  col {} {} notnull={} default={:?} pk={}",
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, i64>(5)?
                        ))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                out.extend(described);
                let mut fks = conn.prepare(&format!("PRAGMA foreign_key_list(\"{name}\")"))?;
                let described: Vec<String> = fks
                    .query_map([], |r| {
                        Ok(format!(
                            "  fk {}.{} -> {}.{} on_delete={}",
                            name,
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                            r.get::<_, String>(6)?
                        ))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                out.extend(described);
                // CHECK constraints live only in the CREATE text: compare it with spaces folded.
                out.push(format!(
                    "  sql {}",
                    sql.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
            "index" => {
                let mut cols = conn.prepare(&format!("PRAGMA index_info(\"{name}\")"))?;
                let described: Vec<String> = cols
                    .query_map([], |r| r.get::<_, Option<String>>(2))?
                    .map(|c| c.map(|c| c.unwrap_or_default()))
                    .collect::<rusqlite::Result<_>>()?;
                out.push(format!("index {name} on {table}({})", described.join(",")));
            }
            _ => out.push(format!("{kind} {name} on {table}: {sql}")),
        }
    }
    Ok(out)
}

/// The schema description of a new file.
fn fresh_schema() -> Result<Vec<String>> {
    let mut conn = Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    create_schema(&tx)?;
    tx.commit()?;
    describe_schema(&conn)
}

/// Refuses a file whose schema is not exactly a new file's: an extra trigger, view, index or
/// column could act on the officer's data at the next edit ([`StoreError::ForeignSchema`],
/// naming the first difference).
pub(crate) fn check_schema(conn: &Connection) -> Result<()> {
    let found = describe_schema(conn)?;
    let expected = fresh_schema()?;
    if found == expected {
        return Ok(());
    }
    let extra = found.iter().find(|l| !expected.contains(l));
    let missing = expected.iter().find(|l| !found.contains(l));
    let what = match (extra, missing) {
        (Some(e), _) => format!("thêm / extra: {}", shorten(e.trim(), 120)),
        (None, Some(m)) => format!("thiếu / missing: {}", shorten(m.trim(), 120)),
        (None, None) => "thứ tự / order".into(),
    };
    Err(StoreError::ForeignSchema(what))
}

impl super::Store {
    /// [`describe_schema`] of this file: equal for two files with the same schema.
    pub fn schema_description(&self) -> Result<Vec<String>> {
        describe_schema(self.conn())
    }
}
