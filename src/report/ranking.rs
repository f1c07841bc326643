//! The ranking (Bảng xếp hạng): one row per unit, A4 landscape, header row repeated.

use super::common::{
    adjustment, area_points, areas, band_ranges, count, count_of, footer, is_provisional,
    open_units, pct, provisional_mark, pts, survey,
};
use super::inputs::{Figures, Letterhead};
use super::{
    Align, Block, Column, Document, Orientation, Paragraph, Row, Run, SignatureBlock, Style, Table,
    Width,
};
use crate::domain::compare::{Predecessor, Prior};
use crate::domain::ranking::class_counts;
use crate::domain::scoring::Totals;
use crate::domain::{LeafKind, Node, Points};

/// Landscape text width is 262 mm; everything but the unit name and the areas is fixed.
const AREA_ROOM_MM: f32 = 90.0;
const AREA_MAX_MM: f32 = 12.0;

/// "các xã, thị trấn", "các xã", "các huyện, thành phố": who the ranking is about, from
/// the kinds of unit the names show (before July 2025 a district had xã and thị trấn;
/// after it, xã and phường), in the order official documents list them.
pub(crate) fn whom(figures: &Figures<'_>) -> String {
    const KINDS: [(&str, &str); 7] = [
        ("Thành phố ", "thành phố"),
        ("Huyện ", "huyện"),
        ("Thị xã ", "thị xã"),
        ("Quận ", "quận"),
        ("Xã ", "xã"),
        ("Phường ", "phường"),
        ("Thị trấn ", "thị trấn"),
    ];
    let mut found: Vec<&str> = KINDS
        .iter()
        .filter(|(prefix, _)| figures.rows.iter().any(|r| r.unit_name.starts_with(prefix)))
        .map(|(_, word)| *word)
        .collect();
    if figures.set.level == crate::domain::Level::District {
        // "huyện, thành phố": the districts first, as the province's reports write it.
        found.sort_by_key(|word| *word != "huyện");
    }
    if found.is_empty() {
        return match figures.set.level {
            crate::domain::Level::Commune => "các đơn vị hành chính cấp xã".to_owned(),
            crate::domain::Level::District => "các đơn vị hành chính cấp huyện".to_owned(),
        };
    }
    format!("các {}", found.join(", "))
}

/// The ranking as the report settings choose: an appendix of the named report ("Phụ lục …
/// kèm theo Báo cáo số …", no number or signature of its own) or a signed document of its
/// own ("Bảng tổng hợp kết quả …", its own number left to fill).
pub fn ranking(figures: &Figures<'_>, head: &Letterhead) -> Document {
    let year = figures.set.year;
    let in_progress = !open_units(figures.rows).is_empty();
    let mut blocks = Vec::new();
    let title = match head.ranking_form {
        RankingForm::Appendix => {
            blocks.extend(appendix_heading(figures, head));
            format!("Phụ lục kết quả xếp hạng Chỉ số CCHC năm {year}")
        }
        RankingForm::Document => {
            let mut header = head.header(year);
            // The table is not the report: its number is its own, filled in when issued.
            header.number = "Số:      /BTH-UBND".to_owned();
            blocks.push(Block::OfficialHeader(header));
            let (title, summary) = super::annual::draft_title(
                figures,
                "BẢNG TỔNG HỢP".to_owned(),
                format!(
                    "Kết quả xác định Chỉ số cải cách hành chính năm {year} của {}",
                    whom(figures)
                ),
            );
            blocks.push(Block::Title {
                title,
                summary: Some(summary),
            });
            format!("Bảng tổng hợp kết quả Chỉ số CCHC năm {year}")
        }
    };
    blocks.push(Block::Table(table(figures)));
    blocks.extend(notes(figures));
    blocks.push(index_chart(figures));
    if head.ranking_form == RankingForm::Document {
        blocks.push(Block::Signature(SignatureBlock {
            recipients: head.recipients.clone(),
            signers: vec![head.signer()],
        }));
    }
    let draft = if in_progress { " (dự thảo)" } else { "" };
    Document {
        title: format!("{title}{draft}"),
        orientation: Orientation::Landscape,
        blocks,
        footer: Some(footer(figures.fingerprint)),
        footnotes: Vec::new(),
    }
}

