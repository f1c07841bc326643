//! Automatic backups in the per-user data folder (`directories`): at open when the file
//! changed since its newest backup ([`take_at_open`]), before an import, a restore or an
//! upgrade, and every 30 minutes of editing ([`Clock`]); thinned (the last 10, then one a
//! day for a month, one a month for a year); listed with date and size; restorable, and a
//! restore first backs up the current file, so it can itself be undone.
//! A backup is written under a temporary name, checked, then renamed ([`fs_atomic`]), so a
//! kill never leaves a half-written backup under a backup's name; one left by an older
//! version is not listed (an officer is never offered a broken backup) nor counted among the
//! ten kept.

mod at_open;
mod pages;
mod restore;
mod thin;
mod usage;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{APPLICATION_ID, Result, Store, StoreError, audit::hex, upgrade};
use crate::fs_atomic;

pub use at_open::take_at_open;
use at_open::{content_hash, record_latest};
pub use pages::PAGES_PER_STEP;
use thin::thin_folder;
pub use thin::{KEEP_DAILY_DAYS, KEEP_DAYS, KEEP_LAST, keep_plan, thin};
pub use usage::{Clock, Usage};

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    Open,
    Upgrade,
    Import,
    Restore,
    Timer,
    Manual,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Open => "open",
            Reason::Upgrade => "upgrade",
            Reason::Import => "import",
            Reason::Restore => "restore",
            Reason::Timer => "timer",
            Reason::Manual => "manual",
        }
    }

    fn parse(text: &str) -> Option<Reason> {
        [
            Reason::Open,
            Reason::Upgrade,
            Reason::Import,
            Reason::Restore,
            Reason::Timer,
            Reason::Manual,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    /// The reason in the officer's words.
    pub fn label(self, lang: crate::domain::Lang) -> &'static str {
        match self {
            Reason::Open => lang.pick("khi mở tệp", "at open"),
            Reason::Upgrade => lang.pick("trước khi nâng cấp", "before an upgrade"),
            Reason::Import => lang.pick("trước khi nhập", "before an import"),
            Reason::Restore => lang.pick("trước khi khôi phục", "before a restore"),
            Reason::Timer => lang.pick("định kỳ 30 phút", "every 30 minutes"),
            Reason::Manual => lang.pick("sao lưu thủ công", "manual"),
        }
    }
}

/// The folder of backups: `$PARINDEX_DATA_DIR/backups` when set (tests, portable use),
/// else the per-user data folder.
pub fn folder() -> Result<PathBuf> {
    let base = match std::env::var_os("PARINDEX_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("vn", "parindex", "parindex")
            .map(|d| d.data_dir().to_owned())
            .ok_or_else(|| StoreError::Invalid("no per-user data folder".into()))?,
    };
    Ok(base.join("backups"))
}

/// The backups of one document live in their own sub-folder, named by the file's stem and a
/// short hash of its full path, so two documents called `demo.cchc` never share backups.
pub fn folder_for(document: &Path) -> Result<PathBuf> {
    Ok(folder_in(&folder()?, document))
}

/// The backup folder of `document` under a given root (see [`Store::set_backup_root`]).
pub fn folder_in(root: &Path, document: &Path) -> PathBuf {
    root.join(sub_folder(document))
}

/// The sub-folder of `document`'s backups: its stem and a short hash of its full path.
fn sub_folder(document: &Path) -> String {
    let absolute = std::path::absolute(document).unwrap_or_else(|_| document.to_owned());
    let digest = hex(&Sha256::digest(absolute.to_string_lossy().as_bytes()));
    let stem: String = document
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "parindex".into())
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}-{}", &digest[..10])
}

/// The backup folder of the open file: under the root the caller set, else [`folder_for`].
fn folder_of(store: &Store) -> Result<PathBuf> {
    match &store.backup_root {
        Some(root) => Ok(folder_in(root, store.path())),
        None => folder_for(store.path()),
    }
}

/// One backup on disk.
#[derive(Debug, Clone, Serialize)]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken (UTC).
    pub taken_at: DateTime<Utc>,
    pub reason: Reason,
    pub size: u64,
}

const STAMP: &str = "%Y%m%d-%H%M%S%.3f";

/// Copies the open file, consistently, into its backup folder, checks the copy, thins the
/// folder, and returns the copy's path.
pub fn take(store: &Store, reason: Reason) -> Result<PathBuf> {
    take_reporting(store, reason, &mut |_, _| {})
}

