//! Footnotes at the foot of the page, as Word puts them: a line of body text that refers
//! to a footnote is placed only where the footnote's text fits below it on the same page;
//! the page's notes are drawn under a short rule at the bottom of the text area, above
//! the footer.

use crate::report::text::{Line, wrap};
use crate::report::{Align, ReportError, Style};

use super::geometry::{LEADING, MM, baseline_offset};
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
    /// Makes room for a body line of `line_height` and for the footnotes it refers to that
    /// are not yet on this page, starting a new page if they do not all fit; then counts
    /// those notes as the page's.
    pub(super) fn fit_line(&mut self, line: &Line, line_height: f32) -> Result<(), ReportError> {
        let numbers: Vec<usize> = references(line)
            .into_iter()
            .filter(|n| self.footnotes.get(n.wrapping_sub(1)).is_some())
            .collect();
        if numbers.is_empty() {
            return self.fit(line_height, "a line of text");
        }
        let notes: Vec<(usize, Vec<Line>)> =
            numbers.iter().map(|&n| (n, self.note_lines(n))).collect();
        let lines: usize = notes.iter().map(|(_, lines)| lines.len()).sum();
        let text = lines as f32 * NOTE_SIZE * LEADING;
        let separator = RULE_ABOVE + RULE_BELOW;
        let needed = |pager: &Self| {
            let rule = if pager.page_notes.is_empty() {
                separator
            } else {
                0.0
            };
            line_height + text + rule
        };
        if needed(self) > self.remaining() && !self.is_fresh() {
            self.new_page();
        }
        if needed(self) > self.remaining() {
            return Err(ReportError::TooTall("a footnote"));
        }
        if self.page_notes.is_empty() {
            self.notes_height += separator;
        }
        self.notes_height += text;
        self.page_notes.extend(notes);
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
        for (_, lines) in std::mem::take(&mut self.page_notes) {
            for line in &lines {
                let baseline = y + baseline_offset(NOTE_SIZE);
                self.draw_line(line, x, baseline, NOTE_SIZE, width, Align::Justify);
                y += line_height;
            }
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
