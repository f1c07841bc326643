//! Import of a received `.cchc` file, treated as hostile: a private copy opened with
//! defensive settings and lowered limits (never attached to the live file), checked
//! (integrity, application id, version, schema shape, audit chain, evidence hashes), every row
//! read into Rust types and validated; then a [`MergePlan`] the GUI can show without reading
//! anything again; then [`Store::apply_import`]: one transaction after a backup, every change
//! through the audited paths with the package id.
//!
//! **Conflicts ("changed on both sides").** A package made by `export` carries the
//! hash-chained audit log of the file it came from (a year or unit package only the entries
//! about what it holds, with their original hashes: an excerpt), and a file made from a
//! package keeps that log and appends to it. So the received log holds entries of the live
//! log, with equal hashes, up to the *fork point*: the last state both sides saw (see
//! `fork_point`). For a field whose received value differs from the live one:
//! - changed in the received log after the fork, not in the live log → a change (old → new);
//! - changed in the live log after the fork, not in the received log → the live value is newer,
//!   it is kept and nothing is listed;
//! - changed on both sides → a conflict, shown side by side, applied only by an explicit choice.
//!
//! Live entries written by an earlier import (they carry a package id) do not count as local
//! edits: they are the sender's own earlier values, so a commune that sends twice is not in
//! conflict with itself. When the two logs share no entry (the files never had a common
//! ancestor), a differing value is a change when the live field is empty and a conflict
//! otherwise.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use unicode_normalization::is_nfc;
use uuid::Uuid;

use super::assessments::{self, Assessment};
use super::audit::{self, Change, Entry, score_subject};
use super::backup::{self, Reason};
use super::evidence::{self, DocInfo, NewDoc};
use super::export::{Kind, PackageInfo};
use super::scores::{self, Edit, Note, Stage};
use super::signing::{self, SenderKey};
use super::units::{self, UNIT_KINDS};
use super::{APPLICATION_ID, Result, Store, StoreError, index_sets, upgrade};
use crate::domain::format::parse_iso_date;
use crate::domain::limits;
use crate::domain::scoring::points_from_raw;
use crate::domain::text::for_terminal;
use crate::domain::text::{safe_file_name, shorten, within};
use crate::domain::{IndexSet, Leaf, LeafKind, LeafScore, NaPolicy, Points, Raw, Status};

// ---------------------------------------------------------------------------------------
// Reading a file into Rust types
// ---------------------------------------------------------------------------------------

/// A unit as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub parent: Option<Uuid>,
}

/// An assessment with its scores, keyed by criterion uuid.
#[derive(Debug, Clone)]
pub struct AssessmentRow {
    pub uuid: Uuid,
    pub unit: Uuid,
    pub set: Uuid,
    pub year: i32,
    pub status: Status,
    pub locked: bool,
    pub scores: HashMap<Uuid, LeafScore>,
    pub survey: HashMap<Uuid, Points>,
}

#[derive(Debug, Clone)]
pub struct DocRow {
    pub uuid: Uuid,
    pub info: DocInfo,
    pub file_name: String,
    pub file_size: i64,
    pub sha256: Option<String>,
    pub included: bool,
    pub owner: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct LinkRow {
    pub uuid: Uuid,
    pub doc: Uuid,
    pub assessment: Uuid,
    pub criterion: Uuid,
    pub page: String,
}

/// Everything of a file the merge looks at, read into Rust types.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub units: HashMap<Uuid, UnitRow>,
    pub sets: HashMap<Uuid, IndexSet>,
    pub assessments: HashMap<Uuid, AssessmentRow>,
    pub docs: HashMap<Uuid, DocRow>,
    pub links: HashMap<Uuid, LinkRow>,
    pub audit: Vec<Entry>,
}

fn bad(table: &str, detail: impl Into<String>) -> StoreError {
    StoreError::BadRow {
        table: table.into(),
        detail: detail.into(),
    }
}

fn uuid_of(table: &str, text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| bad(table, format!("mã định danh \"{text}\" không hợp lệ")))
}

/// A received text: NFC and within its limit (a 10 MB note would later break the year's
/// workbook and scorecards).
fn text_ok(strict: bool, table: &str, what: &str, text: &str, limit: usize) -> Result<()> {
    if strict && !within(text, limit) {
        return Err(bad(
            table,
            format!(
                "{what} dài quá {limit} ký tự / longer than {limit} characters: \"{}\"",
                shorten(text, 40)
            ),
        ));
    }
    if strict && !is_nfc(text) {
        return Err(bad(
            table,
            format!("{what} \"{}\" không ở dạng Unicode NFC", shorten(text, 40)),
        ));
    }
    Ok(())
}

/// A count of rows within its limit, checked before the rows are read.
fn count_ok(conn: &Connection, table: &str, limit: usize) -> Result<()> {
    let count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })?;
    if count as u64 > limit as u64 {
        return Err(bad(
            table,
            format!(
                "{count} dòng, quá giới hạn {limit} / {count} rows, above the limit of {limit}"
            ),
        ));
    }
    Ok(())
}

fn date_ok(strict: bool, table: &str, text: &Option<String>) -> Result<()> {
    if strict
        && let Some(t) = text
        && parse_iso_date(t).is_none()
    {
        return Err(bad(table, format!("ngày \"{t}\" không hợp lệ")));
    }
    Ok(())
}

impl Snapshot {
    /// Reads and validates every row the merge uses (a received file).
    pub fn read(conn: &Connection) -> Result<Snapshot> {
        Snapshot::read_checked(conn, true)
    }

    /// Reads the live file: the same rows, without refusing text or dates that older
    /// versions may have stored (the live file is the officer's, not hostile input).
    pub fn read_live(conn: &Connection) -> Result<Snapshot> {
        Snapshot::read_checked(conn, false)
    }

