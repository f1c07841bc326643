//! Time to make each printable document, for the built-in demo (14 communes) and for a
//! generated province of 600 communes. Run with `cargo bench --bench documents`; it prints
//! the median of several runs of "build" (file → page model) and "render" (page model →
//! PDF bytes).
//!
//! `cargo test --all-targets` runs this binary too (harness = false): without `--bench`
//! among its arguments it makes each document once for a 20-unit province, a smoke run
//! of a few seconds.
//!
//! `cargo bench --bench documents -- ranking` makes only the documents whose name contains
//! one of the words given (results, ranking, report, scorecards), e.g. to profile one;
//! `view` times the window's results screen over the province.
//!
//! Targets on the 2-core reference machine, release build: 600-unit ranking under
//! 0.15 s, 600 scorecards under 5 s, the report under 0.3 s.

use std::path::Path;
use std::time::{Duration, Instant};

use parindex::documents::{Kind, build};
use parindex::domain::scoring::points_from_raw;
use parindex::domain::{
    Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, PointBand, Points, RankingRule, Raw,
    Status, UnitKind,
};
use parindex::report::render;
use parindex::store::evidence::EvidenceInfo;
use parindex::store::reports::ReportSettings;
use parindex::store::scores::{Edit, Stage};
use parindex::store::seed::{Seed, SeedAssessment, SeedEdit, SeedEvidence, SeedLink, SeedUnit};
use parindex::store::units::NewUnit;
use parindex::store::{Access, Store};
use uuid::Uuid;

const YEAR: i32 = 2030;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let (units, runs) = if full { (600, 5) } else { (20, 1) };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    // Backups of the generated files stay in the temporary folder.
    // SAFETY: set before any other thread exists.
    unsafe { std::env::set_var("PARINDEX_DATA_DIR", dir.path().join("data")) };

    let demo = dir.path().join("demo.cchc");
    drop(parindex::demo::write_demo(&demo).unwrap_or_else(|e| panic!("demo: {e}")));
    let demo = Store::open(&demo, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    measure("demo (14 communes, 2024)", &demo, 2024, runs, &wanted);

    let started = Instant::now();
    // PARINDEX_BENCH_KEEP=DIR keeps the generated province there, to profile
    // `parindex rank` or `parindex pdf` on it.
    let province = match std::env::var_os("PARINDEX_BENCH_KEEP") {
        Some(keep) => Path::new(&keep).join("province.cchc"),
        None => dir.path().join("province.cchc"),
    };
    let _ = std::fs::remove_file(&province);
    generate(&province, units);
    println!(
        "generated a province of {units} units in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut province = Store::open(&province, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    measure(
        &format!("province ({units} communes)"),
        &province,
        YEAR,
        runs,
        &wanted,
    );
    if wanted("view") {
        results_screen(&mut province, YEAR, runs);
    }
}

