//! `parindex`: with a subcommand, the command line; without one, the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = parindex::cli::Cli::parse();
    match parindex::cli::run(cli) {
        Some(code) => code,
        None => {
            eprintln!("parindex: the window is not built yet; see `parindex --help`");
            ExitCode::from(2)
        }
    }
}
