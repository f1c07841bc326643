//! Workbooks and CSV files made to hurt the reader: a cell at XFD1048576 (a dense grid of a
//! billion cells), a zip bomb in the shared strings, a 5 MB cell, 30 000 rows. Each is built
//! here, byte by byte, and must be refused (exit 2, one line naming the problem) quickly,
//! in bounded memory, with the document file unchanged.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{bytes, demo_copy, run, s, stderr, stdout, temp};
use zip::write::SimpleFileOptions;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A part of a workbook: its name and a writer of its content (large parts are streamed).
type Part<'a> = (
    &'a str,
    Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a>,
);

fn text_part<'a>(name: &'a str, text: String) -> Part<'a> {
    (
        name,
        Box::new(move |w: &mut dyn Write| w.write_all(text.as_bytes())),
    )
}

/// A minimal XLSX: one sheet whose `<sheetData>` is `rows`, shared strings `strings`, and
/// any `extra` parts, each deflated.
fn workbook(path: &Path, rows: &str, strings: Option<Part<'_>>, extra: Vec<Part<'_>>) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut parts: Vec<Part<'_>> = vec![
        text_part(
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>"
                .into(),
        ),
        text_part(
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC_RELS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        text_part(
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC_RELS}\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        text_part(
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC_RELS}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{DOC_RELS}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            ),
        ),
        text_part(
            "xl/worksheets/sheet1.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>{rows}</sheetData></worksheet>"
            ),
        ),
    ];
    parts.push(strings.unwrap_or_else(|| {
        text_part(
            "xl/sharedStrings.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MAIN}\"/>"),
        )
    }));
    parts.extend(extra);
    for (name, write) in parts {
        zip.start_file(name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        write(&mut zip).unwrap_or_else(|e| panic!("{e}"));
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
}

/// An inline-string cell.
fn cell(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// A number cell.
fn number(at: &str, value: &str) -> String {
    format!("<c r=\"{at}\"><v>{value}</v></c>")
}

/// The header of an index set table on row 1.
fn set_header() -> String {
    format!(
        "<row r=\"1\">{}{}{}</row>",
        cell("A1", "STT"),
        cell("B1", "Lĩnh vực/Tiêu chí"),
        cell("C1", "Điểm tối đa")
    )
}

/// `parindex` run with `args`, its wall time and, where `/usr/bin/time` exists, its peak
/// resident memory in MB.
fn run_measured(args: &[&str], dir: &Path) -> (Output, Duration, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    let report = dir.join("time.txt");
    let started = Instant::now();
    let out = if time.exists() {
        let mut cmd = std::process::Command::new(time);
        cmd.args(["-f", "%M", "-o", s(&report), env!("CARGO_BIN_EXE_parindex")]);
        cmd.args(args);
        cmd.env("PARINDEX_DATA_DIR", common::data_dir());
        cmd.output().unwrap_or_else(|e| panic!("{e}"))
    } else {
        run(args)
    };
    let elapsed = started.elapsed();
    let peak_mb = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
        .map(|kb| kb / 1024);
    (out, elapsed, peak_mb)
}

/// Refused: exit 2, one line on stderr containing `needle`, the document unchanged, within
/// generous bounds of time and memory (the unbounded reader aborted, took a minute or GBs).
fn assert_refused(args: &[&str], dir: &Path, file: &Path, needle: &str) {
    let before = bytes(file);
    let (out, elapsed, peak_mb) = run_measured(args, dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}{}", stdout(&out));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("parindex: "), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
    assert!(bytes(file) == before, "the document changed");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    if let Some(mb) = peak_mb {
        assert!(mb < 1024, "peak memory {mb} MB");
    }
    eprintln!("{elapsed:?}, peak {peak_mb:?} MB: {err}");
}

fn import_set<'a>(file: &'a Path, table: &'a Path) -> Vec<&'a str> {
    vec![
        "xlsx",
        "import-set",
        s(file),
        s(table),
        "--year",
        "2030",
        "--level",
        "commune",
        // The generated sets do not add up to 100: use their sums.
        "--sums",
        "sum",
    ]
}

#[test]
fn a_cell_at_the_far_corner_is_refused_not_allocated() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let table = dir.path().join("corner.xlsx");
    let rows = format!(
        "{}<row r=\"1048576\">{}</row>",
        set_header(),
        cell("XFD1048576", "x")
    );
    workbook(&table, &rows, None, Vec::new());
    assert!(std::fs::metadata(&table).map(|m| m.len()).unwrap_or(0) < 4096);
    assert_refused(&import_set(&file, &table), dir.path(), &file, "XFD1048576");
    // A row beyond the rows a table may have, and a 65th column, likewise.
    let rows = format!(
        "{}<row r=\"100001\">{}</row>",
        set_header(),
        cell("A100001", "1")
    );
    workbook(&table, &rows, None, Vec::new());
    assert_refused(&import_set(&file, &table), dir.path(), &file, "A100001");
    let rows = format!("{}<row r=\"2\">{}</row>", set_header(), cell("BM2", "1"));
    workbook(&table, &rows, None, Vec::new());
    assert_refused(&import_set(&file, &table), dir.path(), &file, "BM2");
}

/// 101 MB of one repeated byte, deflated to about 100 KB.
fn bomb_part(name: &str, inflated_mb: usize) -> Part<'_> {
    (
        name,
        Box::new(move |w: &mut dyn Write| {
            w.write_all(
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MAIN}\"><si><t>")
                    .as_bytes(),
            )?;
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..inflated_mb {
                w.write_all(&chunk)?;
            }
            w.write_all(b"</t></si></sst>")
        }),
    )
}

