//! The command line facing text and paths it did not choose: notes with terminal control
//! characters, unit names a spreadsheet would run as formulas, mistakes in the arguments,
//! folders, pipes and the file itself given where a file is expected.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, bytes, demo_copy, run, s, stderr, stdout, temp};

/// A note that would recolour the terminal, ring, return to the line start and forge a line
/// of the import plan.
const HOSTILE_NOTE: &str = "ok\u{1b}[31mRED\u{7}\rFORGED\n+ Đơn vị mới: giả";

/// Bytes a terminal acts on (ESC, BEL, CR; LF only as the end of a line we print).
fn assert_no_control(text: &str, what: &str) {
    let raw = text
        .chars()
        .find(|c| *c != '\n' && (c.is_control() || ('\u{80}'..='\u{9f}').contains(c)));
    assert!(raw.is_none(), "{what}: raw {raw:?} in\n{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("+ Đơn vị mới: giả")),
        "{what}: a forged line in\n{text}"
    );
}

fn ok(out: &Output) {
    assert!(out.status.success(), "{}{}", stderr(out), stdout(out));
}

#[test]
fn notes_with_control_characters_are_escaped_in_the_plan_and_the_log() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let unit = dir.path().join("unit.cchc");
    let package = dir.path().join("package.cchc");
    // The commune's working file: a unit export opened as a document, scored with the note,
    // exported again (signed) as its submission.
    let args = ["--unit", "01807", "--year", "2025"];
    ok(&run(&[
        &["export", s(&district), "-o", s(&unit)],
        &args[..],
    ]
    .concat()));
    let commune = dir.path().join("commune.cchc");
    std::fs::copy(&unit, &commune).unwrap_or_else(|e| panic!("{e}"));
    ok(&run(&[
        "score",
        s(&commune),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        "01807",
        "--criterion",
        "1.1.1",
        "--self",
        "1",
        "--reason",
        HOSTILE_NOTE,
    ]));
    ok(&run(&[
        &["export", s(&commune), "-o", s(&package)],
        &args[..],
    ]
    .concat()));

    let plan = run(&["import", s(&district), s(&package), "--dry-run"]);
    ok(&plan);
    let text = stdout(&plan);
    assert!(
        text.contains("ok\\u{1b}[31mRED\\u{7}\\rFORGED\\n+ Đơn"),
        "{text}"
    );
    assert_no_control(&text, "import --dry-run");

    let log = run(&["log", s(&commune)]);
    ok(&log);
    assert!(stdout(&log).contains("FORGED"), "{}", stdout(&log));
    assert_no_control(&stdout(&log), "log");
}

/// A copy of the demo in which a 2024 commune is renamed `name` behind the program's back
/// (as a received or altered file could carry it).
fn renamed(dir: &Path, name: &str) -> PathBuf {
    let file = demo_copy(dir, "renamed.cchc");
    let conn = rusqlite::Connection::open(&file).unwrap_or_else(|e| panic!("{e}"));
    let changed = conn
        .execute("UPDATE unit SET name = ?1 WHERE code = '01813'", [name])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(changed > 0);
    file
}

#[test]
fn a_unit_name_is_text_in_csv_and_escaped_on_the_terminal() {
    let dir = temp();
    let file = renamed(dir.path(), "=HYPERLINK(\"http://x.example\",\"Xã A\")");
    let rank = ["--year", "2024", "--level", "commune"];
    let out = run(&[&["rank", s(&file)], &rank[..], &["--format", "csv"]].concat());
    ok(&out);
    let csv = stdout(&out);
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Xã A\"\")\","),
        "{csv}"
    );
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    // Numbers stay numbers.
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.starts_with("1,")),
        "{csv}"
    );

    let file = renamed(dir.path(), "Xã \u{1b}]0;owned\u{7}A\nB");
    let out = run(&[&["rank", s(&file)], &rank[..]].concat());
    ok(&out);
    assert_no_control(&stdout(&out), "rank");
    assert!(stdout(&out).contains("Xã \\u{1b}]0;owned\\u{7}A\\nB"));
    let out = run(&[
        "explain",
        s(&file),
        "--year",
        "2024",
        "--level",
        "commune",
        "--unit",
        "01813",
    ]);
    ok(&out);
    assert_no_control(&stdout(&out), "explain");
}

/// Runs `parindex` with `args` and `envs`; stderr as text.
fn refused(args: &[&str]) -> String {
    let out = run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("parindex: "), "{args:?}: {err}");
    assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    err
}

#[test]
fn mistakes_in_the_arguments_are_one_line_in_the_officers_language() {
    let err = refused(&[
        "rank", "f.cchc", "--year", "2024", "--level", "commune", "--bogus",
    ]);
    assert!(err.contains("không có tham số --bogus"), "{err}");
    let err = refused(&["rank", "f.cchc", "--year", "2024"]);
    assert!(err.contains("thiếu tham số bắt buộc: --level"), "{err}");
    let err = refused(&["rank", "f.cchc", "--year", "abc", "--level", "commune"]);
    assert!(
        err.contains("giá trị \"abc\" không hợp lệ cho --year"),
        "{err}"
    );
    let err = refused(&[
        "rank", "f.cchc", "--year", "1", "--level", "x", "--format", "xml",
    ]);
    assert!(err.contains("text, json, csv"), "{err}");
    let err = refused(&[
        "--lang", "en", "rank", "f.cchc", "--year", "abc", "--level", "c",
    ]);
    assert!(err.contains("invalid value \"abc\" for --year"), "{err}");
    let err = refused(&["export", "f.cchc", "--bogus", "--lang=en"]);
    assert!(err.contains("unknown argument --bogus"), "{err}");
    // Help and version are clap's own, on stdout, exit 0.
    let out = run(&["rank", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("Usage: parindex rank"),
        "{}",
        stdout(&out)
    );
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("parindex "), "{}", stdout(&out));
}

