//! Survey points read from a table (unit code, criterion code, points) and stored.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::table::{find_header, parse_points, read_table};
use super::xlsx::{RowError, SheetError};
use crate::domain::{Lang, Level, Points};
use crate::store::{Result as StoreResult, Store, StoreError, assessments, index_sets, scores};

/// One survey value read from a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyRow {
    pub row: usize,
    pub unit_code: String,
    pub criterion: String,
    pub points: Points,
}

/// Reads survey points: columns Mã đơn vị (unit code), Mã tiêu chí (criterion code), Điểm
/// (points), from XLSX or CSV (comma or semicolon separated, UTF-8).
pub fn read_survey(path: &Path) -> Result<Vec<SurveyRow>, SheetError> {
    let table = read_table(path)?;
    let Some((header, cols)) = find_header(
        &table,
        &[
            &["ma don vi", "don vi", "unit"],
            &["ma tieu chi", "tieu chi", "criterion"],
            &["diem", "points"],
        ],
    ) else {
        return Err(SheetError::File(
            "Không tìm thấy dòng tiêu đề (Mã đơn vị, Mã tiêu chí, Điểm) / no header row found"
                .into(),
        ));
    };
    let Some(c_points) = cols[2] else {
        return Err(SheetError::File("Thiếu cột Điểm / no points column".into()));
    };
    let (c_unit, c_crit) = (cols[0].unwrap_or(0), cols[1].unwrap_or(1));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows[header + 1..] {
        let line = &row.line;
        let get = |c: usize| row.get(c).to_owned();
        let (unit, crit, points) = (get(c_unit), get(c_crit), get(c_points));
        if unit.is_empty() && crit.is_empty() && points.is_empty() {
            continue;
        }
        if unit.is_empty() || crit.is_empty() {
            errors.push(RowError {
                row: *line,
                reason: "thiếu mã đơn vị hoặc mã tiêu chí".into(),
            });
            continue;
        }
        match parse_points(&points.replace(',', ".")) {
            Some(p) => out.push(SurveyRow {
                row: *line,
                unit_code: unit,
                criterion: crit,
                points: p,
            }),
            None => errors.push(RowError {
                row: *line,
                reason: format!("điểm \"{points}\" không phải là số"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(SheetError::Rows(errors));
    }
    Ok(out)
}

/// Reads survey points and stores them in one transaction, each with its audit entry; a row
/// naming an unknown unit or criterion, or points above the maximum, is reported with its row
/// number and nothing is stored. Returns the number of values stored.
pub fn import_survey(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
) -> Result<usize, SheetError> {
    let rows = read_survey(path)?;
    let actor = store.actor().to_owned();
    let source = format!(
        "Nhập từ {}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    let mut errors = Vec::new();
    let result = store.write(|tx| {
        let set = index_sets::load(tx, year, level)?;
        // Each unit's assessment read once, not once per row (a province sends thousands).
        let mut found: HashMap<&str, StoreResult<assessments::Assessment>> = HashMap::new();
        for r in &rows {
            let a = found
                .entry(r.unit_code.as_str())
                .or_insert_with(|| assessments::find(tx, year, level, &r.unit_code));
            let outcome = match a {
                Ok(a) => {
                    scores::set_survey(tx, &actor, a, &set, &r.criterion, Some(r.points), &source)
                }
                Err(e) => Err(StoreError::Invalid(e.message(Lang::Vi))),
            };
            if let Err(e) = outcome {
                errors.push(RowError {
                    row: r.row,
                    reason: e.message(Lang::Vi),
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            // Roll back: nothing is stored when a row is refused.
            Err(StoreError::Invalid(String::new()))
        }
    });
    match result {
        Ok(()) => Ok(rows.len()),
        Err(_) if !errors.is_empty() => Err(SheetError::Rows(errors)),
        Err(e) => Err(SheetError::Store(e)),
    }
}
