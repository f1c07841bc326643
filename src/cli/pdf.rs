//! `parindex pdf ranking|report|scorecard|summary`: the printable documents (see
//! [`crate::documents`]). The PDF is written to a temporary file beside the target and
//! renamed, so a failure never leaves half a document under the asked name.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Refusal, open_read, parse_level};
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
    /// Báo cáo tổng kết of the years --from to --to.
    Summary,
}

/// The year (or, for the summary, the period) and the level of a document.
#[derive(Args, Debug, Clone)]
pub struct PdfScope {
    /// The year (ranking, report, scorecard).
    #[arg(long)]
    pub year: Option<i32>,
    /// commune or district
    #[arg(long)]
    pub level: String,
    /// First year of the summary report's period.
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year of the summary report's period.
    #[arg(long)]
    pub to: Option<i32>,
    /// The summary report's body template, a text file (default: the built-in one).
    #[arg(long)]
    pub template: Option<PathBuf>,
}

/// Years a summary may span: a planning period is five years; twenty is generous.
const MAX_PERIOD: i32 = 20;

pub fn run(
    kind: Kind,
    file: &Path,
    scope: &PdfScope,
    unit: Option<&str>,
    out: &Path,
    draft: bool,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let level = parse_level(&scope.level, lang)?;
    let document = if kind == Kind::Summary {
        summary(file, scope, unit, level, lang)?
    } else {
        let Some(year) = scope.year else {
            return Err(Refusal::new(
                lang.pick(
                    "cần --year cho bảng xếp hạng, báo cáo và phiếu chấm điểm",
                    "--year is needed for the ranking, the report and the scorecards",
                )
                .to_owned(),
            ));
        };
        if scope.from.is_some() || scope.to.is_some() || scope.template.is_some() {
            return Err(Refusal::new(
                lang.pick(
                    "--from, --to và --template chỉ dùng với báo cáo tổng kết (summary)",
                    "--from, --to and --template apply to the summary only",
                )
                .to_owned(),
            ));
        }
        let kind = match kind {
            Kind::Ranking => documents::Kind::Ranking,
            Kind::Report => documents::Kind::Report,
            Kind::Scorecard => documents::Kind::Scorecard,
            Kind::Summary => documents::Kind::Summary,
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
        build_with(&store, kind, year, level, unit, draft)
            .map_err(|e| Refusal::new(e.message(lang)))?
    };
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

/// The summary report of `--from`..`--to`.
fn summary(
    file: &Path,
    scope: &PdfScope,
    unit: Option<&str>,
    level: crate::domain::Level,
    lang: Lang,
) -> Result<crate::report::Document, Refusal> {
    let refuse = |vi: &str, en: &str| Err(Refusal::new(lang.pick(vi, en).to_owned()));
    if unit.is_some() || scope.year.is_some() {
        return refuse(
            "báo cáo tổng kết dùng --from và --to, không dùng --year hay --unit",
            "the summary takes --from and --to, not --year or --unit",
        );
    }
    let (Some(from), Some(to)) = (scope.from, scope.to) else {
        return refuse(
            "báo cáo tổng kết cần --from và --to (ví dụ --from 2021 --to 2025)",
            "the summary needs --from and --to (e.g. --from 2021 --to 2025)",
        );
    };
    if from > to || to - from >= MAX_PERIOD {
        return Err(Refusal::new(format!(
            "{} {from}–{to}",
            lang.pick(
                "giai đoạn không hợp lệ (năm đầu không sau năm cuối, tối đa 20 năm):",
                "invalid period (first year not after the last, at most 20 years):"
            )
        )));
    }
    let template = match &scope.template {
        Some(path) => Some(read_template(path, lang)?),
        None => None,
    };
    let store = open_read(file, lang)?;
    documents::build_summary(&store, from, to, level, template.as_deref())
        .map_err(|e| Refusal::new(e.message(lang)))
}

/// Reads a template file: UTF-8 text of sensible size.
fn read_template(path: &Path, lang: Lang) -> Result<String, Refusal> {
    const MAX_BYTES: u64 = 1 << 20;
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES);
    if too_big {
        return Err(Refusal::new(format!(
            "{} {}",
            lang.pick(
                "Tệp mẫu quá lớn (tối đa 1 MB):",
                "The template is too large (1 MB at most):"
            ),
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Refusal::new(format!(
            "{} {}: {e}",
            lang.pick("Không đọc được tệp mẫu", "Cannot read the template"),
            path.display()
        ))
    })?;
    String::from_utf8(bytes)
        .map(|text| crate::domain::text::nfc(&text))
        .map_err(|_| {
            Refusal::new(format!(
                "{} {}",
                lang.pick(
                    "Tệp mẫu không phải văn bản UTF-8:",
                    "The template is not UTF-8 text:"
                ),
                path.display()
            ))
        })
}
