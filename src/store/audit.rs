//! The hash-chained audit log: every change of a score, a status or an evidence link.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Result, now};

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    /// "score", "status", "evidence", "survey", "import", "demo"…
    pub action: &'a str,
    /// What changed, by stable identity: `score:<assessment uuid>:<criterion uuid>`.
    pub subject: String,
    /// The field: "self", "round1", "final", "na", "raw", "status", "link"…
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: &'a str,
    pub package: Option<&'a str>,
}

/// A stored entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: String,
    pub package: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The subject of a score.
pub fn score_subject(assessment: &str, criterion: &str) -> String {
    format!("score:{assessment}:{criterion}")
}

/// Appends an entry in the caller's transaction, chained to the last one.
pub(super) fn append(tx: &Transaction<'_>, change: &Change<'_>) -> Result<()> {
    // Cached statements: every edit and every row of an import appends here.
    let prev: String = tx
        .prepare_cached("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned());
    let at = now();
    let hash = entry_hash(
        &prev,
        &at,
        change.actor,
        change.action,
        &change.subject,
        change.field,
        change.old.as_deref(),
        change.new.as_deref(),
        change.reason,
        change.package,
    );
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, subject, field, old_value, new_value, reason, package, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
            at,
            change.actor,
            change.action,
            change.subject,
            change.field,
            change.old,
            change.new,
            change.reason,
            change.package,
            prev,
            hash
        ],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    reason: &str,
    package: Option<&str>,
) -> String {
    let mut hasher = Sha256::new();
    // Length-prefixed fields, so no two different entries hash the same text.
    for part in [
        Some(prev),
        Some(at),
        Some(actor),
        Some(action),
        Some(subject),
        Some(field),
        old,
        new,
        Some(reason),
        package,
    ] {
        match part {
            Some(text) => hasher.update(format!("{}:{text};", text.len())),
            None => hasher.update("-;"),
        }
    }
    hex(&hasher.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every entry, oldest first.
pub(super) fn entries(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, subject, field, old_value, new_value, reason, package, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                field: r.get(5)?,
                old: r.get(6)?,
                new: r.get(7)?,
                reason: r.get(8)?,
                package: r.get(9)?,
                prev_hash: r.get(10)?,
                hash: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The `meta` key of an excerpt: the last `seq` of the log it was cut from. A year or unit
/// export keeps only the entries of what it carries (a commune's submission should not carry
/// the whole district's history), each with its original hash, so the log has gaps up to
/// this entry; from the next one on it is a plain chain again.
pub const EXCERPT_THROUGH: &str = "audit_excerpt_through";

/// The last `seq` of the log this file's excerpt was cut from, if it is one.
pub(super) fn excerpt_through(conn: &Connection) -> Result<Option<i64>> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [EXCERPT_THROUGH],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

/// Where the chain of this file's log breaks (see [`broken_links`]).
pub(super) fn verify(conn: &Connection) -> Result<Vec<i64>> {
    Ok(broken_links(&entries(conn)?, excerpt_through(conn)?))
}

/// Where the chain breaks: the sequence numbers of entries whose hash or link is wrong.
/// Every entry's hash must match its own fields and the hash before it; it must link to
/// the entry before it, except, up to `excerpt_through`, across a gap in the sequence
/// numbers where an export left entries out.
pub fn broken_links(entries: &[Entry], excerpt_through: Option<i64>) -> Vec<i64> {
    let mut prev = GENESIS.to_owned();
    let mut prev_seq = 0;
    let mut broken = Vec::new();
    for e in entries {
        let gap = e.seq != prev_seq + 1 && excerpt_through.is_some_and(|last| e.seq <= last);
        let expected = entry_hash(
            &e.prev_hash,
            &e.at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.field,
            e.old.as_deref(),
            e.new.as_deref(),
            &e.reason,
            e.package.as_deref(),
        );
        if (e.prev_hash != prev && !gap) || e.hash != expected {
            broken.push(e.seq);
        }
        prev = e.hash.clone();
        prev_seq = e.seq;
    }
    broken
}

/// An entry with its subject in words ("2024 · Xã Đức Long · 1.1.1").
#[derive(Debug, Clone, Serialize)]
pub struct LabelledEntry {
    #[serde(flatten)]
    pub entry: Entry,
    pub label: String,
}

impl std::ops::Deref for LabelledEntry {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        &self.entry
    }
}

impl super::Store {
    /// The audit log, oldest first, with every subject named as the officer knows it.
    pub fn audit_entries(&self) -> Result<Vec<LabelledEntry>> {
        let conn = self.conn();
        let names = SubjectNames::read(conn)?;
        Ok(entries(conn)?
            .into_iter()
            .map(|entry| LabelledEntry {
                label: names.label(&entry.subject),
                entry,
            })
            .collect())
    }
}

/// Names of the identities a subject is made of (assessments, criteria, documents), to write
/// "2024 · Xã Đức Long · TC 1.1.1" instead of UUIDs.
pub struct SubjectNames(std::collections::HashMap<String, String>);

impl SubjectNames {
    pub(super) fn read(conn: &Connection) -> Result<SubjectNames> {
        let mut names = std::collections::HashMap::new();
        for sql in [
            "SELECT a.uuid, s.year || ' · ' || u.name FROM assessment a
             JOIN unit u ON u.id = a.unit_id JOIN index_set s ON s.id = a.index_set_id",
            "SELECT uuid, 'TC ' || code FROM criterion",
            "SELECT uuid, doc_type || ' ' || number FROM evidence_doc",
        ] {
            let mut stmt = conn.prepare(sql)?;
            for row in
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            {
                let (uuid, label) = row?;
                names.insert(uuid, label);
            }
        }
        Ok(SubjectNames(names))
    }

    /// `score:<a>:<c>` → "2024 · Xã Đức Long · TC 1.1.1".
    pub fn label(&self, subject: &str) -> String {
        subject
            .split(':')
            .skip(1)
            .map(|part| self.0.get(part).cloned().unwrap_or_else(|| part.to_owned()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What an entry is about, read from its subject, for filtering the log: the year, level and
/// unit of its assessment and the code of its criterion, where the subject names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EntryScope {
    pub year: Option<i32>,
    pub level: Option<crate::domain::Level>,
    /// The unit by identity: a code is reused after a merger.
    pub unit: Option<uuid::Uuid>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub criterion: Option<String>,
}

impl super::Store {
    /// The audit log, oldest first, each entry named as the officer knows it and with what it
    /// is about (year, unit, criterion).
    pub fn audit_entries_scoped(&self) -> Result<Vec<(LabelledEntry, EntryScope)>> {
        let conn = self.conn();
        let mut assessments = std::collections::HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT a.uuid, s.year, s.level, u.uuid, u.code, u.name FROM assessment a
             JOIN unit u ON u.id = a.unit_id JOIN index_set s ON s.id = a.index_set_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                EntryScope {
                    year: Some(r.get(1)?),
                    level: crate::domain::Level::parse(&r.get::<_, String>(2)?),
                    unit: uuid::Uuid::parse_str(&r.get::<_, String>(3)?).ok(),
                    unit_code: Some(r.get(4)?),
                    unit_name: Some(r.get(5)?),
                    criterion: None,
                },
            ))
        })?;
        for row in rows {
            let (uuid, scope) = row?;
            assessments.insert(uuid, scope);
        }
        let mut criteria = std::collections::HashMap::new();
        let mut stmt = conn.prepare("SELECT uuid, code FROM criterion")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (uuid, code) = row?;
            criteria.insert(uuid, code);
        }
        Ok(self
            .audit_entries()?
            .into_iter()
            .map(|entry| {
                let mut scope = EntryScope::default();
                for part in entry.subject.split(':').skip(1) {
                    if let Some(of_assessment) = assessments.get(part) {
                        let criterion = scope.criterion.take();
                        scope = of_assessment.clone();
                        scope.criterion = criterion;
                    } else if let Some(code) = criteria.get(part) {
                        scope.criterion = Some(code.clone());
                    }
                }
                (entry, scope)
            })
            .collect())
    }
}
