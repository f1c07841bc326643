//! Helpers shared by the integration tests: the program's binary with a private data folder
//! (backups never land in the user's), the built-in demo written once per test binary and
//! copied per test, output as text, and an index-set appendix written as a province lays it out.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

pub mod reissue;
pub mod small;

/// The data folder (backups) of the commands run by tests: passed to each child process, so
/// no test changes its own environment.
pub fn data_dir() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}")))
        .path()
        .to_owned()
}

/// The `parindex` binary, with the tests' data folder: this build's, or the one named by
/// `PARINDEX_TEST_BIN` (an older build, to show that a test fails on what it made).
pub fn bin() -> Command {
    let program = std::env::var_os("PARINDEX_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_parindex").into());
    let mut cmd = Command::new(program);
    cmd.env("PARINDEX_DATA_DIR", data_dir());
    cmd.env_remove("PARINDEX_USER");
    cmd
}

/// Runs `parindex` with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run parindex: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

/// `path` opened read-only with SQLite itself, to read what the program wrote.
pub fn read_only(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// A private temporary folder, removed when dropped.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// The demo, written once per test binary.
pub fn demo_master() -> &'static Path {
    static MASTER: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = MASTER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("demo.cchc");
        let out = run(&["demo", s(&path)]);
        assert!(out.status.success(), "demo failed: {}", stderr(&out));
        (dir, path)
    });
    path
}

