//! A table read from a spreadsheet file from outside (XLSX or CSV), within the limits of
//! [`crate::domain::limits`]: the file is checked to be a regular file of bounded size and read
//! once into memory; a workbook's parts are each decompressed up to a bound before the XLSX
//! reader sees them (a zip bomb is refused, not inflated); its first sheet is streamed cell by
//! cell into a sparse table, so a cell far away (XFD1048576) is refused instead of making a
//! grid of a billion empty cells.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};

use super::csv;
use super::xlsx::SheetError;
use crate::domain::Points;
use crate::domain::limits;
use crate::domain::text::{fold, nfc, within};

/// One row of a table: its number as the spreadsheet shows it (1-based) and its non-empty
/// cells by column (0-based), in column order.
pub(crate) struct Row {
    pub(crate) line: usize,
    cells: Vec<(usize, String)>,
}

impl Row {
    /// The text of column `col`, empty when the cell is empty or absent.
    pub(crate) fn get(&self, col: usize) -> &str {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => "",
        }
    }

    /// The non-empty cells as (column, text).
    pub(crate) fn cells(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells.iter().map(|(c, t)| (*c, t.as_str()))
    }

    /// Sets a cell; a later value at the same place replaces the earlier one.
    fn set(&mut self, col: usize, text: String) {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => self.cells[i].1 = text,
            Err(i) => self.cells.insert(i, (col, text)),
        }
    }
}

/// A table as text cells (NFC) with the spreadsheet's row numbers, rows in order.
pub(crate) struct Table {
    pub(crate) rows: Vec<Row>,
}

fn refuse(vi: &str, en: &str) -> SheetError {
    SheetError::File(format!("{vi} / {en}"))
}

/// Reads the table of a `.csv` file, or of the first sheet of a `.xlsx` / `.xlsm` workbook.
pub(crate) fn read_table(path: &Path) -> Result<Table, SheetError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // The older formats (.xls, .ods) have readers that build the whole grid at once and
    // cannot be bounded the same way; Excel and LibreOffice both save as .xlsx.
    if !matches!(extension.as_str(), "csv" | "xlsx" | "xlsm") {
        return Err(SheetError::File(format!(
            "Chỉ đọc được bảng tính .xlsx hoặc tệp .csv: hãy lưu {} dưới dạng .xlsx / only .xlsx or .csv files can be read: save it as .xlsx",
            path.display()
        )));
    }
    let bytes = read_file(path)?;
    if extension == "csv" {
        csv::read(&bytes)
    } else {
        check_parts(&bytes)?;
        read_first_sheet(bytes)
    }
}

