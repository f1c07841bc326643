//! Evidence documents (tài liệu kiểm chứng), their file bytes stored once per SHA-256, and
//! their links to scores.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::assessments::Assessment;
use super::audit::{self, Change, hex, score_subject};
use super::{Result, StoreError, now};
use crate::domain::IndexSet;
use crate::domain::limits;
use crate::domain::text::{nfc, safe_file_name};

/// The description of a document, as the officer enters it.
#[derive(Debug, Clone, Default)]
pub struct EvidenceInfo {
    /// Kế hoạch, Báo cáo, Quyết định, Công văn…
    pub doc_type: String,
    /// Số và ký hiệu: "1828/KH-UBND".
    pub number: String,
    pub issue_date: Option<NaiveDate>,
    pub issuer: String,
    /// Trích yếu.
    pub summary: String,
}

/// A stored document.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub uuid: Uuid,
    pub doc_type: String,
    pub number: String,
    pub issue_date: Option<NaiveDate>,
    pub issuer: String,
    pub summary: String,
    pub file_name: String,
    pub file_size: i64,
    pub sha256: Option<String>,
    /// Whether the file's bytes are in this file (an export may leave them out).
    pub file_included: bool,
}

impl Evidence {
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021".
    pub fn reference(&self) -> String {
        let mut text = self.doc_type.clone();
        if !self.number.is_empty() {
            text.push_str(&format!(" số {}", self.number));
        }
        if let Some(date) = self.issue_date {
            text.push_str(&format!(
                " ngày {}",
                crate::domain::format::date_short(date)
            ));
        }
        text
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Adds a document with its file; identical bytes are stored once.
pub(super) fn add(
    tx: &Transaction<'_>,
    actor: &str,
    info: &EvidenceInfo,
    file_name: &str,
    bytes: &[u8],
    owner_unit_id: Option<i64>,
) -> Result<i64> {
    let sha = sha256_hex(bytes);
    tx.execute(
        "INSERT INTO evidence_blob (sha256, bytes) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
        params![sha, bytes],
    )?;
    let doc = NewEvidence {
        uuid: Uuid::new_v4(),
        info: info.clone(),
        file_name: file_name.to_owned(),
        file_size: bytes.len() as i64,
        sha256: Some(sha),
        owner_unit_id,
    };
    insert_doc(tx, actor, &doc, None)
}

/// A document as it arrives in an import package: its identity, and the file's hash (the
/// bytes, when included, are stored first with [`store_blob`]).
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub uuid: Uuid,
    pub info: EvidenceInfo,
    pub file_name: String,
    pub file_size: i64,
    pub sha256: Option<String>,
    pub owner_unit_id: Option<i64>,
}

/// Stores file bytes under their SHA-256 (once); returns the hash.
pub(super) fn store_blob(tx: &Transaction<'_>, bytes: &[u8]) -> Result<String> {
    let sha = sha256_hex(bytes);
    tx.execute(
        "INSERT INTO evidence_blob (sha256, bytes) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
        params![sha, bytes],
    )?;
    Ok(sha)
}

/// The rowid of the document with this uuid, if the file has it.
pub(super) fn id_of_uuid(conn: &Connection, uuid: &Uuid) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM evidence_doc WHERE uuid = ?1",
            [uuid.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Inserts a document with a given identity, with its audit entry (carrying `package` when it
/// came in an import). The file name is stored as a safe base name (see
/// [`safe_file_name`]): it comes from outside, a received package or a dropped file.
pub(super) fn insert_doc(
    tx: &Transaction<'_>,
    actor: &str,
    doc: &NewEvidence,
    package: Option<&str>,
) -> Result<i64> {
    let info = &doc.info;
    let uuid = doc.uuid;
    let file_name = doc.file_name.as_str();
    let owner_unit_id = doc.owner_unit_id;
    let doc_type = nfc(&info.doc_type);
    if doc_type.is_empty() {
        return Err(StoreError::Invalid(
            "Cần ghi loại văn bản / the document type is required".into(),
        ));
    }
    let sha = doc.sha256.clone();
    tx.execute(
        "INSERT INTO evidence_doc (uuid, doc_type, number, issue_date, issuer, summary, file_name, file_size, sha256,
                                   added_at, added_by, owner_unit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            uuid.to_string(),
            doc_type,
            nfc(&info.number),
            info.issue_date.map(|d| d.to_string()),
            nfc(&info.issuer),
            nfc(&info.summary),
            safe_file_name(file_name),
            doc.file_size,
            sha,
            now(),
            actor,
            owner_unit_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::append(
        tx,
        &Change {
            actor,
            action: "evidence",
            subject: format!("evidence:{uuid}"),
            field: "file",
            old: None,
            new: sha,
            reason: "",
            package,
        },
    )?;
    Ok(id)
}

/// Links a document to a leaf of an assessment (page or section optional).
pub(super) fn link(
    tx: &Transaction<'_>,
    actor: &str,
    doc_id: i64,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    page: &str,
) -> Result<()> {
    link_from(tx, actor, doc_id, a, set, code, page, None, None)
}

/// [`link`] for a link that came in an import package: keeps the link's identity and puts the
/// package id in the audit entry.
#[allow(clippy::too_many_arguments)]
pub(super) fn link_from(
    tx: &Transaction<'_>,
    actor: &str,
    doc_id: i64,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    page: &str,
    link_uuid: Option<Uuid>,
    package: Option<&str>,
) -> Result<()> {
    if a.locked {
        return Err(StoreError::Locked {
            unit: a.unit.name.clone(),
            year: a.year,
        });
    }
    let node = set
        .find(code)
        .ok_or_else(|| StoreError::UnknownCriterion(code.to_owned()))?;
    if node.leaf.is_none() {
        return Err(StoreError::NotALeaf(code.to_owned()));
    }
    let criterion_id = super::scores::criterion_id(tx, a.set_id, code)?;
    let doc_uuid: String = tx
        .query_row(
            "SELECT uuid FROM evidence_doc WHERE id = ?1",
            [doc_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("no evidence document {doc_id}")))?;
    let inserted = tx.execute(
        "INSERT INTO evidence_link (uuid, doc_id, assessment_id, criterion_id, page, linked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (doc_id, assessment_id, criterion_id) DO NOTHING",
        params![link_uuid.unwrap_or_else(Uuid::new_v4).to_string(), doc_id, a.id, criterion_id, nfc(page), now()],
    )?;
    if inserted > 0 {
        audit::append(
            tx,
            &Change {
                actor,
                action: "evidence",
                subject: score_subject(&a.uuid.to_string(), &node.id.to_string()),
                field: "link",
                old: None,
                new: Some(format!("{doc_uuid} {}", nfc(page)).trim_end().to_owned()),
                reason: "",
                package,
            },
        )?;
    }
    Ok(())
}

/// Removes a link; the audit log keeps what it was.
pub(super) fn unlink(
    tx: &Transaction<'_>,
    actor: &str,
    doc_id: i64,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    reason: &str,
) -> Result<()> {
    if a.locked {
        return Err(StoreError::Locked {
            unit: a.unit.name.clone(),
            year: a.year,
        });
    }
    let node = set
        .find(code)
        .ok_or_else(|| StoreError::UnknownCriterion(code.to_owned()))?;
    let criterion_id = super::scores::criterion_id(tx, a.set_id, code)?;
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT d.uuid, l.page FROM evidence_link l JOIN evidence_doc d ON d.id = l.doc_id
             WHERE l.doc_id = ?1 AND l.assessment_id = ?2 AND l.criterion_id = ?3",
            params![doc_id, a.id, criterion_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((doc_uuid, page)) = found else {
        return Ok(());
    };
    tx.execute(
        "DELETE FROM evidence_link WHERE doc_id = ?1 AND assessment_id = ?2 AND criterion_id = ?3",
        params![doc_id, a.id, criterion_id],
    )?;
    audit::append(
        tx,
        &Change {
            actor,
            action: "evidence",
            subject: score_subject(&a.uuid.to_string(), &node.id.to_string()),
            field: "link",
            old: Some(format!("{doc_uuid} {page}").trim_end().to_owned()),
            new: None,
            reason: &nfc(reason),
            package: None,
        },
    )?;
    Ok(())
}

const DOC_COLUMNS: &str = "d.id, d.uuid, d.doc_type, d.number, d.issue_date, d.issuer, d.summary, d.file_name, d.file_size,
     d.sha256, EXISTS (SELECT 1 FROM evidence_blob b WHERE b.sha256 = d.sha256)";

/// Reads the document columns of `DOC_COLUMNS` starting at column `at`.
fn doc_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(at)?,
        uuid: Uuid::parse_str(&r.get::<_, String>(at + 1)?).unwrap_or_default(),
        doc_type: r.get(at + 2)?,
        number: r.get(at + 3)?,
        issue_date: r
            .get::<_, Option<String>>(at + 4)?
            .and_then(|s| crate::domain::format::parse_iso_date(&s)),
        issuer: r.get(at + 5)?,
        summary: r.get(at + 6)?,
        file_name: r.get(at + 7)?,
        file_size: r.get(at + 8)?,
        sha256: r.get(at + 9)?,
        file_included: r.get(at + 10)?,
    })
}

pub(super) fn all(conn: &Connection) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DOC_COLUMNS} FROM evidence_doc d ORDER BY d.issue_date, d.id"
    ))?;
    Ok(stmt
        .query_map([], |r| doc_at(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A document linked to a leaf, with the page or section.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedEvidence {
    pub criterion_id: i64,
    pub doc: Evidence,
    pub page: String,
}

/// Every link of an assessment.
pub(super) fn links_of(conn: &Connection, assessment_id: i64) -> Result<Vec<LinkedEvidence>> {
    // Cached: a batch of scorecards asks once per assessment.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.criterion_id, l.page, {DOC_COLUMNS} FROM evidence_link l JOIN evidence_doc d ON d.id = l.doc_id
         WHERE l.assessment_id = ?1 ORDER BY l.criterion_id, d.issue_date"
    ))?;
    let rows = stmt
        .query_map([assessment_id], |r| {
            Ok(LinkedEvidence {
                criterion_id: r.get(0)?,
                page: r.get(1)?,
                doc: doc_at(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The bytes of a document's file, if included.
pub(super) fn bytes(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT bytes FROM evidence_blob WHERE sha256 = ?1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?)
}

/// Blobs whose bytes do not hash to their key (a damaged or tampered file).
pub(super) fn mismatched_blobs(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT sha256, bytes FROM evidence_blob")?;
    let mut bad = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let bytes: Vec<u8> = row.get(1)?;
        if sha256_hex(&bytes) != key {
            bad.push(key);
        }
    }
    Ok(bad)
}

/// A file being attached, with the page or section that proves the leaf.
#[derive(Debug, Clone, Copy)]
pub struct Attachment<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub page: &'a str,
}

/// A leaf that requires evidence and has none (the evidence screen's list).
#[derive(Debug, Clone)]
pub struct Missing {
    pub unit_code: String,
    pub unit_name: String,
    pub code: String,
    pub title: String,
}

impl super::Store {
    pub fn evidence_docs(&self) -> Result<Vec<Evidence>> {
        all(self.conn())
    }

    /// The documents linked to one leaf of an assessment.
    pub fn links_for(&self, a: &Assessment, code: &str) -> Result<Vec<LinkedEvidence>> {
        let criterion_id = super::scores::criterion_id(self.conn(), a.set_id, code)?;
        Ok(links_of(self.conn(), a.id)?
            .into_iter()
            .filter(|l| l.criterion_id == criterion_id)
            .collect())
    }

    /// Adds a document with its file and links it to a leaf, in one transaction.
    pub fn attach(
        &mut self,
        a: &Assessment,
        set: &IndexSet,
        code: &str,
        info: &EvidenceInfo,
        file: &Attachment<'_>,
    ) -> Result<()> {
        if file.bytes.len() as u64 > limits::EVIDENCE_BYTES {
            return Err(too_large(file.file_name));
        }
        let actor = self.actor().to_owned();
        self.write(|tx| {
            let doc = add(
                tx,
                &actor,
                info,
                file.file_name,
                file.bytes,
                Some(a.unit.id),
            )?;
            link(tx, &actor, doc, a, set, code, file.page)
        })
    }

    pub fn link_existing(
        &mut self,
        doc_id: i64,
        a: &Assessment,
        set: &IndexSet,
        code: &str,
        page: &str,
    ) -> Result<()> {
        let actor = self.actor().to_owned();
        self.write(|tx| link(tx, &actor, doc_id, a, set, code, page))
    }

    pub fn unlink_doc(
        &mut self,
        doc_id: i64,
        a: &Assessment,
        set: &IndexSet,
        code: &str,
    ) -> Result<()> {
        let actor = self.actor().to_owned();
        self.write(|tx| unlink(tx, &actor, doc_id, a, set, code, ""))
    }

    pub fn evidence_bytes(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        bytes(self.conn(), sha256)
    }

    /// Writes a document's file where the desktop can open it: a fresh private folder per
    /// open in the per-user cache folder (else the temporary folder). `None` when the file's
    /// bytes are not in this file (an export without evidence files).
    pub fn evidence_to_open(&self, doc_id: i64) -> Result<Option<PathBuf>> {
        let base = match directories::ProjectDirs::from("vn", "parindex", "parindex") {
            Some(dirs) => dirs.cache_dir().join("evidence"),
            None => std::env::temp_dir(),
        };
        self.evidence_to_open_in(doc_id, &base)
    }

    /// [`Store::evidence_to_open`] under `base`. The name written is the stored one made safe
    /// again (a file from an older version may hold `../../x.sh`), inside a new folder only
    /// this user can enter, with a random name, so nothing outside it is ever written and no
    /// file already there is replaced.
    pub fn evidence_to_open_in(&self, doc_id: i64, base: &Path) -> Result<Option<PathBuf>> {
        let found: Option<(String, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT file_name, sha256 FROM evidence_doc WHERE id = ?1",
                [doc_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((stored_name, Some(sha))) = found else {
            return Ok(None);
        };
        let Some(bytes) = bytes(self.conn(), &sha)? else {
            return Ok(None);
        };
        // Damaged on disk (or changed behind the program's back): said, never shown as is.
        if sha256_hex(&bytes) != sha {
            let stored_name = safe_file_name(&stored_name);
            return Err(StoreError::Damaged(format!(
                "tài liệu kiểm chứng {stored_name} không khớp mã băm SHA-256 đã lưu / the evidence file {stored_name} does not match its stored SHA-256 hash"
            )));
        }
        sweep_opened(base);
        let folder = private_folder(base)?;
        let name = safe_file_name(&stored_name);
        let path = folder.join(&name);
        if path.parent() != Some(folder.as_path()) || path.file_name() != Some(name.as_ref()) {
            return Err(StoreError::Invalid(format!(
                "Tên tệp không an toàn: {name:?} / Unsafe file name: {name:?}"
            )));
        }
        let written = private_file_options()
            .open(&path)
            .and_then(|mut file| file.write_all(&bytes));
        if let Err(e) = written {
            // A disk filled half-way: no half file left to open.
            let _ = std::fs::remove_dir_all(&folder);
            return Err(e.into());
        }
        Ok(Some(path))
    }
}

/// Folders of opened evidence start with this, then 32 hex digits.
const OPENED_PREFIX: &str = "parindex-open-";

/// How long an opened copy is kept: the viewer has long read it by then.
const OPENED_KEPT: Duration = Duration::from_secs(24 * 60 * 60);

/// A new folder in `base` with a random name that only this user may enter (0700 on Unix);
/// refused if the name exists, so nobody can prepare it in advance.
fn private_folder(base: &Path) -> Result<PathBuf> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(base)?;
    let folder = base.join(format!("{OPENED_PREFIX}{}", Uuid::new_v4().simple()));
    builder.recursive(false).create(&folder)?;
    #[cfg(unix)]
    {
        // Whatever the umask took away, the owner needs all three and nobody else any.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(folder)
}

/// A new file, never an existing one (nor a link planted in its place).
fn private_file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Removes folders of evidence opened more than a day ago (a 100 MB file opened every day
/// would otherwise pile up in the cache). Best effort; another user's folders in a shared
/// temporary folder are not ours to remove and stay.
fn sweep_opened(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    let Some(before) = SystemTime::now().checked_sub(OPENED_KEPT) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_str()
            .and_then(|n| n.strip_prefix(OPENED_PREFIX))
            .is_some_and(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if ours && meta.is_dir() && meta.modified().is_ok_and(|at| at < before) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl super::Store {
    /// Scored leaves that require evidence and have neither a linked document nor a written
    /// explanation, for every unit of a year: the rule of `parindex check`
    /// ([`super::check::evidence_missing`]), so the list and the check agree.
    pub fn missing_evidence(&self, year: i32, level: crate::domain::Level) -> Result<Vec<Missing>> {
        let conn = self.conn();
        let set_id = super::index_sets::id_of(conn, year, level)?;
        let set = super::index_sets::load_by_id(conn, set_id)?;
        let ids = super::index_sets::criterion_ids(conn, set_id)?;
        let mut inputs = super::scores::inputs_for_set(conn, set_id)?;
        let mut out = Vec::new();
        for a in super::assessments::for_set(conn, set_id)? {
            let input = inputs.remove(&a.id).unwrap_or_default();
            let linked: std::collections::HashSet<uuid::Uuid> = links_of(conn, a.id)?
                .into_iter()
                .filter_map(|l| ids.get(&l.criterion_id).copied())
                .collect();
            for node in set.leaves() {
                let Some(leaf) = &node.leaf else { continue };
                let score = input.scores.get(&node.id);
                if super::check::evidence_missing(leaf, score, linked.contains(&node.id), a.status)
                {
                    out.push(Missing {
                        unit_code: a.unit.code.clone(),
                        unit_name: a.unit.name.clone(),
                        code: node.code.to_string(),
                        title: node.title.to_string(),
                    });
                }
            }
        }
        Ok(out)
    }
}

fn too_large(name: &str) -> StoreError {
    let mb = limits::EVIDENCE_BYTES / (1024 * 1024);
    StoreError::Invalid(format!(
        "Tệp {} lớn quá {mb} MB; hãy nén hoặc tách tệp / the file is larger than {mb} MB",
        crate::domain::text::for_terminal(name)
    ))
}

/// Reads an evidence file the officer picked or dropped: a regular file (a pipe or a device
/// would block or never end), at most [`limits::EVIDENCE_BYTES`], read through a bounded reader
/// so a file that grows meanwhile cannot exceed it.
pub fn read_evidence_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_owned()),
        _ => StoreError::Io(e),
    })?;
    if !meta.is_file() {
        return Err(StoreError::Invalid(format!(
            "{} không phải một tệp thông thường / is not a regular file",
            path.display()
        )));
    }
    if meta.len() > limits::EVIDENCE_BYTES {
        return Err(too_large(&name));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(limits::EVIDENCE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits::EVIDENCE_BYTES {
        return Err(too_large(&name));
    }
    Ok(bytes)
}

#[cfg(test)]
#[path = "evidence_tests.rs"]
mod tests;
