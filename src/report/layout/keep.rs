//! What the end of a block keeps with: a table's last row with the notes and signature
//! after it, a paragraph's last lines with the signature. A page never holds only a legend,
//! a note or a signature.

use crate::report::Block;

use super::geometry::MM;
use super::pager::Pager;

/// Share of a page's text height that trailing notes may take and still move as one with
/// the last row of their table; longer notes flow like body text.
const GROUP_SHARE: f32 = 0.8;

impl Pager<'_> {
    /// The height that must fit on the page below the end of `blocks[at]`, or 0.
    pub(super) fn tail_after(&self, blocks: &[Block], at: usize) -> f32 {
        let next = blocks.get(at + 1);
        match blocks.get(at) {
            Some(Block::Table(_)) => {
                let group = self.trailing_group(&blocks[at + 1..]);
                match (group, next) {
                    (Some(height), _) => height,
                    (None, Some(Block::Signature(signature))) => {
                        self.signature_frame(signature).height
                    }
                    // Notes too long to move whole: at least the first one stays with the
                    // last row.
                    (None, Some(Block::Paragraph(paragraph))) => self.paragraph_height(paragraph),
                    (None, _) => 0.0,
                }
            }
            Some(Block::Paragraph(_)) => match next {
                Some(Block::Signature(signature)) => self.signature_frame(signature).height,
                _ => 0.0,
            },
            _ => 0.0,
        }
    }

    /// The height of the notes (and signature) that close a table's part of the document,
    /// if they are short enough to move together.
    fn trailing_group(&self, blocks: &[Block]) -> Option<f32> {
        let page = self.page_height - self.margins.top - self.margins.bottom;
        let mut height = 0.0;
        for block in blocks {
            match block {
                Block::Paragraph(paragraph) => height += self.paragraph_height(paragraph),
                Block::Spacer(mm) => height += mm * MM,
                Block::Signature(signature) => {
                    height += self.signature_frame(signature).height;
                    break;
                }
                Block::NewPage(_) | Block::PageBreak | Block::NextDocument => break,
                _ => return None,
            }
        }
        (height > 0.0 && height <= page * GROUP_SHARE).then_some(height)
    }
}