/// [`take`], calling `progress(done, total)` in pages as the copy goes (for a progress bar);
/// the last call has `done == total`.
pub fn take_reporting(
    store: &Store,
    reason: Reason,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PathBuf> {
    take_with(store, reason, &content_hash(store.conn())?, progress)
}

/// [`take`] of a file whose [`content_hash`] is `content`. The copy is SQLite's page by page
/// backup (not `VACUUM INTO`), so it can report its progress; free pages are copied too.
fn take_with(
    store: &Store,
    reason: Reason,
    content: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PathBuf> {
    let dir = folder_of(store)?;
    std::fs::create_dir_all(&dir)?;
    fs_atomic::sweep_parts(&dir, fs_atomic::STALE_PART_AGE);
    let mut stamp = Utc::now();
    let mut target = dir.join(name(stamp, reason));
    // Two backups in the same millisecond: step on.
    while target.exists() {
        stamp += chrono::Duration::milliseconds(1);
        target = dir.join(name(stamp, reason));
    }
    fs_atomic::write_atomically(&target, |part| {
        pages::copy_into(store.conn(), part, progress)?;
        check_written(part)
    })?;
    // Without the record the next open takes one backup too many, nothing worse.
    let _ = record_latest(&dir, content, &target);
    thin_folder(&dir)?;
    Ok(target)
}

/// Opens a backup just written and checks it as a file to restore would be: whole
/// (`quick_check`), ours, of a version this program knows.
fn check_written(path: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let quick: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version = upgrade::user_version(&conn)?;
    let problem = if quick != "ok" {
        quick
    } else if app_id != APPLICATION_ID {
        "application_id".to_owned()
    } else if !(1..=upgrade::CURRENT_VERSION).contains(&version) {
        format!("user_version {version}")
    } else {
        return Ok(());
    };
    Err(StoreError::Invalid(format!(
        "Bản sao lưu vừa ghi không qua được kiểm tra ({problem}); không giữ bản này / The backup just written failed its check ({problem}); it was not kept"
    )))
}

fn name(stamp: DateTime<Utc>, reason: Reason) -> String {
    format!("{}-{}.cchc", stamp.format(STAMP), reason.as_str())
}

fn parse_name(file_name: &str) -> Option<(DateTime<Utc>, Reason)> {
    let stem = file_name.strip_suffix(".cchc")?;
    let (stamp, reason) = stem.rsplit_once('-')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((at.and_utc(), Reason::parse(reason)?))
}

/// The backups of a document that can be restored, newest first. Parts of backups being
/// written are not listed (old ones are swept), nor are damaged backups ([`is_whole`]).
pub fn list(document: &Path) -> Result<Vec<Backup>> {
    whole_in(&folder_for(document)?)
}

/// The backups in a document's backup folder `dir` that can be restored, newest first.
pub fn list_in(dir: &Path) -> Result<Vec<Backup>> {
    whole_in(dir)
}

fn whole_in(dir: &Path) -> Result<Vec<Backup>> {
    Ok(on_disk(dir)?
        .into_iter()
        .filter_map(|(backup, whole)| whole.then_some(backup))
        .collect())
}

/// Every file of the document's backup folder named as a backup, newest first, with whether
/// it is whole.
fn on_disk(dir: &Path) -> Result<Vec<(Backup, bool)>> {
    fs_atomic::sweep_parts(dir, fs_atomic::STALE_PART_AGE);
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let Some((taken_at, reason)) = entry.file_name().to_str().and_then(parse_name) else {
            continue;
        };
        let size = entry.metadata()?.len();
        let path = entry.path();
        let whole = is_whole(&path, size);
        out.push((
            Backup {
                path,
                taken_at,
                reason,
                size,
            },
            whole,
        ));
    }
    out.sort_by_key(|(b, _)| std::cmp::Reverse(b.taken_at));
    Ok(out)
}

/// A cheap check of a backup file from its first 100 bytes (the SQLite header), not a full
/// read: an SQLite file of ours whose size is exactly the page count the header records
/// times the page size. A backup cut short by a crash (older versions wrote it in place)
/// fails it, even when cut at a page boundary.
fn is_whole(path: &Path, size: u64) -> bool {
    use std::io::Read;
    let mut header = [0u8; 100];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header[..16] != b"SQLite format 3\0" {
        return false;
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count is valid only when written with the change counter it matches.
    let count_valid = be32(24) == be32(92);
    let pages = u64::from(be32(28));
    page_size.is_power_of_two()
        && (512..=65_536).contains(&page_size)
        && count_valid
        && pages > 0
        && size == pages * page_size
        && header[68..72] == APPLICATION_ID.to_be_bytes()
}

impl Store {
    /// Backups of this file go under `root` (in a sub-folder of their own) instead of the
    /// folder [`folder`] finds from the environment: the window passes its data folder.
    pub fn set_backup_root(&mut self, root: PathBuf) {
        self.backup_root = Some(root);
    }

    /// The backups of this file that can be restored, newest first (see [`list`]).
    pub fn backups(&self) -> Result<Vec<Backup>> {
        whole_in(&folder_of(self)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let at = Utc::now();
        let (parsed, reason) = parse_name(&name(at, Reason::Import)).unwrap_or_else(|| panic!());
        assert_eq!(reason, Reason::Import);
        assert_eq!(parsed.timestamp_millis(), at.timestamp_millis());
    }
}
