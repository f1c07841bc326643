//! Mutation tests (issue 15, item 3): real inputs changed at random — a commune's signed
//! package (its rows, audit entries, evidence blobs and meta, changed after signing), the
//! commune's working file changed behind the program's back and then exported (so the package
//! is signed and reaches the district's checks), an index-set workbook (its cells, the sheet's
//! size, the sheet's XML inside the zip) and points typed as text. Each case must end
//! "refused with a message, or accepted and `check` finds nothing new"; never a panic, and a
//! refusal leaves the live file byte-identical (its hash is compared).
//!
//! Cases per property: 24 (a run of this binary stays well under two minutes on the project's
//! two cores); `PARINDEX_LONG=1` runs 1,000, `PROPTEST_CASES=N` exactly N. A failing case is
//! printed shrunk; it becomes an ordinary test below (`regression_…`).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::packages::{export_unit, findings, hash, import_into};
use common::small::proptest_config;
use common::temp;
use parindex::domain::{Lang, LeafKind, Level, Points};
use parindex::exchange::xlsx::{SumChoice, import_index_set};
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::import::Resolution;
use parindex::store::scores::{Edit, Note, Stage};
use parindex::store::{Access, Store};
use proptest::prelude::*;
use rusqlite::Connection;
use rusqlite::types::Value;

const YEAR: i32 = 2025;
/// Xã Thạch An: a 2025 commune of the demo, drafting.
const SENDER: &str = "01807";
/// A year the demo has no set for: where a workbook's set is imported.
const SET_YEAR: i32 = 2031;

// ---------------------------------------------------------------------------------------
// The real inputs, made once per run

struct Fixture {
    _dir: tempfile::TempDir,
    /// The demo: the district's live file.
    district: PathBuf,
    /// The commune's working file, scored, with evidence attached.
    commune: PathBuf,
    /// The commune's signed package of 2025, exported from `commune`.
    package: PathBuf,
    /// The demo's 2025 commune set written as a province's appendix.
    workbook: PathBuf,
    /// What `check` finds in the district after the unchanged package is imported.
    baseline: Vec<String>,
    /// What `check` finds in the demo itself.
    demo_baseline: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(make_fixture)
}

fn make_fixture() -> Fixture {
    let dir = temp();
    let district = common::demo_copy(dir.path(), "district.cchc");
    let from_district = dir.path().join("from-district.cchc");
    export_unit(&district, SENDER, YEAR, &from_district).unwrap_or_else(|e| panic!("{e}"));
    let commune = dir.path().join("commune.cchc");
    std::fs::rename(&from_district, &commune).unwrap_or_else(|e| panic!("{e}"));
    let leaves = manual_leaves(&commune);
    {
        let mut store =
            Store::open(&commune, Access::ReadWrite).unwrap_or_else(|e| panic!("open: {e}"));
        store.set_actor("Cán bộ xã Thạch An");
        for (code, max) in leaves.iter().take(4) {
            store
                .score_criterion(
                    YEAR,
                    Level::Commune,
                    SENDER,
                    code,
                    Edit::Points(Stage::SelfAssessed, Some(*max)),
                    "",
                )
                .unwrap_or_else(|e| panic!("score {code}: {e}"));
        }
        let (code, _) = &leaves[0];
        store
            .score_criterion(
                YEAR,
                Level::Commune,
                SENDER,
                code,
                Edit::Note(Note::SelfNote, "Đã tự chấm theo hướng dẫn".into()),
                "",
            )
            .unwrap_or_else(|e| panic!("note: {e}"));
        let a = store
            .assessment(YEAR, Level::Commune, SENDER)
            .unwrap_or_else(|e| panic!("{e}"));
        let (_, set) = store
            .index_set(YEAR, Level::Commune)
            .unwrap_or_else(|e| panic!("{e}"));
        let info = EvidenceInfo {
            doc_type: "Báo cáo".into(),
            number: "12/BC-UBND".into(),
            summary: "Báo cáo kết quả CCHC năm 2025".into(),
            ..EvidenceInfo::default()
        };
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 251) as u8).collect();
        let file = Attachment {
            file_name: "bao-cao-cchc.pdf",
            bytes: &bytes,
            page: "2",
        };
        store
            .attach(&a, &set, code, &info, &file)
            .unwrap_or_else(|e| panic!("attach: {e}"));
    }
    let package = dir.path().join("package.cchc");
    export_unit(&commune, SENDER, YEAR, &package).unwrap_or_else(|e| panic!("export: {e}"));
    let workbook = dir.path().join("phu-luc.xlsx");
    write_appendix(&workbook, &appendix_rows(&district), &Far::default());

    // The unchanged inputs are accepted: the properties below are about the changes.
    let demo_baseline = findings(&district);
    let probe = temp();
    let live = probe.path().join("live.cchc");
    std::fs::copy(&district, &live).unwrap_or_else(|e| panic!("{e}"));
    import_into(&live, &package, probe.path(), Resolution::TakeIncoming)
        .unwrap_or_else(|e| panic!("the unchanged package: {}", e.message(Lang::Vi)));
    let baseline = findings(&live);
    let mut store = Store::open(&live, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    import_index_set(
        &mut store,
        &workbook,
        SET_YEAR,
        Level::Commune,
        "Bộ chỉ số thử",
        false,
        Some(SumChoice::Sum),
    )
    .unwrap_or_else(|e| panic!("the unchanged workbook: {:?}", e.lines(Lang::Vi)));
    Fixture {
        _dir: dir,
        district,
        commune,
        package,
        workbook,
        baseline,
        demo_baseline,
    }
}

