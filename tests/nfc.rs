//! Text in decomposed Unicode (NFD: "Đức" typed as D-stroke, u, horn, acute; what some
//! keyboards, macOS file names and copied PDFs produce) is stored and compared as NFC, through
//! every door text enters by: the store's methods the window and the command line call, an
//! index set, and a received package written by another program.

mod common;

use std::path::Path;

use common::packages::{export_unit, import_into};
use common::read_only;
use parindex::domain::*;
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::import::Resolution;
use parindex::store::reports::ReportSettings;
use parindex::store::scores::{Edit, Note, Stage};
use parindex::store::set_edit::NodeFields;
use parindex::store::units::NewUnit;
use parindex::store::{Access, Store};
use rusqlite::Connection;
use unicode_normalization::{UnicodeNormalization, is_nfc};

const SENDER: &str = "01807";

fn nfd(text: &str) -> String {
    text.nfd().collect()
}

/// Every text cell of every table that is not NFC: `table.column = value`.
fn not_nfc(file: &Path) -> Vec<String> {
    let conn = read_only(file);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let mut rows = stmt.query([]).unwrap_or_else(|e| panic!("{e}"));
        while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{e}")) {
            for (i, name) in names.iter().enumerate() {
                if let Ok(rusqlite::types::Value::Text(t)) = row.get(i)
                    && !is_nfc(&t)
                {
                    out.push(format!("{table}.{name} = {t:?}"));
                }
            }
        }
    }
    out
}

