//! The printable documents on the built-in demo, read back as text with poppler's
//! `pdftotext -layout` and checked with `qpdf --check` and `pdffonts` (CI installs
//! poppler-utils and qpdf; a missing tool fails the test rather than skipping it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The program under test: this build's, or the one named by `PARINDEX_TEST_BIN` (an older
/// build, to show that a test fails on the documents it made).
fn bin() -> Command {
    let program = std::env::var_os("PARINDEX_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_parindex").into());
    let mut cmd = Command::new(program);
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
        "PHỤ LỤC",
        "So với năm",
        "Thị trấn Đông Khê (hạng 2/14)",
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

// ---- Issue 12: documents a chairman signs as printed ------------------------------------

/// A document of the demo written to `dir`, at any level, with extra arguments.
fn pdf_file(
    dir: &tempfile::TempDir,
    kind: &str,
    year: &str,
    level: &str,
    extra: &[&str],
) -> PathBuf {
    pdf_of(demo(), dir, kind, year, level, extra)
}

fn pdf_of(
    file: &Path,
    dir: &tempfile::TempDir,
    kind: &str,
    year: &str,
    level: &str,
    extra: &[&str],
) -> PathBuf {
    let out = dir.path().join(format!("{kind}-{year}-{level}.pdf"));
    let mut args = vec![
        "pdf",
        kind,
        s(file),
        "--year",
        year,
        "--level",
        level,
        "-o",
        s(&out),
    ];
    args.extend_from_slice(extra);
    let result = run(&args);
    assert!(
        result.status.success(),
        "pdf {kind} {year} {level}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

/// The text of every page (pdftotext -layout, pages split at form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    let out = tool("pdftotext", &["-layout", s(pdf), "-"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// A page's lines without the page number at the top and the fingerprint footer.
fn body_lines(page: &str) -> Vec<&str> {
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    let skip = usize::from(
        lines
            .first()
            .is_some_and(|l| l.trim().chars().all(|c| c.is_ascii_digit())),
    );
    lines[skip..]
        .iter()
        .copied()
        .filter(|l| !l.trim().starts_with("Mã dữ liệu:"))
        .collect()
}

/// Whether a line is part of a signature block, a legend or a note (what must never stand
/// alone on a page).
fn is_closing(line: &str) -> bool {
    let line = line.trim();
    [
        "TM.",
        "KT.",
        "CHỦ TỊCH",
        "TỔ TRƯỞNG",
        "PHÓ CHỦ TỊCH",
        "Nơi nhận",
        "- ",
        "Ký hiệu",
        "Cách tính",
        "Xếp loại",
        "Kết quả tạm tính",
        "Đơn vị hợp nhất",
        "(Kết quả tạm tính",
    ]
    .iter()
    .any(|start| line.starts_with(start))
}

/// Whether a line is a row of a table: a unit's row or a criterion's.
fn is_row(line: &str) -> bool {
    let line = line.trim_start();
    let first = line.split_whitespace().next().unwrap_or_default();
    (first.chars().next().is_some_and(|c| c.is_ascii_digit())
        && line.split_whitespace().count() > 3)
        || first.starts_with("Xã")
        || first.starts_with("Thị")
}

/// Makes each document in turn and fails on the first page that holds only closing lines,
/// or fewer than `min_lines` lines (an older build, see `bin`, fails on the first document
/// it got wrong rather than on a flag it did not have yet).
fn assert_no_page_only_closes(documents: &[(&str, &str, &str, &[&str])], min_lines: usize) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for &(kind, year, level, extra) in documents {
        let file = pdf_file(&dir, kind, year, level, extra);
        for (number, page) in pages(&file).iter().enumerate() {
            let lines = body_lines(page);
            // A page given to the tail of a legend or a two-line note is near empty.
            assert!(
                lines.len() >= min_lines,
                "{kind} {}: page {} holds {} lines:\n{page}",
                file.display(),
                number + 1,
                lines.len()
            );
            let closing = lines.iter().filter(|l| is_closing(l)).count();
            if closing == 0 {
                continue;
            }
            // Whatever closes a document shares its page with the content it closes: rows
            // of the table, or (in the report's body) the last paragraph.
            let content = lines
                .iter()
                .filter(|l| !is_closing(l) && (is_row(l) || l.trim().len() > 60))
                .count();
            assert!(
                content > 0,
                "{kind} {}: page {} holds only closing lines:\n{page}",
                file.display(),
                number + 1
            );
        }
    }
}

/// Point 1 of issue 12: a signature block alone on an empty page (scorecards). The card's
/// last page may be short: its result line and the signatures.
#[test]
fn a_signature_never_stands_alone_on_a_page() {
    assert_no_page_only_closes(
        &[
            ("scorecard", "2024", "commune", &[]),
            ("scorecard", "2024", "district", &[]),
        ],
        1,
    );
}

/// Point 3 of issue 12: a ranking's legend split onto a page of its own, a report's last
/// page given to a note.
#[test]
fn a_legend_or_note_never_stands_alone_on_a_page() {
    assert_no_page_only_closes(
        &[
            ("ranking", "2024", "commune", &[]),
            ("ranking", "2025", "commune", &[]),
            ("ranking", "2024", "district", &[]),
            ("report", "2024", "commune", &[]),
            ("report", "2025", "commune", &["--draft"]),
        ],
        5,
    );
}

#[test]
fn each_scorecard_numbers_its_own_pages() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = pdf_file(&dir, "scorecard", "2024", "commune", &[]);
    let pages = pages(&file);
    let mut expected = 1;
    let mut cards = 0;
    for page in &pages {
        let first = page
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        let number = first.trim().parse::<usize>().ok();
        if page.contains("PHIẾU CHẤM ĐIỂM") {
            cards += 1;
            assert_eq!(number, None, "a card's first page has no number: {first}");
            expected = 2;
        } else {
            assert_eq!(number, Some(expected), "page of card {cards}: {first}");
            expected += 1;
        }
    }
    assert_eq!(cards, 14);
}

