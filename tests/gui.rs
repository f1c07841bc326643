//! The window's workflows, clicked and typed through iced_test's simulator (headless,
//! `ICED_TEST_BACKEND=tiny-skia`), asserting what ends up in the document file.

use std::path::{Path, PathBuf};
use std::sync::Once;

use iced::{Settings, Size};
use iced_test::Simulator;
use iced_test::core::keyboard::key::Named;
use iced_test::core::widget::Id;
use parindex::domain::{Lang, Level, Points, Status};
use parindex::gui::app::{App, Screen, Section, Workspace};
use parindex::gui::screen::{scoring, sets, start};
use parindex::gui::settings::Settings as Prefs;
use parindex::gui::{self, Message};
use parindex::store::{Access, Store};

fn env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let base = std::env::temp_dir().join(format!("parindex-gui-test-{}", std::process::id()));
        // SAFETY: set once, before any test thread reads these variables.
        unsafe {
            std::env::set_var("PARINDEX_CONFIG_DIR", base.join("config"));
            std::env::set_var("PARINDEX_DATA_DIR", base.join("data"));
        }
    });
}

fn settings() -> Settings {
    Settings {
        fonts: vec![
            include_bytes!("../assets/fonts/LiberationSans-Regular.ttf")
                .as_slice()
                .into(),
            include_bytes!("../assets/fonts/LiberationSans-Bold.ttf")
                .as_slice()
                .into(),
        ],
        default_font: iced::Font::with_name("Liberation Sans"),
        ..Settings::default()
    }
}

/// One look at the window: the steps click and type; the messages they produce are then
/// given to `update`, as the running program would.
fn act(app: &mut App, steps: impl FnOnce(&mut Simulator<'_, Message>)) {
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_size(settings(), Size::new(1366.0, 768.0), app.view());
        steps(&mut ui);
        ui.into_messages().collect()
    };
    for message in messages {
        let _ = app.update(message);
    }
}

fn click(ui: &mut Simulator<'_, Message>, label: &str) {
    if let Err(e) = ui.click(label) {
        panic!("cannot click {label:?}: {e:?}");
    }
}

fn type_into(ui: &mut Simulator<'_, Message>, id: &str, text: &str) {
    if let Err(e) = ui.click(Id::from(id.to_owned())) {
        panic!("no input {id}: {e:?}");
    }
    let _ = ui.typewrite(text);
}

fn sees(app: &App, text: &str) -> bool {
    let mut ui = Simulator::with_size(settings(), Size::new(1366.0, 768.0), app.view());
    ui.find(text.to_owned()).is_ok()
}

fn workspace(app: &App) -> &Workspace {
    match &app.screen {
        Screen::Workspace(ws) => ws,
        Screen::Start(s) => panic!("still on the start screen: {:?}", s.error),
    }
}

fn leaf_id(app: &App, code: &str) -> uuid::Uuid {
    workspace(app)
        .scoring
        .sheet
        .as_ref()
        .and_then(|s| s.set.find(code))
        .map(|n| n.id)
        .unwrap_or_else(|| panic!("no leaf {code}"))
}

fn new_app() -> App {
    env();
    App {
        settings: Prefs {
            demo_offered: true,
            ..Prefs::default()
        },
        screen: Screen::Start(start::State::default()),
    }
}

