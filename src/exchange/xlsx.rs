//! XLSX (calamine to read, rust_xlsxwriter to write) and CSV:
//! - [`export_year`]: a year's scores, one sheet per unit, and the ranking on a summary sheet,
//!   with the figures of `Store::results` (the same as the PDFs and `parindex rank`);
//! - [`read_index_set`] / [`import_index_set`]: an index set from a table (STT / code, title,
//!   max points, guidance), every unreadable row reported with its number and reason;
//! - [`read_survey`] / [`import_survey`]: survey points (unit code, criterion code, points).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use uuid::Uuid;

use super::table::{Table, read_table};
use crate::domain::limits;
use crate::domain::scoring::Explained;
use crate::domain::text::{fold, nfc};
use crate::domain::{
    Band, IndexSet, Lang, Leaf, LeafKind, Level, NaPolicy, Node, Points, RankingRule,
};
use crate::store::{Result as StoreResult, Store, StoreError, assessments, index_sets, scores};

/// A row that could not be read: its number as the spreadsheet shows it (1-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub reason: String,
}

/// Why a spreadsheet was not imported.
#[derive(Debug)]
pub enum SheetError {
    /// The file could not be opened or has no table.
    File(String),
    /// Rows that could not be read (nothing was imported).
    Rows(Vec<RowError>),
    Store(StoreError),
}

impl From<StoreError> for SheetError {
    fn from(e: StoreError) -> Self {
        SheetError::Store(e)
    }
}

impl SheetError {
    /// The message lines shown to the officer.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            SheetError::File(why) => vec![why.clone()],
            SheetError::Rows(rows) => {
                let mut out = vec![match lang {
                    Lang::Vi => format!("{} dòng không đọc được; chưa nhập gì:", rows.len()),
                    Lang::En => format!("{} rows could not be read; nothing imported:", rows.len()),
                }];
                out.extend(
                    rows.iter()
                        .map(|r| format!("{} {}: {}", lang.pick("Dòng", "Row"), r.row, r.reason)),
                );
                out
            }
            SheetError::Store(e) => vec![e.message(lang)],
        }
    }
}

