//! The five-year summary report and the charts, made by the command line from the demo and
//! read back with poppler's `pdftotext` (and `qpdf --qdf` for the drawing operators).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{demo_master, run, s, stderr};

fn tool(name: &str, args: &[&str]) -> Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (apt-get install poppler-utils qpdf): {e}"))
}

/// Runs `parindex pdf ARGS -o DIR/NAME` and returns the PDF's path.
fn make(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut all = vec!["pdf"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", s(&out)]);
    let result = run(&all);
    assert!(result.status.success(), "pdf failed: {}", stderr(&result));
    let check = tool("qpdf", &["--check", s(&out)]);
    assert!(check.status.success(), "qpdf --check failed");
    out
}

/// The PDF's text with every run of white space made one space.
fn text(pdf: &Path) -> String {
    let out = tool("pdftotext", &[s(pdf), "-"]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn summary(dir: &Path) -> PathBuf {
    make(
        dir,
        "tong-ket.pdf",
        &[
            "summary",
            s(demo_master()),
            "--from",
            "2021",
            "--to",
            "2025",
            "--level",
            "commune",
        ],
    )
}

/// Every "… số N/X ngày dd/mm/yyyy" in the text: the cited documents' numbers and dates.
fn citations(text: &str) -> BTreeSet<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut found = BTreeSet::new();
    for i in 0..words.len().saturating_sub(3) {
        let date = words[i + 3].trim_end_matches([';', '.', ',']);
        let is_date = date.len() == 10 && date.chars().filter(|c| *c == '/').count() == 2;
        if words[i] == "số" && words[i + 1].contains('/') && words[i + 2] == "ngày" && is_date {
            found.insert(format!("{} {date}", words[i + 1]));
        }
    }
    found
}

#[test]
fn the_demo_summary_reproduces_the_published_figures() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = text(&summary(dir.path()));
    assert!(text.contains("Tổng kết công tác cải cách hành chính giai đoạn 2021 - 2025"));
    // Thạch An among the 10 districts: 5th, 6th, 9th, 2nd (report 270/BC-UBND, note 5).
    for (year, rank) in [(2021, 5), (2022, 6), (2023, 9), (2024, 2)] {
        let said = format!("năm {year} xếp thứ {rank}/10 đơn vị");
        assert!(text.contains(&said), "missing «{said}»");
    }
    // The communes' classes (note 6).
    for said in [
        "năm 2021: 14/14 xã, thị trấn xếp loại Khá;",
        "năm 2022: 05/14 xã, thị trấn xếp loại Tốt, 09/14 xã, thị trấn xếp loại Khá;",
        "năm 2023: 14/14 xã, thị trấn xếp loại Khá;",
        "năm 2024: 01/14 xã, thị trấn xếp loại Tốt, 13/14 xã, thị trấn xếp loại Khá;",
    ] {
        assert!(text.contains(said), "missing «{said}»");
    }
    // 2025 is not appraised in full: said so, never presented as final.
    assert!(text.contains("(kết quả tạm tính, chưa thẩm định xong)"));
}

#[test]
fn the_summary_cites_the_stored_evidence_by_number_and_date() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = text(&summary(dir.path()));
    let cited = citations(&text);
    assert!(cited.len() >= 15, "only {} cited: {cited:?}", cited.len());
    assert!(
        text.contains(
            "Kế hoạch số 17/KH-UBND ngày 08/01/2021 về Cải cách hành chính nhà nước năm 2021"
        ),
        "the 2021 plan of note 2 is not cited"
    );
    // Grouped by year inside an area: "(n) Năm 2021: …".
    assert!(text.contains("(1) Năm 2021: "));
}

