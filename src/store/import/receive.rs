//! The received file: a private copy opened as hostile input, checked, then read.

use std::path::{Path, PathBuf};

use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use crate::domain::limits;
use crate::store::audit;
use crate::store::evidence;
use crate::store::export::{PackageInfo, ScopeKind};
use crate::store::signing::{self, SenderKey};
use crate::store::{APPLICATION_ID, Result, StoreError, upgrade};

use super::bad;
use super::snapshot::Snapshot;

/// A private folder removed when dropped.
#[derive(Debug)]
struct PrivateDir(PathBuf);

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A received file, checked and read: the private copy stays open (read-only) until the plan
/// is applied, so the evidence bytes are read from the checked copy, not the original.
#[derive(Debug)]
pub struct Received {
    pub(super) conn: Connection,
    /// The file as the user picked it.
    pub source: PathBuf,
    /// What the package says it is.
    pub package: PackageInfo,
    /// The key the package was signed with, its signature checked.
    pub signer: SenderKey,
    /// The version the file had when it was older and upgraded on the private copy.
    pub upgraded_from: Option<i64>,
    pub snapshot: Snapshot,
    _dir: PrivateDir,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn hostile_error(error: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_owned()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(
            "tệp bị cắt cụt hoặc hỏng / the file is truncated or corrupt".into(),
        ),
        _ => StoreError::Damaged(error.to_string()),
    }
}

/// The limits of a connection to a received file: no attached databases, short SQL, shallow
/// expressions and triggers, blobs up to 512 MB.
fn lower_limits(conn: &Connection) -> rusqlite::Result<()> {
    for (limit, value) in [
        (Limit::SQLITE_LIMIT_ATTACHED, 0),
        (Limit::SQLITE_LIMIT_LENGTH, 512 * 1024 * 1024),
        (Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000),
        (Limit::SQLITE_LIMIT_COLUMN, 100),
        (Limit::SQLITE_LIMIT_EXPR_DEPTH, 100),
        (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 10),
        (Limit::SQLITE_LIMIT_VDBE_OP, 1_000_000),
        (Limit::SQLITE_LIMIT_FUNCTION_ARG, 8),
        (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100),
        (Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100),
        (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 1),
    ] {
        conn.set_limit(limit, value)?;
    }
    Ok(())
}

/// The prefix of the private folders of received files in the temporary folder.
const PRIVATE_PREFIX: &str = "parindex-import-";

