//! The window's workflows, clicked and typed through iced_test's simulator (headless,
//! `ICED_TEST_BACKEND=tiny-skia`), asserting what ends up in the document file.

mod common;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use iced::futures::StreamExt;
use iced::futures::executor::block_on;
use iced::{Program, Rectangle, Size, Task, Theme, window};
use iced_test::core::keyboard::Modifiers;
use iced_test::core::keyboard::key::Named;
use iced_test::core::renderer::Headless;
use iced_test::core::widget::Id;
use iced_test::core::widget::operation::{self, Operation, Outcome};
use iced_test::core::{Event as IcedEvent, clipboard, event, keyboard, mouse};
use iced_test::runtime::user_interface::{self, UserInterface};
use iced_test::runtime::{Action, task};
use iced_test::selector::{Candidate, Selector};
use iced_test::{Simulator, simulator};
use parindex::domain::{Lang, Level, Points, Status};
use parindex::gui::app::{App, Screen};
use parindex::gui::preferences::Preferences;
use parindex::gui::screen::{exchange, reports, scoring, sets};
use parindex::gui::workspace::{Section, Workspace};
use parindex::gui::{self, Folders, Message};
use parindex::store::{Access, Store};

/// The program `main` runs (`gui::application`), driven headless: its view is clicked and
/// typed into through iced_test's simulator, and every message goes through its `update`
/// with the tasks that `update` returns run to the end, as the running program would.
struct Window<P> {
    program: P,
    app: App,
    id: window::Id,
    /// The widget operations (focus, scrolling) the last `update` asked for: the running
    /// window applies them to its widgets before the next event; `keys` does too.
    operations: Vec<Box<dyn Operation>>,
    /// What the system clipboard holds (text copied in Excel), given to the program when a
    /// task it returns reads the clipboard.
    clipboard: Option<String>,
    /// The window's logical size (a 1366×768 laptop unless a test says otherwise).
    size: Size,
}

impl<P: Program<State = App, Message = Message, Theme = Theme>> Window<P> {
    fn new(program: P) -> Window<P> {
        let (app, boot) = program.boot();
        let mut window = Window {
            program,
            app,
            id: window::Id::unique(),
            operations: Vec::new(),
            clipboard: None,
            size: Size::new(1366.0, 768.0),
        };
        window.run(boot);
        window
    }

    fn simulator(&self) -> Simulator<'_, Message, Theme, P::Renderer> {
        Simulator::with_size(
            self.program.settings(),
            self.size,
            self.program.view(&self.app, self.id),
        )
    }

    /// One look at the window: the steps click and type; the messages they produce are then
    /// given to `update`.
    fn act(&mut self, steps: impl FnOnce(&mut Simulator<'_, Message, Theme, P::Renderer>)) {
        let messages: Vec<Message> = {
            let mut ui = self.simulator();
            steps(&mut ui);
            ui.into_messages().collect()
        };
        for message in messages {
            self.update(message);
        }
    }

    /// `update` with `message`, then the messages of the tasks it returns, and theirs, until
    /// none is left.
    fn update(&mut self, message: Message) {
        self.operations.clear();
        let mut queue = VecDeque::from([message]);
        while let Some(message) = queue.pop_front() {
            let task = self.program.update(&mut self.app, message);
            let (messages, operations) = outputs(task, self.clipboard.as_deref());
            queue.extend(messages);
            self.operations.extend(operations);
        }
    }

    fn run(&mut self, task: Task<Message>) {
        let (messages, _) = outputs(task, self.clipboard.as_deref());
        for message in messages {
            self.update(message);
        }
    }

    /// The window's widgets as they stand after the last update: built at the test size,
    /// with the widget operations that update asked for applied (focus, scrolling).
    fn with_widgets<T>(
        &mut self,
        look: impl FnOnce(&mut UserInterface<'_, Message, Theme, P::Renderer>, &mut P::Renderer) -> T,
    ) -> T {
        let settings = self.program.settings();
        let mut renderer = block_on(<P::Renderer as Headless>::new(
            settings.default_font,
            settings.default_text_size,
            Some("tiny-skia"),
        ))
        .unwrap_or_else(|| panic!("no headless renderer"));
        let view = self.program.view(&self.app, self.id);
        let mut ui = UserInterface::build(
            view,
            self.size,
            user_interface::Cache::default(),
            &mut renderer,
        );
        for operation in &mut self.operations {
            ui.operate(&renderer, operation.as_mut());
            let mut next = operation.finish();
            while let Outcome::Chain(mut chained) = next {
                ui.operate(&renderer, chained.as_mut());
                next = chained.finish();
            }
        }
        look(&mut ui, &mut renderer)
    }

    /// Key events as a person presses them: the focused widget gets them first; a key it
    /// does not take reaches the window's key subscription (and Esc always does), as in
    /// `App::subscription`.
    fn keys(&mut self, events: Vec<IcedEvent>) {
        let (mut messages, statuses) = self.with_widgets(|ui, renderer| {
            let mut messages = Vec::new();
            let (_, statuses) = ui.update(
                &events,
                mouse::Cursor::Unavailable,
                renderer,
                &mut clipboard::Null,
                &mut messages,
            );
            (messages, statuses)
        });
        for (event, status) in events.iter().zip(statuses) {
            if let IcedEvent::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event {
                let escape = *key == keyboard::Key::Named(Named::Escape);
                if status == event::Status::Ignored || escape {
                    messages.push(Message::Key(key.clone(), *modifiers));
                }
            }
        }
        for message in messages {
            self.update(message);
        }
    }

    /// Clicks a cell of the grid (it becomes the active one), types `text` and presses Enter.
    fn enter(&mut self, cell: &str, text: &str) {
        self.select(cell);
        self.type_text(text);
        self.press(Named::Enter);
    }

    fn select(&mut self, cell: &str) {
        self.act(|ui| {
            if let Err(e) = ui.click(Id::from(cell.to_owned())) {
                panic!("no cell {cell}: {e:?}");
            }
        });
    }

    /// Types `text` into the input that has the keyboard, then presses Enter there.
    fn type_and_enter(&mut self, text: &str) {
        let mut events: Vec<IcedEvent> = simulator::typewrite(text).collect();
        events.extend(simulator::tap_key(Named::Enter, None));
        self.keys(events);
    }

    fn press(&mut self, key: Named) {
        self.keys(simulator::tap_key(key, None).collect());
    }

    /// A key pressed with `modifiers` held (Ctrl+V, Ctrl+G, Ctrl+Page Down).
    fn press_with(&mut self, key: keyboard::Key, modifiers: Modifiers) {
        self.keys(key_with(key, modifiers));
    }

    /// Ctrl+V on the cell `cell`, as the officer pastes what the clipboard holds.
    fn paste_at(&mut self, cell: &str) {
        self.select(cell);
        self.press_with(keyboard::Key::Character("v".into()), Modifiers::CTRL);
    }

    fn type_text(&mut self, text: &str) {
        self.keys(simulator::typewrite(text).collect());
    }

    /// The bounds of the widget `id`, and the part of it inside the window's visible area
    /// (`None` when scrolled out of sight).
    fn bounds(&mut self, id: &str) -> (Rectangle, Option<Rectangle>) {
        self.with_widgets(|ui, renderer| {
            let mut find = Id::from(id.to_owned()).find();
            ui.operate(renderer, &mut operation::black_box(&mut find));
            match find.finish() {
                Outcome::Some(Some(target)) => (target.bounds(), target.visible_bounds()),
                _ => panic!("no widget {id}"),
            }
        })
    }

    /// The widget that has the keyboard.
    fn focused(&mut self) -> Option<Id> {
        self.with_widgets(|ui, renderer| {
            let mut find = FocusedInput.find();
            ui.operate(renderer, &mut operation::black_box(&mut find));
            match find.finish() {
                Outcome::Some(found) => found,
                _ => None,
            }
        })
    }

    /// Some text on screen contains `part`.
    fn sees_part(&mut self, part: &str) -> bool {
        self.with_widgets(|ui, renderer| {
            let mut find = TextContaining(part.to_owned()).find();
            ui.operate(renderer, &mut operation::black_box(&mut find));
            matches!(find.finish(), Outcome::Some(Some(_)))
        })
    }

    /// How many texts on screen contain `part`.
    fn count_parts(&mut self, part: &str) -> usize {
        self.with_widgets(|ui, renderer| {
            let mut find = TextContaining(part.to_owned()).find_all();
            ui.operate(renderer, &mut operation::black_box(&mut find));
            match find.finish() {
                Outcome::Some(found) => found.len(),
                _ => 0,
            }
        })
    }

    fn sees(&self, text: &str) -> bool {
        self.simulator().find(text.to_owned()).is_ok()
    }
}

/// Runs a task to its end and returns the messages it produced and the widget operations
/// (focus, scrolling) it asked for; a read of the clipboard gets `clipboard`, as the running
/// window's would get the system's.
fn outputs(
    task: Task<Message>,
    clipboard: Option<&str>,
) -> (Vec<Message>, Vec<Box<dyn Operation>>) {
    let Some(mut stream) = task::into_stream(task) else {
        return (Vec::new(), Vec::new());
    };
    let mut messages = Vec::new();
    let mut operations = Vec::new();
    block_on(async {
        while let Some(action) = stream.next().await {
            match action {
                Action::Output(message) => messages.push(message),
                Action::Widget(operation) => operations.push(operation),
                Action::Clipboard(iced_test::runtime::clipboard::Action::Read {
                    channel, ..
                }) => {
                    let _ = channel.send(clipboard.map(str::to_owned));
                }
                _ => {}
            }
        }
    });
    (messages, operations)
}

/// The events of pressing and releasing `key` while `modifiers` are held.
fn key_with(key: keyboard::Key, modifiers: Modifiers) -> Vec<IcedEvent> {
    let physical = keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
    vec![
        IcedEvent::Keyboard(keyboard::Event::ModifiersChanged(modifiers)),
        IcedEvent::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        }),
        IcedEvent::Keyboard(keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
        }),
        IcedEvent::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::empty())),
    ]
}

/// Selects a text that contains a part.
struct TextContaining(String);

impl Selector for TextContaining {
    type Output = ();

    fn select(&mut self, candidate: Candidate<'_>) -> Option<()> {
        match candidate {
            Candidate::Text { content, .. } if content.contains(&self.0) => Some(()),
            _ => None,
        }
    }

    fn description(&self) -> String {
        format!("text containing {:?}", self.0)
    }
}

/// Selects the text input that has the keyboard, by its id.
struct FocusedInput;

impl Selector for FocusedInput {
    type Output = Id;

    fn select(&mut self, candidate: Candidate<'_>) -> Option<Id> {
        match candidate {
            Candidate::Focusable {
                id: Some(id),
                state,
                ..
            } if state.is_focused() => Some(id.clone()),
            _ => None,
        }
    }

    fn description(&self) -> String {
        "the focused input".into()
    }
}

fn click<R>(ui: &mut Simulator<'_, Message, Theme, R>, label: &str)
where
    R: iced_test::core::Renderer + iced_test::core::renderer::Headless,
{
    if let Err(e) = ui.click(label) {
        panic!("cannot click {label:?}: {e:?}");
    }
}

fn type_into<R>(ui: &mut Simulator<'_, Message, Theme, R>, id: &str, text: &str)
where
    R: iced_test::core::Renderer + iced_test::core::renderer::Headless,
{
    if let Err(e) = ui.click(Id::from(id.to_owned())) {
        panic!("no input {id}: {e:?}");
    }
    let _ = ui.typewrite(text);
}

/// Clicks into the input `id`, selects what it holds (Ctrl+A), types `text` over it and
/// presses Enter, in one look at the window.
fn replace_in<R>(ui: &mut Simulator<'_, Message, Theme, R>, id: &str, text: &str)
where
    R: iced_test::core::Renderer + iced_test::core::renderer::Headless,
{
    if let Err(e) = ui.click(Id::from(id.to_owned())) {
        panic!("no input {id}: {e:?}");
    }
    // The input reads Ctrl from the modifiers it was told of, as a window tells it.
    let a = keyboard::Key::Character("a".into());
    let mut select_all = simulator::press_key(a.clone(), None);
    if let IcedEvent::Keyboard(keyboard::Event::KeyPressed { modifiers, .. }) = &mut select_all {
        *modifiers = Modifiers::CTRL;
    }
    let _ = ui.simulate([
        IcedEvent::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::CTRL)),
        select_all,
        simulator::release_key(a),
        IcedEvent::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::empty())),
    ]);
    let _ = ui.typewrite(text);
    let _ = ui.tap_key(Named::Enter);
}

fn workspace(app: &App) -> &Workspace {
    match &app.screen {
        Screen::Workspace(ws) => ws,
        Screen::Start(s) => panic!("still on the start screen: {:?}", s.error),
    }
}

