//! Reading a filled scoring form back, as any file from outside: within the size bounds of
//! [`crate::exchange::table`], its identity checked against the year, level, unit and index
//! set being worked on, every row matched to a criterion by its code and every value checked
//! with the domain's own rules. Any refused row is listed with its number and reason, and
//! then nothing is planned; a form that passes becomes a [`FormPlan`] (old → new per value).

use std::collections::HashMap;
use std::path::Path;

use super::{
    COLUMNS, Entry, FormChange, FormField, FormPlan, FormTarget, ID_LEVEL, ID_SET, ID_UNIT,
    ID_VALUE_COL, ID_YEAR, entry_of, parse_level_word,
};
use crate::domain::format::thousands;
use crate::domain::index_set::NaPolicy;
use crate::domain::scoring::{RawError, parse_figure, points_from_raw};
use crate::domain::text::{fold, nfc, within};
use crate::domain::{Lang, LeafScore, Level, Points, Raw, limits};
use crate::exchange::table::{Row, Table, find_header, read_table};
use crate::exchange::xlsx::{RowError, SheetError};
use crate::store::scores::{Edit, Note, Stage};
use crate::store::sheet::Sheet;
use crate::store::{Store, StoreError, points_message};

fn refuse(lang: Lang, vi: String, en: String) -> SheetError {
    SheetError::File(match lang {
        Lang::Vi => vi,
        Lang::En => en,
    })
}

/// The form's identity as its labelled cells give it.
struct Identity {
    unit: String,
    year: String,
    level: String,
    set: String,
}

