//! Merge properties (issue 15, item 4), on generated edits: two communes edit their working
//! files (self points, notes, "không phát sinh", explanations, appraisal points they do not
//! own, evidence) while the district appraises and overrides; their packages are then
//! imported in every order. Properties:
//! - importing a package twice equals importing it once;
//! - packages of different units commute (A then B equals B then A, on scores, status and
//!   evidence);
//! - no update is lost: each of the unit's values lands, or the plan lists it as a conflict
//!   or a refusal; the district's own later edit of a unit's field is kept when the unit did
//!   not touch it, and listed as a conflict when both changed it;
//! - fields the unit does not own (appraisal points and reasons) never change;
//! - a package never changes another unit's rows.
//!
//! Cases: 40 (`PARINDEX_LONG=1`: 300; `PROPTEST_CASES=N`: N).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::packages::{export_unit, import_into};
use common::small::{area, commune_set, draft_seed, manual_leaf, proptest_config};
use common::{read_only, temp};
use parindex::domain::*;
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::import::{Field, MergePlan, Resolution};
use parindex::store::scores::{Edit, Note, Stage};
use parindex::store::{Access, Store};
use proptest::prelude::*;

const YEAR: i32 = 2025;
const A: &str = "00001";
const B: &str = "00002";
/// The leaves of the small set: code, maximum, whether "không phát sinh" is allowed.
const LEAVES: [(&str, i64, NaPolicy); 6] = [
    ("1.1", 1, NaPolicy::Exclude),
    ("1.2", 2, NaPolicy::NotAllowed),
    ("1.3", 2, NaPolicy::FullPoints),
    ("2.1", 3, NaPolicy::Exclude),
    ("2.2", 4, NaPolicy::NotAllowed),
    ("2.3", 8, NaPolicy::NotAllowed),
];

// ---------------------------------------------------------------------------------------
// The district and the two communes' working files, made once

struct Fixture {
    _dir: tempfile::TempDir,
    district: PathBuf,
    /// Each commune's working file: the district's package for it, opened (so it has a key).
    working: BTreeMap<&'static str, PathBuf>,
}

fn small_set() -> IndexSet {
    let group = |code: &str, leaves: &[(&str, i64, NaPolicy)]| {
        let leaves = leaves
            .iter()
            .map(|&(c, max, na)| manual_leaf(c, Points::whole(max), na));
        area(code, leaves.collect())
    };
    commune_set(
        YEAR,
        Points::whole(20),
        vec![group("1", &LEAVES[..3]), group("2", &LEAVES[3..])],
    )
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = temp();
        let district = dir.path().join("district.cchc");
        let mut store = Store::create(&district).unwrap_or_else(|e| panic!("create: {e}"));
        store.set_actor("Phòng Nội vụ");
        let seed = draft_seed(small_set(), &[(A, "Xã Thử Một"), (B, "Xã Thử Hai")]);
        store.seed(&seed).unwrap_or_else(|e| panic!("seed: {e}"));
        drop(store);
        let mut working = BTreeMap::new();
        for unit in [A, B] {
            let path = dir.path().join(format!("{unit}.cchc"));
            export_unit(&district, unit, YEAR, &path).unwrap_or_else(|e| panic!("{e}"));
            drop(Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}")));
            working.insert(unit, path);
        }
        Fixture {
            _dir: dir,
            district,
            working,
        }
    })
}

// ---------------------------------------------------------------------------------------
// Generated edits

#[derive(Debug, Clone)]
enum Change {
    SelfPoints(Option<u16>),
    SelfNote(String),
    Na(Option<String>),
    Explanation(String),
    /// Appraisal points: the district's field; a commune writing it in its own file must
    /// not change the district's.
    Round1(u16),
    Attach(u8),
}

#[derive(Debug, Clone)]
struct Step {
    leaf: usize,
    change: Change,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{1,12}",
        Just("Đã thực hiện đúng kế hoạch".to_owned()),
        Just("Không có văn bản".to_owned()),
        "\\PC{1,10}",
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => prop::option::weighted(0.85, 0u16..9000).prop_map(Change::SelfPoints),
        2 => text().prop_map(Change::SelfNote),
        1 => prop::option::of(text()).prop_map(Change::Na),
        1 => text().prop_map(Change::Explanation),
        1 => (0u16..9000).prop_map(Change::Round1),
        1 => any::<u8>().prop_map(Change::Attach),
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (0..LEAVES.len(), change()).prop_map(|(leaf, change)| Step { leaf, change }),
        0..max,
    )
}

