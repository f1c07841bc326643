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

/// Every "… số N/X ngày dd/m/yyyy" in the text: the cited documents' numbers and dates.
fn citations(text: &str) -> BTreeSet<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut found = BTreeSet::new();
    for i in 0..words.len().saturating_sub(3) {
        let date = words[i + 3].trim_end_matches([';', '.', ',']);
        // "08/01/2021", "29/3/2024": the month has two digits only in January and February.
        let is_date =
            (9..=10).contains(&date.len()) && date.chars().filter(|c| *c == '/').count() == 2;
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
    // Dates as the source writes them: no leading zero in a month after February.
    assert!(text.contains("270/BC-UBND ngày 23/5/2025"), "{text}");
    assert!(!text.contains("/05/2025"), "{text}");
    // One footnote per year of an area, numbered: "1 Năm 2021: …".
    assert!(text.contains("1 Năm 2021: "), "{text}");
}

/// A word of `pdftotext -bbox`: its text and box (points from the page's top).
struct Word {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Word {
    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// The words of every page, read with `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Vec<Word>> {
    pages_and_words(pdf).into_iter().map(|(_, w)| w).collect()
}

/// Each page's width and its words.
fn pages_and_words(pdf: &Path) -> Vec<(f64, Vec<Word>)> {
    let out = tool("pdftotext", &["-bbox", s(pdf), "-"]);
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attribute = |line: &str, name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {line}"))
    };
    let mut pages: Vec<(f64, Vec<Word>)> = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attribute(line, "width"), Vec::new()));
        } else if line.starts_with("<word ") {
            let text = line
                .split('>')
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap_or_default()
                .replace("&amp;", "&");
            if let Some((_, page)) = pages.last_mut() {
                page.push(Word {
                    text,
                    left: attribute(line, "xMin"),
                    right: attribute(line, "xMax"),
                    top: attribute(line, "yMin"),
                    bottom: attribute(line, "yMax"),
                });
            }
        }
    }
    pages
}

/// The words of the body text (14 pt) in reading order, without footnotes, headers,
/// tables and footers.
fn body_text(pdf: &Path) -> String {
    words(pdf)
        .into_iter()
        .flatten()
        .filter(|w| w.height() > 14.5)
        .map(|w| w.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The footnote numbers a body word ends with: "đa.3" → [3], "vực3,4" → [3, 4]. A
/// reference is drawn right after a letter or a stop, never after a digit of a figure.
fn references(word: &str) -> Vec<usize> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',');
    let starts_with_letter = word.chars().next().is_some_and(char::is_alphabetic);
    let after = digits.chars().last();
    if digits.len() == word.len()
        || !starts_with_letter
        || after.is_none_or(|c| c.is_ascii_digit() || c == ',' || c == '/')
    {
        return Vec::new();
    }
    word[digits.len()..]
        .split(',')
        .filter_map(|n| n.parse().ok())
        .collect()
}

