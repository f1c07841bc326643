//! The blank scoring form of a unit (issue 13, item 2): exported from the demo, filled the way
//! Excel re-saves a workbook, read back into a plan, stored with its audit entries; and every
//! hostile form refused with its message and the document file left byte for byte as it was.

mod common;

use std::path::{Path, PathBuf};

use common::form_cells::{self, Cell, FIGURE_A, FIGURE_B, NA, NOTE, POINTS, text};
use common::packages::hash;
use common::{demo_copy, run, s, stderr};
use parindex::domain::{Lang, Level, Points, Raw};
use parindex::exchange::scoring_form::{
    self, FormField, FormPlan, FormTarget, apply_form, export_form, read_form,
};
use parindex::store::{Access, Store};

const YEAR: i32 = 2025;
/// Xã Minh Khai: still drafting in 2025, some criteria scored, most empty.
const MINH_KHAI: &str = "01795";

fn open(file: &Path) -> Store {
    let mut store = Store::open(file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
    if let Some(dir) = file.parent() {
        store.set_backup_root(dir.join("backups"));
    }
    store.set_actor("Cán bộ thử");
    store
}

fn target(unit: Option<&str>) -> FormTarget {
    FormTarget {
        year: YEAR,
        level: Level::Commune,
        unit: unit.map(str::to_owned),
    }
}

/// The blank form of `unit` in `year`, written from `file` to `dir/name`.
fn blank(file: &Path, dir: &Path, unit: &str, year: i32, name: &str) -> PathBuf {
    let out = dir.join(name);
    let store = Store::open(file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    export_form(&store, year, Level::Commune, unit, &out, false)
        .unwrap_or_else(|e| panic!("export: {}", e.message(Lang::Vi)));
    out
}

fn read(file: &Path, form: &Path, unit: Option<&str>) -> FormPlan {
    let store = open(file);
    read_form(&store, form, &target(unit), Lang::Vi)
        .unwrap_or_else(|e| panic!("read: {:?}", e.lines(Lang::Vi)))
}

/// Self points, raw figures, N/A reason and note of a leaf of Minh Khai, as stored.
fn stored(file: &Path, code: &str) -> (Option<Points>, Raw, Option<String>, String) {
    let store = Store::open(file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let sheet = store
        .sheet(YEAR, Level::Commune, MINH_KHAI)
        .unwrap_or_else(|e| panic!("{e}"));
    let id = sheet
        .set
        .find(code)
        .map(|n| n.id)
        .unwrap_or_else(|| panic!("no {code}"));
    let score = sheet.input.scores.get(&id).cloned().unwrap_or_default();
    (score.self_points, score.raw, score.na, score.self_note)
}

fn audit_len(file: &Path) -> usize {
    let store = Store::open(file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    store.audit_entries().map(|e| e.len()).unwrap_or(0)
}

/// The form's sheet XML: protected, with input cells unlocked and validated.
fn sheet_xml(form: &Path) -> String {
    let file = std::fs::File::open(form).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut part = zip
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut part, &mut xml).unwrap_or_else(|e| panic!("{e}"));
    xml
}

#[test]
fn the_blank_form_names_its_unit_and_criteria_and_opens_only_the_input_cells() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_copy(dir.path(), "demo.cchc");
    let form = blank(&file, dir.path(), MINH_KHAI, YEAR, "mau.xlsx");
    let cells = form_cells::read(&form);
    let texts: Vec<String> = cells
        .values()
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t.clone()),
            Cell::Number(_) => None,
        })
        .collect();
    let has = |part: &str| texts.iter().any(|t| t.contains(part));
    assert!(has("Xã Minh Khai (mã 01795)"), "the unit in the title");
    assert!(has("NĂM 2025"));
    assert!(has("1872/QĐ-UBND"), "the set's decision");
    assert!(has("Mã bộ chỉ số") && has(MINH_KHAI), "the identity block");
    assert!(has("Số liệu: tử số") && has("Không phát sinh (lý do)"));
    assert!(has("Theo tỷ lệ %"), "the kind in words");
    // One row per node of the tree, by its printed code, areas too.
    for code in ["1", "1.1", "1.1.1", "1.1.2", "8.1.1", "9.2.3"] {
        form_cells::row_of(&cells, code);
    }
    // Minh Khai's stored figures are prefilled: 1.2.1 was 3 reports on time.
    let row = form_cells::row_of(&cells, "1.2.1");
    assert_eq!(cells.get(&(row, FIGURE_A)), Some(&Cell::Number(3.0)));
    let xml = sheet_xml(&form);
    assert!(xml.contains("<sheetProtection"), "the sheet is protected");
    assert!(
        xml.contains("<dataValidation "),
        "input cells are validated"
    );
    assert!(
        xml.contains("type=\"decimal\""),
        "points and figures validated as numbers"
    );
}