/// The window's own connection to its file (it holds the file's lock while open).
fn store(app: &App) -> &Store {
    workspace(app)
        .store()
        .unwrap_or_else(|| panic!("the store is lent to slow work"))
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

/// The window's folders (preferences, demo, backups) inside the test's own folder, with the
/// demo already offered, so the window starts on the start screen or on `file`.
fn folders(dir: &Path) -> Folders {
    let folders = Folders::under(&dir.join("window"));
    Preferences {
        demo_offered: true,
        user_name: "Lò Văn Kiểm".into(),
        office: "Phòng Nội vụ".into(),
        ..Preferences::default()
    }
    .save(&folders);
    folders
}

/// The window as `main` starts it, on the start screen.
fn new_window(dir: &Path) -> Window<impl Program<State = App, Message = Message, Theme = Theme>> {
    Window::new(gui::application(None, folders(dir)))
}

/// The window started on a private copy of the demo.
fn demo_window(
    dir: &Path,
) -> (
    Window<impl Program<State = App, Message = Message, Theme = Theme>>,
    PathBuf,
) {
    let file = common::demo_copy(dir, "demo.cchc");
    let window = Window::new(gui::application(Some(file.clone()), folders(dir)));
    (window, file)
}

#[test]
fn an_officer_creates_a_file_and_scores_a_unit_with_evidence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("thach-an.cchc");
    let evidence = dir.path().join("kh-17.pdf");
    std::fs::write(&evidence, b"%PDF-1.4\n% Ke hoach 17/KH-UBND\n%%EOF\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut w = new_window(dir.path());

    // Start screen: new file for the district's office, scoring communes.
    w.act(|ui| click(ui, "Tạo tệp mới"));
    w.act(|ui| {
        type_into(ui, "new-owner", "UBND huyện Thạch An — Phòng Nội vụ");
        type_into(ui, "path", file.to_str().unwrap_or_default());
    });
    w.act(|ui| click(ui, "Tạo"));
    let year = workspace(&w.app).year;

    // Index set: a new set, one area with two sub-criteria.
    w.update(Message::Section(Section::Sets));
    w.act(|ui| click(ui, "Tạo bộ chỉ số mới"));
    w.act(|ui| click(ui, "Thêm lĩnh vực"));
    w.update(Message::Sets(sets::Message::Select("1".into())));
    w.act(|ui| click(ui, "Thêm tiêu chí con"));
    w.update(Message::Sets(sets::Message::Select("1".into())));
    w.act(|ui| click(ui, "Thêm tiêu chí con"));
    assert!(w.sees(
        "Cảnh báo: tổng điểm tối đa của các tiêu chí khác điểm tối đa công bố của bộ chỉ số"
    ));

    // Units: add Xã Đức Long and open this year's assessments.
    w.update(Message::Section(Section::Units));
    w.act(|ui| click(ui, "Thêm đơn vị"));
    w.act(|ui| {
        type_into(ui, "unit-code", "01822");
        type_into(ui, "unit-name", "Xã Đức Long");
    });
    w.act(|ui| click(ui, "Lưu"));
    w.act(|ui| {
        click(
            ui,
            &format!("Lập phiếu chấm điểm cho các đơn vị của năm {year}"),
        )
    });

    // Scoring: self points, then an appraisal that differs, with its reason.
    w.update(Message::Section(Section::Scoring));
    w.enter("cell-1.1-self", "0,5");
    assert!(w.sees("Tổng điểm: 0,5 / 2"), "total after the first point");
    w.enter("cell-1.1-r1", "0,25");
    assert!(
        w.sees_part("Điểm thẩm định khác điểm tự đánh giá (hoặc điểm vòng 1): ghi lý do thẩm định"),
        "an appraisal that differs needs a reason"
    );
    // The reason field has the keyboard: typed there, Enter stores points and reason.
    w.type_and_enter("Kế hoạch ban hành chậm");

    // A column copied in Excel and pasted with Ctrl+V fills 1.1 and 1.2 (self points).
    w.clipboard = Some("1\r\n0,75\r\n".into());
    w.paste_at("cell-1.1-self");
    assert!(
        w.sees("Tổng điểm: 1 / 2"),
        "1.1 appraised 0,25 + 1.2 self 0,75"
    );

    // Evidence: attach the plan to 1.1.
    w.update(Message::Section(Section::Evidence));
    w.act(|ui| {
        type_into(ui, "ev-path", evidence.to_str().unwrap_or_default());
        type_into(ui, "ev-type", "Kế hoạch");
        type_into(ui, "ev-number", "17/KH-UBND");
        type_into(ui, "ev-date", "08/01/2026");
        type_into(ui, "ev-summary", "Cải cách hành chính nhà nước năm 2026");
    });
    w.act(|ui| click(ui, "Đính kèm"));

    // Submit, appraise, finalise: each step asks first.
    w.update(Message::Section(Section::Scoring));
    w.act(|ui| click(ui, "Gửi thẩm định"));
    w.act(|ui| click(ui, "Đồng ý, gửi thẩm định"));
    w.act(|ui| click(ui, "Hoàn thành thẩm định"));
    w.act(|ui| click(ui, "Đồng ý, hoàn thành thẩm định"));
    w.act(|ui| click(ui, "Công bố và khóa"));
    w.act(|ui| click(ui, "Đồng ý, công bố và khóa"));
    assert!(w.sees("Phiếu đã công bố và khóa: chỉ xem."));
    drop(w);

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

#[test]
fn typing_a_point_updates_the_total_in_the_same_frame_and_refuses_bad_values() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let ws = workspace(&w.app);
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
    w.update(Message::Scoring(scoring::Message::PickUnit(minh_khai)));
    let ws = workspace(&w.app);
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
    w.select(&format!("cell-{code}-self"));
    w.type_text(&max.to_vi());
    assert!(w.sees(&expected), "expected {expected}");

    // Out of range: refused inline with the reason, nothing stored.
    let too_much = (max + Points::whole(1)).to_vi();
    // The officer abandons the typed maximum (Esc) and types too much instead.
    let cell = format!("cell-{code}-self");
    w.press(Named::Escape);
    w.select(&cell);
    w.type_text(&too_much);
    let refusal = format!("điểm {too_much} vượt điểm tối đa {}", max.to_vi());
    assert!(w.sees_part(&refusal), "expected {refusal}");
    w.press(Named::Enter);
    let ws = workspace(&w.app);
    let stored = ws.scoring.sheet.as_ref().and_then(|s| {
        s.input
            .scores
            .get(&leaf_id(&w.app, &code))
            .and_then(|s| s.self_points)
    });
    assert_eq!(stored, None, "a refused value is not stored");
}

#[test]
fn a_published_year_is_read_only_until_reopened_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, file) = demo_window(dir.path());
    let year_2024 = workspace(&w.app)
        .years
        .iter()
        .copied()
        .find(|y| y.year == 2024 && y.level == Level::Commune);
    w.update(Message::Year(year_2024.unwrap_or_else(|| panic!("2024"))));
    assert!(w.sees("Phiếu đã công bố và khóa: chỉ xem."));
    w.act(|ui| click(ui, "Mở khóa"));
    assert!(
        w.sees("Phiếu đã công bố và khóa: chỉ xem."),
        "no reason, still locked"
    );
    w.act(|ui| type_into(ui, "reopen-reason", "Sửa sai sót theo Công văn số 12/SNV"));
    w.act(|ui| click(ui, "Mở khóa"));
    assert!(!w.sees("Phiếu đã công bố và khóa: chỉ xem."));
    let unit = workspace(&w.app)
        .scoring
        .unit
        .clone()
        .map(|u| u.code)
        .unwrap_or_default();
    drop(w);
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
    let (mut w, _file) = demo_window(dir.path());
    let out = dir.path().join("gui-xuat.cchc");
    w.update(Message::Section(Section::Exchange));
    // The path field holds a default under ~/Documents; the officer replaces it.
    w.update(Message::Exchange(exchange::Message::ExportPath(
        out.display().to_string(),
    )));
    w.act(|ui| click(ui, "Xuất tệp"));
    assert!(out.is_file(), "the export was written");
    assert!(w.sees(&format!(
        "Đã xuất và kiểm tra: {} ({})",
        out.display(),
        {
            let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            if bytes >= 1024 * 1024 {
                let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
                format!("{},{} MB", tenths / 10, tenths % 10)
            } else {
                format!("{} KB", bytes.div_ceil(1024))
            }
        }
    )));

    // Receiving our own export back: checked, planned, nothing new.
    w.act(|ui| type_into(ui, "import-path", &out.display().to_string()));
    w.act(|ui| click(ui, "Đọc và kiểm tra tệp"));
    assert!(w.sees("Tệp không có gì mới (đã nhập trước đó)."));

    // A file that is not ours is refused with its reason in the status line.
    let bogus = dir.path().join("thu.cchc");
    std::fs::write(&bogus, "không phải cơ sở dữ liệu").unwrap_or_else(|e| panic!("{e}"));
    w.update(Message::Exchange(exchange::Message::ImportPath(
        bogus.display().to_string(),
    )));
    w.act(|ui| click(ui, "Đọc và kiểm tra tệp"));
    let ws = workspace(&w.app);
    assert!(ws.exchange.plan.is_none());
    assert!(ws.exchange.error.is_some(), "a refusal is shown");
    assert!(
        matches!(&ws.status, Some(Err(e)) if Some(e) == ws.exchange.error.as_ref()),
        "the screen's failure reaches the status line: {:?}",
        ws.status
    );
}

/// The export runs in the background with the file lent to it: while it runs the window
/// shows it and takes no edit; when it ends the file is back and the export written.
#[test]
fn an_export_borrows_the_file_and_gives_it_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let out = dir.path().join("nen.cchc");
    w.update(Message::Section(Section::Exchange));
    w.update(Message::Exchange(exchange::Message::ExportPath(
        out.display().to_string(),
    )));
    // Only `update`, its task not yet run: the store is out, the window says so.
    let task = w
        .program
        .update(&mut w.app, Message::Exchange(exchange::Message::Export));
    assert!(workspace(&w.app).is_busy());
    assert!(workspace(&w.app).store().is_none(), "the store is lent");
    assert!(w.sees("Đang xuất tệp…"));
    // The window stays usable: another screen can be looked at; an edit is refused.
    let _ = w
        .program
        .update(&mut w.app, Message::Section(Section::Units));
    assert_eq!(workspace(&w.app).section, Section::Units);
    let _ = w
        .program
        .update(&mut w.app, Message::Exchange(exchange::Message::TakeBackup));
    assert!(matches!(
        &workspace(&w.app).status,
        Some(Err(e)) if e == "Đang xuất tệp, vui lòng chờ xong"
    ));
    let _ = w
        .program
        .update(&mut w.app, Message::Section(Section::Exchange));
    // The task runs: progress, then the store back and the result shown.
    w.run(task);
    assert!(!workspace(&w.app).is_busy());
    assert!(workspace(&w.app).store().is_some(), "the store came back");
    assert!(out.is_file(), "the export was written");
    let Some(Ok(exported)) = &workspace(&w.app).exchange.exported else {
        panic!("no export result");
    };
    assert_eq!(exported.path, out);
    // The backup taken at open went to the window's data folder, given as a value.
    let backups = dir.path().join("window").join("data").join("backups");
    let taken = std::fs::read_dir(&backups).map(|d| d.count()).unwrap_or(0);
    assert_eq!(taken, 1, "one backup folder in {}", backups.display());
}

/// A flow that ends in a task: the PDF is laid out and written in the background, and the
/// window says where once the task's message is back.
#[test]
fn a_ranking_pdf_is_made_in_the_background() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let pdf = dir.path().join("xep-hang.pdf");
    w.update(Message::Section(Section::Reports));
    w.update(Message::Reports(reports::Message::Path(
        pdf.display().to_string(),
    )));
    w.act(|ui| click(ui, "Tạo tệp PDF"));
    assert!(
        !workspace(&w.app).reports.busy,
        "the background work reported back"
    );
    assert!(w.sees(&format!("Đã ghi: {}", pdf.display())));
    let bytes = common::bytes(&pdf);
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
}

/// The texts among `names` on screen, top to bottom (what the officer reads down a table).
struct TextsAmong(Vec<String>);

impl Selector for TextsAmong {
    type Output = (String, f32);

    fn select(&mut self, candidate: Candidate<'_>) -> Option<(String, f32)> {
        match candidate {
            Candidate::Text {
                content, bounds, ..
            } if self.0.iter().any(|n| n == content) => Some((content.to_owned(), bounds.y)),
            _ => None,
        }
    }

    fn description(&self) -> String {
        format!("texts among {} names", self.0.len())
    }
}

impl<P: Program<State = App, Message = Message, Theme = Theme>> Window<P> {
    /// The texts among `names` on screen, top to bottom.
    fn read_down(&mut self, names: &[String]) -> Vec<String> {
        self.with_widgets(|ui, renderer| {
            let mut find = TextsAmong(names.to_vec()).find_all();
            ui.operate(renderer, &mut operation::black_box(&mut find));
            let mut found = match find.finish() {
                Outcome::Some(found) => found,
                _ => Vec::new(),
            };
            found.sort_by(|a, b| a.1.total_cmp(&b.1));
            found.into_iter().map(|(name, _)| name).collect()
        })
    }
}

fn click_id<R>(ui: &mut Simulator<'_, Message, Theme, R>, id: &str)
where
    R: iced_test::core::Renderer + iced_test::core::renderer::Headless,
{
    if let Err(e) = ui.click(Id::from(id.to_owned())) {
        panic!("no widget {id}: {e:?}");
    }
}

/// The year's results as the store computes them (what the screen must show).
fn year_results(app: &App) -> parindex::store::results::YearResults {
    let ws = workspace(app);
    store(app)
        .results(ws.year, ws.level, Lang::Vi)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Kết quả: a click on a column's name sorts the ranking by it, a second click reverses
/// it; the order is read back from the screen, top to bottom.
#[test]
fn the_ranking_sorts_by_a_clicked_column_and_a_second_click_reverses_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Kết quả"));
    assert_eq!(workspace(&w.app).section, Section::Results);
    let results = year_results(&w.app);
    let names: Vec<String> = results.rows.iter().map(|r| r.unit_name.clone()).collect();
    assert!(names.len() > 5, "the demo year has units: {names:?}");
    assert_eq!(w.read_down(&names), names, "opens in the ranking's order");

    w.act(|ui| click_id(ui, "sort-unit"));
    let mut by_name = names.clone();
    by_name.sort_by(|a, b| parindex::domain::text::compare_vi(a, b));
    assert_ne!(
        by_name, names,
        "the test needs an order other than the ranking's"
    );
    assert_eq!(w.read_down(&names), by_name, "A to Z by name");
    w.act(|ui| click_id(ui, "sort-unit"));
    by_name.reverse();
    assert_eq!(w.read_down(&names), by_name, "the second click reverses");

    // Self-assessed points: a figure column starts highest first.
    w.act(|ui| click_id(ui, "sort-self"));
    let mut by_self: Vec<&parindex::domain::RankedRow> = results.rows.iter().collect();
    by_self.sort_by_key(|r| std::cmp::Reverse(r.totals.self_points));
    let shown = w.read_down(&names);
    let points_of = |name: &str| {
        results
            .rows
            .iter()
            .find(|r| r.unit_name == name)
            .map(|r| r.totals.self_points)
    };
    let shown_points: Vec<_> = shown.iter().map(|n| points_of(n)).collect();
    let expected: Vec<_> = by_self.iter().map(|r| Some(r.totals.self_points)).collect();
    assert_eq!(shown_points, expected, "highest self-assessed points first");
}

/// Kết quả: the class and status filters keep only the units they name.
#[test]
fn the_ranking_is_filtered_by_class_and_by_status() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Kết quả"));
    let results = year_results(&w.app);
    let names: Vec<String> = results.rows.iter().map(|r| r.unit_name.clone()).collect();
    // The band holding the most units, so the filter keeps some and drops others.
    let (band, _) = parindex::domain::ranking::class_counts(&results.set, &results.rows)
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no bands"));
    let in_band: Vec<String> = results
        .rows
        .iter()
        .filter(|r| r.classification.as_deref() == Some(band.as_str()))
        .map(|r| r.unit_name.clone())
        .collect();
    assert!(!in_band.is_empty() && in_band.len() < names.len());

    w.act(|ui| click_id(ui, &format!("class-{band}")));
    assert_eq!(
        w.read_down(&names),
        in_band,
        "only the units classed {band}"
    );
    assert!(w.sees(&format!("Đang hiển thị {}/{}", in_band.len(), names.len())));
    assert!(!w.sees("Không có đơn vị nào khớp bộ lọc đã chọn."));
    // A band no unit reached: the table says so rather than standing empty.
    let (empty_band, _) = parindex::domain::ranking::class_counts(&results.set, &results.rows)
        .into_iter()
        .find(|(_, n)| *n == 0)
        .unwrap_or_else(|| panic!("the demo's year has an empty band"));
    w.act(|ui| click_id(ui, &format!("class-{empty_band}")));
    assert!(w.read_down(&names).is_empty());
    assert!(w.sees("Không có đơn vị nào khớp bộ lọc đã chọn."));

    // Back to every class, then one status.
    w.act(|ui| click_id(ui, "class-all"));
    assert_eq!(w.read_down(&names).len(), names.len());
    let status = results.rows[0].status;
    let with_status: Vec<String> = results
        .rows
        .iter()
        .filter(|r| r.status == status)
        .map(|r| r.unit_name.clone())
        .collect();
    w.act(|ui| click_id(ui, &format!("status-{}", status.as_str())));
    assert_eq!(w.read_down(&names), with_status);
}