fn xlsx_error(e: XlsxError) -> StoreError {
    StoreError::Invalid(format!("XLSX: {e}"))
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

fn points_number(p: Points) -> f64 {
    // Exact for thousandths at any realistic size; only for display in the spreadsheet.
    p.milli() as f64 / 1000.0
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(base: &str, used: &mut Vec<String>) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let mut name: String = clean.chars().take(31).collect();
    let mut n = 2;
    while used.iter().any(|u| fold(u) == fold(&name)) {
        let suffix = format!(" ({n})");
        name = clean
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Writes a year's scores and ranking to `out`: a summary sheet "Xếp hạng" (the ranking, as
/// `parindex rank`), then one sheet per unit in rank order (STT, Lĩnh vực/Tiêu chí, Điểm tối
/// đa, Điểm tự đánh giá, Điểm thẩm định, Ghi chú).
pub fn export_year(store: &Store, year: i32, level: Level, out: &Path) -> StoreResult<()> {
    let results = store.results(year, level, Lang::Vi)?;
    let set = &results.set;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let decimals = usize::from(set.precision);
    let percent_format = Format::new().set_num_format(if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(decimals))
    });
    let mut used = Vec::new();

    let summary = book.add_worksheet();
    summary
        .set_name(sheet_name("Xếp hạng", &mut used))
        .map_err(xlsx_error)?;
    summary
        .write_string_with_format(
            0,
            0,
            format!("Kết quả Chỉ số CCHC năm {year} — {}", set.name),
            &title,
        )
        .map_err(xlsx_error)?;
    summary
        .write_string(1, 0, format!("Mã dữ liệu: {}", results.fingerprint))
        .map_err(xlsx_error)?;
    let heads = [
        "Hạng",
        "Mã",
        "Đơn vị",
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Điểm ĐTXHH",
        "Điểm thưởng",
        "Điểm trừ",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp loại",
        "Trạng thái",
    ];
    for (c, h) in heads.iter().enumerate() {
        summary
            .write_string_with_format(3, c as u16, *h, &header)
            .map_err(xlsx_error)?;
    }
    for (i, r) in results.rows.iter().enumerate() {
        let row = 4 + i as u32;
        let t = &r.totals;
        let w = |sheet: &mut Worksheet, col: u16, p: Points| {
            sheet.write_number(row, col, points_number(p)).map(drop)
        };
        (|| -> Result<(), XlsxError> {
            if let Some(rank) = r.rank {
                summary.write_number(row, 0, f64::from(rank))?;
            }
            summary.write_string(row, 1, &r.unit_code)?;
            summary.write_string(row, 2, &r.unit_name)?;
            w(summary, 3, t.self_points)?;
            if let Some(a) = t.appraised_points {
                w(summary, 4, a)?;
            }
            w(summary, 5, t.survey_points)?;
            w(summary, 6, t.bonus)?;
            w(summary, 7, t.penalty)?;
            w(summary, 8, t.max_points)?;
            if let Some(index) = t.index {
                let value = index.scaled() as f64 / 10f64.powi(i32::from(index.precision()));
                summary.write_number_with_format(row, 9, value, &percent_format)?;
            }
            if let Some(class) = &r.classification {
                summary.write_string(row, 10, class)?;
            }
            summary.write_string(row, 11, r.status.label(Lang::Vi))?;
            Ok(())
        })()
        .map_err(xlsx_error)?;
    }
    summary.set_column_width(2, 28).map_err(xlsx_error)?;
    for c in 3..10 {
        summary.set_column_width(c, 11).map_err(xlsx_error)?;
    }

    for r in &results.rows {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(
                &format!("{} {}", r.unit_code, r.unit_name),
                &mut used,
            ))
            .map_err(xlsx_error)?;
        (|| -> Result<(), XlsxError> {
            sheet.write_string_with_format(0, 0, &r.unit_name, &title)?;
            sheet.write_string(
                1,
                0,
                format!(
                    "Năm {year} · Chỉ số: {}% · Xếp loại: {}",
                    r.totals
                        .index
                        .map(|i| i.to_vi())
                        .unwrap_or_else(|| "-".into()),
                    r.classification.clone().unwrap_or_else(|| "-".into())
                ),
            )?;
            let heads = [
                "STT",
                "Lĩnh vực/Tiêu chí",
                "Điểm tối đa",
                "Điểm tự đánh giá",
                "Điểm thẩm định",
                "Ghi chú",
            ];
            for (c, h) in heads.iter().enumerate() {
                sheet.write_string_with_format(3, c as u16, *h, &header)?;
            }
            let mut row = 4u32;
            fn walk(
                sheet: &mut Worksheet,
                node: &Explained,
                row: &mut u32,
                bold: &Format,
            ) -> Result<(), XlsxError> {
                let leaf = node.leaf_kind.is_some();
                let plain = Format::new();
                let f = if leaf { &plain } else { bold };
                sheet.write_string_with_format(*row, 0, &*node.code, f)?;
                sheet.write_string_with_format(*row, 1, &*node.title, f)?;
                sheet.write_number_with_format(*row, 2, points_number(node.max_points), f)?;
                if let Some(p) = node.self_points {
                    sheet.write_number_with_format(*row, 3, points_number(p), f)?;
                }
                if let Some(p) = node.final_points.or(node.appraised_points) {
                    sheet.write_number_with_format(*row, 4, points_number(p), f)?;
                }
                if leaf {
                    sheet.write_string(*row, 5, &node.rule)?;
                }
                *row += 1;
                for child in &node.children {
                    walk(sheet, child, row, bold)?;
                }
                Ok(())
            }
            for node in &r.score.roots {
                walk(sheet, node, &mut row, &bold)?;
            }
            sheet.write_string_with_format(row, 1, "Tổng", &bold)?;
            sheet.write_number_with_format(row, 2, points_number(r.totals.max_points), &bold)?;
            sheet.write_number_with_format(row, 3, points_number(r.totals.self_points), &bold)?;
            if let Some(a) = r.totals.appraised_points {
                sheet.write_number_with_format(row, 4, points_number(a), &bold)?;
            }
            sheet.set_column_width(1, 60)?;
            sheet.set_column_width(5, 40)?;
            Ok(())
        })()
        .map_err(xlsx_error)?;
    }
    // Written beside the target and renamed, so a half-written file never has the name.
    let tmp = out.with_file_name(format!(
        ".{}.{}.part",
        out.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        Uuid::new_v4().simple()
    ));
    if let Err(e) = book.save(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(xlsx_error(e));
    }
    std::fs::rename(&tmp, out)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reading tables
// ---------------------------------------------------------------------------------------

/// Finds the header row: the first row with a cell matching each of `wanted` (by folded
/// prefix/substring); returns its index in the table and the columns.
fn find_header(table: &Table, wanted: &[&[&str]]) -> Option<(usize, Vec<Option<usize>>)> {
    for (i, row) in table.rows.iter().enumerate().take(30) {
        let folded: Vec<(usize, String)> = row.cells().map(|(c, text)| (c, fold(text))).collect();
        let cols: Vec<Option<usize>> = wanted
            .iter()
            .map(|names| {
                folded
                    .iter()
                    .find(|(_, t)| {
                        !t.is_empty() && names.iter().any(|n| t == n || t.starts_with(n))
                    })
                    .map(|(c, _)| *c)
            })
            .collect();
        // The first two wanted columns are required.
        if cols.iter().take(2).all(Option::is_some) {
            return Some((i, cols));
        }
    }
    None
}

fn parse_points(text: &str) -> Option<Points> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Points::parse(t).ok()
}

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

