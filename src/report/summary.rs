//! The five-year summary report (Báo cáo tổng kết công tác CCHC giai đoạn …), as report
//! 270/BC-UBND is: Decree 30 header, a body from the editable template
//! (`assets/templates/tong-ket.txt`) filled with the period's figures, each reform area's
//! evidence documents stored in the file cited in footnotes (one per year) at the foot of
//! the page, the signature, then the appendix tables and charts.

use super::common::{areas, count, footer, pct};
use super::inputs::{Citation, Figures, Letterhead, SummaryInputs};
use super::ranking::{centred, whom};
use super::{
    Align, Block, Column, Document, Orientation, Paragraph, ReportError, Row, RowStyle, Run,
    SignatureBlock, Style, Table, Width, template,
};
use crate::charts;
use crate::domain::ranking::class_counts;
use crate::domain::{Percent, Points, Status};

mod dossiers;
mod notes;

use dossiers::{dossiers_text, online_text};
use notes::{footnoted, note_marker};

/// The built-in template of the summary report.
pub const SUMMARY_TEMPLATE: &str = include_str!("../../assets/templates/tong-ket.txt");

/// The six contents of the reform programme (and the direction area before them), each
/// found in a year's set by words of its area's title. An area matching none is "khac".
const CONTENTS: [(&str, &[&str]); 7] = [
    ("chi_dao", &["chỉ đạo"]),
    ("the_che", &["thể chế"]),
    ("tthc", &["thủ tục hành chính"]),
    ("bo_may", &["tổ chức bộ máy"]),
    ("cong_vu", &["công vụ"]),
    ("tai_chinh", &["tài chính công"]),
    ("chinh_quyen_so", &["chính quyền điện tử", "chính quyền số"]),
];

/// Every placeholder the summary template may use.
pub const SUMMARY_PLACEHOLDERS: &[&str] = &[
    "giai_doan",
    "tu_nam",
    "den_nam",
    "co_quan",
    "don_vi",
    "doi_tuong",
    "so_don_vi",
    "xep_hang_don_vi",
    "xep_loai_theo_nam",
    "linh_vuc_mat_diem_theo_nam",
    "ho_so_dung_han",
    "ho_so_truc_tuyen",
    "ket_qua_chi_dao",
    "ket_qua_the_che",
    "ket_qua_tthc",
    "ket_qua_bo_may",
    "ket_qua_cong_vu",
    "ket_qua_tai_chinh",
    "ket_qua_chinh_quyen_so",
    "van_ban_chi_dao",
    "van_ban_the_che",
    "van_ban_tthc",
    "van_ban_bo_may",
    "van_ban_cong_vu",
    "van_ban_tai_chinh",
    "van_ban_chinh_quyen_so",
    "van_ban_khac",
];

/// The content key of an area title.
fn content_of(title: &str) -> &'static str {
    let title = title.to_lowercase();
    CONTENTS
        .iter()
        .find(|(_, words)| words.iter().any(|w| title.contains(w)))
        .map_or("khac", |(key, _)| key)
}

/// Builds the summary report; `head` is the issuing body and signer (the number and date
/// are left to fill: a summary gets its own number).
///
/// # Errors
///
/// [`ReportError::Template`] when the template names an unknown placeholder.
pub fn summary_report(
    inputs: &SummaryInputs<'_>,
    head: &Letterhead,
    body_template: Option<&str>,
) -> Result<Document, ReportError> {
    let period = format!("{} - {}", inputs.from, inputs.to);
    let (values, notes) = values(inputs, head, &period);
    let body = template::fill(body_template.unwrap_or(SUMMARY_TEMPLATE), &values)?;
    let (body, footnotes) = footnoted(body, &notes);
    // A summary is issued in the period's last year; `header` prints the year after the
    // one it is given for a date left blank.
    let mut header = head.header(inputs.to - 1);
    if head.number.trim().is_empty() {
        header.number = "Số:      /BC-UBND".to_owned();
    }
    let mut blocks = vec![
        Block::OfficialHeader(header),
        Block::Title {
            title: "BÁO CÁO".to_owned(),
            summary: Some(format!(
                "Tổng kết công tác cải cách hành chính giai đoạn {period}"
            )),
        },
    ];
    blocks.extend(body);
    blocks.push(Block::Signature(SignatureBlock {
        recipients: head.recipients.clone(),
        signers: vec![head.signer()],
    }));
    blocks.extend(appendix(inputs, &period));
    Ok(Document {
        title: format!(
            "Báo cáo tổng kết công tác CCHC giai đoạn {}–{}",
            inputs.from, inputs.to
        ),
        orientation: Orientation::Portrait,
        blocks,
        footer: Some(footer(&inputs.fingerprint)),
        footnotes,
    })
}

