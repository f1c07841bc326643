//! The files a received package or a crash can leave behind: evidence file names that try to
//! write outside their folder, a hot journal met by a read-only command, half-written backups
//! and leftover export parts.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{bin, demo_copy, run, s, stderr, stdout, temp};
use parindex::domain::Level;
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::{Access, Store};
use rusqlite::Connection;
use uuid::Uuid;

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Gives document `id` a file name as an older version (or another program) stored it.
fn store_raw_name(file: &Path, id: i64, name: &str) {
    let conn = Connection::open(file).unwrap_or_else(|e| panic!("{e}"));
    let changed = conn
        .execute(
            "UPDATE evidence_doc SET file_name = ?1 WHERE id = ?2",
            rusqlite::params![name, id],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changed, 1, "document {id}");
}

#[test]
fn opening_evidence_with_hostile_names_writes_only_inside_the_private_folder() {
    let dir = temp();
    let file = demo_copy(dir.path(), "live.cchc");
    let absolute = dir.path().join("abs-x");
    let hostile = [
        ("../../x".to_owned(), "x"),
        (s(&absolute).to_owned(), "abs-x"),
        ("/abs/x".to_owned(), "x"),
        ("C:\\x".to_owned(), "x"),
        ("CON.pdf".to_owned(), "_CON.pdf"),
        ("bao\ncao.pdf".to_owned(), "baocao.pdf"),
    ];
    for (i, (name, _)) in hostile.iter().enumerate() {
        store_raw_name(&file, i as i64 + 1, name);
    }
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let base = dir.path().join("cache").join("evidence");
    let mut folders = Vec::new();
    for (i, (name, expected)) in hostile.iter().enumerate() {
        let id = i as i64 + 1;
        let path = store
            .evidence_to_open_in(id, &base)
            .unwrap_or_else(|e| panic!("{name:?}: {e}"))
            .unwrap_or_else(|| panic!("{name:?}: the demo includes every file"));
        let folder = path
            .parent()
            .unwrap_or_else(|| panic!("{}", path.display()));
        assert_eq!(folder.parent(), Some(base.as_path()), "{name:?} → {path:?}");
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some(*expected),
            "{name:?}"
        );
        let doc = store
            .evidence_docs()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("document {id}"));
        let sha = doc.sha256.unwrap_or_default();
        let stored = store.evidence_bytes(&sha).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Some(std::fs::read(&path).unwrap_or_default()), stored);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(folder)
                .unwrap_or_else(|e| panic!("{e}"))
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "{}", folder.display());
        }
        folders.push(folder.to_owned());
    }
    // Opened twice: a fresh folder each time, the first copy untouched.
    let again = store
        .evidence_to_open_in(1, &base)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("document 1"));
    assert!(!folders.iter().any(|f| again.starts_with(f)), "{again:?}");
    folders.sort();
    folders.dedup();
    assert_eq!(folders.len(), hostile.len(), "one folder per open");
    // Nothing was written anywhere but the live file and the private folders.
    assert!(!absolute.exists());
    assert!(!Path::new("/abs/x").exists());
    for found in files_under(dir.path()) {
        assert!(
            found == file || found.starts_with(&base),
            "written outside the evidence folder: {}",
            found.display()
        );
    }
}

#[test]
fn attached_file_names_are_stored_safe() {
    let dir = temp();
    let file = demo_copy(dir.path(), "live.cchc");
    let mut store = Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let a = store
        .assessment(2025, Level::Commune, "01795")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2025, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    let code = set
        .leaves()
        .first()
        .map(|n| n.code.to_string())
        .unwrap_or_else(|| panic!("a leaf"));
    let info = EvidenceInfo {
        doc_type: "Báo cáo".into(),
        ..EvidenceInfo::default()
    };
    // Attached through the window (dialog, typed path, drag and drop).
    let attached = Attachment {
        file_name: "../../x.sh",
        bytes: b"attached",
        page: "",
    };
    store
        .attach(&a, &set, &code, &info, &attached)
        .unwrap_or_else(|e| panic!("{e}"));
    // Names applied from a received package: `store::evidence`'s unit test.
    let names: Vec<String> = store
        .evidence_docs()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.file_name)
        .collect();
    assert!(names.contains(&"x.sh".to_owned()), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains(['/', '\\', '\u{1b}'])),
        "{names:?}"
    );
}

