//! The document file on disk: pragmas, identity checks, upgrades, locking, edits with audit.

mod common;

use std::path::{Path, PathBuf};

use common::small::{area, commune_set, draft_seed, manual_leaf};
use common::temp;
use parindex::domain::*;
use parindex::store::backup;
use parindex::store::scores::{Edit, Stage};
use parindex::store::units::NewUnit;
use parindex::store::upgrade::CURRENT_VERSION;
use parindex::store::{APPLICATION_ID, Access, Store, StoreError};
use rusqlite::Connection;

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Two manual leaves asking for a plan as evidence, classes "Tốt" from 90 and "Khá".
fn small_set(year: i32) -> IndexSet {
    let leaf = |code: &str, max: &str| {
        let mut node = manual_leaf(code, p(max), NaPolicy::Exclude);
        if let Some(leaf) = node.leaf.as_mut() {
            leaf.evidence = Some("Kế hoạch".into());
        }
        node
    };
    let roots = vec![area("1", vec![leaf("1.1", "1"), leaf("1.2", "2")])];
    IndexSet {
        issuer: "UBND huyện".into(),
        bands: vec![
            Band {
                name: "Tốt".into(),
                min: p("90"),
            },
            Band {
                name: "Khá".into(),
                min: p("0"),
            },
        ],
        ..commune_set(year, p("3"), roots)
    }
}

/// A file with one commune scored against a small set; returns the path.
fn fixture(dir: &Path) -> PathBuf {
    let path = dir.join("thu.cchc");
    let mut store = Store::create(&path).unwrap_or_else(|e| panic!("create: {e}"));
    store.set_actor("thử");
    // The name in NFD on the way in, as some Windows keyboards type it.
    let seed = draft_seed(
        small_set(2025),
        &[("01822", "Xã \u{0110}u\u{031b}\u{0301}c Long")],
    );
    store.seed(&seed).unwrap_or_else(|e| panic!("fixture: {e}"));
    path
}

fn edit(path: &Path, code: &str, e: Edit, reason: &str) -> Result<(), StoreError> {
    let mut store = Store::open(path, Access::ReadWrite)?;
    store.set_actor("Cán bộ thử");
    store
        .score_criterion(2025, Level::Commune, "01822", code, e, reason)
        .map(drop)
}