/// Whether the first page sets `text` in bold (pdftohtml -xml marks bold text `<b>`).
fn is_bold(pdf: &Path, text: &str) -> bool {
    let out = tool(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-f", "1", "-l", "1", s(pdf)],
    );
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = xml
        .lines()
        .filter(|l| l.starts_with("<text"))
        .find(|l| l.contains(&format!(">{text}<")) || l.contains(&format!("><b>{text}</b><")))
        .unwrap_or_else(|| panic!("no {text} in\n{xml}"));
    line.contains(&format!("<b>{text}</b>"))
}

#[test]
fn a_peoples_committee_is_named_in_bold_on_both_lines() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = pdf_file(&dir, "report", "2024", "commune", &[]);
    for line in [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THẠCH AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ] {
        assert!(is_bold(&file, line), "{line} is not bold");
    }
    assert!(!is_bold(&file, "Số: 83/BC-UBND"), "the number is regular");
}

#[test]
fn counts_of_zero_are_words_and_dates_are_written_as_the_source_does() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = flat(&pages(&pdf_file(&dir, "report", "2024", "commune", &[])).join("\n"));
    assert!(
        !report.contains(" 00 ") && !report.contains("00/"),
        "{report}"
    );
    assert!(report.contains("không có đơn vị nào"), "{report}");
    assert!(report.contains("01/14 đơn vị xếp loại Tốt"), "{report}");
    // 83/BC-UBND of 12/3/2025: the month without a leading zero, as the source writes.
    assert!(report.contains("ngày 12/3/2025"), "{report}");
    assert!(!report.contains("12/03/2025"), "{report}");
    assert!(
        report.contains("Những lĩnh vực mà các xã, thị trấn bị trừ"),
        "{report}"
    );
    assert!(
        !report.contains("UBND huyện Thạch An, Ủy ban nhân dân"),
        "{report}"
    );
    let scorecards = flat(&pages(&pdf_file(&dir, "scorecard", "2024", "commune", &[])).join("\n"));
    assert!(
        scorecards.contains("ngày 29/3/2024"),
        "the 592/KH-UBND plan's date"
    );
    assert!(!scorecards.contains("29/03/2024"));
    // A title's summary never breaks inside "thành phố".
    let district = pages(&pdf_file(&dir, "ranking", "2024", "district", &[])).join("\n");
    assert!(
        !district.lines().any(|l| l.trim_end().ends_with("thành")),
        "{district}"
    );
}

