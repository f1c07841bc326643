//! Export a copy of the file: whole, one year, or one unit's assessment(s) (a commune's
//! submission), with or without evidence files. `VACUUM INTO` a temporary file beside the
//! target, filter the copy, record what it is in `meta`, make it compact (so nothing deleted
//! stays in free pages), re-open and verify, fsync, then rename ([`fs_atomic`]); parts left
//! in the target folder by an export killed long ago are swept first.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::audit;
use super::units::{self, Unit};
use super::{APPLICATION_ID, Result, Store, StoreError, evidence, now, signing};
use crate::domain::text::nfc;
use crate::fs_atomic;

/// Above this size the program names the evidence that makes an export large and offers to
/// leave the files out.
pub const LARGE_EXPORT_BYTES: u64 = 20 * 1024 * 1024;

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole file.
    Whole,
    /// One year: its index sets, assessments, evidence and report settings.
    Year(i32),
    /// One unit's assessment(s), optionally of one year: a commune's submission.
    Unit { code: String, year: Option<i32> },
}

impl Scope {
    /// The scope without its year or unit: what a package records it is.
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::Whole => ScopeKind::Whole,
            Scope::Year(_) => ScopeKind::Year,
            Scope::Unit { .. } => ScopeKind::Unit,
        }
    }
}

/// The options of an export.
#[derive(Debug, Clone)]
pub struct Options {
    pub scope: Scope,
    /// With the evidence files' bytes; without, the documents stay, marked "file not included".
    pub include_evidence: bool,
}

/// What a package holds (the whole file, a year, a unit's assessment), as recorded in its
/// `meta`; the window's choice of what to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeKind {
    Whole,
    Year,
    Unit,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Whole => "whole",
            ScopeKind::Year => "year",
            ScopeKind::Unit => "unit",
        }
    }

    pub fn parse(text: &str) -> Option<ScopeKind> {
        match text {
            "whole" => Some(ScopeKind::Whole),
            "year" => Some(ScopeKind::Year),
            "unit" => Some(ScopeKind::Unit),
            _ => None,
        }
    }
}

/// One evidence file of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub sha256: String,
    pub size: i64,
    pub included: bool,
}

/// What a package says it is (the `meta` rows `package.*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageInfo {
    pub id: Uuid,
    pub kind: ScopeKind,
    /// The unit the submission is from (kind `unit`).
    pub sender_unit: Option<Uuid>,
    pub sender_code: Option<String>,
    pub sender_name: Option<String>,
    pub year: Option<i32>,
    pub created_at: String,
    pub created_by: String,
    pub evidence_included: bool,
    /// The last audit hash of the file it was exported from.
    pub base_hash: Option<String>,
    pub manifest: Vec<ManifestEntry>,
}

impl PackageInfo {
    /// Reads the package description of a file; `None` when it is not an export.
    pub(super) fn read(conn: &Connection) -> Result<Option<PackageInfo>> {
        let json: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'package'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match json {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| StoreError::BadRow {
                    table: "meta".into(),
                    detail: format!("package: {e}"),
                }),
        }
    }
}

/// A document that makes an export large.
#[derive(Debug, Clone, Serialize)]
pub struct LargeDoc {
    pub uuid: Uuid,
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021".
    pub reference: String,
    pub file_name: String,
    pub size: i64,
}

/// The size of an export before it is written.
#[derive(Debug, Clone, Serialize)]
pub struct SizeEstimate {
    /// Estimated bytes of the file with the evidence files (if asked).
    pub total: u64,
    /// Bytes of the evidence files in scope.
    pub evidence: u64,
    /// Above [`LARGE_EXPORT_BYTES`]?
    pub large: bool,
    /// The documents in scope, largest first, down to those that together make up most of the
    /// size (the GUI lists them when `large`).
    pub largest: Vec<LargeDoc>,
}

