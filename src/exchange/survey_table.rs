//! Survey points read from a table (unit code, criterion code, points) and stored.

use std::path::Path;

use serde::Serialize;

use super::table::{find_header, parse_points, read_table};
use super::xlsx::{RowError, SheetError};
use crate::domain::{Lang, Level, Points};
use crate::store::Store;
use crate::store::scores::SurveyEntry;

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
    let source = format!(
        "Nhập từ {}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    let entries: Vec<SurveyEntry> = rows
        .into_iter()
        .map(|r| SurveyEntry {
            row: r.row,
            unit_code: r.unit_code,
            criterion: r.criterion,
            points: r.points,
        })
        .collect();
    match store.set_survey_points(year, level, &entries, &source)? {
        Ok(stored) => Ok(stored),
        Err(refused) => Err(SheetError::Rows(
            refused
                .into_iter()
                .map(|(row, e)| RowError {
                    row,
                    reason: e.message(Lang::Vi),
                })
                .collect(),
        )),
    }
}
