//! An index set read from a province's appendix (STT, Lĩnh vực/Tiêu chí, Điểm tối đa,
//! Hướng dẫn chấm, optional Loại): the header found below any title rows, the tree built from
//! the printed numbering ([`super::set_numbering`]), points as numbers or text ("0,5"), total
//! rows checked instead of imported, every unreadable row reported with its number and reason.
//! Sums that do not match (a parent against its children, the total against 100) are listed
//! with both figures for the officer to choose, since published decisions carry such slips.

use std::path::Path;

use uuid::Uuid;

use super::set_numbering::{TreeBuilder, readings};
use super::table::{Row, Table, find_header, read_table};
use super::xlsx::{RowError, SheetError};
use crate::domain::guidance::{Proposal, may_exceed_whole, propose, raw_labels_for};
use crate::domain::limits;
use crate::domain::text::{fold, nfc, shorten};
use crate::domain::{Band, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, Points, RankingRule};
use crate::store::Store;

/// A printed figure that is not the sum of what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumMismatch {
    /// The row of the printed figure (0 when the figure is the usual 100, not printed).
    pub row: usize,
    /// The criterion's code, or "Tổng" for the set's total.
    pub code: String,
    pub printed: Points,
    pub sum: Points,
}

/// The officer's choice for mismatched sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumChoice {
    /// Keep the printed figures: the set's declared total is the printed one, and each parent's
    /// printed points stay in its guidance beside the sum of its children.
    Printed,
    /// Use the sums of the children, and their total as the set's total.
    Sum,
}

/// A rule proposed from a leaf's guidance sentence, for the officer to accept or change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedRule {
    pub code: String,
    pub sentence: String,
    pub proposal: Proposal,
}

/// An appendix as read: the set, the sums to choose about, and the rules proposed.
#[derive(Debug, Clone)]
pub struct Appendix {
    pub set: IndexSet,
    pub mismatches: Vec<SumMismatch>,
    pub rules: Vec<ProposedRule>,
    /// The printed total row, if the appendix has one.
    pub printed_total: Option<Points>,
}

/// One numbered row as read.
struct SetRow {
    line: usize,
    title: String,
    max: Option<Points>,
    guidance: String,
    kind: Option<LeafKind>,
    /// Its points could not be read (already reported): placed so that the rows below it
    /// find their parent, never reported again.
    bad_points: bool,
}

/// The header words, without diacritics (the cells are folded before matching).
const HEADER: [&[&str]; 5] = [
    &["stt", "so tt", "so thu tu", "tt", "ma", "code"],
    &[
        "linh vuc",
        "tieu chi",
        "noi dung",
        "ten tieu chi",
        "chi so",
        "ten",
        "title",
    ],
    &[
        "diem toi da",
        "toi da",
        "diem chuan",
        "thang diem",
        "so diem",
        "max",
        "diem",
    ],
    &[
        "huong dan",
        "cach cham",
        "phuong phap",
        "guidance",
        "cach tinh",
    ],
    &["loai", "kind"],
];

/// Whether a row is a total row ("Tổng", "Tổng điểm", "Tổng cộng", "Cộng").
fn is_total(text: &str) -> bool {
    let folded = fold(text);
    let head = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        ["tong", ..] => {
            words.len() == 1 || matches!(words[1], "cong" | "diem" | "so" | "toi" | "chi")
        }
        ["cong", ..] => true,
        _ => false,
    }
}

/// Points as printed: a number, or text with a comma or dot ("0,5", "1.25", "2 điểm").
fn printed_points(text: &str) -> Option<Points> {
    let folded = fold(text);
    let t = folded
        .trim()
        .trim_end_matches("diem")
        .trim_end_matches('d')
        .trim();
    if t.is_empty() {
        return None;
    }
    Points::parse(t).ok()
}

/// A row of column numbers printed under the header: (1) (2) (3) or 1 2 3.
fn is_column_numbers(row: &Row) -> bool {
    let numbered = |t: &str| {
        let t = t.trim().trim_start_matches('(').trim_end_matches(')');
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
    };
    let cells: Vec<&str> = row.cells().map(|(_, t)| t).collect();
    cells.len() >= 3 && cells.iter().all(|t| numbered(t))
}

