//! The blocks of a document other than tables: the official header, the title, paragraphs
//! and the signature block.

use crate::report::text::{Line, wrap};
use crate::report::{Align, OfficialHeader, Paragraph, ReportError, SignatureBlock, Style};

use super::geometry::{
    BODY, INDENT, LEADING, MM, PARA_AFTER, RULE_GAP, SIGNATURE_SPACE, baseline_offset,
};
use super::pager::{Frame, Pager};

impl Pager<'_> {
    pub(super) fn official_header(&mut self, header: &OfficialHeader) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let width = self.width();
        let left_width = width * 0.4;
        let right_x = self.left() + left_width;
        let right_width = width - left_width;
        let left_x = self.left();
        let mut frame = Frame::default();

        // Left: issuing body, a short rule, then the number. "ỦY BAN NHÂN DÂN" above
        // "HUYỆN THẠCH AN" is one body's name, bold on both lines; a regular upper line
        // is a parent body ("BỘ NỘI VỤ" above "VỤ TỔ CHỨC CÁN BỘ").
        let parent_style = if names_one_body(&header.issuer_parent) {
            Style::Bold
        } else {
            Style::Regular
        };
        let (y, _) = frame.text(
            fonts,
            &[(parent_style, &header.issuer_parent)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            0.0,
        );
        let (left_bottom, issuer_width) = frame.text(
            fonts,
            &[(Style::Bold, &header.issuer)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            y,
        );
        let left_rule = left_bottom + RULE_GAP;
        frame.centred_rule(left_x, left_width, issuer_width / 3.0, left_rule);

        // Right: national title and motto with a rule of the motto's width.
        // 13/14 pt when the national title fits the column, else 12/13 pt.
        let national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let national_size = if fonts.face(Style::Bold).text_width(national, 13.0) <= right_width {
            13.0
        } else {
            12.0
        };
        let (y, _) = frame.text(
            fonts,
            &[(Style::Bold, national)],
            national_size,
            Align::Center,
            right_x,
            right_width,
            0.0,
        );
        let (right_bottom, motto_width) = frame.text(
            fonts,
            &[(Style::Bold, "Độc lập - Tự do - Hạnh phúc")],
            national_size + 1.0,
            Align::Center,
            right_x,
            right_width,
            y,
        );
        let right_rule = right_bottom + RULE_GAP;
        frame.centred_rule(right_x, right_width, motto_width, right_rule);

        // The number and the place-date line share a row under both rules.
        let row = left_rule.max(right_rule) + 6.0;
        frame.text(
            fonts,
            &[(Style::Regular, &header.number)],
            13.0,
            Align::Center,
            left_x,
            left_width,
            // Same baseline as the 14 pt place-date line.
            row + baseline_offset(14.0) - baseline_offset(13.0),
        );
        frame.text(
            fonts,
            &[(Style::Italic, &header.place_date)],
            14.0,
            Align::Center,
            right_x,
            right_width,
            row,
        );
        frame.height += 12.0;
        self.place(frame, "the document header")
    }

    pub(super) fn title(&mut self, title: &str, summary: Option<&str>) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let (x, width) = (self.left(), self.width());
        let mut frame = Frame::default();
        let (mut bottom, mut widest) = frame.text(
            fonts,
            &[(Style::Bold, title)],
            BODY,
            Align::Center,
            x,
            width,
            6.0,
        );
        if let Some(summary) = summary {
            let summary = crate::report::text::bind_compounds(summary);
            (bottom, widest) = frame.text(
                fonts,
                &[(Style::Bold, &summary)],
                BODY,
                Align::Center,
                x,
                width,
                bottom,
            );
        }
        frame.centred_rule(x, width, (widest / 3.0).max(30.0 * MM), bottom + RULE_GAP);
        frame.height += 12.0;
        self.place(frame, "the title")
    }

    /// Flows a paragraph line by line; `keep_with_next` is extra height that
    /// must fit below it on the same page (for headings).
    pub(super) fn paragraph(
        &mut self,
        paragraph: &Paragraph,
        keep_with_next: f32,
    ) -> Result<(), ReportError> {
        let width = self.width();
        let indent = if paragraph.indent { INDENT } else { 0.0 };
        let lines = self.paragraph_lines(paragraph);
        let line_height = BODY * LEADING;

        // No single orphaned first line at the foot of a page, and a heading
        // stays with the text it introduces.
        let mut needed = line_height * lines.len().min(2) as f32;
        if keep_with_next > 0.0 {
            needed = line_height * lines.len() as f32 + PARA_AFTER + keep_with_next;
        }
        if needed > self.remaining() && !self.is_fresh() {
            self.new_page();
        }
        // The last two lines stay with what must follow them (the signature).
        let tail_from = lines.len().saturating_sub(2);
        let tail = line_height * (lines.len() - tail_from) as f32 + PARA_AFTER + self.keep_tail;

        for (i, line) in lines.iter().enumerate() {
            if i == tail_from && self.keep_tail > 0.0 && tail > self.remaining() && !self.is_fresh()
            {
                self.new_page();
            }
            self.fit_line(line, line_height)?;
            let first_indent = if i == 0 { indent } else { 0.0 };
            let baseline = self.y + baseline_offset(BODY);
            let x = self.left() + first_indent;
            self.draw_line(
                line,
                x,
                baseline,
                BODY,
                width - first_indent,
                paragraph.align,
            );
            self.y += line_height;
        }
        self.y += PARA_AFTER;
        Ok(())
    }

    pub(super) fn signature(&mut self, block: &SignatureBlock) -> Result<(), ReportError> {
        let frame = self.signature_frame(block);
        self.place(frame, "the signature block")
    }

    /// The signature block laid out, not yet placed (its height is what the last lines
    /// before it keep room for).
    pub(super) fn signature_frame(&self, block: &SignatureBlock) -> Frame {
        let fonts = self.fonts;
        let width = self.width();
        let mut x = self.left();
        let top = 6.0;
        let mut frame = Frame::default();

        let signer_columns = block.signers.len().max(1) as f32;
        let signer_width = if block.recipients.is_empty() {
            width / signer_columns
        } else {
            // "Nơi nhận" takes the left 45 %, the signers share the rest.
            let recipients_width = width * 0.45;
            let (mut y, _) = frame.text(
                fonts,
                &[(Style::BoldItalic, "Nơi nhận:")],
                12.0,
                Align::Left,
                x,
                recipients_width,
                top,
            );
            // Each recipient is "- …" with wrapped lines hanging under the text.
            let dash = "- ";
            let dash_width = fonts.face(Style::Regular).text_width(dash, 11.0);
            for recipient in &block.recipients {
                frame.text(
                    fonts,
                    &[(Style::Regular, dash)],
                    11.0,
                    Align::Left,
                    x,
                    dash_width,
                    y,
                );
                (y, _) = frame.text(
                    fonts,
                    &[(Style::Regular, recipient)],
                    11.0,
                    Align::Left,
                    x + dash_width,
                    recipients_width - dash_width,
                    y,
                );
            }
            x += recipients_width;
            (width - recipients_width) / signer_columns
        };

        for signer in &block.signers {
            let mut y = top;
            for title_line in &signer.title_lines {
                (y, _) = frame.text(
                    fonts,
                    &[(Style::Bold, title_line)],
                    BODY,
                    Align::Center,
                    x,
                    signer_width,
                    y,
                );
            }
            frame.text(
                fonts,
                &[(Style::Bold, &signer.name)],
                BODY,
                Align::Center,
                x,
                signer_width,
                y + SIGNATURE_SPACE,
            );
            x += signer_width;
        }
        frame
    }

    /// A paragraph's lines at the text width, its first line indented if asked.
    fn paragraph_lines(&self, paragraph: &Paragraph) -> Vec<Line> {
        let runs: Vec<(Style, &str)> = paragraph
            .runs
            .iter()
            .map(|run| (run.style, run.text.as_str()))
            .collect();
        let width = self.width();
        let indent = if paragraph.indent { INDENT } else { 0.0 };
        wrap(self.fonts, &runs, BODY, width - indent, width)
    }

    /// Height of a paragraph as [`Pager::paragraph`] places it on an empty page.
    pub(super) fn paragraph_height(&self, paragraph: &Paragraph) -> f32 {
        let lines = self.paragraph_lines(paragraph);
        lines.len() as f32 * BODY * LEADING + PARA_AFTER
    }
}

/// Whether the upper line of an issuer is the first half of one body's name (a people's
/// committee or council) rather than a parent body.
fn names_one_body(parent: &str) -> bool {
    let parent = parent.trim().to_uppercase();
    [
        "ỦY BAN NHÂN DÂN",
        "UỶ BAN NHÂN DÂN",
        "UBND",
        "HỘI ĐỒNG NHÂN DÂN",
        "HĐND",
    ]
    .iter()
    .any(|name| parent == *name)
}
