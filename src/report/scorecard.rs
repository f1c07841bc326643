//! The scorecard (Phiếu chấm điểm) of a unit: every leaf with its maximum, self-assessed,
//! round 1, explanation, appraised points and the reason, raw figures and evidence; area
//! and criterion subtotals; the index and class; signatures of the appraisers and of the
//! unit's chairman. Landscape, because nine columns with three of text do not fit 165 mm.

use super::common::{Stage, footer, is_provisional, is_survey, pct, pts, stage, survey};
use super::inputs::{Figures, LeafSheet, UnitSheet};
use super::ranking::centred;
use super::{
    Align, Block, Column, Document, OfficialHeader, Orientation, Paragraph, Row, RowStyle, Run,
    SignatureBlock, Signer, Style, Table, Width,
};
use crate::domain::format::thousands;
use crate::domain::{Explained, LeafKind, Node, RankedRow};

/// All the scorecards asked for, one after another, each starting on a new page.
pub fn scorecards(figures: &Figures<'_>, units: &[UnitSheet]) -> Document {
    let year = figures.set.year;
    let mut blocks = Vec::new();
    for unit in units {
        let Some(row) = figures.rows.get(unit.row) else {
            continue;
        };
        if !blocks.is_empty() {
            blocks.push(Block::NextDocument);
        }
        card(figures, row, unit, &mut blocks);
    }
    let title = match units {
        [one] => figures
            .rows
            .get(one.row)
            .map_or_else(String::new, |row| format!(" - {}", row.unit_name)),
        _ => String::new(),
    };
    let draft = if units
        .iter()
        .filter_map(|unit| figures.rows.get(unit.row))
        .any(is_provisional)
    {
        " (dự thảo)"
    } else {
        ""
    };
    Document {
        title: format!("Phiếu chấm điểm Chỉ số CCHC năm {year}{title}{draft}"),
        orientation: Orientation::Landscape,
        blocks,
        footer: Some(footer(figures.fingerprint)),
        footnotes: Vec::new(),
    }
}

/// Kinds of unit as their names begin, longest first ("Thị xã" before "Xã").
const UNIT_KINDS: [&str; 7] = [
    "Thành phố ",
    "Thị trấn ",
    "Thị xã ",
    "Phường ",
    "Huyện ",
    "Quận ",
    "Xã ",
];

