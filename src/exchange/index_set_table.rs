//! An index set read from a table (STT / code, title, max points, guidance), every
//! unreadable row reported with its number and reason, and imported as a new set.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use uuid::Uuid;

use super::table::{Table, find_header, parse_points, read_table};
use super::xlsx::{RowError, SheetError};
use crate::domain::limits;
use crate::domain::text::{fold, nfc};
use crate::domain::{Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, Points, RankingRule};
use crate::store::Store;

const ROMAN: [(&str, u32); 12] = [
    ("I", 1),
    ("II", 2),
    ("III", 3),
    ("IV", 4),
    ("V", 5),
    ("VI", 6),
    ("VII", 7),
    ("VIII", 8),
    ("IX", 9),
    ("X", 10),
    ("XI", 11),
    ("XII", 12),
];

/// One criterion row of an index set table.
struct SetRow {
    line: usize,
    code: String,
    title: String,
    max: Option<Points>,
    guidance: String,
    kind: Option<LeafKind>,
}

/// The parent code of a dotted code ("1.2.3" → "1.2"), none for an area.
fn parent_code(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(parent, _)| parent)
}

/// Reads an index set from a table. The header row has STT (or Mã / code), Lĩnh vực/Tiêu chí
/// (or Tên / title), Điểm tối đa (max), and optionally Hướng dẫn (guidance) and Loại (kind:
/// manual, yes_no, bonus, penalty, survey…). Codes are dotted ("1", "1.2", "1.2.3"); Roman
/// numerals (I, II…) are areas, and plain numbers below a Roman area are its criteria
/// ("I" then "1" → "1" and "1.1"). A node without children is a leaf and needs a maximum.
/// Every row that cannot be read is reported; the set is returned only when none is. Every
/// step is linear in the rows (a 30 000-row table took a minute when each row was looked up
/// by scanning the others).
pub fn read_index_set(
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
) -> Result<IndexSet, SheetError> {
    let table = read_table(path)?;
    let Some((header, cols)) = find_header(
        &table,
        &[
            &["stt", "ma", "code", "so tt"],
            &["linh vuc", "tieu chi", "noi dung", "ten", "title"],
            &["diem toi da", "toi da", "max"],
            &["huong dan", "guidance", "cach cham"],
            &["loai", "kind"],
        ],
    ) else {
        return Err(SheetError::File(
            "Không tìm thấy dòng tiêu đề (STT, Lĩnh vực/Tiêu chí, Điểm tối đa) / no header row found".into(),
        ));
    };
    let (rows, mut errors) = set_rows(&table, header, &cols);
    // The store refuses to load a larger tree, so such a set must never be stored.
    if rows.len() > limits::TREE_NODES {
        return Err(SheetError::File(format!(
            "Bảng có {} tiêu chí, nhiều hơn giới hạn {} của một bộ chỉ số; không nhập gì / the table has {} criteria, more than the {} an index set may have; nothing imported",
            rows.len(),
            limits::TREE_NODES,
            rows.len(),
            limits::TREE_NODES
        )));
    }
    check_parents(&rows, &mut errors);
    if rows.is_empty() && errors.is_empty() {
        return Err(SheetError::File(
            "Bảng không có tiêu chí nào / no criteria".into(),
        ));
    }
    let roots = build_tree(&rows);
    check_sums(&roots, &rows, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(SheetError::Rows(errors));
    }
    Ok(new_set(year, level, name, roots))
}