#[test]
fn new_file_has_our_identity_and_safe_pragmas() {
    let dir = temp();
    let path = fixture(dir.path());
    let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap_or_default();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or_default();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(version, CURRENT_VERSION);
    assert_eq!(journal, "delete");
    let name: String = conn
        .query_row("SELECT name FROM unit", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!(name, "Xã Đức Long", "stored in NFC");
    assert!(
        !dir.path().join("thu.cchc-journal").exists(),
        "no journal left between edits"
    );
}

#[test]
fn refuses_files_that_are_not_ours() {
    let dir = temp();
    let text = dir.path().join("notes.cchc");
    std::fs::write(&text, b"day khong phai SQLite").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        Store::open(&text, Access::ReadWrite),
        Err(StoreError::NotOurs(_))
    ));

    let other = dir.path().join("other.cchc");
    let conn = Connection::open(&other).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let before = std::fs::read(&other).unwrap_or_default();
    assert!(matches!(
        Store::open(&other, Access::ReadWrite),
        Err(StoreError::NotOurs(_))
    ));
    assert_eq!(
        std::fs::read(&other).unwrap_or_default(),
        before,
        "left unchanged"
    );

    assert!(matches!(
        Store::open(&dir.path().join("missing.cchc"), Access::ReadOnly),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn refuses_a_newer_file() {
    let dir = temp();
    let path = fixture(dir.path());
    let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch(&format!("PRAGMA user_version = {}", CURRENT_VERSION + 1))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let before = std::fs::read(&path).unwrap_or_default();
    match Store::open(&path, Access::ReadWrite) {
        Err(e @ StoreError::TooNew { .. }) => assert!(e.message(Lang::Vi).contains("cập nhật")),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

/// Every schema version released so far: (version, its frozen schema).
const RELEASED: [(i64, &str); 5] = [
    (1, include_str!("fixtures/schema-v1.sql")),
    (2, include_str!("fixtures/schema-v2.sql")),
    (3, include_str!("fixtures/schema-v3.sql")),
    (4, include_str!("fixtures/schema-v4.sql")),
    (5, include_str!("fixtures/schema-v5.sql")),
];

#[test]
fn an_upgraded_file_equals_a_new_one() {
    let dir = temp();
    for (old_version, schema) in RELEASED {
        let name = format!("v{old_version}");
        let old = dir.path().join(format!("{name}.cchc"));
        let conn = Connection::open(&old).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(schema).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {old_version};"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        drop(conn);

        // Opened for editing by the program (here its `keys` command, with a data folder
        // of the test's own): upgraded after a backup.
        let data = dir.path().join("data");
        let out = common::bin()
            .env("PARINDEX_DATA_DIR", &data)
            .args(["keys", common::s(&old)])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "upgrade {name}: {}",
            common::stderr(&out)
        );
        let fresh = fixture(dir.path());
        let describe = |path: &Path| {
            Store::open(path, Access::ReadOnly)
                .and_then(|store| store.schema_description())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (da, db) = (describe(&old), describe(&fresh));
        assert!(da.len() > 50, "the description covers the schema");
        assert_eq!(da, db, "{name} upgraded");
        let a = Connection::open(&old).unwrap_or_else(|e| panic!("{e}"));
        let version: i64 = a
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or_default();
        assert_eq!(version, CURRENT_VERSION);
        let upgrade_backups = std::fs::read_dir(backup::folder_in(&data.join("backups"), &old))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with("-upgrade.cchc"))
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(
            upgrade_backups, 1,
            "a backup was taken before upgrading {name}"
        );
        std::fs::remove_file(&fresh).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn a_second_writer_is_told_the_file_is_busy() {
    let dir = temp();
    let path = fixture(dir.path());
    let _first = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        Store::open(&path, Access::ReadWrite),
        Err(StoreError::Busy)
    ));
}

#[test]
fn edits_are_checked_and_audited() {
    let dir = temp();
    let path = fixture(dir.path());
    edit(
        &path,
        "1.1",
        Edit::Points(Stage::SelfAssessed, Some(p("1"))),
        "",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Above the maximum, on an area, unknown code, appraisal change without a reason: refused.
    assert!(matches!(
        edit(
            &path,
            "1.1",
            Edit::Points(Stage::SelfAssessed, Some(p("1.5"))),
            ""
        ),
        Err(StoreError::Points { .. })
    ));
    assert!(matches!(
        edit(
            &path,
            "1",
            Edit::Points(Stage::SelfAssessed, Some(p("1"))),
            ""
        ),
        Err(StoreError::NotALeaf(_))
    ));
    assert!(matches!(
        edit(
            &path,
            "9.9",
            Edit::Points(Stage::SelfAssessed, Some(p("1"))),
            ""
        ),
        Err(StoreError::UnknownCriterion(_))
    ));
    assert!(matches!(
        edit(
            &path,
            "1.1",
            Edit::Points(Stage::Round1, Some(p("0.5"))),
            ""
        ),
        Err(StoreError::ReasonRequired(_))
    ));
    edit(
        &path,
        "1.1",
        Edit::Points(Stage::Round1, Some(p("0.5"))),
        "Kế hoạch ban hành muộn",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    edit(&path, "1.2", Edit::Na(Some("Không phát sinh".into())), "")
        .unwrap_or_else(|e| panic!("{e}"));

    let store = Store::open(&path, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let log = store.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    let fields: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|e| (e.field.as_str(), e.new.as_deref()))
        .collect();
    assert!(fields.contains(&("self", Some("1"))));
    assert!(fields.contains(&("round1", Some("0.5"))));
    assert!(fields.contains(&("na", Some("Không phát sinh"))));
    assert!(
        !fields.contains(&("self", Some("1.5"))),
        "a refused edit leaves no trace"
    );
    assert!(
        store
            .verify_log()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    let results = store
        .results(2025, Level::Commune, Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"));
    // 1.2 excluded: 0.5 of 1 = 50%.
    assert_eq!(
        results.rows[0].totals.index.map(|i| i.to_plain()),
        Some("50.00".into())
    );
    drop(store);

    // Tampering behind the program's back breaks the log's agreement.
    let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch("UPDATE score SET round1_points = 1000")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let store = Store::open(&path, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !store
            .verify_log()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
}

#[test]
fn a_final_assessment_is_locked_until_reopened_with_a_reason() {
    let dir = temp();
    let path = fixture(dir.path());
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    store.set_actor("thử");
    let step = |store: &mut Store, to: Status, reason: &str| {
        let a = store.assessment(2025, Level::Commune, "01822")?;
        store.set_status(&a, to, reason)
    };
    // A jump is refused: published only after it was sent and appraised.
    assert!(matches!(
        step(&mut store, Status::Final, ""),
        Err(StoreError::StatusStep {
            from: Status::Draft,
            to: Status::Final
        })
    ));
    for to in [Status::Submitted, Status::Appraised] {
        step(&mut store, to, "").unwrap_or_else(|e| panic!("{e}"));
    }
    // Sent back one step only with a reason, then forward again.
    assert!(matches!(
        step(&mut store, Status::Submitted, ""),
        Err(StoreError::ReasonRequired(_))
    ));
    step(&mut store, Status::Submitted, "thiếu tài liệu kiểm chứng")
        .unwrap_or_else(|e| panic!("{e}"));
    for to in [Status::Appraised, Status::Final] {
        step(&mut store, to, "").unwrap_or_else(|e| panic!("{e}"));
    }
    drop(store);
    assert!(matches!(
        edit(
            &path,
            "1.1",
            Edit::Points(Stage::SelfAssessed, Some(p("1"))),
            ""
        ),
        Err(StoreError::Locked { .. })
    ));
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let reopen = |store: &mut Store, reason: &str| {
        let a = store.assessment(2025, Level::Commune, "01822")?;
        store.set_status(&a, Status::Appraised, reason)
    };
    assert!(matches!(
        reopen(&mut store, ""),
        Err(StoreError::ReasonRequired(_))
    ));
    reopen(&mut store, "Sửa sai sót theo Công văn 12/SNV").unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    // Reopened, the appraisal can be corrected (the unit's own points stay the unit's).
    edit(
        &path,
        "1.1",
        Edit::Points(Stage::Final, Some(p("1"))),
        "Sửa sai sót theo Công văn 12/SNV",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        edit(
            &path,
            "1.1",
            Edit::Points(Stage::SelfAssessed, Some(p("1"))),
            ""
        ),
        Err(StoreError::SelfAssessmentSent { .. })
    ));
}

#[test]
fn a_leafs_rule_changes_until_it_has_points() {
    use parindex::domain::index_set::parse_bands;
    let dir = temp();
    let path = fixture(dir.path());
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let set_id = store
        .index_set(2025, Level::Commune)
        .map(|(id, _)| id)
        .unwrap_or_else(|e| panic!("{e}"));
    let bands = parse_bands("100: 1; 95: 0,5; 0: 0").unwrap_or_default();
    // Bands are required for a banded kind, and may not give more than the maximum.
    let no_bands = store.set_scoring_rule(set_id, "1.2", LeafKind::RatioBands, &[], None);
    assert!(matches!(no_bands, Err(StoreError::Invalid(_))));
    let too_much = parse_bands("100: 3").unwrap_or_default();
    let above = store.set_scoring_rule(set_id, "1.2", LeafKind::RatioBands, &too_much, None);
    assert!(matches!(above, Err(StoreError::Points { .. })));
    store
        .set_scoring_rule(set_id, "1.2", LeafKind::RatioBands, &bands, None)
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2025, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    let leaf = set
        .find("1.2")
        .and_then(|n| n.leaf.clone())
        .unwrap_or_else(|| panic!("1.2"));
    assert_eq!((leaf.kind, leaf.bands.len()), (LeafKind::RatioBands, 3));
    drop(store);
    // Once scored (raw figures 96/100 → 0,5), the rule is fixed.
    edit(
        &path,
        "1.2",
        Edit::Raw(Raw {
            a: Some(96),
            b: Some(100),
        }),
        "",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let refused = store.set_scoring_rule(set_id, "1.2", LeafKind::Manual, &[], None);
    assert!(matches!(refused, Err(StoreError::Invalid(_))));
    let sheet = store
        .sheet(2025, Level::Commune, "01822")
        .unwrap_or_else(|e| panic!("{e}"));
    let id = sheet.set.find("1.2").map(|n| n.id).unwrap_or_default();
    assert_eq!(
        sheet.input.scores.get(&id).and_then(|s| s.self_points),
        Some(p("0.5"))
    );
}

/// A 10 MB unit name would later break the year's workbook and scorecards: names typed in
/// are bounded like those read from a file, and nothing is written.
#[test]
fn typed_names_are_bounded() {
    let dir = temp();
    let path = fixture(dir.path());
    let mut store = Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    let long = "Xã ".to_owned() + &"Đ".repeat(parindex::domain::limits::NAME_CHARS);
    let refused = store.save_unit(
        None,
        &NewUnit {
            code: "09999".into(),
            name: long.clone(),
            kind: UnitKind::Commune,
            valid_from: None,
            valid_to: None,
            parent_id: None,
        },
    );
    let message = refused
        .err()
        .map(|e| e.message(Lang::Vi))
        .unwrap_or_default();
    assert!(
        message.contains("Tên đơn vị dài quá 300 ký tự"),
        "{message}"
    );
    assert_eq!(
        store.units().unwrap_or_default().len(),
        1,
        "nothing was written"
    );
}

/// The step to version 5 keeps every stored ratio valid: a ratio that already holds a
/// numerator above its denominator (revenue over its estimate) may pass 100 % from then on;
/// the others refuse it.
#[test]
fn the_upgrade_to_v5_lets_ratios_already_over_100_stay_so() {
    let dir = temp();
    let old = dir.path().join("v4.cchc");
    let conn = Connection::open(&old).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch(include_str!("fixtures/schema-v4.sql"))
        .unwrap_or_else(|e| panic!("{e}"));
    let uuid = |n: u32| format!("00000000-0000-4000-8000-{n:012}");
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 4;
         INSERT INTO unit (id, uuid, code, name, kind, level)
              VALUES (1, '{u}', '01795', 'Xã Minh Khai', 'xa', 'commune');
         INSERT INTO index_set (id, uuid, year, level, name, max_total)
              VALUES (1, '{s}', 2024, 'commune', 'Bộ chỉ số', 100000);
         INSERT INTO criterion (id, uuid, index_set_id, parent_id, position, code, title, kind, max_points)
              VALUES (1, '{c1}', 1, NULL, 0, '6', 'Tài chính công', NULL, NULL),
                     (2, '{c2}', 1, 1, 0, '6.1', 'Thu ngân sách so với dự toán', 'ratio_bands', 2000),
                     (3, '{c3}', 1, 1, 1, '6.2', 'Hồ sơ giải quyết đúng hạn', 'ratio_bands', 2000);
         INSERT INTO assessment (id, uuid, unit_id, index_set_id) VALUES (1, '{a}', 1, 1);
         INSERT INTO score (assessment_id, criterion_id, self_points, raw_a, raw_b)
              VALUES (1, 2, 2000, 120, 100), (1, 3, 2000, 95, 100);",
        u = uuid(1),
        s = uuid(2),
        c1 = uuid(3),
        c2 = uuid(4),
        c3 = uuid(5),
        a = uuid(6),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let out = common::bin()
        .env("PARINDEX_DATA_DIR", dir.path().join("data"))
        .args(["keys", common::s(&old)])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", common::stderr(&out));
    let store = Store::open(&old, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2024, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    let allows = |code: &str| {
        set.find(code)
            .and_then(|n| n.leaf.as_ref())
            .map(|l| l.allows_over_100)
    };
    assert_eq!(
        allows("6.1"),
        Some(true),
        "120/100 was stored: it stays valid"
    );
    assert_eq!(allows("6.2"), Some(false), "95/100: 100 % is its ceiling");
}

/// A backup of a file of several megabytes is copied page by page: its progress callback is
/// called once per step with the pages done going up, and last with done == total; a restore
/// from it reports the same way (the backup of the current content, then the restore).
#[test]
fn a_backup_and_a_restore_report_their_pages_step_by_step() {
    use parindex::store::evidence::{Attachment, EvidenceInfo};

    let dir = temp();
    let file = common::demo_copy(dir.path(), "lon.cchc");
    let mut store = Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("open: {e}"));
    store.set_backup_root(dir.path().join("backups"));
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
    // Three scanned documents of 1,5 MB each, all different.
    for n in 0..3u8 {
        let bytes: Vec<u8> = (0..1_536 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 ^ n)
            .collect();
        let info = EvidenceInfo {
            doc_type: "Báo cáo".into(),
            number: format!("{n}/BC-UBND"),
            ..EvidenceInfo::default()
        };
        let file = Attachment {
            file_name: "ban-scan.pdf",
            bytes: &bytes,
            page: "",
        };
        store
            .attach(&a, &set, &code, &info, &file)
            .unwrap_or_else(|e| panic!("attach: {e}"));
    }

    let mut calls = Vec::new();
    let taken = backup::take_reporting(&store, backup::Reason::Manual, &mut |done, total| {
        calls.push((done, total))
    })
    .unwrap_or_else(|e| panic!("backup: {e}"));
    let total = calls.last().map_or(0, |c| c.1);
    assert!(
        total > 2 * backup::PAGES_PER_STEP as usize,
        "a file of several steps: {total} pages"
    );
    assert!(calls.len() >= 3, "{calls:?}");
    assert!(calls.iter().all(|c| c.1 == total), "one total: {calls:?}");
    assert!(
        calls.windows(2).all(|w| w[0].0 < w[1].0),
        "the pages done go up: {calls:?}"
    );
    assert_eq!(calls.last(), Some(&(total, total)));
    assert!(
        store
            .backups()
            .unwrap_or_default()
            .iter()
            .any(|b| b.path == taken)
    );

    let mut calls = Vec::new();
    store
        .restore_reporting(&taken, &mut |done, total| calls.push((done, total)))
        .unwrap_or_else(|e| panic!("restore: {e}"));
    let last = calls.last().copied().unwrap_or_default();
    assert_eq!(last.0, last.1, "ends at its total: {calls:?}");
    assert!(
        last.1 >= 2 * total,
        "the undo backup and the restore: {calls:?}"
    );
    assert!(
        calls.windows(2).all(|w| w[0].0 <= w[1].0),
        "never goes back: {calls:?}"
    );
    // The restored content is the backup's: the three documents are there.
    assert_eq!(
        store.evidence_docs().map(|d| d.len()).ok().map(|n| n >= 3),
        Some(true)
    );
}