/// The manual leaves of the 2025 commune set in `file`, with their maxima.
fn manual_leaves(file: &Path) -> Vec<(String, Points)> {
    let store = Store::open(file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(YEAR, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    set.leaves()
        .into_iter()
        .filter_map(|n| {
            let leaf = n.leaf.as_ref()?;
            (leaf.kind == LeafKind::Manual && leaf.max > Points::ZERO && leaf.evidence.is_none())
                .then(|| (n.code.to_string(), leaf.max))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The verdict every case must reach

/// `result` is a refusal with a message and `live` kept its bytes, or an acceptance after
/// which `check` finds nothing that `baseline` (the unchanged input's) did not.
fn verdict(
    result: Result<(), String>,
    live: &Path,
    before: &str,
    baseline: &[String],
) -> Result<(), TestCaseError> {
    match result {
        Err(message) => {
            prop_assert!(!message.trim().is_empty(), "refused without a message");
            prop_assert_eq!(hash(live), before, "a refusal changed the live file");
        }
        Ok(()) => {
            let found: Vec<String> = findings(live)
                .into_iter()
                .filter(|f| !baseline.contains(f))
                .collect();
            prop_assert!(found.is_empty(), "accepted, and check finds: {:?}", found);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rows of a file changed behind the program's back

/// Tables a mutation aims at: the package's rows, its audit entries, blobs and meta first.
const TABLES: &[&str] = &[
    "score",
    "score",
    "audit_log",
    "audit_log",
    "evidence_blob",
    "meta",
    "meta",
    "evidence_doc",
    "evidence_link",
    "assessment",
    "unit",
    "criterion",
    "index_set",
    "survey_points",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// One cell of a row (row and column picked modulo their counts) set to a value.
    Set {
        table: &'static str,
        row: usize,
        col: usize,
        value: Value,
    },
    /// One byte of a text or blob cell flipped, or an integer's bits.
    Flip {
        table: &'static str,
        row: usize,
        col: usize,
        at: usize,
        xor: u8,
    },
    Delete {
        table: &'static str,
        row: usize,
    },
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (-2_000i64..200_000).prop_map(Value::Integer),
        any::<i64>().prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Real),
        "\\PC{0,24}".prop_map(Value::Text),
        "[0-9a-f]{64}".prop_map(Value::Text),
        prop::collection::vec(any::<u8>(), 0..48).prop_map(Value::Blob),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let table = prop::sample::select(TABLES);
    prop_oneof![
        3 => (table.clone(), any::<usize>(), any::<usize>(), value())
            .prop_map(|(table, row, col, value)| Mutation::Set { table, row, col, value }),
        2 => (table.clone(), any::<usize>(), any::<usize>(), any::<usize>(), 1u8..=255)
            .prop_map(|(table, row, col, at, xor)| Mutation::Flip { table, row, col, at, xor }),
        1 => (table, any::<usize>()).prop_map(|(table, row)| Mutation::Delete { table, row }),
    ]
}

fn rowid(conn: &Connection, table: &str, pick: usize) -> rusqlite::Result<i64> {
    let count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })?;
    if count == 0 {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    conn.query_row(
        &format!("SELECT rowid FROM \"{table}\" LIMIT 1 OFFSET ?1"),
        [(pick % count as usize) as i64],
        |r| r.get(0),
    )
}

fn column(conn: &Connection, table: &str, pick: usize) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(1))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .get(pick % names.len().max(1))
        .cloned()
        .ok_or(rusqlite::Error::QueryReturnedNoRows)
}

fn flipped(value: Value, at: usize, xor: u8) -> Value {
    match value {
        Value::Integer(n) => Value::Integer(n ^ i64::from(xor)),
        Value::Real(x) => Value::Real(-x),
        Value::Text(t) if !t.is_empty() => {
            let mut bytes = t.into_bytes();
            let i = at % bytes.len();
            bytes[i] ^= xor;
            match String::from_utf8(bytes) {
                Ok(text) => Value::Text(text),
                Err(e) => Value::Blob(e.into_bytes()),
            }
        }
        Value::Blob(mut b) if !b.is_empty() => {
            let i = at % b.len();
            b[i] ^= xor;
            Value::Blob(b)
        }
        other => other,
    }
}

fn apply(conn: &Connection, m: &Mutation) -> rusqlite::Result<usize> {
    match m {
        Mutation::Set {
            table,
            row,
            col,
            value,
        } => {
            let id = rowid(conn, table, *row)?;
            let col = column(conn, table, *col)?;
            conn.execute(
                &format!("UPDATE \"{table}\" SET \"{col}\" = ?1 WHERE rowid = ?2"),
                rusqlite::params![value, id],
            )
        }
        Mutation::Flip {
            table,
            row,
            col,
            at,
            xor,
        } => {
            let id = rowid(conn, table, *row)?;
            let col = column(conn, table, *col)?;
            let old: Value = conn.query_row(
                &format!("SELECT \"{col}\" FROM \"{table}\" WHERE rowid = ?1"),
                [id],
                |r| r.get(0),
            )?;
            conn.execute(
                &format!("UPDATE \"{table}\" SET \"{col}\" = ?1 WHERE rowid = ?2"),
                rusqlite::params![flipped(old, *at, *xor), id],
            )
        }
        Mutation::Delete { table, row } => {
            let id = rowid(conn, table, *row)?;
            conn.execute(&format!("DELETE FROM \"{table}\" WHERE rowid = ?1"), [id])
        }
    }
}

/// Applies the mutations the schema lets through (a NOT NULL or UNIQUE constraint refuses
/// some: those are skipped, as a tool editing the file would fail on them too).
fn mutate(path: &Path, mutations: &[Mutation]) {
    let conn = Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    for m in mutations {
        let _ = apply(&conn, m);
    }
}

/// Imports `package` into a fresh copy of the district and judges the result.
fn import_and_judge(dir: &Path, package: &Path) -> Result<(), TestCaseError> {
    let live = dir.join("live.cchc");
    std::fs::copy(&fixture().district, &live).unwrap_or_else(|e| panic!("{e}"));
    let before = hash(&live);
    let result = import_into(
        &live,
        package,
        &dir.join("backups"),
        Resolution::TakeIncoming,
    )
    .map(drop)
    .map_err(|e| e.message(Lang::Vi));
    verdict(result, &live, &before, &fixture().baseline)
}

proptest! {
    #![proptest_config(proptest_config(24, 1000))]

    /// The signed package changed after signing: every row, audit entry, blob and meta value
    /// is covered by the signature, so any real change is refused whole.
    #[test]
    fn a_package_changed_after_signing_is_refused_or_harmless(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let dir = temp();
        let package = dir.path().join("received.cchc");
        std::fs::copy(&fixture().package, &package).unwrap_or_else(|e| panic!("{e}"));
        mutate(&package, &mutations);
        import_and_judge(dir.path(), &package)?;
    }

    /// The commune's working file changed behind the program's back, then exported: the
    /// package is signed, so the district's own checks (rows, rules, audit log) must hold.
    #[test]
    fn a_working_file_changed_then_exported_is_refused_or_harmless(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let dir = temp();
        let working = dir.path().join("commune.cchc");
        std::fs::copy(&fixture().commune, &working).unwrap_or_else(|e| panic!("{e}"));
        mutate(&working, &mutations);
        let package = dir.path().join("package.cchc");
        match export_unit(&working, SENDER, YEAR, &package) {
            // The sender's own program refused to export it: nothing reaches the district.
            Err(e) => prop_assert!(!e.message(Lang::Vi).trim().is_empty()),
            Ok(()) => import_and_judge(dir.path(), &package)?,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Workbooks: cells, sizes, the sheet's XML

const HEADER: [&str; 4] = ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"];

/// The demo's 2025 commune set as an appendix's rows: code, title, maximum (leaves only),
/// guidance.
fn appendix_rows(file: &Path) -> Vec<Vec<String>> {
    let store = Store::open(file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(YEAR, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    set.nodes()
        .iter()
        .map(|n| {
            let max = if n.leaf.is_some() || n.children.is_empty() {
                n.max_points().to_vi()
            } else {
                String::new()
            };
            vec![
                n.code.to_string(),
                n.title.to_string(),
                max,
                n.guidance.clone(),
            ]
        })
        .collect()
}

/// A cell written far from the table (the sheet's size), if any.
#[derive(Debug, Clone, Default)]
struct Far {
    cell: Option<(u32, u16, String)>,
}

fn write_appendix(path: &Path, rows: &[Vec<String>], far: &Far) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet
            .write_string(0, c as u16, *h)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let at = (r as u32 + 1, c as u16);
            let written = match v.strip_prefix('#').map(str::parse::<f64>) {
                Some(Ok(n)) => sheet.write_number(at.0, at.1, n),
                _ => sheet.write_string(at.0, at.1, v),
            };
            written.unwrap_or_else(|e| panic!("{e}"));
        }
    }
    if let Some((r, c, text)) = &far.cell {
        // rust_xlsxwriter refuses cells outside Excel's grid: those are made in the XML.
        let _ = sheet.write_string(*r, *c, text);
    }
    book.save(path).unwrap_or_else(|e| panic!("{e}"));
}

#[derive(Debug, Clone)]
enum SheetXml {
    Flip { at: usize, xor: u8 },
    Truncate { keep: usize },
    Insert { at: usize, text: String },
}

fn sheet_xml() -> impl Strategy<Value = SheetXml> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, xor)| SheetXml::Flip { at, xor }),
        any::<usize>().prop_map(|keep| SheetXml::Truncate { keep }),
        (
            any::<usize>(),
            prop_oneof![
                Just("<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c>".to_owned()),
                Just("<row r=\"4294967295\"><c r=\"A4294967295\"><v>1</v></c></row>".to_owned()),
                Just("<dimension ref=\"A1:XFD1048576\"/>".to_owned()),
                Just("<c r=\"C3\" t=\"s\"><v>99999999</v></c>".to_owned()),
                Just("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>".to_owned()),
                "\\PC{0,16}",
            ]
        )
            .prop_map(|(at, text)| SheetXml::Insert { at, text }),
    ]
}

/// The workbook at `path` with its first sheet's XML changed, written back as a zip.
fn change_sheet_xml(path: &Path, change: &SheetXml) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .unwrap_or_else(|e| panic!("{e}"));
        if name == "xl/worksheets/sheet1.xml" && !content.is_empty() {
            let n = content.len();
            match change {
                SheetXml::Flip { at, xor } => content[at % n] ^= xor,
                SheetXml::Truncate { keep } => content.truncate(keep % n),
                SheetXml::Insert { at, text } => {
                    let at = at % n;
                    content.splice(at..at, text.bytes());
                }
            }
        }
        out.start_file(name, stored)
            .unwrap_or_else(|e| panic!("{e}"));
        out.write_all(&content).unwrap_or_else(|e| panic!("{e}"));
    }
    let written = out.finish().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, written.into_inner()).unwrap_or_else(|e| panic!("{e}"));
}

