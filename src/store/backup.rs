//! Automatic backups in the per-user data folder (`directories`): at open when the file
//! changed since its newest backup ([`take_at_open`]), before an import, a restore or an
//! upgrade, and every 30 minutes of editing ([`Clock`]); thinned (the last 10, then one a
//! day for a month, one a month for a year); listed with date and size; restorable, and a
//! restore first backs up the current file, so it can itself be undone.
//! A backup is written under a temporary name, checked, then renamed ([`fs_atomic`]), so a
//! kill never leaves a half-written backup under a backup's name; one left by an older
//! version is not listed (an officer is never offered a broken backup) nor counted among the
//! ten kept.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{APPLICATION_ID, Result, Store, StoreError, audit::hex, upgrade};
use crate::fs_atomic;

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
    take_with(store, reason, &content_hash(store.conn())?)
}

/// [`take`] of a file whose [`content_hash`] is `content`.
fn take_with(store: &Store, reason: Reason, content: &str) -> Result<PathBuf> {
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
        store.vacuum_into(part)?;
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

/// How many of the newest backups are always kept.
pub const KEEP_LAST: usize = 10;
/// Days during which the newest backup of each day is kept.
pub const KEEP_DAILY_DAYS: i64 = 31;
/// Days during which the newest backup of each month is kept; nothing older is kept.
pub const KEEP_DAYS: i64 = 366;

/// Which backups to keep, for backups taken at `stamps` (newest first): the last 10; then the
/// newest of each day for a month (31 days); then the newest of each month for a year
/// (366 days); nothing older.
pub fn keep_plan(stamps: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let mut days = std::collections::HashSet::new();
    let mut months = std::collections::HashSet::new();
    stamps
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let age = now.signed_duration_since(*at);
            let day = at.date_naive();
            let month = (at.year(), at.month());
            let keep = if i < KEEP_LAST {
                true
            } else if age <= chrono::Duration::days(KEEP_DAILY_DAYS) {
                days.insert(day)
            } else if age <= chrono::Duration::days(KEEP_DAYS) {
                months.insert(month)
            } else {
                false
            };
            // Whatever is kept also stands for its day and month.
            if keep {
                days.insert(day);
                months.insert(month);
            }
            keep
        })
        .collect()
}

/// Deletes the backups the plan does not keep; returns how many were deleted. Only whole
/// backups count in the plan; a damaged one is kept out of the way (not listed) and deleted
/// once older than anything the plan keeps.
pub fn thin(document: &Path) -> Result<usize> {
    thin_folder(&folder_for(document)?)
}

fn thin_folder(dir: &Path) -> Result<usize> {
    let (whole, damaged): (Vec<_>, Vec<_>) =
        on_disk(dir)?.into_iter().partition(|(_, whole)| *whole);
    let now = Utc::now();
    let stamps: Vec<_> = whole.iter().map(|(b, _)| b.taken_at).collect();
    let plan = keep_plan(&stamps, now);
    let mut unwanted: Vec<&Backup> = whole
        .iter()
        .zip(plan)
        .filter(|(_, keep)| !keep)
        .map(|((b, _), _)| b)
        .collect();
    unwanted.extend(
        damaged
            .iter()
            .map(|(b, _)| b)
            .filter(|b| now.signed_duration_since(b.taken_at) > chrono::Duration::days(KEEP_DAYS)),
    );
    let mut deleted = 0;
    for backup in unwanted {
        if std::fs::remove_file(&backup.path).is_ok() {
            deleted += 1;
        }
    }
    Ok(deleted)
}

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
    take_with(store, Reason::Open, &content).map(Some)
}

/// The file in a document's backup folder that records the content hash of the file when
/// its newest backup was taken, and that backup's name: `<hash> <name>`.
const LATEST: &str = "latest-backup.txt";

fn record_latest(dir: &Path, content: &str, backup: &Path) -> std::io::Result<()> {
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
fn content_hash(conn: &rusqlite::Connection) -> Result<String> {
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

/// The backups as the settings screen shows them: where they are and the room they take.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// This file's backup folder.
    pub folder: PathBuf,
    /// This file's backups that can be restored.
    pub count: usize,
    /// The bytes of this file's backups.
    pub bytes: u64,
    /// The bytes of every file's backups (the whole backup folder).
    pub all_bytes: u64,
}

impl Store {
    /// Where this file's backups are and the room they (and every file's) take.
    pub fn backup_usage(&self) -> Result<Usage> {
        let folder = folder_of(self)?;
        let backups = whole_in(&folder)?;
        let all_bytes = folder.parent().map_or(0, folder_bytes);
        Ok(Usage {
            count: backups.len(),
            bytes: backups.iter().map(|b| b.size).sum(),
            all_bytes,
            folder,
        })
    }
}

/// The bytes of the files in `root` and in its sub-folders (one level: one per document).
fn folder_bytes(root: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(root) else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| e.metadata().ok().map(|m| (e.path(), m)))
        .map(|(path, meta)| {
            if meta.is_dir() {
                std::fs::read_dir(path).map_or(0, |inner| {
                    inner
                        .flatten()
                        .filter_map(|e| e.metadata().ok())
                        .filter(|m| m.is_file())
                        .map(|m| m.len())
                        .sum()
                })
            } else {
                meta.len()
            }
        })
        .sum()
}

