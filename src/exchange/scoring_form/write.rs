//! Writing the blank scoring form of a unit: one protected sheet whose only unlocked cells
//! are the ones the unit fills, each with the data validation Excel can hold (points from 0
//! to the criterion's maximum, figures not negative, notes not longer than the program
//! keeps). Values already stored are prefilled, so a form sent back unchanged changes
//! nothing and a unit sees what the officer typed for it.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::{
    COL_CODE, COL_FIGURE_A, COL_FIGURE_B, COL_GUIDANCE, COL_KIND, COL_MAX, COL_NA, COL_NOTE,
    COL_POINTS, COL_TITLE, COLUMNS, Entry, ID_LEVEL, ID_SET, ID_UNIT, ID_VALUE_COL, ID_YEAR,
    LAST_COL, entry_of, kind_words, level_word,
};
use crate::domain::format::date_short;
use crate::domain::index_set::NaPolicy;
use crate::domain::text::fold;
use crate::domain::{Level, Node, Points, limits};
use crate::store::sheet::Sheet;
use crate::store::{Result as StoreResult, Store, StoreError};

/// The row of the criteria table's header (0-based); the criteria follow it.
pub(crate) const HEADER_ROW: u32 = 10;

fn xlsx_error(e: XlsxError) -> StoreError {
    StoreError::Invalid(format!("XLSX: {e}"))
}

fn points_number(p: Points) -> f64 {
    // Exact for thousandths at any realistic size; the reader rounds to thousandths again.
    p.milli() as f64 / 1000.0
}

/// The file name of a unit's form: ASCII only ("bieu-mau-cham-diem-2025-01795-xa-minh-khai.xlsx"),
/// so it survives email attachments and zip files made on Windows.
pub fn form_file_name(year: i32, unit_code: &str, unit_name: &str) -> String {
    let slug = |text: &str| {
        let mut out = String::new();
        for c in fold(text).chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').chars().take(60).collect::<String>()
    };
    format!(
        "bieu-mau-cham-diem-{year}-{}-{}.xlsx",
        slug(unit_code),
        slug(unit_name)
    )
    .replace("--", "-")
}

/// Writes the form of the unit `unit_code` for the set of `year` and `level` to `out`
/// (replaced only with `force`: a unit's filled form may already have that name).
pub fn export_form(
    store: &Store,
    year: i32,
    level: Level,
    unit_code: &str,
    out: &Path,
    force: bool,
) -> StoreResult<()> {
    if out.exists() && !force {
        return Err(StoreError::AlreadyExists(out.to_owned()));
    }
    let sheet = store.sheet(year, level, unit_code)?;
    let mut book = build(&sheet, year, level)?;
    // A half-written form never has the name.
    crate::fs_atomic::write_atomically(out, |part| book.save(part).map_err(xlsx_error))
}

/// Writes the form of every unit assessed in `year` at `level` into `folder` (made if
/// missing), named by [`form_file_name`]. Existing forms are replaced only with `force`;
/// without it, when any is there, nothing is written. Returns the files written.
pub fn export_forms(
    store: &Store,
    year: i32,
    level: Level,
    folder: &Path,
    force: bool,
) -> StoreResult<Vec<PathBuf>> {
    if folder.exists() && !folder.is_dir() {
        return Err(StoreError::Invalid(format!(
            "{} không phải thư mục / is not a folder",
            folder.display()
        )));
    }
    let units = store.assessments_of(year, level)?;
    let targets: Vec<(String, PathBuf)> = units
        .iter()
        .map(|a| {
            let name = form_file_name(year, &a.unit.code, &a.unit.name);
            (a.unit.code.clone(), folder.join(name))
        })
        .collect();
    let existing: Vec<String> = targets
        .iter()
        .filter(|(_, p)| p.exists())
        .filter_map(|(_, p)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if !existing.is_empty() && !force {
        return Err(StoreError::Invalid(format!(
            "Thư mục {} đã có {} biểu mẫu ({}…); không ghi gì, chọn thư mục khác / the folder already holds {} of these forms; nothing written, choose another folder",
            folder.display(),
            existing.len(),
            existing[0],
            existing.len()
        )));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", folder.display())))?;
    let mut written = Vec::with_capacity(targets.len());
    for (code, path) in targets {
        let sheet = store.sheet(year, level, &code)?;
        let mut book = build(&sheet, year, level)?;
        crate::fs_atomic::write_atomically(&path, |part| book.save(part).map_err(xlsx_error))?;
        written.push(path);
    }
    Ok(written)
}

/// The formats of the form, made once.
struct Formats {
    title: Format,
    subtitle: Format,
    centred: Format,
    label: Format,
    value: Format,
    hint: Format,
    header: Format,
    area: Format,
    area_number: Format,
    text: Format,
    number: Format,
    /// A cell of a criterion's row the unit does not fill.
    closed: Format,
    input_number: Format,
    input_text: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
        let input = Color::RGB(0xFFF2CC);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            subtitle: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Center),
            centred: Format::new().set_align(FormatAlign::Center).set_text_wrap(),
            label: Format::new().set_bold().set_border(FormatBorder::Thin),
            value: Format::new().set_border(FormatBorder::Thin),
            hint: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: border(Format::new().set_bold())
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2)),
            area: border(Format::new().set_bold()).set_background_color(Color::RGB(0xEDEDED)),
            area_number: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xEDEDED))
                .set_align(FormatAlign::Center),
            text: border(Format::new()).set_align(FormatAlign::Top),
            number: Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            closed: Format::new()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xF2F2F2)),
            input_number: Format::new()
                .set_border(FormatBorder::Thin)
                .set_background_color(input)
                .set_align(FormatAlign::Top)
                .set_unlocked(),
            input_text: border(Format::new())
                .set_background_color(input)
                .set_align(FormatAlign::Top)
                .set_unlocked(),
        }
    }
}

