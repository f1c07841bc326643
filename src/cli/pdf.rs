//! `parindex pdf ranking|report|scorecard`: the printable documents. Figures come from
//! `Store::results`, the function `parindex rank` prints, so paper and screen agree. The
//! PDF is written to a temporary file beside the target and renamed, so a failure never
//! leaves half a document under the asked name.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{Refusal, Scope, open_read, parse_level};
use crate::domain::Lang;
use crate::domain::text::nfc;
use crate::report::{self, EvidenceRef, Figures, LeafSheet, Letterhead, UnitSheet};
use crate::store::Store;
use crate::store::documents::LeafRecords;
use crate::store::reports::ReportSettings;
use crate::store::results::YearResults;

/// Which document to make.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bảng xếp hạng (A4 landscape).
    Ranking,
    /// Báo cáo kết quả xác định Chỉ số CCHC, with the ranking as its appendix.
    Report,
    /// Phiếu chấm điểm of one unit (--unit) or of every unit.
    Scorecard,
}

pub fn run(
    kind: Kind,
    file: &Path,
    scope: &Scope,
    unit: Option<&str>,
    out: &Path,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let level = parse_level(&scope.level, lang)?;
    if unit.is_some() && kind != Kind::Scorecard {
        return Err(Refusal(
            lang.pick(
                "--unit chỉ dùng với phiếu chấm điểm (scorecard)",
                "--unit applies to the scorecard only",
            )
            .to_owned(),
        ));
    }
    let store = open_read(file, lang)?;
    let refuse = |e: crate::store::StoreError| Refusal(e.message(lang));
    // Documents are Vietnamese whatever the language of messages.
    let results = store.results(scope.year, level, Lang::Vi).map_err(refuse)?;
    let previous = store.previous_year(&results, Lang::Vi).map_err(refuse)?;
    let head = letterhead(
        store
            .report_settings(scope.year, level)
            .map_err(refuse)?
            .as_ref(),
    );
    let figures = Figures {
        set: &results.set,
        rows: &results.rows,
        fingerprint: &results.fingerprint,
        previous: previous.as_ref(),
    };
    let document = match kind {
        Kind::Ranking => report::ranking(&figures, &head),
        Kind::Report => report::annual_report(&figures, &head).map_err(|e| match e {
            report::ReportError::Template(names) => Refusal(format!(
                "{} {names}",
                lang.pick(
                    "Mẫu báo cáo có chỗ điền không xác định:",
                    "The report template has unknown placeholders:"
                )
            )),
            other => Refusal(other.to_string()),
        })?,
        Kind::Scorecard => {
            let sheets = sheets(&store, &results, unit, scope, level, lang)?;
            report::scorecards(&figures, &sheets)
        }
    };
    let bytes = report::render(&document).map_err(|e| {
        Refusal(format!(
            "{} {e}",
            lang.pick("Không tạo được tệp PDF:", "The PDF could not be made:")
        ))
    })?;
    write_atomically(out, &bytes).map_err(|e| {
        Refusal(format!(
            "{} {}: {e}",
            lang.pick("Không ghi được", "Cannot write"),
            out.display()
        ))
    })?;
    println!(
        "{} {}",
        lang.pick("Đã ghi tệp PDF:", "PDF written:"),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The scorecard inputs of the asked unit, or of every unit in ranking order.
fn sheets(
    store: &Store,
    results: &YearResults,
    unit: Option<&str>,
    scope: &Scope,
    level: crate::domain::Level,
    lang: Lang,
) -> Result<Vec<UnitSheet>, Refusal> {
    let wanted: Vec<usize> = match unit {
        Some(code) => {
            let code = nfc(code);
            match results.rows.iter().position(|r| r.unit_code == code) {
                Some(index) => vec![index],
                None => {
                    // The store names the problem: no such unit, or no assessment that year.
                    let message = store
                        .assessment(scope.year, level, &code)
                        .err()
                        .map_or_else(|| code.clone(), |e| e.message(lang));
                    return Err(Refusal(message));
                }
            }
        }
        None => (0..results.rows.len()).collect(),
    };
    let mut records = store
        .leaf_records(results)
        .map_err(|e| Refusal(e.message(lang)))?;
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
    let mut leaves: std::collections::HashMap<String, LeafSheet> = scores
        .into_iter()
        .map(|(code, score)| {
            let refs = evidence.remove(&code).unwrap_or_default();
            (
                code,
                LeafSheet {
                    score,
                    evidence: refs.into_iter().map(evidence_ref).collect(),
                },
            )
        })
        .collect();
    // Evidence on a leaf with no stored score yet.
    for (code, refs) in evidence {
        leaves.entry(code).or_default().evidence = refs.into_iter().map(evidence_ref).collect();
    }
    UnitSheet { row, leaves }
}

fn evidence_ref(link: crate::store::evidence::LinkedDoc) -> EvidenceRef {
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
    }
}

/// Writes `bytes` to a hidden temporary file in the target's folder, flushes it to disk and
/// renames it over `out`; on any failure the temporary file is removed.
fn write_atomically(out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "parindex.pdf".to_owned());
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
