//! Whole files written atomically: into a temporary "part" beside the target, synced, then
//! renamed, so the target's name never shows a half-written file, whatever kills the program.
//! A kill can still leave a part behind; [`sweep_parts`] removes old ones. No SQL here: the
//! exports and backups fill the part with SQLite, the documents and settings with bytes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old a part must be before a sweep removes it: a younger one may belong to an export
/// or backup still running in another window (a province's export with its evidence files
/// takes minutes, not a quarter of an hour).
pub const STALE_PART_AGE: Duration = Duration::from_secs(15 * 60);

/// Characters of the target's name kept in its part's name (names stay under the 255 bytes
/// file systems allow, with the suffix).
const PART_NAME_CHARS: usize = 100;

/// The temporary name beside `target`: `.{name}.{32 hex digits}.part`, hidden and unique.
pub fn part_path(target: &Path) -> PathBuf {
    let name: String = target
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(PART_NAME_CHARS).collect())
        .unwrap_or_else(|| "parindex".to_owned());
    let part = format!(".{name}.{}.part", uuid::Uuid::new_v4().simple());
    match target.parent() {
        Some(dir) => dir.join(part),
        None => PathBuf::from(part),
    }
}

/// Whether `name` is the name of a part made by [`part_path`] (and not some other hidden
/// file the officer keeps there).
pub fn is_part_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".part")) else {
        return false;
    };
    match inner.rsplit_once('.') {
        Some((target, id)) => {
            !target.is_empty()
                && id.len() == 32
                && id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        None => false,
    }
}

/// Writes `target` whole or not at all: `fill` writes (and may check) the part, which is then
/// synced and renamed to `target` (replacing it, as a rename does), and the folder synced.
/// On any error the part is removed and `target` is left as it was.
pub fn write_atomically<T, E: From<std::io::Error>>(
    target: &Path,
    fill: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    let part = part_path(target);
    let result = fill(&part).and_then(|value| {
        std::fs::File::open(&part)?.sync_all()?;
        std::fs::rename(&part, target)?;
        sync_folder(target);
        Ok(value)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// [`write_atomically`] for bytes in memory (a document, a settings file).
pub fn write_bytes_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically(target, |part| {
        std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(part)?
            .write_all(bytes)
    })
}

/// Makes the rename itself durable. Best effort: Windows cannot open a folder this way, and
/// the file is already complete under its name.
fn sync_folder(target: &Path) {
    let folder = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Removes the parts in `folder` (and their SQLite journals) last modified more than `age`
/// ago, left by a kill or a power cut; returns how many files. Best effort: a part that cannot be removed stays for next time.
pub fn sweep_parts(folder: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let Some(before) = SystemTime::now().checked_sub(age) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        // A part filled by SQLite may have its rollback journal beside it.
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| is_part_name(n.strip_suffix("-journal").unwrap_or(n)));
        if !ours {
            continue;
        }
        // Not followed through a link: only our own regular files are removed.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta.modified().is_ok_and(|at| at < before);
        if meta.is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_are_recognised_and_nothing_else() {
        let part = part_path(Path::new("/x/báo cáo.cchc"));
        let name = part
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(is_part_name(name), "{name}");
        assert_eq!(part.parent(), Some(Path::new("/x")));
        for other in [
            ".ghi-chu.part",
            "a.cchc.0123456789abcdef0123456789abcdef.part",
            "..0123456789abcdef0123456789abcdef.part",
            ".a.0123456789ABCDEF0123456789ABCDEF.part",
            ".a.0123456789abcdef0123456789abcdef.tmp",
        ] {
            assert!(!is_part_name(other), "{other}");
        }
    }

    #[test]
    fn a_failed_fill_leaves_neither_part_nor_target() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("out.pdf");
        let failed: std::io::Result<()> = write_atomically(&target, |part| {
            std::fs::write(part, b"half")?;
            Err(std::io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        let left = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or_default();
        assert_eq!(left, 0);
        write_bytes_atomically(&target, b"whole").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&target).unwrap_or_default(), b"whole");
    }
}