/// Kết quả: a click on a unit opens how its points were reached, the tree that
/// `parindex explain` prints.
#[test]
fn a_clicked_unit_shows_the_tree_parindex_explain_prints() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    // The command line reads its own copy: the window holds its file's lock.
    let copy = common::demo_copy(dir.path(), "cli.cchc");
    w.act(|ui| click(ui, "Kết quả"));
    let results = year_results(&w.app);
    let row = &results.rows[1];
    let (name, code) = (row.unit_name.clone(), row.unit_code.clone());
    w.act(|ui| click(ui, &name));
    assert_eq!(
        workspace(&w.app).results.explained_unit(),
        Some(code.as_str())
    );
    // The same rules, word for word, as the command line's tree (its "→ rule" lines).
    let ws = workspace(&w.app);
    let (year, level) = (ws.year.to_string(), ws.level.as_str().to_owned());
    let out = common::run(&[
        "explain",
        common::s(&copy),
        "--year",
        &year,
        "--level",
        &level,
        "--unit",
        &code,
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let rules: Vec<String> = common::stdout(&out)
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("→ "))
        .map(str::to_owned)
        .collect();
    assert!(rules.len() > 10, "a tree: {rules:?}");
    for rule in rules.iter().filter(|r| !r.is_empty()).take(12) {
        assert!(
            w.sees(&format!("→ {rule}")) || w.sees(rule),
            "not on screen: {rule}"
        );
    }
    w.act(|ui| click(ui, "← Bảng xếp hạng"));
    assert_eq!(workspace(&w.app).results.explained_unit(), None);
}

/// Kết quả → Biểu đồ: the ranking chart is drawn from the year's results and saved as a
/// PNG at the path given.
#[test]
fn the_ranking_chart_is_made_and_saved_as_png() {
    use parindex::gui::screen::results;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Kết quả"));
    w.act(|ui| click(ui, "Biểu đồ"));
    let charts = workspace(&w.app).results.charts();
    assert_eq!(charts.kind(), results::ChartKind::Ranking);
    let chart = charts
        .chart()
        .unwrap_or_else(|| panic!("no chart drawn"))
        .clone();
    let ranked = year_results(&w.app)
        .rows
        .iter()
        .filter(|r| r.rank.is_some())
        .count();
    assert_eq!(chart.bars.len(), ranked, "one bar per ranked unit");
    assert!(!chart.thresholds.is_empty(), "the bands are drawn");

    let png = dir.path().join("bieu-do.png");
    w.update(Message::Results(results::Message::Chart(
        results::charts::Message::Path(png.display().to_string()),
    )));
    w.act(|ui| click(ui, "Lưu PNG"));
    assert!(w.sees(&format!("Đã lưu biểu đồ: {}", png.display())));
    let bytes = common::bytes(&png);
    assert!(!bytes.is_empty());
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("not a PNG: {e}"));
    let (width, height) = (reader.info().width, reader.info().height);
    assert_eq!((width, height), results::charts::FILE_SIZE);
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or_default()];
    reader
        .next_frame(&mut pixels)
        .unwrap_or_else(|e| panic!("{e}"));
    let dark = pixels.chunks_exact(3).filter(|p| p[0] < 100).count();
    assert!(dark > 5_000, "bars and text drawn: {dark} dark pixels");

    // The same chart as SVG beside it.
    w.act(|ui| click(ui, "Lưu SVG"));
    let svg = std::fs::read_to_string(png.with_extension("svg")).unwrap_or_default();
    assert!(svg.contains(&chart.title), "the title as text in the SVG");
}

#[test]
fn a_unit_stops_operating_only_after_the_second_click() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, file) = demo_window(dir.path());
    // Read through the window's own connection: it holds the file's lock while open.
    let active = |app: &App| -> usize {
        store(app)
            .units()
            .unwrap_or_default()
            .iter()
            .filter(|u| u.valid_to.is_none())
            .count()
    };
    w.update(Message::Section(Section::Units));
    let before = active(&w.app);
    // The first click only asks.
    w.act(|ui| click(ui, "Cho thôi hoạt động"));
    assert!(w.sees("Đồng ý, thôi hoạt động"));
    assert_eq!(active(&w.app), before, "nothing written yet");
    // Cancel leaves everything as it was.
    w.act(|ui| click(ui, "Hủy"));
    assert!(!w.sees("Đồng ý, thôi hoạt động"));
    assert_eq!(active(&w.app), before);
    // Asked again and confirmed: one unit fewer in operation, in the file.
    w.act(|ui| click(ui, "Cho thôi hoạt động"));
    w.act(|ui| click(ui, "Đồng ý, thôi hoạt động"));
    assert!(!w.sees("Đồng ý, thôi hoạt động"));
    drop(w);
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
    let (mut w, file) = demo_window(dir.path());
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
    store(&w.app)
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
        let store = store(app);
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
    let before = self_points(&w.app);

    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    w.act(|ui| type_into(ui, "import-path", &submission.display().to_string()));
    w.act(|ui| click(ui, "Đọc và kiểm tra tệp"));
    assert!(w.sees(&format!(
        "Lần đầu nhận gói của 01807 Xã Thạch An. Mã khóa: {print}"
    )));
    // Not confirmed: the button does nothing.
    w.act(|ui| click(ui, "Nhập các thay đổi"));
    assert_eq!(
        self_points(&w.app),
        before,
        "applied without the key confirmed"
    );
    w.act(|ui| click(ui, "Tôi đã đối chiếu mã khóa với người gửi"));
    w.act(|ui| click(ui, "Nhập các thay đổi"));
    assert_ne!(self_points(&w.app), before, "not applied after confirming");
    let trusted = store(&w.app)
        .trusted_senders()
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(trusted.len(), 1);
    assert_eq!(trusted[0].key.fingerprint(), print);

    // The commune changed computers: its key is forgotten in the window, only with a reason,
    // and the act is in the log.
    assert!(w.sees(&print), "the registered key is listed");
    w.act(|ui| click(ui, "Bỏ khóa"));
    assert_eq!(
        store(&w.app)
            .trusted_senders()
            .map(|t| t.len())
            .unwrap_or(0),
        1,
        "forgotten without a reason"
    );
    w.act(|ui| {
        type_into(
            ui,
            "forget-reason",
            "Xã thay máy tính, đã gọi điện đối chiếu",
        )
    });
    w.act(|ui| click(ui, "Bỏ khóa"));
    assert_eq!(
        store(&w.app)
            .trusted_senders()
            .map(|t| t.len())
            .unwrap_or(1),
        0,
        "not forgotten"
    );
    let log = store(&w.app).audit_entries().unwrap_or_default();
    assert!(
        log.last()
            .is_some_and(|e| e.action == "trust" && e.reason.contains("thay máy tính")),
        "the forgetting is in the log"
    );
    drop(w);
    assert!(file.is_file());
}

/// A backup that cannot be taken at open is said in the status line, not ignored.
#[test]
fn a_failed_backup_at_open_is_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "demo.cchc");
    let folders = folders(dir.path());
    // The data folder is a file: no backup folder can be made under it.
    let data = dir.path().join("not-a-folder");
    std::fs::write(&data, b"").unwrap_or_else(|e| panic!("{e}"));
    let folders = Folders {
        data: Some(data),
        ..folders
    };
    let w = Window::new(gui::application(Some(file), folders));
    let status = workspace(&w.app).status.clone();
    assert!(
        matches!(&status, Some(Err(e)) if e.starts_with("Chưa sao lưu được tệp khi mở: ")),
        "status: {status:?}"
    );
    assert!(
        store(&w.app).units().is_ok(),
        "the file is open all the same"
    );
}

/// A document damaged on disk: the start screen says so and offers the newest backup that
/// passes a restore's checks (a newer backup, whole in its header but damaged inside, is
/// passed over); accepting restores it into a new file beside the damaged one, which opens,
/// and the damaged file keeps its bytes.
#[test]
fn a_damaged_file_offers_its_latest_good_backup_restored_into_a_new_file() {
    use parindex::store::backup;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "thach-an.cchc");
    let folders = folders(dir.path());
    // Opening the file in the window backs it up.
    drop(Window::new(gui::application(
        Some(file.clone()),
        folders.clone(),
    )));
    let root = folders
        .backups()
        .unwrap_or_else(|| panic!("no data folder"));
    let listed =
        backup::list_in(&backup::folder_in(&root, &file)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed.len(), 1, "{listed:?}");
    let good = listed[0].path.clone();
    // A newer backup with a b-tree page of its data damaged.
    let mut inside = common::bytes(&good);
    let page = usize::from(u16::from_be_bytes([inside[16], inside[17]]));
    let middle = (1..inside.len() / page)
        .filter(|p| inside[p * page] == 13)
        .nth(3)
        .unwrap_or_else(|| panic!("no data page"));
    inside[middle * page] ^= 0xff;
    let stamp = (chrono::Utc::now() + chrono::Duration::hours(1)).format("%Y%m%d-%H%M%S%.3f");
    let newer = good.with_file_name(format!("{stamp}-manual.cchc"));
    std::fs::write(&newer, &inside).unwrap_or_else(|e| panic!("{e}"));
    // The document itself cut to half, as a copy interrupted would leave it.
    let whole = common::bytes(&file);
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    let damaged = common::bytes(&file);

    let mut w = Window::new(gui::application(Some(file.clone()), folders));
    let Screen::Start(state) = &w.app.screen else {
        panic!("the damaged file opened");
    };
    assert!(state.error.is_some(), "no message");
    let offer = state
        .rescue
        .as_ref()
        .unwrap_or_else(|| panic!("no backup offered: {:?}", state.error));
    assert_eq!(offer.backup.path, good, "not the newest good backup");
    w.act(|ui| click(ui, "Khôi phục vào tệp mới"));
    let restored = dir.path().join("thach-an-khoi-phuc.cchc");
    assert_eq!(workspace(&w.app).file, restored);
    assert_eq!(
        common::bytes(&file),
        damaged,
        "the damaged file was replaced"
    );
    let demo =
        Store::open(common::demo_master(), Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store(&w.app).units().map(|u| u.len()).ok(),
        demo.units().map(|u| u.len()).ok()
    );
}

/// A cell stored by moving away with the arrow keys counts as a save, as Enter does: the
/// status line says so (and the backup clock counts the edit).
#[test]
fn a_cell_stored_by_an_arrow_key_is_a_save() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    // Xã Minh Khai is still drafting in 2025.
    let minh_khai = workspace(&w.app)
        .scoring
        .units
        .iter()
        .find(|u| u.code == "01795")
        .cloned()
        .unwrap_or_else(|| panic!("Minh Khai"));
    w.update(Message::Scoring(scoring::Message::PickUnit(minh_khai)));
    let code = {
        let sheet = workspace(&w.app).scoring.sheet.as_ref();
        let sheet = sheet.unwrap_or_else(|| panic!("sheet"));
        sheet
            .set
            .leaves()
            .into_iter()
            .find(|n| {
                n.leaf
                    .as_ref()
                    .is_some_and(|l| l.kind == parindex::domain::LeafKind::Manual)
                    && !sheet.input.scores.contains_key(&n.id)
            })
            .map(|n| n.code.to_string())
            .unwrap_or_else(|| panic!("an empty manual leaf"))
    };
    w.select(&format!("cell-{code}-self"));
    w.type_text("0");
    assert_eq!(workspace(&w.app).status, None, "typed, not stored");
    w.update(Message::Key(
        iced::keyboard::Key::Named(Named::ArrowDown),
        iced::keyboard::Modifiers::default(),
    ));
    let ws = workspace(&w.app);
    assert_eq!(ws.status, Some(Ok("Đã lưu".to_owned())));
    let id = leaf_id(&w.app, &code);
    let stored = ws
        .scoring
        .sheet
        .as_ref()
        .and_then(|s| s.input.scores.get(&id))
        .and_then(|s| s.self_points);
    assert_eq!(stored, Some(Points::ZERO));
}