#[test]
fn a_zip_bomb_in_the_shared_strings_is_refused_before_it_is_inflated() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let table = dir.path().join("bomb.xlsx");
    workbook(
        &table,
        &set_header(),
        Some(bomb_part("xl/sharedStrings.xml", 101)),
        Vec::new(),
    );
    let size = std::fs::metadata(&table).map(|m| m.len()).unwrap_or(0);
    assert!(size < 200 * 1024, "{size} bytes");
    assert_refused(
        &import_set(&file, &table),
        dir.path(),
        &file,
        "xl/sharedStrings.xml",
    );
    // Parts each under the limit but together above the total.
    workbook(
        &table,
        &set_header(),
        None,
        vec![
            bomb_part("xl/extra1.xml", 90),
            bomb_part("xl/extra2.xml", 90),
            bomb_part("xl/extra3.xml", 90),
        ],
    );
    assert_refused(&import_set(&file, &table), dir.path(), &file, "200 MB");
}

#[test]
fn a_cell_longer_than_the_limit_is_refused_with_its_row() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let table = dir.path().join("long.xlsx");
    let long = "Tiêu chí ".repeat(5 * 1024 * 1024 / 10);
    let rows = format!(
        "{}<row r=\"2\">{}{}{}</row><row r=\"3\">{}{}{}</row>",
        set_header(),
        cell("A2", "1"),
        cell("B2", "Kế hoạch"),
        number("C2", "1"),
        cell("A3", "2"),
        cell("B3", &long),
        number("C3", "1"),
    );
    workbook(&table, &rows, None, Vec::new());
    assert_refused(
        &import_set(&file, &table),
        dir.path(),
        &file,
        "Dòng 3, ô B3",
    );
    // The same in a CSV file.
    let csv = dir.path().join("long.csv");
    std::fs::write(
        &csv,
        format!("Mã đơn vị,Mã tiêu chí,Điểm\n01786,8.1.1,\"{long}\"\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let args = [
        "xlsx",
        "import-survey",
        s(&file),
        s(&csv),
        "--year",
        "2025",
        "--level",
        "commune",
    ];
    assert_refused(&args, dir.path(), &file, "Dòng 2, ô C2");
}