/// Applies the steps through the store's door as the unit's officer (or the district's),
/// each as its own edit; an edit the rules refuse (above the maximum, N/A not allowed) is
/// refused by the door and skipped, as the window would.
fn edit(file: &Path, unit: &str, actor: &str, steps: &[Step]) {
    let mut store = Store::open(file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    store.set_actor(actor);
    for step in steps {
        let (code, max, _) = LEAVES[step.leaf];
        let scaled = |p: u16| Points::from_milli(i64::from(p) % (max * 1000 + 1));
        let edit = match &step.change {
            Change::SelfPoints(p) => Edit::Points(Stage::SelfAssessed, p.map(scaled)),
            Change::SelfNote(t) => Edit::Note(Note::SelfNote, t.clone()),
            Change::Na(r) => Edit::Na(r.clone()),
            Change::Explanation(t) => Edit::Note(Note::Explanation, t.clone()),
            Change::Round1(p) => Edit::Points(Stage::Round1, Some(scaled(*p))),
            Change::Attach(seed) => {
                let bytes: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(*seed) ^ seed).collect();
                let attached = store.assessment(YEAR, Level::Commune, unit).and_then(|a| {
                    let (_, set) = store.index_set(YEAR, Level::Commune)?;
                    store.attach(
                        &a,
                        &set,
                        code,
                        &EvidenceInfo {
                            doc_type: "Kế hoạch".into(),
                            number: format!("{seed}/KH-UBND"),
                            ..EvidenceInfo::default()
                        },
                        &Attachment {
                            file_name: "ke-hoach.pdf",
                            bytes: &bytes,
                            page: "",
                        },
                    )
                });
                drop(attached);
                continue;
            }
        };
        let _ = store.score_criterion(YEAR, Level::Commune, unit, code, edit, "Điều chỉnh");
    }
}

// ---------------------------------------------------------------------------------------
// What is compared: every score field, status and evidence of each unit, by code

/// `unit|leaf` → every score column but who and when; `status|unit`; `doc|unit|leaf|sha|number`.
type State = BTreeMap<String, String>;

fn state(file: &Path) -> State {
    let conn = read_only(file);
    let mut out = State::new();
    let rows = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(plain))
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<rusqlite::Result<_>>()
        .unwrap_or_else(|e| panic!("{e}"))
    };
    for r in rows(
        "SELECT u.code, c.code, s.self_points, s.self_note, s.round1_points, s.round1_reason,
                s.explanation, s.final_points, s.final_reason, s.raw_a, s.raw_b, s.na_reason
         FROM score s JOIN assessment a ON a.id = s.assessment_id
         JOIN unit u ON u.id = a.unit_id JOIN criterion c ON c.id = s.criterion_id",
    ) {
        out.insert(format!("{}|{}", r[0], r[1]), r[2..].join(SEP));
    }
    for r in
        rows("SELECT u.code, a.status, a.locked FROM assessment a JOIN unit u ON u.id = a.unit_id")
    {
        out.insert(format!("status|{}", r[0]), r[1..].join(SEP));
    }
    for r in rows(
        "SELECT u.code, c.code, d.sha256, d.number, d.doc_type, l.page
         FROM evidence_link l JOIN evidence_doc d ON d.id = l.doc_id
         JOIN assessment a ON a.id = l.assessment_id JOIN unit u ON u.id = a.unit_id
         JOIN criterion c ON c.id = l.criterion_id",
    ) {
        let key = format!("doc|{}|{}", r[0], r[1..].join(SEP));
        *out.entry(key).or_default() += "+";
    }
    out
}

/// A cell as text: "∅" for NULL.
fn plain(value: rusqlite::types::Value) -> String {
    use rusqlite::types::Value;
    match value {
        Value::Null => "∅".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(t) => t,
        Value::Blob(b) => format!("blob {}", b.len()),
    }
}

/// Between the columns of a row in [`State`]: a control character, which no generated text
/// holds (a "|" typed as a note would otherwise read as two columns).
const SEP: &str = "\u{1f}";

/// A leaf without a score row, as [`state`] shows it.
fn no_row() -> String {
    ["∅", "", "∅", "", "", "∅", "", "∅", "∅", "∅"].join(SEP)
}

