//! The limits on everything read from outside (received packages, backups, workbooks, CSV,
//! evidence files) and typed in, stated once. `docs/reliability.md` lists them with the tests
//! that hold them.

/// Characters of a name: a unit, an index set, a criterion's title, a document's issuer.
pub const NAME_CHARS: usize = 300;
/// Characters of a code: a unit code, a criterion code, a document number.
pub const CODE_CHARS: usize = 40;
/// Characters of a note, a reason, an explanation, a guidance text, a document summary.
pub const NOTE_CHARS: usize = 4_000;
/// Characters of an evidence file's name, after it is made safe (see [`super::text::safe_file_name`]).
pub const FILE_NAME_CHARS: usize = 120;
/// Bytes of one evidence file.
pub const EVIDENCE_BYTES: u64 = 100 * 1024 * 1024;
/// Bytes of a received `.cchc` file (package, backup to restore).
pub const RECEIVED_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Levels of an index set's tree (area → criterion → sub-criterion → item …).
pub const TREE_DEPTH: usize = 12;
/// Nodes of one index set.
pub const TREE_NODES: usize = 2_000;
/// Units in one file.
pub const UNITS: usize = 20_000;
/// Audit entries in a received file.
pub const AUDIT_ENTRIES: usize = 5_000_000;

/// Bytes of a workbook or CSV file.
pub const SHEET_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Uncompressed bytes of one part inside a workbook (a sheet's XML, the shared strings).
pub const SHEET_PART_BYTES: u64 = 100 * 1024 * 1024;
/// Uncompressed bytes of all parts of a workbook together.
pub const SHEET_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
/// Parts (zip entries) of a workbook; a real one has a few dozen.
pub const SHEET_PARTS: usize = 10_000;
/// Rows of a table read from a workbook or CSV.
pub const SHEET_ROWS: usize = 100_000;
/// Columns of a table read from a workbook or CSV.
pub const SHEET_COLUMNS: usize = 64;
/// Characters of one cell.
pub const CELL_CHARS: usize = NOTE_CHARS;