/// Reads an index set from a table; the sums are those of the children (see
/// [`read_appendix`] for the mismatches and the proposed rules).
pub fn read_index_set(
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
) -> Result<IndexSet, SheetError> {
    Ok(read_appendix(path, year, level, name)?.set)
}

/// Reads an appendix: the header row anywhere in the first rows, the tree from the numbering.
/// Every row that cannot be read is reported; the set is returned only when none is. Rows
/// without STT and without points continue the guidance of the row above; dashes and a), b)
/// without points are guidance lines of the row above, with points they are items.
pub fn read_appendix(
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
) -> Result<Appendix, SheetError> {
    let table = read_table(path)?;
    let Some((header, cols)) = find_header(&table, &HEADER) else {
        return Err(SheetError::File(
            "Không tìm thấy dòng tiêu đề (STT, Lĩnh vực/Tiêu chí, Điểm tối đa) / no header row found".into(),
        ));
    };
    let read = read_rows(&table, header, &cols);
    let (tree, rows, totals, mut errors) = (read.tree, read.rows, read.totals, read.errors);
    if rows.len() > limits::TREE_NODES {
        return Err(SheetError::File(format!(
            "Bảng có {} tiêu chí, nhiều hơn giới hạn {} của một bộ chỉ số; không nhập gì / the table has {} criteria, more than the {} an index set may have; nothing imported",
            rows.len(),
            limits::TREE_NODES,
            rows.len(),
            limits::TREE_NODES
        )));
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(SheetError::File(
            "Bảng không có tiêu chí nào / no criteria".into(),
        ));
    }
    let codes = tree.codes();
    check_codes(&tree, &rows, &codes, &mut errors);
    let mut rules = Vec::new();
    let roots = if errors.is_empty() {
        build_tree(&tree, &rows, &codes, &mut rules, &mut errors)
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(SheetError::Rows(errors));
    }
    let set = new_set(year, level, name, roots);
    let (mismatches, printed_total) = check_sums(&set, &rows, &codes, &totals);
    Ok(Appendix {
        set,
        mismatches,
        rules,
        printed_total,
    })
}

/// What the rows below the header gave.
struct ReadRows {
    tree: TreeBuilder,
    /// Parallel to `tree.placed`.
    rows: Vec<SetRow>,
    /// Total rows: (line, printed points).
    totals: Vec<(usize, Points)>,
    errors: Vec<RowError>,
}

