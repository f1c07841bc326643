//! A document that no longer opens because it is damaged (a disk error, a copy cut short):
//! the newest of its backups that passes every check a restore makes, and its restore into a
//! new file beside it. The damaged file is never replaced: whoever tries to save more from it
//! still has it.

use std::path::{Path, PathBuf};

use super::backup::{self, Backup};
use super::import::open_foreign;
use super::{Result, StoreError};

/// Backups tried, newest first, before giving up (each is copied and checked in full).
const TRIED: usize = 10;

/// Whether an error opening a document says the file itself is damaged or unreadable as
/// ours, so that a backup is worth offering. Not for a file that is busy, missing, or from a
/// newer version: those are not damage.
pub fn is_damage(error: &StoreError) -> bool {
    !matches!(
        error,
        StoreError::Busy
            | StoreError::NotFound(_)
            | StoreError::TooNew { .. }
            | StoreError::AlreadyExists(_)
            | StoreError::Io(_)
    )
}

/// The newest backup of `document` (under the backups' `root`, the window's data folder; the
/// default folder when `None`) that passes a restore's checks on a private copy: integrity
/// check, application id and version, a schema exactly ours, the audit chain and the
/// evidence hashes.
pub fn latest_good_backup(root: Option<&Path>, document: &Path) -> Option<Backup> {
    let backups = match root {
        Some(root) => backup::list_in(&backup::folder_in(root, document)),
        None => backup::list(document),
    }
    .ok()?;
    backups
        .into_iter()
        .take(TRIED)
        .find(|b| open_foreign(&b.path).is_ok())
}

/// A free name beside `document` for its restored copy: `NAME-khoi-phuc.cchc`, then
/// `NAME-khoi-phuc-2.cchc`, ….
pub fn restored_path(document: &Path) -> PathBuf {
    let stem = document
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chi-so-cchc".into());
    let folder = document.parent().unwrap_or(Path::new("."));
    (1..)
        .map(|n| match n {
            1 => folder.join(format!("{stem}-khoi-phuc.cchc")),
            n => folder.join(format!("{stem}-khoi-phuc-{n}.cchc")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join(format!("{stem}-khoi-phuc.cchc")))
}

/// Restores `backup` into the new file `to`, never over an existing one: the backup is
/// checked as a restore checks it, and the checked private copy (upgraded there if older) is
/// written whole under `to` (a part, synced and renamed).
pub fn restore_as_new(backup: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(StoreError::AlreadyExists(to.to_owned()));
    }
    let checked = open_foreign(backup)?;
    crate::fs_atomic::write_atomically(to, |part| std::fs::copy(&checked.copy, part).map(drop))?;
    Ok(())
}