    fn read_checked(conn: &Connection, strict: bool) -> Result<Snapshot> {
        if strict {
            count_ok(conn, "unit", limits::UNITS)?;
            count_ok(conn, "criterion", limits::TREE_NODES * 20)?;
            count_ok(conn, "audit_log", limits::AUDIT_ENTRIES)?;
        }
        let mut snap = Snapshot::default();
        let mut unit_uuid: HashMap<i64, Uuid> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, uuid, code, name, kind, level, valid_from, valid_to, parent_id FROM unit",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<i64>>(8)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut parents = Vec::new();
            for (id, uuid, code, name, kind, level, from, to, parent) in rows {
                let uuid = uuid_of("unit", &uuid)?;
                text_ok(strict, "unit", "tên", &name, limits::NAME_CHARS)?;
                text_ok(strict, "unit", "mã", &code, limits::CODE_CHARS)?;
                if !UNIT_KINDS.contains(&kind.as_str()) {
                    return Err(bad("unit", format!("loại đơn vị \"{kind}\"")));
                }
                date_ok(strict, "unit", &from)?;
                date_ok(strict, "unit", &to)?;
                unit_uuid.insert(id, uuid);
                parents.push((uuid, parent));
                snap.units.insert(
                    uuid,
                    UnitRow {
                        uuid,
                        code,
                        name,
                        kind,
                        level,
                        valid_from: from,
                        valid_to: to,
                        parent: None,
                    },
                );
            }
            for (uuid, parent) in parents {
                if let (Some(p), Some(unit)) = (parent, snap.units.get_mut(&uuid)) {
                    unit.parent = unit_uuid.get(&p).copied();
                }
            }
        }
        let mut set_uuid: HashMap<i64, Uuid> = HashMap::new();
        let mut criteria: HashMap<i64, (Uuid, Uuid)> = HashMap::new();
        for summary in index_sets::list(conn)? {
            let set = index_sets::load_by_id(conn, summary.id)
                .map_err(|e| bad("index_set", e.to_string()))?;
            text_ok(strict, "index_set", "tên", &set.name, limits::NAME_CHARS)?;
            for node in set.nodes() {
                text_ok(strict, "criterion", "mã", &node.code, limits::CODE_CHARS)?;
                text_ok(strict, "criterion", "tên", &node.title, limits::NOTE_CHARS)?;
                text_ok(
                    strict,
                    "criterion",
                    "hướng dẫn",
                    &node.guidance,
                    limits::NOTE_CHARS,
                )?;
            }
            for (cid, uuid) in index_sets::criterion_ids(conn, summary.id)? {
                criteria.insert(cid, (set.id, uuid));
            }
            set_uuid.insert(summary.id, set.id);
            snap.sets.insert(set.id, set);
        }
        let sets_total: i64 = conn.query_row("SELECT count(*) FROM index_set", [], |r| r.get(0))?;
        if sets_total as usize != snap.sets.len() {
            return Err(bad("index_set", "mã định danh hoặc cấp không hợp lệ"));
        }
        let mut assessment_uuid: HashMap<i64, Uuid> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT a.id, a.uuid, a.unit_id, a.index_set_id, a.status, a.locked FROM assessment a",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, bool>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (id, uuid, unit, set, status, locked) in rows {
                let uuid = uuid_of("assessment", &uuid)?;
                let unit = *unit_uuid
                    .get(&unit)
                    .ok_or_else(|| bad("assessment", "đơn vị không tồn tại"))?;
                let set = *set_uuid
                    .get(&set)
                    .ok_or_else(|| bad("assessment", "bộ chỉ số không tồn tại"))?;
                let year = snap.sets.get(&set).map(|s| s.year).unwrap_or_default();
                let status = Status::parse(&status)
                    .ok_or_else(|| bad("assessment", format!("trạng thái \"{status}\"")))?;
                assessment_uuid.insert(id, uuid);
                snap.assessments.insert(
                    uuid,
                    AssessmentRow {
                        uuid,
                        unit,
                        set,
                        year,
                        status,
                        locked,
                        scores: HashMap::new(),
                        survey: HashMap::new(),
                    },
                );
            }
        }
        {
            let mut stmt = conn.prepare(
                "SELECT assessment_id, criterion_id, self_points, self_note, round1_points, round1_reason,
                        explanation, final_points, final_reason, raw_a, raw_b, na_reason FROM score",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    let points = |i: usize| -> rusqlite::Result<Option<Points>> {
                        Ok(r.get::<_, Option<i64>>(i)?.map(Points::from_milli))
                    };
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        LeafScore {
                            self_points: points(2)?,
                            self_note: r.get(3)?,
                            round1: points(4)?,
                            round1_reason: r.get(5)?,
                            explanation: r.get(6)?,
                            final_points: points(7)?,
                            final_reason: r.get(8)?,
                            raw: Raw {
                                a: r.get(9)?,
                                b: r.get(10)?,
                            },
                            na: r.get(11)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (aid, cid, score) in rows {
                let auuid = *assessment_uuid
                    .get(&aid)
                    .ok_or_else(|| bad("score", "phiếu không tồn tại"))?;
                let (set, cuuid) = *criteria
                    .get(&cid)
                    .ok_or_else(|| bad("score", "tiêu chí không tồn tại"))?;
                let a = snap
                    .assessments
                    .get_mut(&auuid)
                    .ok_or_else(|| bad("score", "phiếu không tồn tại"))?;
                let leaf_set = snap
                    .sets
                    .get(&set)
                    .ok_or_else(|| bad("score", "bộ chỉ số"))?;
                if set != a.set {
                    return Err(bad("score", "tiêu chí thuộc bộ chỉ số khác"));
                }
                let node = leaf_set
                    .leaves()
                    .into_iter()
                    .find(|n| n.id == cuuid)
                    .ok_or_else(|| {
                        bad("score", "điểm ở tiêu chí không phải tiêu chí thành phần")
                    })?;
                let Some(leaf) = node.leaf.as_ref() else {
                    return Err(bad("score", "tiêu chí không có điểm tối đa"));
                };
                if strict && leaf.kind == LeafKind::Survey {
                    return Err(bad(
                        "score",
                        format!("{}: điểm điều tra ở bảng điểm", node.code),
                    ));
                }
                for value in [score.self_points, score.round1, score.final_points]
                    .into_iter()
                    .flatten()
                {
                    if strict && value > leaf.max {
                        return Err(bad(
                            "score",
                            format!(
                                "tiêu chí {}: điểm {} vượt điểm tối đa {}",
                                node.code,
                                value.to_vi(),
                                leaf.max.to_vi()
                            ),
                        ));
                    }
                }
                for text in [
                    &score.self_note,
                    &score.round1_reason,
                    &score.explanation,
                    &score.final_reason,
                ]
                .into_iter()
                .chain(score.na.as_ref())
                {
                    text_ok(
                        strict,
                        "score",
                        &format!("ghi chú tiêu chí {}", node.code),
                        text,
                        limits::NOTE_CHARS,
                    )?;
                }
                a.scores.insert(cuuid, score);
            }
        }
        {
            let mut stmt =
                conn.prepare("SELECT assessment_id, criterion_id, points FROM survey_points")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (aid, cid, points) in rows {
                let auuid = *assessment_uuid
                    .get(&aid)
                    .ok_or_else(|| bad("survey_points", "phiếu không tồn tại"))?;
                let (_, cuuid) = *criteria
                    .get(&cid)
                    .ok_or_else(|| bad("survey_points", "tiêu chí không tồn tại"))?;
                if let Some(a) = snap.assessments.get_mut(&auuid) {
                    a.survey.insert(cuuid, Points::from_milli(points));
                }
            }
        }
        let mut doc_uuid: HashMap<i64, Uuid> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT d.id, d.uuid, d.doc_type, d.number, d.issue_date, d.issuer, d.summary, d.file_name,
                        d.file_size, d.sha256, d.owner_unit_id,
                        (SELECT length(b.bytes) FROM evidence_blob b WHERE b.sha256 = d.sha256)
                 FROM evidence_doc d",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, i64>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<i64>>(10)?,
                        r.get::<_, Option<i64>>(11)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (
                id,
                uuid,
                doc_type,
                number,
                issue,
                issuer,
                summary,
                file_name,
                size,
                sha,
                owner,
                blob_len,
            ) in rows
            {
                let uuid = uuid_of("evidence_doc", &uuid)?;
                for t in [&doc_type, &number, &issuer, &file_name] {
                    text_ok(strict, "evidence_doc", "văn bản", t, limits::NAME_CHARS)?;
                }
                text_ok(
                    strict,
                    "evidence_doc",
                    "trích yếu",
                    &summary,
                    limits::NOTE_CHARS,
                )?;
                // A name from outside is only ever used as a safe base name.
                let file_name = if strict {
                    safe_file_name(&file_name)
                } else {
                    file_name
                };
                date_ok(strict, "evidence_doc", &issue)?;
                if let Some(sha) = &sha
                    && !sha.bytes().all(|b| b.is_ascii_hexdigit())
                {
                    return Err(bad("evidence_doc", format!("mã băm \"{sha}\"")));
                }
                if let Some(len) = blob_len
                    && len != size
                {
                    return Err(bad(
                        "evidence_doc",
                        format!("{file_name}: kích thước {size} khác tệp kèm theo ({len})"),
                    ));
                }
                doc_uuid.insert(id, uuid);
                snap.docs.insert(
                    uuid,
                    DocRow {
                        uuid,
                        info: DocInfo {
                            doc_type,
                            number,
                            issue_date: issue.as_deref().and_then(parse_iso_date),
                            issuer,
                            summary,
                        },
                        file_name,
                        file_size: size,
                        sha256: sha,
                        included: blob_len.is_some(),
                        owner: owner.and_then(|o| unit_uuid.get(&o).copied()),
                    },
                );
            }
        }
        {
            let mut stmt = conn.prepare(
                "SELECT uuid, doc_id, assessment_id, criterion_id, page FROM evidence_link",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (uuid, doc, aid, cid, page) in rows {
                let uuid = uuid_of("evidence_link", &uuid)?;
                text_ok(strict, "evidence_link", "trang", &page, limits::NAME_CHARS)?;
                let link = LinkRow {
                    uuid,
                    doc: *doc_uuid
                        .get(&doc)
                        .ok_or_else(|| bad("evidence_link", "văn bản không tồn tại"))?,
                    assessment: *assessment_uuid
                        .get(&aid)
                        .ok_or_else(|| bad("evidence_link", "phiếu không tồn tại"))?,
                    criterion: criteria
                        .get(&cid)
                        .ok_or_else(|| bad("evidence_link", "tiêu chí không tồn tại"))?
                        .1,
                    page,
                };
                snap.links.insert(uuid, link);
            }
        }
        snap.audit = audit::entries(conn)?;
        Ok(snap)
    }

    fn leaf_code(&self, set: &Uuid, criterion: &Uuid) -> String {
        self.sets
            .get(set)
            .and_then(|s| s.leaves().into_iter().find(|n| n.id == *criterion))
            .map(|n| n.code.to_string())
            .unwrap_or_else(|| criterion.to_string())
    }
}