/// The results screen over the province (issue 13: under 16 ms a frame): its `view`
/// alone, and a click on a column's name as the window does it (the update that sorts,
/// the view, and the layout of the screen at 1366×768 with fresh text, the worst case).
fn results_screen(store: &mut Store, year: i32, runs: usize) {
    use iced::{Font, Size};
    use iced_test::core::renderer::Headless;
    use iced_test::runtime::user_interface::{Cache, UserInterface};
    use parindex::domain::Lang;
    use parindex::gui::screen::results::{self, table::Column};
    use parindex::gui::screen::{Ctx, ViewCtx};

    let lang = Lang::Vi;
    let level = Level::Commune;
    let mut ctx = Ctx {
        store,
        year,
        level,
        lang,
    };
    let mut state = results::State::default();
    state.refresh(&ctx);
    let rows = state.shown_codes().len();
    let view_ctx = ViewCtx { year, level, lang };
    // The window's fonts, loaded once as the window does at start.
    let settings = iced::Settings {
        fonts: vec![
            include_bytes!("../assets/fonts/LiberationSans-Regular.ttf")
                .as_slice()
                .into(),
            include_bytes!("../assets/fonts/LiberationSans-Bold.ttf")
                .as_slice()
                .into(),
        ],
        default_font: Font::with_name("Liberation Sans"),
        ..iced::Settings::default()
    };
    drop(
        iced_test::simulator::Simulator::<results::Message>::with_settings(
            settings,
            iced::widget::text(""),
        ),
    );
    let mut renderer = iced::futures::executor::block_on(<iced::Renderer as Headless>::new(
        Font::with_name("Liberation Sans"),
        iced::Pixels(16.0),
        Some("tiny-skia"),
    ))
    .unwrap_or_else(|| panic!("no headless renderer"));
    let repeat = runs.max(5) * 4;
    let mut views: Vec<Duration> = (0..repeat)
        .map(|_| {
            let t0 = Instant::now();
            let element = results::view(&state, &view_ctx);
            let elapsed = t0.elapsed();
            drop(element);
            elapsed
        })
        .collect();
    let columns = [
        Column::Unit,
        Column::Index,
        Column::SelfPoints,
        Column::Code,
    ];
    let mut clicks: Vec<Duration> = (0..repeat)
        .map(|i| {
            let column = columns[i % columns.len()];
            let t0 = Instant::now();
            let _ = results::update(&mut state, results::Message::SortBy(column), &mut ctx);
            let element = results::view(&state, &view_ctx);
            let ui = UserInterface::build(
                element,
                Size::new(1146.0, 700.0),
                Cache::default(),
                &mut renderer,
            );
            let elapsed = t0.elapsed();
            drop(ui);
            elapsed
        })
        .collect();
    println!(
        "  results screen view {:>7.2} ms; sort click (update, view, layout) {:.2} ms  ({rows} rows; median of {repeat})",
        median(&mut views).as_secs_f64() * 1000.0,
        median(&mut clicks).as_secs_f64() * 1000.0,
    );
}

fn measure(label: &str, store: &Store, year: i32, runs: usize, wanted: &dyn Fn(&str) -> bool) {
    println!("{label}:");
    // The data every document starts from (what `parindex rank` computes), for scale.
    if wanted("results") {
        let mut loads: Vec<Duration> = (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                let results = store.results(year, Level::Commune, parindex::domain::Lang::Vi);
                assert!(results.is_ok());
                t0.elapsed()
            })
            .collect();
        println!(
            "  results    {:>14.3} s  (Store::results alone; median of {runs})",
            median(&mut loads).as_secs_f64()
        );
    }
    for (kind, name) in [
        (Kind::Ranking, "ranking"),
        (Kind::Report, "report"),
        (Kind::Scorecard, "scorecards"),
    ] {
        if !wanted(name) {
            continue;
        }
        let mut builds = Vec::with_capacity(runs);
        let mut renders = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let document = build(store, kind, year, Level::Commune, None)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let t1 = Instant::now();
            let bytes = render(&document).unwrap_or_else(|e| panic!("{name}: {e}"));
            let t2 = Instant::now();
            builds.push(t1 - t0);
            renders.push(t2 - t1);
            size = bytes.len();
        }
        let (build, render) = (median(&mut builds), median(&mut renders));
        println!(
            "  {name:<10} total {:>8.3} s  (build {:.3} s, render {:.3} s; {} KiB; median of {runs})",
            (build + render).as_secs_f64(),
            build.as_secs_f64(),
            render.as_secs_f64(),
            size / 1024
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// A small deterministic generator (no rand crate): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const AREAS: [&str; 7] = [
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
];

fn leaf(code: String, title: String, kind: LeafKind, max: Points) -> Node {
    let ratio = kind == LeafKind::RatioBands;
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: title.into(),
        guidance: String::new(),
        leaf: Some(Leaf {
            kind,
            max,
            na_policy: NaPolicy::NotAllowed,
            evidence: None,
            bands: if ratio {
                vec![
                    PointBand {
                        min: Points::whole(100),
                        points: max,
                    },
                    PointBand {
                        min: Points::whole(95),
                        points: Points::from_milli(max.milli() / 2),
                    },
                ]
            } else {
                Vec::new()
            },
            per_unit: None,
            raw_labels: if ratio {
                vec![
                    "Số hồ sơ giải quyết đúng hạn".to_owned(),
                    "Tổng số hồ sơ đã giải quyết".to_owned(),
                ]
            } else {
                Vec::new()
            },
            allows_over_100: false,
        }),
        children: Vec::new(),
    }
}