/// The criterion rows below the header, and the rows that could not be read.
fn set_rows(table: &Table, header: usize, cols: &[Option<usize>]) -> (Vec<SetRow>, Vec<RowError>) {
    let (c_code, c_title, c_max, c_guide, c_kind) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
    let mut errors = Vec::new();
    let mut rows: Vec<SetRow> = Vec::new();
    let mut area: Option<String> = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows[header + 1..] {
        let get = |c: Option<usize>| c.map(|c| row.get(c)).unwrap_or_default().to_owned();
        let line = row.line;
        let stt = get(c_code).trim().trim_end_matches('.').to_owned();
        let title = get(c_title);
        let max_text = get(c_max);
        if stt.is_empty() && title.is_empty() && max_text.is_empty() {
            continue;
        }
        let err = |reason: String| RowError { row: line, reason };
        if stt.is_empty() {
            errors.push(err("thiếu STT (mã tiêu chí)".into()));
            continue;
        }
        if title.is_empty() {
            errors.push(err(format!("{stt}: thiếu tên lĩnh vực/tiêu chí")));
            continue;
        }
        let code = match criterion_code(&stt, &mut area) {
            Ok(code) => code,
            Err(reason) => {
                errors.push(err(reason));
                continue;
            }
        };
        let max = if max_text.trim().is_empty() {
            None
        } else {
            match parse_points(&max_text.replace(',', ".")) {
                Some(p) => Some(p),
                None => {
                    errors.push(err(format!(
                        "{code}: điểm tối đa \"{max_text}\" không phải là số"
                    )));
                    continue;
                }
            }
        };
        let kind_text = get(c_kind);
        let kind = if kind_text.is_empty() {
            None
        } else {
            match LeafKind::parse(kind_text.trim()) {
                Some(k) => Some(k),
                None => {
                    errors.push(err(format!("{code}: loại \"{kind_text}\" không biết")));
                    continue;
                }
            }
        };
        if let Some(first) = seen.insert(code.clone(), line) {
            errors.push(err(format!("{code}: trùng mã với dòng {first}")));
            continue;
        }
        rows.push(SetRow {
            line,
            code,
            title,
            max,
            guidance: get(c_guide),
            kind,
        });
    }
    (rows, errors)
}

/// The dotted code of a row's STT: a Roman numeral starts an area, a plain number below an
/// area is its criterion. Codes longer or deeper than the store keeps are refused here.
fn criterion_code(stt: &str, area: &mut Option<String>) -> Result<String, String> {
    let code = if let Some((_, n)) = ROMAN.iter().find(|(r, _)| r.eq_ignore_ascii_case(stt)) {
        *area = Some(n.to_string());
        n.to_string()
    } else if stt
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        match area.as_deref() {
            Some(a) if !stt.starts_with(&format!("{a}.")) => format!("{a}.{stt}"),
            _ => stt.to_owned(),
        }
    } else {
        return Err(format!(
            "STT \"{}\" không hợp lệ (dùng 1, 1.2, 1.2.3 hoặc I, II…)",
            crate::domain::text::shorten(stt, limits::CODE_CHARS)
        ));
    };
    if code.len() > limits::CODE_CHARS {
        return Err(format!(
            "STT dài hơn {} ký tự / code longer than {} characters",
            limits::CODE_CHARS,
            limits::CODE_CHARS
        ));
    }
    if code.split('.').count() > limits::TREE_DEPTH {
        return Err(format!(
            "{code}: sâu hơn {} cấp / deeper than {} levels",
            limits::TREE_DEPTH,
            limits::TREE_DEPTH
        ));
    }
    Ok(code)
}

/// Parents must exist; leaves (rows no other row names as parent) need a maximum.
fn check_parents(rows: &[SetRow], errors: &mut Vec<RowError>) {
    let codes: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let parents: HashSet<&str> = rows.iter().filter_map(|r| parent_code(&r.code)).collect();
    for r in rows {
        if let Some(parent) = parent_code(&r.code)
            && !codes.contains(parent)
        {
            errors.push(RowError {
                row: r.line,
                reason: format!("{}: không có mục cha {parent}", r.code),
            });
        }
        if !parents.contains(r.code.as_str()) && r.max.is_none() {
            errors.push(RowError {
                row: r.line,
                reason: format!("{}: tiêu chí thành phần thiếu điểm tối đa", r.code),
            });
        }
    }
}

