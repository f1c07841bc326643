//! `parindex rank`: the ranking of a year and level as text, JSON or CSV.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{Format, Refusal, Scope, open_read, parse_level};
use crate::domain::text::for_terminal;
use crate::domain::{Lang, Points};
use crate::store::results::YearResults;

/// One row as the JSON and CSV outputs carry it (keys fixed by the command-line contract).
#[derive(Serialize)]
struct RankRow<'a> {
    rank: Option<u32>,
    unit_code: &'a str,
    unit_name: &'a str,
    self_points: String,
    appraised_points: Option<String>,
    survey_points: String,
    bonus: String,
    penalty: String,
    max_points: String,
    index_percent: Option<String>,
    classification: Option<&'a str>,
    status: &'static str,
}

fn rows(results: &YearResults) -> Vec<RankRow<'_>> {
    results
        .rows
        .iter()
        .map(|r| RankRow {
            rank: r.rank,
            unit_code: &r.unit_code,
            unit_name: &r.unit_name,
            self_points: r.totals.self_points.to_plain(),
            appraised_points: r.totals.appraised_points.map(Points::to_plain),
            survey_points: r.totals.survey_points.to_plain(),
            bonus: r.totals.bonus.to_plain(),
            penalty: r.totals.penalty.to_plain(),
            max_points: r.totals.max_points.to_plain(),
            index_percent: r.totals.index.map(|i| i.to_plain()),
            classification: r.classification.as_deref(),
            status: r.status.as_str(),
        })
        .collect()
}

pub fn run(file: &Path, scope: &Scope, format: Format, lang: Lang) -> Result<ExitCode, Refusal> {
    let level = parse_level(&scope.level, lang)?;
    let store = open_read(file, lang)?;
    let results = store
        .results_with(
            scope.year,
            level,
            lang,
            crate::domain::scoring::Detail::Figures,
        )
        .map_err(|e| Refusal::new(e.message(lang)))?;
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&rows(&results))
                .map_err(|e| Refusal::new(e.to_string()))?;
            println!("{text}");
        }
        Format::Csv => print!("{}", csv(&results)),
        Format::Text => print!("{}", text(&results, lang)),
    }
    Ok(ExitCode::SUCCESS)
}

fn csv(results: &YearResults) -> String {
    let mut out = String::from(
        "rank,unit_code,unit_name,self_points,appraised_points,survey_points,bonus,penalty,max_points,index_percent,classification,status\n",
    );
    for r in rows(results) {
        let fields = [
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.unit_code.to_owned(),
            r.unit_name.to_owned(),
            r.self_points,
            r.appraised_points.unwrap_or_default(),
            r.survey_points,
            r.bonus,
            r.penalty,
            r.max_points,
            r.index_percent.unwrap_or_default(),
            r.classification.unwrap_or_default().to_owned(),
            r.status.to_owned(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| crate::exchange::csv::field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

fn text(results: &YearResults, lang: Lang) -> String {
    let set = &results.set;
    let mut out = format!(
        "{} — {} {} ({} {})\n",
        for_terminal(&set.name),
        lang.pick("năm", "year"),
        set.year,
        lang.pick("mã dữ liệu", "fingerprint"),
        results.fingerprint
    );
    let header = [
        lang.pick("Hạng", "Rank"),
        lang.pick("Mã", "Code"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Tự ĐG", "Self"),
        lang.pick("Thẩm định", "Appraised"),
        lang.pick("ĐTXHH", "Survey"),
        lang.pick("Thưởng", "Bonus"),
        lang.pick("Trừ", "Penalty"),
        lang.pick("Chỉ số %", "Index %"),
        lang.pick("Xếp loại", "Class"),
        lang.pick("Trạng thái", "Status"),
    ];
    let mut table: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    let num = |p: Points| match lang {
        Lang::Vi => p.to_vi(),
        Lang::En => p.to_plain(),
    };
    for r in &results.rows {
        table.push(vec![
            r.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into()),
            // Names from the file, escaped before the widths are measured.
            for_terminal(&r.unit_code).into_owned(),
            for_terminal(&r.unit_name).into_owned(),
            num(r.totals.self_points),
            r.totals
                .appraised_points
                .map(num)
                .unwrap_or_else(|| "-".into()),
            num(r.totals.survey_points),
            num(r.totals.bonus),
            num(r.totals.penalty),
            r.totals
                .index
                .map(|i| {
                    if lang == Lang::Vi {
                        i.to_vi()
                    } else {
                        i.to_plain()
                    }
                })
                .unwrap_or_else(|| "-".into()),
            r.classification
                .as_deref()
                .map_or_else(|| "-".into(), |c| for_terminal(c).into_owned()),
            r.status.label(lang).to_owned(),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c].saturating_sub(cell.chars().count());
                if c == 2 || c >= 9 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    for (name, count) in crate::domain::ranking::class_counts(set, &results.rows) {
        out.push_str(&format!("{}: {count}  ", for_terminal(&name)));
    }
    out.push('\n');
    out
}