/// The 30-minute editing timer: the GUI calls [`Clock::edited`] after every edit and
/// [`Clock::tick`] from a timer (e.g. every minute); a backup is taken when the file was
/// edited and the last backup is 30 minutes old.
#[derive(Debug, Clone)]
pub struct Clock {
    last_backup: Instant,
    dirty: bool,
    every: Duration,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new(Duration::from_secs(30 * 60))
    }
}

impl Clock {
    pub fn new(every: Duration) -> Clock {
        Clock {
            last_backup: Instant::now(),
            dirty: false,
            every,
        }
    }

    /// Records that the file was edited.
    pub fn edited(&mut self) {
        self.dirty = true;
    }

    /// Whether a timer backup is due now.
    pub fn due(&self) -> bool {
        self.dirty && self.last_backup.elapsed() >= self.every
    }

    /// Takes a timer backup if one is due; returns its path.
    pub fn tick(&mut self, store: &Store) -> Result<Option<PathBuf>> {
        if !self.due() {
            return Ok(None);
        }
        let path = take(store, Reason::Timer)?;
        self.last_backup = Instant::now();
        self.dirty = false;
        Ok(Some(path))
    }
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

    /// Replaces the open file's content with a backup's. The backup is checked first (ours,
    /// not newer, not damaged); the current content is backed up before (reason "restore"), so
    /// the restore itself can be undone by restoring that backup, whose path is returned.
    pub fn restore_from(&mut self, backup: &Path) -> Result<PathBuf> {
        if super::same_file(backup, self.path()) {
            return Err(StoreError::Invalid(
                "Không thể khôi phục một tệp từ chính nó / a file cannot be restored from itself"
                    .into(),
            ));
        }
        // Checked as any file from outside (identity, version, integrity, a schema exactly
        // ours with no trigger or view, audit chain, evidence hashes) on a private copy, and
        // the content restored is that checked copy's, upgraded there if it was older.
        let checked = super::import::open_foreign(backup)?;
        let undo = take(self, Reason::Restore)?;
        self.conn.restore(
            rusqlite::MAIN_DB,
            &checked.copy,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        let version = super::upgrade::user_version(&self.conn)?;
        if version < super::upgrade::CURRENT_VERSION {
            self.write(|tx| super::upgrade::upgrade(tx, version))?;
        }
        Ok(undo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_last_ten_then_days_for_a_month_then_months_for_a_year() {
        // Fixed at midday, so the first 20 fall on one day.
        let now = NaiveDateTime::parse_from_str("20260615-120000.000", STAMP)
            .unwrap_or_else(|e| panic!("{e}"))
            .and_utc();
        // 20 backups a minute apart, then one every 6 hours for 500 days.
        let mut stamps: Vec<DateTime<Utc>> = (0..20)
            .map(|i| now - chrono::Duration::minutes(i))
            .collect();
        for i in 1..(500 * 4) {
            stamps.push(now - chrono::Duration::hours(6 * i));
        }
        let plan = keep_plan(&stamps, now);
        assert!(plan[..10].iter().all(|k| *k));
        assert!(
            !plan[10..20].iter().any(|k| *k),
            "one a day beyond the last 10"
        );
        let kept: Vec<DateTime<Utc>> = stamps
            .iter()
            .zip(&plan)
            .filter(|(_, k)| **k)
            .map(|(at, _)| *at)
            .collect();
        let age = |at: &DateTime<Utc>| now.signed_duration_since(*at).num_days();
        assert!(
            kept.iter().all(|at| age(at) <= KEEP_DAYS),
            "nothing older than a year"
        );
        // One a day in the month after the last 10 (their own day stands for itself).
        let month: Vec<_> = kept[10..]
            .iter()
            .filter(|at| age(at) < KEEP_DAILY_DAYS)
            .map(|at| at.date_naive())
            .collect();
        let mut unique = month.clone();
        unique.dedup();
        assert_eq!(unique, month);
        assert!((29..=31).contains(&month.len()), "{} days", month.len());
        // One a month for the rest of the year.
        let older: Vec<_> = kept
            .iter()
            .filter(|at| age(at) > KEEP_DAILY_DAYS)
            .map(|at| (at.year(), at.month()))
            .collect();
        let mut unique = older.clone();
        unique.dedup();
        assert_eq!(unique, older);
        assert!((10..=12).contains(&older.len()), "{} months", older.len());
    }

    #[test]
    fn names_round_trip() {
        let at = Utc::now();
        let (parsed, reason) = parse_name(&name(at, Reason::Import)).unwrap_or_else(|| panic!());
        assert_eq!(reason, Reason::Import);
        assert_eq!(parsed.timestamp_millis(), at.timestamp_millis());
    }
}