#[test]
fn an_officer_creates_a_file_and_scores_a_unit_with_evidence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("thach-an.cchc");
    let evidence = dir.path().join("kh-17.pdf");
    std::fs::write(&evidence, b"%PDF-1.4\n% Ke hoach 17/KH-UBND\n%%EOF\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = new_app();

    // Start screen: new file for the district's office, scoring communes.
    act(&mut app, |ui| click(ui, "Tạo tệp mới"));
    act(&mut app, |ui| {
        type_into(ui, "new-owner", "UBND huyện Thạch An — Phòng Nội vụ");
        type_into(ui, "path", file.to_str().unwrap_or_default());
    });
    act(&mut app, |ui| click(ui, "Tạo"));
    let year = workspace(&app).year;

    // Index set: a new set, one area with two sub-criteria.
    let _ = app.update(Message::Section(Section::Sets));
    act(&mut app, |ui| click(ui, "Tạo bộ chỉ số mới"));
    act(&mut app, |ui| click(ui, "Thêm lĩnh vực"));
    let _ = app.update(Message::Sets(sets::Message::Select("1".into())));
    act(&mut app, |ui| click(ui, "Thêm tiêu chí con"));
    let _ = app.update(Message::Sets(sets::Message::Select("1".into())));
    act(&mut app, |ui| click(ui, "Thêm tiêu chí con"));
    assert!(sees(
        &app,
        "Cảnh báo: tổng điểm tối đa của các tiêu chí khác điểm tối đa công bố của bộ chỉ số"
    ));

    // Units: add Xã Đức Long and open this year's assessments.
    let _ = app.update(Message::Section(Section::Units));
    act(&mut app, |ui| click(ui, "Thêm đơn vị"));
    act(&mut app, |ui| {
        type_into(ui, "unit-code", "01822");
        type_into(ui, "unit-name", "Xã Đức Long");
    });
    act(&mut app, |ui| click(ui, "Lưu"));
    act(&mut app, |ui| {
        click(
            ui,
            &format!("Lập phiếu chấm điểm cho các đơn vị của năm {year}"),
        )
    });

    // Scoring: self points, then an appraisal that differs, with its reason.
    let _ = app.update(Message::Section(Section::Scoring));
    act(&mut app, |ui| {
        type_into(ui, "cell-1.1-self", "0,5");
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(
        sees(&app, "Tổng điểm: 0,5 / 2"),
        "total after the first point"
    );
    act(&mut app, |ui| {
        type_into(ui, "cell-1.1-r1", "0,25");
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(
        sees(
            &app,
            "Điểm thẩm định khác điểm trước đó: hãy ghi lý do ở cột Ghi chú / Lý do"
        ),
        "an appraisal that differs needs a reason"
    );
    act(&mut app, |ui| {
        type_into(ui, "cell-1.1-reason", "Kế hoạch ban hành chậm");
        type_into(ui, "cell-1.1-r1", "");
        let _ = ui.tap_key(Named::Enter);
    });

    // A column pasted from Excel fills 1.1 and 1.2 (self points).
    let first = leaf_id(&app, "1.1");
    let _ = app.update(Message::Scoring(scoring::Message::Paste(
        first,
        scoring::Col::SelfPoints,
        "1\r\n0,75\r\n".into(),
    )));
    assert!(
        sees(&app, "Tổng điểm: 1 / 2"),
        "1.1 appraised 0,25 + 1.2 self 0,75"
    );

    // Evidence: attach the plan to 1.1.
    let _ = app.update(Message::Section(Section::Evidence));
    act(&mut app, |ui| {
        type_into(ui, "ev-path", evidence.to_str().unwrap_or_default());
        type_into(ui, "ev-type", "Kế hoạch");
        type_into(ui, "ev-number", "17/KH-UBND");
        type_into(ui, "ev-date", "08/01/2026");
        type_into(ui, "ev-summary", "Cải cách hành chính nhà nước năm 2026");
    });
    act(&mut app, |ui| click(ui, "Đính kèm"));

    // Submit, appraise, finalise.
    let _ = app.update(Message::Section(Section::Scoring));
    act(&mut app, |ui| click(ui, "Gửi thẩm định"));
    act(&mut app, |ui| click(ui, "Hoàn thành thẩm định"));
    act(&mut app, |ui| click(ui, "Công bố và khóa"));
    assert!(sees(&app, "Phiếu đã công bố và khóa: chỉ xem."));
    drop(app);

    // What the file holds.
    let store =
        Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(
        store.meta("owner_unit").ok().flatten().as_deref(),
        Some("UBND huyện Thạch An — Phòng Nội vụ")
    );
    let sheet = store
        .sheet(year, Level::Commune, "01822")
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(sheet.assessment.unit.name, "Xã Đức Long");
    assert_eq!(sheet.assessment.status, Status::Final);
    assert!(sheet.assessment.locked);
    let score = |code: &str| {
        sheet
            .input
            .scores
            .get(&sheet.set.find(code).map(|n| n.id).unwrap_or_default())
            .cloned()
            .unwrap_or_default()
    };
    let s11 = score("1.1");
    assert_eq!(s11.self_points, Some(Points::whole(1)));
    assert_eq!(s11.round1, Some(Points::from_milli(250)));
    assert_eq!(s11.round1_reason, "Kế hoạch ban hành chậm");
    assert_eq!(score("1.2").self_points, Some(Points::from_milli(750)));
    assert_eq!(sheet.evidence.get("1.1"), Some(&1));
    let docs = store.evidence_docs().unwrap_or_default();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].number, "17/KH-UBND");
    assert!(
        store.verify_log().map(|f| f.is_empty()).unwrap_or(false),
        "the audit log matches"
    );
}

fn demo_app(dir: &Path) -> (App, PathBuf) {
    env();
    let file = dir.join("demo.cchc");
    drop(parindex::demo::write_demo(&file).unwrap_or_else(|e| panic!("{}", e.message(Lang::En))));
    let mut app = new_app();
    app.open(&file);
    (app, file)
}

#[test]
fn typing_a_point_updates_the_total_in_the_same_frame_and_refuses_bad_values() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _file) = demo_app(dir.path());
    let ws = workspace(&app);
    assert_eq!(
        (ws.year, ws.level, ws.section),
        (2025, Level::Commune, Section::Scoring)
    );
    // Xã Minh Khai is still drafting in 2025.
    let minh_khai = ws
        .scoring
        .units
        .iter()
        .find(|u| u.code == "01795")
        .cloned()
        .unwrap_or_else(|| panic!("Minh Khai"));
    let _ = app.update(Message::Scoring(scoring::Message::PickUnit(minh_khai)));
    let ws = workspace(&app);
    let sheet = ws.scoring.sheet.as_ref().unwrap_or_else(|| panic!("sheet"));
    let empty = sheet
        .set
        .leaves()
        .into_iter()
        .find(|n| {
            n.leaf
                .as_ref()
                .is_some_and(|l| l.kind == parindex::domain::LeafKind::Manual)
                && !sheet.input.scores.contains_key(&n.id)
        })
        .unwrap_or_else(|| panic!("an empty manual leaf"));
    let (code, max) = (
        empty.code.clone(),
        empty.leaf.as_ref().map(|l| l.max).unwrap_or_default(),
    );
    let totals = ws
        .scoring
        .score
        .as_ref()
        .map(|s| s.totals)
        .unwrap_or_else(|| panic!("totals"));
    let before = totals.effective_points + totals.survey_points + totals.bonus - totals.penalty;
    let expected = format!(
        "Tổng điểm: {} / {}",
        (before + max).to_vi(),
        totals.max_points.to_vi()
    );

    // Typed, not yet stored: the total already follows.
    act(&mut app, |ui| {
        type_into(ui, &format!("cell-{code}-self"), &max.to_vi())
    });
    assert!(sees(&app, &expected), "expected {expected}");

    // Out of range: refused inline with the reason, nothing stored.
    let too_much = (max + Points::whole(1)).to_vi();
    // The cell already holds the typed maximum; the officer replaces it with too much.
    let _ = app.update(Message::Scoring(scoring::Message::Input(
        leaf_id(&app, &code),
        scoring::Col::SelfPoints,
        too_much.clone(),
    )));
    let refusal = format!("điểm {too_much} vượt điểm tối đa {}", max.to_vi());
    assert!(sees(&app, &refusal), "expected {refusal}");
    let _ = app.update(Message::Scoring(scoring::Message::Commit(
        leaf_id(&app, &code),
        scoring::Col::SelfPoints,
    )));
    let ws = workspace(&app);
    let stored = ws.scoring.sheet.as_ref().and_then(|s| {
        s.input
            .scores
            .get(&leaf_id(&app, &code))
            .and_then(|s| s.self_points)
    });
    assert_eq!(stored, None, "a refused value is not stored");
}