// ---------------------------------------------------------------------------------------
// Index set import
// ---------------------------------------------------------------------------------------

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
/// [`index_sets::replace`]); without, an existing set is refused.
pub fn import_index_set(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
    replace: bool,
) -> Result<IndexSet, SheetError> {
    let set = read_index_set(path, year, level, name)?;
    store.write(|tx| {
        if replace {
            index_sets::replace(tx, &set).map(drop)
        } else {
            index_sets::insert(tx, &set).map(drop)
        }
    })?;
    Ok(set)
}

// ---------------------------------------------------------------------------------------
// Survey points
// ---------------------------------------------------------------------------------------

/// One survey value read from a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyRow {
    pub row: usize,
    pub unit_code: String,
    pub criterion: String,
    pub points: Points,
}

/// Reads survey points: columns Mã đơn vị (unit code), Mã tiêu chí (criterion code), Điểm
/// (points), from XLSX or CSV (comma or semicolon separated, UTF-8).
pub fn read_survey(path: &Path) -> Result<Vec<SurveyRow>, SheetError> {
    let table = read_table(path)?;
    let Some((header, cols)) = find_header(
        &table,
        &[
            &["ma don vi", "don vi", "unit"],
            &["ma tieu chi", "tieu chi", "criterion"],
            &["diem", "points"],
        ],
    ) else {
        return Err(SheetError::File(
            "Không tìm thấy dòng tiêu đề (Mã đơn vị, Mã tiêu chí, Điểm) / no header row found"
                .into(),
        ));
    };
    let Some(c_points) = cols[2] else {
        return Err(SheetError::File("Thiếu cột Điểm / no points column".into()));
    };
    let (c_unit, c_crit) = (cols[0].unwrap_or(0), cols[1].unwrap_or(1));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows[header + 1..] {
        let line = &row.line;
        let get = |c: usize| row.get(c).to_owned();
        let (unit, crit, points) = (get(c_unit), get(c_crit), get(c_points));
        if unit.is_empty() && crit.is_empty() && points.is_empty() {
            continue;
        }
        if unit.is_empty() || crit.is_empty() {
            errors.push(RowError {
                row: *line,
                reason: "thiếu mã đơn vị hoặc mã tiêu chí".into(),
            });
            continue;
        }
        match parse_points(&points.replace(',', ".")) {
            Some(p) => out.push(SurveyRow {
                row: *line,
                unit_code: unit,
                criterion: crit,
                points: p,
            }),
            None => errors.push(RowError {
                row: *line,
                reason: format!("điểm \"{points}\" không phải là số"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(SheetError::Rows(errors));
    }
    Ok(out)
}

/// Reads survey points and stores them in one transaction, each with its audit entry; a row
/// naming an unknown unit or criterion, or points above the maximum, is reported with its row
/// number and nothing is stored. Returns the number of values stored.
pub fn import_survey(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
) -> Result<usize, SheetError> {
    let rows = read_survey(path)?;
    let actor = store.actor().to_owned();
    let source = format!(
        "Nhập từ {}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    let mut errors = Vec::new();
    let result = store.write(|tx| {
        let set = index_sets::load(tx, year, level)?;
        // Each unit's assessment read once, not once per row (a province sends thousands).
        let mut found: HashMap<&str, StoreResult<assessments::Assessment>> = HashMap::new();
        for r in &rows {
            let a = found
                .entry(r.unit_code.as_str())
                .or_insert_with(|| assessments::find(tx, year, level, &r.unit_code));
            let outcome = match a {
                Ok(a) => {
                    scores::set_survey(tx, &actor, a, &set, &r.criterion, Some(r.points), &source)
                }
                Err(e) => Err(StoreError::Invalid(e.message(Lang::Vi))),
            };
            if let Err(e) = outcome {
                errors.push(RowError {
                    row: r.row,
                    reason: e.message(Lang::Vi),
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            // Roll back: nothing is stored when a row is refused.
            Err(StoreError::Invalid(String::new()))
        }
    });
    match result {
        Ok(()) => Ok(rows.len()),
        Err(_) if !errors.is_empty() => Err(SheetError::Rows(errors)),
        Err(e) => Err(SheetError::Store(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_and_unique() {
        let mut used = Vec::new();
        let a = sheet_name("01786 Thị trấn Đông Khê rất dài tên quá dài", &mut used);
        let b = sheet_name("01786 Thị trấn Đông Khê rất dài tên quá dài", &mut used);
        assert!(a.chars().count() <= 31 && b.chars().count() <= 31);
        assert_ne!(a, b);
    }
}