#[test]
fn a_filled_form_plans_exactly_its_changes_and_stores_them_once_with_audit_entries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_copy(dir.path(), "demo.cchc");
    let form = blank(&file, dir.path(), MINH_KHAI, YEAR, "mau.xlsx");

    // Sent back unchanged: nothing to store.
    let same = dir.path().join("khong-doi.xlsx");
    form_cells::refill(&form, &same, |_| {});
    let plan = read(&file, &same, Some(MINH_KHAI));
    assert!(plan.changes.is_empty(), "{:?}", plan.changes);
    assert!(
        plan.unchanged > 0,
        "the prefilled values count as unchanged"
    );

    let filled = dir.path().join("da-dien.xlsx");
    form_cells::refill(&form, &filled, |cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("0,5"));
        form_cells::set(cells, "1.4.1", POINTS, Cell::Number(0.25));
        form_cells::set(cells, "1.1.2", FIGURE_A, Cell::Number(9.0));
        form_cells::set(cells, "1.1.2", FIGURE_B, Cell::Number(10.0));
        form_cells::set(cells, "2.3.2", FIGURE_A, text("12"));
        form_cells::set(
            cells,
            "3.3.1",
            NA,
            text("Năm 2025 không phát sinh phản ánh"),
        );
        form_cells::set(cells, "1.4.2", NOTE, text("Báo cáo số 12/BC-UBND"));
    });
    let plan = read(&file, &filled, Some(MINH_KHAI));
    let mut listed: Vec<(String, FormField, String)> = plan
        .changes
        .iter()
        .map(|c| (c.code.clone(), c.field, c.new.clone()))
        .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        listed,
        vec![
            ("1.1.1".into(), FormField::Points, "0,5".into()),
            ("1.1.2".into(), FormField::Figures, "9/10".into()),
            ("1.4.1".into(), FormField::Points, "0,25".into()),
            (
                "1.4.2".into(),
                FormField::Note,
                "Báo cáo số 12/BC-UBND".into()
            ),
            ("2.3.2".into(), FormField::Figures, "12".into()),
            (
                "3.3.1".into(),
                FormField::NotApplicable,
                "Năm 2025 không phát sinh phản ánh".into()
            ),
        ]
    );
    // Minh Khai had given itself 0,5 on 1.4.1; the rest were empty.
    for c in &plan.changes {
        let old = if c.code == "1.4.1" { Some("0,5") } else { None };
        assert_eq!(c.old.as_deref(), old, "{}", c.code);
    }
    // Previewed only.
    assert_eq!(stored(&file, "1.1.1").0, None);

    let log_before = audit_len(&file);
    let mut store = open(&file);
    let n = apply_form(&mut store, &plan).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 6);
    let entries = store.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    assert_eq!(stored(&file, "1.1.1").0, Some(Points::from_milli(500)));
    assert_eq!(stored(&file, "1.4.1").0, Some(Points::from_milli(250)));
    let (points, raw, _, _) = stored(&file, "1.1.2");
    assert_eq!(
        (points, raw),
        (
            Some(Points::from_milli(1500)),
            Raw {
                a: Some(9),
                b: Some(10)
            }
        ),
        "90% reaches the 80% band"
    );
    assert_eq!(stored(&file, "2.3.2").0, Some(Points::whole(1)));
    assert_eq!(
        stored(&file, "3.3.1").2.as_deref(),
        Some("Năm 2025 không phát sinh phản ánh")
    );
    assert_eq!(stored(&file, "1.4.2").3, "Báo cáo số 12/BC-UBND");
    assert_eq!(
        stored(&file, "1.1.1").3,
        "",
        "the form's name is not the unit's note"
    );
    // Each changed value with its entry, saying it came from the form.
    let from_form: Vec<_> = entries
        .iter()
        .skip(log_before)
        .filter(|e| e.reason == "Biểu mẫu chấm điểm: da-dien.xlsx")
        .collect();
    assert_eq!(entries.len() - log_before, from_form.len());
    // 1.1.2 and 2.3.2 log their figures and the points they give: 8 entries for 6 values.
    assert_eq!(from_form.len(), 8, "{from_form:?}");
    assert!(from_form.iter().all(|e| e.actor == "Cán bộ thử"));
    let verify = run(&["log", s(&file), "--verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));

    // The same form again: nothing changes, not even the log.
    let again = read(&file, &filled, Some(MINH_KHAI));
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    let before = hash(&file);
    let mut store = open(&file);
    assert_eq!(apply_form(&mut store, &again).ok(), Some(0));
    drop(store);
    assert_eq!(hash(&file), before);
}

/// A unit that has sent its self-assessment, or whose assessment is locked, cannot take a
/// form: the grid's own errors.
#[test]
fn a_sent_or_locked_self_assessment_refuses_the_form() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_copy(dir.path(), "demo.cchc");
    // Xã Canh Tân has sent its self-assessment; Xã Đông Khê has been appraised.
    for (unit, expected) in [("01789", "đã gửi thẩm định"), ("01786", "đã gửi thẩm định")]
    {
        let form = blank(&file, dir.path(), unit, YEAR, &format!("{unit}.xlsx"));
        let store = open(&file);
        let refused = read_form(&store, &form, &target(Some(unit)), Lang::Vi)
            .err()
            .map(|e| e.lines(Lang::Vi).join("\n"))
            .unwrap_or_default();
        assert!(refused.contains(expected), "{unit}: {refused}");
    }
    // A plan read while drafting, applied after the unit sent: refused by the store.
    let form = blank(&file, dir.path(), MINH_KHAI, YEAR, "mk.xlsx");
    let filled = dir.path().join("mk-filled.xlsx");
    form_cells::refill(&form, &filled, |cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("1"));
    });
    let plan = read(&file, &filled, Some(MINH_KHAI));
    let submit = run(&[
        "score",
        s(&file),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        MINH_KHAI,
        "--criterion",
        "1.1.1",
        "--self",
        "0",
    ]);
    assert!(submit.status.success(), "{}", stderr(&submit));
    let mut store = open(&file);
    let sheet = store
        .sheet(YEAR, Level::Commune, MINH_KHAI)
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .set_status(&sheet.assessment, parindex::domain::Status::Submitted, "")
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = apply_form(&mut store, &plan)
        .err()
        .map(|e| e.message(Lang::Vi))
        .unwrap_or_default();
    drop(store);
    assert!(refused.contains("đã gửi thẩm định"), "{refused}");
    assert_eq!(
        stored(&file, "1.1.1").0,
        Some(Points::ZERO),
        "nothing stored"
    );
}