#[derive(Debug, Clone)]
enum CellChange {
    Set {
        row: usize,
        col: usize,
        text: String,
    },
    DropRow(usize),
    SwapRows(usize, usize),
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9IVX]{1,3}(\\.[0-9]{1,2}){0,3}",
        "-?[0-9]{0,4}([,.][0-9]{0,4})?",
        "#-?[0-9]{0,6}(\\.[0-9]{0,3})?",
        "#1e300",
        "#NaN",
        "\\PC{0,30}",
        Just(String::new()),
        Just("Tổng".to_owned()),
        Just("a)".to_owned()),
        Just("-".to_owned()),
    ]
}

fn cell_change() -> impl Strategy<Value = CellChange> {
    prop_oneof![
        4 => (any::<usize>(), 0usize..4, cell_text())
            .prop_map(|(row, col, text)| CellChange::Set { row, col, text }),
        1 => any::<usize>().prop_map(CellChange::DropRow),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| CellChange::SwapRows(a, b)),
    ]
}

fn far() -> impl Strategy<Value = Far> {
    prop_oneof![
        3 => Just(Far::default()),
        1 => (0u32..1_048_576, 0u16..16_384, "\\PC{1,8}")
            .prop_map(|(r, c, t)| Far { cell: Some((r, c, t)) }),
    ]
}