#[test]
fn a_published_year_is_read_only_until_reopened_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, file) = demo_app(dir.path());
    let year_2024 = workspace(&app)
        .years
        .iter()
        .copied()
        .find(|y| y.year == 2024 && y.level == Level::Commune);
    let _ = app.update(Message::Year(year_2024.unwrap_or_else(|| panic!("2024"))));
    assert!(sees(&app, "Phiếu đã công bố và khóa: chỉ xem."));
    act(&mut app, |ui| click(ui, "Mở khóa"));
    assert!(
        sees(&app, "Phiếu đã công bố và khóa: chỉ xem."),
        "no reason, still locked"
    );
    act(&mut app, |ui| {
        type_into(ui, "reopen-reason", "Sửa sai sót theo Công văn số 12/SNV")
    });
    act(&mut app, |ui| click(ui, "Mở khóa"));
    assert!(!sees(&app, "Phiếu đã công bố và khóa: chỉ xem."));
    let unit = workspace(&app)
        .scoring
        .unit
        .clone()
        .map(|u| u.code)
        .unwrap_or_default();
    drop(app);
    let store =
        Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    let a = store
        .assessment(2024, Level::Commune, &unit)
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert!(!a.locked);
    let log = store.audit_entries().unwrap_or_default();
    assert!(
        log.last()
            .is_some_and(|e| e.reason == "Sửa sai sót theo Công văn số 12/SNV")
    );
    let _ = gui::i18n::APP_TITLE;
}

