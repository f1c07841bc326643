//! `parindex pdf ranking|report|scorecard`: the printable documents (see
//! [`crate::documents`]). The PDF is written to a temporary file beside the target and
//! renamed, so a failure never leaves half a document under the asked name.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{Refusal, Scope, open_read, parse_level};
use crate::documents::{self, build_with, write_atomically};
use crate::domain::Lang;

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
    draft: bool,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let level = parse_level(&scope.level, lang)?;
    let kind = match kind {
        Kind::Ranking => documents::Kind::Ranking,
        Kind::Report => documents::Kind::Report,
        Kind::Scorecard => documents::Kind::Scorecard,
    };
    if unit.is_some() && kind != documents::Kind::Scorecard {
        return Err(Refusal::new(
            lang.pick(
                "--unit chỉ dùng với phiếu chấm điểm (scorecard)",
                "--unit applies to the scorecard only",
            )
            .to_owned(),
        ));
    }
    let store = open_read(file, lang)?;
    let draft = if draft {
        documents::Draft::Allowed
    } else {
        documents::Draft::Refused
    };
    let document = build_with(&store, kind, scope.year, level, unit, draft)
        .map_err(|e| Refusal::new(e.message(lang)))?;
    let bytes = crate::report::render(&document)
        .map_err(|e| Refusal::new(documents::DocumentError::from(e).message(lang)))?;
    write_atomically(out, &bytes).map_err(|e| {
        Refusal::new(format!(
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
