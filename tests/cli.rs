//! The command line on the built-in demo, as other tools and the officer's scripts use it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rusqlite::Connection;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parindex"));
    cmd.env(
        "PARINDEX_DATA_DIR",
        std::env::temp_dir().join("parindex-cli-test-data"),
    );
    cmd
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run parindex: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The demo is written once; each test copies it so tests stay independent.
fn demo_master() -> &'static Path {
    static MASTER: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = MASTER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("demo.cchc");
        let out = run(&["demo", path.to_str().unwrap_or_default()]);
        assert!(out.status.success(), "demo failed: {}", stderr(&out));
        (dir, path)
    });
    path
}

fn demo_copy(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("d.cchc");
    std::fs::copy(demo_master(), &path).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

fn rank_json(path: &Path, year: &str, level: &str) -> Vec<Value> {
    let out = run(&[
        "rank",
        s(path),
        "--year",
        year,
        "--level",
        level,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    match serde_json::from_str::<Value>(&stdout(&out)) {
        Ok(Value::Array(rows)) => rows,
        other => panic!("rank did not print a JSON array: {other:?}"),
    }
}

fn count_class(rows: &[Value], class: &str) -> usize {
    rows.iter().filter(|r| r["classification"] == class).count()
}

#[test]
fn commune_rankings_match_the_source_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    let expected = [
        ("2021", 0, 14),
        ("2022", 5, 9),
        ("2023", 0, 14),
        ("2024", 1, 13),
    ];
    for (year, tot, kha) in expected {
        let rows = rank_json(&d, year, "commune");
        assert_eq!(rows.len(), 14, "{year}: 14 communes");
        assert_eq!(count_class(&rows, "Tốt"), tot, "{year} Tốt");
        assert_eq!(count_class(&rows, "Khá"), kha, "{year} Khá");
        for row in &rows {
            for key in [
                "rank",
                "unit_code",
                "unit_name",
                "self_points",
                "appraised_points",
                "survey_points",
                "bonus",
                "penalty",
                "max_points",
                "index_percent",
                "classification",
                "status",
            ] {
                assert!(row.get(key).is_some(), "{year}: key {key} missing");
            }
            assert_eq!(row["status"], "final");
            let pct = row["index_percent"].as_str().unwrap_or_default();
            assert!(
                pct.len() >= 4 && pct.as_bytes()[pct.len() - 3] == b'.',
                "two decimals: {pct}"
            );
        }
    }
}

#[test]
fn thach_an_district_ranks_5_6_9_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    for (year, rank) in [("2021", 5), ("2022", 6), ("2023", 9), ("2024", 2)] {
        let rows = rank_json(&d, year, "district");
        assert_eq!(rows.len(), 10);
        let thach_an = rows
            .iter()
            .find(|r| r["unit_code"] == "053")
            .unwrap_or_else(|| panic!("{year}: no Thạch An"));
        assert_eq!(thach_an["rank"], rank, "{year}");
        assert_eq!(thach_an["classification"], "Khá", "{year}");
        assert_eq!(thach_an["unit_name"], "Huyện Thạch An");
    }
}

#[test]
fn the_2025_ranking_shows_the_six_merged_communes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    let rows = rank_json(&d, "2025", "commune");
    let mut names: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["unit_name"].as_str())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Xã Canh Tân",
            "Xã Kim Đồng",
            "Xã Minh Khai",
            "Xã Thạch An",
            "Xã Đông Khê",
            "Xã Đức Long"
        ]
    );
    let statuses: Vec<&str> = rows.iter().filter_map(|r| r["status"].as_str()).collect();
    assert!(
        statuses.contains(&"draft") && statuses.contains(&"submitted"),
        "{statuses:?}"
    );
}

#[test]
fn the_demo_is_clean_and_uses_a_rollback_journal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    let out = run(&["check", s(&d)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("Mã dữ liệu 2024 commune"));
    let conn = Connection::open(&d).unwrap_or_else(|e| panic!("{e}"));
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_default();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!((ok.as_str(), journal.as_str()), ("ok", "delete"));
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM evidence_doc", [], |r| r.get(0))
        .unwrap_or_default();
    assert!(docs >= 20, "at least 20 evidence documents, found {docs}");
}