/// The steps of an export, in order, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Step {
    /// Copying the file (`VACUUM INTO`).
    Copying,
    /// Removing what was not asked for.
    Filtering,
    /// Compacting the copy, so nothing removed lingers in it.
    Compacting,
    /// Syncing, re-opening and checking the copy.
    Verifying,
    Done,
}

/// The result of an export.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub path: PathBuf,
    pub size: u64,
    pub package: PackageInfo,
    /// The key the package is signed with (this file's own).
    pub signer: signing::SenderKey,
}

/// What the scope selects in the source file.
struct Selection {
    kind: ScopeKind,
    sender: Option<Unit>,
    year: Option<i32>,
    /// Assessment rowids kept (None: all).
    assessments: Option<Vec<i64>>,
}

fn select(conn: &Connection, scope: &Scope) -> Result<Selection> {
    match scope {
        Scope::Whole => Ok(Selection {
            kind: ScopeKind::Whole,
            sender: None,
            year: None,
            assessments: None,
        }),
        Scope::Year(year) => {
            let ids: Vec<i64> = conn
                .prepare(
                    "SELECT a.id FROM assessment a JOIN index_set s ON s.id = a.index_set_id WHERE s.year = ?1",
                )?
                .query_map([year], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let sets: i64 = conn.query_row(
                "SELECT count(*) FROM index_set WHERE year = ?1",
                [year],
                |r| r.get(0),
            )?;
            if sets == 0 {
                return Err(StoreError::Invalid(format!(
                    "Không có dữ liệu năm {year} để xuất / nothing to export for {year}"
                )));
            }
            Ok(Selection {
                kind: ScopeKind::Year,
                sender: None,
                year: Some(*year),
                assessments: Some(ids),
            })
        }
        Scope::Unit { code, year } => {
            let code = nfc(code);
            let unit = match year {
                Some(y) => units::by_code_in_year(conn, &code, *y)?,
                None => units::all(conn)?
                    .into_iter()
                    .filter(|u| u.code == code)
                    .max_by_key(|u| u.valid_from),
            }
            .ok_or_else(|| StoreError::UnknownUnit {
                code: code.clone(),
                year: year.unwrap_or_default(),
            })?;
            let ids: Vec<i64> = conn
                .prepare(
                    "SELECT a.id FROM assessment a JOIN index_set s ON s.id = a.index_set_id
                     WHERE a.unit_id = ?1 AND (?2 IS NULL OR s.year = ?2)",
                )?
                .query_map(params![unit.id, year], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if ids.is_empty() {
                return Err(StoreError::NoAssessment {
                    code,
                    year: year.unwrap_or_default(),
                });
            }
            Ok(Selection {
                kind: ScopeKind::Unit,
                sender: Some(unit),
                year: *year,
                assessments: Some(ids),
            })
        }
    }
}

/// The documents an export of `selection` carries: linked to a kept assessment, or (for a
/// unit) owned by the unit; every document for a whole export.
fn docs_in_scope(conn: &Connection, sel: &Selection) -> Result<Vec<evidence::Evidence>> {
    let all = evidence::all(conn)?;
    let Some(ids) = &sel.assessments else {
        return Ok(all);
    };
    let mut keep = std::collections::HashSet::new();
    for id in ids {
        for link in evidence::links_of(conn, *id)? {
            keep.insert(link.doc.id);
        }
    }
    let owner = sel.sender.as_ref().map(|u| u.id);
    let owned: Vec<i64> = match owner {
        Some(owner) => conn
            .prepare("SELECT id FROM evidence_doc WHERE owner_unit_id = ?1")?
            .query_map([owner], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        None => Vec::new(),
    };
    keep.extend(owned);
    Ok(all.into_iter().filter(|d| keep.contains(&d.id)).collect())
}

/// Tables whose rows belong to one assessment: a year or unit export keeps their share, as
/// does the audit log, which is mostly score changes and is cut to the same assessments.
const PER_ASSESSMENT: [&str; 5] = [
    "assessment",
    "score",
    "survey_points",
    "evidence_link",
    "audit_log",
];

/// The bytes an export of `sel` will take without the evidence files: each table's pages
/// (with its indexes, from SQLite's `dbstat`), the per-assessment ones scaled by the share of
/// score rows kept; the other tables count whole, an upper bound for them.
fn data_bytes(conn: &Connection, sel: &Selection) -> Result<u64> {
    let share = match &sel.assessments {
        None => 1.0,
        Some(kept) => {
            let all: i64 = conn.query_row("SELECT count(*) FROM score", [], |r| r.get(0))?;
            let mut rows = 0_i64;
            let mut stmt =
                conn.prepare_cached("SELECT count(*) FROM score WHERE assessment_id = ?1")?;
            for id in kept {
                rows += stmt.query_row([id], |r| r.get::<_, i64>(0))?;
            }
            if all > 0 {
                rows as f64 / all as f64
            } else {
                0.0
            }
        }
    };
    let mut stmt = conn.prepare(
        "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_schema m ON m.name = d.name
         WHERE m.tbl_name <> 'evidence_blob' GROUP BY m.tbl_name",
    )?;
    let tables = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let bytes: f64 = tables
        .iter()
        .map(|(table, size)| {
            let size = *size as f64;
            if PER_ASSESSMENT.contains(&table.as_str()) {
                size * share
            } else {
                size
            }
        })
        .sum();
    Ok(bytes.max(0.0) as u64)
}

impl Store {
    /// The size of an export before writing it, with the documents that make it large.
    pub fn estimate_export(&self, options: &Options) -> Result<SizeEstimate> {
        let conn = self.conn();
        let sel = select(conn, &options.scope)?;
        let mut docs = docs_in_scope(conn, &sel)?;
        docs.retain(|d| d.file_included);
        // A file shared by several documents is counted once.
        let mut seen = std::collections::HashSet::new();
        let evidence: i64 = docs
            .iter()
            .filter(|d| d.sha256.as_ref().is_some_and(|s| seen.insert(s.clone())))
            .map(|d| d.file_size)
            .sum();
        let data = data_bytes(conn, &sel)?;
        let evidence = evidence.max(0) as u64;
        let total = data
            + if options.include_evidence {
                evidence
            } else {
                0
            };
        docs.sort_by_key(|d| std::cmp::Reverse(d.file_size));
        let mut largest = Vec::new();
        let mut covered = 0u64;
        for d in docs {
            if covered >= evidence / 10 * 8 && largest.len() >= 3 {
                break;
            }
            covered += d.file_size.max(0) as u64;
            largest.push(LargeDoc {
                uuid: d.uuid,
                reference: d.reference(),
                file_name: d.file_name.clone(),
                size: d.file_size,
            });
        }
        Ok(SizeEstimate {
            total,
            evidence,
            large: total > LARGE_EXPORT_BYTES,
            largest,
        })
    }

    /// Writes the export to `out` (replacing nothing: an existing file is refused).
    pub fn export(&self, out: &Path, options: &Options) -> Result<Exported> {
        self.export_with_progress(out, options, |_| {})
    }

    /// [`Store::export`], telling `progress` each step as it starts (for a progress bar).
    pub fn export_with_progress(
        &self,
        out: &Path,
        options: &Options,
        mut progress: impl FnMut(Step),
    ) -> Result<Exported> {
        if out.exists() {
            return Err(StoreError::AlreadyExists(out.to_owned()));
        }
        let sel = select(self.conn(), &options.scope)?;
        let docs = docs_in_scope(self.conn(), &sel)?;
        // The file's key, made at its first export: the package is signed with it.
        let key = signing::ensure_key(self.conn())?;
        let base_hash: Option<String> = self
            .conn()
            .query_row(
                "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        // Parts left by an export killed earlier (a 13 MB hidden file each); a young one may
        // be another export running now.
        let folder = match out.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        fs_atomic::sweep_parts(folder, fs_atomic::STALE_PART_AGE);
        let (package, signer) = fs_atomic::write_atomically(out, |tmp| -> Result<_> {
            progress(Step::Copying);
            self.vacuum_into(tmp)?;
            let conn = Connection::open_with_flags(
                tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;",
            )?;
            progress(Step::Filtering);
            let package = filter(&conn, &sel, &docs, options, self.author(), base_hash)?;
            progress(Step::Compacting);
            // Compact: deleted rows must not linger in free pages of a file sent away.
            conn.execute_batch("VACUUM;")?;
            let signer = signing::sign(&conn, &key)?;
            drop(conn);
            progress(Step::Verifying);
            verify(tmp, &package)?;
            Ok((package, signer))
        })?;
        progress(Step::Done);
        let size = std::fs::metadata(out)?.len();
        Ok(Exported {
            path: out.to_owned(),
            size,
            package,
            signer,
        })
    }
}

fn filter(
    conn: &Connection,
    sel: &Selection,
    docs: &[evidence::Evidence],
    options: &Options,
    actor: &str,
    base_hash: Option<String>,
) -> Result<PackageInfo> {
    let tx = conn.unchecked_transaction()?;
    // The key stays with its file; whom this file trusts is its own business.
    tx.execute_batch("DELETE FROM signing_key; DELETE FROM trusted_sender;")?;
    if let Some(ids) = &sel.assessments {
        tx.execute_batch("CREATE TEMP TABLE keep_a (id INTEGER PRIMARY KEY); CREATE TEMP TABLE keep_d (id INTEGER PRIMARY KEY);")?;
        for id in ids {
            tx.execute("INSERT INTO temp.keep_a (id) VALUES (?1)", [id])?;
        }
        for d in docs {
            tx.execute("INSERT INTO temp.keep_d (id) VALUES (?1)", [d.id])?;
        }
        tx.execute_batch(
            "DELETE FROM assessment WHERE id NOT IN (SELECT id FROM temp.keep_a);
             DELETE FROM evidence_doc WHERE id NOT IN (SELECT id FROM temp.keep_d);",
        )?;
        // Earlier versions of re-issued sets hold every unit's old scores: they stay in the
        // officer's own file; a package carries the version in force.
        tx.execute("DELETE FROM index_set_version", [])?;
        match sel.year {
            Some(year) if sel.kind == ScopeKind::Year => {
                tx.execute("DELETE FROM index_set WHERE year <> ?1", [year])?;
                tx.execute("DELETE FROM report_settings WHERE year <> ?1", [year])?;
            }
            _ => {
                tx.execute_batch(
                    "DELETE FROM index_set WHERE id NOT IN (SELECT index_set_id FROM assessment);
                     DELETE FROM report_settings;",
                )?;
            }
        }
        if let Some(unit) = &sel.sender {
            // The unit and the units above it; lineage rows of others go with them.
            let mut keep = vec![unit.id];
            let mut parent = unit.parent_id;
            while let Some(id) = parent {
                if keep.contains(&id) {
                    break;
                }
                keep.push(id);
                parent = units::by_id(&tx, id)?.and_then(|u| u.parent_id);
            }
            tx.execute_batch("CREATE TEMP TABLE keep_u (id INTEGER PRIMARY KEY);")?;
            for id in keep {
                tx.execute("INSERT INTO temp.keep_u (id) VALUES (?1)", [id])?;
            }
            tx.execute_batch(
                "UPDATE evidence_doc SET owner_unit_id = NULL WHERE owner_unit_id NOT IN (SELECT id FROM temp.keep_u);
                 DELETE FROM lineage WHERE from_unit_id NOT IN (SELECT id FROM temp.keep_u) OR to_unit_id NOT IN (SELECT id FROM temp.keep_u);
                 UPDATE unit SET parent_id = NULL WHERE id NOT IN (SELECT id FROM temp.keep_u);
                 DELETE FROM unit WHERE id NOT IN (SELECT id FROM temp.keep_u);",
            )?;
        }
    }
    if sel.assessments.is_some() {
        excerpt_audit_log(&tx)?;
    }
    if !options.include_evidence {
        tx.execute("DELETE FROM evidence_blob", [])?;
    }
    tx.execute_batch(
        "DELETE FROM evidence_blob WHERE sha256 NOT IN (SELECT sha256 FROM evidence_doc WHERE sha256 IS NOT NULL);",
    )?;
    let mut manifest: Vec<ManifestEntry> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT d.sha256, max(d.file_size), EXISTS (SELECT 1 FROM evidence_blob b WHERE b.sha256 = d.sha256)
             FROM evidence_doc d WHERE d.sha256 IS NOT NULL GROUP BY d.sha256 ORDER BY d.sha256",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ManifestEntry {
                sha256: r.get(0)?,
                size: r.get(1)?,
                included: r.get(2)?,
            })
        })?;
        for row in rows {
            manifest.push(row?);
        }
    }
    let package = PackageInfo {
        id: Uuid::new_v4(),
        kind: sel.kind,
        sender_unit: sel.sender.as_ref().map(|u| u.uuid),
        sender_code: sel.sender.as_ref().map(|u| u.code.clone()),
        sender_name: sel.sender.as_ref().map(|u| u.name.clone()),
        year: sel.year,
        created_at: now(),
        created_by: actor.to_owned(),
        evidence_included: options.include_evidence,
        base_hash,
        manifest,
    };
    let json = serde_json::to_string(&package)
        .map_err(|e| StoreError::Invalid(format!("package description: {e}")))?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('package', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [json],
    )?;
    tx.commit()?;
    Ok(package)
}