/// The placeholders' values, and the texts of the evidence notes among them.
fn values(
    inputs: &SummaryInputs<'_>,
    head: &Letterhead,
    period: &str,
) -> (Vec<(&'static str, String)>, Vec<String>) {
    let co_quan = match head.issuer_in_text() {
        text if text.is_empty() => "Ủy ban nhân dân".to_owned(),
        text => text,
    };
    let last = inputs.years.last();
    // The units as the period began (after a merger the last year may have only "xã").
    let doi_tuong = inputs
        .years
        .first()
        .map_or_else(|| "các đơn vị".to_owned(), whom);
    let don_vi = if inputs.own_name.is_empty() {
        co_quan.clone()
    } else {
        lower_first(&inputs.own_name)
    };
    let mut values: Vec<(&'static str, String)> = vec![
        ("giai_doan", period.to_owned()),
        ("tu_nam", inputs.from.to_string()),
        ("den_nam", inputs.to.to_string()),
        ("co_quan", co_quan),
        ("don_vi", don_vi),
        ("doi_tuong", doi_tuong),
        ("so_don_vi", count(last.map_or(0, |f| f.rows.len()))),
        ("xep_hang_don_vi", own_ranks(inputs)),
        ("xep_loai_theo_nam", classes_by_year(inputs)),
        ("linh_vuc_mat_diem_theo_nam", weakest_by_year(inputs)),
        ("ho_so_dung_han", dossiers_text(inputs)),
        ("ho_so_truc_tuyen", online_text(inputs)),
    ];
    let mut notes = Vec::new();
    let keys = CONTENTS.iter().map(|(key, _)| *key).chain(["khac"]);
    for key in keys {
        // Each year's note is referred to after that year's result, so the references
        // spread over the lines (a page's foot holds few notes); the rest after the sentence.
        let mut marks: Vec<(i32, String)> = Vec::new();
        for (year, note) in citations(inputs, key) {
            marks.push((year, note_marker(notes.len())));
            notes.push(note);
        }
        let mut used = Vec::new();
        if key != "khac" {
            let (text, years) = area_results(inputs, key, &marks);
            values.push((result_name(key), text));
            used = years;
        }
        let rest: String = marks
            .iter()
            .filter(|(year, _)| !used.contains(year))
            .map(|(_, mark)| mark.as_str())
            .collect();
        values.push((notes_name(key), rest));
    }
    (values, notes)
}

fn result_name(key: &str) -> &'static str {
    placeholder("ket_qua_", key, "ket_qua_khac")
}

fn notes_name(key: &str) -> &'static str {
    placeholder("van_ban_", key, "van_ban_khac")
}

