//! Index sets as provinces publish them (issue 14): appendices laid out in the ways published
//! decisions lay them out, written here with rust_xlsxwriter, read back into tree, codes and
//! points; sums that do not match listed for the officer's choice; a damaged appendix lists
//! every unreadable row and stores nothing; the rules proposed from the demo's guidance score
//! the demo's raw figures as the hand-made sets do.

mod common;

use std::path::Path;

use common::{appendix, bytes, demo_copy, demo_master, run, s, stderr, stdout, temp};
use parindex::domain::scoring::points_from_raw;
use parindex::domain::{IndexSet, LeafKind, Level, Points};
use parindex::exchange::SheetError;
use parindex::exchange::xlsx::{Appendix, read_appendix};
use parindex::store::{Access, Store};

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn read(path: &Path) -> Appendix {
    read_appendix(path, 2026, Level::Commune, "Thử")
        .unwrap_or_else(|e| panic!("{:?}", e.lines(parindex::domain::Lang::Vi)))
}

/// Every node as "code title max" in tree order, leaves marked with their kind.
fn outline(set: &IndexSet) -> Vec<String> {
    set.nodes()
        .iter()
        .map(|n| match &n.leaf {
            Some(leaf) => format!(
                "{} {} {} [{}]",
                n.code,
                n.title,
                n.max_points().to_vi(),
                leaf.kind.as_str()
            ),
            None => format!("{} {} {}", n.code, n.title, n.max_points().to_vi()),
        })
        .collect()
}

#[test]
fn merged_titles_roman_areas_and_criteria_numbered_straight_through() {
    let dir = temp();
    let path = appendix(
        dir.path(),
        "phu-luc-1.xlsx",
        &[
            "PHỤ LỤC I",
            "BỘ CHỈ SỐ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH CẤP XÃ",
            "(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/01/2026 của UBND tỉnh)",
        ],
        &[
            "STT",
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Điểm tối đa",
            "Hướng dẫn chấm điểm",
            "Tài liệu kiểm chứng",
        ],
        &[
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "#6", "", ""],
            &["1", "Kế hoạch CCHC năm", "#2", "", ""],
            &[
                "1.1",
                "Ban hành kế hoạch đúng hạn",
                "0,5",
                "Có ban hành: 0,5 điểm; không ban hành: 0 điểm",
                "Kế hoạch",
            ],
            &["1.2", "Mức độ hoàn thành kế hoạch", "#1.5", "", ""],
            &["2", "Báo cáo CCHC định kỳ", "4", "", "Báo cáo"],
            &["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "#94", "", ""],
            &["3", "Công khai thủ tục hành chính", "#44", "", ""],
            &["3.1", "Niêm yết công khai", "#40", "", ""],
            &["3.2", "Công khai trên Cổng dịch vụ công", "4,0", "", ""],
            &["4", "Tỷ lệ hồ sơ giải quyết đúng hạn", "#50", "", ""],
            &["", "Tổng cộng (I+II)", "#100", "", ""],
        ],
    );
    let a = read(&path);
    assert_eq!(
        outline(&a.set),
        [
            "I CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC 6",
            "1 Kế hoạch CCHC năm 2",
            "1.1 Ban hành kế hoạch đúng hạn 0,5 [yes_no]",
            "1.2 Mức độ hoàn thành kế hoạch 1,5 [manual]",
            "2 Báo cáo CCHC định kỳ 4 [manual]",
            "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH 94",
            "3 Công khai thủ tục hành chính 44",
            "3.1 Niêm yết công khai 40 [manual]",
            "3.2 Công khai trên Cổng dịch vụ công 4 [manual]",
            "4 Tỷ lệ hồ sơ giải quyết đúng hạn 50 [manual]",
        ]
    );
    assert!(a.mismatches.is_empty(), "{:?}", a.mismatches);
    assert_eq!(a.printed_total, Some(p("100")));
    assert_eq!(a.set.tree_total(), p("100"));
    assert_eq!(a.rules.len(), 1);
    assert_eq!(a.rules[0].code, "1.1");
}