#[test]
fn decomposed_text_through_the_stores_door_is_stored_as_nfc() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "demo.cchc");
    let mut store = Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    store.set_backup_root(dir.path().join("backups"));
    store.set_actor(&nfd("Nguyễn Thị Hường (Phòng Nội vụ)"));
    let year = 2025;
    let level = Level::Commune;
    let a = store
        .assessment(year, level, SENDER)
        .unwrap_or_else(|e| panic!("{e}"));
    let (set_id, set) = store
        .index_set(year, level)
        .unwrap_or_else(|e| panic!("{e}"));
    let leaves: Vec<(String, NaPolicy)> = set
        .leaves()
        .iter()
        .filter_map(|n| {
            let leaf = n.leaf.as_ref()?;
            (leaf.kind == LeafKind::Manual).then(|| (n.code.to_string(), leaf.na_policy))
        })
        .collect();
    let code = leaves[0].0.clone();
    let edits = [
        Edit::Points(Stage::SelfAssessed, Some(Points::ZERO)),
        Edit::Note(Note::SelfNote, nfd("Đã tự chấm: thiếu văn bản hướng dẫn")),
        Edit::Note(Note::Explanation, nfd("Giải trình: đã bổ sung kế hoạch")),
        Edit::Points(Stage::Round1, Some(Points::ZERO)),
    ];
    for edit in edits {
        store
            .score_criterion(
                year,
                level,
                SENDER,
                &code,
                edit,
                &nfd("Lý do: đúng hướng dẫn"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    if let Some((na_code, _)) = leaves.iter().find(|(_, p)| *p != NaPolicy::NotAllowed) {
        store
            .score_criterion(
                year,
                level,
                SENDER,
                na_code,
                Edit::Na(Some(nfd("Không phát sinh thủ tục"))),
                "",
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    store
        .attach(
            &a,
            &set,
            &code,
            &EvidenceInfo {
                doc_type: nfd("Quyết định"),
                number: nfd("15/QĐ-UBND"),
                issue_date: None,
                issuer: nfd("Ủy ban nhân dân xã"),
                summary: nfd("Về việc ban hành kế hoạch cải cách hành chính"),
            },
            &Attachment {
                file_name: &nfd("quyết-định-15.pdf"),
                bytes: b"%PDF-1.4 thu",
                page: &nfd("trang 2, mục Ⅱ"),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .save_unit(
            None,
            &NewUnit {
                code: "09999".into(),
                name: nfd("Xã Đức Xuân"),
                kind: UnitKind::Commune,
                valid_from: None,
                valid_to: None,
                parent_id: None,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .set_meta("owner_unit", &nfd("Phòng Nội vụ huyện Thạch An"))
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .create_empty_set(2031, level, &nfd("Bộ chỉ số năm 2031 (dự thảo)"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (new_set, _) = store
        .index_set(2031, level)
        .unwrap_or_else(|e| panic!("{e}"));
    let area = store
        .add_criterion(
            new_set,
            None,
            &nfd("Công tác chỉ đạo, điều hành"),
            Points::ZERO,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let leaf = store
        .add_criterion(
            new_set,
            Some(area.as_str()),
            &nfd("Ban hành kế hoạch"),
            Points::whole(1),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .edit_criterion(
            new_set,
            &leaf,
            &NodeFields {
                title: nfd("Ban hành kế hoạch CCHC năm"),
                guidance: nfd("Ban hành đúng hạn: 1 điểm; chậm: 0,5 điểm"),
                max: Some(Points::whole(1)),
                na_policy: NaPolicy::NotAllowed,
                evidence: Some(nfd("Kế hoạch CCHC")),
                allows_over_100: false,
            },
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = ReportSettings {
        issuer_parent: nfd("ỦY BAN NHÂN DÂN"),
        issuer: nfd("HUYỆN THẠCH AN"),
        place: nfd("Thạch An"),
        title: nfd("Báo cáo kết quả xác định Chỉ số CCHC"),
        signer_mode: "TM".into(),
        signer_name: nfd("Nông Văn Đức"),
        recipients: vec![nfd("Sở Nội vụ tỉnh")],
        ..ReportSettings::default()
    };
    store
        .save_report_settings(year, level, &settings)
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .set_status(&a, Status::Submitted, &nfd("Đã gửi hồ sơ"))
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = set_id;

    // Compared as NFC: the note typed again in NFD is no change (no new audit entry).
    let entries = store.audit_entries().map(|e| e.len()).unwrap_or(0);
    let again = Edit::Note(Note::SelfNote, nfd("Đã tự chấm: thiếu văn bản hướng dẫn"));
    let _ = store.score_criterion(year, level, SENDER, &code, again, "");
    assert_eq!(
        store.audit_entries().map(|e| e.len()).unwrap_or(0),
        entries,
        "the same note in NFD counted as a change"
    );
    drop(store);
    let found = not_nfc(&file);
    assert!(found.is_empty(), "stored as NFD: {found:#?}");
}

/// Text typed in NFD at the commune (its note, an evidence document's summary) travels in
/// its package and is stored as NFC by the district. A package whose file holds NFD text
/// (written by another program behind parindex's back, then exported) is refused whole with
/// the text named, and the district's file keeps its bytes.
#[test]
fn decomposed_text_sent_in_a_package_arrives_as_nfc() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let district = common::demo_copy(dir.path(), "district.cchc");
    let commune = dir.path().join("commune.cchc");
    export_unit(&district, SENDER, 2025, &commune).unwrap_or_else(|e| panic!("{e}"));
    let note = "Đã tự chấm theo hướng dẫn của huyện";
    let summary = "Báo cáo tự đánh giá";
    let code = {
        let mut store = Store::open(&commune, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
        store.set_actor(&nfd("Cán bộ xã"));
        let (_, set) = store
            .index_set(2025, Level::Commune)
            .unwrap_or_else(|e| panic!("{e}"));
        let code = set
            .leaves()
            .iter()
            .find(|n| n.leaf.as_ref().is_some_and(|l| l.kind == LeafKind::Manual))
            .map(|n| n.code.to_string())
            .unwrap_or_else(|| panic!("no manual leaf"));
        store
            .score_criterion(
                2025,
                Level::Commune,
                SENDER,
                &code,
                Edit::Note(Note::SelfNote, nfd(note)),
                "",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let a = store
            .assessment(2025, Level::Commune, SENDER)
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .attach(
                &a,
                &set,
                &code,
                &EvidenceInfo {
                    doc_type: nfd("Báo cáo"),
                    number: "3/BC-UBND".into(),
                    summary: nfd(summary),
                    ..EvidenceInfo::default()
                },
                &Attachment {
                    file_name: &nfd("báo-cáo.pdf"),
                    bytes: b"%PDF-1.4 bao cao",
                    page: "",
                },
            )
            .unwrap_or_else(|e| panic!("{e}"));
        code
    };
    let package = dir.path().join("package.cchc");
    export_unit(&commune, SENDER, 2025, &package).unwrap_or_else(|e| panic!("{e}"));
    let live = dir.path().join("live.cchc");
    std::fs::copy(&district, &live).unwrap_or_else(|e| panic!("{e}"));
    let plan = import_into(&live, &package, dir.path(), Resolution::TakeIncoming)
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::Vi)));
    assert!(plan.refused.is_empty(), "{} refused", plan.refused.len());
    let found = not_nfc(&live);
    assert!(found.is_empty(), "stored as NFD: {found:#?}");
    let conn = read_only(&live);
    let notes: i64 = conn
        .query_row(
            "SELECT count(*) FROM score s JOIN criterion c ON c.id = s.criterion_id
             WHERE s.self_note = ?1 AND c.code = ?2",
            [note, code.as_str()],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(notes, 1, "the note did not arrive as NFC");
    let summaries: i64 = conn
        .query_row(
            "SELECT count(*) FROM evidence_doc WHERE summary = ?1",
            [summary],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summaries, 1, "the summary did not arrive as NFC");
    drop(conn);

    // Another program's NFD, exported and signed: refused whole, naming the text.
    let conn = Connection::open(&commune).unwrap_or_else(|e| panic!("{e}"));
    let changed = conn
        .execute(
            "UPDATE evidence_doc SET summary = ?1 WHERE summary = ?2",
            [nfd(summary), summary.to_owned()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changed, 1);
    drop(conn);
    let hostile = dir.path().join("hostile.cchc");
    export_unit(&commune, SENDER, 2025, &hostile).unwrap_or_else(|e| panic!("{e}"));
    let fresh = dir.path().join("fresh.cchc");
    std::fs::copy(&district, &fresh).unwrap_or_else(|e| panic!("{e}"));
    let before = common::bytes(&fresh);
    match import_into(&fresh, &hostile, dir.path(), Resolution::TakeIncoming) {
        Ok(_) => panic!("a package holding NFD text was imported"),
        Err(e) => assert!(
            e.message(Lang::Vi).contains("NFC"),
            "{}",
            e.message(Lang::Vi)
        ),
    }
    assert_eq!(common::bytes(&fresh), before);
}