#[test]
fn a_commune_submission_is_exported_and_a_received_file_is_checked_before_import() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _file) = demo_app(dir.path());
    let out = dir.path().join("gui-xuat.cchc");
    let _ = app.update(Message::Section(Section::Exchange));
    // The path field holds a default under ~/Documents; the officer replaces it.
    let _ = app.update(Message::Exchange(
        parindex::gui::screen::exchange::Message::ExportPath(out.display().to_string()),
    ));
    act(&mut app, |ui| click(ui, "Xuất tệp"));
    assert!(out.is_file(), "the export was written");
    assert!(sees(
        &app,
        &format!("Đã xuất và kiểm tra: {} ({})", out.display(), {
            let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            if bytes >= 1024 * 1024 {
                let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
                format!("{},{} MB", tenths / 10, tenths % 10)
            } else {
                format!("{} KB", bytes.div_ceil(1024))
            }
        })
    ));

    // Receiving our own export back: checked, planned, nothing new.
    act(&mut app, |ui| {
        type_into(ui, "import-path", &out.display().to_string())
    });
    act(&mut app, |ui| click(ui, "Đọc và kiểm tra tệp"));
    assert!(sees(&app, "Tệp không có gì mới (đã nhập trước đó)."));

    // A file that is not ours is refused with its reason in the status line.
    let bogus = dir.path().join("thu.cchc");
    std::fs::write(&bogus, "không phải cơ sở dữ liệu").unwrap_or_else(|e| panic!("{e}"));
    let _ = app.update(Message::Exchange(
        parindex::gui::screen::exchange::Message::ImportPath(bogus.display().to_string()),
    ));
    act(&mut app, |ui| click(ui, "Đọc và kiểm tra tệp"));
    let ws = workspace(&app);
    assert!(ws.exchange.plan.is_none());
    assert!(ws.exchange.error.is_some(), "a refusal is shown");
}