#[test]
fn dossiers_on_time_are_summed_from_the_raw_figures() {
    // The demo's district criterion 3.3.1 (on time, settled) of Thạch An, summed by hand
    // from the demo's own data.
    let (mut on_time, mut settled) = (0_i64, 0_i64);
    for year in 2021..=2024 {
        let path = format!(
            "{}/assets/demo/scores/district-{year}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let json: serde_json::Value = serde_json::from_slice(&common::bytes(Path::new(&path)))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let raw = json["assessments"]
            .as_array()
            .and_then(|all| all.iter().find(|a| a["unit"] == "053"))
            .map(|a| a["scores"]["3.3.1"]["raw"].clone())
            .unwrap_or_else(|| panic!("no raw figures in {path}"));
        on_time += raw[0].as_i64().unwrap_or_default();
        settled += raw[1].as_i64().unwrap_or_default();
    }
    let dotted = |n: i64| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = text(&summary(dir.path()));
    let said = format!(
        "{}/{} hồ sơ giải quyết đúng hạn, đạt",
        dotted(on_time),
        dotted(settled)
    );
    assert!(text.contains(&said), "missing «{said}»");
}

#[test]
fn the_summary_has_its_tables_and_charts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pdf = summary(dir.path());
    let text = text(&pdf);
    for said in [
        "Biểu 3. Chỉ số CCHC (%) của từng đơn vị qua các năm",
        "Biểu đồ 2. Số đơn vị theo mức xếp loại qua các năm",
        "Xếp loại Tốt",
        "Số đơn vị",
        "Biểu đồ 1. Chỉ số CCHC của Huyện Thạch An qua các năm",
        "Tốt 90%",
    ] {
        assert!(text.contains(said), "missing «{said}»");
    }
    assert!(filled_paths(&pdf) >= 8, "the bars are not drawn as paths");
}

/// Counts fill-and-stroke path operators (`b`, `B`) in the uncompressed content streams.
fn filled_paths(pdf: &Path) -> usize {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plain = dir.path().join("plain.pdf");
    let out = tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", s(pdf), s(&plain)],
    );
    assert!(out.status.success(), "qpdf --qdf failed");
    let bytes = common::bytes(&plain);
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|line| matches!(line.trim(), "b" | "B"))
        .count()
}

#[test]
fn ranking_report_and_scorecard_carry_their_charts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let demo = s(demo_master());
    let scope = ["--year", "2024", "--level", "commune"];
    let ranking = make(
        dir.path(),
        "r.pdf",
        &[&["ranking", demo][..], &scope].concat(),
    );
    let ranking_text = text(&ranking);
    assert!(ranking_text.contains("Biểu đồ Chỉ số CCHC năm 2024"));
    assert!(
        ranking_text.contains("Tốt 90%"),
        "the band threshold is not marked"
    );
    assert!(ranking_text.contains("Chỉ số CCHC (%)"));
    assert!(filled_paths(&ranking) >= 14, "one bar per commune");

    let report = make(
        dir.path(),
        "b.pdf",
        &[&["report", demo][..], &scope].concat(),
    );
    assert!(text(&report).contains("Biểu đồ Chỉ số CCHC năm 2024"));

    let card = make(
        dir.path(),
        "p.pdf",
        &[&["scorecard", demo][..], &scope, &["--unit", "01792"]].concat(),
    );
    let card_text = text(&card);
    assert!(card_text.contains("Biểu đồ điểm bị trừ theo lĩnh vực"));
    assert!(card_text.contains("Số điểm bị trừ"));
}

#[test]
fn a_summary_without_a_period_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x.pdf");
    let demo = s(demo_master());
    let cases: [(&[&str], &str); 3] = [
        (&["--level", "commune"], "--from"),
        (
            &["--from", "2025", "--to", "2021", "--level", "commune"],
            "2025–2021",
        ),
        (
            &[
                "--year", "2024", "--from", "2021", "--to", "2025", "--level", "commune",
            ],
            "--year",
        ),
    ];
    for (args, named) in cases {
        let mut all = vec!["pdf", "summary", demo];
        all.extend_from_slice(args);
        all.extend_from_slice(&["-o", s(&out)]);
        let result = run(&all);
        assert!(!result.status.success());
        assert!(stderr(&result).contains(named), "{}", stderr(&result));
        assert!(!out.exists());
    }
}
