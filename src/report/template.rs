//! The report body template: plain text with `{name}` placeholders for computed figures.
//!
//! Paragraphs are separated by blank lines; a paragraph starting with `# ` is a bold
//! heading; lines starting with `//` are notes to the editor and are not printed;
//! `{{` and `}}` print a brace. A paragraph that is empty once filled (an optional figure
//! such as `{tam_tinh}` with nothing to say) is left out.

use std::collections::BTreeSet;

use super::{Block, ReportError};

/// The built-in template, Vietnamese, modelled on a district's yearly report.
pub const DEFAULT: &str = include_str!("../../assets/templates/bao-cao.txt");

/// Fills `template` with `values` (name → text) and turns it into blocks.
///
/// # Errors
///
/// [`ReportError::Template`] naming every placeholder that has no value, or a brace
/// left open.
pub fn fill(template: &str, values: &[(&str, String)]) -> Result<Vec<Block>, ReportError> {
    let text: String = template
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::with_capacity(text.len() * 2);
    let mut unknown = BTreeSet::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    unknown.insert(format!("{{{}", name.trim()));
                    continue;
                }
                let name = name.trim();
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        unknown.insert(format!("{{{name}}}"));
                    }
                }
            }
            c => out.push(c),
        }
    }
    if !unknown.is_empty() {
        return Err(ReportError::Template(
            unknown.into_iter().collect::<Vec<_>>().join(", "),
        ));
    }
    Ok(paragraphs(&out))
}

/// Splits filled text into heading and paragraph blocks; lines inside a paragraph are
/// joined with spaces so the paragraph is justified as one.
fn paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        let joined = current
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        current.clear();
        let joined = joined.trim();
        if joined.is_empty() {
            return;
        }
        match joined.strip_prefix("# ") {
            Some(heading) => blocks.push(Block::Heading(heading.trim().to_owned())),
            None => blocks.push(Block::Paragraph(super::Paragraph::new(joined))),
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut blocks);
        } else {
            current.push(line);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!("H:{h}"),
                Block::Paragraph(p) => p.runs.iter().map(|r| r.text.clone()).collect(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn fills_placeholders_and_splits_paragraphs() {
        let template =
            "// note\n# I. KẾT QUẢ\n\nNăm {nam} có\n{so_don_vi} đơn vị {{x}}.\n\n{trong}\n";
        let values = [
            ("nam", "2024".to_owned()),
            ("so_don_vi", "14".to_owned()),
            ("trong", String::new()),
        ];
        let blocks = fill(template, &values).expect("fills");
        assert_eq!(
            texts(&blocks),
            ["H:I. KẾT QUẢ", "Năm 2024 có 14 đơn vị {x}."]
        );
    }

    #[test]
    fn unknown_placeholders_are_named() {
        let error = fill("{nam} {ten_sai} {khac} {mo", &[("nam", "1".to_owned())]);
        assert_eq!(
            error.err(),
            Some(ReportError::Template("{khac}, {mo, {ten_sai}".to_owned()))
        );
    }

    #[test]
    fn the_default_template_uses_known_placeholders_only() {
        let names = super::super::annual::PLACEHOLDERS;
        let values: Vec<(&str, String)> = names.iter().map(|n| (*n, "x".to_owned())).collect();
        assert!(fill(DEFAULT, &values).is_ok());
    }
}
