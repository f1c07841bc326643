//! Sending and receiving files on real files in temporary folders: export, hostile imports,
//! the merge plan and its apply, backups, spreadsheets.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parindex::domain::scoring::leaves_of;
use parindex::domain::{LeafKind, Level, Points};
use parindex::store::assessments::Assessment;
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::export::{Options, Scope, ScopeKind};
use parindex::store::import::{self, Choices, Field, PlanOptions, Resolution, Value};
use parindex::store::scores::{Edit, Note, Stage};
use parindex::store::{Access, Store, StoreError, audit, backup};
use rusqlite::Connection;

fn data_dir() -> PathBuf {
    std::env::temp_dir().join("parindex-exchange-test-data")
}

/// A test's folder; when dropped, the backups of its documents go with it, so test runs do
/// not pile up backups in the shared test data folder.
struct Dir(tempfile::TempDir);

impl Dir {
    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let Ok(entries) = std::fs::read_dir(self.0.path()) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "cchc") {
                let _ =
                    std::fs::remove_dir_all(backup::folder_in(&data_dir().join("backups"), &path));
            }
        }
    }
}

fn temp() -> Dir {
    Dir(tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")))
}

/// A file opened for editing whose backups go to the tests' data folder (the same the
/// commands run by `run` use), never to the real per-user folder.
fn open_rw(path: &Path) -> Store {
    let mut store = Store::open(path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    store.set_backup_root(data_dir().join("backups"));
    store
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parindex"))
        .env("PARINDEX_DATA_DIR", data_dir())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run parindex: {e}"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn demo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    drop(parindex::demo::write_demo(&path).unwrap_or_else(|e| panic!("demo: {e}")));
    path
}

/// The choices of an officer who checked the sender's key by phone.
fn trusting() -> Choices {
    Choices {
        trust_sender: true,
        ..Choices::default()
    }
}

/// The sender's key fingerprint as `import --dry-run` prints it.
fn fingerprint(district: &Path, package: &Path) -> String {
    let out = run(&["import", s(district), s(package), "--dry-run"]);
    stdout(&out)
        .split_whitespace()
        .find(|w| w.len() == 19 && w.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no fingerprint in: {}", stdout(&out)))
        .to_owned()
}

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A 2025 commune that is still open, and two of its manual leaves (code, max, self points).
struct Target {
    unit: String,
    leaf_a: (String, Points, Option<Points>),
    leaf_b: String,
}

/// A 2025 commune still drafting: its self points are its own to change.
fn target(store: &Store) -> Target {
    target_where(store, |a| a.status == parindex::domain::Status::Draft)
}

fn target_where(store: &Store, pick: impl Fn(&Assessment) -> bool) -> Target {
    let results = store
        .results(2025, Level::Commune, parindex::domain::Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"));
    let (row, a) = results
        .rows
        .iter()
        .zip(&results.assessments)
        .find(|(_, a)| pick(a))
        .unwrap_or_else(|| panic!("no such 2025 commune"));
    let manual: Vec<(String, Points, Option<Points>)> = row
        .score
        .roots
        .iter()
        .flat_map(leaves_of)
        .filter(|l| l.leaf_kind == Some(LeafKind::Manual) && !l.na && l.max_points > Points::ZERO)
        .map(|l| (l.code.to_string(), l.max_points, l.self_points))
        .collect();
    assert!(manual.len() >= 2, "two manual leaves");
    Target {
        unit: a.unit.code.clone(),
        leaf_a: manual[0].clone(),
        leaf_b: manual[1].0.clone(),
    }
}

fn export_unit(store: &Store, unit: &str, out: &Path) {
    store
        .export(
            out,
            &Options {
                scope: Scope::Unit {
                    code: unit.into(),
                    year: Some(2025),
                },
                include_evidence: true,
            },
        )
        .unwrap_or_else(|e| panic!("export: {e}"));
}

/// The district's file, a commune's package made from it, the commune's edits in its copy, and
/// the commune's submission. Returns (district, submission, target, new self points).
fn round_trip_files(dir: &Path) -> (PathBuf, PathBuf, Target, Points) {
    let district = demo(dir, "district.cchc");
    let store = Store::open(&district, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let t = target(&store);
    let package = dir.join("to-commune.cchc");
    export_unit(&store, &t.unit, &package);
    drop(store);

    // The commune opens the package as its own file and edits it.
    let commune = dir.join("commune.cchc");
    std::fs::copy(&package, &commune).unwrap_or_else(|e| panic!("{e}"));
    let mut store = open_rw(&commune);
    store.set_actor("Cán bộ xã");
    let (code_a, max_a, self_a) = t.leaf_a.clone();
    let new_points = if self_a == Some(max_a) {
        Points::ZERO
    } else {
        max_a
    };
    let code_b = t.leaf_b.clone();
    let unit = t.unit.clone();
    let commune_edits = |store: &mut Store| -> Result<(), StoreError> {
        store.score_criterion(
            2025,
            Level::Commune,
            &unit,
            &code_a,
            Edit::Points(Stage::SelfAssessed, Some(new_points)),
            "",
        )?;
        store.score_criterion(
            2025,
            Level::Commune,
            &unit,
            &code_b,
            Edit::Note(Note::SelfNote, "Đã ban hành kế hoạch đúng hạn".into()),
            "",
        )?;
        let a = store.assessment(2025, Level::Commune, &unit)?;
        let (_, set) = store.index_set(2025, Level::Commune)?;
        let info = EvidenceInfo {
            doc_type: "Kế hoạch".into(),
            number: "99/KH-UBND".into(),
            issue_date: chrono::NaiveDate::from_ymd_opt(2025, 9, 3),
            issuer: "UBND xã".into(),
            summary: "Kế hoạch CCHC năm 2025 (minh họa)".into(),
        };
        let file = Attachment {
            file_name: "kh-99-2025.pdf",
            bytes: b"%PDF-1.4 synthetic evidence for the test\n",
            page: "tr. 2",
        };
        store.attach(&a, &set, &code_a, &info, &file)
    };
    commune_edits(&mut store).unwrap_or_else(|e| panic!("commune edits: {e}"));
    let submission = dir.join("submission.cchc");
    export_unit(&store, &t.unit, &submission);
    (district, submission, t, new_points)
}

#[test]
fn export_records_what_it_is_and_leaves_out_other_units() {
    let dir = temp();
    let district = demo(dir.path(), "d.cchc");
    let store = Store::open(&district, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    // A unit well into its year (appraised): a package of some size to estimate.
    let t = target_where(&store, |a| !a.locked);
    let out = dir.path().join("unit.cchc");
    let options = Options {
        scope: Scope::Unit {
            code: t.unit.clone(),
            year: Some(2025),
        },
        include_evidence: false,
    };
    let estimate = store
        .estimate_export(&options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!estimate.large);
    let mut steps = Vec::new();
    let done = store
        .export_with_progress(&out, &options, |step| steps.push(step))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(steps.len(), 5);
    assert_eq!(steps.last(), Some(&parindex::store::export::Step::Done));
    assert_eq!(done.package.kind, ScopeKind::Unit);
    // The estimate is near the size written (it was the whole file's once).
    assert!(
        estimate.total <= done.size * 2 && done.size <= estimate.total * 2,
        "estimated {} bytes, wrote {}",
        estimate.total,
        done.size
    );
    assert_eq!(done.package.sender_code.as_deref(), Some(t.unit.as_str()));
    assert_eq!(done.package.year, Some(2025));
    // The copy opens as a parindex file and holds one assessment, without evidence bytes.
    let copy = Store::open(&out, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let results = copy
        .results(2025, Level::Commune, parindex::domain::Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(results.rows.len(), 1);
    let conn = Connection::open(&out).unwrap_or_else(|e| panic!("{e}"));
    let blobs: i64 = conn
        .query_row("SELECT count(*) FROM evidence_blob", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blobs, 0);
    let units: i64 = conn
        .query_row(
            "SELECT count(*) FROM unit WHERE level = 'commune'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(units, 1, "only the sending commune");
    // Refuses to overwrite.
    assert!(matches!(
        store.export(&out, &options),
        Err(StoreError::AlreadyExists(_))
    ));
    // A year export with evidence.
    let year = dir.path().join("year.cchc");
    let done = store
        .export(
            &year,
            &Options {
                scope: Scope::Year(2024),
                include_evidence: true,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.package.kind, ScopeKind::Year);
    let copy = Store::open(&year, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        copy.results(2024, Level::District, parindex::domain::Lang::Vi)
            .is_ok()
    );
    assert!(
        copy.results(2023, Level::District, parindex::domain::Lang::Vi)
            .is_err()
    );
}

/// (hash, subject) of every audit entry of a file, oldest first.
fn audit_hashes(path: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut stmt = conn
        .prepare("SELECT hash, subject FROM audit_log ORDER BY seq")
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs one statement on a copy of `from` named `name` and returns the copy.
fn altered_copy(dir: &Path, from: &Path, name: &str, sql: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{e}"));
    let conn = Connection::open(&to).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        conn.execute(sql, []).unwrap_or_else(|e| panic!("{e}")),
        1,
        "{sql}"
    );
    to
}

#[test]
fn a_unit_export_carries_only_its_own_history() {
    let dir = temp();
    let (district, submission, _, _) = round_trip_files(dir.path());
    let package = dir.path().join("to-commune.cchc");
    let commune = dir.path().join("commune.cchc");

    // What the package holds: its assessment(s) and documents.
    let conn = Connection::open(&package).unwrap_or_else(|e| panic!("{e}"));
    let held: Vec<String> = conn
        .prepare("SELECT uuid FROM assessment UNION ALL SELECT uuid FROM evidence_doc")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    assert!(!held.is_empty());

    // The package carries exactly the district's entries about those, unchanged (same
    // hashes, same order), and nothing of the other units' history.
    let live = audit_hashes(&district);
    let sent = audit_hashes(&package);
    let about_held: Vec<&(String, String)> = live
        .iter()
        .filter(|(_, subject)| held.iter().any(|uuid| subject.contains(uuid.as_str())))
        .collect();
    assert_eq!(sent.iter().collect::<Vec<_>>(), about_held);
    assert!(
        sent.len() * 10 < live.len(),
        "{} of {} entries sent",
        sent.len(),
        live.len()
    );
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    assert!(
        size(&package) * 3 < size(&district),
        "package {} bytes, district file {} bytes",
        size(&package),
        size(&district)
    );

    // The package, the commune's file edited after it and the commune's submission verify.
    // (`check` of the last two also reports the test's self-points change made after round
    // 1, a finding about the scores, not the log.)
    for file in [&package, &commune, &submission] {
        let out = run(&["log", s(file), "--verify"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            stdout(&out)
        );
        let out = run(&["check", s(file)]);
        let report = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !report.contains("Nhật ký thay đổi bị sửa"),
            "{}: {report}",
            file.display()
        );
    }
    assert_eq!(run(&["check", s(&package)]).status.code(), Some(0));

    // The gaps of an excerpt do not hide tampering: an entry changed inside it is found ...
    let changed = altered_copy(
        dir.path(),
        &commune,
        "changed.cchc",
        "UPDATE audit_log SET new_value = new_value || '0' WHERE seq = (SELECT min(seq) FROM audit_log)",
    );
    assert_eq!(
        run(&["log", s(&changed), "--verify"]).status.code(),
        Some(1)
    );
    // ... and so is one of the commune's own later entries taken out.
    let cut = altered_copy(
        dir.path(),
        &commune,
        "cut.cchc",
        "DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log WHERE seq >
             (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_excerpt_through'))",
    );
    let out = run(&["log", s(&cut), "--verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn round_trip_of_a_commune_submission() {
    let dir = temp();
    let (district, submission, t, new_points) = round_trip_files(dir.path());
    let spare = dir.path().join("district-before.cchc");
    std::fs::copy(&district, &spare).unwrap_or_else(|e| panic!("{e}"));

    let mut store = open_rw(&district);
    let received = import::receive(&submission).unwrap_or_else(|e| panic!("receive: {e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("plan: {e}"));
    assert!(plan.common_history > 0);
    assert!(plan.conflicts.is_empty(), "{:?}", plan.conflicts);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.new_units.is_empty() && plan.new_assessments.is_empty());
    let changed: Vec<(Option<String>, Field)> = plan
        .changes
        .iter()
        .map(|c| (c.place.criterion.clone(), c.field))
        .collect();
    assert_eq!(
        changed,
        vec![
            (Some(t.leaf_a.0.clone()), Field::SelfPoints),
            (Some(t.leaf_b.clone()), Field::SelfNote)
        ]
    );
    assert_eq!(plan.changes[0].new, Value::Points(Some(new_points)));
    assert_eq!(plan.new_evidence.len(), 1);
    assert!(plan.new_evidence[0].file_included);
    assert_eq!(plan.new_links.len(), 1);
    assert_eq!(
        plan.new_links[0].place.criterion.as_deref(),
        Some(t.leaf_a.0.as_str())
    );

    let mut seen = Vec::new();
    let applied = store
        .apply_import_with_progress(&received, &plan, &trusting(), |done, total| {
            seen.push((done, total))
        })
        .unwrap_or_else(|e| panic!("apply: {e}"));
    // Two field changes, one document, one link.
    assert_eq!(seen.last(), Some(&(4, 4)), "{seen:?}");
    assert!(applied.backup.is_some_and(|b| b.is_file()));
    let package = Some(plan.package.id.to_string());
    let entries = store.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    let from_package: Vec<_> = entries
        .iter()
        .filter(|e| e.package == package)
        .map(|e| (e.action.clone(), e.field.clone()))
        .collect();
    assert_eq!(
        from_package,
        vec![
            ("score".into(), "self".into()),
            ("score".into(), "self_note".into()),
            ("evidence".into(), "file".into()),
            ("evidence".into(), "link".into()),
            ("trust".into(), "key".into()),
            ("import".into(), "package".into()),
            // Who made the package, for the year's submissions.
            ("import".into(), "author".into()),
        ]
    );
    let chain: Vec<audit::Entry> = entries.iter().map(|e| e.entry.clone()).collect();
    assert!(audit::broken_links(&chain, None).is_empty());
    let a = store
        .assessment(2025, Level::Commune, &t.unit)
        .unwrap_or_else(|e| panic!("{e}"));
    let results = store
        .results(2025, Level::Commune, parindex::domain::Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"));
    let (row, _) = results
        .row_of(&a.unit.code)
        .unwrap_or_else(|| panic!("row"));
    let leaf = row
        .score
        .roots
        .iter()
        .flat_map(leaves_of)
        .find(|l| *l.code == *t.leaf_a.0)
        .unwrap_or_else(|| panic!("leaf"));
    assert_eq!(leaf.self_points, Some(new_points));
    drop(received);

    // The same file again changes nothing.
    let before = std::fs::read(&district).unwrap_or_default();
    let received = import::receive(&submission).unwrap_or_else(|e| panic!("{e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.already_imported);
    assert!(plan.is_empty(), "second plan: {plan:?}");
    let again = store
        .apply_import(&received, &plan, &trusting())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.changes, 0);
    assert!(again.backup.is_none());
    drop(store);
    assert_eq!(std::fs::read(&district).unwrap_or_default(), before);

    // An appraisal field the commune changed in its own file (behind the program's back) and
    // sent in a signed package is left out and named; the rest still applies. (Changed in the
    // package itself it would break the signature and the package would be refused whole.)
    let tampering = dir.path().join("commune-tampering.cchc");
    std::fs::copy(dir.path().join("commune.cchc"), &tampering).unwrap_or_else(|e| panic!("{e}"));
    let tampered = dir.path().join("tampered.cchc");
    let code: String = {
        let conn = Connection::open(&tampering).unwrap_or_else(|e| panic!("{e}"));
        let code = conn
            .query_row(
                "SELECT c.code FROM score s JOIN criterion c ON c.id = s.criterion_id ORDER BY c.code LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute(
            "UPDATE score SET round1_reason = 'sửa trái phép', final_points = 0
             WHERE criterion_id = (SELECT id FROM criterion WHERE code = ?1 AND index_set_id =
                   (SELECT index_set_id FROM assessment))",
            [&code],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        code
    };
    {
        let commune = open_rw(&tampering);
        export_unit(&commune, &t.unit, &tampered);
    }
    let mut store = open_rw(&spare);
    let final_of = |store: &Store| {
        let r = store
            .results(2025, Level::Commune, parindex::domain::Lang::Vi)
            .unwrap_or_else(|e| panic!("{e}"));
        let (row, _) = r.row_of(&t.unit).unwrap_or_else(|| panic!("row"));
        row.score
            .roots
            .iter()
            .flat_map(leaves_of)
            .find(|l| *l.code == *code)
            .map(|l| (l.final_points, l.appraised_points))
    };
    let original = final_of(&store);
    let received = import::receive(&tampered).unwrap_or_else(|e| panic!("{e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        plan.refused
            .iter()
            .any(|r| r.place.criterion.as_deref() == Some(code.as_str())
                && r.place.unit_code == t.unit
                && r.what == "Lý do thẩm định vòng 1"),
        "{:?}",
        plan.refused
    );
    assert_eq!(plan.changes.len(), 2);
    store
        .apply_import(&received, &plan, &trusting())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        final_of(&store),
        original,
        "the appraisal stays the district's"
    );
}

#[test]
fn a_value_changed_on_both_sides_is_a_conflict() {
    let dir = temp();
    let (district, submission, t, new_points) = round_trip_files(dir.path());
    // The district officer enters the same leaf on the commune's behalf.
    {
        let mut store = open_rw(&district);
        let (code, max, _) = t.leaf_a.clone();
        let mine = if new_points == Points::ZERO {
            max
        } else {
            Points::ZERO
        };
        let other = if mine == max { p("0") } else { max };
        let _ = other;
        // First to a third value, so the field is edited here after the fork.
        for value in [None, Some(mine)] {
            store
                .score_criterion(
                    2025,
                    Level::Commune,
                    &t.unit,
                    &code,
                    Edit::Points(Stage::SelfAssessed, value),
                    "",
                )
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // Without a choice: exit 1, nothing changes.
    let before = std::fs::read(&district).unwrap_or_default();
    let out = run(&["import", s(&district), s(&submission)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Xung đột"), "{}", stdout(&out));
    assert!(stderr(&out).contains("xung đột"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&district).unwrap_or_default(), before);
    // The dry run shows the same and changes nothing either.
    let out = run(&["import", s(&district), s(&submission), "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&district).unwrap_or_default(), before);
    // Choosing the received value applies it.
    let mut store = open_rw(&district);
    let received = import::receive(&submission).unwrap_or_else(|e| panic!("{e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].incoming, Value::Points(Some(new_points)));
    assert!(matches!(
        store.apply_import(&received, &plan, &trusting()),
        Err(StoreError::Unresolved(1))
    ));
    store
        .apply_import(
            &received,
            &plan,
            &Choices {
                conflicts: vec![Some(Resolution::TakeIncoming)],
                trust_sender: true,
                ..Choices::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let again = store
        .plan_import(
            &import::receive(&submission).unwrap_or_else(|e| panic!("{e}")),
            PlanOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_locked_assessment_takes_a_submission_only_when_late_is_allowed() {
    let dir = temp();
    let district = demo(dir.path(), "district.cchc");
    // A 2024 commune (final, locked): its package, edited by the commune, sent back.
    let store = Store::open(&district, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let results = store
        .results(2024, Level::Commune, parindex::domain::Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"));
    let unit = results.rows[0].unit_code.clone();
    let package = dir.path().join("p.cchc");
    let submission = dir.path().join("back.cchc");
    store
        .export(
            &package,
            &Options {
                scope: Scope::Unit {
                    code: unit.clone(),
                    year: Some(2024),
                },
                include_evidence: false,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    {
        // The commune reopens its copy (with a reason) and explains a leaf.
        let mut copy = open_rw(&package);
        let explain = |copy: &mut Store| -> Result<(), StoreError> {
            let a = copy.assessment(2024, Level::Commune, &unit)?;
            copy.set_status(&a, parindex::domain::Status::Appraised, "giải trình")?;
            let (_, set) = copy.index_set(2024, Level::Commune)?;
            let code = set
                .leaves()
                .into_iter()
                .find(|l| l.leaf.as_ref().is_some_and(|x| x.kind == LeafKind::Manual))
                .map(|l| l.code.to_string())
                .unwrap_or_default();
            copy.score_criterion(
                2024,
                Level::Commune,
                &unit,
                &code,
                Edit::Note(Note::Explanation, "Giải trình bổ sung".into()),
                "",
            )
            .map(drop)
        };
        explain(&mut copy).unwrap_or_else(|e| panic!("{e}"));
        // The edited file no longer matches the district's signature; the commune sends its
        // submission as an export of its own.
        assert!(matches!(
            import::receive(&package),
            Err(StoreError::BadSignature)
        ));
        copy.export(
            &submission,
            &Options {
                scope: Scope::Unit {
                    code: unit.clone(),
                    year: Some(2024),
                },
                include_evidence: false,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut store = open_rw(&district);
    let received = import::receive(&submission).unwrap_or_else(|e| panic!("{e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.changes.is_empty());
    assert!(plan.refused.iter().any(|r| r.what == "Phiếu đã khóa"));
    assert!(plan.refused.iter().any(|r| r.what == "Trạng thái"));
    let late = store
        .plan_import(&received, PlanOptions { allow_late: true })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(late.changes.len(), 1);
    assert_eq!(late.changes[0].field, Field::Explanation);
    assert_eq!(late.late.len(), 1);
    store
        .apply_import(&received, &late, &trusting())
        .unwrap_or_else(|e| panic!("{e}"));
    // Still locked and final.
    let a = store
        .assessment(2024, Level::Commune, &unit)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(a.locked);
}

/// Each hostile file: a clear message, exit 2, and the live file byte-for-byte unchanged.
#[test]
fn hostile_files_are_refused_and_leave_the_file_unchanged() {
    let dir = temp();
    let (district, submission, _, _) = round_trip_files(dir.path());
    let before = std::fs::read(&district).unwrap_or_default();
    let variant = |name: &str, sql: &str| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::copy(&submission, &path).unwrap_or_else(|e| panic!("{e}"));
        let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        path
    };
    let not_sqlite = dir.path().join("not-sqlite.cchc");
    std::fs::write(
        &not_sqlite,
        b"%PDF-1.4 this is a scanned document, not a database",
    )
    .unwrap_or_default();
    let truncated = dir.path().join("truncated.cchc");
    let bytes = std::fs::read(&submission).unwrap_or_default();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap_or_default();
    let foreign = dir.path().join("foreign.cchc");
    {
        let conn = Connection::open(&foreign).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let trigger = variant(
        "trigger.cchc",
        "CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN DELETE FROM score; END;",
    );
    let view = variant(
        "view.cchc",
        "CREATE VIEW everything AS SELECT * FROM score;",
    );
    let newer = variant("newer.cchc", "PRAGMA user_version = 99;");
    let bad_hash = variant(
        "bad-hash.cchc",
        "UPDATE evidence_blob SET bytes = CAST(zeroblob(length(bytes)) AS BLOB) WHERE rowid = (SELECT max(rowid) FROM evidence_blob);",
    );
    let cases: [(&Path, &str); 7] = [
        (&not_sqlite, "không phải tệp cơ sở dữ liệu"),
        (&truncated, "bị hỏng"),
        (&foreign, "không phải tệp dữ liệu Chỉ số CCHC"),
        (&trigger, "cấu trúc khác"),
        (&view, "cấu trúc khác"),
        (&newer, "hãy cập nhật parindex"),
        (&bad_hash, "không khớp mã băm"),
    ];
    for (file, expected) in cases {
        for extra in [&[][..], &["--dry-run"][..]] {
            let mut args = vec!["import", s(&district), s(file)];
            args.extend_from_slice(extra);
            let out = run(&args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{}: {}",
                file.display(),
                stderr(&out)
            );
            let message = stderr(&out);
            assert!(message.contains(expected), "{}: {message}", file.display());
            assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
            assert_eq!(
                std::fs::read(&district).unwrap_or_default(),
                before,
                "{} changed the file",
                file.display()
            );
        }
    }
    // The library gives the same refusals as typed errors.
    assert!(matches!(
        import::receive(&not_sqlite),
        Err(StoreError::NotSqlite(_))
    ));
    assert!(matches!(
        import::receive(&newer),
        Err(StoreError::TooNew { .. })
    ));
    assert!(matches!(
        import::receive(&view),
        Err(StoreError::ForeignSchema(_))
    ));
    assert!(matches!(
        import::receive(&bad_hash),
        Err(StoreError::EvidenceMismatch(_))
    ));
}

#[test]
fn import_command_applies_and_second_run_changes_nothing() {
    let dir = temp();
    let (district, submission, t, _) = round_trip_files(dir.path());
    // The district appraises a leaf after sending the package: the submission's older
    // appraisal is a stale copy, not a refused change.
    let out = run(&[
        "score",
        s(&district),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        &t.unit,
        "--criterion",
        &t.leaf_b,
        "--appraisal",
        "0",
        "--reason",
        "thiếu tài liệu",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["import", s(&district), s(&submission), "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Không nhận"), "{}", stdout(&out));
    let before = std::fs::read(&district).unwrap_or_default();
    assert!(
        stdout(&out).contains("Điểm tự đánh giá"),
        "{}",
        stdout(&out)
    );
    // Without the sender's key accepted: exit 1, the fingerprint named, nothing changed.
    let out = run(&["import", s(&district), s(&submission)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let print = fingerprint(&district, &submission);
    assert!(stderr(&out).contains(&print), "{}", stderr(&out));
    assert_eq!(std::fs::read(&district).unwrap_or_default(), before);
    let out = run(&["import", s(&district), s(&submission), "--trust", &print]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(std::fs::read(&district).unwrap_or_default(), before);
    let after = std::fs::read(&district).unwrap_or_default();
    let out = run(&["import", s(&district), s(&submission)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("đã được nhập"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&district).unwrap_or_default(), after);
    let out = run(&["log", s(&district), "--verify"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn backups_are_listed_restorable_and_a_restore_is_undoable() {
    let dir = temp();
    let file = demo(dir.path(), "b.cchc");
    let mut store = open_rw(&file);
    let first = backup::take(&store, backup::Reason::Open).unwrap_or_else(|e| panic!("{e}"));
    let t = target(&store);
    let (code, max, old) = t.leaf_a.clone();
    let new = if old == Some(max) { Points::ZERO } else { max };
    store
        .score_criterion(
            2025,
            Level::Commune,
            &t.unit,
            &code,
            Edit::Points(Stage::SelfAssessed, Some(new)),
            "",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let list = store.backups().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.len(), 1);
    assert!(list[0].size > 0);
    let self_of = |store: &Store| {
        let r = store
            .results(2025, Level::Commune, parindex::domain::Lang::Vi)
            .unwrap_or_else(|e| panic!("{e}"));
        let (row, _) = r.row_of(&t.unit).unwrap_or_else(|| panic!("row"));
        row.score
            .roots
            .iter()
            .flat_map(leaves_of)
            .find(|l| *l.code == *code)
            .and_then(|l| l.self_points)
    };
    assert_eq!(self_of(&store), Some(new));
    let undo = store.restore_from(&first).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(self_of(&store), old);
    // The restore is undoable.
    store.restore_from(&undo).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(self_of(&store), Some(new));
    assert_eq!(store.backups().unwrap_or_default().len(), 3);
    // A file that is not a backup is refused and nothing changes.
    let junk = dir.path().join("junk.cchc");
    std::fs::write(&junk, b"junk").unwrap_or_default();
    assert!(store.restore_from(&junk).is_err());
    assert_eq!(self_of(&store), Some(new));
    drop(store);
    // The command line: backup lists, restore restores.
    let out = run(&["backup", s(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("sao lưu thủ công"),
        "{}",
        stdout(&out)
    );
    let out = run(&["restore", s(&file), s(&first)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(self_of(&store), old);
}

#[test]
fn timer_backup_only_after_editing() {
    let dir = temp();
    let file = demo(dir.path(), "t.cchc");
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let mut clock = backup::Clock::new(std::time::Duration::ZERO);
    assert!(
        clock
            .tick(&store)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
    clock.edited();
    assert!(
        clock
            .tick(&store)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_some()
    );
    assert!(
        clock
            .tick(&store)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
}

/// Parses a CSV line (LibreOffice quotes fields with commas).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

#[test]
fn exported_xlsx_opens_in_libreoffice_with_the_figures_of_rank() {
    assert!(
        Command::new("soffice").arg("--version").output().is_ok(),
        "LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui (see .ci/run)"
    );
    let dir = temp();
    let file = demo(dir.path(), "x.cchc");
    for (year, level) in [
        ("2024", "commune"),
        ("2025", "commune"),
        ("2024", "district"),
    ] {
        let xlsx = dir.path().join(format!("scores-{year}-{level}.xlsx"));
        let out = run(&[
            "xlsx",
            "export",
            s(&file),
            "--year",
            year,
            "--level",
            level,
            "-o",
            s(&xlsx),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let profile = dir.path().join("lo-profile");
        let out = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&xlsx)
            .output()
            .unwrap_or_else(|e| panic!("soffice: {e}"));
        assert!(out.status.success(), "soffice: {}", stderr(&out));
        let csv = std::fs::read_to_string(xlsx.with_extension("csv"))
            .unwrap_or_else(|e| panic!("csv: {e}"));
        let lines: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
        let header = lines
            .iter()
            .position(|l| l.first().map(String::as_str) == Some("Hạng"))
            .unwrap_or_else(|| panic!("no header in {csv}"));
        let sheet: Vec<&Vec<String>> = lines[header + 1..]
            .iter()
            .filter(|l| l.iter().any(|c| !c.is_empty()))
            .collect();

        let out = run(&[
            "rank",
            s(&file),
            "--year",
            year,
            "--level",
            level,
            "--format",
            "json",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let rank: Vec<serde_json::Value> =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sheet.len(), rank.len(), "{year} {level}");
        let num = |v: &str| if v.is_empty() { None } else { Some(p(v)) };
        for (cells, r) in sheet.iter().zip(&rank) {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            assert_eq!(
                cells[0],
                r["rank"]
                    .as_u64()
                    .map(|x| x.to_string())
                    .unwrap_or_default()
            );
            assert_eq!(cells[1], text("unit_code"));
            assert_eq!(cells[2], text("unit_name"));
            assert_eq!(num(&cells[3]), num(&text("self_points")));
            assert_eq!(num(&cells[4]), num(&text("appraised_points")));
            assert_eq!(num(&cells[5]), num(&text("survey_points")));
            assert_eq!(num(&cells[6]), num(&text("bonus")));
            assert_eq!(num(&cells[7]), num(&text("penalty")));
            assert_eq!(num(&cells[8]), num(&text("max_points")));
            // The index exactly as printed, with the set's decimals.
            assert_eq!(
                cells[9],
                text("index_percent"),
                "{year} {level} {}",
                cells[2]
            );
            assert_eq!(cells[10], text("classification"));
        }
    }
}

/// An index set table as officers type it: a title, a header row on row 3, then
/// STT / title / max points / guidance.
fn index_set_table(dir: &Path, name: &str, rows: &[[&str; 4]]) -> PathBuf {
    use rust_xlsxwriter::Workbook;
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let _ = sheet.write_string(0, 0, "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ");
    for (c, h) in ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"]
        .iter()
        .enumerate()
    {
        let _ = sheet.write_string(2, c as u16, *h);
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let row_n = 3 + r as u32;
            if c == 2 && !v.is_empty() && v.parse::<f64>().is_ok() {
                let _ = sheet.write_number(row_n, c as u16, v.parse::<f64>().unwrap_or_default());
            } else if !v.is_empty() {
                let _ = sheet.write_string(row_n, c as u16, *v);
            }
        }
    }
    book.save(&path).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn a_set_from_a_spreadsheet_is_replaced_only_before_scoring() {
    let dir = temp();
    let first = index_set_table(
        dir.path(),
        "first.xlsx",
        &[
            ["I", "Công tác chỉ đạo, điều hành CCHC", "3", ""],
            ["1", "Kế hoạch CCHC năm", "1", ""],
            ["2", "Báo cáo CCHC", "2", ""],
        ],
    );
    let corrected = index_set_table(
        dir.path(),
        "corrected.xlsx",
        &[
            ["I", "Công tác chỉ đạo, điều hành CCHC", "4", ""],
            ["1", "Kế hoạch CCHC năm", "1", ""],
            ["2", "Báo cáo CCHC", "2", ""],
            ["3", "Kiểm tra CCHC", "1", ""],
        ],
    );
    let file = demo(dir.path(), "s.cchc");
    let import = |table: &Path, replace: bool| {
        let mut args = vec![
            "xlsx",
            "import-set",
            s(&file),
            s(table),
            "--year",
            "2026",
            "--level",
            "commune",
            // These small tables do not add up to 100: use their sums.
            "--sums",
            "sum",
        ];
        if replace {
            args.push("--replace");
        }
        run(&args)
    };
    let leaves = || {
        let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
        let (_, set) = store
            .index_set(2026, Level::Commune)
            .unwrap_or_else(|e| panic!("{e}"));
        (set.id, set.leaves().len())
    };
    let out = import(&first, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let (id, count) = leaves();
    assert_eq!(count, 2);

    // Again without --replace: refused, file unchanged.
    let before = std::fs::read(&file).unwrap_or_default();
    let out = import(&corrected, false);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Đã có bộ chỉ số năm 2026"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read(&file).unwrap_or_default() == before);

    // With --replace: the same set (same identity) with the corrected tree.
    let out = import(&corrected, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(leaves(), (id, 3));

    // Once a unit has points against it, replacing is refused and nothing changes.
    let mut store = open_rw(&file);
    store.set_actor("Thử");
    let score_one = |store: &mut Store| -> Result<String, StoreError> {
        store.start_assessments(2026, Level::Commune)?;
        let (_, set) = store.index_set(2026, Level::Commune)?;
        let first_leaf = set.leaves()[0].code.to_string();
        store.score_criterion(
            2026,
            Level::Commune,
            "01792",
            &first_leaf,
            Edit::Points(Stage::SelfAssessed, Some(p("1"))),
            "",
        )
    };
    score_one(&mut store).unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let before = std::fs::read(&file).unwrap_or_default();
    let out = import(&first, true);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("không thay thế được"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read(&file).unwrap_or_default() == before);
    assert_eq!(leaves(), (id, 3));
}

#[test]
fn index_set_from_xlsx_reports_every_bad_row() {
    let dir = temp();
    let write = |name: &str, rows: &[[&str; 4]]| index_set_table(dir.path(), name, rows);
    let bad = write(
        "bad.xlsx",
        &[
            ["I", "Công tác chỉ đạo, điều hành CCHC", "3", ""],
            ["1", "Kế hoạch CCHC năm", "1", "Ban hành đúng hạn: 1 điểm"],
            ["2", "Báo cáo CCHC", "hai", ""],
            ["", "Dòng không có STT", "1", ""],
            ["1", "Trùng mã", "1", ""],
            ["x.y", "Mã sai", "1", ""],
        ],
    );
    let err = parindex::exchange::xlsx::read_index_set(&bad, 2026, Level::Commune, "Thử")
        .err()
        .unwrap_or_else(|| panic!("bad rows accepted"));
    let rows = match &err {
        parindex::exchange::SheetError::Rows(rows) => rows.clone(),
        other => panic!("{other:?}"),
    };
    let numbers: Vec<usize> = rows.iter().map(|r| r.row).collect();
    // Row 4's printed 3 against its criteria's 2 is a sum to choose about, not a bad row.
    assert_eq!(numbers, vec![6, 7, 8, 9], "{rows:?}");
    assert!(rows[0].reason.contains("không phải là số"));

    let good = write(
        "good.xlsx",
        &[
            ["I", "Công tác chỉ đạo, điều hành CCHC", "3", ""],
            ["1", "Kế hoạch CCHC năm", "1", "Ban hành đúng hạn: 1 điểm"],
            ["2", "Báo cáo CCHC", "2", ""],
            ["II", "Cải cách thủ tục hành chính", "2.5", ""],
            ["1", "Công khai TTHC", "", ""],
            ["1.1", "Niêm yết", "1.5", ""],
            ["1.2", "Trên cổng", "1", ""],
        ],
    );
    let file = demo(dir.path(), "s.cchc");
    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&good),
        "--year",
        "2026",
        "--level",
        "commune",
        "--sums",
        "sum",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let set = Store::open(&file, Access::ReadOnly)
        .and_then(|store| store.index_sets())
        .unwrap_or_default();
    assert!(set.iter().any(|s| s.year == 2026));
    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&bad),
        "--year",
        "2027",
        "--level",
        "commune",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Dòng 6"), "{}", stderr(&out));
}

#[test]
fn an_older_received_file_is_upgraded_on_the_private_copy_only() {
    let dir = temp();
    let district = demo(dir.path(), "d.cchc");
    let old = dir.path().join("v1.cchc");
    {
        let conn = Connection::open(&old).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(include_str!("fixtures/schema-v1.sql"))
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;",
            parindex::store::APPLICATION_ID
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let before = std::fs::read(&old).unwrap_or_default();
    // A plain file is no package: refused, untouched.
    assert!(matches!(
        import::receive(&old),
        Err(StoreError::NotAPackage)
    ));
    assert_eq!(std::fs::read(&old).unwrap_or_default(), before);
    // Restored as a backup, it is checked and upgraded on the private copy; the old file
    // stays as it was and the document is at the current version.
    let mut store = open_rw(&district);
    store.restore_from(&old).unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    assert_eq!(std::fs::read(&old).unwrap_or_default(), before);
    let version: i64 = Connection::open(&district)
        .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(version, parindex::store::upgrade::CURRENT_VERSION);
}

#[test]
fn survey_points_from_csv_every_bad_row_named() {
    let dir = temp();
    let file = demo(dir.path(), "sv.cchc");
    let (unit, code) = {
        let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
        let r = store
            .results(2025, Level::Commune, parindex::domain::Lang::Vi)
            .unwrap_or_else(|e| panic!("{e}"));
        let leaf = r
            .set
            .leaves()
            .into_iter()
            .find(|l| l.leaf.as_ref().is_some_and(|x| x.kind == LeafKind::Survey))
            .map(|l| l.code.clone())
            .unwrap_or_else(|| panic!("a survey leaf"));
        (r.rows[0].unit_code.clone(), leaf)
    };
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "Mã đơn vị,Mã tiêu chí,Điểm\n{unit},{code},\"0,5\"\n99999,{code},1\n{unit},{code},abc\n"
        ),
    )
    .unwrap_or_default();
    let before = std::fs::read(&file).unwrap_or_default();
    let out = run(&[
        "xlsx",
        "import-survey",
        s(&file),
        s(&bad),
        "--year",
        "2025",
        "--level",
        "commune",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Dòng 4"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).unwrap_or_default(), before);
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("Mã đơn vị;Mã tiêu chí;Điểm\n{unit};{code};0,5\n"),
    )
    .unwrap_or_default();
    let out = run(&[
        "xlsx",
        "import-survey",
        s(&file),
        s(&good),
        "--year",
        "2025",
        "--level",
        "commune",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["log", s(&file)]);
    assert!(stdout(&out).contains("survey"), "{}", stdout(&out));
}
