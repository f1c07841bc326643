//! From the document file to a printable document: loads a year's results (the one
//! function `parindex rank` and the window use), the previous year's ranks, the report
//! settings and, for scorecards, each leaf's texts and evidence; hands them to `report/`.
//! Shared by the command line, the window and the benchmark.

mod summary;

use std::collections::HashMap;
use std::path::Path;

use crate::domain::text::nfc;
use crate::domain::{Lang, Level};
use crate::report::{
    self, Document, EvidenceRef, Figures, LeafSheet, Letterhead, ReportError, UnitSheet,
};
use crate::store::documents::LeafRecords;
use crate::store::evidence::LinkedEvidence;
use crate::store::reports::ReportSettings;
use crate::store::results::YearResults;
use crate::store::{Store, StoreError};

pub use summary::build_summary;

/// Which document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bảng xếp hạng (A4 landscape).
    Ranking,
    /// Báo cáo kết quả xác định Chỉ số CCHC, with the ranking as its appendix.
    Report,
    /// Phiếu chấm điểm of one unit or of every unit.
    Scorecard,
    /// Báo cáo tổng kết of the five years ending with the chosen one.
    Summary,
}

/// Years of the summary report the window makes: a planning period (2021–2025).
pub const SUMMARY_YEARS: i32 = 5;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The report of a year whose assessments are not all final, asked for without
    /// `--draft` (the window asks first): the units not final, by name.
    #[error("not final: {}", .0.join(", "))]
    NotFinal(Vec<String>),
}

/// Whether a report of a year in progress may be made (as a "DỰ THẢO").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    Allowed,
    Refused,
}

impl DocumentError {
    /// One line in the officer's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DocumentError::Store(e) => e.message(lang),
            DocumentError::Report(ReportError::Template(names)) => format!(
                "{} {names}",
                lang.pick(
                    "Mẫu báo cáo có chỗ điền không xác định:",
                    "The report template has unknown placeholders:"
                )
            ),
            DocumentError::NotFinal(units) => format!(
                "{} {}. {}",
                lang.pick(
                    "Kết quả năm này chưa phải là kết quả cuối cùng; các đơn vị chưa có kết quả cuối cùng:",
                    "This year's results are not final; units not final yet:"
                ),
                units.join(", "),
                lang.pick(
                    "Thêm --draft để in bản dự thảo (kết quả tạm tính).",
                    "Add --draft to print a draft (provisional results)."
                )
            ),
            DocumentError::Report(e) => format!(
                "{} {e}",
                lang.pick("Không tạo được tệp PDF:", "The PDF could not be made:")
            ),
        }
    }
}

/// Builds the page model of a document. `unit` (a unit code) limits scorecards to one
/// unit; it is ignored by the other documents. The summary covers the [`SUMMARY_YEARS`]
/// years ending with `year`.
///
/// # Errors
///
/// The store's refusal (no index set that year, an unknown unit or one without an
/// assessment, a damaged file) or the report's (an unknown template placeholder).
pub fn build(
    store: &Store,
    kind: Kind,
    year: i32,
    level: Level,
    unit: Option<&str>,
) -> Result<Document, DocumentError> {
    build_with(store, kind, year, level, unit, Draft::Allowed)
}

/// [`build`], refusing the report of a year in progress unless `draft` allows it.
///
/// # Errors
///
/// As [`build`], and [`DocumentError::NotFinal`] naming the units not final.
pub fn build_with(
    store: &Store,
    kind: Kind,
    year: i32,
    level: Level,
    unit: Option<&str>,
    draft: Draft,
) -> Result<Document, DocumentError> {
    if kind == Kind::Summary {
        return build_summary(store, year - (SUMMARY_YEARS - 1), year, level, None);
    }
    // Documents are Vietnamese whatever the language of messages.
    // Rule texts are printed on scorecards only; rankings and the report need figures.
    let detail = match kind {
        Kind::Scorecard => crate::domain::scoring::Detail::Explained,
        Kind::Ranking | Kind::Report | Kind::Summary => crate::domain::scoring::Detail::Figures,
    };
    let results = store.results_with(year, level, Lang::Vi, detail)?;
    if kind == Kind::Report && draft == Draft::Refused {
        let open = not_final(&results);
        if !open.is_empty() {
            return Err(DocumentError::NotFinal(open));
        }
    }
    let previous = store.previous_year(&results, Lang::Vi)?;
    let head = letterhead(store.report_settings(year, level)?.as_ref());
    let figures = Figures {
        set: &results.set,
        rows: &results.rows,
        fingerprint: &results.fingerprint,
        previous: previous.as_ref(),
    };
    Ok(match kind {
        Kind::Ranking => report::ranking(&figures, &head),
        Kind::Report => report::annual_report(&figures, &head)?,
        Kind::Scorecard | Kind::Summary => {
            let sheets = sheets(store, &results, unit, year, level)?;
            report::scorecards(&figures, &sheets)
        }
    })
}

