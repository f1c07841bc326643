//! The ranking (Bảng xếp hạng): one row per unit, A4 landscape, header row repeated.

use super::common::{adjustment, area_points, areas, band_ranges, count, footer, pct, pts};
use super::inputs::{Figures, Letterhead};
use super::{
    Align, Block, Column, Document, Orientation, Paragraph, Row, Run, Style, Table, Width,
};
use crate::domain::compare::Prior;
use crate::domain::ranking::class_counts;

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

/// The ranking as a landscape document of its own.
pub fn ranking(figures: &Figures<'_>, head: &Letterhead) -> Document {
    let year = figures.set.year;
    let mut blocks = vec![
        Block::OfficialHeader(head.header(year)),
        Block::Title {
            title: "BẢNG XẾP HẠNG".to_owned(),
            summary: Some(format!(
                "Chỉ số cải cách hành chính năm {year} của {}",
                whom(figures)
            )),
        },
    ];
    blocks.push(centred(Style::Italic, &attached_to(head)));
    blocks.push(Block::Table(table(figures)));
    blocks.extend(notes(figures));
    blocks.push(index_chart(figures));
    Document {
        title: format!("Bảng xếp hạng Chỉ số CCHC năm {year}"),
        orientation: Orientation::Landscape,
        blocks,
        footer: Some(footer(figures.fingerprint)),
    }
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
        text.push_str(&format!(
            " ngày {}",
            crate::domain::format::date_short(date)
        ));
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

/// The ranking table (landscape): a column per area, then the totals, the index, the
/// class and the change of rank.
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
    // "mới (hợp nhất)") on one line at 10 pt.
    let fixed = [
        ("Tự đánh giá", 16.0, Align::Right),
        ("Thẩm định", 16.0, Align::Right),
        ("ĐTXHH", 17.0, Align::Right),
        ("Thưởng/ Trừ", 19.0, Align::Right),
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
    columns.push(Column::new(change_title, Width::Mm(25.0), Align::Center));

    let rows = figures
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let t = &row.totals;
            let mut cells = vec![
                row.rank.map_or_else(|| "-".to_owned(), |r| r.to_string()),
                row.unit_name.clone(),
            ];
            for (position, _) in &areas {
                cells.push(pts(area_points(&row.score.roots, *position)));
            }
            cells.push(t.self_points.to_vi());
            cells.push(pts(t.appraised_points));
            cells.push(t.survey_points.to_vi());
            cells.push(adjustment(t.bonus, t.penalty));
            cells.push(pct(t.index));
            cells.push(row.classification.clone().unwrap_or_else(|| "-".into()));
            cells.push(
                figures
                    .previous
                    .and_then(|p| p.priors.get(i))
                    .map_or_else(|| "-".to_owned(), |prior| prior.change_vi(row.rank)),
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

/// Below the table: the area legend, the bands with their counts, the predecessors of
/// merged units, and which figures are provisional.
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
    let counts = class_counts(set, figures.rows);
    let ranked = figures.rows.iter().filter(|r| r.rank.is_some()).count();
    let bands = band_ranges(set)
        .into_iter()
        .zip(&counts)
        .map(|((name, range), (_, n))| format!("{name} ({range}): {}/{}", count(*n), count(ranked)))
        .collect::<Vec<_>>()
        .join("; ");
    blocks.push(left(vec![
        Run::new(Style::BoldItalic, "Xếp loại: "),
        Run::new(Style::Italic, format!("{bands} đơn vị.")),
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
                            Some(rank) => format!(
                                "{} (hạng {rank}/{} năm {})",
                                p.name, previous.units, previous.year
                            ),
                            None => format!("{} (không xếp hạng tại đây)", p.name),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    Some(format!("{} hợp nhất từ {list}", row.unit_name))
                }
                _ => None,
            })
            .collect();
        if !merged.is_empty() {
            blocks.push(left(vec![
                Run::new(Style::BoldItalic, "Đơn vị hình thành sau sắp xếp: "),
                Run::new(
                    Style::Italic,
                    format!(
                        "{}. Thứ hạng năm {} của các đơn vị cũ là số liệu suy ra theo quá trình sắp xếp đơn vị hành chính, chỉ để tham khảo.",
                        merged.join("; "),
                        previous.year
                    ),
                ),
            ]));
        }
    }

    let provisional: Vec<&str> = figures
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                r.status,
                crate::domain::Status::Appraised | crate::domain::Status::Final
            )
        })
        .map(|r| r.unit_name.as_str())
        .collect();
    if !provisional.is_empty() {
        blocks.push(left(vec![
            Run::new(Style::BoldItalic, "Kết quả tạm tính: "),
            Run::new(
                Style::Italic,
                format!(
                    "{} chưa được thẩm định xong; điểm chưa thẩm định được tạm tính theo điểm tự đánh giá.",
                    provisional.join(", ")
                ),
            ),
        ]));
    }
    blocks
}
