//! Reading the command line: a mistake in it is refused like any other input, with one line
//! `parindex: …` in the officer's language and exit code 2 (clap's own messages are several
//! English lines). `--help` and `--version` keep clap's output.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ErrorKind};

use super::Cli;
use crate::domain::Lang;
use crate::domain::text::for_terminal;

/// The parsed command line, or the exit code once a mistake (or the help) was printed.
pub fn parse_args() -> Result<Cli, ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    Cli::try_parse_from(&args).map_err(|error| refuse(&error, lang_of(&args)))
}

/// The `--lang` of arguments that clap could not parse (Vietnamese unless `--lang en`).
fn lang_of(args: &[OsString]) -> Lang {
    let mut chosen = Lang::Vi;
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(Lang::parse) {
            chosen = lang;
        }
    }
    chosen
}

fn refuse(error: &clap::Error, lang: Lang) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    }
    eprintln!("parindex: {}", for_terminal(&message(error, lang)));
    ExitCode::from(2)
}

/// A piece of clap's context ("--year <YEAR>", "abc", "text, json, csv"), empty if absent.
fn context(error: &clap::Error, kind: ContextKind) -> String {
    error.get(kind).map(|v| v.to_string()).unwrap_or_default()
}

/// The one-line message of a parse error.
fn message(error: &clap::Error, lang: Lang) -> String {
    let arg = context(error, ContextKind::InvalidArg);
    let value = context(error, ContextKind::InvalidValue);
    let vi = lang == Lang::Vi;
    let text = match error.kind() {
        ErrorKind::UnknownArgument if vi => format!("không có tham số {arg}"),
        ErrorKind::UnknownArgument => format!("unknown argument {arg}"),
        ErrorKind::InvalidSubcommand => {
            let command = context(error, ContextKind::InvalidSubcommand);
            if vi {
                format!("không có lệnh {command}")
            } else {
                format!("unknown command {command}")
            }
        }
        ErrorKind::MissingRequiredArgument if vi => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingRequiredArgument => format!("missing required argument: {arg}"),
        ErrorKind::MissingSubcommand if vi => "thiếu lệnh".to_owned(),
        ErrorKind::MissingSubcommand => "missing command".to_owned(),
        ErrorKind::InvalidValue if value.is_empty() && vi => format!("thiếu giá trị cho {arg}"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} needs a value"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context(error, ContextKind::ValidValue);
            let mut text = if vi {
                format!("giá trị \"{value}\" không hợp lệ cho {arg}")
            } else {
                format!("invalid value \"{value}\" for {arg}")
            };
            if !valid.is_empty() {
                text.push_str(&format!("; {}: {valid}", lang.pick("dùng", "use")));
            }
            text
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(error, ContextKind::PriorArg);
            if vi {
                format!("{arg} không dùng cùng được với {prior}")
            } else {
                format!("{arg} cannot be used with {prior}")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            if vi {
                format!("số giá trị của {arg} không đúng")
            } else {
                format!("wrong number of values for {arg}")
            }
        }
        ErrorKind::InvalidUtf8 if vi => "tham số không phải văn bản UTF-8".to_owned(),
        ErrorKind::InvalidUtf8 => "an argument is not UTF-8 text".to_owned(),
        // Any other kind: clap's first line, in English, rather than nothing.
        _ => error
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_owned(),
    };
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(|kind| context(error, kind))
        .find(|s| !s.is_empty());
    let mut line = format!(
        "{} {text}",
        lang.pick("Dòng lệnh không hợp lệ:", "Invalid command line:")
    );
    if let Some(s) = suggestion {
        line.push_str(&format!(" ({} {s}?)", lang.pick("có phải", "did you mean")));
    }
    line.push_str(lang.pick(" — xem parindex --help", " — see parindex --help"));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_of_an_unparsed_command_line_is_found() {
        assert_eq!(lang_of(&args(&["parindex", "rank", "--bogus"])), Lang::Vi);
        assert_eq!(lang_of(&args(&["parindex", "--lang", "en", "x"])), Lang::En);
        assert_eq!(lang_of(&args(&["parindex", "x", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&args(&["parindex", "--language", "en"])), Lang::Vi);
    }

    #[test]
    fn a_parse_error_is_one_line_naming_the_argument() {
        let Err(e) = Cli::try_parse_from(["parindex", "rank", "f.cchc", "--bogus"]) else {
            panic!("parsed");
        };
        let line = message(&e, Lang::Vi);
        assert!(line.contains("không có tham số --bogus"), "{line}");
        assert!(!line.contains('\n'), "{line}");
        let Err(e) = Cli::try_parse_from(["parindex", "rank", "f.cchc", "--year", "x"]) else {
            panic!("parsed");
        };
        let line = message(&e, Lang::En);
        assert!(line.contains("invalid value \"x\" for --year"), "{line}");
    }
}