/// A private copy of the demo named `name` in `dir`.
pub fn demo_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(demo_master(), &path).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The bytes of a file, to show it was left unchanged.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// An appendix: `titles` merged across the table's columns above it, a blank row, the header,
/// then the rows. A cell written "#2.5" is stored as the number 2.5, any other as text.
pub fn appendix(
    dir: &Path,
    name: &str,
    titles: &[&str],
    header: &[&str],
    rows: &[&[&str]],
) -> PathBuf {
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let last = header.len().saturating_sub(1) as u16;
    for (r, title) in titles.iter().enumerate() {
        sheet
            .merge_range(r as u32, 0, r as u32, last, title, &bold)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let top = if titles.is_empty() {
        0
    } else {
        titles.len() as u32 + 1
    };
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(top, c as u16, *h, &bold)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (r, row) in rows.iter().enumerate() {
        let at = top + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let written = match v.strip_prefix('#') {
                Some(n) => sheet.write_number(at, c as u16, n.parse::<f64>().unwrap_or(-1.0)),
                None if v.is_empty() => continue,
                None => sheet.write_string(at, c as u16, *v),
            };
            written.unwrap_or_else(|e| panic!("{e}"));
        }
    }
    book.save(&path).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Packages made and received in this process, through the same `Store` methods the window
/// and the command line use (the mutation and merge-property tests run many cases: a process
/// per command would take minutes).
pub mod packages {
    use std::path::Path;

    use parindex::store::export::{Options, Scope};
    use parindex::store::import::{self, Choices, MergePlan, PlanOptions, Resolution};
    use parindex::store::{Access, Result, Store};
    use sha2::{Digest, Sha256};

    /// `unit`'s package of `year`, evidence included, exported from `file` to `out`.
    pub fn export_unit(file: &Path, unit: &str, year: i32, out: &Path) -> Result<()> {
        let store = Store::open(file, Access::ReadOnly)?;
        store.export(
            out,
            &Options {
                scope: Scope::Unit {
                    code: unit.into(),
                    year: Some(year),
                },
                include_evidence: true,
            },
        )?;
        Ok(())
    }

    /// Imports `package` into `file` as `import --trust FINGERPRINT --conflicts …` would
    /// (the sender's key accepted, every conflict resolved by `conflicts`), its backup under
    /// `backups`; returns the plan that was applied.
    pub fn import_into(
        file: &Path,
        package: &Path,
        backups: &Path,
        conflicts: Resolution,
    ) -> Result<MergePlan> {
        let received = import::receive(package)?;
        let mut store = Store::open(file, Access::ReadWrite)?;
        store.set_backup_root(backups.to_owned());
        let plan = store.plan_import(&received, PlanOptions::default())?;
        let choices = Choices {
            all_conflicts: Some(conflicts),
            trust_sender: true,
            ..Choices::default()
        };
        store.apply_import(&received, &plan, &choices)?;
        Ok(plan)
    }

    /// The messages of what `check` finds in `file`.
    pub fn findings(file: &Path) -> Vec<String> {
        let store = Store::open(file, Access::ReadOnly)
            .unwrap_or_else(|e| panic!("open {}: {e}", file.display()));
        let (findings, _) = store
            .check()
            .unwrap_or_else(|e| panic!("check {}: {e}", file.display()));
        findings
            .iter()
            .map(|f| f.message(parindex::domain::Lang::En))
            .collect()
    }

    /// SHA-256 of a file's bytes: shows a refused input left the live file unchanged.
    pub fn hash(path: &Path) -> String {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        format!("{:x}", Sha256::digest(bytes))
    }
}

/// A scoring form's cells, read and written back the way Excel re-saves a workbook: every
/// cell of the first sheet kept (text as text, numbers as numbers), merges, formats and
/// protection dropped, with the values a unit typed set on top.
pub mod form_cells {
    use std::collections::BTreeMap;
    use std::path::Path;

    use calamine::{Data, Reader, Xlsx, open_workbook};
    use rust_xlsxwriter::Workbook;

    /// Columns of the form (0-based): STT, the two figures, the points, N/A, the note.
    pub const CODE: u32 = 0;
    pub const FIGURE_A: u32 = 5;
    pub const FIGURE_B: u32 = 6;
    pub const POINTS: u32 = 7;
    pub const NA: u32 = 8;
    pub const NOTE: u32 = 9;

    #[derive(Debug, Clone, PartialEq)]
    pub enum Cell {
        Text(String),
        Number(f64),
    }

    pub type Cells = BTreeMap<(u32, u32), Cell>;

    /// The first sheet's non-empty cells by (row, column), 0-based.
    pub fn read(path: &Path) -> Cells {
        let mut book: Xlsx<_> =
            open_workbook(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        let range = book
            .worksheet_range_at(0)
            .unwrap_or_else(|| panic!("no sheet"))
            .unwrap_or_else(|e| panic!("{e}"));
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut cells = Cells::new();
        for (r, c, value) in range.cells() {
            let cell = match value {
                Data::Empty => continue,
                Data::String(s) if s.is_empty() => continue,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Float(f) => Cell::Number(*f),
                Data::Int(i) => Cell::Number(*i as f64),
                other => Cell::Text(other.to_string()),
            };
            cells.insert((top + r as u32, left + c as u32), cell);
        }
        cells
    }

    /// Writes `cells` as the only sheet of a new workbook at `path`.
    pub fn write(path: &Path, cells: &Cells) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for ((r, c), cell) in cells {
            let done = match cell {
                Cell::Text(t) => sheet.write_string(*r, *c as u16, t),
                Cell::Number(n) => sheet.write_number(*r, *c as u16, *n),
            };
            done.unwrap_or_else(|e| panic!("{e}"));
        }
        book.save(path).unwrap_or_else(|e| panic!("{e}"));
    }

    /// The row (0-based) whose STT cell is `code`.
    pub fn row_of(cells: &Cells, code: &str) -> u32 {
        cells
            .iter()
            .find(|((_, c), cell)| *c == CODE && **cell == Cell::Text(code.to_owned()))
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("no row {code} in the form"))
    }

    /// Sets the cell of `code`'s row in `column`.
    pub fn set(cells: &mut Cells, code: &str, column: u32, value: Cell) {
        let row = row_of(cells, code);
        cells.insert((row, column), value);
    }

    pub fn text(t: &str) -> Cell {
        Cell::Text(t.to_owned())
    }

    /// Reads the form at `from`, applies `fill` and writes it to `to`, as a unit's Excel would.
    pub fn refill(from: &Path, to: &Path, fill: impl FnOnce(&mut Cells)) {
        let mut cells = read(from);
        fill(&mut cells);
        write(to, &cells);
    }
}