#[test]
fn dotted_levels_and_a_header_without_diacritics() {
    let dir = temp();
    let path = appendix(
        dir.path(),
        "dotted.xlsx",
        &[],
        &[
            "So TT",
            "Noi dung tieu chi",
            "Diem toi da",
            "Huong dan cham",
        ],
        &[
            &["1", "Cai cach the che", "", ""],
            &["1.1", "Xay dung van ban", "", ""],
            &["1.1.1", "Ban hanh dung ke hoach", "#40", ""],
            &["1.1.2", "Ra soat van ban", "20.5", ""],
            &["1.2", "Kiem tra van ban", "#9.5", ""],
            &["2", "Chinh quyen so", "", ""],
            &["2.1", "Ky so van ban", "#30", ""],
        ],
    );
    let a = read(&path);
    let codes: Vec<String> = a.set.nodes().iter().map(|n| n.code.to_string()).collect();
    assert_eq!(codes, ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]);
    assert_eq!(a.set.find("1").map(|n| n.max_points()), Some(p("70")));
    assert_eq!(a.set.find("1.1.2").map(|n| n.max_points()), Some(p("20.5")));
    // No total row: the tree adds up to 100, so nothing to choose.
    assert!(a.mismatches.is_empty(), "{:?}", a.mismatches);
}

#[test]
fn a_letter_level_above_roman_criteria_and_a_survey_part() {
    let dir = temp();
    let path = appendix(
        dir.path(),
        "letters.xlsx",
        &["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ"],
        &["TT", "Nội dung", "Thang điểm", "Ghi chú"],
        &[
            &["A", "ĐIỂM THẨM ĐỊNH", "#70", ""],
            &["I", "Công tác chỉ đạo, điều hành", "#30", ""],
            &["1", "Kế hoạch CCHC", "#10", ""],
            &["2", "Kiểm tra CCHC", "#20", ""],
            &["II", "Cải cách thể chế", "#40", ""],
            &["3", "Rà soát văn bản", "#40", ""],
            &["B", "ĐIỂM ĐIỀU TRA XÃ HỘI HỌC", "#30", ""],
            &["I", "Sự hài lòng của người dân", "#30", ""],
            &["4", "Tiếp cận dịch vụ", "#15", ""],
            &["5", "Kết quả giải quyết", "#15", ""],
            &["", "Tổng điểm (A+B)", "#100", ""],
        ],
    );
    let a = read(&path);
    let codes: Vec<String> = a.set.nodes().iter().map(|n| n.code.to_string()).collect();
    assert_eq!(
        codes,
        ["A", "A.I", "1", "2", "A.II", "3", "B", "B.I", "4", "5"]
    );
    let kind = |code: &str| {
        a.set
            .find(code)
            .and_then(|n| n.leaf.as_ref())
            .map(|l| l.kind)
    };
    assert_eq!(kind("3"), Some(LeafKind::Manual));
    assert_eq!(kind("4"), Some(LeafKind::Survey));
    assert_eq!(kind("5"), Some(LeafKind::Survey));
    assert!(a.mismatches.is_empty(), "{:?}", a.mismatches);
}

#[test]
fn criteria_restarting_in_each_area_with_items_and_dashes() {
    let dir = temp();
    let path = appendix(
        dir.path(),
        "restart.csv.xlsx",
        &["Phụ lục", "Tiêu chí đánh giá"],
        &["TT", "Tên tiêu chí", "Hướng dẫn chấm", "Điểm"],
        &[
            &["I", "Chỉ đạo, điều hành", "", "#5"],
            &["1", "Kế hoạch", "", "#3"],
            &["a)", "Ban hành kế hoạch", "", "#1"],
            &["b)", "Thực hiện kế hoạch", "", "2"],
            &["2", "Tuyên truyền CCHC", "Chấm theo kết quả thực tế", "#2"],
            &["-", "Có kế hoạch tuyên truyền: 1 điểm", "", ""],
            &["", "(kèm theo báo cáo kết quả)", "", ""],
            &["II", "Thủ tục hành chính", "", "#95"],
            &["1", "Công khai TTHC", "", "#45"],
            &["-", "Niêm yết tại trụ sở", "", "#20"],
            &["-", "Công khai trên Cổng", "", "#25"],
            &["2", "Giải quyết TTHC", "", "#50"],
            &["", "Cộng", "", "#100"],
            &["", "Ghi chú: điểm làm tròn 2 chữ số", "", ""],
        ],
    );
    let a = read(&path);
    assert_eq!(
        outline(&a.set),
        [
            "I Chỉ đạo, điều hành 5",
            "I.1 Kế hoạch 3",
            "I.1.a Ban hành kế hoạch 1 [manual]",
            "I.1.b Thực hiện kế hoạch 2 [manual]",
            "I.2 Tuyên truyền CCHC 2 [manual]",
            "II Thủ tục hành chính 95",
            "II.1 Công khai TTHC 45",
            "II.1-1 Niêm yết tại trụ sở 20 [manual]",
            "II.1-2 Công khai trên Cổng 25 [manual]",
            "II.2 Giải quyết TTHC 50 [manual]",
        ]
    );
    // A dash without points and a row without STT say how the row above is scored.
    let guidance = a.set.find("I.2").map(|n| n.guidance.clone());
    assert_eq!(
        guidance.as_deref(),
        Some(
            "Chấm theo kết quả thực tế\n- Có kế hoạch tuyên truyền: 1 điểm\n(kèm theo báo cáo kết quả)"
        )
    );
    assert!(a.mismatches.is_empty(), "{:?}", a.mismatches);
}