fn build(sheet: &Sheet, year: i32, level: Level) -> StoreResult<Workbook> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    fill(ws, sheet, year, level).map_err(xlsx_error)?;
    Ok(book)
}

fn fill(ws: &mut Worksheet, sheet: &Sheet, year: i32, level: Level) -> Result<(), XlsxError> {
    let f = Formats::new();
    let set = &sheet.set;
    let unit = &sheet.assessment.unit;
    ws.set_name(format!("Biểu mẫu {year}"))?;
    for (col, (_, width, _)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    ws.merge_range(
        0,
        0,
        0,
        LAST_COL,
        &format!("BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
        &f.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        LAST_COL,
        &format!("{} (mã {})", unit.name, unit.code),
        &f.subtitle,
    )?;
    let mut source = format!("Bộ chỉ số: {}", set.name);
    if !set.decision.is_empty() {
        source.push_str(&format!(" — Quyết định số {}", set.decision));
        if let Some(date) = set.decision_date {
            source.push_str(&format!(" ngày {}", date_short(date)));
        }
        if !set.issuer.is_empty() {
            source.push_str(&format!(" của {}", set.issuer));
        }
    }
    ws.merge_range(2, 0, 2, LAST_COL, &source, &f.centred)?;
    ws.set_row_height(2, 30)?;

    // The identity the reader checks: labelled, locked, never to be edited.
    ws.merge_range(
        4,
        0,
        4,
        COL_GUIDANCE,
        "Nhận dạng biểu mẫu (chương trình kiểm tra khi đọc lại; không sửa các ô này):",
        &f.hint,
    )?;
    let identity = [
        (ID_UNIT.0, unit.code.clone()),
        (ID_YEAR.0, year.to_string()),
        (ID_LEVEL.0, level_word(level).to_owned()),
        (ID_SET.0, set.id.to_string()),
    ];
    for (i, (label, value)) in identity.iter().enumerate() {
        let row = 5 + i as u32;
        ws.merge_range(row, 0, row, 1, label, &f.label)?;
        ws.merge_range(row, ID_VALUE_COL, row, COL_GUIDANCE, value, &f.value)?;
    }
    ws.merge_range(
        HEADER_ROW - 1,
        0,
        HEADER_ROW - 1,
        LAST_COL,
        "Cách điền: chỉ nhập vào các ô nền vàng. Tiêu chí tính theo tỷ lệ: ghi tử số và mẫu số (số nguyên; dấu chấm ngăn hàng nghìn). Tiêu chí theo số liệu, có/không (1 hoặc 0), số lần: ghi vào cột tử số. Tiêu chí khác: ghi điểm tự đánh giá (ví dụ 0,5). Ô để trống: giữ nguyên giá trị đã có trong phần mềm.",
        &f.hint,
    )?;
    ws.set_row_height(HEADER_ROW - 1, 45)?;
    for (col, (head, _, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *head, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 32)?;

    let mut row = HEADER_ROW + 1;
    for node in &set.roots {
        write_node(ws, &f, sheet, node, 0, &mut row)?;
    }

    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    // Protected without a password (a unit that must change the layout can lift it, and the
    // reader checks everything anyway): the point is that Tab walks the input cells only.
    ws.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The height a row needs for its wrapped texts (text, column width in characters):
/// spreadsheet programs do not grow rows of a written file by themselves (LibreOffice
/// keeps the default height and cuts the text). Estimated a little generously.
fn row_height(texts: &[(&str, f64)]) -> f64 {
    let lines = texts
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.25).max(1.0);
            text.split('\n')
                .map(|part| (part.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    15.0 * lines + 3.0
}

fn width_of(col: u16) -> f64 {
    COLUMNS[col as usize].1
}

/// The title column's width left beside its indent (about three characters a level).
fn title_width(depth: u8) -> f64 {
    width_of(COL_TITLE) - f64::from(depth) * 3.0
}

fn write_node(
    ws: &mut Worksheet,
    f: &Formats,
    sheet: &Sheet,
    node: &Node,
    depth: u8,
    row: &mut u32,
) -> Result<(), XlsxError> {
    let r = *row;
    *row += 1;
    let title_indent = |format: &Format| format.clone().set_indent(depth);
    let Some(leaf) = &node.leaf else {
        // An area or a criterion with parts: bold, nothing to enter.
        ws.write_string_with_format(r, COL_CODE, &*node.code, &f.area)?;
        ws.write_string_with_format(r, COL_TITLE, &*node.title, &title_indent(&f.area))?;
        ws.write_number_with_format(r, COL_MAX, points_number(node.max_points()), &f.area_number)?;
        ws.set_row_height(
            r,
            row_height(&[
                // Bold text takes more room per character.
                (&node.title, title_width(depth) * 0.85),
                (&node.guidance, width_of(COL_GUIDANCE)),
            ]),
        )?;
        for col in COL_KIND..=COL_NOTE {
            let text = if col == COL_GUIDANCE {
                node.guidance.as_str()
            } else {
                ""
            };
            ws.write_string_with_format(r, col, text, &f.area)?;
        }
        for child in &node.children {
            write_node(ws, f, sheet, child, depth.saturating_add(1), row)?;
        }
        return Ok(());
    };
    let stored = sheet
        .input
        .scores
        .get(&node.id)
        .cloned()
        .unwrap_or_default();
    ws.write_string_with_format(r, COL_CODE, &*node.code, &f.text)?;
    ws.write_string_with_format(r, COL_TITLE, &*node.title, &title_indent(&f.text))?;
    ws.write_number_with_format(r, COL_MAX, points_number(leaf.max), &f.number)?;
    ws.write_string_with_format(r, COL_KIND, kind_words(leaf), &f.text)?;
    let mut guidance = node.guidance.clone();
    if let Some(evidence) = leaf.evidence.as_deref().filter(|e| !e.is_empty()) {
        if !guidance.is_empty() {
            guidance.push('\n');
        }
        guidance.push_str(&format!("Tài liệu kiểm chứng: {evidence}"));
    }
    ws.write_string_with_format(r, COL_GUIDANCE, &guidance, &f.text)?;
    let kind = kind_words(leaf);
    ws.set_row_height(
        r,
        row_height(&[
            (&node.title, title_width(depth)),
            (&kind, width_of(COL_KIND)),
            (&guidance, width_of(COL_GUIDANCE)),
            (stored.na.as_deref().unwrap_or(""), width_of(COL_NA)),
            (&stored.self_note, width_of(COL_NOTE)),
        ]),
    )?;

    let entry = entry_of(leaf);
    let figures = match entry {
        Entry::TwoFigures => 2,
        Entry::OneFigure => 1,
        Entry::Points | Entry::Nothing => 0,
    };
    let figure_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("Số liệu")?
        .set_error_message("Số liệu là số nguyên không âm.")?;
    for (i, col) in [COL_FIGURE_A, COL_FIGURE_B].into_iter().enumerate() {
        if i < figures {
            let value = if i == 0 { stored.raw.a } else { stored.raw.b };
            match value {
                Some(v) => ws.write_number_with_format(r, col, v as f64, &f.input_number)?,
                None => ws.write_blank(r, col, &f.input_number)?,
            };
            let rule = if leaf.kind == crate::domain::LeafKind::YesNo {
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::Between(0, 1))
                    .set_error_title("Có / không")?
                    .set_error_message("Ghi 1 (có) hoặc 0 (không).")?
            } else {
                figure_rule.clone()
            };
            ws.add_data_validation(r, col, r, col, &rule)?;
        } else {
            ws.write_blank(r, col, &f.closed)?;
        }
    }
    if entry == Entry::Points {
        match stored.self_points {
            Some(p) => {
                ws.write_number_with_format(r, COL_POINTS, points_number(p), &f.input_number)?
            }
            None => ws.write_blank(r, COL_POINTS, &f.input_number)?,
        };
        let max = leaf.max.to_vi();
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, points_number(leaf.max)))
            .set_error_title("Điểm tự đánh giá")?
            .set_error_message(format!("Điểm từ 0 đến {max}."))?;
        ws.add_data_validation(r, COL_POINTS, r, COL_POINTS, &rule)?;
    } else {
        ws.write_blank(r, COL_POINTS, &f.closed)?;
    }
    let text_rule = DataValidation::new()
        .allow_text_length(DataValidationRule::LessThanOrEqualTo(
            limits::NOTE_CHARS as u32,
        ))
        .set_error_message(format!("Không quá {} ký tự.", limits::NOTE_CHARS))?;
    let open_text = entry != Entry::Nothing;
    let na_open = open_text && leaf.na_policy != NaPolicy::NotAllowed;
    for (col, open, value) in [
        (COL_NA, na_open, stored.na.clone().unwrap_or_default()),
        (COL_NOTE, open_text, stored.self_note.clone()),
    ] {
        if open {
            ws.write_string_with_format(r, col, &value, &f.input_text)?;
            ws.add_data_validation(r, col, r, col, &text_rule)?;
        } else {
            ws.write_blank(r, col, &f.closed)?;
        }
    }
    Ok(())
}