/// The same edits typed in the window and given on the command line store the same scores
/// and the same audit fields (who and when aside): both go through the store's one path.
#[test]
fn the_window_and_the_command_line_record_the_same_edits() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, window_file) = demo_window(dir.path());
    let cli_file = common::demo_copy(dir.path(), "cli.cchc");
    let logged_before: i64 = rusqlite::Connection::open(&cli_file)
        .and_then(|c| c.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0)))
        .unwrap_or_else(|e| panic!("{e}"));

    // Xã Minh Khai (drafting in 2025): an empty manual leaf gets its maximum as self points,
    // then a first-round appraisal of 0 with its reason.
    let minh_khai = workspace(&w.app)
        .scoring
        .units
        .iter()
        .find(|u| u.code == "01795")
        .cloned()
        .unwrap_or_else(|| panic!("Minh Khai"));
    w.update(Message::Scoring(scoring::Message::PickUnit(minh_khai)));
    let (code, max) = {
        let sheet = workspace(&w.app)
            .scoring
            .sheet
            .as_ref()
            .unwrap_or_else(|| panic!("sheet"));
        let leaf = sheet
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
        (
            leaf.code.to_string(),
            leaf.leaf.as_ref().map(|l| l.max).unwrap_or_default(),
        )
    };
    let reason = "Chưa có văn bản kiểm chứng";
    w.enter(&format!("cell-{code}-self"), &max.to_vi());
    w.enter(&format!("cell-{code}-r1"), "0");
    w.type_and_enter(reason);
    drop(w);

    for (stage, points, why) in [
        ("--self", max.to_vi(), None),
        ("--appraisal", "0".into(), Some(reason)),
    ] {
        let mut args = vec![
            "score",
            common::s(&cli_file),
            "--year",
            "2025",
            "--level",
            "commune",
            "--unit",
            "01795",
            "--criterion",
            &code,
            stage,
            &points,
        ];
        if let Some(why) = why {
            args.extend(["--reason", why]);
        }
        let out = common::run(&args);
        assert!(out.status.success(), "{}", common::stderr(&out));
    }

    type Logged = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    );
    type Stored = (Option<i64>, Option<i64>, String);
    let read = |path: &Path| -> (Vec<Logged>, Vec<Stored>) {
        let conn = rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
        let log = conn
            .prepare(
                "SELECT action, subject, field, old_value, new_value, reason FROM audit_log
                 WHERE seq > ?1 ORDER BY seq",
            )
            .and_then(|mut stmt| {
                stmt.query_map([logged_before], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<Logged>>>()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let scores = conn
            .prepare(
                "SELECT s.self_points, s.round1_points, s.round1_reason FROM score s
                 JOIN criterion c ON c.id = s.criterion_id JOIN assessment a ON a.id = s.assessment_id
                 JOIN unit u ON u.id = a.unit_id JOIN index_set i ON i.id = a.index_set_id
                 WHERE u.code = '01795' AND i.year = 2025 AND c.code = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_map([&code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        (log, scores)
    };
    let (window_log, window_scores) = read(&window_file);
    let (cli_log, cli_scores) = read(&cli_file);
    assert_eq!(
        window_scores,
        vec![(Some(max.milli()), Some(0), reason.to_owned())]
    );
    assert_eq!(window_scores, cli_scores);
    assert_eq!(window_log.len(), 2, "{window_log:?}");
    assert_eq!(window_log, cli_log);
}

/// The open document picked as a received file is refused before it is read: reading it in
/// the window's process would drop the window's lock, and another program could then write.
#[test]
fn the_open_file_picked_as_a_received_file_is_refused_and_keeps_its_lock() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    w.act(|ui| type_into(ui, "import-path", &file.display().to_string()));
    w.act(|ui| click(ui, "Đọc và kiểm tra tệp"));
    assert!(w.sees("Đây là chính tệp đang mở; hãy chọn tệp khác"));
    let out = common::run(&[
        "score",
        common::s(&file),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        "01795",
        "--criterion",
        "1.1.1",
        "--self",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stdout(&out));
    assert!(
        common::stderr(&out).contains("đang được mở"),
        "{}",
        common::stderr(&out)
    );
    drop(w);
}

/// The demo window on Xã Minh Khai (drafting in 2025).
fn minh_khai_window(
    dir: &Path,
) -> (
    Window<impl Program<State = App, Message = Message, Theme = Theme>>,
    PathBuf,
) {
    let (mut w, file) = demo_window(dir);
    let unit = workspace(&w.app)
        .scoring
        .units
        .iter()
        .find(|u| u.code == "01795")
        .cloned()
        .unwrap_or_else(|| panic!("Minh Khai"));
    w.update(Message::Scoring(scoring::Message::PickUnit(unit)));
    (w, file)
}

/// The first manual leaf of the open sheet whose maximum is at least `at_least`.
fn manual_leaf(app: &App, at_least: Points) -> (String, Points) {
    let sheet = workspace(app).scoring.sheet.as_ref();
    let sheet = sheet.unwrap_or_else(|| panic!("sheet"));
    sheet
        .set
        .leaves()
        .into_iter()
        .find_map(|n| {
            let leaf = n.leaf.as_ref()?;
            (leaf.kind == parindex::domain::LeafKind::Manual && leaf.max >= at_least)
                .then(|| (n.code.to_string(), leaf.max))
        })
        .unwrap_or_else(|| panic!("a manual leaf"))
}

/// What the file holds for one leaf of Minh Khai's 2025 sheet, read through the Store.
fn stored_leaf(app: &App, code: &str) -> parindex::domain::LeafScore {
    let sheet = store(app)
        .sheet(2025, Level::Commune, "01795")
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    let id = sheet.set.find(code).map(|n| n.id).unwrap_or_default();
    sheet.input.scores.get(&id).cloned().unwrap_or_default()
}

fn active(app: &App) -> Option<String> {
    workspace(app).scoring.active_cell()
}

#[test]
fn typing_over_a_filled_cell_replaces_it_and_esc_restores_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    let (code, _) = manual_leaf(&w.app, Points::whole(1));
    let cell = format!("cell-{code}-self");
    w.enter(&cell, "1");
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::whole(1))
    );

    // Typed over the stored 1: replaced, not appended (not "10,5").
    w.enter(&cell, "0,5");
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::from_milli(500))
    );

    // An edit abandoned with Esc: the stored value is shown again, nothing pending.
    w.select(&cell);
    w.type_text("1");
    assert!(workspace(&w.app).scoring.pending_edit().is_some(), "typing");
    w.press(Named::Escape);
    assert_eq!(workspace(&w.app).scoring.pending_edit(), None);
    assert_eq!(
        active(&w.app).as_deref(),
        Some(cell.as_str()),
        "still there"
    );
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::from_milli(500))
    );

    // Delete clears the stored value (audited like any edit).
    let logged = store(&w.app).audit_entries().unwrap_or_default().len();
    w.press(Named::Delete);
    assert_eq!(stored_leaf(&w.app, &code).self_points, None);
    assert_eq!(
        store(&w.app).audit_entries().unwrap_or_default().len(),
        logged + 1
    );
}

#[test]
fn enter_through_forty_rows_keeps_the_active_cell_in_view() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    // The first key activates the first cell; then 40 Enters down the sheet.
    w.press(Named::ArrowDown);
    for _ in 0..40 {
        w.press(Named::Enter);
    }
    let cell = active(&w.app).unwrap_or_else(|| panic!("an active cell"));
    let (bounds, visible) = w.bounds(&cell);
    let (rows, _) = w.bounds("grid-rows");
    let visible = visible.unwrap_or_else(|| panic!("{cell} is scrolled out of sight"));
    assert!(
        (visible.height - bounds.height).abs() < 0.5
            && visible.y >= rows.y
            && visible.y + visible.height <= rows.y + rows.height,
        "{cell} at {visible:?} is not wholly inside the rows {rows:?}"
    );
    // It did go 40 rows down.
    let sheet = workspace(&w.app).scoring.sheet.as_ref();
    let order: Vec<String> = sheet
        .map(|s| {
            s.set
                .leaves()
                .into_iter()
                .filter(|n| {
                    n.leaf
                        .as_ref()
                        .is_some_and(|l| l.kind != parindex::domain::LeafKind::Survey)
                })
                .map(|n| n.code.to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(order.len() > 40, "the demo has {} rows", order.len());
    assert!(cell.starts_with(&format!("cell-{}-", order[40])), "{cell}");
}

#[test]
fn a_refused_value_holds_the_cursor_and_the_status_buttons() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    let (code, max) = manual_leaf(&w.app, Points::ZERO);
    let cell = format!("cell-{code}-self");
    let before = stored_leaf(&w.app, &code).self_points;
    let too_much = (max + Points::whole(1)).to_vi();
    w.enter(&cell, &too_much);
    let refusal = format!("điểm {too_much} vượt điểm tối đa {}", max.to_vi());
    assert!(w.sees_part(&refusal), "expected {refusal}");
    assert_eq!(active(&w.app).as_deref(), Some(cell.as_str()), "Enter held");
    w.press(Named::ArrowDown);
    w.press(Named::Tab);
    assert_eq!(active(&w.app).as_deref(), Some(cell.as_str()), "moves held");
    assert_eq!(stored_leaf(&w.app, &code).self_points, before);

    // The status buttons refuse and name the cell.
    w.act(|ui| click(ui, "Gửi thẩm định"));
    assert!(
        w.sees_part(&format!("Ô đang sửa chưa lưu: {code} (Tự đánh giá)")),
        "the cell is named"
    );
    let status = |app: &App| {
        store(app)
            .assessment(2025, Level::Commune, "01795")
            .map(|a| a.status)
            .ok()
    };
    assert_eq!(status(&w.app), Some(Status::Draft));

    // Abandoned: the stored value again, and the button works once confirmed.
    w.press(Named::Escape);
    w.act(|ui| click(ui, "Gửi thẩm định"));
    assert_eq!(status(&w.app), Some(Status::Draft), "asked first");
    w.act(|ui| click(ui, "Đồng ý, gửi thẩm định"));
    assert_eq!(status(&w.app), Some(Status::Submitted));
}

#[test]
fn the_appraisal_reason_is_typed_at_the_cell_and_stored_with_the_points() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    let (code, max) = manual_leaf(&w.app, Points::from_milli(1));
    w.enter(&format!("cell-{code}-self"), &max.to_vi());
    let note = stored_leaf(&w.app, &code).self_note;
    let audited = store(&w.app).audit_entries().unwrap_or_default().len();

    // Different points: refused until a reason exists; the reason field gets the keyboard.
    w.enter(&format!("cell-{code}-r1"), "0");
    assert_eq!(stored_leaf(&w.app, &code).round1, None);
    assert_eq!(
        w.focused(),
        Some(Id::from(format!("cell-{code}-reason"))),
        "the reason field has the keyboard"
    );
    // Typed there, Enter: points and reason stored together.
    w.type_and_enter("Biên bản kiểm tra thiếu chữ ký");
    let stored = stored_leaf(&w.app, &code);
    assert_eq!(stored.round1, Some(Points::ZERO));
    assert_eq!(stored.round1_reason, "Biên bản kiểm tra thiếu chữ ký");
    assert_eq!(stored.self_note, note, "never the commune's note");
    // One store call: the points and the reason in one audit entry.
    let log = store(&w.app).audit_entries().unwrap_or_default();
    assert_eq!(log.len(), audited + 1);
    assert_eq!(
        log.last().map(|e| e.reason.as_str()),
        Some("Biên bản kiểm tra thiếu chữ ký")
    );
}

#[test]
fn locking_a_year_asks_first_and_says_what_it_locks() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    // Sending says what is missing before it is sent.
    w.act(|ui| click(ui, "Gửi thẩm định"));
    assert!(
        w.sees_part("tiêu chí chưa nhập điểm"),
        "the empty criteria are counted"
    );
    w.act(|ui| click(ui, "Đồng ý, gửi thẩm định"));
    w.act(|ui| click(ui, "Hoàn thành thẩm định"));
    assert!(w.sees_part("chưa có điểm thẩm định"));
    w.act(|ui| click(ui, "Đồng ý, hoàn thành thẩm định"));
    let locked = |app: &App| {
        store(app)
            .assessment(2025, Level::Commune, "01795")
            .map(|a| a.locked)
            .unwrap_or_default()
    };
    w.act(|ui| click(ui, "Công bố và khóa"));
    assert!(w.sees_part("Sau khi khóa không sửa được điểm"));
    assert!(!locked(&w.app), "asked, not locked");
    w.act(|ui| click(ui, "Hủy"));
    assert!(!locked(&w.app));
    w.act(|ui| click(ui, "Công bố và khóa"));
    w.act(|ui| click(ui, "Đồng ý, công bố và khóa"));
    assert!(locked(&w.app));
}

/// The demo in the window, on the scoring screen, at Xã Minh Khai (still drafting in 2025),
/// reached as the officer does: Ctrl+G, the name typed without diacritics, Enter.
fn at_minh_khai(w: &mut Window<impl Program<State = App, Message = Message, Theme = Theme>>) {
    w.act(|ui| click(ui, "Chấm điểm"));
    w.press_with(keyboard::Key::Character("g".into()), Modifiers::CTRL);
    w.act(|ui| {
        type_into(ui, "goto-unit", "minh khai");
        let _ = ui.tap_key(Named::Enter);
    });
}

fn open_unit(app: &App) -> String {
    workspace(app)
        .scoring
        .unit
        .as_ref()
        .map(|u| u.code.clone())
        .unwrap_or_default()
}

/// The stored raw figures of a leaf of the open unit.
fn raw(app: &App, code: &str) -> (Option<i64>, Option<i64>) {
    let id = leaf_id(app, code);
    workspace(app)
        .scoring
        .sheet
        .as_ref()
        .and_then(|s| s.input.scores.get(&id))
        .map(|s| (s.raw.a, s.raw.b))
        .unwrap_or_default()
}

fn self_points(app: &App, code: &str) -> Option<Points> {
    let id = leaf_id(app, code);
    workspace(app)
        .scoring
        .sheet
        .as_ref()
        .and_then(|s| s.input.scores.get(&id))
        .and_then(|s| s.self_points)
}

/// Folds an area of the open sheet by a click on its row, as the officer makes room.
fn fold_area(
    w: &mut Window<impl Program<State = App, Message = Message, Theme = Theme>>,
    code: &str,
) {
    let title = workspace(&w.app)
        .scoring
        .sheet
        .as_ref()
        .and_then(|s| s.set.roots.iter().find(|n| &*n.code == code))
        .map(|n| format!("▾ {}", n.title))
        .unwrap_or_else(|| panic!("no area {code}"));
    w.act(|ui| click(ui, &title));
}

