//! Restoring a backup into the open file, the current content backed up first.

use std::path::{Path, PathBuf};

use super::{Reason, pages, take_reporting};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Replaces the open file's content with a backup's. The backup is checked first (ours,
    /// not newer, not damaged); the current content is backed up before (reason "restore"), so
    /// the restore itself can be undone by restoring that backup, whose path is returned.
    pub fn restore_from(&mut self, backup: &Path) -> Result<PathBuf> {
        self.restore_reporting(backup, &mut |_, _| {})
    }

    /// [`Store::restore_from`], calling `progress(done, total)` in pages: the backup of the
    /// current content, then the restore itself; the last call has `done == total`. The
    /// checks before them (a private copy read whole) report nothing.
    pub fn restore_reporting(
        &mut self,
        backup: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<PathBuf> {
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
        let incoming = pages::page_count(&checked.copy)?;
        let mut current = 0;
        let undo = take_reporting(self, Reason::Restore, &mut |done, total| {
            current = total;
            progress(done, total + incoming);
        })?;
        pages::restore_from(&mut self.conn, &checked.copy, &mut |done, total| {
            progress(current + done, current + total)
        })?;
        let version = crate::store::upgrade::user_version(&self.conn)?;
        if version < crate::store::upgrade::CURRENT_VERSION {
            self.write(|tx| crate::store::upgrade::upgrade(tx, version))?;
        }
        Ok(undo)
    }
}
