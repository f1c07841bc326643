//! Who has sent the year's data: for each assessment of a year and level, the packages
//! received about it (when, who imported it, the package id, how many values it changed),
//! read from the audit log, where every imported change carries its package's id.

use std::collections::HashMap;

use super::{Result, Store, assessments, index_sets};
use crate::domain::{Level, Status};

/// One unit of the year and what it has sent.
#[derive(Debug, Clone)]
pub struct Submission {
    pub unit_code: String,
    pub unit_name: String,
    pub status: Status,
    /// Oldest first.
    pub packages: Vec<Received>,
}

impl Submission {
    /// Nothing received and still drafting: the unit has not sent its self-assessment.
    pub fn not_sent(&self) -> bool {
        self.packages.is_empty() && self.status == Status::Draft
    }
}

/// A package received about one unit's assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub package: String,
    /// When it was imported (UTC, as stored).
    pub at: String,
    pub imported_by: String,
    /// Who made it, as the sender's file recorded it ("" for a package from before
    /// session 6, whose import did not record it).
    pub author: String,
    /// Values of this unit's assessment it changed (scores, notes, status, links).
    pub changes: usize,
    /// Accepted after the deadline.
    pub late: bool,
}

impl Store {
    pub fn submissions(&self, year: i32, level: Level) -> Result<Vec<Submission>> {
        let conn = self.conn();
        let set_id = index_sets::id_of(conn, year, level)?;
        let mut list = assessments::for_set(conn, set_id)?;
        list.sort_by(|a, b| crate::domain::text::compare_vi(&a.unit.name, &b.unit.name));

        // The import entry of each package: when, by whom, whether late.
        let mut stmt = conn.prepare(
            "SELECT package, at, actor, reason <> '' FROM audit_log
              WHERE action = 'import' AND field = 'package' AND package IS NOT NULL",
        )?;
        let imports: HashMap<String, (String, String, bool)> = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;

        let mut stmt = conn.prepare(
            "SELECT package, new_value FROM audit_log
              WHERE action = 'import' AND field = 'author' AND package IS NOT NULL",
        )?;
        let authors: HashMap<String, String> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;

        // Changes per (package, assessment uuid): score subjects are
        // "score:<assessment>:<criterion>", status subjects "assessment:<assessment>".
        let mut stmt = conn.prepare(
            "SELECT package,
                    CASE WHEN subject LIKE 'score:%' THEN substr(subject, 7, 36)
                         ELSE substr(subject, 12, 36) END AS a,
                    count(*)
               FROM audit_log
              WHERE package IS NOT NULL AND action <> 'import'
                AND (subject LIKE 'score:%' OR subject LIKE 'assessment:%')
              GROUP BY package, a",
        )?;
        let mut by_assessment: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (package, assessment, count) = row?;
            by_assessment
                .entry(assessment)
                .or_default()
                .push((package, usize::try_from(count).unwrap_or(0)));
        }

        Ok(list
            .into_iter()
            .map(|a| {
                let mut packages: Vec<Received> = by_assessment
                    .remove(&a.uuid.to_string())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(package, changes)| {
                        let (at, imported_by, late) =
                            imports.get(&package).cloned().unwrap_or_default();
                        Received {
                            author: authors.get(&package).cloned().unwrap_or_default(),
                            package,
                            at,
                            imported_by,
                            changes,
                            late,
                        }
                    })
                    .collect();
                packages.sort_by(|x, y| x.at.cmp(&y.at));
                Submission {
                    unit_code: a.unit.code.clone(),
                    unit_name: a.unit.name.clone(),
                    status: a.status,
                    packages,
                }
            })
            .collect())
    }
}

/// The reminder to paste into an email: the units that have not sent, by name and code.
pub fn reminder(year: i32, submissions: &[Submission]) -> Option<String> {
    let missing: Vec<String> = submissions
        .iter()
        .filter(|s| s.not_sent())
        .map(|s| format!("{} ({})", s.unit_name, s.unit_code))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "Đề nghị các đơn vị sau gửi tệp tự đánh giá Chỉ số CCHC năm {year}: {}.",
            missing.join(", ")
        )
    })
}
