//! A set re-issued within its year (issue 14, item 5): a corrected appendix becomes the set's
//! next version with its decision; the scores of unchanged criteria stay, the changed and new
//! criteria are listed for re-scoring, the earlier version is kept with its scores and can be
//! read back; the audit log still accounts for every value; documents name the version in
//! force; a unit's package scored against the earlier version is refused.

mod common;

use std::path::Path;

use common::reissue::{scored_version_one, version_two};
use common::{bytes, demo_copy, run, s, stderr, stdout, temp};
use parindex::domain::{Level, Points};
use parindex::store::import::{self, PlanOptions};
use parindex::store::{Access, Store};

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Points a unit's self-assessment holds per criterion code, from `parindex explain`.
fn self_points(file: &Path, unit: &str) -> Vec<(String, Option<String>)> {
    let out = run(&[
        "explain",
        s(file),
        "--year",
        "2026",
        "--level",
        "commune",
        "--unit",
        unit,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "explain: {}", stderr(&out));
    let tree: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    let mut leaves = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, Option<String>)>) {
        match v {
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => {
                let children = map.get("children");
                if children.is_none_or(|c| c.as_array().is_none_or(|a| a.is_empty())) {
                    if let Some(code) = map.get("code").and_then(|c| c.as_str()) {
                        let points = map.get("self_points").and_then(|p| match p {
                            serde_json::Value::Null => None,
                            other => Some(other.to_string().trim_matches('"').to_owned()),
                        });
                        out.push((code.to_owned(), points));
                    }
                }
                if let Some(c) = children {
                    walk(c, out);
                }
                for (key, value) in map {
                    if key != "children" && (value.is_array() || value.is_object()) {
                        walk(value, out);
                    }
                }
            }
            _ => {}
        }
    }
    walk(&tree, &mut leaves);
    leaves.sort();
    leaves.dedup();
    leaves
}