/// A copy of the demo in `dir` (file and `-journal`) as a crash in the middle of a large edit
/// leaves it: changed pages already in the file, their old content in a hot journal.
fn hot_journal_copies(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    let live = demo_copy(dir, "live.cchc");
    let journal = dir.join("live.cchc-journal");
    let conn = Connection::open(&live).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN;
         UPDATE score SET self_points = 0, self_note = self_note || ' (sửa dở)';",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(journal.is_file(), "the edit has a journal");
    assert_ne!(
        common::bytes(&live),
        common::bytes(common::demo_master()),
        "the tiny cache spilled changed pages into the file"
    );
    let copies = names
        .iter()
        .map(|name| {
            let folder = dir.join(name);
            std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
            let copy = folder.join("live.cchc");
            std::fs::copy(&live, &copy).unwrap_or_else(|e| panic!("{e}"));
            std::fs::copy(&journal, folder.join("live.cchc-journal"))
                .unwrap_or_else(|e| panic!("{e}"));
            copy
        })
        .collect();
    drop(conn);
    copies
}

/// `args` run on `file` and on a clean copy of the demo give the same output.
fn same_as_clean(file: &Path, clean: &Path, args: &[&str]) {
    let on = |f: &Path| {
        let mut full = vec![args[0], s(f)];
        full.extend_from_slice(&args[1..]);
        let out = run(&full);
        assert!(
            out.status.code() != Some(2),
            "{args:?} on {}: {}",
            f.display(),
            stderr(&out)
        );
        (
            out.status.code(),
            stdout(&out).replace(s(f), "FILE"),
            stderr(&out).replace(s(f), "FILE"),
        )
    };
    assert_eq!(on(file), on(clean), "{args:?}");
}

