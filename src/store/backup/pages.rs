//! Copying a database page by page with SQLite's online backup API, so a backup or a restore
//! of a province's file can tell how far it is (pages done of the total) as it goes.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use crate::store::{Result, StoreError};

/// Pages copied per step: 256 pages of 4 KiB are 1 MiB, a step of a few milliseconds, so the
/// bar moves smoothly on a large file and the demo still takes only a few steps.
pub const PAGES_PER_STEP: i32 = 256;

/// Busy or locked steps waited for before giving up (the window's own connection holds the
/// file exclusively, so none are expected).
const BUSY_TRIES: u32 = 100;

/// Copies the whole of `source` into a new database file at `target`, calling
/// `progress(done, total)` in pages after each step; the last call has `done == total`.
pub(super) fn copy_into(
    source: &Connection,
    target: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let mut copy = Connection::open(target)?;
    {
        let backup = Backup::new(source, &mut copy)?;
        run(&backup, progress)?;
    }
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

/// Replaces the content of `target` with the database file at `source`, page by page.
pub(super) fn restore_from(
    target: &mut Connection,
    source: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let source = Connection::open_with_flags(
        source,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let backup = Backup::new(&source, target)?;
    run(&backup, progress)
}

/// The pages of the database file at `path` (what a restore from it will copy).
pub(super) fn page_count(path: &Path) -> Result<usize> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    Ok(usize::try_from(pages).unwrap_or(0))
}

fn run(backup: &Backup<'_, '_>, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
    let mut busy = 0;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let state = backup.progress();
        let total = usize::try_from(state.pagecount).unwrap_or(0);
        let left = usize::try_from(state.remaining).unwrap_or(0);
        match step {
            StepResult::Done => {
                progress(total, total);
                return Ok(());
            }
            StepResult::More => progress(total.saturating_sub(left), total),
            _ => {
                busy += 1;
                if busy > BUSY_TRIES {
                    return Err(StoreError::Invalid(
                        "Tệp đang bận, không sao chép được / the file stayed busy; it was not copied"
                            .into(),
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}