/// "PHỤ LỤC", the table's name, "(Kèm theo Báo cáo số …)": an appendix has no header,
/// number or signature of its own. A year in progress says so above it.
pub(crate) fn appendix_heading(figures: &Figures<'_>, head: &Letterhead) -> Vec<Block> {
    let year = figures.set.year;
    let mut blocks = Vec::new();
    if !open_units(figures.rows).is_empty() {
        blocks.push(centred(Style::Bold, "DỰ THẢO"));
    }
    blocks.push(centred(Style::Bold, "PHỤ LỤC"));
    let provisional = if open_units(figures.rows).is_empty() {
        ""
    } else {
        " (KẾT QUẢ TẠM TÍNH)"
    };
    blocks.push(centred(
        Style::Bold,
        &format!(
            "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {}{provisional}",
            whom(figures).to_uppercase()
        ),
    ));
    blocks.push(centred(Style::Italic, &attached_to(head)));
    blocks
}

/// How the ranking is issued (report settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankingForm {
    /// "Phụ lục … kèm theo Báo cáo số …" of the year's report.
    #[default]
    Appendix,
    /// "Bảng tổng hợp kết quả …", a signed document of its own.
    Document,
}

/// Every unit's index as a bar, the band thresholds marked (ranking and report appendix).
pub(crate) fn index_chart(figures: &Figures<'_>) -> Block {
    Block::Chart(crate::charts::index_by_unit(
        figures.set,
        figures.rows,
        &format!(
            "Biểu đồ Chỉ số CCHC năm {} của {}",
            figures.set.year,
            whom(figures)
        ),
    ))
}

/// "(Kèm theo Báo cáo số 58/BC-UBND ngày 10/3/2022 của Ủy ban nhân dân huyện Thạch An)".
pub(crate) fn attached_to(head: &Letterhead) -> String {
    let mut text = format!("(Kèm theo {} ", sentence(&head.title));
    if head.number.trim().is_empty() {
        text.push_str("số      ");
    } else {
        text.push_str(&format!("số {}", head.number.trim()));
    }
    if let Some(date) = head.date {
        text.push_str(&format!(" ngày {}", super::common::date_ref(date)));
    }
    let issuer = head.issuer_in_text();
    if !issuer.is_empty() {
        text.push_str(&format!(" của {issuer}"));
    }
    text.push(')');
    text
}

/// "BÁO CÁO" → "Báo cáo".
fn sentence(title: &str) -> String {
    let title = if title.trim().is_empty() {
        "báo cáo".to_owned()
    } else {
        title.trim().to_lowercase()
    };
    let mut chars = title.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => title,
    }
}

pub(crate) fn centred(style: Style, text: &str) -> Block {
    Block::Paragraph(Paragraph {
        runs: vec![Run::new(style, text)],
        align: Align::Center,
        indent: false,
    })
}

fn left(runs: Vec<Run>) -> Block {
    Block::Paragraph(Paragraph {
        runs,
        align: Align::Justify,
        indent: false,
    })
}

