//! Received packages that try to change what they must not: aimed at another unit, signed by
//! another key, changed after signing, carrying values this file's rules refuse, or sharing
//! no history; and files restored or opened with objects of their own. Every crafted file is
//! made here, from the demo, the way an attacker with a copy of the program would make it:
//! edit the commune's working file behind the program's back, then export it (so it is
//! signed), or edit the signed package itself.

mod common;

use std::path::{Path, PathBuf};

use common::{bytes, demo_copy, run, s, stderr, stdout, temp};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

const YEAR: &str = "2025";
/// Xã Thạch An and Xã Minh Khai: 2025 communes of the demo, both drafting.
const SENDER: &str = "01807";
const OTHER: &str = "01795";

fn open(path: &Path) -> Connection {
    Connection::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// A unit's package of 2025 exported from `file` to `out`.
fn export(file: &Path, unit: &str, out: &Path) {
    ok(&[
        "export",
        s(file),
        "-o",
        s(out),
        "--unit",
        unit,
        "--year",
        YEAR,
    ]);
}

/// The commune's working file: the district's package for it, opened as a document.
fn commune_file(dir: &Path, district: &Path, name: &str) -> PathBuf {
    let package = dir.join(format!("{name}-from-district.cchc"));
    export(district, SENDER, &package);
    let commune = dir.join(format!("{name}.cchc"));
    std::fs::copy(&package, &commune).unwrap_or_else(|e| panic!("{e}"));
    commune
}

/// `parindex score … --self POINTS [--reason REASON]` in the commune's name.
fn score_with(
    file: &Path,
    criterion: &str,
    points: &str,
    reason: Option<&str>,
) -> std::process::Output {
    let mut args = vec![
        "score",
        s(file),
        "--year",
        YEAR,
        "--level",
        "commune",
        "--unit",
        SENDER,
        "--criterion",
        criterion,
        "--self",
        points,
        "--by",
        "Cán bộ xã",
    ];
    if let Some(reason) = reason {
        args.extend(["--reason", reason]);
    }
    run(&args)
}

fn score(file: &Path, criterion: &str, points: &str) {
    let out = score_with(file, criterion, points, None);
    assert!(out.status.success(), "score: {}", stderr(&out));
}

/// The sender's key fingerprint as `import --dry-run` prints it.
fn fingerprint(district: &Path, package: &Path) -> String {
    let out = run(&["import", s(district), s(package), "--dry-run"]);
    stdout(&out)
        .split_whitespace()
        .find(|w| w.len() == 19 && w.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no fingerprint in: {}{}", stdout(&out), stderr(&out)))
        .to_owned()
}

/// The self points of a unit's leaf in 2025, as `explain` reports them.
fn self_points(file: &Path, unit: &str, criterion: &str) -> Option<String> {
    let out = ok(&[
        "explain",
        s(file),
        "--year",
        YEAR,
        "--level",
        "commune",
        "--unit",
        unit,
        "--format",
        "json",
    ]);
    fn find(v: &serde_json::Value, code: &str) -> Option<serde_json::Value> {
        if v["code"] == code {
            return Some(v["self_points"].clone());
        }
        let children = v
            .as_array()
            .or_else(|| v["children"].as_array())
            .or_else(|| v["roots"].as_array())?;
        children.iter().find_map(|c| find(c, code))
    }
    let tree: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("explain json: {e}"));
    let value = find(&tree, criterion).unwrap_or_else(|| panic!("no {criterion} in {out}"));
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

/// The audit hash of an entry, as the program computes it (length-prefixed fields): what
/// anyone with the program's source can recompute, which is why packages are signed.
#[allow(clippy::too_many_arguments)]
fn entry_hash(parts: [Option<&str>; 10]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        match part {
            Some(text) => hasher.update(format!("{}:{text};", text.len())),
            None => hasher.update("-;"),
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

type Row = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

/// Recomputes every hash of the log as one strict chain: a log edited behind the program's
/// back that still verifies.
fn rechain(conn: &Connection) {
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT seq, at, actor, action, subject, field, old_value, new_value, reason, package
             FROM audit_log ORDER BY seq",
        )
        .and_then(|mut stmt| {
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?
            .collect()
        })
        .unwrap_or_else(|e| panic!("read log: {e}"));
    let mut prev = "0".repeat(64);
    for (seq, at, actor, action, subject, field, old, new, reason, package) in rows {
        let hash = entry_hash([
            Some(&prev),
            Some(&at),
            Some(&actor),
            Some(&action),
            Some(&subject),
            Some(&field),
            old.as_deref(),
            new.as_deref(),
            Some(&reason),
            package.as_deref(),
        ]);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            params![prev, hash, seq],
        )
        .unwrap_or_else(|e| panic!("rechain: {e}"));
        prev = hash;
    }
}

fn assessment_uuid(conn: &Connection, unit: &str) -> String {
    conn.query_row(
        "SELECT a.uuid FROM assessment a JOIN unit u ON u.id = a.unit_id
         JOIN index_set s ON s.id = a.index_set_id WHERE u.code = ?1 AND s.year = 2025",
        [unit],
        |r| r.get(0),
    )
    .unwrap_or_else(|e| panic!("assessment of {unit}: {e}"))
}

/// A district file and a commune's signed submission with one new self point (1.4.2 = 1).
fn submission(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let district = demo_copy(dir, "district.cchc");
    let commune = commune_file(dir, &district, "commune");
    score(&commune, "1.4.2", "1");
    let package = dir.join("submission.cchc");
    export(&commune, SENDER, &package);
    (district, commune, package)
}

#[test]
fn a_package_aimed_at_another_units_assessment_changes_nothing() {
    let dir = temp();
    let (district, commune, _) = submission(dir.path());
    // The commune gives its assessment the other commune's id, log re-hashed to match,
    // and sends it signed with its own key.
    let victim = assessment_uuid(&open(&district), OTHER);
    {
        let conn = open(&commune);
        let own = assessment_uuid(&conn, SENDER);
        conn.execute("UPDATE assessment SET uuid = ?1", [&victim])
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute(
            "UPDATE audit_log SET subject = replace(subject, ?1, ?2)",
            [&own, &victim],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        rechain(&conn);
    }
    let aimed = dir.path().join("aimed.cchc");
    export(&commune, SENDER, &aimed);
    let before = bytes(&district);
    let victim_before = self_points(&district, OTHER, "1.4.2");

    let plan = ok(&["import", s(&district), s(&aimed), "--dry-run"]);
    assert!(
        plan.contains("- Không nhận") && plan.contains("đơn vị hoặc năm khác"),
        "{plan}"
    );
    assert!(!plan.contains("~ "), "no change may be planned: {plan}");
    let print = fingerprint(&district, &aimed);
    let out = run(&["import", s(&district), s(&aimed), "--trust", &print]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(bytes(&district), before, "the live file changed");
    assert_eq!(self_points(&district, OTHER, "1.4.2"), victim_before);
}

#[test]
fn a_package_whose_sender_is_not_in_the_file_is_refused() {
    let dir = temp();
    let (district, commune, _) = submission(dir.path());
    open(&commune)
        .execute(
            "UPDATE unit SET uuid = '6f1c1f4e-2f0a-4c55-9a53-0d6f7e1f0b11' WHERE code = ?1",
            [SENDER],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let stranger = dir.path().join("stranger.cchc");
    export(&commune, SENDER, &stranger);
    let before = bytes(&district);
    for extra in [&["--dry-run"][..], &["--trust", "0000-0000-0000-0000"][..]] {
        let mut args = vec!["import", s(&district), s(&stranger)];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        assert!(stderr(&out).contains("đơn vị gửi"), "{}", stderr(&out));
        assert_eq!(stderr(&out).trim().lines().count(), 1);
    }
    assert_eq!(bytes(&district), before);
}

#[test]
fn a_package_changed_after_signing_is_refused_whole() {
    let dir = temp();
    let (district, _, package) = submission(dir.path());
    let variant = |name: &str, sql: &str, rehash: bool| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::copy(&package, &path).unwrap_or_else(|e| panic!("{e}"));
        let conn = open(&path);
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        if rehash {
            rechain(&conn);
        }
        path
    };
    let cases = [
        // The commune's own entry rewritten and the chain re-hashed: it still verifies.
        (
            variant(
                "rehashed.cchc",
                "UPDATE audit_log SET new_value = '0' WHERE seq = (SELECT max(seq) FROM audit_log WHERE field = 'self');
                 UPDATE score SET self_points = 0 WHERE self_points = 1000;",
                true,
            ),
            "Chữ ký của gói không khớp",
        ),
        // An entry cut out of the excerpt (gaps are allowed there, so the chain verifies).
        (
            variant(
                "cut.cchc",
                "DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log);",
                false,
            ),
            "Chữ ký của gói không khớp",
        ),
        (
            variant("no-log.cchc", "DELETE FROM audit_log;", false),
            "Chữ ký của gói không khớp",
        ),
        (
            variant(
                "raised.cchc",
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1000 WHERE key = 'audit_excerpt_through';",
                false,
            ),
            "Chữ ký của gói không khớp",
        ),
        (
            variant(
                "unsigned.cchc",
                "DELETE FROM meta WHERE key = 'package_signature';",
                false,
            ),
            "không có chữ ký",
        ),
    ];
    let before = bytes(&district);
    let print = fingerprint(&district, &package);
    for (file, expected) in &cases {
        for extra in [&["--dry-run"][..], &["--trust", print.as_str()][..]] {
            let mut args = vec!["import", s(&district), s(file)];
            args.extend_from_slice(extra);
            let out = run(&args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{}: {}",
                file.display(),
                stdout(&out)
            );
            assert!(
                stderr(&out).contains(expected),
                "{}: {}",
                file.display(),
                stderr(&out)
            );
            assert_eq!(bytes(&district), before, "{} changed it", file.display());
        }
    }
}

#[test]
fn a_units_later_packages_must_carry_its_first_key() {
    let dir = temp();
    let (district, _, first) = submission(dir.path());
    let before = bytes(&district);
    // First package: shown with its fingerprint, applied only when the officer types it.
    let print = fingerprint(&district, &first);
    let out = run(&["import", s(&district), s(&first)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&print), "{}", stderr(&out));
    let out = run(&[
        "import",
        s(&district),
        s(&first),
        "--trust",
        "0000-0000-0000-0000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(bytes(&district), before);
    ok(&[
        "import",
        s(&district),
        s(&first),
        "--trust",
        &print.to_lowercase(),
    ]);
    assert_eq!(
        self_points(&district, SENDER, "1.4.2").as_deref(),
        Some("1")
    );
    let keys = ok(&["keys", s(&district)]);
    assert!(keys.contains(&print) && keys.contains(SENDER), "{keys}");

    // A package of the same unit from another file (another key): refused, unchanged.
    let other = commune_file(dir.path(), &district, "other-laptop");
    score(&other, "1.1.1", "1");
    let second = dir.path().join("second.cchc");
    export(&other, SENDER, &second);
    let before = bytes(&district);
    let out = run(&["import", s(&district), s(&second), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("khác khóa đã đăng ký") && stderr(&out).contains(&print),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&district), before);

    // Registering again is explicit, needs a reason and is in the log.
    let out = run(&["keys", s(&district), "--forget", SENDER]);
    assert_eq!(out.status.code(), Some(2));
    ok(&[
        "keys",
        s(&district),
        "--forget",
        SENDER,
        "--reason",
        "xã thay máy tính, đã gọi điện đối chiếu",
    ]);
    let log = ok(&["log", s(&district)]);
    assert!(log.contains("thay máy tính"), "{log}");
    let new_print = fingerprint(&district, &second);
    assert_ne!(new_print, print);
    ok(&["import", s(&district), s(&second), "--trust", &new_print]);
    assert_eq!(
        self_points(&district, SENDER, "1.1.1").as_deref(),
        Some("1")
    );
    ok(&["log", s(&district), "--verify"]);
}

#[test]
fn values_breaking_this_files_rules_are_refused_while_planning_and_the_rest_applies() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let commune = commune_file(dir.path(), &district, "commune");
    // In its own copy the commune raises a leaf's maximum and scores above the real one.
    open(&commune)
        .execute(
            "UPDATE criterion SET max_points = 10000 WHERE code = '1.4.2'",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    score(&commune, "1.4.2", "5");
    score(&commune, "1.1.1", "1");
    let package = dir.path().join("p.cchc");
    export(&commune, SENDER, &package);
    let plan = ok(&["import", s(&district), s(&package), "--dry-run"]);
    assert!(plan.contains("vượt điểm tối đa"), "{plan}");
    assert!(
        !plan.contains("above this file's maximum"),
        "one language: {plan}"
    );
    let plan = ok(&[
        "import",
        s(&district),
        s(&package),
        "--dry-run",
        "--lang",
        "en",
    ]);
    assert!(plan.contains("above this file's maximum"), "{plan}");
    let print = fingerprint(&district, &package);
    let out = ok(&["import", s(&district), s(&package), "--trust", &print]);
    assert!(out.contains("Đã nhập"), "{out}");
    assert_eq!(
        self_points(&district, SENDER, "1.1.1").as_deref(),
        Some("1")
    );
    assert_eq!(self_points(&district, SENDER, "1.4.2"), None);
    ok(&["check", s(&district)]);
}

#[test]
fn a_file_sharing_no_history_needs_explicit_consent() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let elsewhere = dir.path().join("elsewhere.cchc");
    ok(&["demo", s(&elsewhere)]);
    let whole = dir.path().join("whole.cchc");
    ok(&["export", s(&elsewhere), "-o", s(&whole)]);
    let plan = ok(&["import", s(&district), s(&whole), "--dry-run"]);
    assert!(plan.contains("không có lịch sử chung"), "{plan}");
    let print = fingerprint(&district, &whole);
    let before = bytes(&district);
    let out = run(&["import", s(&district), s(&whole), "--trust", &print]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("--accept-unrelated"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&district), before);
}

#[test]
fn restore_and_open_refuse_a_file_with_objects_of_its_own() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let evil = demo_copy(dir.path(), "evil.cchc");
    open(&evil)
        .execute_batch("CREATE TRIGGER wipe AFTER UPDATE ON score BEGIN DELETE FROM score; END;")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = bytes(&district);
    let out = run(&["restore", s(&district), s(&evil)]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("cấu trúc khác"), "{}", stderr(&out));
    assert_eq!(bytes(&district), before);
    for args in [
        vec!["check", s(&evil)],
        vec!["rank", s(&evil), "--year", YEAR, "--level", "commune"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("cấu trúc khác"), "{}", stderr(&out));
    }
    // A file restored onto itself, by the same or another path.
    let out = run(&["restore", s(&district), s(&district)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chính nó"), "{}", stderr(&out));
    assert_eq!(bytes(&district), before);
}

#[test]
fn score_rows_deleted_behind_the_programs_back_are_found() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let deleted: Option<i64> = open(&file)
        .query_row(
            "SELECT rowid FROM score WHERE self_points IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(deleted) = deleted else {
        panic!("the demo has scores");
    };
    open(&file)
        .execute("DELETE FROM score WHERE rowid = ?1", [deleted])
        .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["log", s(&file), "--verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("self"), "{}", stdout(&out));
    let out = run(&["check", s(&file)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn a_tree_deeper_than_the_limit_is_refused_not_cut() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    {
        let conn = open(&file);
        // Thirteen groups between area 1 of the 2025 commune set and its leaf 1.1.1.
        let (set, leaf, parent): (i64, i64, i64) = conn
            .query_row(
                "SELECT c.index_set_id, c.id, c.parent_id FROM criterion c
                 JOIN index_set s ON s.id = c.index_set_id
                 WHERE s.year = 2025 AND s.level = 'commune' AND c.code = '1.1.1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let mut above = parent;
        for depth in 0..13 {
            conn.execute(
                "INSERT INTO criterion (uuid, index_set_id, parent_id, position, code, title)
                 VALUES (?1, ?2, ?3, 99, ?4, 'Nhóm')",
                params![
                    format!("00000000-0000-4000-8000-0000000000{depth:02}"),
                    set,
                    above,
                    format!("N.{depth}")
                ],
            )
            .unwrap_or_else(|e| panic!("{e}"));
            above = conn.last_insert_rowid();
        }
        conn.execute(
            "UPDATE criterion SET parent_id = ?1 WHERE id = ?2",
            [above, leaf],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = run(&["rank", s(&file), "--year", YEAR, "--level", "commune"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("sâu quá"), "{}", stderr(&out));
}

#[test]
fn received_text_is_bounded() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let commune = commune_file(dir.path(), &district, "commune");
    // Typed in: refused at entry.
    let long = "a".repeat(5_000);
    let out = score_with(&commune, "1.1.1", "1", Some(&long));
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("dài quá"), "{}", stderr(&out));
    // Written behind the program's back and sent: the package is refused.
    open(&commune)
        .execute(
            "UPDATE score SET self_note = ?1 WHERE rowid = (SELECT min(rowid) FROM score)",
            [&long],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let package = dir.path().join("p.cchc");
    export(&commune, SENDER, &package);
    let before = bytes(&district);
    let out = run(&["import", s(&district), s(&package), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("dài quá 4000"), "{}", stderr(&out));
    assert_eq!(bytes(&district), before);
}

#[test]
fn a_note_given_with_self_points_is_in_the_log_and_travels() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let commune = commune_file(dir.path(), &district, "commune");
    let out = score_with(&commune, "1.4.2", "0,5", Some("Có kế hoạch số 12/KH-UBND"));
    assert!(out.status.success(), "{}", stderr(&out));
    let logged: i64 = open(&commune)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE field = 'self_note' AND new_value = 'Có kế hoạch số 12/KH-UBND'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(logged, 1);
    ok(&["log", s(&commune), "--verify"]);
    let package = dir.path().join("p.cchc");
    export(&commune, SENDER, &package);
    let plan = ok(&["import", s(&district), s(&package), "--dry-run"]);
    assert!(plan.contains("Có kế hoạch số 12/KH-UBND"), "{plan}");
}

#[test]
fn new_units_whose_parents_form_a_cycle_are_refused_and_the_rest_applies() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    // A copy of the district's file (shared history) with three new units: two that are
    // each other's parent, and one sound one.
    let other = demo_copy(dir.path(), "other.cchc");
    open(&other)
        .execute_batch(
            "INSERT INTO unit (uuid, code, name, kind, level) VALUES
                ('11111111-1111-4111-8111-111111111111', '99001', 'Xã Vòng Một', 'xa', 'commune'),
                ('22222222-2222-4222-8222-222222222222', '99002', 'Xã Vòng Hai', 'xa', 'commune'),
                ('33333333-3333-4333-8333-333333333333', '99003', 'Xã Mới', 'xa', 'commune');
             UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = '99002') WHERE code = '99001';
             UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = '99001') WHERE code = '99002';",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let whole = dir.path().join("whole.cchc");
    ok(&["export", s(&other), "-o", s(&whole)]);
    let plan = ok(&["import", s(&district), s(&whole), "--dry-run"]);
    assert!(plan.contains("vòng lặp"), "{plan}");
    assert!(plan.contains("99003"), "{plan}");
    // A copy of the file shares its key: the package counts as this file's own.
    ok(&["import", s(&district), s(&whole)]);
    let codes: Vec<String> = open(&district)
        .prepare("SELECT code FROM unit WHERE code LIKE '990%' ORDER BY code")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(codes, ["99003"]);
}

#[test]
fn only_signed_exports_are_imported_and_looking_at_one_does_not_spoil_it() {
    let dir = temp();
    let (district, commune, package) = submission(dir.path());
    let before = bytes(&district);
    // The reviewer's bypass: the package's description removed, so that it would pass for a
    // plain file; and the commune's working file sent as it is.
    let stripped = dir.path().join("stripped.cchc");
    std::fs::copy(&package, &stripped).unwrap_or_else(|e| panic!("{e}"));
    open(&stripped)
        .execute("DELETE FROM meta WHERE key LIKE 'package%'", [])
        .unwrap_or_else(|e| panic!("{e}"));
    for (file, expected) in [
        (&stripped, "không phải gói dữ liệu xuất từ parindex"),
        (&commune, "Chữ ký của gói không khớp"),
    ] {
        let out = run(&["import", s(&district), s(file), "--dry-run"]);
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    assert_eq!(bytes(&district), before);
    // Opening the received package (here: listing its keys, which opens it for writing and
    // gives it a key of its own) leaves it importable.
    ok(&["keys", s(&package)]);
    let print = fingerprint(&district, &package);
    ok(&["import", s(&district), s(&package), "--trust", &print]);
    assert_eq!(
        self_points(&district, SENDER, "1.4.2").as_deref(),
        Some("1")
    );
}

#[test]
fn the_districts_own_package_read_back_is_not_offered_as_the_communes_key() {
    let dir = temp();
    let district = demo_copy(dir.path(), "district.cchc");
    let own = dir.path().join("own.cchc");
    export(&district, SENDER, &own);
    let plan = ok(&["import", s(&district), s(&own), "--dry-run"]);
    assert!(plan.contains("tệp này"), "{plan}");
    assert!(!plan.contains("Khóa mới"), "{plan}");
}