#[test]
fn export_over_an_existing_file_needs_force_and_replaces_it_whole() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let out_file = dir.path().join("old.cchc");
    std::fs::write(&out_file, b"an older export").unwrap_or_else(|e| panic!("{e}"));
    let err = refused(&["export", s(&file), "-o", s(&out_file), "--year", "2024"]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(bytes(&out_file), b"an older export");
    // The flag the message names exists, and replaces the file with a complete export.
    let out = run(&[
        "export",
        s(&file),
        "-o",
        s(&out_file),
        "--year",
        "2024",
        "--force",
    ]);
    ok(&out);
    assert_eq!(run(&["check", s(&out_file)]).status.code(), Some(0));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    // Never over the file being exported, whatever the spelling of its path.
    let before = bytes(&file);
    let same = dir.path().join(".").join("d.cchc");
    let err = refused(&[
        "export",
        s(&file),
        "-o",
        s(&same),
        "--unit",
        "01807",
        "--force",
    ]);
    assert!(err.contains("chính tệp đang xuất"), "{err}");
    assert!(bytes(&file) == before);
}

#[test]
fn a_folder_given_as_file_is_called_a_folder() {
    let dir = temp();
    let err = refused(&["check", s(dir.path())]);
    assert!(err.contains("là thư mục, không phải tệp .cchc"), "{err}");
    let err = refused(&["--lang", "en", "log", s(dir.path())]);
    assert!(err.contains("is a folder, not a .cchc file"), "{err}");
    let err = refused(&["demo", s(dir.path()), "--force"]);
    assert!(err.contains("là thư mục"), "{err}");
}

#[test]
fn export_of_an_unknown_unit_without_year_names_no_year() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let target = dir.path().join("x.cchc");
    let err = refused(&["export", s(&file), "-o", s(&target), "--unit", "99999"]);
    assert!(err.contains("Không có đơn vị mã 99999"), "{err}");
    assert!(!err.contains("năm 0"), "{err}");
    assert!(!target.exists());
}

#[test]
fn restoring_a_file_from_itself_is_one_clear_line() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let before = bytes(&file);
    let other_spelling = dir.path().join("..").join(
        dir.path()
            .file_name()
            .unwrap_or_else(|| panic!("temp dir name")),
    );
    let link = dir.path().join("link.cchc");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&file, &link).unwrap_or_else(|e| panic!("{e}"));
    for from in [file.clone(), other_spelling.join("d.cchc"), link] {
        let err = refused(&["restore", s(&file), s(&from)]);
        assert_eq!(
            err.trim_end(),
            "parindex: Không thể khôi phục một tệp từ chính nó",
            "{from:?}"
        );
    }
    assert!(bytes(&file) == before);
}

/// Runs `parindex` and kills it if it has not ended after `limit` (a blocked open of a pipe
/// would otherwise hang the test forever).
fn run_within(args: &[&str], limit: Duration) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(unix)]
#[test]
fn pipes_and_folders_are_refused_before_anything_opens_them() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let fifo = dir.path().join("fifo.cchc");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    let csv_fifo = dir.path().join("fifo.csv");
    std::fs::rename(&fifo, &csv_fifo).unwrap_or_else(|e| panic!("{e}"));
    Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    // A received file above the limit (sparse: nothing is written) is not even copied.
    let huge = dir.path().join("huge.cchc");
    let f = std::fs::File::create(&huge).unwrap_or_else(|e| panic!("{e}"));
    f.set_len(2 * 1024 * 1024 * 1024 + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(f);
    let before = bytes(&file);
    let scope = ["--year", "2025", "--level", "commune"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["import", s(&file), s(&fifo)],
            "không phải tệp thông thường",
        ),
        (
            vec!["import", s(&file), s(&fifo), "--dry-run"],
            "không phải tệp thông thường",
        ),
        (
            vec!["restore", s(&file), s(&fifo)],
            "không phải tệp thông thường",
        ),
        (vec!["check", s(&fifo)], "không phải tệp thông thường"),
        (
            [
                &["xlsx", "import-survey", s(&file), s(&csv_fifo)],
                &scope[..],
            ]
            .concat(),
            "không phải tệp thông thường",
        ),
        (vec!["import", s(&file), s(dir.path())], "là thư mục"),
        (vec!["import", s(&file), s(&huge)], "lớn hơn 2048 MB"),
        (vec!["restore", s(&file), s(&huge)], "lớn hơn 2048 MB"),
        (vec!["restore", s(&file), s(dir.path())], "là thư mục"),
        (
            [&["xlsx", "import-set", s(&file), s(dir.path())], &scope[..]].concat(),
            "là thư mục, không phải tệp bảng tính",
        ),
    ];
    for (args, needle) in cases {
        let out = run_within(&args, Duration::from_secs(10));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert!(bytes(&file) == before);
    // The store's own door for files from outside (the window uses it too) refuses them.
    let (tx, rx) = std::sync::mpsc::channel();
    let pipe = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(
            parindex::store::import::receive(&pipe)
                .err()
                .map(|e| e.to_string()),
        );
    });
    let refused = rx
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("receive blocked on a pipe"));
    assert!(
        refused.is_some_and(|e| e.contains("not a regular file")),
        "a pipe was received"
    );
}