/// The ranking table (landscape): a column per area, bonus/penalty, the total, the maximum
/// after N/A, the index, the class and the change of rank; the areas plus the adjustment
/// add up to the total, and the total over the maximum is the index. A year in progress adds
/// the stage of each provisional row.
pub(crate) fn table(figures: &Figures<'_>) -> Table {
    let areas = areas(figures.set);
    let area_width = if areas.is_empty() {
        AREA_MAX_MM
    } else {
        (AREA_ROOM_MM / areas.len() as f32).min(AREA_MAX_MM)
    };
    let change_title = match figures.previous {
        Some(previous) => format!("So với năm {}", previous.year),
        None => "So với năm trước".to_owned(),
    };
    // Widths hold the bold titles and the widest values ("+0,5/−0,5", "Trung bình",
    // "−1 (từ 2, 7, 9)") at 10 pt.
    let fixed = [
        ("Thưởng/ Trừ", 16.0, Align::Right),
        ("Tổng điểm", 15.0, Align::Right),
        ("Điểm tối đa", 15.0, Align::Right),
        ("Chỉ số (%)", 15.0, Align::Right),
        ("Xếp loại", 20.0, Align::Center),
    ];
    let mut columns = vec![
        Column::new("Hạng", Width::Mm(13.0), Align::Center),
        Column::new("Đơn vị", Width::Weight(1.0), Align::Left),
    ];
    for (_, node) in &areas {
        columns.push(Column::new(
            format!("LV {}", node.code),
            Width::Mm(area_width),
            Align::Right,
        ));
    }
    for (title, mm, align) in fixed {
        columns.push(Column::new(title, Width::Mm(mm), align));
    }
    columns.push(Column::new(change_title, Width::Mm(28.0), Align::Center));

    let rows = figures
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let t = &row.totals;
            // A provisional row says so under the unit's name, with its stage.
            let name = if is_provisional(row) {
                format!("{}\n{}", row.unit_name, provisional_mark(row))
            } else {
                row.unit_name.clone()
            };
            let mut cells = vec![
                row.rank.map_or_else(|| "-".to_owned(), |r| r.to_string()),
                name,
            ];
            for (position, node) in &areas {
                cells.push(if is_survey_area(node) {
                    survey(row)
                } else {
                    pts(area_points(&row.score.roots, *position))
                });
            }
            cells.push(adjustment(t.bonus, t.penalty));
            cells.push(total_points(t).to_vi());
            cells.push(t.max_points.to_vi());
            cells.push(pct(t.index));
            cells.push(row.classification.clone().unwrap_or_else(|| "-".into()));
            cells.push(
                figures
                    .previous
                    .and_then(|p| p.priors.get(i))
                    .map_or_else(|| "-".to_owned(), |prior| change(prior, row.rank)),
            );
            Row::new(cells)
        })
        .collect();
    Table {
        columns,
        rows,
        font_size: 10.0,
    }
}

/// The points the index divides: areas (survey included) plus bonus minus penalty.
pub(crate) fn total_points(t: &Totals) -> Points {
    let milli =
        t.effective_points.milli() + t.survey_points.milli() + t.bonus.milli() - t.penalty.milli();
    Points::from_milli(milli)
}

/// Whether an area is the survey (its points come from questionnaires).
fn is_survey_area(node: &Node) -> bool {
    let leaves = node.leaves();
    !leaves.is_empty()
        && leaves.iter().all(|leaf| {
            leaf.leaf
                .as_ref()
                .is_some_and(|l| l.kind == LeafKind::Survey)
        })
}

/// The change of rank; a merged unit against the best rank of its predecessors, with their
/// ranks: "−1 (từ 2, 7, 9)".
pub(crate) fn change(prior: &Prior, now: Option<u32>) -> String {
    let Prior::Merged(predecessors) = prior else {
        return prior.change_vi(now);
    };
    let ranks = ranks_of(predecessors);
    let Some(best) = ranks.first().copied() else {
        return prior.change_vi(now);
    };
    let list = ranks
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    format!("{} (từ {list})", Prior::Ranked(Some(best)).change_vi(now))
}

/// The predecessors' ranks, best first.
fn ranks_of(predecessors: &[Predecessor]) -> Vec<u32> {
    let mut ranks: Vec<u32> = predecessors.iter().filter_map(|p| p.rank).collect();
    ranks.sort_unstable();
    ranks
}