// ---------------------------------------------------------------------------------------
// The received file
// ---------------------------------------------------------------------------------------

/// A private folder removed when dropped.
#[derive(Debug)]
struct PrivateDir(PathBuf);

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A received file, checked and read: the private copy stays open (read-only) until the plan
/// is applied, so the evidence bytes are read from the checked copy, not the original.
#[derive(Debug)]
pub struct Received {
    conn: Connection,
    /// The file as the user picked it.
    pub source: PathBuf,
    /// What the package says it is.
    pub package: PackageInfo,
    /// The key the package was signed with, its signature checked.
    pub signer: SenderKey,
    /// The version the file had when it was older and upgraded on the private copy.
    pub upgraded_from: Option<i64>,
    pub snapshot: Snapshot,
    _dir: PrivateDir,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn hostile_error(error: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_owned()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(
            "tệp bị cắt cụt hoặc hỏng / the file is truncated or corrupt".into(),
        ),
        _ => StoreError::Damaged(error.to_string()),
    }
}

/// The limits of a connection to a received file: no attached databases, short SQL, shallow
/// expressions and triggers, blobs up to 512 MB.
fn lower_limits(conn: &Connection) -> rusqlite::Result<()> {
    for (limit, value) in [
        (Limit::SQLITE_LIMIT_ATTACHED, 0),
        (Limit::SQLITE_LIMIT_LENGTH, 512 * 1024 * 1024),
        (Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000),
        (Limit::SQLITE_LIMIT_COLUMN, 100),
        (Limit::SQLITE_LIMIT_EXPR_DEPTH, 100),
        (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 10),
        (Limit::SQLITE_LIMIT_VDBE_OP, 1_000_000),
        (Limit::SQLITE_LIMIT_FUNCTION_ARG, 8),
        (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100),
        (Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100),
        (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 1),
    ] {
        conn.set_limit(limit, value)?;
    }
    Ok(())
}

fn private_dir() -> Result<PrivateDir> {
    let dir = std::env::temp_dir().join(format!("parindex-import-{}", Uuid::new_v4().simple()));
    std::fs::create_dir(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(PrivateDir(dir))
}

/// A file from outside (a received package, a backup to restore), checked: a private copy
/// opened with defensive settings and lowered limits, its integrity, identity, version,
/// schema (equal to ours: no trigger, view or extra object), audit chain, evidence hashes and
/// signature checked, upgraded on the copy if older. Import and restore both start here.
pub(crate) struct Foreign {
    pub(crate) conn: Connection,
    /// The checked private copy (read it, never the original, which may change meanwhile).
    pub(crate) copy: PathBuf,
    pub(crate) upgraded_from: Option<i64>,
    pub(crate) signer: Option<SenderKey>,
    _dir: PrivateDir,
}

/// Opens a file from outside as hostile input; nothing is written anywhere but a private
/// temporary copy.
pub(crate) fn open_foreign(path: &Path) -> Result<Foreign> {
    // Before anything opens it: a pipe or a device would block or never end, a folder is
    // not a file, and a file too large is not copied.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::Invalid(format!(
                "{} là thư mục, không phải tệp .cchc / is a folder, not a .cchc file",
                path.display()
            )));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::Invalid(format!(
                "{} không phải tệp thông thường (ống dẫn hoặc thiết bị) / is not a regular file (a pipe or a device)",
                path.display()
            )));
        }
        Ok(meta) if meta.len() > limits::RECEIVED_FILE_BYTES => {
            return Err(StoreError::Invalid(format!(
                "Tệp {} lớn hơn {} MB nên không được đọc / the file is larger than {} MB, so it is not read",
                path.display(),
                limits::RECEIVED_FILE_BYTES >> 20,
                limits::RECEIVED_FILE_BYTES >> 20
            )));
        }
        _ => {}
    }
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_owned()),
            _ => StoreError::Io(e),
        })?;
        let read = file.read(&mut header)?;
        if read < 16 || &header != SQLITE_HEADER {
            return Err(StoreError::NotSqlite(path.to_owned()));
        }
    }
    let dir = private_dir()?;
    let copy = dir.0.join("received.cchc");
    std::fs::copy(path, &copy)?;
    let conn = Connection::open_with_flags(
        &copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| hostile_error(e, path))?;
    let configured = (|| -> rusqlite::Result<()> {
        use rusqlite::config::DbConfig;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
        lower_limits(&conn)?;
        conn.execute_batch(
            "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;
             PRAGMA foreign_keys = ON; PRAGMA journal_mode = DELETE;",
        )?;
        Ok(())
    })();
    configured.map_err(|e| hostile_error(e, path))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| hostile_error(e, path))?;
    if check != "ok" {
        return Err(StoreError::Damaged(check));
    }
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| hostile_error(e, path))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotOurs(path.to_owned()));
    }
    let version = upgrade::user_version(&conn)?;
    if version > upgrade::CURRENT_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            known: upgrade::CURRENT_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::NotOurs(path.to_owned()));
    }
    // The signature covers the file as it was sent, so it is checked before the private copy
    // is upgraded; a mismatch is reported after the more specific checks below (a changed
    // schema, a broken log, a damaged evidence file say more than "signature").
    let signed = signing::verify(&conn);
    let mut conn = conn;
    let upgraded_from = if version < upgrade::CURRENT_VERSION {
        let tx = conn.transaction()?;
        upgrade::upgrade(&tx, version)?;
        tx.commit()?;
        Some(version)
    } else {
        None
    };
    upgrade::check_schema(&conn)?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    let broken = audit::verify(&conn)?;
    if !broken.is_empty() {
        return Err(StoreError::BrokenLog(broken));
    }
    let mismatched = evidence::mismatched_blobs(&conn)?;
    if !mismatched.is_empty() {
        return Err(StoreError::EvidenceMismatch(mismatched));
    }
    let signer = signed?;
    Ok(Foreign {
        conn,
        copy,
        upgraded_from,
        signer,
        _dir: dir,
    })
}

/// Opens a received file as hostile input and reads it; nothing is written anywhere but a
/// private temporary copy.
pub fn receive(path: &Path) -> Result<Received> {
    let Foreign {
        conn,
        upgraded_from,
        signer,
        _dir: dir,
        ..
    } = open_foreign(path)?;
    // Only an export is imported: it says what it is and who signed it. A plain file (a
    // working file or a backup sent as it is) could otherwise pass for anyone's.
    let Some(package) = PackageInfo::read(&conn)? else {
        return Err(StoreError::NotAPackage);
    };
    let Some(signer) = signer else {
        return Err(StoreError::Unsigned);
    };
    let snapshot = Snapshot::read(&conn)?;
    {
        let p = &package;
        for entry in &p.manifest {
            let present = snapshot
                .docs
                .values()
                .any(|d| d.sha256.as_deref() == Some(entry.sha256.as_str()) && d.included);
            if entry.included && !present {
                return Err(StoreError::EvidenceMismatch(vec![entry.sha256.clone()]));
            }
        }
        if p.kind == Kind::Unit
            && p.sender_unit
                .is_none_or(|u| !snapshot.units.contains_key(&u))
        {
            return Err(bad("meta", "đơn vị gửi không có trong tệp"));
        }
    }
    Ok(Received {
        conn,
        source: path.to_owned(),
        package,
        signer,
        upgraded_from,
        snapshot,
        _dir: dir,
    })
}

// ---------------------------------------------------------------------------------------
// The merge plan
// ---------------------------------------------------------------------------------------

