//! Reading a file (received or live) into Rust types, every row validated.

use std::collections::HashMap;

use rusqlite::Connection;
use unicode_normalization::is_nfc;
use uuid::Uuid;

use crate::domain::UnitKind;
use crate::domain::format::parse_iso_date;
use crate::domain::limits;
use crate::domain::text::{safe_file_name, shorten, within};
use crate::domain::{IndexSet, LeafKind, LeafScore, Points, Raw, Status};
use crate::store::audit::{self, Entry};
use crate::store::evidence::EvidenceInfo;
use crate::store::{Result, index_sets};

use super::{bad, uuid_of};

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
    pub info: EvidenceInfo,
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
    pub(in crate::store) fn read(conn: &Connection) -> Result<Snapshot> {
        Snapshot::read_checked(conn, true)
    }

    /// Reads the live file: the same rows, without refusing text or dates that older
    /// versions may have stored (the live file is the officer's, not hostile input).
    pub(in crate::store) fn read_live(conn: &Connection) -> Result<Snapshot> {
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
                let tier = UnitKind::parse(&kind).map(|k| k.level().as_str());
                if tier != Some(level.as_str()) {
                    return Err(bad(
                        "unit",
                        format!("loại đơn vị \"{kind}\" cấp \"{level}\""),
                    ));
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
                        info: EvidenceInfo {
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

    pub(super) fn leaf_code(&self, set: &Uuid, criterion: &Uuid) -> String {
        self.sets
            .get(set)
            .and_then(|s| s.leaves().into_iter().find(|n| n.id == *criterion))
            .map(|n| n.code.to_string())
            .unwrap_or_else(|| criterion.to_string())
    }
}