fn changed_rows(changes: &[CellChange]) -> Vec<Vec<String>> {
    let mut rows = appendix_rows(&fixture().district);
    for change in changes {
        let n = rows.len();
        if n == 0 {
            break;
        }
        match change {
            CellChange::Set { row, col, text } => rows[row % n][*col] = text.clone(),
            CellChange::DropRow(row) => {
                rows.remove(row % n);
            }
            CellChange::SwapRows(a, b) => rows.swap(a % n, b % n),
        }
    }
    rows
}

/// Imports the workbook's set into a fresh copy of the district and judges the result.
fn import_workbook_and_judge(dir: &Path, workbook: &Path) -> Result<(), TestCaseError> {
    let live = dir.join("live.cchc");
    std::fs::copy(&fixture().district, &live).unwrap_or_else(|e| panic!("{e}"));
    let before = hash(&live);
    let result = {
        let mut store = Store::open(&live, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
        import_index_set(
            &mut store,
            workbook,
            SET_YEAR,
            Level::Commune,
            "Bộ chỉ số thử",
            false,
            Some(SumChoice::Sum),
        )
        .map(drop)
        .map_err(|e| e.lines(Lang::Vi).join("\n"))
    };
    verdict(result, &live, &before, &fixture().demo_baseline)
}

proptest! {
    #![proptest_config(proptest_config(24, 1000))]

    /// Cells changed, rows dropped or swapped, a cell far away: read and stored whole, or
    /// refused with the rows named.
    #[test]
    fn a_workbook_with_changed_cells_is_refused_or_stored_clean(
        changes in prop::collection::vec(cell_change(), 1..5),
        far in far(),
    ) {
        let dir = temp();
        let workbook = dir.path().join("phu-luc.xlsx");
        write_appendix(&workbook, &changed_rows(&changes), &far);
        import_workbook_and_judge(dir.path(), &workbook)?;
    }

    /// The sheet's XML inside the zip changed: a byte flipped, cut short, or something
    /// inserted (a cell outside the grid, a huge row number, a shared string that does not
    /// exist, an entity).
    #[test]
    fn a_workbook_with_changed_sheet_xml_is_refused_or_stored_clean(change in sheet_xml()) {
        let dir = temp();
        let workbook = dir.path().join("phu-luc.xlsx");
        std::fs::copy(&fixture().workbook, &workbook).unwrap_or_else(|e| panic!("{e}"));
        change_sheet_xml(&workbook, &change);
        import_workbook_and_judge(dir.path(), &workbook)?;
    }
}

// ---------------------------------------------------------------------------------------
// Points and numbers as text

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9]{0,12}([,.][0-9]{0,5})?",
        "[0-9 ,.\\-+eE]{0,14}",
        "\\PC{0,12}",
        "[0-9]{1,3}(\\.[0-9]{3}){1,4}(,[0-9]{1,3})?",
        "[٠-٩０-９]{1,4}",
    ]
}