/// The bytes of a spreadsheet file: a regular file (not a folder, pipe or device, which would
/// block or never end) of at most [`limits::SHEET_FILE_BYTES`].
fn read_file(path: &Path) -> Result<Vec<u8>, SheetError> {
    let too_large = || {
        SheetError::File(format!(
            "Tệp {} lớn hơn {} MB; không nhập gì / the file is larger than {} MB; nothing imported",
            path.display(),
            limits::SHEET_FILE_BYTES >> 20,
            limits::SHEET_FILE_BYTES >> 20
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SheetError::File(format!(
            "Không tìm thấy tệp {} / file not found",
            path.display()
        )),
        _ => SheetError::File(format!("{}: {e}", path.display())),
    })?;
    if meta.is_dir() {
        return Err(SheetError::File(format!(
            "{} là thư mục, không phải bảng tính / is a folder, not a spreadsheet",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(SheetError::File(format!(
            "{} không phải tệp thông thường (ống dẫn hoặc thiết bị) / is not a regular file (a pipe or a device)",
            path.display()
        )));
    }
    if meta.len() > limits::SHEET_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path)
        .map_err(|e| SheetError::File(format!("{}: {e}", path.display())))?;
    // The file may grow after its size was read: never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits::SHEET_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SheetError::File(format!("{}: {e}", path.display())))?;
    if bytes.len() as u64 > limits::SHEET_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn not_a_workbook(detail: impl std::fmt::Display) -> SheetError {
    SheetError::File(format!(
        "Tệp không phải bảng tính .xlsx đọc được ({detail}); không nhập gì / not a readable .xlsx workbook; nothing imported"
    ))
}

/// Decompresses every part of the workbook, each through `take(limit + 1)`, so that no part
/// is larger than [`limits::SHEET_PART_BYTES`] and all together not larger than
/// [`limits::SHEET_TOTAL_BYTES`] whatever the zip headers claim; the XLSX reader, which
/// loads the shared strings whole when it opens the workbook, only sees a checked file.
fn check_parts(bytes: &[u8]) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_a_workbook)?;
    if archive.len() > limits::SHEET_PARTS {
        return Err(refuse(
            &format!(
                "Bảng tính có {} phần, nhiều hơn giới hạn {}; không nhập gì",
                archive.len(),
                limits::SHEET_PARTS
            ),
            "the workbook has more parts than the limit; nothing imported",
        ));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(not_a_workbook)?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let inflated = std::io::copy(
            &mut part.take(limits::SHEET_PART_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(not_a_workbook)?;
        if inflated > limits::SHEET_PART_BYTES {
            let mb = limits::SHEET_PART_BYTES >> 20;
            return Err(refuse(
                &format!(
                    "Phần \"{name}\" của bảng tính giải nén ra hơn {mb} MB (tệp nén bất thường); không nhập gì"
                ),
                &format!("the part \"{name}\" inflates to more than {mb} MB; nothing imported"),
            ));
        }
        total += inflated;
        if total > limits::SHEET_TOTAL_BYTES {
            let mb = limits::SHEET_TOTAL_BYTES >> 20;
            return Err(refuse(
                &format!("Bảng tính giải nén ra hơn {mb} MB; không nhập gì"),
                &format!("the workbook inflates to more than {mb} MB; nothing imported"),
            ));
        }
    }
    Ok(())
}

/// The spreadsheet name of a cell ("B5", "XFD1048576") from 0-based row and column.
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

/// A cell beyond [`limits::SHEET_ROWS`] rows or [`limits::SHEET_COLUMNS`] columns.
fn outside(row: u32, col: u32) -> SheetError {
    refuse(
        &format!(
            "Ô {} nằm ngoài vùng đọc được ({} dòng, {} cột); không nhập gì",
            cell_name(row, col),
            limits::SHEET_ROWS,
            limits::SHEET_COLUMNS
        ),
        &format!(
            "cell {} is outside the readable area ({} rows, {} columns); nothing imported",
            cell_name(row, col),
            limits::SHEET_ROWS,
            limits::SHEET_COLUMNS
        ),
    )
}

/// A cell longer than [`limits::CELL_CHARS`], named with its row.
pub(crate) fn cell_too_long(line: usize, cell: &str) -> SheetError {
    refuse(
        &format!(
            "Dòng {line}, ô {cell}: dài hơn {} ký tự; không nhập gì",
            limits::CELL_CHARS
        ),
        &format!(
            "row {line}, cell {cell}: longer than {} characters; nothing imported",
            limits::CELL_CHARS
        ),
    )
}

/// Whether a 0-based position lies in the readable area.
fn inside(row: u32, col: u32) -> bool {
    (row as usize) < limits::SHEET_ROWS && (col as usize) < limits::SHEET_COLUMNS
}

/// A cell's value as text; numbers with at most three decimals, the precision of points.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Whole numbers (most cells) without the slower exact decimal formatting.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        DataRef::Float(f) => {
            // Three decimals are all points have; trailing zeros dropped ("0.5", "12").
            let text = format!("{f:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Streams the first sheet's cells into a sparse table: memory follows the cells present,
/// time the size of the sheet.
fn read_first_sheet(bytes: Vec<u8>) -> Result<Table, SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(not_a_workbook)?;
    let Some(first) = book.sheet_names().into_iter().next() else {
        return Err(refuse("Bảng tính không có trang nào", "no sheet"));
    };
    let mut reader = book
        .worksheet_cells_reader(&first)
        .map_err(not_a_workbook)?;
    let mut rows: BTreeMap<u32, Row> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(not_a_workbook)? {
        let (row, col) = cell.get_position();
        let raw = cell_text(cell.get_value());
        if raw.is_empty() {
            continue;
        }
        if !inside(row, col) {
            return Err(outside(row, col));
        }
        let line = row as usize + 1;
        if !within(&raw, limits::CELL_CHARS) {
            return Err(cell_too_long(line, &cell_name(row, col)));
        }
        let text = nfc(&raw);
        if text.is_empty() {
            continue;
        }
        rows.entry(row)
            .or_insert_with(|| Row {
                line,
                cells: Vec::new(),
            })
            .set(col as usize, text);
    }
    Ok(Table {
        rows: rows.into_values().collect(),
    })
}

/// A table from rows of cells read in order (CSV): row numbers from 1, empty cells dropped.
pub(crate) fn from_records(records: Vec<Vec<String>>) -> Table {
    Table {
        rows: records
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                line: i + 1,
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| (c, nfc(&text)))
                    .filter(|(_, text)| !text.is_empty())
                    .collect(),
            })
            .collect(),
    }
}

/// Finds the header row: the first row (of the first 100, below any title rows) with a cell
/// matching each of the first two `wanted` columns. A cell matches a name when its folded text
/// (no diacritics, lower case) is the name or starts with it; names are tried in order, so the
/// more specific come first, and a cell serves one column only. Returns the row's index in the
/// table and the columns.
pub(super) fn find_header(
    table: &Table,
    wanted: &[&[&str]],
) -> Option<(usize, Vec<Option<usize>>)> {
    for (i, row) in table.rows.iter().enumerate().take(100) {
        let folded: Vec<(usize, String)> = row.cells().map(|(c, text)| (c, fold(text))).collect();
        let mut taken: Vec<usize> = Vec::new();
        let mut cols: Vec<Option<usize>> = Vec::with_capacity(wanted.len());
        for names in wanted {
            let col = names.iter().find_map(|n| {
                folded
                    .iter()
                    .find(|(c, t)| {
                        !taken.contains(c)
                            && !t.is_empty()
                            && t.strip_prefix(n)
                                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
                    })
                    .map(|(c, _)| *c)
            });
            if let Some(c) = col {
                taken.push(c);
            }
            cols.push(col);
        }
        // The first two wanted columns are required.
        if cols.iter().take(2).all(Option::is_some) {
            return Some((i, cols));
        }
    }
    None
}

/// The points of a cell: `None` when it is empty or not a number.
pub(super) fn parse_points(text: &str) -> Option<Points> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Points::parse(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 1), "B5");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one_at_the_same_place() {
        let mut row = Row {
            line: 1,
            cells: Vec::new(),
        };
        row.set(3, "d".into());
        row.set(1, "b".into());
        row.set(3, "D".into());
        assert_eq!((row.get(1), row.get(2), row.get(3)), ("b", "", "D"));
    }
}