/// The mean of the predecessors' ranks (equal weights: the file holds no population or
/// area to weigh by), to one decimal: "6" or "5,5".
fn mean_rank(ranks: &[u32]) -> String {
    let sum: u32 = ranks.iter().sum();
    let n = ranks.len().max(1) as u32;
    let tenths = (sum * 10 + n / 2) / n;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// Below the table: the area legend, the columns, the bands with their counts, the
/// predecessors of merged units and the rule of their change, and which figures are
/// provisional.
pub(crate) fn notes(figures: &Figures<'_>) -> Vec<Block> {
    let set = figures.set;
    let legend = areas(set)
        .into_iter()
        .map(|(_, node)| {
            format!(
                "LV {}: {} ({} điểm)",
                node.code,
                node.title,
                node.max_points().to_vi()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut blocks = vec![left(vec![
        Run::new(Style::BoldItalic, "Ký hiệu lĩnh vực: "),
        Run::new(Style::Italic, format!("{legend}.")),
    ])];
    let full: Points = areas(set)
        .into_iter()
        .map(|(_, node)| node.max_points())
        .fold(Points::ZERO, |sum, max| {
            Points::from_milli(sum.milli() + max.milli())
        });
    blocks.push(left(vec![
        Run::new(Style::BoldItalic, "Cách tính: "),
        Run::new(
            Style::Italic,
            format!(
                "Tổng điểm = điểm các lĩnh vực + điểm thưởng − điểm trừ; Chỉ số (%) = Tổng điểm ÷ Điểm tối đa × 100. Điểm tối đa là {} điểm, trừ điểm của các tiêu chí không phát sinh (KPS) ở đơn vị, vì vậy Điểm tối đa của một số đơn vị thấp hơn {} điểm.",
                full.to_vi(),
                full.to_vi()
            ),
        ),
    ]));
    let counts = class_counts(set, figures.rows);
    let ranked = figures.rows.iter().filter(|r| r.rank.is_some()).count();
    let noun = unit_noun(figures);
    let bands = band_ranges(set)
        .into_iter()
        .zip(&counts)
        .map(|((name, range), (_, n))| {
            format!(
                "{name} ({range}): {}",
                count_of(*n, ranked, noun, &format!("không có {noun} nào"))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    blocks.push(left(vec![
        Run::new(Style::BoldItalic, "Xếp loại: "),
        Run::new(Style::Italic, format!("{bands}.")),
    ]));

    if let Some(previous) = figures.previous {
        let merged: Vec<String> = figures
            .rows
            .iter()
            .zip(&previous.priors)
            .filter_map(|(row, prior)| match prior {
                Prior::Merged(predecessors) => {
                    let list = predecessors
                        .iter()
                        .map(|p| match p.rank {
                            Some(rank) => format!("{} (hạng {rank}/{})", p.name, previous.units),
                            None => format!("{} (không xếp hạng tại đây)", p.name),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    let ranks = ranks_of(predecessors);
                    let summary = match ranks.first() {
                        Some(best) => {
                            format!("; tốt nhất {best}, bình quân {}", mean_rank(&ranks))
                        }
                        None => String::new(),
                    };
                    Some(format!("{} từ {list}{summary}", row.unit_name))
                }
                _ => None,
            })
            .collect();
        if !merged.is_empty() {
            blocks.push(left(vec![
                Run::new(
                    Style::BoldItalic,
                    format!("Đơn vị hợp nhất (thứ hạng năm {} của các đơn vị cũ): ", previous.year),
                ),
                Run::new(
                    Style::Italic,
                    format!(
                        "{}. Thay đổi thứ hạng của đơn vị hợp nhất được tính so với thứ hạng tốt nhất của các đơn vị cũ (trong ngoặc ở cột so sánh: thứ hạng từng đơn vị cũ); bình quân là trung bình cộng các thứ hạng đó. Số liệu suy ra theo quá trình sắp xếp đơn vị hành chính, chỉ để tham khảo.",
                        merged.join("; ")
                    ),
                ),
            ]));
        }
    }

    let provisional = open_units(figures.rows);
    if !provisional.is_empty() {
        blocks.push(left(vec![
            Run::new(Style::BoldItalic, "Kết quả tạm tính: "),
            Run::new(
                Style::Italic,
                format!(
                    "{}/{} {} chưa có kết quả cuối cùng (giai đoạn ghi dưới tên đơn vị); điểm chưa thẩm định được tạm tính theo điểm tự đánh giá; \u{2013}: chưa có điểm điều tra xã hội học.",
                    count(provisional.len()),
                    count(figures.rows.len()),
                    unit_noun(figures)
                ),
            ),
        ]));
    }
    blocks
}

/// "xã" when every unit is a xã, else "đơn vị": counts read "05/14 xã" as the source does.
pub(crate) fn unit_noun(figures: &Figures<'_>) -> &'static str {
    const KINDS: [(&str, &str); 4] = [
        ("Xã ", "xã"),
        ("Phường ", "phường"),
        ("Huyện ", "huyện"),
        ("Quận ", "quận"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| {
            !figures.rows.is_empty() && figures.rows.iter().all(|r| r.unit_name.starts_with(prefix))
        })
        .map_or("đơn vị", |(_, noun)| noun)
}
