//! `parindex explain`: the tree of points of one unit, with the rule behind each figure.

use std::path::Path;
use std::process::ExitCode;

use super::{Format, Refusal, Scope, open_read, parse_level};
use crate::domain::explain::unit_tree;
use crate::domain::scoring::fmt_points;
use crate::domain::text::for_terminal;
use crate::domain::{Explained, Lang, Points};

pub fn run(
    file: &Path,
    scope: &Scope,
    unit: &str,
    format: Format,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let level = parse_level(&scope.level, lang)?;
    let store = open_read(file, lang)?;
    let results = store
        .results(scope.year, level, lang)
        .map_err(|e| Refusal::new(e.message(lang)))?;
    let code = crate::domain::text::nfc(unit);
    let Some((row, _)) = results.row_of(&code) else {
        let error = store
            .assessment(scope.year, level, &code)
            .err()
            .map(|e| e.message(lang))
            .unwrap_or_else(|| code.clone());
        return Err(Refusal::new(error));
    };
    let root = unit_tree(row, &results.set.name, lang);
    match format {
        Format::Json | Format::Csv => {
            let text =
                serde_json::to_string_pretty(&root).map_err(|e| Refusal::new(e.to_string()))?;
            println!("{text}");
        }
        Format::Text => {
            let mut out = String::new();
            write_text(&root, 0, lang, &mut out);
            print!("{out}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(node: &Explained, depth: usize, lang: Lang, out: &mut String) {
    let pts = |p: Option<Points>| p.map_or_else(|| "-".into(), |p| fmt_points(p, lang));
    // Codes, titles and rules come from the file: each line escaped for the terminal.
    let line = format!(
        "{}{} {} [{} {}; {} {}; {} {}; {} {}]{}",
        "  ".repeat(depth),
        node.code,
        node.title,
        lang.pick("tối đa", "max"),
        pts(Some(node.max_points)),
        lang.pick("tự ĐG", "self"),
        pts(node.self_points),
        lang.pick("vòng 1", "round 1"),
        pts(node.appraised_points),
        lang.pick("cuối", "final"),
        pts(node.final_points),
        if node.na {
            lang.pick(" (không phát sinh)", " (did not arise)")
        } else {
            ""
        }
    );
    out.push_str(&for_terminal(&line));
    out.push('\n');
    let rule = format!("{}  → {}", "  ".repeat(depth), node.rule);
    out.push_str(&for_terminal(&rule));
    out.push('\n');
    for child in &node.children {
        write_text(child, depth + 1, lang, out);
    }
}
