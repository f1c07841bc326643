//! Two programs on one file: a window (a `Store` opened for writing, held by this test) and
//! the command line. The second gets one clear line (exit 2), cannot write, and the file is
//! unchanged; read-only commands say the file is busy rather than failing oddly.
//!
//! The file's bytes are read before the window opens and after it closes, never while it is
//! open: POSIX drops a process's locks on a file when the process closes any descriptor of
//! that file, so reading it here would release the window's lock (see docs/reliability.md).

mod common;

use std::path::Path;

use common::{bytes, demo_copy, run, s, stderr, stdout, temp};
use parindex::store::{Access, Store, StoreError};

/// Every kind of command on `file`: one write, the read-only ones, export and backup.
fn commands<'a>(file: &'a Path, out: &'a Path) -> Vec<Vec<&'a str>> {
    let scope = ["--year", "2025", "--level", "commune"];
    vec![
        [
            &["score", s(file)][..],
            &scope,
            &["--unit", "01807", "--criterion", "1.4.2", "--self", "0,5"],
        ]
        .concat(),
        vec!["check", s(file)],
        [&["rank", s(file)][..], &scope].concat(),
        [&["explain", s(file)][..], &scope, &["--unit", "01807"]].concat(),
        vec!["log", s(file), "--verify"],
        vec!["export", s(file), "-o", s(out)],
        vec!["backup", s(file)],
    ]
}

#[test]
fn a_command_on_a_file_open_in_a_window_is_told_it_is_open_and_changes_nothing() {
    let dir = temp();
    let file = demo_copy(dir.path(), "demo.cchc");
    let out = dir.path().join("ban-xuat.cchc");
    let before = bytes(&file);
    let window = Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    for args in commands(&file, &out) {
        for lang in ["vi", "en"] {
            let mut with_lang = vec!["--lang", lang];
            with_lang.extend(&args);
            let done = run(&with_lang);
            let err = stderr(&done);
            assert_eq!(done.status.code(), Some(2), "{with_lang:?}: {err}");
            assert!(stdout(&done).is_empty(), "{with_lang:?}: {}", stdout(&done));
            assert_eq!(err.lines().count(), 1, "{with_lang:?}: one line: {err}");
            let expected = match lang {
                "vi" => "đang được mở ở một cửa sổ hoặc chương trình khác",
                _ => "open in another window or program",
            };
            assert!(err.contains(expected), "{with_lang:?}: {err}");
        }
    }
    // A second window is refused the same way.
    assert!(matches!(
        Store::open(&file, Access::ReadWrite),
        Err(StoreError::Busy)
    ));
    drop(window);
    assert_eq!(before, bytes(&file), "the file changed");
    assert!(!out.exists(), "an export was written from a busy file");
    // Closed, the same commands work: the refusal was the lock, nothing else.
    for args in commands(&file, &out) {
        let done = run(&args);
        assert!(done.status.success(), "{args:?}: {}", stderr(&done));
    }
}