#[test]
fn footnotes_sit_at_the_foot_of_the_page_that_refers_to_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pdf = summary(dir.path());
    // Sizes tell the lines apart: body 14 pt, footnotes 12 pt, a footnote's own number
    // raised at 65 % of 12 pt, the footer 9 pt.
    let is_body = |w: &Word| w.height() > 14.5;
    let is_number =
        |w: &Word| !w.text.is_empty() && w.text.bytes().all(|b| b.is_ascii_digit() || b == b',');
    let is_note_number = |w: &Word| w.height() < 9.5 && is_number(w);
    // A reference pdftotext did not join to the word before it: 65 % of 14 pt.
    let is_lone_reference = |w: &Word| (9.5..12.0).contains(&w.height()) && is_number(w);
    let mut noted = Vec::new();
    for (page, words) in words(&pdf).iter().enumerate() {
        // The footer is the page's last line.
        let footer = words.iter().map(|w| w.top).fold(0.0, f64::max) - 1.0;
        let words: Vec<&Word> = words.iter().filter(|w| w.top < footer).collect();
        let numbers: Vec<usize> = words
            .iter()
            .filter(|w| is_note_number(w))
            .filter_map(|w| w.text.parse().ok())
            .collect();
        // A lone reference stands on a line of body text (chart labels are as small).
        let on_body_line = |w: &Word| {
            words
                .iter()
                .any(|b| is_body(b) && w.top < b.bottom && w.bottom > b.top)
        };
        let refs: Vec<usize> = words
            .iter()
            .flat_map(|w| {
                if is_body(w) {
                    references(&w.text)
                } else if is_lone_reference(w) && on_body_line(w) {
                    w.text.split(',').filter_map(|n| n.parse().ok()).collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        assert_eq!(
            numbers,
            refs,
            "page {}: the footnotes at its foot are the ones its text refers to",
            page + 1
        );
        if numbers.is_empty() {
            continue;
        }
        let last_body = words
            .iter()
            .filter(|w| is_body(w))
            .map(|w| w.bottom)
            .fold(0.0, f64::max);
        let first_note = words
            .iter()
            .filter(|w| is_note_number(w))
            .map(|w| w.top)
            .fold(f64::MAX, f64::min);
        assert!(
            first_note > last_body,
            "page {}: a footnote ({first_note}) above the last body line ({last_body})",
            page + 1
        );
        noted.extend(numbers);
    }
    assert!(noted.len() >= 5, "footnotes found: {noted:?}");
    let expected: Vec<usize> = (1..=noted.len()).collect();
    assert_eq!(noted, expected, "numbered in reading order, each once");
}

/// The demo's raw figures `[a, b]` of `criterion` for the units `units` of one year.
fn demo_raw(level: &str, year: i32, units: &[&str], criterion: &str) -> Vec<(i64, i64)> {
    let path = format!(
        "{}/assets/demo/scores/{level}-{year}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json: serde_json::Value = serde_json::from_slice(&common::bytes(Path::new(&path)))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let all = json["assessments"].as_array().cloned().unwrap_or_default();
    all.iter()
        .filter(|a| units.iter().any(|u| a["unit"] == *u))
        .map(|a| {
            let raw = &a["scores"][criterion]["raw"];
            let figure = |i: usize| {
                raw[i]
                    .as_i64()
                    .unwrap_or_else(|| panic!("{path}: no raw {criterion} of {}", a["unit"]))
            };
            (figure(0), figure(1))
        })
        .collect()
}

fn dotted(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[test]
fn dossiers_on_time_are_summed_from_the_raw_figures() {
    // Summed by hand from the demo's data: Thạch An's district criteria 3.3.1 (on time,
    // solved) and 7.2.1 (online, received) in 2021–2024; in 2025 (no district assessment)
    // the six communes' 3.2.1 and 7.2.1.
    let communes = ["01786", "01822", "01789", "01792", "01795", "01807"];
    let mut pairs = Vec::new();
    for year in 2021..=2024 {
        let on_time = demo_raw("district", year, &["053"], "3.3.1");
        let online = demo_raw("district", year, &["053"], "7.2.1");
        pairs.extend(on_time.into_iter().zip(online));
    }
    let on_time = demo_raw("commune", 2025, &communes, "3.2.1");
    let online = demo_raw("commune", 2025, &communes, "7.2.1");
    assert_eq!(
        on_time.len(),
        6,
        "every 2025 commune has its one-stop figures"
    );
    pairs.extend(on_time.into_iter().zip(online));
    let (mut on_time, mut solved, mut received) = (0, 0, 0);
    for ((a, b), (_, total)) in &pairs {
        on_time += a;
        solved += b;
        received += total;
    }
    // Report 270/BC-UBND, section II.2.c: "giải quyết 57.286/57.377 hồ sơ tiếp nhận, trong
    // đó: đã giải quyết đúng và trước hạn 57.078 hồ sơ, đạt tỷ lệ 99,48%; quá hạn 208".
    assert_eq!((solved, received, on_time), (57_286, 57_377, 57_078));
    // 57.078 / 57.377 rounded half up to hundredths of a percent, in integers.
    let basis_points = (on_time * 100_000 / received + 5) / 10;
    let share = format!("{},{:02}%", basis_points / 100, basis_points % 100);

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The body's words only: a sentence that runs onto the next page has that page's
    // footnotes between its halves in the plain text.
    let text = body_text(&summary(dir.path()));
    let said = format!(
        "đã giải quyết {}/{} hồ sơ tiếp nhận, trong đó giải quyết đúng hạn {} hồ sơ, đạt {share} \
         số hồ sơ tiếp nhận; quá hạn {} hồ sơ (số liệu các năm 2021, 2022, 2023, 2024, 2025; \
         năm 2025 cộng từ số liệu của các xã)",
        dotted(solved),
        dotted(received),
        dotted(on_time),
        dotted(solved - on_time),
    );
    assert!(text.contains(&said), "missing «{said}»");
    assert!(text.contains("57.286/57.377 hồ sơ") && text.contains("đạt 99,48%"));
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
        "Biểu đồ 1. Chỉ số CCHC của huyện Thạch An qua các năm",
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

#[test]
fn the_summary_keeps_the_decree_30_margins_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pdf = summary(dir.path());
    let mm = 72.0 / 25.4;
    let pages = pages_and_words(&pdf);
    assert!(pages.len() > 3);
    for (number, (width, words)) in pages.iter().enumerate() {
        let portrait = *width < 300.0 * mm;
        if !portrait {
            continue;
        }
        // Left 30 mm, right 15 mm (less a point for the glyphs' side bearings).
        for word in words {
            assert!(
                word.left >= 30.0 * mm - 1.0 && word.right <= width - 15.0 * mm + 1.0,
                "page {}: «{}» outside the margins ({:.1}–{:.1})",
                number + 1,
                word.text,
                word.left,
                word.right
            );
        }
        // The page number: none on page 1, else centred in the top margin (20 mm).
        let in_top_margin: Vec<&Word> = words.iter().filter(|w| w.bottom < 20.0 * mm).collect();
        if number == 0 {
            assert!(in_top_margin.is_empty(), "page 1 is not numbered");
        } else {
            let [page_number] = in_top_margin[..] else {
                panic!("page {}: one number in the top margin", number + 1);
            };
            assert_eq!(page_number.text, (number + 1).to_string());
            let centre = (page_number.left + page_number.right) / 2.0;
            let text_centre = (30.0 * mm + width - 15.0 * mm) / 2.0;
            assert!((centre - text_centre).abs() < 2.0, "page {}", number + 1);
        }
    }
}
