//! Footnotes at the foot of the page, as Word puts them: a line of body text that refers
//! to a footnote is placed only where the footnote's text begins below it on the same page
//! (what does not fit continues at the foot of the next page); the page's notes are drawn
//! under a short rule at the bottom of the text area, above the footer.

use crate::report::text::{Line, wrap};
use crate::report::{Align, ReportError, Style};

use super::geometry::{BODY, LEADING, MM, baseline_offset};
use super::pager::Pager;

/// Footnote text size (the body is 14 pt).
const NOTE_SIZE: f32 = 12.0;
/// Space above the rule that separates the notes from the body, and below it.
const RULE_ABOVE: f32 = 8.0;
const RULE_BELOW: f32 = 3.0;
/// Length of that rule (Word's is 2 inches).
const RULE_LENGTH: f32 = 50.0 * MM;

/// The footnote numbers a line refers to: its superscript spans, "3" or "3,4".
fn references(line: &Line) -> Vec<usize> {
    line.words
        .iter()
        .flat_map(|word| &word.spans)
        .filter(|span| span.style == Style::Superscript)
        .flat_map(|span| span.text.split(','))
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

impl Pager<'_> {
    /// Makes room for a body line of `line_height` and for the footnotes it refers to:
    /// the line goes where at least two lines of its notes fit below it (else to the next
    /// page); note lines that do not fit continue at the foot of the next page, as Word
    /// continues them.
    pub(super) fn fit_line(&mut self, line: &Line, line_height: f32) -> Result<(), ReportError> {
        let numbers: Vec<usize> = references(line)
            .into_iter()
            .filter(|n| self.footnotes.get(n.wrapping_sub(1)).is_some())
            .collect();
        if numbers.is_empty() {
            return self.fit(line_height, "a line of text");
        }
        let notes: Vec<Vec<Line>> = numbers.iter().map(|&n| self.note_lines(n)).collect();
        // Every note begins on this page (two lines of it, or all it has); only the last
        // may continue on the next.
        let begin: usize = notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i + 1 == notes.len() {
                    n.len().min(2)
                } else {
                    n.len()
                }
            })
            .sum();
        let mut lines: Vec<Line> = notes.into_iter().flatten().collect();
        let note_line = NOTE_SIZE * LEADING;
        let separator = RULE_ABOVE + RULE_BELOW;
        // How many note lines fit below the line on this page.
        let fitting = |pager: &Self| {
            let rule = if pager.page_notes.is_empty() {
                separator
            } else {
                0.0
            };
            let room = pager.remaining() - line_height - rule;
            if room < 0.0 {
                0
            } else {
                (room / note_line + 1e-3).floor() as usize
            }
        };
        if fitting(self) < begin && !self.is_fresh() {
            self.new_page();
        }
        let fits = fitting(self);
        if fits == 0 {
            return Err(ReportError::TooTall("a footnote"));
        }
        if self.page_notes.is_empty() {
            self.notes_height += separator;
        }
        let carried = lines.split_off(fits.min(lines.len()));
        self.notes_height += lines.len() as f32 * note_line;
        self.page_notes.extend(lines);
        self.notes_carry.extend(carried);
        Ok(())
    }

    /// Footnote `n`'s text wrapped at the text width, led by its raised number.
    fn note_lines(&self, n: usize) -> Vec<Line> {
        let text = self
            .footnotes
            .get(n.wrapping_sub(1))
            .map_or("", String::as_str);
        let number = n.to_string();
        let width = self.width();
        wrap(
            self.fonts,
            &[
                (Style::Superscript, &number),
                (Style::Regular, &format!(" {text}")),
            ],
            NOTE_SIZE,
            width,
            width,
        )
    }

    /// Starts a new page's notes with the lines carried over from the page before, leaving
    /// room for three lines of body text.
    pub(super) fn continue_notes(&mut self) {
        if self.notes_carry.is_empty() {
            return;
        }
        let note_line = NOTE_SIZE * LEADING;
        let text_height = self.page_height - self.margins.top - self.margins.bottom;
        let room = text_height - 3.0 * BODY * LEADING - RULE_ABOVE - RULE_BELOW;
        let fits = ((room / note_line).floor().max(1.0) as usize).min(self.notes_carry.len());
        let rest = self.notes_carry.split_off(fits);
        let lines = std::mem::replace(&mut self.notes_carry, rest);
        self.notes_height = RULE_ABOVE + RULE_BELOW + lines.len() as f32 * note_line;
        self.page_notes = lines;
    }

    /// Draws the current page's footnotes at the bottom of its text area and forgets them.
    pub(super) fn draw_notes(&mut self) {
        if self.page_notes.is_empty() {
            return;
        }
        let (x, width) = (self.left(), self.width());
        let top = self.page_height - self.margins.bottom - self.notes_height;
        let rule_y = top + RULE_ABOVE;
        self.rule(x, rule_y, x + RULE_LENGTH, rule_y);
        let mut y = rule_y + RULE_BELOW;
        let line_height = NOTE_SIZE * LEADING;
        for line in std::mem::take(&mut self.page_notes) {
            let baseline = y + baseline_offset(NOTE_SIZE);
            self.draw_line(&line, x, baseline, NOTE_SIZE, width, Align::Justify);
            y += line_height;
        }
        self.notes_height = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use printpdf::{Op, PdfPage, TextItem, TextMatrix};

    use crate::report::fonts::fonts;
    use crate::report::layout::pdf::{font_ids, paginate};
    use crate::report::{Block, Document, Paragraph, Run, Style};

    /// Each text shown on a page with its baseline (PDF units, from the bottom).
    fn texts(page: &PdfPage) -> Vec<(String, f32)> {
        let mut y = 0.0;
        let mut out = Vec::new();
        for op in &page.ops {
            match op {
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(_, ty),
                } => y = ty.0,
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(text) = item {
                            out.push((text.clone(), y));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn a_footnote_sits_at_the_foot_of_its_references_page() {
        let filler = "Nội dung báo cáo về cải cách hành chính của huyện trong năm. ".repeat(9);
        let mut blocks: Vec<Block> = (0..7)
            .map(|_| Block::Paragraph(Paragraph::new(filler.clone())))
            .collect();
        blocks.push(Block::Paragraph(Paragraph::runs(vec![
            Run::new(Style::Regular, "Kết quả giải quyết hồ sơ đúng hạn."),
            Run::new(Style::Superscript, "1"),
        ])));
        blocks.push(Block::Paragraph(Paragraph::new(filler)));
        let doc = Document {
            blocks,
            footnotes: vec!["Kế hoạch số 17/KH-UBND ngày 08/01/2021.".into()],
            ..Document::default()
        };
        let pages = paginate(&doc, fonts().expect("fonts"), font_ids(&doc)).expect("renders");
        assert!(pages.len() >= 2);
        let page = pages
            .iter()
            .find(|p| texts(p).iter().any(|(t, _)| t.contains("đúng hạn.")))
            .expect("the reference is drawn");
        let shown = texts(page);
        let note = shown
            .iter()
            .find(|(t, _)| t.contains("17/KH-UBND"))
            .expect("the note is on the reference's page");
        let lowest_body = shown
            .iter()
            .filter(|(t, _)| !t.contains("17/KH-UBND") && t != "1")
            .map(|(_, y)| *y)
            .fold(f32::MAX, f32::min);
        assert!(note.1 < lowest_body, "the note is below every body line");
    }
}