#[test]
fn a_reissued_set_keeps_unchanged_scores_lists_the_rest_and_keeps_both_versions() {
    let dir = temp();
    let file = demo_copy(dir.path(), "ban-hanh-lai.cchc");
    let unit = scored_version_one(
        dir.path(),
        &file,
        &[
            ("1.1", "15"),
            ("1.2", "8"),
            ("1.3", "5"),
            ("2.1", "20"),
            ("2.2", "20"),
        ],
    );
    // The unit's package, made against version 1.
    let package = dir.path().join("goi-v1.cchc");
    common::packages::export_unit(&file, &unit, 2026, &package).unwrap_or_else(|e| panic!("{e}"));

    // Re-issue without a decision number: refused by the command line, nothing written.
    let v2 = version_two(dir.path());
    let before = bytes(&file);
    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&v2),
        "--year",
        "2026",
        "--level",
        "commune",
        "--reissue",
    ]);
    assert!(!out.status.success());
    assert_eq!(
        bytes(&file),
        before,
        "a refused re-issue leaves the file as it was"
    );

    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&v2),
        "--year",
        "2026",
        "--level",
        "commune",
        "--reissue",
        "--decision",
        "45/QĐ-UBND",
        "--decision-date",
        "10/05/2026",
    ]);
    assert!(out.status.success(), "re-issue: {}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("phiên bản 1 → 2"), "{said}");
    assert!(
        said.contains("2 tiêu chí giữ điểm, 2 thay đổi, 2 mới, 1 bỏ"),
        "{said}"
    );
    assert!(
        said.contains("3 giá trị đã nhập đã xóa để chấm lại"),
        "{said}"
    );
    for line in [
        "Chấm lại 1.2 Báo cáo CCHC hằng quý (tên cũ: Báo cáo CCHC định kỳ)",
        "Chấm lại 2.2 Giải quyết hồ sơ đúng hạn (điểm tối đa 30 → 25)",
        "Tiêu chí mới 2.3 Số hóa hồ sơ",
        "Tiêu chí mới 2.4 Dịch vụ công trực tuyến",
        "Bỏ (điểm giữ trong phiên bản trước) 1.3 Kiểm tra CCHC",
    ] {
        assert!(said.contains(line), "missing {line:?} in:\n{said}");
    }

    // The set in force is version 2 with its decision; unchanged criteria kept their points.
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let (_, set) = store
        .index_set(2026, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.version, 2);
    assert_eq!(set.decision, "45/QĐ-UBND");
    assert_eq!(set.earlier.len(), 1);
    assert_eq!(set.earlier[0].version, 1);
    let codes: Vec<String> = set.leaves().iter().map(|n| n.code.to_string()).collect();
    assert_eq!(codes, ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"]);
    let points = self_points(&file, &unit);
    let of = |code: &str| {
        points
            .iter()
            .find(|(c, _)| c == code)
            .and_then(|(_, p)| p.clone())
    };
    assert_eq!(of("1.1").as_deref(), Some("15"), "{points:?}");
    assert_eq!(of("2.1").as_deref(), Some("20"), "{points:?}");
    assert_eq!(of("1.2"), None, "{points:?}");
    assert_eq!(of("2.2"), None, "{points:?}");
    assert!(points.iter().all(|(c, _)| c != "1.3"), "{points:?}");

    // The earlier version is in the file, whole, with the points entered against it.
    let versions = store
        .set_versions(2026, Level::Commune)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(versions.len(), 1);
    let earlier = store
        .earlier_version(2026, Level::Commune, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let old_codes: Vec<String> = earlier
        .set
        .leaves()
        .iter()
        .map(|n| n.code.to_string())
        .collect();
    assert_eq!(old_codes, ["1.1", "1.2", "1.3", "2.1", "2.2"]);
    let mut old_points: Vec<(String, Option<Points>)> = earlier
        .scores
        .iter()
        .filter(|s| s.unit_code == unit)
        .map(|s| (s.criterion.clone(), s.self_points))
        .collect();
    old_points.sort();
    assert_eq!(
        old_points,
        [
            ("1.1".to_owned(), Some(p("15"))),
            ("1.2".to_owned(), Some(p("8"))),
            ("1.3".to_owned(), Some(p("5"))),
            ("2.1".to_owned(), Some(p("20"))),
            ("2.2".to_owned(), Some(p("20"))),
        ]
    );
    assert!(store.earlier_version(2026, Level::Commune, 2).is_err());
    drop(store);

    // Every cleared value went through the audit log.
    let out = run(&["log", s(&file), "--verify"]);
    assert!(
        out.status.success(),
        "log --verify: {}{}",
        stdout(&out),
        stderr(&out)
    );

    // The scorecard names the decision in force and the one it replaced.
    let pdf = dir.path().join("phieu.pdf");
    let out = run(&[
        "pdf",
        "scorecard",
        s(&file),
        "--year",
        "2026",
        "--level",
        "commune",
        "--unit",
        &unit,
        "-o",
        s(&pdf),
    ]);
    assert!(out.status.success(), "pdf: {}", stderr(&out));
    let text = std::process::Command::new("pdftotext")
        .args([s(&pdf), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Quyết định số 45/QĐ-UBND ngày 10/5/2026"),
        "{text}"
    );
    assert!(text.contains("thay thế phiên bản 1"), "{text}");

    // The same decision twice is not a new version.
    let before = bytes(&file);
    let out = run(&[
        "xlsx",
        "import-set",
        s(&file),
        s(&v2),
        "--year",
        "2026",
        "--level",
        "commune",
        "--reissue",
        "--decision",
        "45/QĐ-UBND",
        "--decision-date",
        "2026-05-10",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("phiên bản đang áp dụng"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&file), before);

    // The unit's package scored against version 1 is refused, not merged into version 2.
    let received = import::receive(&package).unwrap_or_else(|e| panic!("{e}"));
    let store = Store::open(&file, Access::ReadOnly).unwrap_or_else(|e| panic!("{e}"));
    let plan = store
        .plan_import(&received, PlanOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        plan.refused
            .iter()
            .any(|r| r.reason.contains("chấm theo bộ chỉ số phiên bản 1")),
        "{:?}",
        plan.refused
    );
    assert!(plan.changes.is_empty(), "{:?}", plan.changes);
}
