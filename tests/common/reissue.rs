//! The two versions of a 2026 commune set the re-issue tests use: the first decision and
//! the corrected one (1.1 and 2.1 unchanged, 1.2 renamed, 2.2 worth 25, 1.3 dropped, 2.3 and
//! 2.4 new).

use std::path::{Path, PathBuf};

use parindex::domain::Level;
use parindex::store::{Access, Store};

use super::{appendix, run, s, stderr};

const HEADER: [&str; 4] = ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"];

pub fn version_one(dir: &Path) -> PathBuf {
    appendix(
        dir,
        "phu-luc-v1.xlsx",
        &["BỘ CHỈ SỐ CCHC CẤP XÃ NĂM 2026"],
        &HEADER,
        &[
            &["1", "Công tác chỉ đạo, điều hành", "#40", ""],
            &["1.1", "Kế hoạch CCHC năm", "#20", ""],
            &["1.2", "Báo cáo CCHC định kỳ", "#10", ""],
            &["1.3", "Kiểm tra CCHC", "#10", ""],
            &["2", "Cải cách thủ tục hành chính", "#60", ""],
            &["2.1", "Công khai thủ tục hành chính", "#30", ""],
            &["2.2", "Giải quyết hồ sơ đúng hạn", "#30", ""],
        ],
    )
}

/// The corrected decision: 1.1 and 2.1 as before; 1.2 renamed, 2.2 worth 25; 1.3 dropped;
/// 2.3 and 2.4 new.
pub fn version_two(dir: &Path) -> PathBuf {
    appendix(
        dir,
        "phu-luc-v2.xlsx",
        &["BỘ CHỈ SỐ CCHC CẤP XÃ NĂM 2026 (SỬA ĐỔI)"],
        &HEADER,
        &[
            &["1", "Công tác chỉ đạo, điều hành", "#30", ""],
            &["1.1", "Kế hoạch  CCHC năm", "#20", ""],
            &["1.2", "Báo cáo CCHC hằng quý", "#10", ""],
            &["2", "Cải cách thủ tục hành chính", "#70", ""],
            &["2.1", "Công khai thủ tục hành chính", "#30", ""],
            &["2.2", "Giải quyết hồ sơ đúng hạn", "#25", ""],
            &["2.3", "Số hóa hồ sơ", "#5", ""],
            &["2.4", "Dịch vụ công trực tuyến", "#10", ""],
        ],
    )
}

/// `file` (a demo copy) with version one as the 2026 commune set, every commune assessed, and
/// the first commune's self points `scores` (code, points) typed through `parindex score`;
/// returns that commune's code.
pub fn scored_version_one(dir: &Path, file: &Path, scores: &[(&str, &str)]) -> String {
    let v1 = version_one(dir);
    let out = run(&[
        "xlsx",
        "import-set",
        s(file),
        s(&v1),
        "--year",
        "2026",
        "--level",
        "commune",
    ]);
    assert!(out.status.success(), "import v1: {}", stderr(&out));
    let unit = {
        let mut store = Store::open(file, Access::ReadWrite).unwrap_or_else(|e| panic!("{e}"));
        let started = store
            .start_assessments(2026, Level::Commune)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(started > 0);
        let list = store
            .assessments_of(2026, Level::Commune)
            .unwrap_or_else(|e| panic!("{e}"));
        list[0].unit.code.clone()
    };
    for (code, points) in scores {
        let out = run(&[
            "score",
            s(file),
            "--year",
            "2026",
            "--level",
            "commune",
            "--unit",
            &unit,
            "--criterion",
            code,
            "--self",
            points,
            "--by",
            "Cán bộ thử",
        ]);
        assert!(out.status.success(), "score {code}: {}", stderr(&out));
    }
    unit
}