fn card(figures: &Figures<'_>, row: &RankedRow, unit: &UnitSheet, blocks: &mut Vec<Block>) {
    let set = figures.set;
    // The unit's own header: the card is the unit's self-assessment as appraised, signed
    // by its chairman beside the appraisers. It has no number; the date is left to fill.
    let place = UNIT_KINDS
        .iter()
        .find_map(|kind| row.unit_name.strip_prefix(kind))
        .unwrap_or(&row.unit_name);
    blocks.push(Block::OfficialHeader(OfficialHeader {
        issuer_parent: "ỦY BAN NHÂN DÂN".to_owned(),
        issuer: row.unit_name.to_uppercase(),
        number: String::new(),
        place_date: format!("{place}, ngày …. tháng …. năm {}", set.year + 1),
    }));
    let (title, summary) = if is_provisional(row) {
        (
            "DỰ THẢO\nPHIẾU CHẤM ĐIỂM".to_owned(),
            format!(
                "Chỉ số cải cách hành chính năm {} của {} (Kết quả tạm tính)",
                set.year, row.unit_name
            ),
        )
    } else {
        (
            "PHIẾU CHẤM ĐIỂM".to_owned(),
            format!(
                "Chỉ số cải cách hành chính năm {} của {}",
                set.year, row.unit_name
            ),
        )
    };
    blocks.push(Block::Title {
        title,
        summary: Some(summary),
    });
    let mut source = set.name.clone();
    if !set.decision.trim().is_empty() {
        source.push_str(&format!(" (Quyết định số {}", set.decision.trim()));
        if let Some(date) = set.decision_date {
            source.push_str(&format!(" ngày {}", super::common::date_ref(date)));
        }
        if let Some(replaced) = super::common::replaces(set) {
            source.push_str(&format!(", {replaced}"));
        }
        source.push(')');
    }
    blocks.push(line(vec![
        Run::new(Style::Bold, "Đơn vị: "),
        Run::new(
            Style::Regular,
            format!(
                "{} (mã {}) · Trạng thái: {}",
                row.unit_name,
                row.unit_code,
                row.status.label(crate::domain::Lang::Vi)
            ),
        ),
    ]));
    blocks.push(line(vec![
        Run::new(Style::Bold, "Bộ chỉ số: "),
        Run::new(Style::Regular, source),
    ]));

    let mut rows = Vec::new();
    for (node, explained) in set.roots.iter().zip(&row.score.roots) {
        node_rows(node, explained, 0, unit, &mut rows);
    }
    blocks.push(Block::Table(Table {
        columns: columns(),
        rows,
        font_size: 9.0,
    }));
    blocks.push(lost_chart(set, row));

    let t = &row.totals;
    let ranked = figures.rows.iter().filter(|r| r.rank.is_some()).count();
    // Self-assessed points are never called appraised.
    let points_name = match (is_provisional(row), stage(row)) {
        (false, _) => "điểm thẩm định",
        (true, Stage::SelfAssessed) => "điểm tự đánh giá",
        (true, _) => "điểm tạm tính",
    };
    let survey_text = match survey(row).as_str() {
        "\u{2013}" => "0 điểm ĐTXHH (chưa có)".to_owned(),
        points => format!("{points} điểm ĐTXHH"),
    };
    let mut result = vec![
        Run::new(Style::Bold, "Chỉ số CCHC = "),
        Run::new(
            Style::Regular,
            format!(
                "({} {points_name} + {survey_text} + {} điểm thưởng − {} điểm trừ) ÷ {} điểm tối đa × 100 = ",
                t.effective_points.to_vi(),
                t.bonus.to_vi(),
                t.penalty.to_vi(),
                t.max_points.to_vi()
            ),
        ),
        Run::new(Style::Bold, format!("{}%", pct(t.index))),
        Run::new(Style::Regular, ". Xếp loại: "),
        Run::new(
            Style::Bold,
            row.classification.clone().unwrap_or_else(|| "-".into()),
        ),
    ];
    if let Some(rank) = row.rank {
        result.push(Run::new(Style::Regular, ". Xếp hạng: "));
        result.push(Run::new(Style::Bold, format!("{rank}/{ranked}")));
    }
    result.push(Run::new(Style::Regular, "."));
    blocks.push(line(result));
    if is_provisional(row) {
        blocks.push(centred(
            Style::Italic,
            &format!(
                "(Kết quả tạm tính, giai đoạn {}: điểm chưa thẩm định được tính theo điểm tự đánh giá)",
                stage(row).vi()
            ),
        ));
    }

    blocks.push(Block::Signature(SignatureBlock {
        recipients: Vec::new(),
        signers: vec![
            Signer {
                title_lines: vec!["TM. TỔ THẨM ĐỊNH".to_owned(), "TỔ TRƯỞNG".to_owned()],
                name: String::new(),
            },
            Signer {
                title_lines: vec![
                    format!("TM. ỦY BAN NHÂN DÂN {}", row.unit_name.to_uppercase()),
                    "CHỦ TỊCH".to_owned(),
                ],
                name: String::new(),
            },
        ],
    }));
}

/// A left-aligned paragraph without indent.
fn line(runs: Vec<Run>) -> Block {
    Block::Paragraph(Paragraph {
        runs,
        align: Align::Left,
        indent: false,
    })
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("Mã", Width::Mm(14.0), Align::Left),
        Column::new(
            "Tiêu chí, tiêu chí thành phần",
            Width::Weight(2.6),
            Align::Left,
        ),
        Column::new("Điểm tối đa", Width::Mm(13.0), Align::Right),
        Column::new("Tự đánh giá", Width::Mm(15.0), Align::Right),
        Column::new("Thẩm định vòng 1", Width::Mm(15.0), Align::Right),
        Column::new("Giải trình của đơn vị", Width::Weight(1.3), Align::Left),
        Column::new("Điểm thẩm định", Width::Mm(15.0), Align::Right),
        Column::new("Căn cứ chấm, lý do", Width::Weight(1.8), Align::Left),
        Column::new("Tài liệu kiểm chứng", Width::Weight(1.6), Align::Left),
    ]
}

