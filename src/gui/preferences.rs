//! The officer's preferences (language, theme, zoom, name, recent files), kept in
//! `settings.json` of the config folder ([`Folders`]). Tolerant: a missing or damaged file
//! gives the defaults, never an error at start. The page that changes them is
//! `screen::settings`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Folders;
use crate::domain::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub lang: Lang,
    pub dark: bool,
    /// 1.0 = 100 %.
    pub zoom: f32,
    /// Written into every audit entry (asked at the first edit, `gui::who`).
    pub user_name: String,
    /// The officer's office, written beside the name.
    pub office: String,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Whether the demo has been offered once (first run).
    pub demo_offered: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            lang: Lang::Vi,
            dark: false,
            zoom: 1.0,
            user_name: String::new(),
            office: String::new(),
            recent: Vec::new(),
            demo_offered: false,
        }
    }
}

pub const ZOOM_STEPS: [f32; 7] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75];

impl Preferences {
    pub fn load(folders: &Folders) -> Preferences {
        folders
            .preferences()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Saves quietly: losing a preference must never stop the officer's work.
    pub fn save(&self, folders: &Folders) {
        let Some(path) = folders.preferences() else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(text) = serde_json::to_string_pretty(self) {
            // Whole or not at all: a crash mid-save must not lose the name or the recent files.
            let _ = crate::fs_atomic::write_bytes_atomically(&path, text.as_bytes());
        }
    }

    /// The name the log and the packages carry: "Name (Office)", or the name alone.
    pub fn actor(&self) -> String {
        let name = self.user_name.trim();
        let office = self.office.trim();
        if name.is_empty() || office.is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({office})")
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
