//! `parindex xlsx export | import-set | import-survey`.

use std::process::ExitCode;

use super::{Refusal, XlsxCommand, open_read, parse_level};
use crate::domain::Lang;
use crate::exchange::xlsx;
use crate::store::{Access, Store};

pub fn run(command: XlsxCommand, lang: Lang) -> Result<ExitCode, Refusal> {
    match command {
        XlsxCommand::Export { file, scope, out } => {
            let level = parse_level(&scope.level, lang)?;
            let store = open_read(&file, lang)?;
            xlsx::export_year(&store, scope.year, level, &out)
                .map_err(|e| Refusal(e.message(lang)))?;
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
            let mut store =
                Store::open(&file, Access::ReadWrite).map_err(|e| Refusal(e.message(lang)))?;
            let name = name.unwrap_or_else(|| {
                table
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("Bộ chỉ số {}", scope.year))
            });
            let set = xlsx::import_index_set(&mut store, &table, scope.year, level, &name, replace)
                .map_err(|e| Refusal(e.lines(lang).join("\n")))?;
            println!(
                "{} {} ({} {}, {} {})",
                lang.pick("Đã nhập bộ chỉ số", "Index set imported:"),
                set.name,
                set.leaves().len(),
                lang.pick("tiêu chí thành phần", "leaves"),
                lang.pick("tổng điểm", "total"),
                set.tree_total().to_vi()
            );
            Ok(ExitCode::SUCCESS)
        }
        XlsxCommand::ImportSurvey { file, table, scope } => {
            let level = parse_level(&scope.level, lang)?;
            let mut store =
                Store::open(&file, Access::ReadWrite).map_err(|e| Refusal(e.message(lang)))?;
            let n = xlsx::import_survey(&mut store, &table, scope.year, level)
                .map_err(|e| Refusal(e.lines(lang).join("\n")))?;
            println!(
                "{} {n} {}",
                lang.pick("Đã nhập", "Imported"),
                lang.pick("điểm điều tra xã hội học", "survey values")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