/// Removes private folders a killed import or restore left behind (a whole or partial copy of
/// someone's package): those older than a running import could be.
fn sweep_private_dirs(temp: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(|n| n.strip_prefix(PRIVATE_PREFIX)) else {
            continue;
        };
        let ours = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > crate::fs_atomic::STALE_PART_AGE);
        if ours && stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn private_dir() -> Result<PrivateDir> {
    let temp = std::env::temp_dir();
    sweep_private_dirs(&temp);
    let dir = temp.join(format!("{PRIVATE_PREFIX}{}", Uuid::new_v4().simple()));
    std::fs::create_dir(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(PrivateDir(dir))
}

/// A file from outside (a received package, a backup to restore), checked: a private copy
/// opened with defensive settings and lowered limits, its integrity, identity, version,
/// schema (equal to ours: no trigger, view or extra object), audit chain, evidence hashes and
/// signature checked, upgraded on the copy if older. Import and restore both start here.
pub(crate) struct Foreign {
    pub(crate) conn: Connection,
    /// The checked private copy (read it, never the original, which may change meanwhile).
    pub(crate) copy: PathBuf,
    pub(crate) upgraded_from: Option<i64>,
    pub(crate) signer: Option<SenderKey>,
    _dir: PrivateDir,
}

/// Opens a file from outside as hostile input; nothing is written anywhere but a private
/// temporary copy.
pub(crate) fn open_foreign(path: &Path) -> Result<Foreign> {
    // Before anything opens it: a pipe or a device would block or never end, a folder is
    // not a file, and a file too large is not copied.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::Invalid(format!(
                "{} là thư mục, không phải tệp .cchc / is a folder, not a .cchc file",
                path.display()
            )));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::Invalid(format!(
                "{} không phải tệp thông thường (ống dẫn hoặc thiết bị) / is not a regular file (a pipe or a device)",
                path.display()
            )));
        }
        Ok(meta) if meta.len() > limits::RECEIVED_FILE_BYTES => {
            return Err(StoreError::Invalid(format!(
                "Tệp {} lớn hơn {} MB nên không được đọc / the file is larger than {} MB, so it is not read",
                path.display(),
                limits::RECEIVED_FILE_BYTES >> 20,
                limits::RECEIVED_FILE_BYTES >> 20
            )));
        }
        _ => {}
    }
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_owned()),
            _ => StoreError::Io(e),
        })?;
        let read = file.read(&mut header)?;
        if read < 16 || &header != SQLITE_HEADER {
            return Err(StoreError::NotSqlite(path.to_owned()));
        }
    }
    let dir = private_dir()?;
    let copy = dir.0.join("received.cchc");
    std::fs::copy(path, &copy)?;
    let conn = Connection::open_with_flags(
        &copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| hostile_error(e, path))?;
    let configured = (|| -> rusqlite::Result<()> {
        use rusqlite::config::DbConfig;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
        lower_limits(&conn)?;
        conn.execute_batch(
            "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;
             PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE;",
        )?;
        Ok(())
    })();
    configured.map_err(|e| hostile_error(e, path))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| hostile_error(e, path))?;
    if check != "ok" {
        return Err(StoreError::Damaged(check));
    }
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| hostile_error(e, path))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotOurs(path.to_owned()));
    }
    let version = upgrade::user_version(&conn)?;
    if version > upgrade::CURRENT_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            known: upgrade::CURRENT_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::NotOurs(path.to_owned()));
    }
    // The signature covers the file as it was sent, so it is checked before the private copy
    // is upgraded; a mismatch is reported after the more specific checks below (a changed
    // schema, a broken log, a damaged evidence file say more than "signature").
    let signed = signing::verify(&conn);
    let mut conn = conn;
    let upgraded_from = if version < upgrade::CURRENT_VERSION {
        let tx = conn.transaction()?;
        upgrade::upgrade(&tx, version)?;
        tx.commit()?;
        Some(version)
    } else {
        None
    };
    upgrade::check_schema(&conn)?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    let broken = audit::verify(&conn)?;
    if !broken.is_empty() {
        return Err(StoreError::BrokenLog(broken));
    }
    let mismatched = evidence::mismatched_blobs(&conn)?;
    if !mismatched.is_empty() {
        return Err(StoreError::EvidenceMismatch(mismatched));
    }
    let signer = signed?;
    Ok(Foreign {
        conn,
        copy,
        upgraded_from,
        signer,
        _dir: dir,
    })
}

/// Opens a received file as hostile input and reads it; nothing is written anywhere but a
/// private temporary copy.
pub fn receive(path: &Path) -> Result<Received> {
    let Foreign {
        conn,
        upgraded_from,
        signer,
        _dir: dir,
        ..
    } = open_foreign(path)?;
    // Only an export is imported: it says what it is and who signed it. A plain file (a
    // working file or a backup sent as it is) could otherwise pass for anyone's.
    let Some(package) = PackageInfo::read(&conn)? else {
        return Err(StoreError::NotAPackage);
    };
    let Some(signer) = signer else {
        return Err(StoreError::Unsigned);
    };
    let snapshot = Snapshot::read(&conn)?;
    for entry in &package.manifest {
        let present = snapshot
            .docs
            .values()
            .any(|d| d.sha256.as_deref() == Some(entry.sha256.as_str()) && d.included);
        if entry.included && !present {
            return Err(StoreError::EvidenceMismatch(vec![entry.sha256.clone()]));
        }
    }
    if package.kind == ScopeKind::Unit
        && package
            .sender_unit
            .is_none_or(|u| !snapshot.units.contains_key(&u))
    {
        return Err(bad("meta", "đơn vị gửi không có trong tệp"));
    }
    Ok(Received {
        conn,
        source: path.to_owned(),
        package,
        signer,
        upgraded_from,
        snapshot,
        _dir: dir,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_private_folders_are_swept_fresh_and_foreign_ones_kept() {
        let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let old = temp
            .path()
            .join(format!("{PRIVATE_PREFIX}{}", "a".repeat(32)));
        let fresh = temp
            .path()
            .join(format!("{PRIVATE_PREFIX}{}", "b".repeat(32)));
        let foreign = temp.path().join(format!("{PRIVATE_PREFIX}notes"));
        for dir in [&old, &fresh, &foreign] {
            std::fs::create_dir(dir).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(old.join("received.cchc"), b"SQLite format 3\0")
            .unwrap_or_else(|e| panic!("{e}"));
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for dir in [&old, &foreign] {
            std::fs::File::open(dir)
                .and_then(|f| f.set_modified(hour_ago))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        sweep_private_dirs(temp.path());
        assert!(!old.exists(), "a stale private copy is removed");
        assert!(fresh.exists(), "a running import's folder stays");
        assert!(foreign.exists(), "a folder not named by us stays");
    }
}
