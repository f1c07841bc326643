//! The command line: the same engine as the window, for batch work and tests.
//! Exit codes: 0 done (or clean), 1 findings, 2 the input was refused or the file cannot be
//! opened — always with one line naming the problem, and the file unchanged.

mod exchange;
mod explain;
mod pdf;
mod rank;
mod usage;
mod xlsx;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use usage::parse_args;

use crate::domain::text::{for_terminal, nfc};
use crate::domain::{Lang, Level, Points};
use crate::store::scores::{Edit, Stage};
use crate::store::{Access, Store, StoreError, points_message};

#[derive(Parser, Debug)]
#[command(
    name = "parindex",
    version,
    about = "Chỉ số cải cách hành chính (PAR index): chấm điểm, xếp hạng, báo cáo"
)]
pub struct Cli {
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, default_value = "vi")]
    pub lang: String,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A .cchc file to open in the window.
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the built-in demo (Cao Bằng, Thạch An, 2021–2025) to a new file.
    Demo {
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a file: integrity, audit chain, points, evidence, reasons.
    Check { file: PathBuf },
    /// Rank the units of a year and level.
    Rank {
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Explain how a unit's points were reached.
    Explain {
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
        #[arg(long)]
        unit: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Set one value of one leaf (with its audit entry).
    Score(ScoreArgs),
    /// Make a printable PDF: the ranking, the report, scorecards, or the summary of a period.
    Pdf {
        #[arg(value_enum)]
        kind: pdf::Kind,
        file: PathBuf,
        #[command(flatten)]
        scope: pdf::PdfScope,
        /// Scorecard of this unit only (default: every unit in one PDF).
        #[arg(long)]
        unit: Option<String>,
        /// The PDF to write.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Print the report of a year whose assessments are not all final, as a draft
        /// ("DỰ THẢO", provisional results).
        #[arg(long)]
        draft: bool,
    },
    /// Print the audit log; --verify checks the chain and the current values.
    Log {
        file: PathBuf,
        #[arg(long)]
        verify: bool,
    },
    /// Export a verified copy: the whole file, one year, or one unit's assessment(s).
    Export {
        file: PathBuf,
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        /// A unit's code: its assessment(s) only (a commune's submission).
        #[arg(long)]
        unit: Option<String>,
        /// Leave the evidence files out (their references stay, "file not included").
        #[arg(long)]
        no_evidence: bool,
        /// Replace OUT if it exists (only once the new export is complete and verified).
        #[arg(long)]
        force: bool,
    },
    /// Import a received .cchc file: checks it, prints the merge plan, applies it after a backup.
    Import {
        file: PathBuf,
        incoming: PathBuf,
        /// Print the plan only; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Accept a submission into a locked (final) assessment.
        #[arg(long)]
        allow_late: bool,
        /// How to settle values changed on both sides: keep (this file's) or take (received).
        #[arg(long, value_enum)]
        conflicts: Option<ConflictChoice>,
        /// Accept the sender's key on its first package: the fingerprint the plan shows,
        /// checked with the sender by phone.
        #[arg(long, value_name = "FINGERPRINT")]
        trust: Option<String>,
        /// Import a whole or year file that shares no history with this file.
        #[arg(long)]
        accept_unrelated: bool,
    },
    /// This file's key fingerprint and the senders it trusts; --forget lets a sender register
    /// a new key (audited, with a reason).
    Keys {
        file: PathBuf,
        /// The unit code or key fingerprint of the sender to forget.
        #[arg(long, requires = "reason")]
        forget: Option<String>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Take a backup now and list the file's backups.
    Backup { file: PathBuf },
    /// Replace the file's content with a backup (the current content is backed up first).
    Restore { file: PathBuf, backup: PathBuf },
    /// Spreadsheets (XLSX): export scores and ranking, import an index set or survey points.
    #[command(subcommand)]
    Xlsx(XlsxCommand),
}

/// `--sums printed|sum` of `xlsx import-set`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumsChoice {
    Printed,
    Sum,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    Keep,
    Take,
}

#[derive(Subcommand, Debug)]
pub enum XlsxCommand {
    /// A year's scores (one sheet per unit) and the ranking (summary sheet).
    Export {
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Import an index set from a table (STT / code, title, max points, guidance).
    ImportSet {
        file: PathBuf,
        table: PathBuf,
        #[command(flatten)]
        scope: Scope,
        /// The set's name (default: taken from the file name).
        #[arg(long)]
        name: Option<String>,
        /// Replace the set of that year and level if nobody has scored against it yet.
        #[arg(long, conflicts_with = "reissue")]
        replace: bool,
        /// Re-issue the year's set (a corrected decision): the next version, the scores of
        /// unchanged criteria kept, the earlier version kept readable; needs --decision.
        #[arg(long, requires = "decision")]
        reissue: bool,
        /// The number of the decision re-issuing the set ("45/QĐ-UBND").
        #[arg(long)]
        decision: Option<String>,
        /// Its date, YYYY-MM-DD.
        #[arg(long)]
        decision_date: Option<String>,
        /// When printed points differ from the sum of their parts: keep the printed figures
        /// or use the sums (without it such a table is listed and not imported).
        #[arg(long, value_enum)]
        sums: Option<SumsChoice>,
    },
    /// Import survey points (unit code, criterion code, points) from XLSX or CSV.
    ImportSurvey {
        file: PathBuf,
        table: PathBuf,
        #[command(flatten)]
        scope: Scope,
    },
    /// The blank scoring form of one unit (-o OUT.xlsx) or of every unit (-o FOLDER).
    #[command(group(clap::ArgGroup::new("which").required(true).args(["unit", "all"])))]
    Form {
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Replace forms already written there.
        #[arg(long)]
        force: bool,
    },
    /// Read a unit's filled scoring form: the changes listed, then stored as its
    /// self-assessment (each with its audit entry), or nothing when a row is refused.
    ReadForm {
        file: PathBuf,
        form: PathBuf,
        #[command(flatten)]
        scope: Scope,
        /// Refuse the form unless it is this unit's.
        #[arg(long)]
        unit: Option<String>,
        /// Print the changes only.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct Scope {
    #[arg(long)]
    pub year: i32,
    /// commune or district
    #[arg(long)]
    pub level: String,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("value").required(true).args(["self_points", "appraisal", "final_points", "na"])))]
pub struct ScoreArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub scope: Scope,
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub criterion: String,
    /// Self-assessed points (điểm tự đánh giá).
    #[arg(long = "self", allow_hyphen_values = true)]
    pub self_points: Option<String>,
    /// Round 1 appraised points (điểm thẩm định vòng 1).
    #[arg(long, allow_hyphen_values = true)]
    pub appraisal: Option<String>,
    /// Final appraised points (điểm thẩm định cuối).
    #[arg(long = "final", allow_hyphen_values = true)]
    pub final_points: Option<String>,
    /// Mark the leaf "không phát sinh" with this reason.
    #[arg(long)]
    pub na: Option<String>,
    #[arg(long, default_value = "")]
    pub reason: String,
    /// Who makes the change (written to the audit log).
    #[arg(long)]
    pub by: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// A refused command, already in the chosen language: the line naming the problem and, for a
/// table, one line per row that could not be read.
#[derive(Debug)]
pub struct Refusal {
    line: String,
    details: Vec<String>,
}

impl Refusal {
    pub(crate) fn new(line: impl Into<String>) -> Refusal {
        Refusal {
            line: line.into(),
            details: Vec::new(),
        }
    }

    /// The first line names the problem, the others follow it (rows of a table).
    pub(crate) fn lines(lines: Vec<String>) -> Refusal {
        let mut lines = lines.into_iter();
        Refusal {
            line: lines.next().unwrap_or_default(),
            details: lines.collect(),
        }
    }

    fn store(error: StoreError, lang: Lang) -> Refusal {
        Refusal::new(error.message(lang))
    }

    /// Printed to stderr, each line escaped: a message can quote text from a file.
    fn print(&self) {
        eprintln!("parindex: {}", for_terminal(&self.line));
        for detail in &self.details {
            eprintln!("{}", for_terminal(detail));
        }
    }
}

type CliResult = Result<ExitCode, Refusal>;

/// Runs a subcommand. `None` means: open the window.
pub fn run(cli: Cli) -> Option<ExitCode> {
    let lang = Lang::parse(&cli.lang).unwrap_or_default();
    let command = cli.command?;
    let result = match command {
        Command::Demo { out, force } => demo(&out, force, lang),
        Command::Check { file } => check(&file, lang),
        Command::Rank {
            file,
            scope,
            format,
        } => rank::run(&file, &scope, format, lang),
        Command::Explain {
            file,
            scope,
            unit,
            format,
        } => explain::run(&file, &scope, &unit, format, lang),
        Command::Score(args) => score(&args, lang),
        Command::Pdf {
            kind,
            file,
            scope,
            unit,
            out,
            draft,
        } => pdf::run(kind, &file, &scope, unit.as_deref(), &out, draft, lang),
        Command::Log { file, verify } => log(&file, verify, lang),
        Command::Export {
            file,
            out,
            year,
            unit,
            no_evidence,
            force,
        } => exchange::export(
            &file,
            &out,
            exchange::ExportOptions {
                year,
                unit: unit.as_deref(),
                no_evidence,
                force,
            },
            lang,
        ),
        Command::Import {
            file,
            incoming,
            dry_run,
            allow_late,
            conflicts,
            trust,
            accept_unrelated,
        } => exchange::import(
            &file,
            &incoming,
            exchange::ImportOptions {
                dry_run,
                allow_late,
                trust,
                accept_unrelated,
            },
            conflicts.map(|c| match c {
                ConflictChoice::Keep => crate::store::import::Resolution::KeepLocal,
                ConflictChoice::Take => crate::store::import::Resolution::TakeIncoming,
            }),
            lang,
        ),
        Command::Keys {
            file,
            forget,
            reason,
        } => exchange::keys(&file, forget.as_deref(), reason.as_deref(), lang),
        Command::Backup { file } => exchange::backup_now(&file, lang),
        Command::Restore { file, backup } => exchange::restore(&file, &backup, lang),
        Command::Xlsx(command) => xlsx::run(command, lang),
    };
    Some(match result {
        Ok(code) => code,
        Err(refusal) => {
            refusal.print();
            ExitCode::from(2)
        }
    })
}

pub(crate) fn parse_level(text: &str, lang: Lang) -> Result<Level, Refusal> {
    Level::parse(text).ok_or_else(|| {
        Refusal::new(match lang {
            Lang::Vi => {
                format!("Cấp \"{text}\" không hợp lệ: dùng commune (xã) hoặc district (huyện)")
            }
            Lang::En => format!("Level \"{text}\" is not valid: use commune or district"),
        })
    })
}

pub(crate) fn open_read(file: &Path, lang: Lang) -> Result<Store, Refusal> {
    open_store(file, Access::ReadOnly, lang)
}

/// Opens the document named on the command line. A folder or a pipe given as FILE is named
/// as such (the store only knows "not found").
pub(crate) fn open_store(file: &Path, access: Access, lang: Lang) -> Result<Store, Refusal> {
    if let Some(why) = not_a_file(file, Expected::Document, lang) {
        return Err(Refusal::new(why));
    }
    Store::open(file, access).map_err(|e| Refusal::store(e, lang))
}

/// What a path on the command line should be: named in the message when it is not a file.
#[derive(Clone, Copy)]
pub(crate) enum Expected {
    /// A `.cchc` document, package or backup.
    Document,
    /// A spreadsheet (.xlsx or .csv).
    Table,
}

/// Why an existing `path` is not a regular file (a folder, a pipe, a device), if it is not.
pub(crate) fn not_a_file(path: &Path, expected: Expected, lang: Lang) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let what = match (expected, lang) {
        (Expected::Document, _) => ".cchc",
        (Expected::Table, Lang::Vi) => "bảng tính",
        (Expected::Table, Lang::En) => "spreadsheet",
    };
    if meta.is_dir() {
        Some(match lang {
            Lang::Vi => format!("{} là thư mục, không phải tệp {what}", path.display()),
            Lang::En => format!("{} is a folder, not a {what} file", path.display()),
        })
    } else if !meta.is_file() {
        Some(match lang {
            Lang::Vi => format!(
                "{} không phải tệp thông thường (ống dẫn hoặc thiết bị)",
                path.display()
            ),
            Lang::En => format!(
                "{} is not a regular file (a pipe or a device)",
                path.display()
            ),
        })
    } else {
        None
    }
}

fn demo(out: &Path, force: bool, lang: Lang) -> CliResult {
    if let Some(why) = not_a_file(out, Expected::Document, lang) {
        return Err(Refusal::new(why));
    }
    if out.exists() && !force {
        return Err(Refusal::store(
            StoreError::AlreadyExists(out.to_owned()),
            lang,
        ));
    }
    // An existing file is replaced whole or kept.
    crate::fs_atomic::write_atomically(out, |part| crate::demo::write_demo(part).map(drop))
        .map_err(|e| Refusal::store(e, lang))?;
    println!(
        "{} {}",
        lang.pick(
            "Đã ghi dữ liệu mẫu (minh họa) vào",
            "Demo data (illustrative) written to"
        ),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(file: &Path, lang: Lang) -> CliResult {
    let store = open_read(file, lang)?;
    let (findings, prints) = store.check().map_err(|e| Refusal::store(e, lang))?;
    for print in &prints {
        println!(
            "{} {} {}: {}",
            lang.pick("Mã dữ liệu", "Fingerprint"),
            print.year,
            print.level.as_str(),
            print.value
        );
    }
    for finding in &findings {
        println!("- {}", for_terminal(&finding.message(lang)));
    }
    if findings.is_empty() {
        println!(
            "{}",
            lang.pick("Không phát hiện vấn đề.", "No problems found.")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} {}",
            findings.len(),
            lang.pick("vấn đề được phát hiện.", "problems found.")
        );
        Ok(ExitCode::from(1))
    }
}

fn score(args: &ScoreArgs, lang: Lang) -> CliResult {
    let level = parse_level(&args.scope.level, lang)?;
    let mut store = open_store(&args.file, Access::ReadWrite, lang)?;
    if let Some(by) = &args.by {
        store.set_actor(by);
    }
    let year = args.scope.year;
    let code = nfc(&args.criterion);
    let parse = |text: &str| -> Result<Points, Refusal> {
        Points::parse(text).map_err(|e| {
            Refusal::new(format!(
                "{} {code}: {}",
                lang.pick("Tiêu chí", "Criterion"),
                points_message(&e, lang)
            ))
        })
    };
    let edit = if let Some(p) = &args.self_points {
        Edit::Points(Stage::SelfAssessed, Some(parse(p)?))
    } else if let Some(p) = &args.appraisal {
        Edit::Points(Stage::Round1, Some(parse(p)?))
    } else if let Some(p) = &args.final_points {
        Edit::Points(Stage::Final, Some(parse(p)?))
    } else if let Some(reason) = &args.na {
        Edit::Na(Some(reason.clone()))
    } else {
        return Err(Refusal::new(
            lang.pick("Chưa cho giá trị cần ghi", "No value given"),
        ));
    };
    let unit = store
        .score_criterion(year, level, &args.unit, &code, edit, &args.reason)
        .map_err(|e| Refusal::store(e, lang))?;
    println!(
        "{}",
        for_terminal(&format!(
            "{} {unit} · {code}",
            lang.pick("Đã lưu:", "Saved:")
        ))
    );
    Ok(ExitCode::SUCCESS)
}

fn log(file: &Path, verify: bool, lang: Lang) -> CliResult {
    let store = open_read(file, lang)?;
    if verify {
        let findings = store.verify_log().map_err(|e| Refusal::store(e, lang))?;
        for finding in &findings {
            println!("- {}", for_terminal(&finding.message(lang)));
        }
        return Ok(if findings.is_empty() {
            println!(
                "{}",
                lang.pick(
                    "Nhật ký toàn vẹn, khớp với dữ liệu hiện tại.",
                    "The log is intact and matches the current data."
                )
            );
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let entries = store.audit_entries().map_err(|e| Refusal::store(e, lang))?;
    for e in entries {
        let old = e.old.as_deref().unwrap_or("∅");
        let new = e.new.as_deref().unwrap_or("∅");
        let mut line = format!(
            "{:>6} {} {} · {} · {} {}: {old} → {new}",
            e.seq, e.at, e.actor, e.action, e.label, e.field
        );
        if !e.reason.is_empty() {
            line.push_str(&format!(" ({})", e.reason));
        }
        // Names, values and reasons may come from a received file.
        println!("{}", for_terminal(&line));
    }
    Ok(ExitCode::SUCCESS)
}