/// Reads the filled form at `path` for `target` and plans what storing it would change.
pub fn read_form(
    store: &Store,
    path: &Path,
    target: &FormTarget,
    lang: Lang,
) -> Result<FormPlan, SheetError> {
    let table = read_table(path)?;
    let names: Vec<&[&str]> = COLUMNS.iter().map(|(_, _, names)| *names).collect();
    let Some((header, cols)) = find_header(&table, &names) else {
        return Err(refuse(
            lang,
            "Không phải biểu mẫu chấm điểm: không tìm thấy dòng tiêu đề (STT, Lĩnh vực/Tiêu chí, …); không nhập gì".into(),
            "Not a scoring form: no header row (STT, Lĩnh vực/Tiêu chí, …); nothing imported".into(),
        ));
    };
    let mut columns = [0usize; 10];
    for (i, col) in cols.iter().enumerate() {
        match col {
            Some(c) => columns[i] = *c,
            None => {
                let head = COLUMNS[i].0;
                return Err(refuse(
                    lang,
                    format!("Biểu mẫu thiếu cột \"{head}\"; không nhập gì"),
                    format!("The form has no column \"{head}\"; nothing imported"),
                ));
            }
        }
    }
    let identity = identity(&table, header, lang)?;
    let (sheet, level, year) = check_identity(store, &identity, target, lang)?;
    let a = &sheet.assessment;
    if a.locked {
        return Err(SheetError::Store(StoreError::Locked {
            unit: a.unit.name.clone(),
            year: a.year,
        }));
    }
    if a.status >= crate::domain::Status::Submitted {
        return Err(SheetError::Store(StoreError::SelfAssessmentSent {
            unit: a.unit.name.clone(),
        }));
    }
    let file = path
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .take(limits::FILE_NAME_CHARS)
                .collect::<String>()
        })
        .unwrap_or_default();
    let mut plan = FormPlan {
        unit_code: a.unit.code.clone(),
        unit_name: a.unit.name.clone(),
        year,
        level,
        set: sheet.set.id,
        source: nfc(&format!("Biểu mẫu chấm điểm: {file}")),
        changes: Vec::new(),
        unchanged: 0,
    };
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows[header + 1..] {
        match read_row(&sheet, row, &columns, &mut seen, lang) {
            Ok(None) => {}
            Ok(Some(changes)) if changes.is_empty() => plan.unchanged += 1,
            Ok(Some(changes)) => plan.changes.extend(changes),
            Err(reason) => errors.push(RowError {
                row: row.line,
                reason,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(SheetError::Rows(errors));
    }
    Ok(plan)
}

/// The labelled identity cells above the header: each label once, with its value.
fn identity(table: &Table, header: usize, lang: Lang) -> Result<Identity, SheetError> {
    let mut found: HashMap<&str, (usize, String)> = HashMap::new();
    for row in &table.rows[..header] {
        let label = fold(row.get(0));
        let Some(key) = [ID_UNIT, ID_YEAR, ID_LEVEL, ID_SET]
            .iter()
            .find(|(_, folded)| label == *folded)
            .map(|(_, folded)| *folded)
        else {
            continue;
        };
        if let Some((first, _)) = found.get(key) {
            return Err(refuse(
                lang,
                format!(
                    "Ô nhận dạng \"{}\" có hai lần (dòng {first} và {}); không nhập gì",
                    row.get(0),
                    row.line
                ),
                format!(
                    "The identity cell \"{}\" appears twice (rows {first} and {}); nothing imported",
                    row.get(0),
                    row.line
                ),
            ));
        }
        found.insert(
            key,
            (row.line, row.get(ID_VALUE_COL as usize).trim().to_owned()),
        );
    }
    let mut take = |(label, folded): (&str, &str)| -> Result<String, SheetError> {
        match found.remove(folded) {
            Some((_, value)) if !value.is_empty() => Ok(value),
            _ => Err(refuse(
                lang,
                format!(
                    "Không phải biểu mẫu chấm điểm của phần mềm: thiếu ô nhận dạng \"{label}\"; không nhập gì"
                ),
                format!(
                    "Not a scoring form made by this program: the identity cell \"{label}\" is missing; nothing imported"
                ),
            )),
        }
    };
    Ok(Identity {
        unit: take(ID_UNIT)?,
        year: take(ID_YEAR)?,
        level: take(ID_LEVEL)?,
        set: take(ID_SET)?,
    })
}

/// The form must be for the year, level (and unit, when chosen) being worked on, and made
/// from the index set the file holds for them. Returns the unit's scoring sheet.
fn check_identity(
    store: &Store,
    id: &Identity,
    target: &FormTarget,
    lang: Lang,
) -> Result<(Sheet, Level, i32), SheetError> {
    let year: i32 = id.year.parse().map_err(|_| {
        refuse(
            lang,
            format!(
                "Ô Năm của biểu mẫu (\"{}\") không phải là năm; không nhập gì",
                id.year
            ),
            format!(
                "The form's year (\"{}\") is not a year; nothing imported",
                id.year
            ),
        )
    })?;
    if year != target.year {
        return Err(refuse(
            lang,
            format!(
                "Biểu mẫu này của năm {year}, không phải năm {}; không nhập gì",
                target.year
            ),
            format!(
                "This form is for {year}, not {}; nothing imported",
                target.year
            ),
        ));
    }
    let Some(level) = parse_level_word(&fold(&id.level)) else {
        return Err(refuse(
            lang,
            format!(
                "Ô Cấp của biểu mẫu (\"{}\") không rõ; không nhập gì",
                id.level
            ),
            format!(
                "The form's level (\"{}\") is unknown; nothing imported",
                id.level
            ),
        ));
    };
    if level != target.level {
        return Err(refuse(
            lang,
            format!(
                "Biểu mẫu này của {}, không phải {}; không nhập gì",
                level.label_vi(),
                target.level.label_vi()
            ),
            format!(
                "This form is for the {} level, not {}; nothing imported",
                level.as_str(),
                target.level.as_str()
            ),
        ));
    }
    if let Some(unit) = &target.unit
        && nfc(unit) != nfc(&id.unit)
    {
        return Err(refuse(
            lang,
            format!(
                "Biểu mẫu này của đơn vị mã {}, không phải đơn vị mã {unit} đang chọn; không nhập gì",
                id.unit
            ),
            format!(
                "This form is for the unit {}, not the chosen unit {unit}; nothing imported",
                id.unit
            ),
        ));
    }
    if !within(&id.unit, limits::CODE_CHARS) {
        return Err(refuse(
            lang,
            "Mã đơn vị của biểu mẫu dài bất thường; không nhập gì".into(),
            "The form's unit code is too long; nothing imported".into(),
        ));
    }
    let sheet = store
        .sheet(year, level, &id.unit)
        .map_err(SheetError::Store)?;
    let set_matches = uuid::Uuid::parse_str(&id.set).is_ok_and(|u| u == sheet.set.id);
    if !set_matches {
        return Err(refuse(
            lang,
            format!(
                "Biểu mẫu làm theo bộ chỉ số khác (mã \"{}\"), không phải bộ chỉ số năm {year} hiện có ({}); hãy xuất biểu mẫu mới; không nhập gì",
                crate::domain::text::shorten(&id.set, 40),
                sheet.set.name
            ),
            format!(
                "The form was made for another index set (\"{}\") than the year's ({}); export a new form; nothing imported",
                crate::domain::text::shorten(&id.set, 40),
                sheet.set.name
            ),
        ));
    }
    Ok((sheet, level, year))
}

/// One row of the criteria table: `None` when it is not a criterion's row with values
/// (a blank line, an area), else the changes it makes (empty: all as stored).
fn read_row(
    sheet: &Sheet,
    row: &Row,
    cols: &[usize; 10],
    seen: &mut HashMap<String, usize>,
    lang: Lang,
) -> Result<Option<Vec<FormChange>>, String> {
    let get = |i: u16| row.get(cols[i as usize]).trim();
    let code = nfc(get(super::COL_CODE));
    let inputs = [
        (super::COL_FIGURE_A, get(super::COL_FIGURE_A)),
        (super::COL_FIGURE_B, get(super::COL_FIGURE_B)),
        (super::COL_POINTS, get(super::COL_POINTS)),
        (super::COL_NA, get(super::COL_NA)),
        (super::COL_NOTE, get(super::COL_NOTE)),
    ];
    let filled = |col: u16| inputs.iter().any(|(c, v)| *c == col && !v.is_empty());
    let any = inputs.iter().any(|(_, v)| !v.is_empty());
    if code.is_empty() {
        return if any {
            Err(lang
                .pick(
                    "dòng có giá trị nhưng không có mã tiêu chí (cột STT)",
                    "the row has values but no criterion code (STT column)",
                )
                .to_owned())
        } else {
            Ok(None)
        };
    }
    let Some(node) = sheet.set.find(&code) else {
        return Err(match lang {
            Lang::Vi => format!("mã tiêu chí \"{code}\" không có trong bộ chỉ số"),
            Lang::En => format!("the criterion code \"{code}\" is not in the index set"),
        });
    };
    if let Some(first) = seen.insert(code.clone(), row.line) {
        return Err(match lang {
            Lang::Vi => format!("tiêu chí {code} có hai dòng (dòng {first} và dòng này)"),
            Lang::En => format!("criterion {code} has two rows (row {first} and this one)"),
        });
    }
    let Some(leaf) = &node.leaf else {
        return if any {
            Err(match lang {
                Lang::Vi => format!("{code} có tiêu chí thành phần: không ghi giá trị ở dòng này"),
                Lang::En => format!("{code} has parts: no values on this row"),
            })
        } else {
            Ok(None)
        };
    };
    if !any {
        return Ok(None);
    }
    let entry = entry_of(leaf);
    let current: LeafScore = sheet
        .input
        .scores
        .get(&node.id)
        .cloned()
        .unwrap_or_default();
    let mut problems: Vec<String> = Vec::new();
    let mut changes = Vec::new();
    let change = |field, old: Option<String>, new: String, edit| FormChange {
        row: row.line,
        code: code.clone(),
        title: node.title.to_string(),
        field,
        old,
        new,
        edit,
    };
    match entry {
        Entry::Nothing => problems.push(
            lang.pick(
                "điểm điều tra xã hội học không do đơn vị tự chấm",
                "survey points are not self-assessed",
            )
            .to_owned(),
        ),
        Entry::Points => {
            if filled(super::COL_FIGURE_A) || filled(super::COL_FIGURE_B) {
                problems.push(
                    lang.pick(
                        "tiêu chí chấm trực tiếp: ghi điểm ở cột Điểm tự đánh giá, không ghi số liệu",
                        "a criterion scored directly: points in the self-assessed column, no figures",
                    )
                    .to_owned(),
                );
            }
            let text = get(super::COL_POINTS);
            if !text.is_empty() {
                match Points::parse_within(text, leaf.max) {
                    Ok(p) if Some(p) != current.self_points => changes.push(change(
                        FormField::Points,
                        current.self_points.map(Points::to_vi),
                        p.to_vi(),
                        Edit::Points(Stage::SelfAssessed, Some(p)),
                    )),
                    Ok(_) => {}
                    Err(e) => problems.push(format!(
                        "{}: {}",
                        lang.pick("điểm tự đánh giá", "self-assessed points"),
                        points_message(&e, lang)
                    )),
                }
            }
        }
        Entry::OneFigure | Entry::TwoFigures => {
            if filled(super::COL_POINTS) {
                problems.push(
                    lang.pick(
                        "tiêu chí tính từ số liệu: ghi số liệu, không ghi điểm",
                        "a criterion computed from figures: give the figures, not the points",
                    )
                    .to_owned(),
                );
            }
            let (a, b) = (get(super::COL_FIGURE_A), get(super::COL_FIGURE_B));
            if entry == Entry::OneFigure && !b.is_empty() {
                problems.push(
                    lang.pick(
                        "tiêu chí này có một số liệu (cột tử số), không có mẫu số",
                        "this criterion has one figure (numerator column), no denominator",
                    )
                    .to_owned(),
                );
            } else if !a.is_empty() || !b.is_empty() {
                match figures(a, b, entry, lang) {
                    Ok(raw) => match points_from_raw(leaf, raw) {
                        Ok(_) if raw == current.raw => {}
                        Ok(_) => changes.push(change(
                            FormField::Figures,
                            raw_text(current.raw),
                            raw_text(raw).unwrap_or_default(),
                            Edit::Raw(raw),
                        )),
                        Err(e) => problems.push(format!(
                            "{}: {}",
                            lang.pick("số liệu", "figures"),
                            e.message(lang)
                        )),
                    },
                    Err(why) => problems.push(why),
                }
            }
        }
    }
    let na = nfc(get(super::COL_NA));
    if !na.is_empty() && entry != Entry::Nothing {
        if leaf.na_policy == NaPolicy::NotAllowed {
            problems.push(StoreError::NaNotAllowed(code.clone()).message(lang));
        } else if !within(&na, limits::NOTE_CHARS) {
            problems.push(too_long(lang));
        } else if current.na.as_deref() != Some(na.as_str()) {
            changes.push(change(
                FormField::NotApplicable,
                current.na.clone(),
                na.clone(),
                Edit::Na(Some(na)),
            ));
        }
    }
    let note = nfc(get(super::COL_NOTE));
    if !note.is_empty() && entry != Entry::Nothing {
        if !within(&note, limits::NOTE_CHARS) {
            problems.push(too_long(lang));
        } else if note != current.self_note {
            changes.push(change(
                FormField::Note,
                Some(current.self_note.clone()).filter(|n| !n.is_empty()),
                note.clone(),
                Edit::Note(Note::SelfNote, note),
            ));
        }
    }
    if problems.is_empty() {
        Ok(Some(changes))
    } else {
        Err(format!("{code}: {}", problems.join("; ")))
    }
}

fn too_long(lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("ghi chú dài quá {} ký tự", limits::NOTE_CHARS),
        Lang::En => format!("a note longer than {} characters", limits::NOTE_CHARS),
    }
}

/// A raw figure of a cell, as the grid reads it ("57.286", "57 286"; "12.5", a fraction
/// Excel kept as a number, refused rather than read as 125).
fn figure(text: &str, lang: Lang) -> Result<i64, String> {
    match parse_figure(text) {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(format!("\"{text}\": {}", RawError::Missing.message(lang))),
        Err(e) => Err(format!("\"{text}\": {}", e.message(lang))),
    }
}

fn figures(a: &str, b: &str, entry: Entry, lang: Lang) -> Result<Raw, String> {
    let a = figure(a, lang)?;
    let b = match entry {
        Entry::TwoFigures => Some(figure(b, lang)?),
        _ => None,
    };
    Ok(Raw { a: Some(a), b })
}

/// Raw figures as the officer reads them: "57.286/60.000", "3".
fn raw_text(raw: Raw) -> Option<String> {
    match (raw.a, raw.b) {
        (None, _) => None,
        (Some(a), None) => Some(thousands(a)),
        (Some(a), Some(b)) => Some(format!("{}/{}", thousands(a), thousands(b))),
    }
}