fn group(code: String, title: String, children: Vec<Node>) -> Node {
    Node {
        id: Uuid::new_v4(),
        code: code.into(),
        title: title.into(),
        guidance: String::new(),
        leaf: None,
        children,
    }
}

/// A commune index set of 70 appraised points (7 areas × 3 criteria × 3 leaves, one leaf
/// of each criterion scored from raw figures), 30 survey points and bonus/penalty items.
fn index_set() -> IndexSet {
    let mut roots = Vec::new();
    for (a, title) in AREAS.iter().enumerate() {
        let a = a + 1;
        let criteria = (1..=3)
            .map(|c| {
                let maxes = if c == 1 { [1500, 1500, 1000] } else { [1000; 3] };
                let leaves = maxes
                    .iter()
                    .enumerate()
                    .map(|(l, max)| {
                        let kind = if l == 2 {
                            LeafKind::RatioBands
                        } else {
                            LeafKind::Manual
                        };
                        leaf(
                            format!("{a}.{c}.{}", l + 1),
                            format!("Tiêu chí thành phần {} của tiêu chí {a}.{c}: thực hiện đầy đủ, đúng thời hạn nhiệm vụ được giao", l + 1),
                            kind,
                            Points::from_milli(*max),
                        )
                    })
                    .collect();
                group(format!("{a}.{c}"), format!("Tiêu chí {a}.{c}"), leaves)
            })
            .collect();
        roots.push(group(a.to_string(), (*title).to_owned(), criteria));
    }
    let survey = (1..=3)
        .map(|c| {
            let leaves = (1..=2)
                .map(|l| {
                    leaf(
                        format!("8.{c}.{l}"),
                        format!("Mức độ hài lòng của người dân, tổ chức {c}.{l}"),
                        LeafKind::Survey,
                        Points::whole(5),
                    )
                })
                .collect();
            group(format!("8.{c}"), format!("Nội dung khảo sát {c}"), leaves)
        })
        .collect();
    roots.push(group(
        "8".into(),
        "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội".into(),
        survey,
    ));
    roots.push(group(
        "9".into(),
        "Điểm thưởng, điểm trừ".into(),
        vec![
            leaf(
                "9.1".into(),
                "Có sáng kiến, mô hình CCHC được cấp có thẩm quyền công nhận".into(),
                LeafKind::Bonus,
                Points::whole(2),
            ),
            leaf(
                "9.2".into(),
                "Để xảy ra hồ sơ quá hạn không xin lỗi".into(),
                LeafKind::Penalty,
                Points::whole(2),
            ),
        ],
    ));
    IndexSet {
        id: Uuid::new_v4(),
        year: YEAR,
        level: Level::Commune,
        name: "Bộ chỉ số CCHC cấp xã (thử nghiệm hiệu năng)".into(),
        decision: "100/QĐ-UBND".into(),
        decision_date: chrono::NaiveDate::from_ymd_opt(YEAR, 2, 1),
        issuer: "UBND tỉnh".into(),
        max_total: Points::whole(100),
        ranking: RankingRule::Competition,
        precision: 2,
        bands: [("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]
            .into_iter()
            .map(|(name, min)| Band {
                name: name.into(),
                min: Points::whole(min),
            })
            .collect(),
        bonus_cap: Some(Points::whole(2)),
        penalty_cap: Some(Points::whole(2)),
        roots,
        version: 1,
        earlier: Vec::new(),
    }
}

/// Unit names read like real ones: "Xã Bình Minh", "Phường Hòa Sơn".
fn unit_name(i: usize) -> String {
    const WORDS: [&str; 20] = [
        "An", "Bình", "Cẩm", "Đức", "Hòa", "Hưng", "Kim", "Lạc", "Minh", "Nghĩa", "Phú", "Quang",
        "Sơn", "Tân", "Thạch", "Thanh", "Thụy", "Trung", "Vĩnh", "Xuân",
    ];
    let kind = if i < 400 { "Xã" } else { "Phường" };
    let n = i % 400;
    format!("{kind} {} {}", WORDS[n / 20], WORDS[n % 20])
}

/// Writes a province file with `count` scored communes through the store API, as an
/// officer's edits would be written (each with its audit entry).
fn generate(path: &Path, count: usize) {
    let mut store = Store::create(path).unwrap_or_else(|e| panic!("create: {e}"));
    store.set_actor("Benchmark");
    let set = index_set();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seed = Seed::default();
    for i in 0..count {
        let code = format!("{:05}", 10_000 + i);
        seed.units.push(SeedUnit {
            unit: NewUnit {
                code: code.clone(),
                name: unit_name(i),
                kind: if i < 400 {
                    UnitKind::Commune
                } else {
                    UnitKind::Ward
                },
                valid_from: None,
                valid_to: None,
                parent_id: None,
            },
            parent: None,
        });
        let mut edits = Vec::new();
        let mut survey = Vec::new();
        for node in set.leaves() {
            let Some(leaf) = &node.leaf else { continue };
            let mut edit = |edit: Edit, reason: &str| {
                edits.push(SeedEdit {
                    code: node.code.to_string(),
                    edit,
                    reason: reason.into(),
                })
            };
            match leaf.kind {
                LeafKind::Survey => {
                    let points = Points::from_milli(3_000 + 10 * rng.below(200) as i64);
                    survey.push((node.code.to_string(), points));
                }
                LeafKind::RatioBands => {
                    let total = 200 + rng.below(5_000) as i64;
                    let late = rng.below(12) as i64;
                    let raw = Raw {
                        a: Some(total - late.min(total)),
                        b: Some(total),
                    };
                    edit(Edit::Raw(raw), "");
                    let points = points_from_raw(leaf, raw).unwrap_or(Points::ZERO);
                    edit(Edit::Points(Stage::Final, Some(points)), "");
                }
                _ => {
                    let steps = leaf.max.milli() / 250;
                    let own = Points::from_milli(250 * (steps - rng.below(2) as i64).max(0));
                    edit(Edit::Points(Stage::SelfAssessed, Some(own)), "");
                    if rng.below(6) == 0 && own > Points::ZERO {
                        let cut = Points::from_milli(own.milli() - 250);
                        edit(
                            Edit::Points(Stage::Round1, Some(cut)),
                            "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện",
                        );
                        edit(Edit::Points(Stage::Final, Some(cut)), "");
                    } else {
                        edit(Edit::Points(Stage::Final, Some(own)), "");
                    }
                }
            }
        }
        seed.assessments.push(SeedAssessment {
            year: YEAR,
            level: Level::Commune,
            unit: code,
            status: Status::Appraised,
            edits,
            survey,
            survey_source: "Phiếu khảo sát".into(),
        });
    }
    for (doc_type, number, code) in [
        ("Kế hoạch", "12/KH-UBND", "1.1.1"),
        ("Báo cáo", "245/BC-UBND", "3.1.3"),
    ] {
        seed.evidence.push(SeedEvidence {
            info: EvidenceInfo {
                doc_type: doc_type.into(),
                number: number.into(),
                issue_date: chrono::NaiveDate::from_ymd_opt(YEAR, 1, 10),
                issuer: "UBND xã".into(),
                summary: "Tài liệu kiểm chứng (thử nghiệm)".into(),
            },
            file_name: "tl.pdf".into(),
            bytes: number.as_bytes().to_vec().into(),
            links: vec![SeedLink {
                year: YEAR,
                level: Level::Commune,
                unit: None,
                criterion: code.into(),
                page: "tr. 2".into(),
            }],
        });
    }
    seed.report_settings.push((
        YEAR,
        Level::Commune,
        ReportSettings {
            issuer_parent: "ỦY BAN NHÂN DÂN".into(),
            issuer: "TỈNH CAO BẰNG".into(),
            number: "12/BC-UBND".into(),
            place: "Cao Bằng".into(),
            date: chrono::NaiveDate::from_ymd_opt(YEAR + 1, 2, 10),
            title: "BÁO CÁO".into(),
            summary: String::new(),
            signer_mode: "KT".into(),
            signer_org: "ỦY BAN NHÂN DÂN".into(),
            signer_title: "PHÓ CHỦ TỊCH".into(),
            signer_name: "Nguyễn Văn An".into(),
            recipients: vec!["Bộ Nội vụ (b/c);".into(), "Lưu: VT, SNV.".into()],
            body_template: String::new(),
            ranking_signed: false,
        },
    ));
    seed.sets.push(set);
    store
        .seed(&seed)
        .unwrap_or_else(|e| panic!("generate: {e}"));
}
