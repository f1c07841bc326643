//! CSV: a bounded reader for tables from outside (survey points) and the one way every CSV
//! the program writes quotes its cells.

use super::table::{self, Table, cell_name};
use super::xlsx::SheetError;
use crate::domain::limits;

/// The table of a CSV file's bytes (UTF-8, comma or semicolon separated, as Excel saves it in
/// a Vietnamese locale), at most [`limits::SHEET_ROWS`] rows of [`limits::SHEET_COLUMNS`]
/// cells of [`limits::CELL_CHARS`] characters.
pub(crate) fn read(bytes: &[u8]) -> Result<Table, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        SheetError::File("Tệp CSV phải mã hóa UTF-8 / the CSV file must be UTF-8".into())
    })?;
    let text = text.trim_start_matches('\u{feff}');
    // Counted over the first lines, not only the first: an appendix's title line above the
    // header may have no separator, or a comma of its own.
    let head = text.lines().take(30);
    let (semicolons, commas) = head.fold((0, 0), |(s, c), l| {
        (s + l.matches(';').count(), c + l.matches(',').count())
    });
    let delimiter = if semicolons > commas { ';' } else { ',' };
    Ok(table::from_records(parse(text, delimiter)?))
}

/// What a CSV file broke: too many rows, too many cells in a row, a cell too long.
fn over_limit(row: usize, col: usize) -> SheetError {
    if row > limits::SHEET_ROWS {
        SheetError::File(format!(
            "Tệp CSV có hơn {} dòng; không nhập gì / the CSV file has more than {} rows; nothing imported",
            limits::SHEET_ROWS,
            limits::SHEET_ROWS
        ))
    } else if col >= limits::SHEET_COLUMNS {
        SheetError::File(format!(
            "Dòng {row} có hơn {} cột; không nhập gì / row {row} has more than {} columns; nothing imported",
            limits::SHEET_COLUMNS,
            limits::SHEET_COLUMNS
        ))
    } else {
        table::cell_too_long(row, &cell_name(row as u32 - 1, col as u32))
    }
}

/// A field being read: its text and its length in characters.
#[derive(Default)]
struct Field {
    text: String,
    chars: usize,
}

impl Field {
    /// Adds a character, refusing the cell (row `n`, column `col`) once it is too long, so
    /// memory never grows past the limit.
    fn push(&mut self, c: char, n: usize, col: usize) -> Result<(), SheetError> {
        self.chars += 1;
        if self.chars > limits::CELL_CHARS {
            return Err(over_limit(n, col));
        }
        self.text.push(c);
        Ok(())
    }

    /// Ends the field: it becomes the next cell of `row` (row `n`).
    fn end(&mut self, row: &mut Vec<String>, n: usize) -> Result<(), SheetError> {
        if row.len() >= limits::SHEET_COLUMNS {
            return Err(over_limit(n, row.len()));
        }
        self.chars = 0;
        row.push(std::mem::take(&mut self.text));
        Ok(())
    }
}

/// An RFC 4180 reader: quoted fields, doubled quotes, new lines inside quotes. Stops at the
/// first row, column or cell beyond the limits.
fn parse(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, SheetError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = Field::default();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let n = rows.len() + 1;
        if n > limits::SHEET_ROWS {
            return Err(over_limit(n, 0));
        }
        if quoted {
            if c == '"' && chars.peek() == Some(&'"') {
                field.push('"', n, row.len())?;
                chars.next();
            } else if c == '"' {
                quoted = false;
            } else {
                field.push(c, n, row.len())?;
            }
        } else if c == '"' {
            quoted = true;
        } else if c == delimiter {
            field.end(&mut row, n)?;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            field.end(&mut row, n)?;
            rows.push(std::mem::take(&mut row));
        } else {
            field.push(c, n, row.len())?;
        }
    }
    if !field.text.is_empty() || !row.is_empty() {
        let n = rows.len() + 1;
        field.end(&mut row, n)?;
        rows.push(row);
    }
    Ok(rows)
}

/// Whether `text` is a plain number ("12", "-1.5"): left as it is, so it stays a number.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// One cell of a CSV the program writes. Text a spreadsheet would take for a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return: a unit named "=HYPERLINK(…)" in a
/// received file) is written after an apostrophe, inside quotes, so it is shown as text; a
/// cell with a separator, quote or line break is quoted.
pub fn field(text: &str) -> String {
    let formula_like = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(text);
    if formula_like {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_doubled_quotes_and_new_lines_are_read() {
        let rows = parse("a,\"b,c\",\"d\"\"e\"\n1,2,3\r\n", ',').unwrap_or_default();
        assert_eq!(rows, vec![vec!["a", "b,c", "d\"e"], vec!["1", "2", "3"]]);
    }

    #[test]
    fn a_row_with_too_many_cells_is_refused() {
        let line = ",".repeat(limits::SHEET_COLUMNS);
        assert!(parse(&format!("a\n{line}\n"), ',').is_err());
        let fits = ",".repeat(limits::SHEET_COLUMNS - 1);
        assert!(parse(&format!("a\n{fits}\n"), ',').is_ok());
    }

    #[test]
    fn a_cell_too_long_is_refused_with_its_row() {
        let long = "x".repeat(limits::CELL_CHARS + 1);
        let Err(SheetError::File(why)) = parse(&format!("a\nb,{long}\n"), ',') else {
            panic!("accepted");
        };
        assert!(why.contains("Dòng 2, ô B2"), "{why}");
    }

    #[test]
    fn formulas_are_written_as_text_and_numbers_as_numbers() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("+84 912"), "\"'+84 912\"");
        assert_eq!(field("-x"), "\"'-x\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(field("=\"a\""), "\"'=\"\"a\"\"\"");
        assert_eq!(field("-1.5"), "-1.5");
        assert_eq!(field("91.25"), "91.25");
        assert_eq!(field("Xã Đức Long"), "Xã Đức Long");
        assert_eq!(field("a,b"), "\"a,b\"");
    }
}