#[test]
fn metadata_names_the_document_and_its_issuer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = pdf_file(&dir, "report", "2024", "commune", &[]);
    let info = String::from_utf8_lossy(&tool("pdfinfo", &[s(&file)]).stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert!(field("Title").contains("Chỉ số CCHC năm 2024"), "{info}");
    assert_eq!(field("Author"), "Ủy ban nhân dân huyện Thạch An", "{info}");
    assert!(
        field("Subject").contains("Kết quả xác định Chỉ số"),
        "{info}"
    );
    assert!(!field("CreationDate").contains("1970"), "{info}");
    assert!(!field("CreationDate").is_empty(), "{info}");
    assert!(!info.contains("PDF subtype"), "{info}");
    let trailer =
        String::from_utf8_lossy(&tool("qpdf", &["--show-object=trailer", s(&file)]).stdout)
            .into_owned();
    let root = trailer
        .split("/Root ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no root in {trailer}"))
        .to_owned();
    let catalog = String::from_utf8_lossy(
        &tool("qpdf", &[&format!("--show-object={root}"), s(&file)]).stdout,
    )
    .into_owned();
    assert!(catalog.contains("/Lang (vi-VN)"), "{catalog}");
    let info_object = trailer
        .split("/Info ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no info in {trailer}"))
        .to_owned();
    let dict = String::from_utf8_lossy(
        &tool("qpdf", &[&format!("--show-object={info_object}"), s(&file)]).stdout,
    )
    .into_owned();
    assert!(!dict.contains("GTS_PDFX"), "{dict}");
}

#[test]
fn the_footer_keeps_the_fingerprint_without_the_programs_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for kind in ["ranking", "report", "scorecard"] {
        let text = pages(&pdf_file(&dir, kind, "2024", "commune", &[])).join("\n");
        assert!(text.contains(&format!("Mã dữ liệu: {}", fingerprint("2024"))));
        assert!(!text.contains("parindex"), "{kind}");
    }
}

#[test]
fn a_year_in_progress_prints_only_as_a_marked_draft() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.pdf");
    let refused = run(&[
        "pdf",
        "report",
        s(demo()),
        "--year",
        "2025",
        "--level",
        "commune",
        "-o",
        s(&out),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--draft") && stderr.contains("Xã "),
        "{stderr}"
    );
    assert!(!out.exists());

    let report =
        flat(&pages(&pdf_file(&dir, "report", "2025", "commune", &["--draft"])).join("\n"));
    for expected in ["DỰ THẢO", "Kết quả tạm tính", "Tạm tính (tự đánh giá)"] {
        assert!(report.contains(expected), "missing {expected} in {report}");
    }
    let ranking = pages(&pdf_file(&dir, "ranking", "2025", "commune", &[])).join("\n");
    assert!(flat(&ranking).contains("DỰ THẢO"));
    // Every provisional row says its stage; the survey not yet done prints "–", not 0.
    for row in ranking_json("2025") {
        let name = row["unit_name"].as_str().unwrap_or_default();
        // The mark is under the unit's name, on the row's second line.
        let mut lines = ranking.lines().skip_while(|l| !l.contains(name));
        let row_text = format!(
            "{} {}",
            lines.next().unwrap_or_else(|| panic!("no row of {name}")),
            lines.next().unwrap_or_default()
        );
        if row["status"] != "final" {
            assert!(row_text.contains("Tạm tính ("), "{row_text}");
        }
    }
    assert!(ranking.contains('\u{2013}'), "{ranking}");
    // A card of points only self-assessed never calls them appraised.
    let cards = pages(&pdf_file(&dir, "scorecard", "2025", "commune", &[]));
    // The formula and the stage line may fall on different pages of one card (the card's
    // chart takes room), so the formulas are counted over the whole file.
    let mut self_assessed = 0;
    for card in &cards {
        let text = flat(card);
        if text.contains("giai đoạn tự đánh giá") {
            self_assessed += 1;
            assert!(!text.contains("điểm thẩm định +"), "{text}");
        }
    }
    assert!(self_assessed > 0);
    let all: String = cards.iter().map(|c| flat(c)).collect::<Vec<_>>().join(" ");
    assert!(
        all.matches("điểm tự đánh giá +").count() >= self_assessed,
        "each self-assessed card says its points are self-assessed"
    );
}

