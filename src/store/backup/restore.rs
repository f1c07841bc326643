//! Restoring a backup into the open file, the current content backed up first.

use std::path::{Path, PathBuf};

use super::{Reason, take};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Replaces the open file's content with a backup's. The backup is checked first (ours,
    /// not newer, not damaged); the current content is backed up before (reason "restore"), so
    /// the restore itself can be undone by restoring that backup, whose path is returned.
    pub fn restore_from(&mut self, backup: &Path) -> Result<PathBuf> {
        if crate::store::same_file(backup, self.path()) {
            return Err(StoreError::Invalid(
                "Không thể khôi phục một tệp từ chính nó / a file cannot be restored from itself"
                    .into(),
            ));
        }
        // Checked as any file from outside (identity, version, integrity, a schema exactly
        // ours with no trigger or view, audit chain, evidence hashes) on a private copy, and
        // the content restored is that checked copy's, upgraded there if it was older.
        let checked = crate::store::import::open_foreign(backup)?;
        let undo = take(self, Reason::Restore)?;
        self.conn.restore(
            rusqlite::MAIN_DB,
            &checked.copy,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        let version = crate::store::upgrade::user_version(&self.conn)?;
        if version < crate::store::upgrade::CURRENT_VERSION {
            self.write(|tx| crate::store::upgrade::upgrade(tx, version))?;
        }
        Ok(undo)
    }
}

