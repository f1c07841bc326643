//! The backup at open, taken only when the file changed since its newest backup: a
//! fingerprint of the file's content is recorded beside each backup taken.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Reason, folder_of, take_with, whole_in};
use crate::fs_atomic;
use crate::store::{Result, Store, audit::hex};

/// The backup at open: taken only when the file's content differs from what it was when its
/// newest backup was taken (or that backup is gone), so opening an unchanged file ten times
/// leaves one backup, not ten. Returns the new backup's path, if one was taken.
pub fn take_at_open(store: &Store) -> Result<Option<PathBuf>> {
    let dir = folder_of(store)?;
    let content = content_hash(store.conn())?;
    if let Some((recorded, name)) = read_latest(&dir)
        && recorded == content
        && whole_in(&dir)?
            .iter()
            .any(|b| b.path.file_name().is_some_and(|n| *n == *name))
    {
        return Ok(None);
    }
    take_with(store, Reason::Open, &content, &mut |_, _| {}).map(Some)
}

/// The file in a document's backup folder that records the content hash of the file when
/// its newest backup was taken, and that backup's name: `<hash> <name>`.
const LATEST: &str = "latest-backup.txt";

pub(super) fn record_latest(dir: &Path, content: &str, backup: &Path) -> std::io::Result<()> {
    let name = backup
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs_atomic::write_bytes_atomically(&dir.join(LATEST), format!("{content} {name}\n").as_bytes())
}

fn read_latest(dir: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(dir.join(LATEST)).ok()?;
    let (content, name) = text.trim().split_once(' ')?;
    Some((content.to_owned(), name.to_owned()))
}

/// A fingerprint of the file's content: the schema, the header values the program sets and
/// every row of every table, whatever the pages' layout; equal fingerprints mean nothing was
/// changed in between. Read through the open connection: reading the file with `std::fs`
/// would drop SQLite's lock on it (see [`Store::refuse_self`]).
pub(super) fn content_hash(conn: &rusqlite::Connection) -> Result<String> {
    use rusqlite::types::ValueRef;
    let mut hasher = Sha256::new();
    for pragma in ["PRAGMA user_version", "PRAGMA application_id"] {
        let value: i64 = conn.query_row(pragma, [], |r| r.get(0))?;
        hasher.update(value.to_le_bytes());
    }
    let schema: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, sql) in &schema {
        for part in [kind.as_str(), name.as_str(), sql.as_deref().unwrap_or("")] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    for (_, name, _) in schema.iter().filter(|(kind, _, _)| kind == "table") {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\"", name.replace('"', "\"\"")))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update([0u8]),
                    ValueRef::Integer(v) => {
                        hasher.update([1u8]);
                        hasher.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hasher.update([2u8]);
                        hasher.update(v.to_bits().to_le_bytes());
                    }
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                        hasher.update([3u8]);
                        hasher.update((bytes.len() as u64).to_le_bytes());
                        hasher.update(bytes);
                    }
                }
            }
        }
    }
    Ok(hex(&hasher.finalize()))
}