#[test]
fn a_unit_stops_operating_only_after_the_second_click() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, file) = demo_app(dir.path());
    // Read through the window's own connection: it holds the file's lock while open.
    let active = |app: &App| -> usize {
        workspace(app)
            .store
            .units()
            .unwrap_or_default()
            .iter()
            .filter(|u| u.valid_to.is_none())
            .count()
    };
    let _ = app.update(Message::Section(Section::Units));
    let before = active(&app);
    // The first click only asks.
    act(&mut app, |ui| click(ui, "Cho thôi hoạt động"));
    assert!(sees(&app, "Đồng ý, thôi hoạt động"));
    assert_eq!(active(&app), before, "nothing written yet");
    // Cancel leaves everything as it was.
    act(&mut app, |ui| click(ui, "Hủy"));
    assert!(!sees(&app, "Đồng ý, thôi hoạt động"));
    assert_eq!(active(&app), before);
    // Asked again and confirmed: one unit fewer in operation, in the file.
    act(&mut app, |ui| click(ui, "Cho thôi hoạt động"));
    act(&mut app, |ui| click(ui, "Đồng ý, thôi hoạt động"));
    assert!(!sees(&app, "Đồng ý, thôi hoạt động"));
    drop(app);
    let store =
        Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    let after = store
        .units()
        .unwrap_or_default()
        .iter()
        .filter(|u| u.valid_to.is_none())
        .count();
    assert_eq!(after, before - 1);
}

/// A commune's first signed submission: shown with its key fingerprint, and applied only
/// after the officer ticks that the fingerprint was checked with the sender.
#[test]
fn a_new_senders_package_is_applied_only_after_the_key_is_confirmed() {
    use parindex::store::export::{Options, Scope};
    use parindex::store::scores::{Edit, Stage};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut app, file) = demo_app(dir.path());
    // The district's package for Xã Thạch An, scored in the commune's copy and sent back.
    let scope = |path: &Path| {
        (
            path.to_owned(),
            Options {
                scope: Scope::Unit {
                    code: "01807".into(),
                    year: Some(2025),
                },
                include_evidence: false,
            },
        )
    };
    let (to_commune, options) = scope(&dir.path().join("to-commune.cchc"));
    workspace(&app)
        .store
        .export(&to_commune, &options)
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    let commune = dir.path().join("commune.cchc");
    std::fs::copy(&to_commune, &commune).unwrap_or_else(|e| panic!("{e}"));
    let submission = dir.path().join("submission.cchc");
    let print = {
        let mut store = Store::open(&commune, Access::ReadWrite)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        let a = store
            .assessment(2025, Level::Commune, "01807")
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        let (_, set) = store
            .index_set(2025, Level::Commune)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        store
            .edit_score(
                &a,
                &set,
                "1.4.2",
                Edit::Points(Stage::SelfAssessed, Some(Points::from_milli(1000))),
                "",
            )
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        let (_, options) = scope(&submission);
        store
            .export(&submission, &options)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
            .signer
            .fingerprint()
    };
    let self_points = |app: &App| {
        let store = &workspace(app).store;
        let a = store
            .assessment(2025, Level::Commune, "01807")
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        store
            .results(2025, Level::Commune, Lang::Vi)
            .ok()
            .and_then(|r| {
                r.row_of(&a.unit.code)
                    .map(|(row, _)| row.score.totals.self_points)
            })
    };
    let before = self_points(&app);

    act(&mut app, |ui| click(ui, "Trao đổi dữ liệu"));
    act(&mut app, |ui| {
        type_into(ui, "import-path", &submission.display().to_string())
    });
    act(&mut app, |ui| click(ui, "Đọc và kiểm tra tệp"));
    assert!(sees(
        &app,
        &format!("Lần đầu nhận gói của 01807 Xã Thạch An. Mã khóa: {print}")
    ));
    // Not confirmed: the button does nothing.
    act(&mut app, |ui| click(ui, "Nhập các thay đổi"));
    assert_eq!(
        self_points(&app),
        before,
        "applied without the key confirmed"
    );
    act(&mut app, |ui| {
        click(ui, "Tôi đã đối chiếu mã khóa với người gửi")
    });
    act(&mut app, |ui| click(ui, "Nhập các thay đổi"));
    assert_ne!(self_points(&app), before, "not applied after confirming");
    let trusted = workspace(&app)
        .store
        .trusted_senders()
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(trusted.len(), 1);
    assert_eq!(trusted[0].key.fingerprint(), print);
    drop(app);
    assert!(file.is_file());
}
