//! The document information a reader shows: title, author (the issuing body), subject (the
//! summary line), language vi-VN and the real creation date. printpdf writes an empty
//! `GTS_PDFXVersion`, which makes readers report a PDF/X subtype, and dates of 1970; both
//! are replaced here.

use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Object, StringFormat};

use crate::report::{Block, Document};

/// Rewrites the Info dictionary and sets the catalog's language.
pub(super) fn describe(pdf: &mut lopdf::Document, doc: &Document, now: DateTime<FixedOffset>) {
    let mut info = Dictionary::new();
    info.set("Title", text(&doc.title));
    if let Some(author) = author(doc) {
        info.set("Author", text(&author));
    }
    if let Some(subject) = subject(doc) {
        info.set("Subject", text(&subject));
    }
    info.set("Creator", text("parindex"));
    info.set("Producer", text("parindex (printpdf)"));
    let date = date(now);
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    let info_id = pdf.add_object(info);
    pdf.trailer.set("Info", Object::Reference(info_id));
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("Lang", Object::string_literal("vi-VN"));
    }
}

/// "Ủy ban nhân dân huyện Thạch An" from the first header: "ỦY BAN NHÂN DÂN" +
/// "HUYỆN THẠCH AN" in running text.
fn author(doc: &Document) -> Option<String> {
    doc.blocks.iter().find_map(|block| match block {
        Block::OfficialHeader(header) => {
            let name = crate::report::inputs::body_in_text(&header.issuer_parent, &header.issuer);
            (!name.is_empty()).then_some(name)
        }
        _ => None,
    })
}

/// The title's summary line, or the title itself.
fn subject(doc: &Document) -> Option<String> {
    doc.blocks.iter().find_map(|block| match block {
        Block::Title { title, summary } => Some(summary.clone().unwrap_or_else(|| title.clone())),
        _ => None,
    })
}

/// PDF text strings as UTF-16BE with its byte order mark, so Vietnamese letters survive.
fn text(value: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in value.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// "D:20250523093000+07'00'".
fn date(now: DateTime<FixedOffset>) -> String {
    let offset = now.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs() / 60;
    format!(
        "D:{}{sign}{:02}'{:02}'",
        now.format("%Y%m%d%H%M%S"),
        offset / 60,
        offset % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_their_offset() {
        let now = DateTime::parse_from_rfc3339("2025-05-23T09:30:00+07:00").expect("date");
        assert_eq!(date(now), "D:20250523093000+07'00'");
    }
}
