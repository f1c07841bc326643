//! The year's workbook: a year's scores, one sheet per unit, and the ranking on a summary
//! sheet, with the figures of `Store::results` (the same as the PDFs and `parindex rank`).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::domain::scoring::Explained;
use crate::domain::text::fold;
use crate::domain::{Lang, Level, Points};
use crate::store::{Result as StoreResult, Store, StoreError};

fn xlsx_error(e: XlsxError) -> StoreError {
    StoreError::Invalid(format!("XLSX: {e}"))
}

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
    export_year_reporting(store, year, level, out, &mut |_, _| {})
}

/// [`export_year`], calling `progress(done, total)` as unit sheets are written; the last
/// step (`done == total`) is the workbook saved.
pub fn export_year_reporting(
    store: &Store,
    year: i32,
    level: Level,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> StoreResult<()> {
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

    // The unit sheets, then saving (compressing) the workbook: one step more.
    let total = results.rows.len() + 1;
    for (done, r) in results.rows.iter().enumerate() {
        progress(done, total);
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
    progress(total - 1, total);
    // A half-written workbook never has the name.
    crate::fs_atomic::write_atomically(out, |part| book.save(part).map_err(xlsx_error))?;
    progress(total, total);
    Ok(())
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