#[test]
fn read_only_commands_roll_back_a_hot_journal_first() {
    let dir = temp();
    let hot = hot_journal_copies(
        dir.path(),
        &["check", "rank", "explain", "export", "dry-run"],
    );
    let clean_dir = dir.path().join("clean");
    std::fs::create_dir(&clean_dir).unwrap_or_else(|e| panic!("{e}"));
    let clean = demo_copy(&clean_dir, "live.cchc");
    // A commune's package to dry-run, from another copy (an export writes the file's key).
    let sender = demo_copy(dir.path(), "sender.cchc");
    let package = dir.path().join("01795.cchc");
    let out = run(&[
        "export",
        s(&sender),
        "--out",
        s(&package),
        "--year",
        "2025",
        "--unit",
        "01795",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    same_as_clean(&hot[0], &clean, &["check"]);
    same_as_clean(
        &hot[1],
        &clean,
        &[
            "rank", "--year", "2025", "--level", "commune", "--format", "json",
        ],
    );
    same_as_clean(
        &hot[2],
        &clean,
        &[
            "explain", "--year", "2025", "--level", "commune", "--unit", "01795", "--format",
            "json",
        ],
    );
    same_as_clean(&hot[4], &clean, &["import", s(&package), "--dry-run"]);
    let exported = dir.path().join("whole.cchc");
    let out = run(&["export", s(&hot[3]), "--out", s(&exported)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rank = |f: &Path| {
        stdout(&run(&[
            "rank",
            s(f),
            "--year",
            "2024",
            "--level",
            "district",
            "--format",
            "json",
        ]))
    };
    assert_eq!(rank(&exported), rank(&clean));
    for copy in &hot {
        let journal = copy.with_file_name("live.cchc-journal");
        assert!(!journal.exists(), "{} rolled back", journal.display());
    }
}

/// A folder made unwritable for the test's life: `chmod 555`, or for root (whom modes do not
/// stop) the immutable attribute; `None` when neither works here.
struct ReadOnlyFolder(PathBuf, bool);

impl ReadOnlyFolder {
    fn new(folder: &Path) -> Option<ReadOnlyFolder> {
        let writable = || {
            let probe = folder.join("probe");
            let made = std::fs::write(&probe, b"").is_ok();
            let _ = std::fs::remove_file(&probe);
            made
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555));
        }
        if !writable() {
            return Some(ReadOnlyFolder(folder.to_owned(), false));
        }
        let immutable = std::process::Command::new("chattr")
            .arg("+i")
            .arg(folder)
            .status()
            .is_ok_and(|s| s.success());
        let guard = ReadOnlyFolder(folder.to_owned(), immutable);
        (immutable && !writable()).then_some(guard)
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_hot_journal_in_a_folder_that_cannot_be_written_says_what_to_do() {
    let dir = temp();
    let hot = hot_journal_copies(dir.path(), &["locked"]);
    let Some(_locked) = ReadOnlyFolder::new(&dir.path().join("locked")) else {
        eprintln!("skipped: no way to make a folder read-only here");
        return;
    };
    for (lang, words) in [("vi", "chép cả hai tệp"), ("en", "copy both files")] {
        let out = run(&["--lang", lang, "check", s(&hot[0])]);
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        let message = stderr(&out);
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(message.contains(words), "{message}");
        assert!(message.contains("live.cchc-journal"), "{message}");
    }
}

/// Sets a file's modification time `age` ago.
fn age(path: &Path, age: Duration) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{e}"));
    file.set_modified(SystemTime::now() - age)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A backup's file name for a time `seconds_ago`.
fn backup_name(seconds_ago: i64) -> String {
    let at = chrono::Utc::now() - chrono::Duration::seconds(seconds_ago);
    format!("{}-manual.cchc", at.format("%Y%m%d-%H%M%S%.3f"))
}

#[test]
fn backups_half_written_or_temporary_are_not_listed_nor_kept_among_the_ten() {
    let dir = temp();
    let file = demo_copy(dir.path(), "live.cchc");
    let out = run(&["backup", s(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = stdout(&out)
        .lines()
        .next()
        .and_then(|l| l.split_once(": "))
        .map(|(_, p)| PathBuf::from(p.trim()))
        .unwrap_or_else(|| panic!("{}", stdout(&out)));
    let folder = first
        .parent()
        .unwrap_or_else(|| panic!("{}", first.display()))
        .to_owned();
    // Eleven sound backups ten minutes ago, a second apart.
    let sound: Vec<PathBuf> = (0..11).map(|i| folder.join(backup_name(600 + i))).collect();
    for path in &sound {
        std::fs::copy(&first, path).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::remove_file(&first).unwrap_or_else(|e| panic!("{e}"));
    // Newer than those: a backup cut off by a crash in an older version, at a page boundary.
    let truncated = folder.join(backup_name(300));
    let whole = common::bytes(&sound[0]);
    std::fs::write(&truncated, &whole[..whole.len() / 2 / 4096 * 4096])
        .unwrap_or_else(|e| panic!("{e}"));
    // Temporary files of backups being written: one left by a kill an hour ago, one fresh.
    let stale = folder.join(format!(
        ".{}.{}.part",
        backup_name(3600),
        Uuid::new_v4().simple()
    ));
    let fresh = folder.join(format!(
        ".{}.{}.part",
        backup_name(1),
        Uuid::new_v4().simple()
    ));
    std::fs::write(&stale, &whole[..8192]).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&fresh, &whole[..8192]).unwrap_or_else(|e| panic!("{e}"));
    age(&stale, Duration::from_secs(3600));

    let out = bin()
        .args(["backup", s(&file), "--lang", "en"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let name = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned()
    };
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(".cchc"))
        .skip(1)
        .collect();
    assert_eq!(listed.len(), 10, "{text}");
    for hidden in [&truncated, &stale, &fresh] {
        assert!(
            !text.contains(&name(hidden)),
            "{} listed:\n{text}",
            name(hidden)
        );
    }
    // The new backup and nine of the sound ones are the ten kept; the truncated one took
    // no place among them.
    assert!(sound[8].exists(), "{text}");
    assert!(!sound[9].exists() && !sound[10].exists(), "{text}");
    assert!(!stale.exists(), "the stale temporary file is swept");
    assert!(
        fresh.exists(),
        "a fresh one may be another backup being written"
    );
}

#[test]
fn an_old_export_part_is_swept_by_the_next_export_to_its_folder_a_fresh_one_is_not() {
    let dir = temp();
    let file = demo_copy(dir.path(), "live.cchc");
    let out_dir = dir.path().join("gửi đi");
    std::fs::create_dir(&out_dir).unwrap_or_else(|e| panic!("{e}"));
    let part = |name: &str| out_dir.join(format!(".{name}.{}.part", Uuid::new_v4().simple()));
    let stale = part("thang-truoc.cchc");
    // Killed while SQLite was filtering the part: its journal is left beside it.
    let stale_journal = PathBuf::from(format!("{}-journal", s(&stale)));
    let fresh = part("dang-xuat.cchc");
    let not_ours = out_dir.join(".ghi-chu.part");
    for path in [&stale, &stale_journal, &fresh, &not_ours] {
        std::fs::write(path, vec![0u8; 64 * 1024]).unwrap_or_else(|e| panic!("{e}"));
    }
    for path in [&stale, &stale_journal, &not_ours] {
        age(path, Duration::from_secs(3600));
    }

    let target = out_dir.join("nam-2025.cchc");
    let out = run(&["export", s(&file), "--out", s(&target), "--year", "2025"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(target.is_file());
    assert!(!stale.exists(), "a part left an hour ago is removed");
    assert!(!stale_journal.exists(), "and its journal");
    assert!(fresh.exists(), "a fresh part may be another export running");
    assert!(
        not_ours.exists(),
        "a file not named as our parts is left alone"
    );
    let mut left: Vec<PathBuf> = files_under(&out_dir);
    left.sort();
    let mut expected = vec![fresh, not_ours, target];
    expected.sort();
    assert_eq!(left, expected, "the export left no part of its own");
}

/// An evidence file the officer picks is read only if it is a regular file within the limit:
/// a pipe would block the window, a huge file would fill memory and the document file.
#[test]
fn evidence_to_attach_is_a_regular_file_within_the_limit() {
    use parindex::domain::limits::EVIDENCE_BYTES;
    use parindex::store::evidence::read_evidence_file;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let small = dir.path().join("kh.pdf");
    std::fs::write(&small, b"%PDF-1.4\n%%EOF\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        read_evidence_file(&small).unwrap_or_else(|e| panic!("{e}")),
        b"%PDF-1.4\n%%EOF\n"
    );
    // Sparse: takes no disk, reports its full length.
    let huge = dir.path().join("scan.pdf");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(EVIDENCE_BYTES + 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = read_evidence_file(&huge).map(|b| b.len());
    let message = refused
        .err()
        .map(|e| e.message(parindex::domain::Lang::Vi))
        .unwrap_or_default();
    assert!(message.contains("lớn quá 100 MB"), "{message}");
    assert!(read_evidence_file(dir.path()).is_err(), "a folder");
    #[cfg(unix)]
    {
        let fifo = dir.path().join("pipe.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let message = read_evidence_file(&fifo)
                .err()
                .map(|e| e.message(parindex::domain::Lang::Vi))
                .unwrap_or_default();
            assert!(
                message.contains("không phải một tệp thông thường"),
                "{message}"
            );
        }
    }
}
