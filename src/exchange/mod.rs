//! Spreadsheets: XLSX in and out in the layout officers already use, CSV survey import.
//! No SQL here: reading and writing go through the store's functions.

pub mod csv;
mod table;
pub mod xlsx;

pub use xlsx::{RowError, SheetError};