fn read_rows(table: &Table, header: usize, cols: &[Option<usize>]) -> ReadRows {
    let (c_code, c_title, c_max, c_guide, c_kind) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
    let mut out = ReadRows {
        tree: TreeBuilder::default(),
        rows: Vec::new(),
        totals: Vec::new(),
        errors: Vec::new(),
    };
    for (i, row) in table.rows[header + 1..].iter().enumerate() {
        let get = |c: Option<usize>| c.map(|c| row.get(c)).unwrap_or_default().trim().to_owned();
        let line = row.line;
        let (stt, title, max_text, guide) = (get(c_code), get(c_title), get(c_max), get(c_guide));
        let err = |reason: String| RowError { row: line, reason };
        if stt.is_empty() && title.is_empty() && max_text.is_empty() && guide.is_empty() {
            continue;
        }
        if i == 0 && is_column_numbers(row) {
            continue;
        }
        let max = printed_points(&max_text);
        let bad_points = max.is_none() && !max_text.is_empty();
        if bad_points {
            out.errors.push(err(format!(
                "{}: điểm tối đa \"{}\" không phải là số",
                shorten(&stt, limits::CODE_CHARS),
                shorten(&max_text, 40)
            )));
            if readings(&stt).is_empty() {
                continue;
            }
        }
        let numbers = readings(&stt);
        if numbers.is_empty() && (is_total(&stt) || (stt.is_empty() && is_total(&title))) {
            match max {
                Some(p) => out.totals.push((line, p)),
                None => out.errors.push(err("dòng tổng không có điểm".into())),
            }
            continue;
        }
        if stt.is_empty() {
            // A row below a total row is a note under the table, not part of it.
            if max.is_none() && out.totals.is_empty() {
                if let Some(current) = out.tree.current() {
                    append_line(&mut out.rows[current].guidance, &join(&title, &guide));
                }
                continue;
            }
            if max.is_none() {
                continue;
            }
            out.errors.push(err("thiếu STT (mã tiêu chí)".into()));
            continue;
        }
        if numbers.is_empty() {
            out.errors.push(err(format!(
                "STT \"{}\" không hợp lệ (dùng I, II…; A, B…; 1, 1.2, 1.2.3; a), b) hoặc gạch đầu dòng)",
                shorten(&stt, limits::CODE_CHARS)
            )));
            continue;
        }
        if title.is_empty() {
            out.errors
                .push(err(format!("{stt}: thiếu tên lĩnh vực/tiêu chí")));
            continue;
        }
        // Dashes and a), b) without points say how the row above is scored.
        if max.is_none()
            && !bad_points
            && numbers.iter().all(|n| n.style.is_item())
            && let Some(current) = out.tree.current()
        {
            append_line(
                &mut out.rows[current].guidance,
                &format!("{stt} {}", join(&title, &guide)),
            );
            continue;
        }
        let kind_text = get(c_kind);
        let kind = if kind_text.is_empty() {
            None
        } else {
            match LeafKind::parse(&kind_text) {
                Some(k) => Some(k),
                None => {
                    out.errors
                        .push(err(format!("{stt}: loại \"{kind_text}\" không biết")));
                    continue;
                }
            }
        };
        match out.tree.place(numbers) {
            Ok(_) => out.rows.push(SetRow {
                line,
                title,
                max,
                guidance: guide,
                kind,
                bad_points,
            }),
            Err(why) => out.errors.push(err(format!("{stt}: {why}"))),
        }
    }
    out
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => format!("{a} {b}"),
        (false, true) => a.to_owned(),
        _ => b.to_owned(),
    }
}

fn append_line(guidance: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !guidance.is_empty() {
        guidance.push('\n');
    }
    guidance.push_str(line);
}

/// Codes the store can keep (unique, short enough, not deeper than the store loads), and
/// points on every leaf (a row no other row hangs below).
fn check_codes(tree: &TreeBuilder, rows: &[SetRow], codes: &[String], errors: &mut Vec<RowError>) {
    let mut seen = std::collections::HashMap::new();
    let mut parents = vec![false; rows.len()];
    for p in &tree.placed {
        if let Some(parent) = p.parent {
            parents[parent] = true;
        }
    }
    for (i, code) in codes.iter().enumerate() {
        let line = rows[i].line;
        if !parents[i] && rows[i].max.is_none() && !rows[i].bad_points {
            errors.push(RowError {
                row: line,
                reason: format!("{code}: tiêu chí thành phần thiếu điểm tối đa"),
            });
        }
        let mut depth = 1;
        let mut up = tree.placed[i].parent;
        while let Some(p) = up {
            depth += 1;
            up = tree.placed[p].parent;
        }
        let reason = if code.chars().count() > limits::CODE_CHARS {
            Some(format!(
                "mã dài hơn {} ký tự / code longer than {} characters",
                limits::CODE_CHARS,
                limits::CODE_CHARS
            ))
        } else if depth > limits::TREE_DEPTH {
            Some(format!(
                "{code}: sâu hơn {} cấp / deeper than {} levels",
                limits::TREE_DEPTH,
                limits::TREE_DEPTH
            ))
        } else {
            seen.insert(code.as_str(), line)
                .map(|first| format!("{code}: trùng mã với dòng {first}"))
        };
        if let Some(reason) = reason {
            errors.push(RowError { row: line, reason });
        }
    }
}