/// Runs the command line in this process, as `parindex ARGS` would; its exit code.
fn cli(args: &[&str]) -> Option<std::process::ExitCode> {
    use clap::Parser;
    let all = std::iter::once("parindex").chain(args.iter().copied());
    match parindex::cli::Cli::try_parse_from(all) {
        Ok(cli) => parindex::cli::run(cli),
        Err(_) => Some(std::process::ExitCode::from(2)),
    }
}

proptest! {
    #![proptest_config(proptest_config(64, 1000))]

    /// What the officer types as points: refused, or a value that reads back the same in
    /// both spellings.
    #[test]
    fn points_text_is_refused_or_reads_back_the_same(text in number_text()) {
        if let Ok(p) = Points::parse(&text) {
            prop_assert!(p >= Points::ZERO);
            prop_assert_eq!(Points::parse(&p.to_vi()), Ok(p));
            prop_assert_eq!(Points::parse(&p.to_plain()), Ok(p));
        }
    }
}

proptest! {
    #![proptest_config(proptest_config(16, 1000))]

    /// Points typed on the command line (`score --self TEXT`): exit 2 and the file unchanged,
    /// or stored within the leaf's maximum and `check` clean.
    #[test]
    fn points_typed_in_a_command_are_refused_or_stored_clean(text in number_text()) {
        let dir = temp();
        let live = dir.path().join("live.cchc");
        std::fs::copy(&fixture().district, &live).unwrap_or_else(|e| panic!("{e}"));
        let before = hash(&live);
        let (code, _) = manual_leaves(&live)[1].clone();
        let points = format!("--self={text}");
        let code_arg = format!("--criterion={code}");
        let exit = cli(&[
            "score", live.to_str().unwrap_or_default(), "--year", "2025", "--level", "commune",
            "--unit", SENDER, &code_arg, &points, "--by", "Cán bộ huyện",
        ]);
        let result = if exit == Some(std::process::ExitCode::SUCCESS) {
            Ok(())
        } else {
            Err(format!("exit {exit:?}"))
        };
        verdict(result, &live, &before, &fixture().demo_baseline)?;
    }
}