/// `xlsx read-form` on a hostile form: exit 2, the reason on stderr, the file unchanged.
fn refused(file: &Path, form: &Path, extra: &[&str], expected: &[&str]) {
    let before = hash(file);
    let mut args = vec![
        "xlsx",
        "read-form",
        s(file),
        s(form),
        "--year",
        "2025",
        "--level",
        "commune",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{}: {err}", form.display());
    for part in expected {
        assert!(
            err.contains(part),
            "{}: expected {part:?} in {err}",
            form.display()
        );
    }
    assert_eq!(hash(file), before, "{}: the file changed", form.display());
}

#[test]
fn hostile_forms_are_refused_with_their_reason_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let file = demo_copy(d, "demo.cchc");
    let form = blank(&file, d, MINH_KHAI, YEAR, "mau.xlsx");
    let variant = |name: &str, fill: &dyn Fn(&mut form_cells::Cells)| -> PathBuf {
        let out = d.join(name);
        form_cells::refill(&form, &out, fill);
        out
    };

    // Another unit's form, for the chosen unit.
    let other = blank(&file, d, "01807", YEAR, "thach-an.xlsx");
    refused(
        &file,
        &other,
        &["--unit", MINH_KHAI],
        &["đơn vị mã 01807", "không phải đơn vị mã 01795"],
    );
    // Another year's form.
    let last_year = blank(&file, d, MINH_KHAI, 2024, "2024.xlsx");
    refused(&file, &last_year, &[], &["năm 2024, không phải năm 2025"]);
    // A criterion code the set does not have.
    let unknown = variant("unknown.xlsx", &|cells| {
        let row = form_cells::row_of(cells, "1.1.1");
        cells.insert((row, form_cells::CODE), text("1.1.9"));
        cells.insert((row, POINTS), text("1"));
    });
    refused(
        &file,
        &unknown,
        &[],
        &["Dòng", "\"1.1.9\" không có trong bộ chỉ số"],
    );
    // The same criterion twice.
    let twice = variant("twice.xlsx", &|cells| {
        let last = cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
        cells.insert((last + 1, form_cells::CODE), text("1.1.1"));
        cells.insert((last + 1, POINTS), text("1"));
    });
    refused(&file, &twice, &[], &["tiêu chí 1.1.1 có hai dòng"]);
    // Not a number.
    let abc = variant("abc.xlsx", &|cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("abc"));
    });
    refused(&file, &abc, &[], &["\"abc\" không phải là số điểm"]);
    // Above the maximum.
    let above = variant("above.xlsx", &|cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("1,5"));
    });
    refused(&file, &above, &[], &["1.1.1", "vượt điểm tối đa 1"]);
    // Negative points.
    let below = variant("below.xlsx", &|cells| {
        form_cells::set(cells, "1.4.1", POINTS, Cell::Number(-0.5));
    });
    refused(&file, &below, &[], &["1.4.1", "không được âm"]);
    // 11 of 10 tasks done, on a criterion that does not allow over 100%.
    let over = variant("over.xlsx", &|cells| {
        form_cells::set(cells, "1.1.2", FIGURE_A, Cell::Number(11.0));
        form_cells::set(cells, "1.1.2", FIGURE_B, Cell::Number(10.0));
    });
    refused(&file, &over, &[], &["1.1.2", "tử số lớn hơn mẫu số"]);
    // A fraction where a whole figure belongs is not read as thousands.
    let fraction = variant("fraction.xlsx", &|cells| {
        form_cells::set(cells, "2.3.2", FIGURE_A, Cell::Number(12.5));
    });
    refused(&file, &fraction, &[], &["2.3.2", "số nguyên"]);
    // Every bad row listed, not only the first.
    let many = variant("many.xlsx", &|cells| {
        form_cells::set(cells, "1.1.1", POINTS, text("abc"));
        form_cells::set(cells, "1.4.1", POINTS, text("9"));
    });
    refused(
        &file,
        &many,
        &[],
        &["2 dòng không đọc được", "1.1.1", "1.4.1"],
    );
    // The identity cells removed: not a form of this program.
    let anonymous = variant("anonymous.xlsx", &|cells| {
        cells.retain(|_, c| *c != text("Mã bộ chỉ số"));
    });
    refused(
        &file,
        &anonymous,
        &[],
        &["thiếu ô nhận dạng \"Mã bộ chỉ số\""],
    );
    // A form of another index set (made before the set was replaced).
    let other_set = variant("other-set.xlsx", &|cells| {
        let id = cells
            .iter()
            .find(|(_, c)| **c == text("Mã bộ chỉ số"))
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("no set id"));
        cells.insert((id, 2), text("00000000-0000-4000-8000-000000000000"));
    });
    refused(&file, &other_set, &[], &["bộ chỉ số khác"]);
    // Truncated, garbage and oversized files.
    let bytes = std::fs::read(&form).unwrap_or_else(|e| panic!("{e}"));
    let truncated = d.join("truncated.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    refused(
        &file,
        &truncated,
        &[],
        &["không phải bảng tính .xlsx đọc được"],
    );
    let garbage = d.join("garbage.xlsx");
    std::fs::write(&garbage, b"PK\x03\x04 not really a workbook at all")
        .unwrap_or_else(|e| panic!("{e}"));
    refused(
        &file,
        &garbage,
        &[],
        &["không phải bảng tính .xlsx đọc được"],
    );
    let huge = d.join("huge.xlsx");
    let big = std::fs::File::create(&huge).unwrap_or_else(|e| panic!("{e}"));
    big.set_len(51 * 1024 * 1024)
        .unwrap_or_else(|e| panic!("{e}"));
    refused(&file, &huge, &[], &["lớn hơn 50 MB"]);
}

