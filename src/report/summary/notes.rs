//! The evidence notes of the summary as footnotes: the placeholders' values carry markers
//! that become superscript references, numbered in reading order.

use crate::report::{Block, Paragraph, Run, Style};

/// Where the `n`th note is referred to in a placeholder's value; [`footnoted`] turns it
/// into a footnote reference.
const NOTE_OPEN: char = '\u{E000}';
const NOTE_CLOSE: char = '\u{E001}';

pub(super) fn note_marker(n: usize) -> String {
    format!("{NOTE_OPEN}{n}{NOTE_CLOSE}")
}

/// Turns the note markers of the filled template into footnote references (superscript
/// runs), numbered in the order they are read; the footnotes' texts in that order. A
/// paragraph of markers only (a template that gives the notes their own paragraph) hands
/// its references to the paragraph before it.
pub(super) fn footnoted(blocks: Vec<Block>, notes: &[String]) -> (Vec<Block>, Vec<String>) {
    let mut footnotes: Vec<String> = Vec::new();
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let Block::Paragraph(paragraph) = block else {
            out.push(block);
            continue;
        };
        let mut runs: Vec<Run> = Vec::new();
        for run in paragraph.runs {
            split_markers(run, notes, &mut footnotes, &mut runs);
        }
        let only_references = runs
            .iter()
            .all(|r| r.style == Style::Superscript || r.text.trim().is_empty());
        match out.last_mut() {
            Some(Block::Paragraph(previous)) if only_references => {
                previous
                    .runs
                    .extend(runs.into_iter().filter(|r| r.style == Style::Superscript));
                merge_references(&mut previous.runs);
            }
            _ => {
                merge_references(&mut runs);
                out.push(Block::Paragraph(Paragraph { runs, ..paragraph }));
            }
        }
    }
    (out, footnotes)
}

/// Splits a run at the note markers into text runs and superscript reference runs.
fn split_markers(run: Run, notes: &[String], footnotes: &mut Vec<String>, out: &mut Vec<Run>) {
    let mut rest = run.text.as_str();
    while let Some(open) = rest.find(NOTE_OPEN) {
        let after = &rest[open + NOTE_OPEN.len_utf8()..];
        let Some(close) = after.find(NOTE_CLOSE) else {
            break;
        };
        if open > 0 {
            out.push(Run::new(run.style, &rest[..open]));
        }
        if let Some(text) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| notes.get(i))
        {
            footnotes.push(text.clone());
            out.push(Run::new(Style::Superscript, footnotes.len().to_string()));
        }
        rest = &after[close + NOTE_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Run::new(run.style, rest));
    }
}

/// Adjacent references become one: "3" "4" → "3,4".
fn merge_references(runs: &mut Vec<Run>) {
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.drain(..) {
        match merged.last_mut() {
            Some(last) if last.style == Style::Superscript && run.style == Style::Superscript => {
                last.text.push(',');
                last.text.push_str(&run.text);
            }
            _ => merged.push(run),
        }
    }
    *runs = merged;
}
