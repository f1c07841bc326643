//! Everything SQL lives here: the document file (`*.cchc`), its schema and upgrades, one
//! module per aggregate, the audit log and backups.

mod error;

pub mod assessments;
pub mod audit;
pub mod backup;
pub mod check;
pub mod documents;
pub mod evidence;
pub mod export;
pub mod import;
pub mod index_sets;
pub mod progress;
pub mod reissue;
pub mod reports;
pub mod rescue;
pub mod results;
pub mod scores;
pub mod seed;
pub mod set_edit;
pub mod sheet;
pub mod signing;
pub mod submissions;
pub mod summary;
pub mod units;
pub mod upgrade;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction};

pub use error::{Result, StoreError, points_message};

/// `PRAGMA application_id` of a parindex file: "CCHC" in ASCII.
pub const APPLICATION_ID: i32 = 0x4343_4843;

/// An open document file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who is editing: written into every audit entry.
    actor: String,
    /// Whether `actor` is a person's name given by the officer (settings, `--by`,
    /// `PARINDEX_USER`) rather than the placeholder.
    actor_named: bool,
    /// Where backups go when the caller says so (the window's data folder); else
    /// [`backup::folder`].
    backup_root: Option<PathBuf>,
}

/// How a file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Editing: exclusive lock for the whole session, upgrades allowed.
    ReadWrite,
    /// Reading only (check, rank, explain): nothing is written, not even an upgrade.
    ReadOnly,
}

impl Store {
    /// Creates a new, empty document file. Refuses to replace an existing file.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_owned()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn, Access::ReadWrite)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            actor: default_actor(),
            actor_named: actor_from_env().is_some(),
            backup_root: None,
        };
        store.write(upgrade::create_schema)?;
        signing::ensure_key(&store.conn)?;
        Ok(store)
    }

    /// Opens an existing document file, checking that it is ours, not from a newer version
    /// and not damaged. An older file opened for writing is upgraded after a backup.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_owned()));
        }
        if access == Access::ReadOnly && has_hot_journal(path) {
            roll_back_hot_journal(path)?;
        }
        let flags = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        configure(&conn, access).map_err(|e| classify_open_error(e, path))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            actor: default_actor(),
            actor_named: actor_from_env().is_some(),
            backup_root: None,
        };
        store.verify_identity()?;
        if access == Access::ReadWrite {
            // Take the exclusive lock now, so a second window gets a clear message at open
            // rather than at its first edit.
            store
                .conn
                .execute_batch("BEGIN IMMEDIATE; COMMIT;")
                .map_err(|e| classify_open_error(e, path))?;
            let version = upgrade::user_version(&store.conn)?;
            if version < upgrade::CURRENT_VERSION {
                backup::take(&store, backup::Reason::Upgrade)?;
                store.write(|tx| upgrade::upgrade(tx, version))?;
            }
        }
        // A file changed by another program (a trigger that deletes scores at the next edit,
        // a view, an extra column) is not opened: the same check as a received file's.
        if upgrade::user_version(&store.conn)? == upgrade::CURRENT_VERSION {
            upgrade::check_schema(&store.conn)?;
        }
        if access == Access::ReadWrite {
            // The file's signing key exists from its first edit on, so that exports made
            // from a read-only open are signed too.
            signing::ensure_key(&store.conn)?;
        }
        Ok(store)
    }

    fn verify_identity(&self) -> Result<()> {
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify_open_error(e, &self.path))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotOurs(self.path.clone()));
        }
        let version = upgrade::user_version(&self.conn)?;
        if version > upgrade::CURRENT_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                known: upgrade::CURRENT_VERSION,
            });
        }
        if version < 1 {
            return Err(StoreError::NotOurs(self.path.clone()));
        }
        let quick: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| classify_open_error(e, &self.path))?;
        if quick != "ok" {
            return Err(StoreError::Damaged(quick));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Sets who is editing (the name in the settings or `--by`).
    pub fn set_actor(&mut self, actor: &str) {
        let actor = crate::domain::text::nfc(actor);
        if !actor.is_empty() {
            self.actor = actor;
            self.actor_named = true;
        }
    }

    /// The author a package sent from here carries: the officer's name, or empty when no
    /// name was ever given (a placeholder would read as someone else's name at the receiver).
    pub fn author(&self) -> &str {
        if self.actor_named { &self.actor } else { "" }
    }

    /// Runs `work` in one transaction: committed when it returns Ok, rolled back otherwise,
    /// so an edit and its audit entry are written together or not at all.
    pub(in crate::store) fn write<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// A consistent, compact copy of the file at `target` (`VACUUM INTO`). Works on a file
    /// opened read-only too: `query_only` is lifted for this one statement, which writes
    /// only the new file.
    pub(crate) fn vacuum_into(&self, target: &Path) -> Result<()> {
        let text = target
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not UTF-8", target.display())))?;
        let query_only: bool = self.conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
        if query_only {
            self.conn.execute_batch("PRAGMA query_only = OFF;")?;
        }
        let done = self.conn.execute("VACUUM INTO ?1", [text]);
        if query_only {
            self.conn.execute_batch("PRAGMA query_only = ON;")?;
        }
        done?;
        Ok(())
    }

    /// Refuses a path that names this open file (picked as a received file or as evidence):
    /// opening it with `std::fs` in this process would drop SQLite's lock on it (a POSIX
    /// lock is released when the process closes any handle to the file), letting another
    /// program write while the window believes it holds the file.
    pub fn refuse_self(&self, path: &Path) -> Result<()> {
        if same_file(path, &self.path) {
            return Err(StoreError::OpenFileItself);
        }
        Ok(())
    }

    /// Read access for the query modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The first bytes of a rollback journal that still holds the old content of an unfinished
/// transaction; a journal kept after a finished one has them zeroed.
const JOURNAL_MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

/// `<file>-journal`, where SQLite keeps the rollback journal.
fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// Whether a crash (or a kill) left the file half-changed, its old content in a journal that
/// must be played back before the file can be read.
fn has_hot_journal(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(journal_of(path))
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == JOURNAL_MAGIC
}

/// Rolls back the transaction a crash interrupted, as any read-write open would: a read-only
/// connection cannot, and would fail with "attempt to write a readonly database" until some
/// command edits the file. The file is opened read-write for one read and closed again.
fn roll_back_hot_journal(path: &Path) -> Result<()> {
    let rolled_back = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        conn.busy_timeout(Duration::from_millis(250))?;
        // The first read of the file plays the journal back.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        conn.close().map_err(|(_, e)| e)
    });
    match rolled_back {
        Ok(()) if !has_hot_journal(path) => Ok(()),
        Ok(()) => Err(hot_journal_stuck(path, "")),
        Err(e) => match classify_open_error(e, path) {
            StoreError::Busy => Err(StoreError::Busy),
            other => Err(hot_journal_stuck(path, &other.to_string())),
        },
    }
}