#[test]
fn every_unit_s_form_is_written_into_a_folder_and_an_existing_form_is_kept() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = demo_copy(dir.path(), "demo.cchc");
    let folder = dir.path().join("bieu-mau");
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let written = scoring_form::export_forms(&store, YEAR, Level::Commune, &folder, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let units = store
        .assessments_of(YEAR, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written.len(), units.len());
    assert!(
        written
            .iter()
            .any(|p| p.ends_with("bieu-mau-cham-diem-2025-01795-xa-minh-khai.xlsx")),
        "{written:?}"
    );
    // Again: a unit's filled form may have that name; nothing is replaced.
    let filled = &written[0];
    std::fs::write(filled, b"filled by the unit").unwrap_or_else(|e| panic!("{e}"));
    assert!(scoring_form::export_forms(&store, YEAR, Level::Commune, &folder, false).is_err());
    assert_eq!(
        std::fs::read(filled).unwrap_or_default(),
        b"filled by the unit"
    );
    let plan = read_form(&store, &written[1], &target(None), Lang::Vi);
    // Any unit's form of the year reads when no unit is chosen (some have sent theirs).
    match plan {
        Ok(plan) => assert!(plan.changes.is_empty()),
        Err(e) => assert!(e.lines(Lang::Vi).join(" ").contains("đã gửi")),
    }
}
