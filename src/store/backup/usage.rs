//! The room backups take (the settings screen) and the 30-minute editing timer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Reason, folder_of, take, whole_in};
use crate::store::{Result, Store};

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