fn audit_len(app: &App) -> usize {
    store(app)
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e:?}"))
        .len()
}

#[test]
fn ctrl_g_finds_a_unit_typed_without_diacritics() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Chấm điểm"));
    assert_ne!(
        open_unit(&w.app),
        "01795",
        "the window does not start there"
    );
    at_minh_khai(&mut w);
    assert_eq!(open_unit(&w.app), "01795", "Xã Minh Khai");
    assert!(
        workspace(&w.app).scoring.goto.is_none(),
        "the search closes"
    );
}

#[test]
fn ctrl_page_down_and_up_move_between_units() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Chấm điểm"));
    let units: Vec<String> = workspace(&w.app)
        .scoring
        .units
        .iter()
        .map(|u| u.code.clone())
        .collect();
    assert!(units.len() >= 2, "the demo has several communes");
    let first = open_unit(&w.app);
    let at = units.iter().position(|c| *c == first).unwrap_or(0);
    w.press_with(keyboard::Key::Named(Named::PageDown), Modifiers::CTRL);
    assert_eq!(
        open_unit(&w.app),
        units[at + 1],
        "the next unit of the picker"
    );
    w.press_with(keyboard::Key::Named(Named::PageUp), Modifiers::CTRL);
    assert_eq!(open_unit(&w.app), first, "and back");
    // The picker says where each unit stands.
    let shown = workspace(&w.app).scoring.units[0].to_string();
    assert!(
        shown.contains(" — ") && shown.contains("tiêu chí chưa nhập") || shown.contains("Đã"),
        "status and empty criteria in the picker: {shown}"
    );
}

#[test]
fn a_pasted_block_of_ratio_figures_is_one_change_and_one_undo() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, file) = demo_window(dir.path());
    at_minh_khai(&mut w);
    let codes = ["3.2.1", "3.2.2", "3.2.3", "3.2.4"];
    let before: Vec<_> = codes.iter().map(|c| raw(&w.app, c)).collect();
    let logged = audit_len(&w.app);
    // Areas 1 and 2 folded, so the block of area 3 is on screen.
    fold_area(&mut w, "1");
    fold_area(&mut w, "2");

    // Four rows, two columns, as Excel copies them.
    w.clipboard = Some("95\t100\r\n3\t5\r\n80\t100\r\n10\t200\r\n".into());
    w.paste_at("cell-3.2.1-rawa");
    let after: Vec<_> = codes.iter().map(|c| raw(&w.app, c)).collect();
    assert_eq!(
        after,
        vec![
            (Some(95), Some(100)),
            (Some(3), Some(5)),
            (Some(80), Some(100)),
            (Some(10), Some(200))
        ]
    );
    assert_eq!(workspace(&w.app).status, Some(Ok("Đã lưu".to_owned())));
    let entries = store(&w.app)
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let new = &entries[logged..];
    assert!(new.len() >= 4, "an audit entry per figure changed");
    assert!(
        new.iter().all(|e| e.actor == "Lò Văn Kiểm (Phòng Nội vụ)"),
        "signed by the officer"
    );
    // The cell did not take the clipboard as its own text.
    assert!(!w.sees("951003580100"));

    // One Ctrl+Z takes the whole block back, audited too.
    let logged = audit_len(&w.app);
    w.press_with(keyboard::Key::Character("z".into()), Modifiers::CTRL);
    let undone: Vec<_> = codes.iter().map(|c| raw(&w.app, c)).collect();
    assert_eq!(undone, before);
    assert!(audit_len(&w.app) > logged, "the undo is in the log");
    drop(w);
    let reopened = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e:?}"));
    let sheet = reopened
        .sheet(2025, Level::Commune, "01795")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let leaf = sheet.set.find("3.2.1").map(|n| n.id);
    let stored = leaf
        .and_then(|id| sheet.input.scores.get(&id))
        .map(|s| (s.raw.a, s.raw.b))
        .unwrap_or_default();
    assert_eq!(stored, before[0], "on disk as well");
}

#[test]
fn a_paste_with_a_refused_row_stores_nothing_until_confirmed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    at_minh_khai(&mut w);
    let kept = self_points(&w.app, "1.4.2");
    let logged = audit_len(&w.app);
    // 1.4.1 (max 0,5), 1.4.2 refused ("abc"), 1.5.1 (max 1).
    w.clipboard = Some("0,5\nabc\n1\n".into());
    w.paste_at("cell-1.4.1-self");
    assert!(w.sees("Chưa lưu gì. Các dòng sau không dán được:"));
    assert_eq!(audit_len(&w.app), logged, "nothing stored yet");
    let refused = workspace(&w.app)
        .scoring
        .paste
        .as_ref()
        .map(|p| {
            p.refused
                .iter()
                .map(|r| (r.line, r.code.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    assert_eq!(refused, vec![(2, Some("1.4.2".to_owned()))]);
    w.act(|ui| click(ui, "Lưu các dòng hợp lệ (2)"));
    assert_eq!(self_points(&w.app, "1.4.1"), Points::parse("0,5").ok());
    assert_eq!(self_points(&w.app, "1.5.1"), Points::parse("1").ok());
    assert_eq!(
        self_points(&w.app, "1.4.2"),
        kept,
        "the refused row is untouched"
    );
    assert!(workspace(&w.app).scoring.paste.is_none());
}

/// Asked at the first keystroke, the question took the rest of the value typed into the cell
/// as the officer's name (",25"): it is asked as the file opens, before anything is typed.
#[test]
fn opening_a_file_asks_who_is_working_and_the_log_carries_the_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "demo.cchc");
    let folders = Folders::under(&dir.path().join("window"));
    Preferences {
        demo_offered: true,
        ..Preferences::default()
    }
    .save(&folders);
    let mut w = Window::new(gui::application(Some(file), folders.clone()));
    assert!(w.sees("Ai đang làm việc?"), "asked as the file opens");
    let logged = audit_len(&w.app);
    w.act(|ui| {
        type_into(ui, "who-name", "Hà Thị Mai");
        type_into(ui, "who-office", "UBND xã Minh Khai");
    });
    w.act(|ui| click(ui, "Lưu và tiếp tục"));
    assert!(!w.sees("Ai đang làm việc?"), "asked once");
    assert!(w.sees("Người làm: Hà Thị Mai (UBND xã Minh Khai)"));
    assert_eq!(audit_len(&w.app), logged, "nothing stored by the question");

    // Every key of a value typed into a cell goes to the cell.
    at_minh_khai(&mut w);
    let (code, _) = manual_leaf(&w.app, Points::from_milli(250));
    w.enter(&format!("cell-{code}-self"), "0,25");
    assert_eq!(self_points(&w.app, &code), Some(Points::from_milli(250)));
    let entries = store(&w.app)
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(entries.len() > logged);
    assert!(
        entries[logged..]
            .iter()
            .all(|e| e.actor == "Hà Thị Mai (UBND xã Minh Khai)")
    );
    let kept = Preferences::load(&folders);
    assert_eq!(
        (kept.user_name.as_str(), kept.office.as_str()),
        ("Hà Thị Mai", "UBND xã Minh Khai")
    );
}

/// A 1280×720 screen at 125 % (1024×576 logical) and the smallest window (800×560): the
/// points columns, the final points and the evidence are inside the window, not past its
/// right edge behind a sideways scroll.
#[test]
fn the_grid_fits_a_small_screen_at_a_large_zoom() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    for (width, height) in [(1024.0, 576.0), (800.0, 560.0), (1536.0, 864.0)] {
        w.size = Size::new(width, height);
        for cell in ["cell-1.1.1-self", "cell-1.1.1-r1", "cell-1.1.1-final"] {
            let (bounds, visible) = w.bounds(cell);
            let visible = visible.unwrap_or_else(|| panic!("{cell} hidden at {width}"));
            assert!(
                bounds.x + bounds.width <= width && (visible.width - bounds.width).abs() < 0.5,
                "{cell} at {bounds:?} is cut at a {width} px wide window"
            );
        }
        // The evidence of 1.1.1 (one document) is on screen: its own column when wide,
        // under the title when narrow.
        assert!(w.sees_part("1 văn bản"), "evidence at {width}");
    }
}

#[test]
fn ctrl_g_keeps_the_criterion_and_stores_the_cell_being_typed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    let (code, _) = manual_leaf(&w.app, Points::whole(1));
    let cell = format!("cell-{code}-self");
    w.select(&cell);
    w.type_text("1");
    assert!(
        w.sees_part("chưa lưu"),
        "the total says it holds a value being typed"
    );
    w.press_with(keyboard::Key::Character("g".into()), Modifiers::CTRL);
    assert!(
        w.sees_part("Tìm đơn vị (Ctrl+G)"),
        "the search field is labelled"
    );
    w.act(|ui| {
        type_into(ui, "goto-unit", "canh tan");
        let _ = ui.tap_key(Named::Enter);
    });
    // The "1" typed at Minh Khai was stored there before Canh Tân opened.
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::whole(1))
    );
    assert_eq!(open_unit(&w.app), "01789", "Canh Tân opened");
    assert_eq!(
        active(&w.app).as_deref(),
        Some(cell.as_str()),
        "same criterion"
    );
    assert!(!w.sees_part("chưa lưu"));
}

/// 11/13 typed as 111/13 is refused where a ratio cannot pass 100 %; revenue against its
/// estimate (6.1.1) may, and is labelled so.
#[test]
fn a_numerator_above_its_denominator_is_refused_unless_the_criterion_allows_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    // A tall window: 6.1.1 is clicked without scrolling to it first.
    w.size = Size::new(1366.0, 4000.0);
    w.enter("cell-6.1.1-rawa", "1200");
    w.enter("cell-6.1.1-rawb", "1000");
    let revenue = stored_leaf(&w.app, "6.1.1");
    assert_eq!((revenue.raw.a, revenue.raw.b), (Some(1200), Some(1000)));
    assert!(
        w.sees_part("được vượt 100%"),
        "6.1.1 says it may pass 100 %"
    );

    let before = stored_leaf(&w.app, "1.1.2");
    w.enter("cell-1.1.2-rawa", "111");
    w.enter("cell-1.1.2-rawb", "13");
    assert!(w.sees_part("tử số lớn hơn mẫu số"), "the refusal is shown");
    assert_eq!(
        active(&w.app).as_deref(),
        Some("cell-1.1.2-rawb"),
        "the cursor stays on the refused figure"
    );
    let after = stored_leaf(&w.app, "1.1.2");
    assert_eq!(
        (after.raw, after.self_points),
        (before.raw, before.self_points)
    );
}

/// A value far from the same criterion's last year (more than half its maximum) gets a
/// quiet mark, and is stored all the same. Minh Khai of 2025 continues the Minh Khai of
/// 2024 that kept its code.
#[test]
fn a_value_far_from_last_year_is_marked_not_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    w.size = Size::new(1366.0, 4000.0);
    // An empty manual criterion that had its full points last year.
    let (code, max) = {
        let sheet = workspace(&w.app).scoring.sheet.as_ref();
        let sheet = sheet.unwrap_or_else(|| panic!("sheet"));
        sheet
            .set
            .leaves()
            .into_iter()
            .find_map(|n| {
                let leaf = n.leaf.as_ref()?;
                let last = sheet.last_year.get(&*n.code)?;
                let empty = sheet
                    .input
                    .scores
                    .get(&n.id)
                    .is_none_or(|s| s.effective().is_none());
                (leaf.kind == parindex::domain::LeafKind::Manual && *last == leaf.max && empty)
                    .then(|| (n.code.to_string(), leaf.max))
            })
            .unwrap_or_else(|| panic!("an empty manual criterion with full points in 2024"))
    };
    let mark = "khác xa năm trước";
    let marks = w.count_parts(mark);
    w.enter(&format!("cell-{code}-self"), "0");
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::ZERO),
        "stored"
    );
    assert_eq!(w.count_parts(mark), marks + 1, "{code} is marked");
    w.enter(&format!("cell-{code}-self"), &max.to_vi());
    assert_eq!(w.count_parts(mark), marks, "as last year: no mark");
}

/// "0,5" may be typed ",5" (one key fewer for every half point), and appraising a unit that
/// has not sent its self-assessment is said, not refused.
#[test]
fn half_points_typed_short_and_early_appraisal_said() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    let (code, _) = manual_leaf(&w.app, Points::whole(1));
    w.enter(&format!("cell-{code}-self"), ",5");
    assert_eq!(
        stored_leaf(&w.app, &code).self_points,
        Some(Points::from_milli(500))
    );
    assert!(!w.sees_part("chưa gửi thẩm định"));
    w.select(&format!("cell-{code}-r1"));
    assert!(
        w.sees_part("chưa gửi thẩm định"),
        "Minh Khai is still drafting"
    );
}

