//! Spreadsheets: XLSX in and out in the layout officers already use, CSV survey import.
//! No SQL here: reading and writing go through the store's functions.

pub mod csv;
mod index_set_table;
pub mod scoring_form;
mod set_numbering;
mod set_reissue;
mod survey_table;
mod table;
pub mod xlsx;
mod year_workbook;

pub use xlsx::{RowError, SheetError};