/// What to do when the interrupted edit cannot be undone here (a folder without the right
/// to write, a read-only medium).
fn hot_journal_stuck(path: &Path, detail: &str) -> StoreError {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.display().to_string(),
        _ => ".".to_owned(),
    };
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    StoreError::Invalid(format!(
        "Lần sửa cuối của tệp {name} bị ngắt giữa chừng (còn tệp {name}-journal) và không hoàn tác được vì không ghi được vào thư mục {folder}{detail}: hãy chép cả hai tệp sang một thư mục ghi được rồi mở bản chép, hoặc mở tệp bằng tài khoản có quyền ghi / The last edit of {name} was interrupted (a crash left {name}-journal) and cannot be undone because {folder} cannot be written to{detail}: copy both files together to a writable folder and open the copy, or open the file with an account that may write there"
    ))
}

fn actor_from_env() -> Option<String> {
    std::env::var("PARINDEX_USER")
        .ok()
        .map(|s| crate::domain::text::nfc(&s))
        .filter(|s| !s.is_empty())
}

fn default_actor() -> String {
    actor_from_env().unwrap_or_else(|| "Cán bộ Nội vụ".to_owned())
}

/// The pragmas of DESIGN.md: a rollback journal so the file on disk is whole between edits,
/// full sync, an exclusive lock while editing, no trust in the schema's functions, defensive.
fn configure(conn: &Connection, access: Access) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_millis(250))?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;")?;
    // 32 MiB of page cache (SQLite's default is 2 MiB): a province's scores fit, so the
    // rankings and documents made one after another do not read them from disk again.
    conn.execute_batch("PRAGMA cache_size = -32768;")?;
    if access == Access::ReadWrite {
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA locking_mode = EXCLUSIVE;",
        )?;
    } else {
        conn.execute_batch("PRAGMA query_only = ON;")?;
    }
    Ok(())
}

/// Turns SQLite's errors at open into the officer's words.
fn classify_open_error(error: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        Some(ErrorCode::NotADatabase) => StoreError::NotOurs(path.to_owned()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(error.to_string()),
        _ => StoreError::Sqlite(error),
    }
}

/// Refuses a text longer than its limit ([`crate::domain::limits`]): a name, code or note typed
/// in or read from a file. `what` is (Vietnamese, English).
pub(crate) fn text_within(what: (&str, &str), text: &str, limit: usize) -> Result<()> {
    if crate::domain::text::within(text, limit) {
        return Ok(());
    }
    Err(StoreError::Invalid(format!(
        "{} dài quá {limit} ký tự / {} is longer than {limit} characters",
        what.0, what.1
    )))
}

/// Whether two paths name the same file (also through `..` or a link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The current instant as stored: ISO 8601 in UTC, to the second.
pub(crate) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Store {
    /// A fact about the file (owner office, level scored, …).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        let value = crate::domain::text::nfc(value);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![key, value],
            )?;
            Ok(())
        })
    }
}
