//! Document assembly and serialisation: fonts embedded, pages laid out, streams compressed.

use std::hash::{DefaultHasher, Hash, Hasher};

use printpdf::{FontId, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};

use crate::report::fonts::{Fonts, fonts};
use crate::report::{Block, Document, ReportError};

use super::pager::Pager;

/// Lays out `doc` and serialises it.
pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    render_reporting(doc, &mut |_, _| {})
}

/// [`render`], calling `progress(done, total)` as it lays out: in documents (the parts
/// between [`Block::NextDocument`], a batch of scorecards: one per unit), or in blocks for a
/// single document. Compressing and serialising follow the last call (`done == total`).
pub(crate) fn render_reporting(
    doc: &Document,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let mut pdf = PdfDocument::new(&fonts.clean(&doc.title));
    pdf.metadata.info.creator = "parindex".to_owned();
    pdf.metadata.info.producer = "parindex (printpdf)".to_owned();
    // printpdf embeds only the faces that are actually used, each subset to
    // the glyphs drawn.
    let ids = font_ids(doc);
    for (id, face) in ids.iter().zip(fonts.faces()) {
        let font = PdfFont::new(face.parsed.clone());
        pdf.resources.fonts.map.insert(id.clone(), font);
    }

    let pages = paginate_reporting(doc, fonts, ids, progress)?;
    pdf.with_pages(pages);

    // printpdf's `optimize` compresses every stream at flate level 9 in one thread, the
    // largest single cost of a 600-scorecard batch. Page streams are repetitive text
    // operators: level 1 on every core keeps most of the gain at a fraction of the time.
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut lopdf = pdf.to_lopdf_document(&options, &mut Vec::new());
    super::metadata::describe(&mut lopdf, doc, chrono::Local::now().fixed_offset());
    compress_streams(&mut lopdf);
    let mut bytes = Vec::new();
    lopdf
        .save_to(&mut bytes)
        .map_err(|e| ReportError::Save(e.to_string()))?;
    Ok(bytes)
}

/// Flate-compresses the streams lopdf allows to compress, as `lopdf::Document::compress`
/// does, at level 1 and in parallel.
pub(super) fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;

    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for stream in part.iter_mut() {
                    let mut encoder = flate2::write::ZlibEncoder::new(
                        Vec::with_capacity(stream.content.len() / 3),
                        flate2::Compression::fast(),
                    );
                    let compressed = encoder
                        .write_all(&stream.content)
                        .and_then(|()| encoder.finish());
                    // As lopdf does: keep the raw stream unless compression pays.
                    if let Ok(compressed) = compressed
                        && compressed.len() + 19 < stream.content.len()
                    {
                        stream.dict.set("Filter", "FlateDecode");
                        stream.set_content(compressed);
                    }
                }
            });
        }
    });
}

/// Flows the blocks into pages of printpdf ops.
#[cfg(test)]
pub(super) fn paginate(
    doc: &Document,
    fonts: &Fonts,
    ids: [FontId; 4],
) -> Result<Vec<PdfPage>, ReportError> {
    paginate_reporting(doc, fonts, ids, &mut |_, _| {})
}

/// Flows the blocks into pages, telling `progress` as in [`render_reporting`].
fn paginate_reporting(
    doc: &Document,
    fonts: &Fonts,
    ids: [FontId; 4],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PdfPage>, ReportError> {
    let is_next = |b: &Block| matches!(b, Block::NextDocument);
    let parts = 1 + doc.blocks.iter().filter(|b| is_next(b)).count();
    let total = if parts > 1 { parts } else { doc.blocks.len() };
    progress(0, total);
    let mut pager = Pager::new(fonts, ids, doc.orientation);
    pager.footnotes.clone_from(&doc.footnotes);
    let mut parts_done = 0;
    for (at, block) in doc.blocks.iter().enumerate() {
        pager.keep_tail = pager.tail_after(&doc.blocks, at);
        pager.block(block)?;
        if parts == 1 {
            progress(at + 1, total);
        } else if is_next(block) {
            parts_done += 1;
            progress(parts_done, total);
        }
    }
    let pages = pager.finish(doc.footer.as_deref());
    progress(total, total);
    Ok(pages)
}

/// Font resource names for the four faces.
///
/// `PdfDocument::add_font` names fonts with 32 random characters, which are
/// repeated in every `Tf` of every content stream, and printpdf takes the
/// first six characters of that name as the subset tag (`ABCDEF+Name`).
/// Six capital letters derived from the document are shorter, a valid tag,
/// distinct per face, and the same for the same document.
pub(super) fn font_ids(doc: &Document) -> [FontId; 4] {
    // The title and the footer (which carries the data fingerprint) identify a document
    // well enough; Debug-formatting the whole block list to hash it was a visible share
    // of a 600-scorecard batch.
    let mut hasher = DefaultHasher::new();
    (&doc.title, &doc.footer, doc.blocks.len()).hash(&mut hasher);
    let seed = hasher.finish();
    std::array::from_fn(|face| {
        let mut hasher = DefaultHasher::new();
        (seed, face).hash(&mut hasher);
        let mut bits = hasher.finish();
        let tag = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (bits % 26) as u8);
                bits /= 26;
                letter
            })
            .collect();
        FontId(tag)
    })
}