/// Keeps only the audit entries about what the copy still holds (its assessments, their
/// scores and its documents), each with its original hash, and records where the excerpt
/// ends (see [`audit::EXCERPT_THROUGH`]): the entries are what an importer matches to find
/// what both sides last saw, the rest is other units' history.
fn excerpt_audit_log(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM audit_log WHERE NOT (
             (subject LIKE 'score:%' AND substr(subject, 7, 36) IN (SELECT uuid FROM assessment))
             OR (subject LIKE 'assessment:%' AND substr(subject, 12) IN (SELECT uuid FROM assessment))
             OR (subject LIKE 'evidence:%' AND substr(subject, 10) IN (SELECT uuid FROM evidence_doc)));",
    )?;
    // The last entry kept, not the source's last: the entries a receiver appends get the
    // next numbers, above the mark, and chain strictly again.
    let last: Option<i64> = tx.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))?;
    match last {
        Some(last) => tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![audit::EXCERPT_THROUGH, last.to_string()],
        )?,
        None => tx.execute("DELETE FROM meta WHERE key = ?1", [audit::EXCERPT_THROUGH])?,
    };
    Ok(())
}

/// Re-opens the written copy and checks it: integrity, application id, the audit chain, the
/// package record and the evidence manifest (every included file present and hashing to its key).
fn verify(path: &Path, expected: &PackageInfo) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::ExportCheck(format!("integrity: {check}")));
    }
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::ExportCheck("application_id".into()));
    }
    if !audit::verify(&conn)?.is_empty() {
        return Err(StoreError::ExportCheck("audit log".into()));
    }
    if signing::verify(&conn)?.is_none() {
        return Err(StoreError::ExportCheck("signature".into()));
    }
    let found = PackageInfo::read(&conn)?;
    if found.as_ref() != Some(expected) {
        return Err(StoreError::ExportCheck("package record".into()));
    }
    for entry in &expected.manifest {
        let bytes = evidence::bytes(&conn, &entry.sha256)?;
        match bytes {
            Some(bytes) if entry.included => {
                if evidence::sha256_hex(&bytes) != entry.sha256 {
                    return Err(StoreError::ExportCheck(format!(
                        "evidence {}",
                        &entry.sha256[..12]
                    )));
                }
            }
            None if !entry.included => {}
            _ => {
                return Err(StoreError::ExportCheck(format!(
                    "manifest {}",
                    &entry.sha256[..12]
                )));
            }
        }
    }
    Ok(())
}