#[test]
fn a_csv_appendix_with_points_as_text() {
    let dir = temp();
    let path = dir.path().join("bo-chi-so.csv");
    std::fs::write(
        &path,
        "BỘ CHỈ SỐ CCHC CẤP XÃ NĂM 2026\n\
         \n\
         STT;Lĩnh vực/Tiêu chí;Điểm tối đa;Hướng dẫn chấm\n\
         I.;Chỉ đạo điều hành;\"10,5\";\n\
         1.;Kế hoạch;\"10,5\";\n\
         1.1.;Ban hành;\"0,5\";\n\
         1.2.;Thực hiện;10 điểm;\"Tỷ lệ đạt 100%: 10 điểm; từ 80% đến dưới 100%: 5 điểm; dưới 80%: 0\"\n\
         II.;Thể chế;\"89,5\";\n\
         2.;Văn bản;\"89,5\";\n\
         TỔNG SỐ ĐIỂM;;100;\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let a = read(&path);
    assert_eq!(
        outline(&a.set),
        [
            "I Chỉ đạo điều hành 10,5",
            "1 Kế hoạch 10,5",
            "1.1 Ban hành 0,5 [manual]",
            "1.2 Thực hiện 10 [ratio_bands]",
            "II Thể chế 89,5",
            "2 Văn bản 89,5 [manual]",
        ]
    );
    assert!(a.mismatches.is_empty(), "{:?}", a.mismatches);
}

#[test]
fn printed_sums_that_differ_wait_for_the_officers_choice() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    // The example: criterion 1 printed 4, its sub-criteria add up to 2.
    let path = appendix(
        dir.path(),
        "slips.xlsx",
        &["BỘ CHỈ SỐ"],
        &["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"],
        &[
            &["I", "Chỉ đạo, điều hành", "#6", ""],
            &["1", "Kế hoạch", "#4", ""],
            &["1.1", "Ban hành", "#1", ""],
            &["1.2", "Thực hiện", "#1", ""],
            &["2", "Báo cáo", "#2", ""],
            &["II", "Thủ tục hành chính", "#95", ""],
            &["3", "Giải quyết hồ sơ", "#95", ""],
            &["", "Tổng điểm", "#100", ""],
        ],
    );
    let import = |extra: &[&str]| {
        let mut args = vec![
            "xlsx",
            "import-set",
            s(&file),
            s(&path),
            "--year",
            "2026",
            "--level",
            "commune",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let before = bytes(&file);
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "Dòng 5: 1: ghi 4, tổng các phần 2",
        "Dòng 4: I: ghi 6, tổng các phần 4",
        "Dòng 11: Tổng: ghi 100, tổng các phần 99",
        "--sums",
    ] {
        assert!(text.contains(needle), "{needle:?} in {text}");
    }
    assert!(bytes(&file) == before, "nothing is stored while waiting");

    let out = import(&["--sums", "printed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2026, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.max_total, p("100"), "the printed total is kept");
    assert_eq!(set.tree_total(), p("99"));
    let one = set
        .find("1")
        .map(|n| n.guidance.clone())
        .unwrap_or_default();
    assert!(one.contains("Quyết định ghi 4 điểm"), "{one}");
    drop(store);

    let out = import(&["--sums", "sum", "--replace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2026, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.max_total, p("99"), "the sum is used");
}

#[test]
fn a_damaged_appendix_lists_every_unreadable_row_and_stores_nothing() {
    let dir = temp();
    let file = demo_copy(dir.path(), "d.cchc");
    let path = appendix(
        dir.path(),
        "damaged.xlsx",
        &["BỘ CHỈ SỐ"],
        &["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"],
        &[
            &["I", "Chỉ đạo, điều hành", "#6", ""], // row 4
            &["1", "Kế hoạch", "", ""],
            &["1.1", "Ban hành", "hai", ""], // points not a number
            &["2.1", "Thực hiện", "#1", ""], // below 1, numbered as 2's
            &["x.y", "Mã sai", "#1", ""],    // not a number
            &["2", "", "#1", ""],            // no title
            &["3", "Không có điểm", "", ""], // a leaf without points
            &["", "Dòng không có STT", "#1", ""],
            &["3", "Trùng số", "#1", ""], // twice in area I
            &["", "Tổng", "", ""],        // a total without points
        ],
    );
    let err = read_appendix(&path, 2026, Level::Commune, "Thử")
        .err()
        .unwrap_or_else(|| panic!("a damaged appendix was read"));
    let SheetError::Rows(rows) = &err else {
        panic!("{err:?}");
    };
    let numbers: Vec<usize> = rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, [6, 7, 8, 9, 10, 11, 12, 13], "{rows:?}");
    let reasons = [
        "\"hai\" không phải là số",
        "không thuộc mục 1",
        "STT \"x.y\" không hợp lệ",
        "thiếu tên",
        "thiếu điểm tối đa",
        "thiếu STT",
        "trùng",
        "dòng tổng không có điểm",
    ];
    for (row, reason) in rows.iter().zip(reasons) {
        assert!(row.reason.contains(reason), "{reason:?} in {rows:?}");
    }

    let before = bytes(&file);
    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&path),
        "--year",
        "2026",
        "--level",
        "commune",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for n in numbers {
        assert!(err.contains(&format!("Dòng {n}:")), "row {n} in {err}");
    }
    assert!(bytes(&file) == before, "the file changed");
}

/// The demo's hand-made sets written out as appendices (code, title, max, guidance only) and
/// read back: every rule proposed from the guidance gives the hand-made points for every raw
/// figure the demo's units entered.
#[test]
fn proposed_rules_score_the_demos_raw_figures_as_the_hand_made_sets() {
    let dir = temp();
    let store = Store::open(demo_master(), Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    let mut leaves_checked = 0;
    for summary in store.index_sets().unwrap_or_else(|e| panic!("{e}")) {
        let (_, hand) = store
            .index_set(summary.year, summary.level)
            .unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<[String; 4]> = hand
            .nodes()
            .iter()
            .map(|n| {
                [
                    n.code.to_string(),
                    n.title.to_string(),
                    n.leaf
                        .as_ref()
                        .map(|l| l.max.to_plain())
                        .unwrap_or_default(),
                    n.guidance.clone(),
                ]
            })
            .collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let name = format!("{}-{}.xlsx", summary.year, summary.level.as_str());
        let path = appendix(
            dir.path(),
            &name,
            &["BỘ CHỈ SỐ"],
            &["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"],
            &rows,
        );
        let read = read(&path).set;
        // Every unit's stored figures, read as the grid reads them.
        let inputs: Vec<_> = store
            .assessments_of(summary.year, summary.level)
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(|a| {
                store
                    .sheet(summary.year, summary.level, &a.unit.code)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .input
            })
            .collect();
        for node in hand.leaves() {
            let Some(leaf) = &node.leaf else { continue };
            if !leaf.kind.is_computed() {
                continue;
            }
            let imported = read
                .find(&node.code)
                .and_then(|n| n.leaf.clone())
                .unwrap_or_else(|| panic!("{} missing", node.code));
            assert_eq!(imported.kind, leaf.kind, "{}: {}", node.code, node.guidance);
            leaves_checked += 1;
            for input in &inputs {
                let Some(score) = input.scores.get(&node.id) else {
                    continue;
                };
                if score.raw.a.is_none() {
                    continue;
                }
                assert_eq!(
                    points_from_raw(&imported, score.raw),
                    points_from_raw(leaf, score.raw),
                    "{} {:?}: {}",
                    node.code,
                    score.raw,
                    node.guidance
                );
                compared += 1;
            }
        }
    }
    eprintln!("{leaves_checked} computed leaves, {compared} raw figures compared");
    assert!(leaves_checked >= 20, "{leaves_checked}");
    assert!(compared >= 500, "{compared}");
}
