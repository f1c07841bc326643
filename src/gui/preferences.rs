//! The officer's preferences, kept in the per-user config folder. Tolerant: a missing or
//! damaged settings file gives the defaults, never an error at start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub dark: bool,
    /// 1.0 = 100 %.
    pub zoom: f32,
    /// Written into every audit entry.
    pub user_name: String,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Whether the demo has been offered once (first run).
    pub demo_offered: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Vi,
            dark: false,
            zoom: 1.0,
            user_name: String::new(),
            recent: Vec::new(),
            demo_offered: false,
        }
    }
}

pub const ZOOM_STEPS: [f32; 7] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75];

impl Settings {
    /// `$PARINDEX_CONFIG_DIR/settings.json` when set (tests), else the per-user config folder.
    pub fn path() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("PARINDEX_CONFIG_DIR") {
            return Some(PathBuf::from(dir).join("settings.json"));
        }
        directories::ProjectDirs::from("vn", "parindex", "parindex")
            .map(|d| d.config_dir().join("settings.json"))
    }

    pub fn load() -> Settings {
        Settings::path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Saves quietly: losing a preference must never stop the officer's work.
    pub fn save(&self) {
        let Some(path) = Settings::path() else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(text) = serde_json::to_string_pretty(self) {
            let tmp = path.with_extension("json.tmp");
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
    }

    pub fn remember(&mut self, file: &Path) {
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_owned());
        self.recent.retain(|p| p != &file);
        self.recent.insert(0, file);
        self.recent.truncate(8);
    }

    pub fn zoom_in(&mut self) {
        if let Some(next) = ZOOM_STEPS.iter().find(|z| **z > self.zoom + 0.001) {
            self.zoom = *next;
        }
    }

    pub fn zoom_out(&mut self) {
        if let Some(prev) = ZOOM_STEPS.iter().rev().find(|z| **z < self.zoom - 0.001) {
            self.zoom = *prev;
        }
    }
}

/// Where the demo is written on first run.
pub fn demo_path() -> Option<PathBuf> {
    let base = match std::env::var_os("PARINDEX_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("vn", "parindex", "parindex")?
            .data_dir()
            .to_owned(),
    };
    Some(base.join("du-lieu-mau.cchc"))
}