/// The tree of the placed rows; a leaf (a row with no children) needs points. Leaves below
/// a survey area (điều tra xã hội học) are survey leaves; a leaf's guidance sentence proposes
/// its rule (recorded in `rules`).
fn build_tree(
    tree: &TreeBuilder,
    rows: &[SetRow],
    codes: &[String],
    rules: &mut Vec<ProposedRule>,
    errors: &mut Vec<RowError>,
) -> Vec<Node> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    let mut roots = Vec::new();
    for (i, p) in tree.placed.iter().enumerate() {
        match p.parent {
            Some(parent) => children[parent].push(i),
            None => roots.push(i),
        }
    }
    struct Ctx<'a> {
        rows: &'a [SetRow],
        codes: &'a [String],
        children: &'a [Vec<usize>],
        rules: &'a mut Vec<ProposedRule>,
        errors: &'a mut Vec<RowError>,
    }
    // Depth is at most TREE_DEPTH (checked per code), so the recursion is shallow.
    fn node(i: usize, inherited: Option<LeafKind>, cx: &mut Ctx<'_>) -> Node {
        let (rows, codes) = (cx.rows, cx.codes);
        let r = &rows[i];
        let titled = kind_of_title(&r.title).or(inherited);
        let below: Vec<Node> = cx.children[i]
            .clone()
            .into_iter()
            .map(|c| node(c, titled, cx))
            .collect();
        let leaf = if below.is_empty() {
            match r.max {
                Some(max) => Some(leaf_of(r, &codes[i], max, titled, cx.rules)),
                None => {
                    cx.errors.push(RowError {
                        row: r.line,
                        reason: format!("{}: tiêu chí thành phần thiếu điểm tối đa", codes[i]),
                    });
                    None
                }
            }
        } else {
            None
        };
        Node {
            id: Uuid::new_v4(),
            code: codes[i].as_str().into(),
            title: nfc(&r.title).into(),
            guidance: nfc(&r.guidance),
            leaf,
            children: below,
        }
    }
    let mut cx = Ctx {
        rows,
        codes,
        children: &children,
        rules,
        errors,
    };
    roots.into_iter().map(|i| node(i, None, &mut cx)).collect()
}

/// Bonus, penalty or survey from a title (of the leaf or of an area above it).
fn kind_of_title(title: &str) -> Option<LeafKind> {
    let folded = fold(title);
    if folded.starts_with("diem thuong") {
        Some(LeafKind::Bonus)
    } else if folded.starts_with("diem tru") {
        Some(LeafKind::Penalty)
    } else if folded.contains("dieu tra xa hoi hoc") {
        Some(LeafKind::Survey)
    } else {
        None
    }
}

/// The leaf of a row without children: its kind from the Loại column; else bonus, penalty or
/// survey from its title or an area's; else the rule its guidance sentence proposes; else
/// scored by hand. A bonus or penalty leaf takes its points per occurrence from the sentence.
fn leaf_of(
    r: &SetRow,
    code: &str,
    max: Points,
    titled: Option<LeafKind>,
    rules: &mut Vec<ProposedRule>,
) -> Leaf {
    let mut leaf = Leaf {
        kind: LeafKind::Manual,
        max,
        na_policy: NaPolicy::NotAllowed,
        evidence: None,
        bands: Vec::new(),
        per_unit: None,
        raw_labels: Vec::new(),
        allows_over_100: may_exceed_whole(&r.title, &r.guidance),
    };
    if let Some(kind) = r.kind.or(titled) {
        leaf.kind = kind;
        if !kind.is_adjustment() {
            return leaf;
        }
    }
    if let Some(mut proposal) = propose(&r.guidance, max) {
        if proposal.raw_labels.is_empty() {
            proposal.raw_labels = raw_labels_for(proposal.kind, &r.title);
        }
        proposal.apply_to(&mut leaf);
        rules.push(ProposedRule {
            code: code.to_owned(),
            sentence: r.guidance.clone(),
            proposal,
        });
    }
    leaf
}

/// The sum a printed figure stands for: every leaf's points, bonus and penalty caps too (an
/// area of bonus points prints their sum).
fn printed_sum(node: &Node) -> Points {
    match &node.leaf {
        Some(leaf) => leaf.max,
        None => node.children.iter().map(printed_sum).sum(),
    }
}

