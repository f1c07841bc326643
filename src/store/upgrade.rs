//! Schema creation and the numbered upgrade steps. A shipped step never changes.

use rusqlite::{Connection, Transaction};

use super::{APPLICATION_ID, Result};

/// The schema of a new file (`schema.sql`, version 2).
const SCHEMA: &str = include_str!("../../schema.sql");

/// The version `schema.sql` creates.
pub const CURRENT_VERSION: i64 = 2;

/// Step N brings a file from version N to N + 1.
const STEPS: &[(i64, &str)] = &[(
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
)];

pub fn user_version(conn: &Connection) -> Result<i64> {
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
pub fn describe_schema(conn: &Connection) -> Result<Vec<String>> {
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