/// The province's appendix imported in the window: a damaged one lists its unreadable rows
/// and stores nothing; a good one is previewed (tree, the sum that does not add up, the
/// rules proposed), cancelled (nothing stored), then read again and accepted with the sum
/// chosen.
#[test]
fn an_index_set_is_imported_from_excel_through_its_preview() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("huyen.cchc");
    let mut w = new_window(dir.path());
    w.act(|ui| click(ui, "Tạo tệp mới"));
    w.act(|ui| {
        type_into(ui, "new-owner", "UBND huyện Thạch An — Phòng Nội vụ");
        type_into(ui, "path", file.to_str().unwrap_or_default());
    });
    w.act(|ui| click(ui, "Tạo"));
    let (year, level) = (workspace(&w.app).year, workspace(&w.app).level);
    let header = ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"];
    let damaged = common::appendix(
        dir.path(),
        "hong.xlsx",
        &["PHỤ LỤC"],
        &header,
        &[
            &["I", "Công tác chỉ đạo", "#4", ""],
            &["1", "Kế hoạch CCHC", "hai", ""],
        ],
    );
    let good = common::appendix(
        dir.path(),
        "phu-luc.xlsx",
        &["PHỤ LỤC", "Bộ chỉ số CCHC cấp xã"],
        &header,
        &[
            &["I", "Công tác chỉ đạo, điều hành", "#4", ""],
            &["1", "Ban hành kế hoạch CCHC", "#2", "Có: 2 điểm; không: 0"],
            &["2", "Tỷ lệ nhiệm vụ hoàn thành", "1,5", ""],
            &["II", "Cải cách thủ tục hành chính", "#6", ""],
            &[
                "3",
                "Tỷ lệ hồ sơ giải quyết đúng hạn",
                "#6",
                "100%: 6 điểm; từ 95% đến dưới 100%: 3 điểm; dưới 95%: 0",
            ],
        ],
    );
    let no_set = |w: &Window<_>| store(&w.app).index_set(year, level).is_err();
    let read = |w: &mut Window<_>, path: &Path| {
        w.act(|ui| click(ui, "Nhập phụ lục từ Excel…"));
        w.act(|ui| type_into(ui, sets::import::PATH_ID, path.to_str().unwrap_or_default()));
        w.act(|ui| click(ui, "Đọc và xem trước"));
    };

    w.act(|ui| click(ui, "Bộ chỉ số"));
    read(&mut w, &damaged);
    assert!(w.sees_part("Không dùng được tệp này"), "damaged: refused");
    assert!(w.sees_part("hai"), "the unreadable points are named");
    assert!(no_set(&w));
    w.act(|ui| click(ui, "Hủy"));

    read(&mut w, &good);
    assert!(
        w.sees_part("2 lĩnh vực · 3 tiêu chí thành phần"),
        "the tree is previewed"
    );
    assert!(
        w.sees_part("I: ghi 4 · tổng các tiêu chí con 3,5"),
        "the sum that differs"
    );
    assert!(
        w.sees_part("Có: 2 điểm; không: 0"),
        "a rule proposed beside its sentence"
    );
    w.act(|ui| click(ui, "Hủy"));
    assert!(no_set(&w), "cancelled: nothing stored");

    read(&mut w, &good);
    // Accepting waits for the choice about the sum.
    w.act(|ui| click(ui, "Dùng tổng các tiêu chí con"));
    w.act(|ui| click(ui, "Nhập bộ chỉ số"));
    let (_, set) = store(&w.app)
        .index_set(year, level)
        .unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<String> = set.leaves().iter().map(|n| n.code.to_string()).collect();
    assert_eq!(codes, ["1", "2", "3"]);
    assert_eq!(set.max_total, Points::from_milli(9_500), "the sum chosen");
    assert!(
        w.sees_part("phu-luc"),
        "the set screen shows the imported set"
    );
}

/// Once a unit has sent its self-assessment, its own cells take no typing (the store would
/// refuse it): the first key goes to the appraisal column, and typing into a self cell says
/// why nothing happens. Undoing an appraisal takes its reason with it.
#[test]
fn a_sent_self_assessment_is_read_only_and_undo_takes_the_reason_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Chấm điểm"));
    w.press_with(keyboard::Key::Character("g".into()), Modifiers::CTRL);
    w.act(|ui| {
        type_into(ui, "goto-unit", "canh tan");
        let _ = ui.tap_key(Named::Enter);
    });
    let first = active(&w.app).unwrap_or_default();
    assert!(
        first.ends_with("-r1"),
        "the appraisal column first: {first}"
    );
    let (code, _) = manual_leaf(&w.app, Points::whole(1));
    let sheet = |app: &App| {
        store(app)
            .sheet(2025, Level::Commune, "01789")
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let id = sheet(&w.app)
        .set
        .find(&code)
        .map(|n| n.id)
        .unwrap_or_default();
    let before = sheet(&w.app)
        .input
        .scores
        .get(&id)
        .cloned()
        .unwrap_or_default();
    w.select(&format!("cell-{code}-self"));
    w.type_text("0");
    w.press(Named::Enter);
    assert!(
        w.sees_part("đã gửi thẩm định: điểm tự đánh giá"),
        "says why"
    );
    let after = sheet(&w.app)
        .input
        .scores
        .get(&id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(after.self_points, before.self_points, "nothing stored");

    // An appraisal that differs, with its reason, then Ctrl+Z: points and reason go.
    let other = if before.self_points == Some(Points::ZERO) {
        "1"
    } else {
        "0"
    };
    w.enter(&format!("cell-{code}-r1"), other);
    w.type_and_enter("Thiếu báo cáo quý");
    let appraised = sheet(&w.app)
        .input
        .scores
        .get(&id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(appraised.round1_reason, "Thiếu báo cáo quý");
    w.press_with(keyboard::Key::Character("z".into()), Modifiers::CTRL);
    let undone = sheet(&w.app)
        .input
        .scores
        .get(&id)
        .cloned()
        .unwrap_or_default();
    assert_eq!((undone.round1, undone.round1_reason.as_str()), (None, ""));
}

/// A filled ratio changed figure by figure: the new numerator is not checked against the
/// old denominator; the pair is stored when the denominator is entered.
#[test]
fn a_filled_ratio_is_changed_numerator_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = minh_khai_window(dir.path());
    w.enter("cell-1.1.2-rawa", "11");
    w.enter("cell-1.1.2-rawb", "13");
    assert_eq!(stored_leaf(&w.app, "1.1.2").raw.b, Some(13));
    w.select("cell-1.1.2-rawa");
    w.type_text("20");
    w.press(Named::Tab);
    assert!(
        !w.sees_part("tử số lớn hơn mẫu số"),
        "not refused against 13"
    );
    assert_eq!(active(&w.app).as_deref(), Some("cell-1.1.2-rawb"));
    w.type_text("25");
    w.press(Named::Enter);
    let raw = stored_leaf(&w.app, "1.1.2").raw;
    assert_eq!((raw.a, raw.b), (Some(20), Some(25)));
}

/// The province's classification typed on the set screen: five classes with Xuất sắc are
/// stored and rank the units; a scheme with no class for a low index is refused, named.
#[test]
fn a_five_class_scheme_is_set_on_the_set_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Bộ chỉ số"));
    let classes = |w: &Window<_>| {
        store(&w.app)
            .index_set(2025, Level::Commune)
            .map(|(_, set)| set.bands.iter().map(|b| b.name.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(classes(&w).len(), 4);
    let typed = |w: &mut Window<_>, scheme: &str| {
        w.act(|ui| replace_in(ui, "set-classes", scheme));
    };
    typed(&mut w, "Tốt: 90; Khá: 70");
    assert!(
        w.sees_part("mức thấp nhất từ 0"),
        "refused, with the form to use"
    );
    assert_eq!(classes(&w).len(), 4, "nothing stored");
    typed(
        &mut w,
        "Xuất sắc: 95; Tốt: 90; Khá: 70; Trung bình: 50; Yếu: 0",
    );
    assert_eq!(classes(&w), ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]);
}

/// Survey points from a CSV in the window: previewed row by row (points now → new), a bad
/// file stores nothing, accepted points change the ranking; the year's workbook is written.
#[test]
fn survey_points_are_imported_through_a_preview_and_change_the_ranking() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let index = |w: &Window<_>| {
        let results = store(&w.app)
            .results(2025, Level::Commune, Lang::Vi)
            .unwrap_or_else(|e| panic!("{e}"));
        results
            .rows
            .iter()
            .find(|r| r.unit_code == "01795")
            .and_then(|r| r.index())
    };
    let (survey_code, max) = store(&w.app)
        .index_set(2025, Level::Commune)
        .ok()
        .and_then(|(_, set)| {
            set.leaves().into_iter().find_map(|n| {
                let leaf = n.leaf.as_ref()?;
                (leaf.kind == parindex::domain::LeafKind::Survey)
                    .then(|| (n.code.to_string(), leaf.max))
            })
        })
        .unwrap_or_else(|| panic!("a survey criterion"));
    let half = Points::from_milli(max.milli() / 2).to_vi();
    let bad = dir.path().join("dtxhh-sai.csv");
    let good = dir.path().join("dtxhh.csv");
    std::fs::write(
        &bad,
        format!("Mã đơn vị,Mã tiêu chí,Điểm\n01795,{survey_code},ba\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &good,
        format!("Mã đơn vị;Mã tiêu chí;Điểm\n01795;{survey_code};{half}\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = index(&w);
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    let read = |w: &mut Window<_>, path: &Path| {
        w.act(|ui| {
            replace_in(
                ui,
                exchange::sheets::SURVEY_PATH_ID,
                path.to_str().unwrap_or_default(),
            )
        });
    };
    read(&mut w, &bad);
    assert!(
        w.sees_part("Không dùng được tệp này"),
        "the bad row is named"
    );
    read(&mut w, &good);
    assert!(w.sees_part("01795 · Xã Minh Khai"), "the row with its unit");
    assert_eq!(index(&w), before, "previewed only");
    w.act(|ui| click(ui, "Nhập điểm ĐTXHH"));
    assert!(w.sees_part("Đã nhập điểm ĐTXHH"));
    assert!(index(&w) > before, "the survey points count in the index");

    let book = dir.path().join("ket-qua-2025.xlsx");
    w.act(|ui| {
        replace_in(
            ui,
            exchange::sheets::WORKBOOK_PATH_ID,
            book.to_str().unwrap_or_default(),
        )
    });
    assert!(w.sees_part("Đã ghi bảng tính"));
    assert!(std::fs::metadata(&book).map(|m| m.len()).unwrap_or(0) > 1000);
}

/// Selects texts that read exactly this.
struct TextEqual(String);

impl Selector for TextEqual {
    type Output = ();

    fn select(&mut self, candidate: Candidate<'_>) -> Option<()> {
        match candidate {
            Candidate::Text { content, .. } if content == self.0 => Some(()),
            _ => None,
        }
    }

    fn description(&self) -> String {
        format!("text {:?}", self.0)
    }
}

/// How many texts on screen read exactly `text`.
fn count_texts(
    w: &mut Window<impl Program<State = App, Message = Message, Theme = Theme>>,
    text: &str,
) -> usize {
    w.with_widgets(|ui, renderer| {
        let mut find = TextEqual(text.to_owned()).find_all();
        ui.operate(renderer, &mut operation::black_box(&mut find));
        match find.finish() {
            Outcome::Some(found) => found.len(),
            _ => 0,
        }
    })
}

/// The backups of `file` on disk, in the window's backup folder.
fn backups_on_disk(folders: &Folders, file: &Path) -> usize {
    let root = folders
        .backups()
        .unwrap_or_else(|| panic!("no data folder"));
    let dir = parindex::store::backup::folder_in(&root, file);
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".cchc"))
                .count()
        })
        .unwrap_or(0)
}

/// Ten opens of an unchanged file in the window leave one backup, not ten; a change between
/// two opens makes the next one take a backup; the settings screen shows the folder, the
/// policy and the space used.
#[test]
fn ten_opens_of_an_unchanged_file_leave_one_backup() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "demo.cchc");
    let folders = folders(dir.path());
    for _ in 0..10 {
        let w = Window::new(gui::application(Some(file.clone()), folders.clone()));
        assert_eq!(workspace(&w.app).status, None, "no backup problem at open");
    }
    assert_eq!(backups_on_disk(&folders, &file), 1);

    // Changed between two opens (here through the store, as the command line would): the
    // next open backs up.
    {
        let mut store = Store::open(&file, Access::ReadWrite)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        store
            .set_meta("owner_unit", "UBND huyện Thạch An")
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    }
    let mut w = Window::new(gui::application(Some(file.clone()), folders.clone()));
    assert_eq!(backups_on_disk(&folders, &file), 2);

    w.act(|ui| click(ui, "Cài đặt"));
    assert!(
        w.sees_part("2 bản của tệp này"),
        "the count in the settings"
    );
    assert!(w.sees_part("mỗi tháng một bản trong một năm"), "the policy");
    let folder = parindex::store::backup::folder_in(&folders.backups().unwrap_or_default(), &file);
    assert!(w.sees(&folder.display().to_string()), "the folder");
}

/// Đơn vị in 2025 lists the units in operation at its end: Canh Tân (01789) once, not also
/// the commune of the same code retired on 30/06/2025; the switch shows the retired ones.
#[test]
fn the_units_of_2025_exclude_retired_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _) = demo_window(dir.path());
    assert_eq!(workspace(&w.app).year, 2025);
    w.act(|ui| click(ui, "Đơn vị"));
    assert_eq!(count_texts(&mut w, "01789"), 1, "one Canh Tân in 2025");
    assert!(w.sees("Xã Canh Tân"));
    assert!(
        !w.sees("Xã Đức Thông"),
        "merged into Canh Tân on 01/07/2025"
    );
    assert!(!w.sees("Huyện Thạch An"), "districts ended on 30/06/2025");

    w.act(|ui| {
        click(
            ui,
            "Hiện cả đơn vị đã thôi hoạt động hoặc chưa thành lập (26)",
        )
    });
    assert_eq!(count_texts(&mut w, "01789"), 2, "both, with the switch");
    assert!(w.sees("Xã Đức Thông"));
}

/// Nhật ký: a click on a unit in the log keeps only that unit's entries; the chain's
/// verification is shown.
#[test]
fn the_log_filtered_by_one_unit_shows_only_its_entries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _) = demo_window(dir.path());
    w.act(|ui| click(ui, "Nhật ký"));
    assert!(w.sees_part("Nhật ký toàn vẹn."), "the verification");
    let history = &workspace(&w.app).history;
    let before = history.shown().count();
    assert!(before > 0);
    assert!(
        history
            .shown()
            .all(|(_, s)| s.year.is_none_or(|y| y == 2025)),
        "the chosen year only"
    );
    let (name, units) = {
        let first = history
            .shown()
            .find_map(|(_, s)| s.unit_name.clone())
            .unwrap_or_else(|| panic!("an entry about a unit"));
        let units: std::collections::HashSet<_> =
            history.shown().filter_map(|(_, s)| s.unit).collect();
        (first, units.len())
    };
    assert!(units > 1, "entries of several units before the filter");

    w.act(|ui| click(ui, &name));
    let history = &workspace(&w.app).history;
    let unit = history
        .unit
        .clone()
        .unwrap_or_else(|| panic!("a unit chosen"));
    let after: Vec<_> = history.shown().collect();
    assert!(!after.is_empty() && after.len() < before);
    assert!(
        after.iter().all(|(_, s)| s.unit == Some(unit.uuid)),
        "only {name}'s entries"
    );
    // What the window shows: no other unit's name in the list.
    let others: Vec<String> = store(&w.app)
        .units()
        .unwrap_or_default()
        .into_iter()
        .filter(|u| u.name != name)
        .map(|u| u.name)
        .collect();
    for other in &others {
        assert_eq!(count_texts(&mut w, other), 0, "{other} still listed");
    }
    assert!(count_texts(&mut w, &name) > 0);
}