/// A self-assessment field a submission may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Điểm tự đánh giá.
    SelfPoints,
    /// Ghi chú (how the unit scored).
    SelfNote,
    /// Raw figures of a computed leaf.
    Raw,
    /// Không phát sinh (with its reason).
    Na,
    /// Giải trình.
    Explanation,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Na,
        Field::Raw,
        Field::SelfPoints,
        Field::SelfNote,
        Field::Explanation,
    ];

    /// The audit log's field name.
    pub fn audit_field(self) -> &'static str {
        match self {
            Field::SelfPoints => "self",
            Field::SelfNote => "self_note",
            Field::Raw => "raw",
            Field::Na => "na",
            Field::Explanation => "explanation",
        }
    }

    pub fn label(self, lang: crate::domain::Lang) -> &'static str {
        match self {
            Field::SelfPoints => lang.pick("Điểm tự đánh giá", "Self-assessed points"),
            Field::SelfNote => lang.pick("Ghi chú", "Note"),
            Field::Raw => lang.pick("Số liệu", "Raw figures"),
            Field::Na => lang.pick("Không phát sinh", "Did not arise"),
            Field::Explanation => lang.pick("Giải trình", "Explanation"),
        }
    }

    /// Empties this field of `s` (a refused value is left out).
    fn clear(self, s: &mut LeafScore) {
        match self {
            Field::SelfPoints => s.self_points = None,
            Field::SelfNote => s.self_note.clear(),
            Field::Raw => s.raw = Raw::default(),
            Field::Na => s.na = None,
            Field::Explanation => s.explanation.clear(),
        }
    }

    fn get(self, s: &LeafScore) -> Value {
        match self {
            Field::SelfPoints => Value::Points(s.self_points),
            Field::SelfNote => Value::Text(s.self_note.clone()),
            Field::Raw => Value::Raw(s.raw),
            Field::Na => Value::Na(s.na.clone()),
            Field::Explanation => Value::Text(s.explanation.clone()),
        }
    }
}

/// A typed field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Points(Option<Points>),
    Text(String),
    Raw(Raw),
    Na(Option<String>),
}

impl Value {
    /// The value as the plan prints it ("∅" for nothing).
    pub fn display(&self) -> String {
        match self {
            Value::Points(Some(p)) => p.to_vi(),
            Value::Points(None) | Value::Na(None) => "∅".into(),
            Value::Text(t) if t.is_empty() => "∅".into(),
            Value::Text(t) => t.clone(),
            Value::Raw(r) => match (r.a, r.b) {
                (None, _) => "∅".into(),
                (Some(a), None) => a.to_string(),
                (Some(a), Some(b)) => format!("{a}/{b}"),
            },
            Value::Na(Some(reason)) => format!("không phát sinh: {reason}"),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Value::Points(p) => p.is_none(),
            Value::Text(t) => t.is_empty(),
            Value::Raw(r) => r.a.is_none() && r.b.is_none(),
            Value::Na(n) => n.is_none(),
        }
    }
}

/// Which assessment and leaf a plan item is about, as the officer knows them.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub unit_code: String,
    pub unit_name: String,
    pub year: i32,
    /// The criterion code ("1.2.3"), when the item is about one leaf.
    pub criterion: Option<String>,
    #[serde(skip)]
    assessment: Uuid,
    #[serde(skip)]
    criterion_uuid: Option<Uuid>,
}

/// A field that would change.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub place: Place,
    pub field: Field,
    pub old: Value,
    pub new: Value,
}

/// A value changed on both sides since the common ancestor.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub place: Place,
    pub field: Field,
    /// The value in this (the live) file.
    pub local: Value,
    /// The value in the received file.
    pub incoming: Value,
}

/// Something in the received file that is left out, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub place: Place,
    /// What was left out: "Điểm thẩm định vòng 1", "Trạng thái", "Bộ chỉ số"…
    pub what: String,
    /// Why, written "tiếng Việt / English" (the plan is shown in either language).
    pub reason: String,
}

impl Refused {
    /// The reason in `lang`: the part before " / " in Vietnamese, after it in English; a
    /// reason written in one language only is shown as it is.
    pub fn reason_in(&self, lang: crate::domain::Lang) -> &str {
        match self.reason.split_once(" / ") {
            Some((vi, en)) => lang.pick(vi, en),
            None => &self.reason,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NewUnit {
    pub uuid: Uuid,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewAssessment {
    pub place: Place,
    pub uuid: Uuid,
    /// The self-assessment fields it brings (appraisal fields are refused).
    pub leaves: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewEvidence {
    pub uuid: Uuid,
    /// "Kế hoạch số 17/KH-UBND ngày 08/01/2021".
    pub reference: String,
    pub file_name: String,
    pub file_size: i64,
    /// Whether the file's bytes came with it (else: "file not included").
    pub file_included: bool,
    /// The document exists here already and only its file is new.
    pub file_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewLink {
    pub place: Place,
    pub doc: Uuid,
    pub reference: String,
    pub page: String,
    #[serde(skip)]
    uuid: Uuid,
}

/// The plan of an import: everything it would change, in plain data the GUI can render.
#[derive(Debug, Clone, Serialize)]
pub struct MergePlan {
    pub package: Option<PackageInfo>,
    pub source: PathBuf,
    /// The package's id is already in this file's audit log.
    pub already_imported: bool,
    /// Received audit entries up to the fork point, all of them in this file's log too
    /// (0: no common history).
    pub common_history: usize,
    pub new_units: Vec<NewUnit>,
    pub new_assessments: Vec<NewAssessment>,
    pub changes: Vec<FieldChange>,
    pub new_evidence: Vec<NewEvidence>,
    pub new_links: Vec<NewLink>,
    pub conflicts: Vec<Conflict>,
    pub refused: Vec<Refused>,
    /// Assessments that are locked here and take the submission as a late one.
    pub late: Vec<Place>,
    /// The live file's last audit hash when the plan was made.
    live_head: Option<String>,
    #[serde(skip)]
    new_assessment_scores: HashMap<Uuid, Vec<(Uuid, LeafScore)>>,
    /// Who signed the package and whether this file already trusts that key.
    pub signer: Signer,
    /// The received file shares no history with this one (see [`Choices::accept_unrelated`]).
    pub unrelated: bool,
}

/// The sender of a signed package as this file sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Signer {
    pub key: SenderKey,
    /// `unit:<uuid>` for a unit's submission, `key:<fingerprint>` for a whole or year file.
    pub sender: String,
    /// "01795 Xã Đức Long", or who made the file for a whole or year file.
    pub label: String,
    /// This file accepted the key before; `false`: first package of this sender.
    pub known: bool,
}

impl MergePlan {
    /// Whether applying would change nothing.
    pub fn is_empty(&self) -> bool {
        self.new_units.is_empty()
            && self.new_assessments.is_empty()
            && self.changes.is_empty()
            && self.new_evidence.is_empty()
            && self.new_links.is_empty()
            && self.conflicts.is_empty()
    }
}

/// Options of the plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Accept a submission into a locked (final) assessment.
    pub allow_late: bool,
}

/// The choice for one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Resolution {
    KeepLocal,
    TakeIncoming,
}

/// The user's choices when applying.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// One entry per conflict of the plan, in order; `None` = not chosen.
    pub conflicts: Vec<Option<Resolution>>,
    /// A choice for every conflict not chosen one by one.
    pub all_conflicts: Option<Resolution>,
    /// The officer compared the sender's key fingerprint with the sender (by phone) and
    /// accepts it.
    pub trust_sender: bool,
    /// The officer accepts a whole or year file that shares no history with this one.
    pub accept_unrelated: bool,
}

/// What an apply did.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub backup: Option<PathBuf>,
    pub changes: usize,
    pub package: Option<Uuid>,
}

/// The fork point of two logs: the positions just after the last received entry that the
/// live log also has (by hash), in the live log and in the received one; `(0, 0)` when they
/// share none. Logs that share a prefix fork where it ends; an excerpt (a year or unit
/// export, see [`audit::EXCERPT_THROUGH`]) shares scattered entries of the live log and
/// forks after the last of them: the live entries between were left out because they are
/// about other assessments.
fn fork_point(live: &[Entry], received: &[Entry]) -> (usize, usize) {
    let positions: HashMap<&str, usize> = live
        .iter()
        .enumerate()
        .map(|(i, e)| (e.hash.as_str(), i))
        .collect();
    received
        .iter()
        .enumerate()
        .rev()
        .find_map(|(j, e)| positions.get(e.hash.as_str()).map(|&i| (i + 1, j + 1)))
        .unwrap_or((0, 0))
}

const APPRAISAL: [(&str, &str); 4] = [
    ("Điểm thẩm định vòng 1", "round1"),
    ("Lý do thẩm định vòng 1", "round1_reason"),
    ("Điểm thẩm định cuối", "final"),
    ("Lý do thẩm định cuối", "final_reason"),
];

fn appraisal_values(s: &LeafScore) -> [String; 4] {
    [
        Value::Points(s.round1).display(),
        s.round1_reason.clone(),
        Value::Points(s.final_points).display(),
        s.final_reason.clone(),
    ]
}

impl Store {
    /// The signer of a received package against this file's trusted keys: a unit whose key is
    /// registered must sign with that key ([`StoreError::KeyMismatch`] otherwise).
    fn check_signer(
        &self,
        received: &Received,
        kind: Kind,
        sender_unit: Option<&UnitRow>,
    ) -> Result<Signer> {
        let key = received.signer;
        // A package this file made itself (the district's own package for a commune, read
        // back): its own key, trusted as itself, never offered as the commune's.
        if self.own_key()? == Some(key) {
            return Ok(Signer {
                key,
                sender: format!("key:{}", key.fingerprint()),
                label: "tệp này / this file".into(),
                known: true,
            });
        }
        let (sender, label) = match (kind, sender_unit) {
            (Kind::Unit, Some(u)) => (format!("unit:{}", u.uuid), format!("{} {}", u.code, u.name)),
            _ => (
                format!("key:{}", key.fingerprint()),
                received.package.created_by.clone(),
            ),
        };
        let known = match signing::trusted(self.conn(), &sender)? {
            Some(t) if t.key == key => true,
            Some(t) => {
                return Err(StoreError::KeyMismatch {
                    sender: label,
                    expected: t.key.fingerprint(),
                    found: key.fingerprint(),
                });
            }
            None => false,
        };
        Ok(Signer {
            key,
            sender,
            label,
            known,
        })
    }