/// Point 6 of issue 12: the ranking's columns add up.
#[test]
fn the_rankings_columns_add_up_to_the_index() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Kim Đồng: 89,59 points of a maximum lowered to 97,5 by two N/A criteria = 91,89 %.
    let text = pages(&pdf_file(&dir, "ranking", "2024", "commune", &[])).join("\n");
    let line = text
        .lines()
        .find(|l| l.contains("Xã Kim Đồng"))
        .unwrap_or_default();
    for figure in ["89,59", "97,5", "91,89"] {
        assert!(line.contains(figure), "{figure} not in {line}");
    }
    assert!(
        flat(&text).contains("không phát sinh"),
        "the legend explains the maximum"
    );
}

/// Point 5 of issue 12: the ranking is an appendix of the report or its own signed document.
#[test]
fn the_ranking_is_an_appendix_or_a_signed_document() {
    use parindex::domain::Level;
    use parindex::store::{Access, Store};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let appendix = flat(&pages(&pdf_file(&dir, "ranking", "2024", "commune", &[])).join("\n"));
    assert!(appendix.contains("PHỤ LỤC"), "{appendix}");
    assert!(
        appendix.contains("(Kèm theo Báo cáo số 83/BC-UBND ngày 12/3/2025"),
        "{appendix}"
    );
    assert!(!appendix.contains("Số: 83/BC-UBND"), "{appendix}");
    assert!(!appendix.contains("CHỦ TỊCH"), "an appendix is not signed");

    let file = dir.path().join("signed.cchc");
    std::fs::copy(demo(), &file).unwrap_or_else(|e| panic!("{e}"));
    {
        let mut store = Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
        let mut settings = store
            .report_settings(2024, Level::Commune)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("demo has 2024 settings"));
        settings.ranking_signed = true;
        store
            .save_report_settings(2024, Level::Commune, &settings)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let signed = flat(&pages(&pdf_of(&file, &dir, "ranking", "2024", "commune", &[])).join("\n"));
    for expected in [
        "BẢNG TỔNG HỢP",
        "Kết quả xác định Chỉ số",
        "Nơi nhận:",
        "CHỦ TỊCH",
    ] {
        assert!(signed.contains(expected), "missing {expected} in {signed}");
    }
    assert!(!signed.contains("83/BC-UBND"), "{signed}");
    assert!(!signed.contains("PHỤ LỤC"), "{signed}");
}

#[test]
fn merged_communes_are_compared_with_their_predecessors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = pages(&pdf_file(&dir, "ranking", "2025", "commune", &[])).join("\n");
    assert!(!text.contains("mới (hợp nhất)"), "{text}");
    assert!(text.contains("(từ "), "{text}");
    assert!(
        flat(&text).contains("thứ hạng tốt nhất"),
        "the rule is stated"
    );
}