#[test]
fn score_is_refused_on_a_locked_year_and_accepted_on_2025() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    let before = std::fs::read(&d).unwrap_or_default();
    let out = run(&[
        "score",
        s(&d),
        "--year",
        "2024",
        "--level",
        "commune",
        "--unit",
        "01822",
        "--criterion",
        "1.1.1",
        "--self",
        "0,5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("đã khóa"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&d).unwrap_or_default(),
        before,
        "file unchanged"
    );

    let rows = rank_json(&d, "2025", "commune");
    let draft = rows
        .iter()
        .find(|r| r["status"] == "draft")
        .unwrap_or_else(|| panic!("a draft in 2025"));
    let code = draft["unit_code"].as_str().unwrap_or_default().to_owned();
    // The first manual leaf the draft has not scored yet.
    let explain = |d: &Path| -> Value {
        let out = run(&[
            "explain",
            s(d),
            "--year",
            "2025",
            "--level",
            "commune",
            "--unit",
            &code,
            "--format",
            "json",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null)
    };
    fn leaves(node: &Value, out: &mut Vec<Value>) {
        match node["children"].as_array() {
            Some(children) if !children.is_empty() => children.iter().for_each(|c| leaves(c, out)),
            _ => out.push(node.clone()),
        }
    }
    let mut all = Vec::new();
    leaves(&explain(&d), &mut all);
    let target = all
        .iter()
        .find(|l| l["kind"] == "manual" && l["self_points"].is_null())
        .unwrap_or_else(|| panic!("the draft has an unscored manual leaf"));
    let leaf_code = target["code"].as_str().unwrap_or_default().to_owned();
    let max = target["max_points"]
        .as_str()
        .unwrap_or_default()
        .replace('.', ",");
    let out = run(&[
        "score",
        s(&d),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        &code,
        "--criterion",
        &leaf_code,
        "--self",
        &max,
        "--by",
        "Nguyễn Văn An",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut after = Vec::new();
    leaves(&explain(&d), &mut after);
    let scored = after
        .iter()
        .find(|l| l["code"] == leaf_code.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(scored["self_points"], target["max_points"]);
    let log = stdout(&run(&["log", s(&d)]));
    assert!(
        log.lines()
            .last()
            .unwrap_or_default()
            .contains("Nguyễn Văn An"),
        "{}",
        log.lines().last().unwrap_or_default()
    );
    assert_eq!(run(&["log", s(&d), "--verify"]).status.code(), Some(0));
}

#[test]
fn editing_behind_the_programs_back_fails_verification() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    assert_eq!(run(&["log", s(&d), "--verify"]).status.code(), Some(0));
    let conn = Connection::open(&d).unwrap_or_else(|e| panic!("{e}"));
    let changed = conn
        .execute("UPDATE score SET final_points = final_points + 1 WHERE rowid = (SELECT min(rowid) FROM score WHERE final_points IS NOT NULL)", [])
        .unwrap_or_default();
    assert_eq!(changed, 1);
    drop(conn);
    let out = run(&["log", s(&d), "--verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("sửa ngoài chương trình"));
    assert_eq!(run(&["check", s(&d)]).status.code(), Some(1));
}

#[test]
fn bad_inputs_get_one_line_exit_2_and_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = demo_copy(&dir);
    let rows = rank_json(&d, "2025", "commune");
    let open = rows
        .iter()
        .find(|r| r["status"] == "draft")
        .unwrap_or_else(|| panic!("a draft"));
    let code = open["unit_code"].as_str().unwrap_or_default().to_owned();
    let before = std::fs::read(&d).unwrap_or_default();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--unit", "99999", "--criterion", "1.1.1", "--self", "1"],
            "99999",
        ),
        (
            vec!["--unit", &code, "--criterion", "1.1.1", "--self", "abc"],
            "abc",
        ),
        (
            vec!["--unit", &code, "--criterion", "1.1.1", "--self", "-1"],
            "âm",
        ),
        (
            vec!["--unit", &code, "--criterion", "1.1.1", "--self", "0,1234"],
            "3 chữ số",
        ),
        (
            vec!["--unit", &code, "--criterion", "1.1.1", "--self", "99"],
            "vượt điểm tối đa",
        ),
        (
            vec!["--unit", &code, "--criterion", "1", "--self", "1"],
            "tiêu chí con",
        ),
        (
            vec!["--unit", &code, "--criterion", "7.7.7", "--self", "1"],
            "7.7.7",
        ),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["score", s(&d), "--year", "2025", "--level", "commune"];
        args.extend(extra.iter());
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(&d).unwrap_or_default(),
        before,
        "file unchanged"
    );

    let not_ours = dir.path().join("thu.cchc");
    std::fs::write(&not_ours, "không phải tệp dữ liệu").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["rank", s(&not_ours), "--year", "2024", "--level", "commune"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("không phải tệp dữ liệu Chỉ số CCHC"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", s(&not_ours)]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&[
        "--lang",
        "en",
        "score",
        s(&d),
        "--year",
        "2024",
        "--level",
        "commune",
        "--unit",
        "01822",
        "--criterion",
        "1.1.1",
        "--self",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));

    let out = run(&["demo", s(&d)]);
    assert_eq!(out.status.code(), Some(2), "demo refuses to overwrite");
    assert_eq!(std::fs::read(&d).unwrap_or_default(), before);
}

/// `xlsx form` writes a unit's blank scoring form; `xlsx read-form` lists what the filled form
/// changes (`--dry-run` stores nothing), stores it, and a second time changes nothing; a
/// refused row exits 2 with its row number and reason.
#[test]
fn a_scoring_form_goes_out_and_comes_back_through_the_command_line() {
    use common::form_cells::{self, POINTS, text};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_copy(&dir);
    let blank = dir.path().join("mau.xlsx");
    let scope = ["--year", "2025", "--level", "commune"];
    let form = |extra: &[&str]| {
        let mut args = vec!["xlsx", "form", s(&file)];
        args.extend_from_slice(&scope);
        args.extend_from_slice(extra);
        run(&args)
    };
    let out = form(&["--unit", "01795", "-o", s(&blank)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Đã ghi biểu mẫu"));
    // Neither --unit nor --all: refused by the command line.
    assert_eq!(form(&["-o", s(&blank)]).status.code(), Some(2));
    // An existing form is not replaced without --force.
    let again = form(&["--unit", "01795", "-o", s(&blank)]);
    assert_eq!(again.status.code(), Some(2), "{}", stdout(&again));
    let folder = dir.path().join("tat-ca");
    let all = form(&["--all", "-o", s(&folder)]);
    assert!(all.status.success(), "{}", stderr(&all));
    assert_eq!(
        std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0),
        6,
        "one form per commune of 2025"
    );

    let filled = dir.path().join("da-dien.xlsx");
    form_cells::refill(&blank, &filled, |cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("0,5"));
    });
    let read = |extra: &[&str]| {
        let mut args = vec!["xlsx", "read-form", s(&file), s(&filled)];
        args.extend_from_slice(&scope);
        args.extend_from_slice(extra);
        run(&args)
    };
    let dry = read(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("~ 1.1.1 Điểm tự đánh giá: – → 0,5"),
        "{}",
        stdout(&dry)
    );
    let log = run(&["log", s(&file)]);
    assert!(
        !stdout(&log).contains("Biểu mẫu chấm điểm"),
        "a dry run stores nothing"
    );
    let stored = read(&[]);
    assert!(stored.status.success(), "{}", stderr(&stored));
    assert!(
        stdout(&stored).contains("Đã ghi 1 giá trị"),
        "{}",
        stdout(&stored)
    );
    let log = run(&["log", s(&file)]);
    assert!(stdout(&log).contains("Biểu mẫu chấm điểm: da-dien.xlsx"));
    let second = read(&[]);
    assert!(
        stdout(&second).contains("0 giá trị thay đổi"),
        "{}",
        stdout(&second)
    );

    let bad = dir.path().join("sai.xlsx");
    form_cells::refill(&blank, &bad, |cells| {
        form_cells::set(cells, "1.4.1", POINTS, text("abc"));
    });
    let mut args = vec!["xlsx", "read-form", s(&file), s(&bad)];
    args.extend_from_slice(&scope);
    let refused = run(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("1.4.1"), "{}", stderr(&refused));
}