/// The template's placeholder `prefix` + `key`, else `other`.
fn placeholder(prefix: &str, key: &str, other: &'static str) -> &'static str {
    SUMMARY_PLACEHOLDERS
        .iter()
        .find(|name| name.strip_prefix(prefix) == Some(key))
        .copied()
        .unwrap_or(other)
}

/// "Huyện Thạch An" → "huyện Thạch An".
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "năm 2021 xếp thứ 5/10 đơn vị, Chỉ số đạt 85,12%, xếp loại Khá; …".
fn own_ranks(inputs: &SummaryInputs<'_>) -> String {
    if inputs.own.is_empty() {
        return "chưa có kết quả xếp hạng trong tệp dữ liệu".to_owned();
    }
    inputs
        .own
        .iter()
        .map(|own| {
            let rank = own.rank.map_or_else(
                || "chưa được xếp hạng".to_owned(),
                |r| format!("xếp thứ {r}/{} đơn vị", own.of),
            );
            let class = own
                .classification
                .as_deref()
                .map(|c| format!(", xếp loại {c}"))
                .unwrap_or_default();
            format!(
                "năm {} {rank}, Chỉ số đạt {}%{class}",
                own.year,
                pct(own.index)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether every assessment of a year is appraised or final.
fn settled(figures: &Figures<'_>) -> bool {
    figures
        .rows
        .iter()
        .all(|r| matches!(r.status, Status::Appraised | Status::Final))
}

/// "năm 2021: 14/14 xã, thị trấn xếp loại Khá; năm 2022: 05/14 … Tốt, 09/14 … Khá; …".
fn classes_by_year(inputs: &SummaryInputs<'_>) -> String {
    inputs
        .years
        .iter()
        .map(|figures| {
            let total = figures.rows.len();
            let kind = whom(figures);
            let kind = kind.strip_prefix("các ").unwrap_or(&kind).to_owned();
            let parts: Vec<String> = class_counts(figures.set, figures.rows)
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(name, n)| format!("{}/{} {kind} xếp loại {name}", count(n), count(total)))
                .collect();
            let text = if parts.is_empty() {
                "chưa có đơn vị được xếp loại".to_owned()
            } else {
                parts.join(", ")
            };
            let provisional = if settled(figures) {
                ""
            } else {
                " (kết quả tạm tính, chưa thẩm định xong)"
            };
            format!("năm {}: {text}{provisional}", figures.set.year)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The area where units lost most points on average, each year: (title, mean lost, mean
/// maximum) of the ranked units.
fn weakest(figures: &Figures<'_>) -> Option<(String, Points, Points)> {
    let n = figures.rows.iter().filter(|r| r.rank.is_some()).count() as i64;
    if n == 0 {
        return None;
    }
    areas(figures.set)
        .into_iter()
        .map(|(position, node)| {
            let (mut lost, mut max) = (0_i64, 0_i64);
            for (got, most) in ranked_area_points(figures, position) {
                lost += most.saturating_sub(got).milli().max(0);
                max += most.milli();
            }
            (
                node.title.to_string(),
                Points::from_milli(round_to_hundredths(lost, n)),
                Points::from_milli(round_to_hundredths(max, n)),
            )
        })
        .filter(|(_, lost, _)| *lost > Points::ZERO)
        // Most lost first; equal losses keep the set's order.
        .min_by_key(|(_, lost, _)| std::cmp::Reverse(*lost))
}

/// (points got, maximum) in the area at `position` of each ranked unit of a year; what is
/// not entered counts 0.
fn ranked_area_points<'a>(
    figures: &'a Figures<'_>,
    position: usize,
) -> impl Iterator<Item = (Points, Points)> + 'a {
    figures
        .rows
        .iter()
        .filter(|r| r.rank.is_some())
        .filter_map(move |row| row.score.roots.get(position))
        .map(|root| (root.effective.unwrap_or(Points::ZERO), root.max_points))
}

/// `sum / n` in thousandths, rounded half up to hundredths.
fn round_to_hundredths(sum: i64, n: i64) -> i64 {
    let tenths_of_milli =
        crate::domain::percent::round_half_up_div(i128::from(sum), i128::from(n.max(1)) * 10);
    i64::try_from(tenths_of_milli * 10).unwrap_or(i64::MAX)
}

fn weakest_by_year(inputs: &SummaryInputs<'_>) -> String {
    let parts: Vec<String> = inputs
        .years
        .iter()
        .filter_map(|f| {
            weakest(f).map(|(title, lost, max)| {
                format!(
                    "năm {}: {title} (bình quân mỗi đơn vị bị trừ {}/{} điểm)",
                    f.set.year,
                    lost.to_vi(),
                    max.to_vi()
                )
            })
        })
        .collect();
    if parts.is_empty() {
        "chưa có số liệu".to_owned()
    } else {
        parts.join("; ")
    }
}

/// The share of the maximum that the ranked units got in an area, per year, each year
/// followed by its mark in `marks`; and the years that carry their mark.
fn area_results(
    inputs: &SummaryInputs<'_>,
    key: &str,
    marks: &[(i32, String)],
) -> (String, Vec<i32>) {
    let mut used = Vec::new();
    let parts: Vec<String> = inputs
        .years
        .iter()
        .filter_map(|f| {
            let (position, _) = areas(f.set)
                .into_iter()
                .find(|(_, node)| content_of(&node.title) == key)?;
            let (mut got, mut max) = (0_i64, 0_i64);
            for (points, most) in ranked_area_points(f, position) {
                got += points.milli();
                max += most.milli();
            }
            let share = Percent::of(Points::from_milli(got), Points::from_milli(max), 2)?;
            let mark =
                marks
                    .iter()
                    .find(|(year, _)| *year == f.set.year)
                    .map_or("", |(year, mark)| {
                        used.push(*year);
                        mark.as_str()
                    });
            Some(format!(
                "năm {} đạt {}% số điểm tối đa{mark}",
                f.set.year,
                share.to_vi()
            ))
        })
        .collect();
    if parts.is_empty() {
        ("chưa có số liệu".to_owned(), Vec::new())
    } else {
        (format!("bình quân các đơn vị {}", parts.join("; ")), used)
    }
}

/// The notes of an area: one per year, "Năm 2021: Kế hoạch số … ; …".
fn citations(inputs: &SummaryInputs<'_>, key: &str) -> Vec<(i32, String)> {
    let mine: Vec<&Citation> = inputs
        .citations
        .iter()
        .filter(|c| content_of(&c.area_title) == key)
        .collect();
    let mut years: Vec<i32> = mine.iter().map(|c| c.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let docs: Vec<&str> = mine
                .iter()
                .filter(|c| c.year == year)
                .map(|c| c.text.as_str())
                .collect();
            (year, format!("Năm {year}: {}.", docs.join("; ")))
        })
        .collect()
}

/// The appendix: the issuing unit's index per year, the classification counts, the units
/// by year through the merger lineage, the weakest areas; with their charts.
fn appendix(inputs: &SummaryInputs<'_>, period: &str) -> Vec<Block> {
    let mut blocks = vec![
        Block::PageBreak,
        centred(Style::Bold, "PHỤ LỤC"),
        centred(
            Style::Bold,
            &format!("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN {period}"),
        ),
        Block::Spacer(3.0),
    ];
    if !inputs.own.is_empty() {
        // "của huyện Thạch An": the unit's kind in lower case inside a heading.
        let name = if inputs.own_name.is_empty() {
            "đơn vị".to_owned()
        } else {
            lower_first(&inputs.own_name)
        };
        blocks.push(Block::Heading(format!(
            "Biểu 1. Kết quả Chỉ số CCHC của {name} qua các năm"
        )));
        blocks.push(Block::Table(own_table(inputs)));
        let years: Vec<_> = inputs.own.iter().map(|o| (o.year, o.index)).collect();
        blocks.push(Block::Chart(charts::index_by_year(
            &inputs.own_bands,
            &years,
            &format!("Biểu đồ 1. Chỉ số CCHC của {name} qua các năm"),
        )));
    }
    blocks.push(Block::Heading(
        "Biểu 2. Số đơn vị theo mức xếp loại qua các năm".to_owned(),
    ));
    blocks.push(Block::Table(class_table(inputs)));
    let counts: Vec<_> = inputs
        .years
        .iter()
        .map(|f| (f.set.year, class_counts(f.set, f.rows)))
        .collect();
    blocks.push(Block::Chart(charts::class_counts_by_year(
        &counts,
        "Biểu đồ 2. Số đơn vị theo mức xếp loại qua các năm",
    )));
    blocks.push(Block::Heading(
        "Biểu 3. Chỉ số CCHC (%) của từng đơn vị qua các năm".to_owned(),
    ));
    blocks.push(Block::Table(lineage_table(inputs)));
    blocks.push(Block::Paragraph(Paragraph {
        runs: vec![Run::new(
            Style::Italic,
            "Ghi chú: đơn vị hình thành sau sắp xếp đơn vị hành chính in đậm, các đơn vị cũ hợp nhất vào đơn vị đó liệt kê ngay dưới (dấu –) với Chỉ số của các năm trước khi hợp nhất; ô trống: năm đơn vị chưa được đánh giá; (*) kết quả tạm tính, đơn vị chưa được thẩm định xong.",
        )],
        align: Align::Justify,
        indent: false,
    }));
    blocks.push(Block::Heading(
        "Biểu 4. Lĩnh vực bị trừ nhiều điểm nhất từng năm".to_owned(),
    ));
    blocks.push(Block::Table(weakest_table(inputs)));
    blocks
}

fn own_table(inputs: &SummaryInputs<'_>) -> Table {
    Table {
        columns: vec![
            Column::new("Năm", Width::Mm(20.0), Align::Center),
            Column::new("Thứ hạng", Width::Weight(1.0), Align::Center),
            Column::new("Chỉ số (%)", Width::Weight(1.0), Align::Right),
            Column::new("Xếp loại", Width::Weight(1.0), Align::Center),
        ],
        rows: inputs
            .own
            .iter()
            .map(|o| {
                Row::new(vec![
                    o.year.to_string(),
                    o.rank
                        .map_or_else(|| "-".to_owned(), |r| format!("{r}/{}", o.of)),
                    pct(o.index),
                    o.classification.clone().unwrap_or_else(|| "-".to_owned()),
                ])
            })
            .collect(),
        font_size: 12.0,
    }
}

fn class_table(inputs: &SummaryInputs<'_>) -> Table {
    // The bands of the last year name the columns; a band missing in a year counts 0.
    let mut bands: Vec<String> = Vec::new();
    for f in &inputs.years {
        for band in &f.set.bands {
            if !bands.contains(&band.name) {
                bands.push(band.name.clone());
            }
        }
    }
    let mut columns = vec![Column::new("Năm", Width::Mm(20.0), Align::Center)];
    columns.extend(
        bands
            .iter()
            .map(|b| Column::new(b.clone(), Width::Weight(1.0), Align::Center)),
    );
    columns.push(Column::new("Số đơn vị", Width::Weight(1.0), Align::Center));
    let rows = inputs
        .years
        .iter()
        .map(|f| {
            let counts = class_counts(f.set, f.rows);
            let mut cells = vec![f.set.year.to_string()];
            cells.extend(bands.iter().map(|b| {
                match counts.iter().find(|(name, _)| name == b).map_or(0, |c| c.1) {
                    0 => "-".to_owned(),
                    n => count(n),
                }
            }));
            cells.push(count(f.rows.len()));
            if settled(f) {
                Row::new(cells)
            } else {
                cells[0].push_str(" (tạm tính)");
                Row::styled(RowStyle::Italic, cells)
            }
        })
        .collect();
    Table {
        columns,
        rows,
        font_size: 12.0,
    }
}

fn lineage_table(inputs: &SummaryInputs<'_>) -> Table {
    let mut columns = vec![
        Column::new("STT", Width::Mm(11.0), Align::Center),
        Column::new("Đơn vị", Width::Weight(3.0), Align::Left),
    ];
    columns.extend(
        inputs
            .years
            .iter()
            .map(|f| Column::new(f.set.year.to_string(), Width::Weight(1.0), Align::Right)),
    );
    let mut number = 0;
    let rows = inputs
        .lineage
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = Vec::with_capacity(row.cells.len() + 2);
            if row.predecessor {
                cells.push(String::new());
                cells.push(format!("– {}", row.name));
            } else {
                number += 1;
                cells.push(number.to_string());
                cells.push(row.name.clone());
            }
            cells.extend(row.cells.iter().cloned());
            cells.truncate(columns.len());
            // A unit followed by the units merged into it.
            let merged = inputs
                .lineage
                .get(i + 1)
                .is_some_and(|next| next.predecessor);
            if merged && !row.predecessor {
                Row::styled(RowStyle::Bold, cells)
            } else {
                Row::new(cells)
            }
        })
        .collect();
    Table {
        columns,
        rows,
        font_size: 11.0,
    }
}

fn weakest_table(inputs: &SummaryInputs<'_>) -> Table {
    Table {
        columns: vec![
            Column::new("Năm", Width::Mm(20.0), Align::Center),
            Column::new(
                "Lĩnh vực bị trừ nhiều điểm nhất",
                Width::Weight(3.0),
                Align::Left,
            ),
            Column::new(
                "Bình quân bị trừ / tối đa (điểm)",
                Width::Weight(1.4),
                Align::Center,
            ),
        ],
        rows: inputs
            .years
            .iter()
            .map(|f| match weakest(f) {
                Some((title, lost, max)) => Row::new(vec![
                    f.set.year.to_string(),
                    title,
                    format!("{}/{}", lost.to_vi(), max.to_vi()),
                ]),
                None => Row::new(vec![
                    f.set.year.to_string(),
                    "chưa có số liệu".to_owned(),
                    "-".to_owned(),
                ]),
            })
            .collect(),
        font_size: 12.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_uses_known_placeholders_only() {
        let values: Vec<(&str, String)> = SUMMARY_PLACEHOLDERS
            .iter()
            .map(|n| (*n, "x".to_owned()))
            .collect();
        assert!(template::fill(SUMMARY_TEMPLATE, &values).is_ok());
    }

    #[test]
    fn areas_map_to_the_six_contents() {
        assert_eq!(content_of("Cải cách thể chế"), "the_che");
        assert_eq!(content_of("Cải cách thủ tục hành chính"), "tthc");
        assert_eq!(content_of("Cải cách tổ chức bộ máy hành chính"), "bo_may");
        assert_eq!(content_of("Cải cách chế độ công vụ"), "cong_vu");
        assert_eq!(content_of("Cải cách tài chính công"), "tai_chinh");
        assert_eq!(
            content_of("Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
            "chinh_quyen_so"
        );
        assert_eq!(content_of("Công tác chỉ đạo, điều hành CCHC"), "chi_dao");
        assert_eq!(content_of("Điểm thưởng, điểm trừ"), "khac");
    }
}