/// Each parent's printed points against its children, each total row against the tree, and
/// without a total row the tree against 100 (or its appraised part against 100 when the
/// survey is a part of its own).
fn check_sums(
    set: &IndexSet,
    rows: &[SetRow],
    codes: &[String],
    totals: &[(usize, Points)],
) -> (Vec<SumMismatch>, Option<Points>) {
    let by_code: std::collections::HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for node in set.nodes() {
        if node.leaf.is_some() {
            continue;
        }
        let Some(&i) = by_code.get(&*node.code) else {
            continue;
        };
        if let Some(printed) = rows[i].max {
            let sum = printed_sum(node);
            if printed != sum {
                out.push(SumMismatch {
                    row: rows[i].line,
                    code: node.code.to_string(),
                    printed,
                    sum,
                });
            }
        }
    }
    let sum = set.tree_total();
    for &(line, printed) in totals {
        if printed != sum {
            out.push(SumMismatch {
                row: line,
                code: "Tổng".into(),
                printed,
                sum,
            });
        }
    }
    let hundred = Points::whole(100);
    let appraised: Points = set
        .roots
        .iter()
        .filter(|n| !fold(&n.title).contains("dieu tra xa hoi hoc"))
        .map(Node::max_points)
        .sum();
    if totals.is_empty() && sum != hundred && appraised != hundred {
        out.push(SumMismatch {
            row: 0,
            code: "Tổng".into(),
            printed: hundred,
            sum,
        });
    }
    (out, totals.last().map(|(_, p)| *p))
}

/// A new set over `roots` with the usual bands (Tốt 90, Khá 70, Trung bình 50, Yếu).
fn new_set(year: i32, level: Level, name: &str, roots: Vec<Node>) -> IndexSet {
    let total: Points = roots.iter().map(Node::max_points).sum();
    let band = |name: &str, min: i64| Band {
        name: name.into(),
        min: Points::whole(min),
    };
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
            Points::whole(100)
        },
        ranking: RankingRule::Competition,
        precision: 2,
        bands: vec![
            band("Tốt", 90),
            band("Khá", 70),
            band("Trung bình", 50),
            band("Yếu", 0),
        ],
        bonus_cap: None,
        penalty_cap: None,
        roots,
        version: 1,
        earlier: Vec::new(),
    }
}

impl Appendix {
    /// Applies the officer's choice about mismatched sums. `Sum`: the set's total is the sum
    /// of its leaves. `Printed`: the set's declared total is the printed one (the total row,
    /// else 100) and each mismatched parent keeps its printed points in its guidance; the
    /// points of a parent still follow its leaves (the program's one rule for a parent).
    pub fn settle(&mut self, choice: SumChoice) {
        match choice {
            SumChoice::Sum => {
                let total = self.set.tree_total();
                if total > Points::ZERO {
                    self.set.max_total = total;
                }
            }
            SumChoice::Printed => {
                self.set.max_total = self.printed_total.unwrap_or(Points::whole(100));
                fn walk(nodes: &mut [Node], mismatches: &[SumMismatch]) {
                    for n in nodes {
                        if let Some(m) = mismatches.iter().find(|m| *m.code == *n.code) {
                            append_line(
                                &mut n.guidance,
                                &format!(
                                    "Quyết định ghi {} điểm; các tiêu chí con cộng {} điểm.",
                                    m.printed.to_vi(),
                                    m.sum.to_vi()
                                ),
                            );
                        }
                        walk(&mut n.children, mismatches);
                    }
                }
                walk(&mut self.set.roots, &self.mismatches);
            }
        }
    }
}

/// Reads an appendix and stores it (one transaction). Mismatched sums stop the import with
/// both figures listed unless the officer has chosen (`sums`). With `replace`, a set of that
/// year and level nobody has scored against yet is replaced (see
/// [`crate::store::index_sets::replace`]); without, an existing set is refused.
pub fn import_index_set(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
    replace: bool,
    sums: Option<SumChoice>,
) -> Result<Appendix, SheetError> {
    let mut appendix = read_appendix(path, year, level, name)?;
    if !appendix.mismatches.is_empty() {
        match sums {
            Some(choice) => appendix.settle(choice),
            None => return Err(SheetError::Sums(appendix.mismatches)),
        }
    }
    store.import_index_set(&appendix.set, replace)?;
    Ok(appendix)
}
