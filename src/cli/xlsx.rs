//! `parindex xlsx export | import-set | import-survey | form | read-form`.

use std::process::ExitCode;

use super::{
    Expected, Refusal, SumsChoice, XlsxCommand, not_a_file, open_read, open_store, parse_level,
};
use crate::domain::Lang;
use crate::domain::format::parse_date;
use crate::domain::text::for_terminal;
use crate::exchange::{scoring_form, xlsx};
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
            reissue,
            decision,
            decision_date,
            sums,
        } => {
            let level = parse_level(&scope.level, lang)?;
            refuse_non_file(&table, lang)?;
            let mut store = open_store(&file, Access::ReadWrite, lang)?;
            let sums = sums.map(|s| match s {
                SumsChoice::Printed => xlsx::SumChoice::Printed,
                SumsChoice::Sum => xlsx::SumChoice::Sum,
            });
            if reissue {
                let date = match decision_date.as_deref() {
                    None => None,
                    Some(text) => Some(parse_date(text).ok_or_else(|| {
                        Refusal::new(format!(
                            "{}: {text}",
                            lang.pick(
                                "Ngày quyết định không đọc được (ngày/tháng/năm)",
                                "Unreadable decision date (dd/mm/yyyy or yyyy-mm-dd)"
                            )
                        ))
                    })?),
                };
                let name = match name {
                    Some(name) => name,
                    None => store
                        .index_set(scope.year, level)
                        .map(|(_, set)| set.name)
                        .map_err(|e| Refusal::new(e.message(lang)))?,
                };
                let decision = decision.unwrap_or_default();
                return match xlsx::reissue_index_set(
                    &mut store, &table, scope.year, level, &name, &decision, date, sums,
                ) {
                    Ok((appendix, plan)) => {
                        print_appendix(&appendix, lang);
                        print_reissue(&plan, lang);
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e @ xlsx::SheetError::Sums(_)) => {
                        for line in e.lines(lang) {
                            println!("{}", for_terminal(&line));
                        }
                        Ok(ExitCode::from(1))
                    }
                    Err(e) => Err(Refusal::lines(e.lines(lang))),
                };
            }
            let name = name.unwrap_or_else(|| {
                table
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| format!("Bộ chỉ số {}", scope.year))
            });
            let appendix = match xlsx::import_index_set(
                &mut store, &table, scope.year, level, &name, replace, sums,
            ) {
                Ok(appendix) => appendix,
                // Waiting for the officer's choice: listed on stdout, exit 1, nothing stored.
                Err(e @ xlsx::SheetError::Sums(_)) => {
                    for line in e.lines(lang) {
                        println!("{}", for_terminal(&line));
                    }
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(Refusal::lines(e.lines(lang))),
            };
            print_appendix(&appendix, lang);
            let set = &appendix.set;
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
        XlsxCommand::Form {
            file,
            scope,
            unit,
            all: _,
            out,
            force,
        } => {
            let level = parse_level(&scope.level, lang)?;
            let store = open_read(&file, lang)?;
            let written = match unit {
                Some(code) => {
                    // A folder given for one unit's form gets the form's own name inside it.
                    let out = if out.is_dir() {
                        let a = store
                            .sheet(scope.year, level, &code)
                            .map_err(|e| Refusal::new(e.message(lang)))?
                            .assessment;
                        out.join(scoring_form::form_file_name(
                            scope.year,
                            &a.unit.code,
                            &a.unit.name,
                        ))
                    } else {
                        out
                    };
                    scoring_form::export_form(&store, scope.year, level, &code, &out, force)
                        .map(|()| vec![out])
                }
                None => scoring_form::export_forms(&store, scope.year, level, &out, force),
            }
            .map_err(|e| Refusal::new(e.message(lang)))?;
            for path in &written {
                println!(
                    "{} {}",
                    lang.pick("Đã ghi biểu mẫu", "Form written to"),
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        XlsxCommand::ReadForm {
            file,
            form,
            scope,
            unit,
            dry_run,
        } => {
            let level = parse_level(&scope.level, lang)?;
            refuse_non_file(&form, lang)?;
            let access = if dry_run {
                Access::ReadOnly
            } else {
                Access::ReadWrite
            };
            let mut store = open_store(&file, access, lang)?;
            let target = scoring_form::FormTarget {
                year: scope.year,
                level,
                unit,
            };
            let plan = scoring_form::read_form(&store, &form, &target, lang)
                .map_err(|e| Refusal::lines(e.lines(lang)))?;
            print_form_plan(&plan, lang);
            if dry_run || plan.changes.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            let n = scoring_form::apply_form(&mut store, &plan)
                .map_err(|e| Refusal::new(e.message(lang)))?;
            println!(
                "{} {n} {}",
                lang.pick("Đã ghi", "Stored"),
                lang.pick("giá trị tự đánh giá", "self-assessment values")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The form's unit and every change, `~ code field: old → new`, then the count of criteria
/// it leaves as they are.
fn print_form_plan(plan: &scoring_form::FormPlan, lang: Lang) {
    println!(
        "{} {} ({}), {} {}",
        lang.pick("Biểu mẫu của", "Form of"),
        for_terminal(&plan.unit_name),
        for_terminal(&plan.unit_code),
        lang.pick("năm", "year"),
        plan.year
    );
    for c in &plan.changes {
        println!(
            "~ {} {}: {} → {}",
            for_terminal(&c.code),
            c.field.label(lang),
            for_terminal(c.old.as_deref().unwrap_or("–")),
            for_terminal(&c.new)
        );
    }
    println!(
        "{} {}, {} {}",
        plan.changes.len(),
        lang.pick("giá trị thay đổi", "values changed"),
        plan.unchanged,
        lang.pick("tiêu chí giữ nguyên", "criteria unchanged")
    );
}

/// The choices made at import and the rules proposed from the guidance, each beside its
/// sentence, for the officer to check (and change in the set editor).
fn print_appendix(appendix: &xlsx::Appendix, lang: Lang) {
    for m in &appendix.mismatches {
        println!(
            "{} {}: {} {}, {} {}",
            lang.pick("Điểm không khớp", "Mismatch"),
            for_terminal(&m.code),
            lang.pick("ghi", "printed"),
            m.printed.to_vi(),
            lang.pick("tổng", "sum"),
            m.sum.to_vi()
        );
    }
    for rule in &appendix.rules {
        println!(
            "{} {}: {} ← \"{}\"",
            lang.pick("Đề xuất", "Proposed"),
            for_terminal(&rule.code),
            rule.proposal.describe(),
            for_terminal(&crate::domain::text::shorten(&rule.sentence, 120))
        );
    }
}

/// What a re-issue kept, cleared and added: the criteria to score again, by code.
fn print_reissue(plan: &crate::store::reissue::ReissuePlan, lang: Lang) {
    let c = &plan.comparison;
    println!(
        "{} {} → {}: {} {}, {} {}, {} {}, {} {}; {} {}",
        lang.pick(
            "Đã ban hành lại bộ chỉ số, phiên bản",
            "Index set re-issued, version"
        ),
        plan.from_version,
        plan.from_version + 1,
        c.carried.len(),
        lang.pick("tiêu chí giữ điểm", "kept"),
        c.changed.len(),
        lang.pick("thay đổi", "changed"),
        c.added.len(),
        lang.pick("mới", "new"),
        c.removed.len(),
        lang.pick("bỏ", "removed"),
        plan.scores_cleared,
        lang.pick(
            "giá trị đã nhập đã xóa để chấm lại",
            "entered values cleared to score again"
        ),
    );
    for line in c.lines(lang) {
        println!("{}", for_terminal(&line));
    }
}
