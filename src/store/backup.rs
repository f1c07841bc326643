//! Automatic backups in the per-user data folder (`directories`).

use std::path::PathBuf;

use super::{Result, Store, StoreError};

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy)]
pub enum Reason {
    Open,
    Upgrade,
    Import,
    Restore,
    Timer,
    Manual,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Open => "open",
            Reason::Upgrade => "upgrade",
            Reason::Import => "import",
            Reason::Restore => "restore",
            Reason::Timer => "timer",
            Reason::Manual => "manual",
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

/// Copies the open file, consistently, into the backup folder and returns the copy's path.
pub fn take(store: &Store, reason: Reason) -> Result<PathBuf> {
    let dir = folder()?;
    std::fs::create_dir_all(&dir)?;
    let stem = store
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "parindex".into());
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let target = dir.join(format!("{stem}-{stamp}-{}.cchc", reason.as_str()));
    let target_text = target.to_str().ok_or_else(|| {
        StoreError::Invalid(format!("backup path {} is not UTF-8", target.display()))
    })?;
    store.conn().execute("VACUUM INTO ?1", [target_text])?;
    Ok(target)
}