/// The leaf of a row without children: its kind from the Loại column, else guessed from the
/// title (điểm thưởng, điểm trừ, điều tra xã hội học), else scored by hand.
fn leaf_of(r: &SetRow) -> Leaf {
    let folded = fold(&r.title);
    let kind = r.kind.unwrap_or(if folded.starts_with("diem thuong") {
        LeafKind::Bonus
    } else if folded.starts_with("diem tru") {
        LeafKind::Penalty
    } else if folded.contains("dieu tra xa hoi hoc") {
        LeafKind::Survey
    } else {
        LeafKind::Manual
    });
    Leaf {
        kind,
        max: r.max.unwrap_or(Points::ZERO),
        na_policy: NaPolicy::NotAllowed,
        evidence: None,
        bands: Vec::new(),
        per_unit: None,
        raw_labels: Vec::new(),
    }
}

/// The tree of the rows (parents checked to exist), children in row order.
fn build_tree(rows: &[SetRow]) -> Vec<Node> {
    let mut children: HashMap<Option<&str>, Vec<&SetRow>> = HashMap::new();
    for r in rows {
        children.entry(parent_code(&r.code)).or_default().push(r);
    }
    // Depth is at most TREE_DEPTH (checked per code), so the recursion is shallow.
    fn nodes(parent: Option<&str>, children: &HashMap<Option<&str>, Vec<&SetRow>>) -> Vec<Node> {
        let Some(list) = children.get(&parent) else {
            return Vec::new();
        };
        list.iter()
            .map(|r| {
                let below = nodes(Some(&r.code), children);
                Node {
                    id: Uuid::new_v4(),
                    code: r.code.as_str().into(),
                    title: r.title.as_str().into(),
                    guidance: r.guidance.clone(),
                    leaf: below.is_empty().then(|| leaf_of(r)),
                    children: below,
                }
            })
            .collect()
    }
    nodes(None, &children)
}

/// A parent whose stated maximum is not the sum of its children's.
fn check_sums(roots: &[Node], rows: &[SetRow], errors: &mut Vec<RowError>) {
    let by_code: HashMap<&str, &SetRow> = rows.iter().map(|r| (r.code.as_str(), r)).collect();
    fn walk(node: &Node, by_code: &HashMap<&str, &SetRow>, errors: &mut Vec<RowError>) {
        if node.leaf.is_none()
            && let Some(r) = by_code.get(&*node.code)
            && let Some(stated) = r.max
            && stated != node.max_points()
        {
            errors.push(RowError {
                row: r.line,
                reason: format!(
                    "{}: điểm tối đa {} khác tổng các tiêu chí con {}",
                    node.code,
                    stated.to_vi(),
                    node.max_points().to_vi()
                ),
            });
        }
        for c in &node.children {
            walk(c, by_code, errors);
        }
    }
    for n in roots {
        walk(n, &by_code, errors);
    }
}

/// A new set over `roots` with the usual bands (Tốt 90, Khá 70, Trung bình 50, Yếu).
fn new_set(year: i32, level: Level, name: &str, roots: Vec<Node>) -> IndexSet {
    let total: Points = roots.iter().map(Node::max_points).sum();
    let p = |t: &str| Points::parse(t).unwrap_or(Points::ZERO);
    IndexSet {
        id: Uuid::new_v4(),
        year,
        level,
        name: nfc(name),
        decision: String::new(),
        decision_date: None,
        issuer: String::new(),
        max_total: if total > Points::ZERO {
            total
        } else {
            p("100")
        },
        ranking: RankingRule::Competition,
        precision: 2,
        bands: vec![
            Band {
                name: "Tốt".into(),
                min: p("90"),
            },
            Band {
                name: "Khá".into(),
                min: p("70"),
            },
            Band {
                name: "Trung bình".into(),
                min: p("50"),
            },
            Band {
                name: "Yếu".into(),
                min: Points::ZERO,
            },
        ],
        bonus_cap: None,
        penalty_cap: None,
        roots,
    }
}

/// Reads an index set from a table and stores it (one transaction). With `replace`, a set
/// of that year and level nobody has scored against yet is replaced (see
/// [`crate::store::index_sets::replace`]); without, an existing set is refused.
pub fn import_index_set(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
    replace: bool,
) -> Result<IndexSet, SheetError> {
    let set = read_index_set(path, year, level, name)?;
    store.import_index_set(&set, replace)?;
    Ok(set)
}