/// The rows of a node and everything below it: areas bold, criteria italic, leaves plain.
fn node_rows(
    node: &Node,
    explained: &Explained,
    depth: usize,
    unit: &UnitSheet,
    rows: &mut Vec<Row>,
) {
    match &node.leaf {
        Some(leaf) => {
            let empty = LeafSheet::default();
            let sheet = unit.leaves.get(&*node.code).unwrap_or(&empty);
            let max = if explained.na && explained.max_points == crate::domain::Points::ZERO {
                "KPS".to_owned()
            } else {
                explained.max_points.to_vi()
            };
            let appraised = if is_survey(explained) {
                explained.final_points
            } else {
                sheet.score.appraised()
            };
            rows.push(Row::new(vec![
                node.code.to_string(),
                node.title.to_string(),
                max,
                pts(explained.self_points),
                pts(sheet.score.round1),
                sheet.score.explanation.clone(),
                if is_survey(explained) && appraised.is_none() {
                    "\u{2013}".to_owned()
                } else {
                    pts(appraised)
                },
                reasons(leaf.kind, &leaf.raw_labels, explained, sheet),
                sheet
                    .evidence
                    .iter()
                    .map(|e| e.text())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]));
        }
        None => {
            let style = if depth == 0 {
                RowStyle::Bold
            } else {
                RowStyle::Italic
            };
            // Bonus and penalty sit outside the maximum: their group shows none.
            let adjustments = node.leaves().iter().all(|leaf| {
                leaf.leaf
                    .as_ref()
                    .is_some_and(|leaf| leaf.kind.is_adjustment())
            });
            rows.push(Row::styled(
                style,
                vec![
                    node.code.to_string(),
                    node.title.to_string(),
                    if adjustments {
                        String::new()
                    } else {
                        explained.max_points.to_vi()
                    },
                    pts(explained.self_points),
                    // Round 1 is often entered only where it changed a point, so a
                    // subtotal of it would mislead; the appraised subtotal follows.
                    String::new(),
                    String::new(),
                    pts(explained.effective),
                    String::new(),
                    String::new(),
                ],
            ));
            for (child, child_explained) in node.children.iter().zip(&explained.children) {
                node_rows(child, child_explained, depth + 1, unit, rows);
            }
        }
    }
}

/// The "căn cứ chấm, lý do" cell: raw figures with their names and the band they reach,
/// "không phát sinh", the unit's note and the appraisers' reasons.
fn reasons(kind: LeafKind, labels: &[String], explained: &Explained, sheet: &LeafSheet) -> String {
    let score = &sheet.score;
    let mut parts: Vec<String> = Vec::new();
    if explained.na || kind == LeafKind::Survey {
        parts.push(explained.rule.clone());
        return parts.join("; ");
    }
    let figures = [score.raw.a, score.raw.b];
    let named: Vec<String> = labels
        .iter()
        .zip(figures)
        .filter_map(|(label, value)| value.map(|v| format!("{label}: {}", thousands(v))))
        .collect();
    if !named.is_empty() {
        parts.push(named.join(", "));
    }
    // For a leaf scored from raw figures the scoring rule begins with the computation
    // ("Tỷ lệ 57.078/57.286 = 99,64% → mức từ 95%: 0,5 điểm"); the stage part after it
    // repeats the point columns and is left out.
    let computed = kind.is_computed() || (kind.is_adjustment() && score.raw.a.is_some());
    if computed && let Some(rule) = explained.rule.split("; ").next() {
        parts.push(rule.to_owned());
    }
    if !score.self_note.trim().is_empty() {
        parts.push(format!("Đơn vị ghi chú: {}", score.self_note.trim()));
    }
    if !score.round1_reason.trim().is_empty() {
        parts.push(format!("Vòng 1: {}", score.round1_reason.trim()));
    }
    if !score.final_reason.trim().is_empty() {
        parts.push(format!("Điểm cuối: {}", score.final_reason.trim()));
    }
    if score.appraised().is_none() && score.self_points.is_some() {
        parts.push("Chưa thẩm định, tạm tính điểm tự đánh giá".to_owned());
    }
    if kind == LeafKind::Penalty {
        parts.push("trừ vào tổng điểm".to_owned());
    }
    parts.join("; ")
}

/// The points the unit lost in each area, as bars.
fn lost_chart(set: &crate::domain::IndexSet, row: &RankedRow) -> Block {
    Block::Chart(crate::charts::points_lost_by_area(
        set,
        row,
        &format!("Biểu đồ điểm bị trừ theo lĩnh vực của {}", row.unit_name),
    ))
}
