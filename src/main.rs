//! `parindex`: with a subcommand, the command line; without one, the window.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match parindex::cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let file = cli.file.clone();
    match parindex::cli::run(cli) {
        Some(code) => code,
        None if !parindex::gui::display_available() => {
            eprintln!(
                "parindex: không có màn hình đồ họa để mở cửa sổ (DISPLAY/WAYLAND_DISPLAY); xem các lệnh: parindex --help"
            );
            ExitCode::from(2)
        }
        None => match parindex::gui::run(file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("parindex: {e}");
                ExitCode::from(2)
            }
        },
    }
}