    /// Builds the merge plan of a received file; changes nothing.
    pub fn plan_import(&self, received: &Received, options: PlanOptions) -> Result<MergePlan> {
        let live = Snapshot::read_live(self.conn())?;
        let pkg = &received.snapshot;
        let kind = received.package.kind;
        let sender = received.package.sender_unit;
        let package_id = Some(received.package.id.to_string());
        let (live_fork, fork) = fork_point(&live.audit, &pkg.audit);
        let incoming_edits: HashSet<(&str, &str)> = pkg.audit[fork..]
            .iter()
            .map(|e| (e.subject.as_str(), e.field.as_str()))
            .collect();
        let local_edits: HashSet<(&str, &str)> = live.audit[live_fork..]
            .iter()
            .filter(|e| e.package.is_none())
            .map(|e| (e.subject.as_str(), e.field.as_str()))
            .collect();
        // A difference in a field this side owns is only the received file's stale copy when
        // this side edited the field after the fork and the received file did not; anything
        // else (an edit in the received file, or a value no entry explains) is refused and
        // listed.
        let stale = |live_subject: &str, their_subject: &str, field: &str| {
            fork > 0
                && local_edits.contains(&(live_subject, field))
                && !incoming_edits.contains(&(their_subject, field))
        };
        if kind == Kind::Unit && !sender.is_some_and(|u| live.units.contains_key(&u)) {
            let code = received.package.sender_code.clone().unwrap_or_default();
            return Err(bad(
                "meta",
                format!(
                    "đơn vị gửi {} không có trong tệp này / the sending unit is not in this file",
                    for_terminal(&code)
                ),
            ));
        }
        let signer = self.check_signer(received, kind, sender.and_then(|u| live.units.get(&u)))?;
        let already_imported = package_id
            .as_deref()
            .is_some_and(|id| live.audit.iter().any(|e| e.package.as_deref() == Some(id)));

        let mut plan = MergePlan {
            package: Some(received.package.clone()),
            source: received.source.clone(),
            already_imported,
            common_history: fork,
            new_units: Vec::new(),
            new_assessments: Vec::new(),
            changes: Vec::new(),
            new_evidence: Vec::new(),
            new_links: Vec::new(),
            conflicts: Vec::new(),
            refused: Vec::new(),
            late: Vec::new(),
            live_head: live.audit.last().map(|e| e.hash.clone()),
            new_assessment_scores: HashMap::new(),
            signer,
            // Two files that never shared an entry: a whole or year file of another office
            // would add its units and documents beside this file's own.
            unrelated: fork == 0
                && kind != Kind::Unit
                && !live.audit.is_empty()
                && !pkg.audit.is_empty(),
        };

        // A unit is named as this file knows it: a package cannot rename a unit in the plan.
        let unit_of = |uuid: &Uuid| live.units.get(uuid).or_else(|| pkg.units.get(uuid));
        let place = |a: &AssessmentRow, live_uuid: Uuid, criterion: Option<Uuid>| {
            let unit = unit_of(&a.unit);
            Place {
                unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                year: a.year,
                criterion: criterion.map(|c| pkg.leaf_code(&a.set, &c)),
                assessment: live_uuid,
                criterion_uuid: criterion,
            }
        };

        // Units: new ones come only in a whole or year file.
        if kind != Kind::Unit {
            let mut new: Vec<&UnitRow> = pkg
                .units
                .values()
                .filter(|u| !live.units.contains_key(&u.uuid))
                .collect();
            // A unit whose chain of parents loops is refused while planning (at apply it
            // would stop the whole import).
            let in_cycle = |u: &UnitRow| {
                let mut seen = HashSet::from([u.uuid]);
                let mut parent = u.parent;
                while let Some(p) = parent {
                    if !seen.insert(p) {
                        return true;
                    }
                    parent = pkg.units.get(&p).and_then(|x| x.parent);
                }
                false
            };
            new.retain(|u| {
                let looped = in_cycle(u);
                if looped {
                    plan.refused.push(Refused {
                        place: Place {
                            unit_code: u.code.clone(),
                            unit_name: u.name.clone(),
                            year: 0,
                            criterion: None,
                            assessment: Uuid::nil(),
                            criterion_uuid: None,
                        },
                        what: "Đơn vị".into(),
                        reason:
                            "đơn vị cấp trên tạo thành vòng lặp / its parent units form a cycle"
                                .into(),
                    });
                }
                !looped
            });
            new.sort_by(|a, b| a.code.cmp(&b.code).then(a.valid_from.cmp(&b.valid_from)));
            plan.new_units = new
                .into_iter()
                .map(|u| NewUnit {
                    uuid: u.uuid,
                    code: u.code.clone(),
                    name: u.name.clone(),
                })
                .collect();
        }
        let known_unit =
            |u: &Uuid| live.units.contains_key(u) || plan.new_units.iter().any(|n| n.uuid == *u);

        // Assessments, in a stable order.
        let mut incoming: Vec<&AssessmentRow> = pkg.assessments.values().collect();
        incoming.sort_by_key(|a| (a.year, unit_of(&a.unit).map(|u| u.code.clone())));
        // The live assessment each received one maps to.
        let mut mapped: HashMap<Uuid, Uuid> = HashMap::new();
        for a in incoming {
            let here = live.assessments.get(&a.uuid).or_else(|| {
                live.assessments
                    .values()
                    .find(|l| l.unit == a.unit && l.set == a.set)
            });
            let live_uuid = here.map_or(a.uuid, |h| h.uuid);
            let whole = place(a, live_uuid, None);
            // Every row is resolved through its unit and set, never by the uuid alone: an
            // assessment id that is another unit's (or another year's) here is refused.
            if here.is_some_and(|h| h.unit != a.unit || h.set != a.set) {
                plan.refused.push(Refused {
                    place: Place {
                        assessment: a.uuid,
                        ..whole
                    },
                    what: "Phiếu chấm điểm".into(),
                    reason: "mã phiếu trùng với phiếu của đơn vị hoặc năm khác trong tệp này / the assessment id belongs to another unit or year here".into(),
                });
                continue;
            }
            if kind == Kind::Unit && Some(a.unit) != sender {
                plan.refused.push(Refused {
                    place: whole,
                    what: "Phiếu chấm điểm".into(),
                    reason: "không thuộc đơn vị gửi / not the sending unit's".into(),
                });
                continue;
            }
            let Some(live_set) = live.sets.get(&a.set) else {
                plan.refused.push(Refused {
                    place: whole,
                    what: "Bộ chỉ số".into(),
                    reason: "bộ chỉ số chưa có trong tệp này; bộ chỉ số chỉ do cơ quan chấm điểm ban hành / the index set is not in this file; index sets come only from this side".into(),
                });
                continue;
            };
            if pkg.sets.get(&a.set) != Some(live_set)
                && !plan.refused.iter().any(|r| {
                    r.what == "Bộ chỉ số"
                        && r.place.year == a.year
                        && r.place.unit_code == whole.unit_code
                })
            {
                plan.refused.push(Refused {
                    place: whole.clone(),
                    what: "Bộ chỉ số".into(),
                    reason: "bộ chỉ số trong tệp nhận được khác tệp này; giữ bộ chỉ số của tệp này / the received index set differs; this file's set is kept".into(),
                });
            }
            let live_leaf = |c: &Uuid| {
                live_set
                    .leaves()
                    .into_iter()
                    .find(|n| n.id == *c)
                    .and_then(|n| n.leaf.as_ref())
                    .filter(|l| l.kind != LeafKind::Survey)
            };
            let leaf_ok = |c: &Uuid| live_leaf(c).is_some();
            let Some(here) = here else {
                // A new assessment: needs its unit here (or arriving).
                if !known_unit(&a.unit) {
                    plan.refused.push(Refused {
                        place: whole,
                        what: "Phiếu chấm điểm".into(),
                        reason: "đơn vị chưa có trong tệp này / the unit is not in this file"
                            .into(),
                    });
                    continue;
                }
                let mut leaves = Vec::new();
                for (c, s) in &a.scores {
                    if !leaf_ok(c) {
                        continue;
                    }
                    if appraisal_values(s) != appraisal_values(&LeafScore::default()) {
                        plan.refused.push(Refused {
                            place: place(a, live_uuid, Some(*c)),
                            what: "Điểm thẩm định".into(),
                            reason: "điểm thẩm định chỉ do cơ quan thẩm định nhập / appraisal comes only from this side".into(),
                        });
                    }
                    let mut own = LeafScore {
                        self_points: s.self_points,
                        self_note: s.self_note.clone(),
                        raw: s.raw,
                        na: s.na.clone(),
                        explanation: s.explanation.clone(),
                        ..LeafScore::default()
                    };
                    if let Some(leaf) = live_leaf(c) {
                        for field in Field::ALL {
                            if let Some(reason) = rule_refusal(leaf, field, &field.get(&own)) {
                                plan.refused.push(Refused {
                                    place: place(a, live_uuid, Some(*c)),
                                    what: field.label(crate::domain::Lang::Vi).into(),
                                    reason,
                                });
                                field.clear(&mut own);
                            }
                        }
                    }
                    leaves.push((*c, own));
                }
                leaves.sort_by_key(|(c, _)| pkg.leaf_code(&a.set, c));
                mapped.insert(a.uuid, live_uuid);
                plan.new_assessments.push(NewAssessment {
                    place: whole,
                    uuid: a.uuid,
                    leaves: leaves.len(),
                });
                plan.new_assessment_scores.insert(a.uuid, leaves);
                continue;
            };
            mapped.insert(a.uuid, here.uuid);
            let status_stale = stale(
                &format!("assessment:{}", here.uuid),
                &format!("assessment:{}", a.uuid),
                "status",
            );
            if (here.status != a.status || here.locked != a.locked) && !status_stale {
                plan.refused.push(Refused {
                    place: whole.clone(),
                    what: "Trạng thái".into(),
                    reason: format!(
                        "trạng thái/khóa chỉ do cơ quan thẩm định đặt ({} → {} bị bỏ qua) / status and lock come only from this side",
                        here.status.as_str(),
                        a.status.as_str()
                    ),
                });
            }
            let mut criteria: Vec<&Uuid> = a.scores.keys().collect();
            criteria.sort_by_key(|c| pkg.leaf_code(&a.set, c));
            let mut late = false;
            let mut late_refused = false;
            for c in criteria {
                let theirs = &a.scores[c];
                let ours = here.scores.get(c).cloned().unwrap_or_default();
                let at = place(a, here.uuid, Some(*c));
                if !leaf_ok(c) {
                    plan.refused.push(Refused {
                        place: at,
                        what: "Tiêu chí".into(),
                        reason: "tiêu chí không có trong bộ chỉ số của tệp này / not a leaf of this file's index set".into(),
                    });
                    continue;
                }
                let subject = score_subject(&here.uuid.to_string(), &c.to_string());
                let subject_theirs = score_subject(&a.uuid.to_string(), &c.to_string());
                let (ours_a, theirs_a) = (appraisal_values(&ours), appraisal_values(theirs));
                for (i, (label, field)) in APPRAISAL.iter().enumerate() {
                    // The reasons are recorded with their points' entries.
                    let audited = if i < 2 { "round1" } else { "final" };
                    if ours_a[i] != theirs_a[i] && !stale(&subject, &subject_theirs, audited) {
                        plan.refused.push(Refused {
                            place: at.clone(),
                            what: (*label).into(),
                            reason: format!(
                                "{field}: {} → {} bị bỏ qua; điểm thẩm định chỉ do cơ quan thẩm định nhập / ignored: appraisal comes only from this side",
                                if ours_a[i].is_empty() { "∅" } else { &ours_a[i] },
                                if theirs_a[i].is_empty() { "∅" } else { &theirs_a[i] },
                            ),
                        });
                    }
                }
                for field in Field::ALL {
                    let (old, new) = (field.get(&ours), field.get(theirs));
                    if old == new {
                        continue;
                    }
                    let key = field.audit_field();
                    let (theirs_changed, ours_changed) = if fork == 0 {
                        (true, !old.is_empty())
                    } else {
                        (
                            incoming_edits.contains(&(subject_theirs.as_str(), key))
                                || (field == Field::SelfPoints
                                    && incoming_edits.contains(&(subject_theirs.as_str(), "raw"))),
                            local_edits.contains(&(subject.as_str(), key)),
                        )
                    };
                    if !theirs_changed {
                        // A value no entry of the received log explains (written behind the
                        // program's back, or by an old version without its entry) is listed,
                        // not silently dropped.
                        if fork > 0 && !stale(&subject, &subject_theirs, key) {
                            plan.refused.push(Refused {
                                place: at.clone(),
                                what: field.label(crate::domain::Lang::Vi).into(),
                                reason: format!(
                                    "{} → {}: không có trong nhật ký của tệp nhận được / not recorded in the received file's log",
                                    old.display(),
                                    new.display()
                                ),
                            });
                        }
                        continue;
                    }
                    if let Some(leaf) = live_leaf(c)
                        && let Some(reason) = rule_refusal(leaf, field, &new)
                    {
                        plan.refused.push(Refused {
                            place: at.clone(),
                            what: field.label(crate::domain::Lang::Vi).into(),
                            reason,
                        });
                        continue;
                    }
                    if here.locked && !options.allow_late {
                        late_refused = true;
                        continue;
                    }
                    late |= here.locked;
                    if ours_changed {
                        plan.conflicts.push(Conflict {
                            place: at.clone(),
                            field,
                            local: old,
                            incoming: new,
                        });
                    } else {
                        plan.changes.push(FieldChange {
                            place: at.clone(),
                            field,
                            old,
                            new,
                        });
                    }
                }
            }
            if late_refused {
                plan.refused.push(Refused {
                    place: whole.clone(),
                    what: "Phiếu đã khóa".into(),
                    reason: "phiếu đã công bố (khóa); chỉ nhận bản nộp muộn khi cho phép rõ ràng (--allow-late) / locked: accepted only as an explicitly allowed late submission".into(),
                });
            }
            if late {
                plan.late.push(whole.clone());
            }
            // Survey points come only from this side.
            for (c, p) in &a.survey {
                let stale_survey = stale(
                    &score_subject(&here.uuid.to_string(), &c.to_string()),
                    &score_subject(&a.uuid.to_string(), &c.to_string()),
                    "survey",
                );
                if here.survey.get(c) != Some(p) && !stale_survey {
                    plan.refused.push(Refused {
                        place: place(a, here.uuid, Some(*c)),
                        what: "Điểm điều tra xã hội học".into(),
                        reason: "điểm điều tra chỉ do cơ quan thẩm định nhập / survey points come only from this side".into(),
                    });
                }
            }
        }

        // Evidence: new documents and links of accepted assessments.
        let accepted = |a: &Uuid| {
            mapped.get(a).is_some_and(|live_a| {
                !live.assessments.get(live_a).is_some_and(|l| l.locked) || options.allow_late
            })
        };
        let mut links: Vec<&LinkRow> = pkg.links.values().collect();
        links.sort_by_key(|l| {
            (
                l.assessment,
                pkg.docs.get(&l.doc).map(|d| d.file_name.clone()),
                l.uuid,
            )
        });
        let mut wanted_docs: Vec<Uuid> = Vec::new();
        for l in links {
            let Some(a) = pkg.assessments.get(&l.assessment) else {
                continue;
            };
            if !accepted(&l.assessment) {
                continue;
            }
            let Some(live_a) = mapped.get(&l.assessment).copied() else {
                continue;
            };
            let exists = live.links.contains_key(&l.uuid)
                || live.links.values().any(|x| {
                    x.doc == l.doc && x.assessment == live_a && x.criterion == l.criterion
                });
            if exists {
                continue;
            }
            let Some(doc) = pkg.docs.get(&l.doc) else {
                continue;
            };
            let live_set = live.assessments.get(&live_a).map(|x| x.set).or(Some(a.set));
            let is_leaf = live_set
                .and_then(|set| live.sets.get(&set))
                .is_some_and(|set| set.leaves().iter().any(|n| n.id == l.criterion));
            if !is_leaf {
                plan.refused.push(Refused {
                    place: place(a, live_a, Some(l.criterion)),
                    what: "Liên kết tài liệu".into(),
                    reason: "tiêu chí không có trong bộ chỉ số của tệp này / not a criterion of this file's index set".into(),
                });
                continue;
            }
            if !wanted_docs.contains(&l.doc) {
                wanted_docs.push(l.doc);
            }
            plan.new_links.push(NewLink {
                place: place(a, live_a, Some(l.criterion)),
                doc: l.doc,
                reference: doc_reference(doc),
                page: l.page.clone(),
                uuid: l.uuid,
            });
        }
        // Documents owned by the sender (or any, in a whole/year file) without links.
        for d in pkg.docs.values() {
            let owned = match kind {
                Kind::Unit => d.owner.is_some() && d.owner == sender,
                _ => true,
            };
            if owned && !wanted_docs.contains(&d.uuid) {
                wanted_docs.push(d.uuid);
            }
        }
        wanted_docs.sort_by_key(|u| pkg.docs.get(u).map(|d| (d.file_name.clone(), d.uuid)));
        for uuid in wanted_docs {
            let Some(d) = pkg.docs.get(&uuid) else {
                continue;
            };
            match live.docs.get(&uuid) {
                None => plan.new_evidence.push(NewEvidence {
                    uuid,
                    reference: doc_reference(d),
                    file_name: d.file_name.clone(),
                    file_size: d.file_size,
                    file_included: d.included,
                    file_only: false,
                }),
                Some(here) if !here.included && d.included && here.sha256 == d.sha256 => {
                    plan.new_evidence.push(NewEvidence {
                        uuid,
                        reference: doc_reference(d),
                        file_name: d.file_name.clone(),
                        file_size: d.file_size,
                        file_included: true,
                        file_only: true,
                    })
                }
                Some(_) => {}
            }
        }
        Ok(plan)
    }

