//! The printable documents on the built-in demo, read back as text with poppler's
//! `pdftotext -layout` and checked with `qpdf --check` and `pdffonts` (CI installs
//! poppler-utils and qpdf; a missing tool fails the test rather than skipping it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parindex"));
    cmd.env(
        "PARINDEX_DATA_DIR",
        std::env::temp_dir().join("parindex-pdf-test-data"),
    );
    cmd
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run parindex: {e}"))
}

fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the PDF tests (apt-get install poppler-utils qpdf): {e}")
    })
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

/// The demo, written once for all tests (they only read it).
fn demo() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("demo.cchc");
        let out = run(&["demo", s(&path)]);
        assert!(
            out.status.success(),
            "demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, path)
    });
    path
}

/// Makes a document and returns its text (pdftotext -layout), after checking the file
/// with qpdf and its fonts with pdffonts.
fn make(kind: &str, year: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join(format!("{kind}.pdf"));
    let mut args = vec![
        "pdf",
        kind,
        s(demo()),
        "--year",
        year,
        "--level",
        "commune",
        "-o",
        s(&out),
    ];
    args.extend_from_slice(extra);
    let result = run(&args);
    assert!(
        result.status.success(),
        "pdf {kind} failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    let check = tool("qpdf", &["--check", s(&out)]);
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );

    let fonts = tool("pdffonts", &[s(&out)]);
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!faces.is_empty(), "no fonts: {fonts}");
    for face in faces {
        // "ABCDEF+LiberationSerif-Regular  CID TrueType  Identity-H  yes yes yes ..."
        let columns: Vec<&str> = face.split_whitespace().collect();
        assert!(
            columns[0].len() > 7 && columns[0].as_bytes()[6] == b'+',
            "not a subset font: {face}"
        );
        assert!(columns[0].contains("LiberationSerif"), "{face}");
        assert!(face.contains("yes yes"), "not embedded and subset: {face}");
    }

    let text = tool("pdftotext", &["-layout", s(&out), "-"]);
    assert!(text.status.success());
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// `parindex rank --format json` of the demo.
fn ranking_json(year: &str) -> Vec<Value> {
    let out = run(&[
        "rank",
        s(demo()),
        "--year",
        year,
        "--level",
        "commune",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    serde_json::from_slice::<Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_else(|| panic!("rank json"))
}

/// The fingerprint `parindex check` prints for a year's communes.
fn fingerprint(year: &str) -> String {
    let out = run(&["check", s(demo())]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let prefix = format!("Mã dữ liệu {year} commune: ");
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(str::trim)
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no fingerprint in {text}"))
}

/// The text with every run of whitespace made one space, so a phrase that the layout
/// wrapped onto two lines is still found.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "91.89" → "91,89".
fn vi(percent: &str) -> String {
    percent.replace('.', ",")
}

/// Every unit name and index percentage of the ranking appear in `text`; each unit's
/// index is on the same line as its name.
fn assert_units(text: &str, year: &str) {
    for row in ranking_json(year) {
        let name = row["unit_name"].as_str().unwrap_or_default();
        let index = vi(row["index_percent"].as_str().unwrap_or_default());
        assert!(!index.is_empty());
        assert!(
            text.lines()
                .any(|line| line.contains(name) && line.contains(&index)),
            "no line with {name} and {index}"
        );
    }
}

#[test]
fn report_has_the_decree_30_header_figures_and_appendix() {
    let text = make("report", "2024", &[]);
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THẠCH AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 83/BC-UBND",
        "Thạch An, ngày 12 tháng 3 năm 2025",
        "BÁO CÁO",
        "Kết quả xác định Chỉ số cải cách hành chính năm 2024",
        "PHỤ LỤC",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        // Class counts as the source report writes them, and the comparison.
        "01/14 đơn vị xếp loại Tốt",
        "13/14 đơn vị xếp loại Khá",
        "So sánh với năm 2023",
    ] {
        assert!(
            flat(&text).contains(expected),
            "missing {expected:?} in\n{text}"
        );
    }
    assert!(text.contains(&format!("Mã dữ liệu: {}", fingerprint("2024"))));
    assert_units(&text, "2024");
}

#[test]
fn ranking_lists_every_unit_with_its_index_and_the_merger() {
    let text = make("ranking", "2025", &[]);
    for expected in [
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ",
        "BẢNG XẾP HẠNG",
        "So với năm",
        "mới (hợp nhất)",
        "Thị trấn Đông Khê (hạng 2/14 năm 2024)",
        "Kết quả tạm tính",
    ] {
        assert!(
            flat(&text).contains(expected),
            "missing {expected:?} in\n{text}"
        );
    }
    assert!(text.contains(&format!("Mã dữ liệu: {}", fingerprint("2025"))));
    assert_units(&text, "2025");
}

#[test]
fn ranking_shows_rank_changes_against_last_year() {
    let text = make("ranking", "2024", &[]);
    // Kim Đồng is first in 2024 and was not first in 2023: it moved up.
    let line = text
        .lines()
        .find(|line| line.contains("Xã Kim Đồng"))
        .unwrap_or_default();
    assert!(line.contains('+'), "{line}");
    assert_units(&text, "2024");
}

#[test]
fn scorecards_of_every_unit_in_one_pdf() {
    let text = make("scorecard", "2024", &[]);
    assert_eq!(text.matches("PHIẾU CHẤM ĐIỂM").count(), 14);
    for expected in [
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN XÃ KIM ĐỒNG",
        "Tài liệu kiểm chứng",
        "Giải trình",
        "TM. TỔ THẨM ĐỊNH",
        "TM. ỦY BAN NHÂN DÂN XÃ KIM ĐỒNG",
        // An evidence reference with number, date and page.
        "Kế hoạch số 47/KH-UBND",
        "ngày 10/01/2024",
    ] {
        assert!(flat(&text).contains(expected), "missing {expected:?}");
    }
    assert!(text.contains(&format!("Mã dữ liệu: {}", fingerprint("2024"))));
    for row in ranking_json("2024") {
        let name = row["unit_name"].as_str().unwrap_or_default();
        let index = vi(row["index_percent"].as_str().unwrap_or_default());
        assert!(
            text.contains(&format!("của {name}")),
            "no scorecard for {name}"
        );
        assert!(
            text.contains(&format!("{index}%")),
            "no {index}% for {name}"
        );
    }
}

#[test]
fn scorecard_of_one_unit() {
    let text = make("scorecard", "2024", &["--unit", "01792"]);
    assert_eq!(text.matches("PHIẾU CHẤM ĐIỂM").count(), 1);
    assert!(text.contains("Xã Kim Đồng"));
    assert!(!text.contains("Xã Canh Tân"));
    let kim_dong = ranking_json("2024")
        .into_iter()
        .find(|r| r["unit_code"] == "01792")
        .unwrap_or_else(|| panic!("01792 in ranking"));
    let index = vi(kim_dong["index_percent"].as_str().unwrap_or_default());
    assert!(text.contains(&format!("= {index}%")), "{text}");
}

#[test]
fn a_bad_unit_is_refused_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("sc.pdf");
    let result = run(&[
        "pdf",
        "scorecard",
        s(demo()),
        "--year",
        "2024",
        "--level",
        "commune",
        "--unit",
        "99999",
        "-o",
        s(&out),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("99999"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .collect();
    assert!(entries.is_empty(), "files left: {entries:?}");
}

#[test]
fn an_existing_pdf_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.pdf");
    std::fs::write(&out, b"old").unwrap_or_else(|e| panic!("{e}"));
    let args = [
        "pdf",
        "ranking",
        s(demo()),
        "--year",
        "2024",
        "--level",
        "commune",
        "-o",
        s(&out),
    ];
    assert!(run(&args).status.success());
    let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF-"));
    // A refusal (no index set that year) keeps the earlier file untouched.
    let mut refused = args;
    refused[4] = "2019";
    let result = run(&refused);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap_or_default(), bytes);
}

/// A copy of the demo whose 2024 commune report has `template` as its stored body.
fn demo_with_template(dir: &tempfile::TempDir, template: &str) -> PathBuf {
    use parindex::domain::Level;
    use parindex::store::{Access, Store};
    let path = dir.path().join("t.cchc");
    std::fs::copy(demo(), &path).unwrap_or_else(|e| panic!("{e}"));
    // The demo is at the current schema version: opening it for writing takes no
    // backup, so nothing is written outside `dir`.
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let mut settings = store
        .report_settings(2024, Level::Commune)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("demo has 2024 settings"));
    settings.body_template = template.to_owned();
    store
        .save_report_settings(2024, Level::Commune, &settings)
        .unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn a_stored_template_replaces_the_built_in_body() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_with_template(
        &dir,
        "# I. KẾT QUẢ\n\nNăm {nam}, {so_don_vi} đơn vị; cao nhất: {cao_nhat}.",
    );
    let out = dir.path().join("r.pdf");
    let result = run(&[
        "pdf",
        "report",
        s(&file),
        "--year",
        "2024",
        "--level",
        "commune",
        "-o",
        s(&out),
    ]);
    assert!(result.status.success());
    let text = tool("pdftotext", &["-layout", s(&out), "-"]);
    let text = flat(&String::from_utf8_lossy(&text.stdout));
    assert!(
        text.contains("Năm 2024, 14 đơn vị; cao nhất: Xã Kim Đồng (91,89%)."),
        "{text}"
    );
    assert!(
        !text.contains("TÌNH HÌNH TRIỂN KHAI"),
        "the built-in body is not used"
    );
}

#[test]
fn unknown_template_placeholders_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_with_template(&dir, "Năm {nam}: {so_don_vi_sai} và {khac}.");
    let out = dir.path().join("r.pdf");
    let result = run(&[
        "pdf",
        "report",
        s(&file),
        "--year",
        "2024",
        "--level",
        "commune",
        "-o",
        s(&out),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("{khac}") && stderr.contains("{so_don_vi_sai}"),
        "{stderr}"
    );
    assert!(!out.exists());
}
