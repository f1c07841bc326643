//! Page layout: flows blocks down A4 pages and turns them into printpdf ops.
//!
//! Coordinates inside this module are points measured from the TOP of the page
//! (`y` grows downwards); they are flipped to PDF's bottom-up space only when
//! an op is emitted.
//!
//! `geometry` holds page sizes and type sizes, `pager` flows blocks down the pages and draws
//! them, `blocks` and `table` lay out each kind of block, `pdf` assembles the document and
//! serialises it.

mod blocks;
mod chart;
mod footnotes;
mod geometry;
mod keep;
mod metadata;
mod pager;
mod pdf;
mod table;

pub(crate) use pdf::{render, render_reporting};

#[cfg(test)]
mod tests {
    use printpdf::{Op, PdfPage, TextItem};

    use super::pdf::{font_ids, paginate, render};
    use crate::report::fonts::fonts;
    use crate::report::{
        Align, Block, Column, Document, Orientation, Paragraph, ReportError, Row, SignatureBlock,
        Signer, Table, Width,
    };

    fn pages(doc: &Document) -> Result<Vec<PdfPage>, ReportError> {
        let fonts = fonts()?;
        paginate(doc, fonts, font_ids(doc))
    }

    fn table(rows: usize) -> Table {
        Table {
            columns: vec![
                Column::new("STT", Width::Mm(12.0), Align::Center),
                Column::new("Đơn vị", Width::Weight(3.0), Align::Left),
                Column::new("Điểm", Width::Weight(1.0), Align::Right),
            ],
            rows: (1..=rows)
                .map(|i| Row::new(vec![i.to_string(), "Xã Thụy Hùng".into(), "99,48".into()]))
                .collect(),
            font_size: 12.0,
        }
    }

    fn signature() -> Block {
        Block::Signature(SignatureBlock {
            recipients: vec!["Như trên;".into(), "Lưu: VT.".into()],
            signers: vec![Signer {
                title_lines: vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()],
                name: "Nguyễn Văn A".into(),
            }],
        })
    }

    /// Counts the text-showing ops on a page.
    fn texts(page: &PdfPage) -> usize {
        page.ops
            .iter()
            .filter(|op| matches!(op, Op::ShowText { .. }))
            .count()
    }

    #[test]
    fn signature_block_moves_whole_with_the_last_row() {
        // Find the row count whose table fills page 1 just short of the end,
        // so the signature cannot follow it there.
        let doc = |rows| Document {
            blocks: vec![Block::Table(table(rows)), signature()],
            ..Document::default()
        };
        let rows = (1..200)
            .find(|&rows| pages(&doc(rows)).map_or(0, |p| p.len()) == 2)
            .expect("some row count needs a second page");
        let result = pages(&doc(rows)).expect("renders");
        let table_only = pages(&Document {
            blocks: vec![Block::Table(table(rows))],
            ..Document::default()
        })
        .expect("renders");
        assert_eq!(table_only.len(), 1, "the table alone fits page 1");
        // Page 2 holds the whole block and the table's last row with its repeated
        // header (nothing closes a document alone on a page): page number, header and
        // row (three cells each), "Nơi nhận:", two recipients with their dashes, two
        // title lines and the name.
        assert_eq!(texts(&result[1]), 1 + 3 + 3 + 1 + 2 * 2 + 2 + 1);
    }

    #[test]
    fn table_header_repeats_on_every_page() {
        let doc = Document {
            orientation: Orientation::Landscape,
            blocks: vec![Block::Table(table(300))],
            ..Document::default()
        };
        let result = pages(&doc).expect("renders");
        assert!(result.len() > 5);
        let title = "Đơn vị".to_string();
        for page in &result {
            let has_header = page.ops.iter().any(|op| match op {
                Op::ShowText { items } => items.contains(&TextItem::Text(title.clone())),
                _ => false,
            });
            assert!(has_header);
        }
    }

    #[test]
    fn a_landscape_appendix_follows_portrait_pages() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(Paragraph::new("Báo cáo")),
                Block::NewPage(Orientation::Landscape),
                Block::Table(table(60)),
            ],
            ..Document::default()
        };
        let result = pages(&doc).expect("renders");
        assert!(result.len() >= 3);
        let size = |page: &PdfPage| (page.media_box.width.0, page.media_box.height.0);
        let (w0, h0) = size(&result[0]);
        assert!(w0 < h0, "page 1 is portrait");
        for page in &result[1..] {
            let (w, h) = size(page);
            assert!(w > h, "the appendix is landscape");
        }
    }

    #[test]
    fn rejects_rows_wider_than_the_table() {
        let mut t = table(1);
        t.rows.push(Row::new(vec!["1".into(); 4]));
        let doc = Document {
            blocks: vec![Block::Table(t)],
            ..Document::default()
        };
        assert_eq!(
            render(&doc),
            Err(ReportError::RowTooLong {
                row: 2,
                cells: 4,
                columns: 3
            })
        );
    }

    #[test]
    fn rejects_columns_wider_than_the_page() {
        let mut t = table(1);
        t.columns[0].width = Width::Mm(200.0);
        let doc = Document {
            blocks: vec![Block::Table(t)],
            ..Document::default()
        };
        assert!(matches!(render(&doc), Err(ReportError::Columns(_))));
    }

    #[test]
    fn rejects_invalid_sizes() {
        let mut t = table(1);
        t.font_size = f32::NAN;
        let doc = Document {
            blocks: vec![Block::Table(t), Block::Spacer(-1.0)],
            ..Document::default()
        };
        assert!(matches!(render(&doc), Err(ReportError::InvalidSize { .. })));
    }

    #[test]
    fn renders_a_pdf() {
        let doc = Document {
            title: "Thử".into(),
            blocks: vec![Block::Paragraph(Paragraph::new(
                "Độc lập - Tự do - Hạnh phúc",
            ))],
            footer: Some("Mã dữ liệu: 0".into()),
            ..Document::default()
        };
        let bytes = render(&doc).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