    /// Applies a plan in one transaction after an automatic backup. Conflicts need a choice
    /// (else [`StoreError::Unresolved`] and nothing changes); a live file changed since the plan
    /// was made is refused ([`StoreError::PlanOutdated`]).
    pub fn apply_import(
        &mut self,
        received: &Received,
        plan: &MergePlan,
        choices: &Choices,
    ) -> Result<Applied> {
        self.apply_import_with_progress(received, plan, choices, |_, _| {})
    }

    /// [`Store::apply_import`], calling `progress(done, total)` as items are applied (for a
    /// progress bar; `total` is the plan's item count).
    pub fn apply_import_with_progress(
        &mut self,
        received: &Received,
        plan: &MergePlan,
        choices: &Choices,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Applied> {
        let head: Option<String> = audit::entries(self.conn())?.last().map(|e| e.hash.clone());
        if head != plan.live_head {
            return Err(StoreError::PlanOutdated);
        }
        let resolutions: Vec<Resolution> = plan
            .conflicts
            .iter()
            .enumerate()
            .filter_map(|(i, _)| {
                choices
                    .conflicts
                    .get(i)
                    .copied()
                    .flatten()
                    .or(choices.all_conflicts)
            })
            .collect();
        if resolutions.len() != plan.conflicts.len() {
            return Err(StoreError::Unresolved(
                plan.conflicts.len() - resolutions.len(),
            ));
        }
        if !plan.signer.known && !choices.trust_sender {
            return Err(StoreError::SenderNotTrusted(plan.signer.key.fingerprint()));
        }
        if plan.unrelated && !choices.accept_unrelated && !plan.is_empty() {
            return Err(StoreError::Unrelated);
        }
        let package = plan.package.as_ref().map(|p| p.id);
        if plan.is_empty() {
            return Ok(Applied {
                backup: None,
                changes: 0,
                package,
            });
        }
        let backup = backup::take(self, Reason::Import)?;
        let actor = self.actor().to_owned();
        let package_text = package.map(|p| p.to_string());
        let pkg = &received.snapshot;
        let allow_late = !plan.late.is_empty();
        let total = plan.new_units.len()
            + plan.new_assessments.len()
            + plan.changes.len()
            + resolutions
                .iter()
                .filter(|r| **r == Resolution::TakeIncoming)
                .count()
            + plan.new_evidence.len()
            + plan.new_links.len();
        let mut done = 0;
        let mut step = |n: &mut usize| {
            *n += 1;
            progress(*n, total);
        };
        let changes = self.write(|tx| {
            let pid = package_text.as_deref();
            let mut count = 0;
            // New units, parents first.
            let mut pending: Vec<&NewUnit> = plan.new_units.iter().collect();
            while !pending.is_empty() {
                let before = pending.len();
                let mut rest = Vec::new();
                for n in pending {
                    let Some(u) = pkg.units.get(&n.uuid) else {
                        continue;
                    };
                    let parent = match u.parent {
                        Some(p) => match units::id_of_uuid(tx, &p)? {
                            Some(id) => Some(id),
                            None if plan.new_units.iter().any(|x| x.uuid == p) => {
                                rest.push(n);
                                continue;
                            }
                            None => None,
                        },
                        None => None,
                    };
                    units::add_with_uuid(
                        tx,
                        u.uuid,
                        &units::NewUnit {
                            code: u.code.clone(),
                            name: u.name.clone(),
                            kind: u.kind.clone(),
                            level: u.level.clone(),
                            valid_from: u.valid_from.as_deref().and_then(parse_iso_date),
                            valid_to: u.valid_to.as_deref().and_then(parse_iso_date),
                            parent_id: parent,
                        },
                    )?;
                    count += 1;
                    step(&mut done);
                }
                if rest.len() == before {
                    return Err(bad("unit", "vòng lặp đơn vị cấp trên"));
                }
                pending = rest;
            }
            // New assessments with their self-assessment fields.
            let status = match plan.package.as_ref().map(|p| p.kind) {
                Some(Kind::Unit) => Status::Submitted,
                _ => Status::Draft,
            };
            for n in &plan.new_assessments {
                let Some(a) = pkg.assessments.get(&n.uuid) else {
                    continue;
                };
                let unit_id =
                    units::id_of_uuid(tx, &a.unit)?.ok_or_else(|| bad("unit", "đơn vị"))?;
                let set_id = index_sets::id_of_uuid(tx, &a.set)?
                    .ok_or_else(|| bad("index_set", "bộ chỉ số"))?;
                let id = assessments::create_with_uuid(
                    tx, &actor, a.uuid, unit_id, set_id, status, pid,
                )?;
                let live_a =
                    assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment", "phiếu"))?;
                let set = index_sets::load_by_id(tx, set_id)?;
                for (c, s) in plan
                    .new_assessment_scores
                    .get(&n.uuid)
                    .into_iter()
                    .flatten()
                {
                    let code = set
                        .leaves()
                        .into_iter()
                        .find(|l| l.id == *c)
                        .map(|l| l.code.clone())
                        .ok_or_else(|| bad("score", "tiêu chí"))?;
                    for field in Field::ALL {
                        let value = field.get(s);
                        if value != field.get(&LeafScore::default()) {
                            apply_field(tx, &actor, &live_a, &set, &code, field, value, pid)?;
                            count += 1;
                        }
                    }
                }
                step(&mut done);
            }
            // Field changes and the conflicts resolved to the incoming value.
            let taken = plan
                .conflicts
                .iter()
                .zip(&resolutions)
                .filter(|(_, r)| **r == Resolution::TakeIncoming)
                .map(|(c, _)| (&c.place, c.field, &c.incoming));
            let all: Vec<(&Place, Field, &Value)> = plan
                .changes
                .iter()
                .map(|c| (&c.place, c.field, &c.new))
                .chain(taken)
                .collect();
            let mut cache: HashMap<Uuid, (Assessment, IndexSet)> = HashMap::new();
            for (place, field, value) in all {
                let Some(criterion) = place.criterion_uuid else {
                    continue;
                };
                let (a, set) = match cache.entry(place.assessment) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let id = assessments::id_of_uuid(tx, &place.assessment)?
                            .ok_or_else(|| bad("assessment", "phiếu"))?;
                        let mut a = assessments::by_id(tx, id)?
                            .ok_or_else(|| bad("assessment", "phiếu"))?;
                        if a.locked && !allow_late {
                            return Err(StoreError::Locked {
                                unit: a.unit.name.clone(),
                                year: a.year,
                            });
                        }
                        // An explicitly allowed late submission: the lock admits the
                        // self-assessment fields only, and the assessment stays locked.
                        a.locked = false;
                        let set = index_sets::load_by_id(tx, a.set_id)?;
                        e.insert((a, set))
                    }
                };
                let code = set
                    .leaves()
                    .into_iter()
                    .find(|l| l.id == criterion)
                    .map(|l| l.code.clone())
                    .ok_or_else(|| bad("score", "tiêu chí"))?;
                apply_field(tx, &actor, a, set, &code, field, value.clone(), pid)?;
                count += 1;
                step(&mut done);
            }
            // Evidence documents and files.
            for e in &plan.new_evidence {
                let Some(d) = pkg.docs.get(&e.uuid) else {
                    continue;
                };
                if e.file_included
                    && let Some(sha) = &d.sha256
                {
                    let bytes = evidence::bytes(&received.conn, sha)?
                        .ok_or_else(|| StoreError::EvidenceMismatch(vec![sha.clone()]))?;
                    if evidence::store_blob(tx, &bytes)? != *sha {
                        return Err(StoreError::EvidenceMismatch(vec![sha.clone()]));
                    }
                }
                if !e.file_only {
                    // A unit's submission owns documents for itself only.
                    let sender = plan.package.as_ref().filter(|p| p.kind == Kind::Unit);
                    let owner = match d.owner {
                        Some(o) if sender.is_none_or(|p| p.sender_unit == Some(o)) => {
                            units::id_of_uuid(tx, &o)?
                        }
                        _ => None,
                    };
                    evidence::insert_doc(
                        tx,
                        &actor,
                        &NewDoc {
                            uuid: d.uuid,
                            info: d.info.clone(),
                            file_name: d.file_name.clone(),
                            file_size: d.file_size,
                            sha256: d.sha256.clone(),
                            owner_unit_id: owner,
                        },
                        pid,
                    )?;
                }
                count += 1;
                step(&mut done);
            }
            for l in &plan.new_links {
                let Some(criterion) = l.place.criterion_uuid else {
                    continue;
                };
                let doc_id = evidence::id_of_uuid(tx, &l.doc)?
                    .ok_or_else(|| bad("evidence_doc", "văn bản"))?;
                let id = assessments::id_of_uuid(tx, &l.place.assessment)?
                    .ok_or_else(|| bad("assessment", "phiếu"))?;
                let mut a =
                    assessments::by_id(tx, id)?.ok_or_else(|| bad("assessment", "phiếu"))?;
                if a.locked && allow_late {
                    a.locked = false;
                }
                let set = index_sets::load_by_id(tx, a.set_id)?;
                let code = set
                    .leaves()
                    .into_iter()
                    .find(|n| n.id == criterion)
                    .map(|n| n.code.clone())
                    .ok_or_else(|| bad("evidence_link", "tiêu chí"))?;
                evidence::link_from(
                    tx,
                    &actor,
                    doc_id,
                    &a,
                    &set,
                    &code,
                    &l.page,
                    Some(l.uuid),
                    pid,
                )?;
                count += 1;
                step(&mut done);
            }
            // The sender's key, accepted now: later packages of the sender must carry it.
            if let Some(signer) = Some(&plan.signer).filter(|s| !s.known) {
                signing::trust(tx, &signer.sender, signer.key, &signer.label, &actor)?;
                audit::append(
                    tx,
                    &Change {
                        actor: &actor,
                        action: "trust",
                        subject: format!("sender:{}", signer.sender),
                        field: "key",
                        old: None,
                        new: Some(signer.key.fingerprint()),
                        reason: &signer.label,
                        package: pid,
                    },
                )?;
            }
            // The import itself, so the log names the package and its sender.
            let what = plan.package.as_ref().map(|p| {
                format!(
                    "{} {} {}",
                    p.kind.as_str(),
                    p.sender_code.clone().unwrap_or_default(),
                    p.year.map(|y| y.to_string()).unwrap_or_default()
                )
                .trim()
                .to_owned()
            });
            audit::append(
                tx,
                &Change {
                    actor: &actor,
                    action: "import",
                    subject: format!("package:{}", package_text.clone().unwrap_or_default()),
                    field: "package",
                    old: None,
                    new: what,
                    reason: if allow_late {
                        "nộp muộn được cho phép / late submission allowed"
                    } else {
                        ""
                    },
                    package: pid,
                },
            )?;
            Ok(count)
        })?;
        Ok(Applied {
            backup: Some(backup),
            changes,
            package,
        })
    }
}

