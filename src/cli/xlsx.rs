//! `parindex xlsx export | import-set | import-survey`.

use std::process::ExitCode;

use super::{Expected, Refusal, XlsxCommand, not_a_file, open_read, open_store, parse_level};
use crate::domain::Lang;
use crate::domain::text::for_terminal;
use crate::exchange::xlsx;
use crate::store::Access;

/// A folder, pipe or device given as the table is refused before anything opens it.
fn refuse_non_file(table: &std::path::Path, lang: Lang) -> Result<(), Refusal> {
    match not_a_file(table, Expected::Table, lang) {
        Some(why) => Err(Refusal::new(why)),
        None => Ok(()),
    }
}

pub fn run(command: XlsxCommand, lang: Lang) -> Result<ExitCode, Refusal> {
    match command {
        XlsxCommand::Export { file, scope, out } => {
            let level = parse_level(&scope.level, lang)?;
            let store = open_read(&file, lang)?;
            xlsx::export_year(&store, scope.year, level, &out)
                .map_err(|e| Refusal::new(e.message(lang)))?;
            println!(
                "{} {}",
                lang.pick("Đã ghi bảng tính", "Spreadsheet written to"),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        XlsxCommand::ImportSet {
            file,
            table,
            scope,
            name,
            replace,
        } => {
            let level = parse_level(&scope.level, lang)?;
            refuse_non_file(&table, lang)?;
            let mut store = open_store(&file, Access::ReadWrite, lang)?;
            let name = name.unwrap_or_else(|| {
                table
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("Bộ chỉ số {}", scope.year))
            });
            let set = xlsx::import_index_set(&mut store, &table, scope.year, level, &name, replace)
                .map_err(|e| Refusal::lines(e.lines(lang)))?;
            println!(
                "{} {} ({} {}, {} {})",
                lang.pick("Đã nhập bộ chỉ số", "Index set imported:"),
                for_terminal(&set.name),
                set.leaves().len(),
                lang.pick("tiêu chí thành phần", "leaves"),
                lang.pick("tổng điểm", "total"),
                set.tree_total().to_vi()
            );
            Ok(ExitCode::SUCCESS)
        }
        XlsxCommand::ImportSurvey { file, table, scope } => {
            let level = parse_level(&scope.level, lang)?;
            refuse_non_file(&table, lang)?;
            let mut store = open_store(&file, Access::ReadWrite, lang)?;
            let n = xlsx::import_survey(&mut store, &table, scope.year, level)
                .map_err(|e| Refusal::lines(e.lines(lang)))?;
            println!(
                "{} {n} {}",
                lang.pick("Đã nhập", "Imported"),
                lang.pick("điểm điều tra xã hội học", "survey values")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
