//! XLSX (calamine to read, rust_xlsxwriter to write) and CSV:
//! - [`export_year`]: a year's scores, one sheet per unit, and the ranking on a summary sheet,
//!   with the figures of `Store::results` (the same as the PDFs and `parindex rank`);
//! - [`read_index_set`] / [`import_index_set`]: an index set from a table (STT / code, title,
//!   max points, guidance), every unreadable row reported with its number and reason;
//! - [`read_survey`] / [`import_survey`]: survey points (unit code, criterion code, points).
//!
//! Each lives in its own module (`year_workbook`, `index_set_table`, `survey_table`), re-exported
//! here; this module holds the errors they share with the CSV reader.

use serde::Serialize;

use crate::domain::Lang;
use crate::store::StoreError;

pub use super::index_set_table::{
    Appendix, ProposedRule, SumChoice, SumMismatch, import_index_set, read_appendix, read_index_set,
};
pub use super::set_reissue::reissue_index_set;
pub use super::survey_table::{SurveyRow, import_survey, read_survey};
pub use super::year_workbook::{export_year, export_year_reporting};

/// A row that could not be read: its number as the spreadsheet shows it (1-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub reason: String,
}

/// Why a spreadsheet was not imported.
#[derive(Debug)]
pub enum SheetError {
    /// The file could not be opened or has no table.
    File(String),
    /// Rows that could not be read (nothing was imported).
    Rows(Vec<RowError>),
    /// Printed sums that do not match, waiting for the officer's choice (nothing imported).
    Sums(Vec<SumMismatch>),
    Store(StoreError),
}

impl From<StoreError> for SheetError {
    fn from(e: StoreError) -> Self {
        SheetError::Store(e)
    }
}

impl SheetError {
    /// The message lines shown to the officer.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            SheetError::File(why) => vec![why.clone()],
            SheetError::Rows(rows) => {
                let mut out = vec![match lang {
                    Lang::Vi => format!("{} dòng không đọc được; chưa nhập gì:", rows.len()),
                    Lang::En => format!("{} rows could not be read; nothing imported:", rows.len()),
                }];
                out.extend(
                    rows.iter()
                        .map(|r| format!("{} {}: {}", lang.pick("Dòng", "Row"), r.row, r.reason)),
                );
                out
            }
            SheetError::Sums(sums) => {
                let mut out = vec![match lang {
                    Lang::Vi => format!(
                        "{} chỗ điểm in trong quyết định khác tổng các phần; chưa nhập gì. Chọn --sums printed (giữ điểm in) hoặc --sums sum (dùng tổng):",
                        sums.len()
                    ),
                    Lang::En => format!(
                        "{} printed figures differ from the sum of their parts; nothing imported. Choose --sums printed (keep the printed figures) or --sums sum (use the sums):",
                        sums.len()
                    ),
                }];
                out.extend(sums.iter().map(|m| {
                    let place = if m.row == 0 {
                        lang.pick("Cả bộ", "Whole set").to_owned()
                    } else {
                        format!("{} {}", lang.pick("Dòng", "Row"), m.row)
                    };
                    format!(
                        "{place}: {}: {} {}, {} {}",
                        m.code,
                        lang.pick("ghi", "printed"),
                        m.printed.to_vi(),
                        lang.pick("tổng các phần", "sum of the parts"),
                        m.sum.to_vi()
                    )
                }));
                out
            }
            SheetError::Store(e) => vec![e.message(lang)],
        }
    }
}