#[test]
fn csv_files_too_large_or_too_wide_are_refused() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let survey = |table: &Path| -> Vec<String> {
        [
            "xlsx",
            "import-survey",
            s(&file),
            s(table),
            "--year",
            "2025",
            "--level",
            "commune",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let check = |table: &Path, needle: &str| {
        let args = survey(table);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(&args, dir.path(), &file, needle);
    };
    // 51 MB (a sparse file: nothing to write).
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(51 * 1024 * 1024)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(f);
    check(&big, "50 MB");
    let wide = dir.path().join("wide.csv");
    std::fs::write(
        &wide,
        format!(
            "Mã đơn vị,Mã tiêu chí,Điểm\n01786,8.1.1,1{}\n",
            ",".repeat(64)
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    check(&wide, "Dòng 2 có hơn 64 cột");
    let long = dir.path().join("long.csv");
    std::fs::write(
        &long,
        format!(
            "Mã đơn vị,Mã tiêu chí,Điểm\n{}",
            "01786,8.1.1,1\n".repeat(100_001)
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    check(&long, "hơn 100000 dòng");
    // An old format whose reader cannot be bounded: asked for as .xlsx.
    let xls = dir.path().join("old.xls");
    std::fs::write(&xls, b"not really").unwrap_or_else(|e| panic!("{e}"));
    check(&xls, "dưới dạng .xlsx");
}

/// An index set table of `n` criteria (areas of 10 criteria).
fn big_set(path: &Path, n: usize) {
    let mut rows = set_header();
    let mut line = 1;
    for area in 0..n / 11 {
        line += 1;
        rows.push_str(&format!(
            "<row r=\"{line}\">{}{}</row>",
            number(&format!("A{line}"), &(area + 1).to_string()),
            cell(&format!("B{line}"), &format!("Lĩnh vực {}", area + 1)),
        ));
        for c in 1..=10 {
            line += 1;
            rows.push_str(&format!(
                "<row r=\"{line}\">{}{}{}</row>",
                cell(&format!("A{line}"), &format!("{}.{c}", area + 1)),
                cell(&format!("B{line}"), &format!("Tiêu chí {}.{c}", area + 1)),
                number(&format!("C{line}"), "1"),
            ));
        }
    }
    workbook(path, &rows, None, Vec::new());
}

#[test]
fn thirty_thousand_rows_are_read_in_linear_time() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    // 30 000 criteria: more than an index set may have (the store could not load it back),
    // refused once read; the quadratic reader took minutes here and then stored it.
    let table = dir.path().join("set.xlsx");
    big_set(&table, 30_000);
    assert_refused(&import_set(&file, &table), dir.path(), &file, "2000");
    // The largest set allowed is stored, and read back.
    big_set(&table, 1_991);
    let (out, elapsed, _) = run_measured(&import_set(&file, &table), dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    // Read back: `check` loads every set (a larger tree would be refused as damaged).
    let out = run(&["check", s(&file)]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    // 30 000 survey values (600 communes × 50 criteria is a province's year).
    let units = ["01786", "01822", "01789", "01792", "01807", "01795"];
    let criteria = [
        "8.1.1", "8.1.2", "8.1.3", "8.1.4", "8.1.5", "8.2.1", "8.2.2", "8.2.3",
    ];
    let mut csv = String::from("Mã đơn vị,Mã tiêu chí,Điểm\n");
    for i in 0..30_000 {
        let points = ["0", "0.1", "0.2"][i % 3];
        csv.push_str(&format!(
            "{},{},{points}\n",
            units[i % 6],
            criteria[(i / 6) % 8]
        ));
    }
    let survey: PathBuf = dir.path().join("survey.csv");
    std::fs::write(&survey, csv).unwrap_or_else(|e| panic!("{e}"));
    let args = [
        "xlsx",
        "import-survey",
        s(&file),
        s(&survey),
        "--year",
        "2025",
        "--level",
        "commune",
    ];
    let (out, elapsed, _) = run_measured(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    eprintln!("30 000 survey rows: {elapsed:?}");
}