/// The demo says it is one, and its button leads to the new-file form with the level that the
/// officer's office scores chosen.
#[test]
fn the_demo_has_a_banner_and_the_new_file_form_follows_the_office() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _) = demo_window(dir.path());
    assert!(w.sees_part("Dữ liệu mẫu (minh họa)"));
    w.act(|ui| click(ui, "Bắt đầu tệp thật"));
    let Screen::Start(form) = &w.app.screen else {
        panic!("still in the demo");
    };
    assert!(form.creating);
    assert_eq!(
        form.new_level,
        Some(Level::Commune),
        "the officer's office (Phòng Nội vụ) scores communes"
    );
    w.act(|ui| type_into(ui, "new-owner", "Sở Nội vụ tỉnh Cao Bằng"));
    let Screen::Start(form) = &w.app.screen else {
        panic!("left the form");
    };
    assert_eq!(form.new_owner, "Sở Nội vụ tỉnh Cao Bằng");
    assert_eq!(form.new_level, Some(Level::District), "a province's office");

    // A file of the officer's own has no banner (a window of its own: this one would reopen
    // the demo, its last file).
    let own = dir.path().join("own");
    let mut w = new_window(&own);
    w.act(|ui| click(ui, "Tạo tệp mới"));
    let real = own.join("thach-an.cchc");
    w.act(|ui| type_into(ui, "path", &real.display().to_string()));
    w.act(|ui| click(ui, "Tạo"));
    assert!(workspace(&w.app).store().is_some());
    assert!(!w.sees_part("Dữ liệu mẫu (minh họa)"));
}