/// Why a received value breaks this file's rules for `leaf`, if it does: checked while
/// planning, so a bad value is listed as refused and the rest of the package still applies
/// (at apply time it would stop the whole import after the backup).
fn rule_refusal(leaf: &Leaf, field: Field, value: &Value) -> Option<String> {
    let lang = crate::domain::Lang::Vi;
    match (field, value) {
        (Field::SelfPoints, Value::Points(Some(p))) if *p > leaf.max => Some(format!(
            "điểm {} vượt điểm tối đa {} của tệp này / above this file's maximum",
            p.to_vi(),
            leaf.max.to_vi()
        )),
        (Field::Raw, Value::Raw(raw)) if raw.a.is_some() || raw.b.is_some() => {
            match points_from_raw(leaf, *raw) {
                Ok(_) => None,
                Err(e) => Some(format!("số liệu {}: {}", value.display(), e.message(lang))),
            }
        }
        (Field::Na, Value::Na(Some(reason))) if leaf.na_policy == NaPolicy::NotAllowed => {
            Some(format!(
                "tiêu chí không được đánh dấu không phát sinh ({}) / cannot be marked did not arise",
                shorten(reason, 40)
            ))
        }
        (Field::Na, Value::Na(Some(reason))) if reason.trim().is_empty() => {
            Some("không phát sinh cần lý do / did not arise needs a reason".into())
        }
        _ => None,
    }
}

fn doc_reference(d: &DocRow) -> String {
    let mut text = d.info.doc_type.clone();
    if !d.info.number.is_empty() {
        text.push_str(&format!(" số {}", d.info.number));
    }
    if let Some(date) = d.info.issue_date {
        text.push_str(&format!(
            " ngày {}",
            crate::domain::format::date_short(date)
        ));
    }
    text
}

#[allow(clippy::too_many_arguments)]
fn apply_field(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    a: &Assessment,
    set: &IndexSet,
    code: &str,
    field: Field,
    value: Value,
    package: Option<&str>,
) -> Result<()> {
    let edit = match (field, value) {
        (Field::SelfPoints, Value::Points(p)) => Edit::Points(Stage::SelfAssessed, p),
        (Field::SelfNote, Value::Text(t)) => Edit::Note(Note::SelfNote, t),
        (Field::Explanation, Value::Text(t)) => Edit::Note(Note::Explanation, t),
        (Field::Raw, Value::Raw(r)) => Edit::Raw(r),
        (Field::Na, Value::Na(n)) => Edit::Na(n),
        _ => return Err(bad("score", "kiểu giá trị")),
    };
    scores::apply_from(tx, actor, a, set, code, edit, "", package)
}