/// The unit's part of a state: its score rows, status and evidence.
fn of_unit(state: &State, unit: &str) -> State {
    state
        .iter()
        .filter(|(k, _)| {
            k.starts_with(&format!("{unit}|"))
                || *k == &format!("status|{unit}")
                || k.starts_with(&format!("doc|{unit}|"))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The columns of a score row (see [`state`]): self, note, round1, reason1, explanation,
/// final, final reason, raw a, raw b, na.
fn columns(value: &str) -> Vec<&str> {
    value.split(SEP).collect()
}

/// Which columns a unit owns, by [`Field`].
fn field_columns(field: Field) -> &'static [usize] {
    match field {
        Field::SelfPoints => &[0],
        Field::SelfNote => &[1],
        Field::Explanation => &[4],
        Field::Raw => &[7, 8],
        Field::Na => &[9],
    }
}

/// Imports into a copy named `name` of `from`; returns its path and the plan.
fn imported(dir: &Path, from: &Path, name: &str, package: &Path) -> (PathBuf, MergePlan) {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{e}"));
    let plan = import_into(&to, package, &dir.join("backups"), Resolution::TakeIncoming)
        .unwrap_or_else(|e| panic!("import {name}: {}", e.message(Lang::Vi)));
    (to, plan)
}

proptest! {
    #![proptest_config(proptest_config(40, 300))]

    #[test]
    fn imports_are_idempotent_commute_lose_nothing_and_keep_to_their_unit(
        edits_a in steps(10),
        edits_b in steps(10),
        district_edits in prop::collection::vec((any::<bool>(), steps(4)), 0..3),
    ) {
        let fx = fixture();
        let dir = temp();
        let d0 = dir.path().join("d0.cchc");
        std::fs::copy(&fx.district, &d0).unwrap_or_else(|e| panic!("{e}"));
        for (on_a, steps) in &district_edits {
            edit(&d0, if *on_a { A } else { B }, "Phòng Nội vụ", steps);
        }
        let mut packages = BTreeMap::new();
        for (unit, edits) in [(A, &edits_a), (B, &edits_b)] {
            let working = dir.path().join(format!("w{unit}.cchc"));
            std::fs::copy(&fx.working[unit], &working).unwrap_or_else(|e| panic!("{e}"));
            edit(&working, unit, "Cán bộ xã", edits);
            let package = dir.path().join(format!("p{unit}.cchc"));
            export_unit(&working, unit, YEAR, &package).unwrap_or_else(|e| panic!("{e}"));
            packages.insert(unit, (working, package));
        }
        let (pa, pb) = (&packages[A].1, &packages[B].1);
        let s0 = state(&d0);

        // Once, then twice.
        let (da, plan_a) = imported(dir.path(), &d0, "da.cchc", pa);
        let (daa, _) = imported(dir.path(), &da, "daa.cchc", pa);
        let sa = state(&da);
        prop_assert_eq!(&state(&daa), &sa, "importing twice differs from once");

        // A then B, B then A.
        let (dab, _) = imported(dir.path(), &da, "dab.cchc", pb);
        let (db, _) = imported(dir.path(), &d0, "db.cchc", pb);
        let (dba, _) = imported(dir.path(), &db, "dba.cchc", pa);
        prop_assert_eq!(state(&dab), state(&dba), "A then B differs from B then A");

        // A's package never touches B's rows, nor B's A's.
        prop_assert_eq!(of_unit(&sa, B), of_unit(&s0, B), "A's package changed B's rows");
        prop_assert_eq!(of_unit(&state(&db), A), of_unit(&s0, A), "B's package changed A's rows");

        // Every value A changed in its own fields landed, or the plan lists it (a value only
        // the district changed since is newer and kept); the district's fields of A's rows are
        // the district's.
        let sent = state(&packages[A].0);
        let original = state(&fx.district);
        for (key, value) in of_unit(&sent, A) {
            if !key.starts_with(&format!("{A}|")) {
                continue;
            }
            let leaf = key.rsplit('|').next().unwrap_or_default();
            let none = no_row();
            let here = sa.get(&key).unwrap_or(&none);
            let before = s0.get(&key).unwrap_or(&none);
            let first = original.get(&key).unwrap_or(&none);
            let (sent_cols, here_cols) = (columns(&value), columns(here));
            let (before_cols, first_cols) = (columns(before), columns(first));
            for field in Field::ALL {
                let cols = field_columns(field);
                let changed = cols.iter().any(|&i| sent_cols.get(i) != first_cols.get(i));
                let differs = cols.iter().any(|&i| sent_cols.get(i) != here_cols.get(i));
                let listed = plan_a.refused.iter().any(|r| {
                    r.place.unit_code == A && r.place.criterion.as_deref() == Some(leaf)
                });
                prop_assert!(
                    !changed || !differs || listed,
                    "{}'s {:?} of {} was lost: sent {:?}, here {:?}",
                    A, field, leaf, sent_cols, here_cols
                );
                // The district's own later edit of the field: kept when A did not touch it,
                // listed as a conflict when A changed it too.
                let district_changed = cols.iter().any(|&i| before_cols.get(i) != first_cols.get(i));
                let kept = cols.iter().all(|&i| here_cols.get(i) == before_cols.get(i));
                prop_assert!(
                    !district_changed || changed || kept || listed,
                    "the district's {:?} of {} was lost: before {:?}, here {:?}",
                    field, leaf, before_cols, here_cols
                );
                let sent_differs = cols.iter().any(|&i| sent_cols.get(i) != before_cols.get(i));
                let conflict = plan_a.conflicts.iter().any(|c| {
                    c.place.unit_code == A
                        && c.place.criterion.as_deref() == Some(leaf)
                        && c.field == field
                });
                prop_assert!(
                    !(district_changed && changed && sent_differs) || conflict || listed,
                    "{:?} of {} changed on both sides is not listed as a conflict",
                    field, leaf
                );
            }
            for i in [2usize, 3, 5, 6] {
                prop_assert_eq!(
                    here_cols.get(i),
                    before_cols.get(i),
                    "the district's column {} of {} changed", i, key
                );
            }
        }
    }
}