/// A copy of the demo with one of each problem `parindex check` finds, each made as it happens:
/// points above the maximum and an appraisal change without a reason written by another
/// program, required evidence missing (self points typed, nothing linked, then submitted), a
/// unit with no points, a set whose criteria do not add up. Returns the file and the above-max
/// leaf's code.
fn file_with_one_of_each_problem(dir: &Path) -> (PathBuf, String) {
    let file = common::demo_copy(dir, "problems.cchc");
    let conn = rusqlite::Connection::open(&file).unwrap_or_else(|e| panic!("{e}"));
    let one = |sql: &str| -> (i64, i64, String) {
        conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let minh_khai_2025 = "SELECT s.assessment_id, s.criterion_id, c.code FROM score s
         JOIN criterion c ON c.id = s.criterion_id JOIN assessment a ON a.id = s.assessment_id
         JOIN unit u ON u.id = a.unit_id JOIN index_set i ON i.id = a.index_set_id
         WHERE i.year = 2025 AND i.level = 'commune' AND u.code = '01795'
           AND c.kind = 'manual' AND s.self_points IS NOT NULL AND s.na_reason IS NULL";
    let (a, above, above_code) = one(&format!("{minh_khai_2025} ORDER BY c.position LIMIT 1"));
    let (_, changed, _) = one(&format!(
        "{minh_khai_2025} AND c.id <> {above} ORDER BY c.position DESC LIMIT 1"
    ));
    let written = conn
        .execute_batch(&format!(
            "UPDATE score SET self_points = (SELECT max_points FROM criterion WHERE id = {above}) + 1000
               WHERE assessment_id = {a} AND criterion_id = {above};
             UPDATE score SET round1_points = self_points + 1, round1_reason = ''
               WHERE assessment_id = {a} AND criterion_id = {changed};
             UPDATE index_set SET max_total = max_total + 1000 WHERE year = 2025 AND level = 'commune';"
        ));
    written.unwrap_or_else(|e| panic!("{e}"));
    // An empty leaf that asks for evidence, scored by the officer with nothing linked.
    let (_, _, evidence_code) = one(&format!(
        "SELECT a.id, c.id, c.code FROM criterion c
         JOIN assessment a ON a.index_set_id = c.index_set_id AND a.id = {a}
         WHERE c.kind = 'manual' AND c.evidence_required IS NOT NULL AND c.max_points >= 250
           AND NOT EXISTS (SELECT 1 FROM score s WHERE s.assessment_id = a.id AND s.criterion_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM evidence_link l WHERE l.assessment_id = a.id AND l.criterion_id = c.id)
         ORDER BY c.position LIMIT 1"
    ));
    drop(conn);
    let out = common::run(&[
        "score",
        common::s(&file),
        "--year",
        "2025",
        "--level",
        "commune",
        "--unit",
        "01795",
        "--criterion",
        &evidence_code,
        "--self",
        "0,25",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // A commune added and its year opened, nothing entered yet.
    let mut store =
        Store::open(&file, Access::ReadWrite).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    store
        .save_unit(
            None,
            &parindex::store::units::NewUnit {
                code: "09999".into(),
                name: "Xã Thử Nghiệm".into(),
                kind: parindex::domain::UnitKind::Commune,
                valid_from: chrono::NaiveDate::from_ymd_opt(2025, 7, 1),
                valid_to: None,
                parent_id: None,
            },
        )
        .and_then(|()| store.start_assessments(2025, Level::Commune))
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    // Minh Khai submits its self-assessment: evidence is due from then on.
    let minh_khai = store
        .assessment(2025, Level::Commune, "01795")
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    store
        .set_status(&minh_khai, Status::Submitted, "")
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    (file, above_code)
}

/// The check panel, one click from any screen, lists exactly what `parindex check` prints;
/// a click on a finding opens the grid at its unit and criterion.
#[test]
fn the_check_panel_lists_what_parindex_check_finds_and_opens_the_criterion() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (file, above_code) = file_with_one_of_each_problem(dir.path());
    let out = common::run(&["check", common::s(&file)]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stdout(&out));
    let printed: Vec<String> = common::stdout(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(str::to_owned)
        .collect();
    for expected in [
        "vượt điểm tối đa",
        "thiếu tài liệu kiểm chứng bắt buộc",
        "thay đổi nhưng không ghi lý do",
        "Xã Thử Nghiệm: chưa có điểm nào",
        "tổng điểm tối đa các tiêu chí",
    ] {
        assert!(
            printed.iter().any(|l| l.contains(expected)),
            "check prints {expected:?}: {printed:#?}"
        );
    }

    let mut w = Window::new(gui::application(Some(file), folders(dir.path())));
    // From another screen than the grid: one click.
    w.act(|ui| click(ui, "Nhật ký"));
    w.act(|ui| click(ui, "Kiểm tra tệp"));
    let listed: Vec<String> = workspace(&w.app)
        .check
        .findings
        .iter()
        .map(|(m, _)| m.clone())
        .collect();
    assert_eq!(listed, printed, "the panel and parindex check agree");
    let above = printed
        .iter()
        .find(|l| l.contains("vượt điểm tối đa"))
        .cloned()
        .unwrap_or_default();
    assert!(w.sees(&above), "listed in the panel");

    w.act(|ui| click(ui, &above));
    let ws = workspace(&w.app);
    assert!(!ws.check.open, "the panel closes");
    assert_eq!(ws.section, Section::Scoring);
    assert_eq!((ws.year, ws.level), (2025, Level::Commune));
    assert_eq!(open_unit(&w.app), "01795");
    assert_eq!(active(&w.app), Some(format!("cell-{above_code}-self")));
}

/// The year's submissions: a commune whose package was imported shows it (when, who made
/// it, how many values it changed); the units still drafting with nothing received are "chưa gửi" and
/// named in the reminder to paste into an email.
#[test]
fn the_exchange_screen_shows_who_has_sent_and_a_reminder_for_the_rest() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let district = common::demo_copy(dir.path(), "huyen.cchc");
    // Minh Khai's package, filled in at the commune and received by the district.
    let package = dir.path().join("minh-khai.cchc");
    common::packages::export_unit(&district, "01795", 2025, &package)
        .unwrap_or_else(|e| panic!("{e}"));
    {
        let mut commune =
            Store::open(&package, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
        commune.set_actor("Cán bộ xã Minh Khai");
        commune
            .score_criterion(
                2025,
                Level::Commune,
                "01795",
                "1.1.1",
                parindex::store::scores::Edit::Points(
                    parindex::store::scores::Stage::SelfAssessed,
                    Some(Points::whole(1)),
                ),
                "",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let sent = dir.path().join("gui-sent.cchc");
        commune
            .export(
                &sent,
                &parindex::store::export::Options {
                    scope: parindex::store::export::Scope::Unit {
                        code: "01795".into(),
                        year: Some(2025),
                    },
                    include_evidence: false,
                },
            )
            .unwrap_or_else(|e| panic!("{e}"));
        drop(commune);
        common::packages::import_into(
            &district,
            &sent,
            &dir.path().join("backups"),
            parindex::store::import::Resolution::TakeIncoming,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut w = Window::new(gui::application(Some(district), folders(dir.path())));
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    assert!(w.sees_part("Tình hình gửi dữ liệu năm 2025"));
    assert!(
        w.sees_part("1 thay đổi · gói"),
        "Minh Khai's package and its one change"
    );
    assert!(
        w.sees_part("người lập Cán bộ xã Minh Khai"),
        "who made the package, as the commune's file recorded it"
    );
    assert!(
        w.sees_part("chưa gửi"),
        "Thạch An is still drafting, nothing received"
    );
    assert!(
        w.sees_part(
            "Đề nghị các đơn vị sau gửi tệp tự đánh giá Chỉ số CCHC năm 2025: Xã Thạch An (01807)."
        ),
        "the reminder names only the units that have not sent"
    );
}

// Slow work in the background (issue 13, item 7): the click lends the file to a job; while
// it runs the window names the work, stays usable and refuses every write; when it ends the
// result is there.

impl<P: Program<State = App, Message = Message, Theme = Theme>> Window<P> {
    /// Clicks and types as `act` does, but keeps the tasks that `update` returns instead of
    /// running them: the window as it stands while slow work is under way.
    fn start(
        &mut self,
        steps: impl FnOnce(&mut Simulator<'_, Message, Theme, P::Renderer>),
    ) -> Vec<Task<Message>> {
        let messages: Vec<Message> = {
            let mut ui = self.simulator();
            steps(&mut ui);
            ui.into_messages().collect()
        };
        messages
            .into_iter()
            .map(|message| self.program.update(&mut self.app, message))
            .collect()
    }

    /// The messages the kept tasks produce to their end (the job's progress, then the file
    /// back), not yet given to `update`: a test gives them one by one and looks in between.
    fn messages_of(&self, tasks: Vec<Task<Message>>) -> Vec<Message> {
        tasks
            .into_iter()
            .flat_map(|task| outputs(task, self.clipboard.as_deref()).0)
            .collect()
    }
}

/// The (done, total) of every progress message among `messages`.
fn progress_of(messages: &[Message]) -> Vec<(usize, usize)> {
    messages
        .iter()
        .filter_map(|m| match m {
            Message::Background(gui::background::Update::Progress { done, total }) => {
                Some((*done, *total))
            }
            _ => None,
        })
        .collect()
}

fn busy_label(app: &App) -> Option<&'static str> {
    workspace(app).busy.as_ref().map(|b| b.label.0)
}

/// "Sao lưu ngay": the backup runs with the file lent to it; the card names it; a restore
/// clicked meanwhile is refused with the work's name and nothing is restored; the window
/// still switches screens; at the end the new backup is listed.
#[test]
fn a_backup_runs_in_the_background_and_refuses_a_restore_meanwhile() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    // A tall screen: the backups are at the foot of the page, in view without scrolling.
    w.size = Size::new(1366.0, 2400.0);
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    let before = workspace(&w.app).exchange.backups.len();
    assert!(before >= 1, "the backup taken at open is listed");

    let tasks = w.start(|ui| click(ui, "Sao lưu ngay"));
    assert!(workspace(&w.app).store().is_none(), "the file is lent");
    assert_eq!(busy_label(&w.app), Some("Đang sao lưu…"));
    assert!(w.sees("Đang sao lưu…"), "the card names the work");

    // A restore clicked meanwhile: refused, said, nothing started.
    w.act(|ui| click(ui, "Khôi phục"));
    assert_eq!(
        busy_label(&w.app),
        Some("Đang sao lưu…"),
        "still the backup"
    );
    assert!(
        matches!(&workspace(&w.app).status, Some(Err(e)) if e == "Đang sao lưu, vui lòng chờ xong"),
        "{:?}",
        workspace(&w.app).status
    );
    assert!(
        w.sees_part("Đang sao lưu, vui lòng chờ xong."),
        "said on the card"
    );
    // Closing the file is refused too; switching screens is not.
    w.act(|ui| click(ui, "Đóng tệp"));
    assert!(matches!(w.app.screen, Screen::Workspace(_)));
    w.act(|ui| click(ui, "Đơn vị"));
    assert_eq!(workspace(&w.app).section, Section::Units);
    assert!(
        w.sees_part("nó sẽ hiện ra khi việc đang làm xong"),
        "a screen that reads the file waits for it, and says so"
    );
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    assert!(
        w.sees("Sao lưu ngay"),
        "the screen of the work shows as it was"
    );

    let messages = w.messages_of(tasks);
    let steps = progress_of(&messages);
    assert!(
        steps.last().is_some_and(|(d, t)| d == t && *t > 0),
        "the pages copied, to the last: {steps:?}"
    );
    for message in messages {
        w.update(message);
    }
    assert!(!workspace(&w.app).is_busy());
    assert!(!w.sees_part("Đang sao lưu"), "the card is gone");
    let backups = &workspace(&w.app).exchange.backups;
    assert_eq!(backups.len(), before + 1, "one backup more, no restore's");
    assert_eq!(
        backups.first().map(|b| b.reason),
        Some(parindex::store::backup::Reason::Manual)
    );
    assert!(
        !backups
            .iter()
            .any(|b| b.reason == parindex::store::backup::Reason::Restore),
        "nothing was restored"
    );
}

/// The scorecards of every unit: made in the background with the count on the card
/// ("Đang xuất 3/24 phiếu điểm…"); a grid edit typed meanwhile is refused and stores
/// nothing; the PDF is written and reads back.
#[test]
fn a_scorecard_batch_counts_its_units_and_refuses_edits_meanwhile() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let pdf = dir.path().join("phieu-cham-diem.pdf");
    let log_before = audit_len(&w.app);
    w.act(|ui| click(ui, "Báo cáo"));
    w.update(Message::Reports(reports::Message::Kind(
        reports::KindChoice(parindex::documents::Kind::Scorecard, Lang::Vi),
    )));
    w.update(Message::Reports(reports::Message::Path(
        pdf.display().to_string(),
    )));
    let units = workspace(&w.app).reports.units.len();
    assert!(units > 3, "{units} units");

    let tasks = w.start(|ui| click(ui, "Tạo tệp PDF"));
    assert_eq!(busy_label(&w.app), Some("Đang xuất phiếu điểm…"));
    assert!(w.sees("Đang xuất phiếu điểm…"));
    // An edit typed in the grid meanwhile (the grid still opens): refused.
    w.act(|ui| click(ui, "Chấm điểm"));
    assert_eq!(workspace(&w.app).section, Section::Scoring);
    w.type_text("1");
    w.press(Named::Enter);
    assert!(
        matches!(&workspace(&w.app).status, Some(Err(e)) if e == "Đang xuất phiếu điểm, vui lòng chờ xong"),
        "{:?}",
        workspace(&w.app).status
    );
    // A second PDF asked for: refused as well.
    w.act(|ui| click(ui, "Báo cáo"));
    w.act(|ui| click(ui, "Tạo tệp PDF"));
    assert_eq!(busy_label(&w.app), Some("Đang xuất phiếu điểm…"));

    let messages = w.messages_of(tasks);
    let steps = progress_of(&messages);
    assert_eq!(steps.last(), Some(&(units, units)), "{steps:?}");
    assert!(
        steps.windows(2).all(|p| p[0].0 <= p[1].0),
        "the count only goes up: {steps:?}"
    );
    let mut seen_count = false;
    for message in messages {
        let step = progress_of(std::slice::from_ref(&message)).first().copied();
        w.update(message);
        if let Some((done, total)) = step
            && done > 0
            && done < total
            && !seen_count
        {
            assert!(w.sees(&format!("Đang xuất {done}/{total} phiếu điểm…")));
            seen_count = true;
        }
    }
    assert!(
        seen_count,
        "a count between the first and the last was shown"
    );
    assert!(!workspace(&w.app).is_busy());
    assert!(w.sees(&format!("Đã ghi: {}", pdf.display())));
    assert_eq!(
        audit_len(&w.app),
        log_before,
        "the refused edit stored nothing"
    );
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap_or_default(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils) is needed: {e}"));
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    let first = &workspace(&w.app).reports.units[0].name;
    assert!(text.contains(first.as_str()), "{first} in the PDF");
    assert!(
        text.matches("PHIẾU CHẤM ĐIỂM").count() >= units,
        "one per unit"
    );
}

/// An appendix stored as the year's index set in the background: "Hủy" and a second
/// "Nhập bộ chỉ số" clicked meanwhile are refused; at the end the set is there, once.
#[test]
fn an_appendix_is_stored_in_the_background_and_refuses_a_second_click() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("xa.cchc");
    let mut w = new_window(dir.path());
    w.act(|ui| click(ui, "Tạo tệp mới"));
    w.act(|ui| {
        type_into(ui, "new-owner", "UBND huyện Thạch An — Phòng Nội vụ");
        type_into(ui, "path", file.to_str().unwrap_or_default());
    });
    w.act(|ui| click(ui, "Tạo"));
    let (year, level) = (workspace(&w.app).year, workspace(&w.app).level);
    let good = common::appendix(
        dir.path(),
        "phu-luc.xlsx",
        &["PHỤ LỤC"],
        &["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"],
        &[
            &["I", "Công tác chỉ đạo, điều hành", "#4", ""],
            &["1", "Ban hành kế hoạch CCHC", "#2", ""],
            &["2", "Tỷ lệ nhiệm vụ hoàn thành", "#2", ""],
        ],
    );
    w.act(|ui| click(ui, "Bộ chỉ số"));
    w.act(|ui| click(ui, "Nhập phụ lục từ Excel…"));
    w.act(|ui| type_into(ui, sets::import::PATH_ID, good.to_str().unwrap_or_default()));
    // Reading runs in the background too; `act` runs it to its end.
    w.act(|ui| click(ui, "Đọc và xem trước"));
    assert!(
        w.sees_part("1 lĩnh vực · 2 tiêu chí thành phần"),
        "previewed"
    );
    // 4 points in all, not 100: the sums are chosen first.
    w.act(|ui| click(ui, "Dùng tổng các tiêu chí con"));

    let tasks = w.start(|ui| click(ui, "Nhập bộ chỉ số"));
    assert_eq!(busy_label(&w.app), Some("Đang lưu bộ chỉ số…"));
    assert!(w.sees("Đang lưu bộ chỉ số…"));
    w.act(|ui| click(ui, "Nhập bộ chỉ số"));
    w.act(|ui| click(ui, "Hủy"));
    assert!(
        matches!(&workspace(&w.app).status, Some(Err(e)) if e == "Đang lưu bộ chỉ số, vui lòng chờ xong"),
        "{:?}",
        workspace(&w.app).status
    );
    assert!(
        workspace(&w.app).sets.import.is_some(),
        "the cancel was refused: the panel stays"
    );
    let messages = w.messages_of(tasks);
    for message in messages {
        w.update(message);
    }
    assert!(!workspace(&w.app).is_busy());
    let (_, set) = store(&w.app)
        .index_set(year, level)
        .unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<String> = set.leaves().iter().map(|n| n.code.to_string()).collect();
    assert_eq!(codes, ["1", "2"]);
    assert_eq!(store(&w.app).index_sets().map(|s| s.len()).ok(), Some(1));
    assert!(workspace(&w.app).sets.import.is_none(), "the panel closed");
}

/// A job that panics gives the file back and says so; the window goes on working.
#[test]
fn a_job_that_panics_gives_the_file_back_with_a_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    let job = gui::background::Job::new(
        parindex::gui::i18n::BACKING_UP,
        |_, _| -> Message { panic!("a bug in a job") },
        |m| m,
    );
    let Screen::Workspace(ws) = &mut w.app.screen else {
        panic!("no workspace");
    };
    let task = ws.lend(job);
    assert!(workspace(&w.app).is_busy());
    w.run(task);
    assert!(!workspace(&w.app).is_busy());
    assert!(workspace(&w.app).store().is_some(), "the store came back");
    assert!(matches!(
        &workspace(&w.app).status,
        Some(Err(e)) if e == "Công việc dừng bất thường; hãy thử lại"
    ));
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    assert!(w.sees("Sao lưu ngay"), "the window works on");
}

/// Trao đổi dữ liệu: the blank scoring form of Xã Minh Khai written by a click, filled as a
/// commune's Excel would, read back into a preview (nothing stored), cancelled (the file
/// unchanged), read again and stored; the scoring grid then shows the value.
#[test]
fn a_unit_s_scoring_form_goes_out_and_comes_back_through_the_window() {
    use exchange::scoring_form::{EXPORT_PATH_ID, READ_PATH_ID};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, file) = demo_window(dir.path());
    // A tall window: the card is clicked without scrolling the page to it first.
    w.size = Size::new(1366.0, 4000.0);
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    w.update(Message::Exchange(exchange::Message::Form(
        exchange::scoring_form::Message::Unit(parindex::gui::screen::unit_picker::UnitChoice {
            code: "01795".into(),
            name: "Xã Minh Khai".into(),
            progress: None,
        }),
    )));
    let blank = dir.path().join("mau.xlsx");
    w.act(|ui| type_into(ui, EXPORT_PATH_ID, blank.to_str().unwrap_or_default()));
    w.act(|ui| click(ui, "Xuất biểu mẫu chấm điểm"));
    assert!(w.sees_part("Đã ghi biểu mẫu"), "the form is written");
    assert!(std::fs::metadata(&blank).map(|m| m.len()).unwrap_or(0) > 1000);

    let filled = dir.path().join("minh-khai-da-dien.xlsx");
    common::form_cells::refill(&blank, &filled, |cells| {
        common::form_cells::set(
            cells,
            "1.1.1",
            common::form_cells::POINTS,
            common::form_cells::text("0,5"),
        );
    });
    let read = |w: &mut Window<_>| {
        w.act(|ui| {
            replace_in(ui, READ_PATH_ID, filled.to_str().unwrap_or_default());
        });
        w.act(|ui| click(ui, "Đọc biểu mẫu đã điền"));
    };
    read(&mut w);
    assert!(w.sees_part("Biểu mẫu của Xã Minh Khai (01795) · 1 giá trị thay đổi"));
    assert!(w.sees_part("1.1.1 Ban hành kế hoạch CCHC năm: Điểm tự đánh giá: – → 0,5"));
    let before = common::packages::hash(&file);
    w.act(|ui| click(ui, "Hủy"));
    assert!(!w.sees_part("1 giá trị thay đổi"), "the preview is closed");
    assert_eq!(common::packages::hash(&file), before, "nothing stored");

    read(&mut w);
    w.act(|ui| click(ui, "Lưu"));
    assert!(w.sees_part("Đã lưu từ biểu mẫu: 1 giá trị"));
    at_minh_khai(&mut w);
    assert_eq!(open_unit(&w.app), "01795");
    assert_eq!(self_points(&w.app, "1.1.1"), Some(Points::from_milli(500)));
}

/// Bộ chỉ số: a corrected decision re-issues the year's set through the appendix preview.
/// The preview lists what keeps its points and what is scored again, waits for the new
/// decision's number, and after "Ban hành lại" the set is version 2 and version 1 opens
/// read only with the points entered against it.
#[test]
fn a_corrected_decision_reissues_the_set_and_the_earlier_version_stays_readable() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = common::demo_copy(dir.path(), "demo.cchc");
    common::reissue::scored_version_one(dir.path(), &file, &[("1.1", "15"), ("1.2", "8")]);
    let v2 = common::reissue::version_two(dir.path());
    let mut w = Window::new(gui::application(Some(file.clone()), folders(dir.path())));
    assert_eq!(workspace(&w.app).year, 2026);

    w.act(|ui| click(ui, "Bộ chỉ số"));
    w.act(|ui| click(ui, "Nhập phụ lục từ Excel…"));
    w.act(|ui| type_into(ui, sets::import::PATH_ID, v2.to_str().unwrap_or_default()));
    w.act(|ui| click(ui, "Đọc và xem trước"));
    assert!(
        w.sees_part("2 lĩnh vực · 6 tiêu chí thành phần"),
        "previewed"
    );
    w.act(|ui| {
        click(
            ui,
            "Ban hành lại bộ chỉ số của năm (quyết định sửa đổi, thay thế): phiên bản mới, giữ điểm các tiêu chí không đổi",
        )
    });
    assert!(w.sees_part("Phiên bản 1 → 2: 2 tiêu chí giữ điểm · 1 giá trị đã nhập"));
    assert!(w.sees_part("Chấm lại 1.2 Báo cáo CCHC hằng quý (tên cũ: Báo cáo CCHC định kỳ)"));
    assert!(w.sees_part("Tiêu chí mới 2.3 Số hóa hồ sơ"));
    assert!(w.sees_part("Giữ điểm đã nhập: 1.1, 2.1"));
    assert!(w.sees_part("Bỏ (điểm giữ trong phiên bản trước) 1.3 Kiểm tra CCHC"));
    // Without the decision's number the button does nothing.
    w.act(|ui| click(ui, "Ban hành lại"));
    assert_eq!(
        store(&w.app)
            .index_set(2026, parindex::domain::Level::Commune)
            .map(|(_, s)| s.version)
            .ok(),
        Some(1)
    );
    w.act(|ui| {
        type_into(ui, sets::import::REISSUE_DECISION_ID, "45/QĐ-UBND");
        type_into(ui, sets::import::REISSUE_DATE_ID, "10/05/2026");
    });
    // The first press asks again: the re-issue clears entered values.
    w.act(|ui| click(ui, "Ban hành lại"));
    assert!(w.sees_part("Bấm lần nữa để ban hành lại: 1 giá trị đã nhập"));
    assert_eq!(
        store(&w.app)
            .index_set(2026, parindex::domain::Level::Commune)
            .map(|(_, s)| s.version)
            .ok(),
        Some(1)
    );
    w.act(|ui| click(ui, "Xác nhận ban hành lại"));
    let (_, set) = store(&w.app)
        .index_set(2026, parindex::domain::Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((set.version, set.decision.as_str()), (2, "45/QĐ-UBND"));
    assert_eq!(
        set.name, "phu-luc-v1",
        "the set keeps its name, not the new file's"
    );
    assert!(workspace(&w.app).sets.import.is_none(), "the panel closed");
    assert!(w.sees_part("Phiên bản 2 · thay thế:"));

    w.act(|ui| click(ui, "Phiên bản 1"));
    assert!(
        w.sees("Kiểm tra CCHC"),
        "the earlier tree, with its dropped criterion"
    );
    assert!(w.sees_part("Điểm đã chấm theo phiên bản này (2)"));
    assert!(w.sees_part("· 1.2 · Tự đánh giá 8 ·"));
    w.act(|ui| click(ui, "Đóng"));
    assert!(w.sees("Giải quyết hồ sơ đúng hạn"));
    assert!(!w.sees("Kiểm tra CCHC"), "back to the version in force");
}

/// Trao đổi dữ liệu: the export's suggested file name follows the chosen year (it kept the
/// year the screen was first opened with).
#[test]
fn the_export_path_follows_the_chosen_year() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut w, _file) = demo_window(dir.path());
    w.act(|ui| click(ui, "Trao đổi dữ liệu"));
    let first = workspace(&w.app).exchange.export_path.clone();
    assert!(first.contains("2025"), "{first}");
    let year_2024 = workspace(&w.app)
        .years
        .iter()
        .copied()
        .find(|y| y.year == 2024 && y.level == Level::Commune);
    w.update(Message::Year(year_2024.unwrap_or_else(|| panic!("2024"))));
    let now = workspace(&w.app).exchange.export_path.clone();
    assert!(now.contains("2024") && !now.contains("2025"), "{now}");
}