/// The units of a year whose assessment is not final, by name.
pub fn not_final(results: &YearResults) -> Vec<String> {
    results
        .rows
        .iter()
        .filter(|row| row.status != crate::domain::Status::Final)
        .map(|row| row.unit_name.clone())
        .collect()
}

/// The scorecard inputs of the asked unit, or of every unit in ranking order.
fn sheets(
    store: &Store,
    results: &YearResults,
    unit: Option<&str>,
    year: i32,
    level: Level,
) -> Result<Vec<UnitSheet>, StoreError> {
    let wanted: Vec<usize> = match unit {
        Some(code) => {
            let code = nfc(code);
            match results.rows.iter().position(|r| r.unit_code == code) {
                Some(index) => vec![index],
                // The store names the problem: no such unit, or no assessment that year.
                None => {
                    store.assessment(year, level, &code)?;
                    return Err(StoreError::UnknownUnit { code, year });
                }
            }
        }
        None => (0..results.rows.len()).collect(),
    };
    let mut records = store.leaf_records(results)?;
    Ok(wanted
        .into_iter()
        .map(|row| {
            let records = results
                .assessments
                .get(row)
                .and_then(|a| records.remove(&a.id))
                .unwrap_or_default();
            sheet(row, records)
        })
        .collect())
}

fn sheet(row: usize, records: LeafRecords) -> UnitSheet {
    let LeafRecords {
        scores,
        mut evidence,
    } = records;
    let mut leaves: HashMap<String, LeafSheet> = scores
        .into_iter()
        .map(|(code, score)| {
            let refs = evidence.remove(&code).unwrap_or_default();
            let evidence = refs.into_iter().map(evidence_ref).collect();
            (code, LeafSheet { score, evidence })
        })
        .collect();
    // Evidence on a leaf with no stored score yet.
    for (code, refs) in evidence {
        leaves.entry(code).or_default().evidence = refs.into_iter().map(evidence_ref).collect();
    }
    UnitSheet { row, leaves }
}

fn evidence_ref(link: LinkedEvidence) -> EvidenceRef {
    EvidenceRef {
        doc_type: link.doc.doc_type,
        number: link.doc.number,
        date: link.doc.issue_date,
        page: link.page,
    }
}

/// The report settings as the documents use them; a file without settings gets a header
/// with the number, place and date left to fill by hand.
pub fn letterhead(settings: Option<&ReportSettings>) -> Letterhead {
    let Some(s) = settings else {
        return Letterhead {
            issuer_parent: "ỦY BAN NHÂN DÂN".to_owned(),
            signer_lines: vec!["TM. ỦY BAN NHÂN DÂN".to_owned(), "CHỦ TỊCH".to_owned()],
            recipients: vec!["Lưu: VT.".to_owned()],
            ..Letterhead::default()
        };
    };
    let title = if s.signer_title.trim().is_empty() {
        "CHỦ TỊCH".to_owned()
    } else {
        s.signer_title.trim().to_uppercase()
    };
    let signer_lines = match s.signer_mode.as_str() {
        // Signing for the chairman: "KT. CHỦ TỊCH" over the deputy's own title.
        "KT" => vec!["KT. CHỦ TỊCH".to_owned(), title],
        "none" => vec![title],
        _ => {
            let org = if s.signer_org.trim().is_empty() {
                "ỦY BAN NHÂN DÂN".to_owned()
            } else {
                s.signer_org.trim().to_uppercase()
            };
            vec![format!("TM. {org}"), title]
        }
    };
    Letterhead {
        issuer_parent: s.issuer_parent.clone(),
        issuer: s.issuer.clone(),
        number: s.number.clone(),
        place: s.place.clone(),
        date: s.date,
        title: s.title.clone(),
        summary: s.summary.clone(),
        signer_lines,
        signer_name: s.signer_name.clone(),
        recipients: s.recipients.clone(),
        body_template: s.body_template.clone(),
        ranking_form: if s.ranking_signed {
            report::RankingForm::Document
        } else {
            report::RankingForm::Appendix
        },
    }
}

/// Writes a document whole or not at all (see [`crate::fs_atomic`]): `out` is either the old
/// file or the whole new one; on any failure the temporary part is removed.
///
/// # Errors
///
/// The I/O error of creating, writing, syncing or renaming.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::fs_atomic::write_bytes_atomically(out, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_lines_follow_the_signing_mode() {
        let settings = |mode: &str| ReportSettings {
            signer_mode: mode.to_owned(),
            signer_org: "Ủy ban nhân dân".to_owned(),
            signer_title: "Phó Chủ tịch".to_owned(),
            ..ReportSettings::default()
        };
        assert_eq!(
            letterhead(Some(&settings("TM"))).signer_lines,
            ["TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(
            letterhead(Some(&settings("KT"))).signer_lines,
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(
            letterhead(Some(&settings("none"))).signer_lines,
            ["PHÓ CHỦ TỊCH"]
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The target is a folder: the rename fails after the temporary file was written.
        let out = dir.path().join("folder");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("x"), b"x").expect("write");
        assert!(write_atomically(&out, b"%PDF-").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["folder"]);
    }
}
