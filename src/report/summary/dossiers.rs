//! The one-stop figures of the summary, summed from the raw figures of the file:
//! dossiers solved on time and received online.

use crate::domain::format::thousands;
use crate::domain::{Percent, Points};
use crate::report::common::pct;
use crate::report::inputs::{RawFigure, SummaryInputs};
use crate::report::ranking::whom;

/// The summed raw figure whose label starts with `start` and has every word of `words`.
fn raw_figure<'a>(
    inputs: &'a SummaryInputs<'_>,
    start: &str,
    words: &[&str],
) -> Option<&'a RawFigure> {
    inputs.raw.iter().find(|r| {
        let label = r.label.to_lowercase();
        label.starts_with(start) && words.iter().all(|w| label.contains(w))
    })
}

/// "(số liệu các năm 2021, …, 2025; năm 2025 cộng từ số liệu của các xã)".
fn raw_years(inputs: &SummaryInputs<'_>, years: &[i32]) -> String {
    let list = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let summed: Vec<String> = years
        .iter()
        .filter(|y| inputs.raw_from_units.contains(y))
        .filter_map(|y| inputs.years.iter().find(|f| f.set.year == *y))
        .map(|f| format!("năm {} cộng từ số liệu của {}", f.set.year, whom(f)))
        .collect();
    if summed.is_empty() {
        format!(" (số liệu các năm {list})")
    } else {
        format!(" (số liệu các năm {list}; {})", summed.join("; "))
    }
}

/// "đã giải quyết 57.286/57.377 hồ sơ tiếp nhận, trong đó giải quyết đúng hạn 57.078 hồ
/// sơ, đạt 99,48% số hồ sơ tiếp nhận; quá hạn 208 hồ sơ (số liệu các năm …)": the share
/// over the dossiers received, as report 270/BC-UBND gives it. Without a received total,
/// on time over solved.
pub(super) fn dossiers_text(inputs: &SummaryInputs<'_>) -> String {
    let on_time = raw_figure(inputs, "số hồ sơ", &["đúng hạn"]);
    let solved = raw_figure(inputs, "tổng số hồ sơ", &["đã giải quyết"]);
    let received = raw_figure(inputs, "tổng số hồ sơ tiếp nhận", &[]);
    match (on_time, solved, received) {
        (Some(on_time), Some(solved), Some(received)) => format!(
            "đã giải quyết {} hồ sơ tiếp nhận, trong đó giải quyết đúng hạn {} hồ sơ, \
             đạt {}% số hồ sơ tiếp nhận; quá hạn {} hồ sơ{}",
            of(solved, received),
            thousands(on_time.total),
            share(on_time, received),
            thousands((solved.total - on_time.total).max(0)),
            raw_years(inputs, &on_time.years)
        ),
        (Some(on_time), Some(solved), None) => format!(
            "{} hồ sơ giải quyết đúng hạn, đạt {}%{}",
            of(on_time, solved),
            share(on_time, solved),
            raw_years(inputs, &on_time.years)
        ),
        _ => NO_RAW.to_owned(),
    }
}

const NO_RAW: &str = "tệp dữ liệu chưa có số liệu gốc của tiêu chí này";

/// "16.898/57.377 hồ sơ tiếp nhận trực tuyến, đạt 29,45% (số liệu các năm …)".
pub(super) fn online_text(inputs: &SummaryInputs<'_>) -> String {
    let online = raw_figure(inputs, "số hồ sơ", &["trực tuyến", "tiếp nhận"]);
    let received = raw_figure(inputs, "tổng số hồ sơ tiếp nhận", &[]);
    let (Some(online), Some(received)) = (online, received) else {
        return NO_RAW.to_owned();
    };
    format!(
        "{} hồ sơ tiếp nhận trực tuyến, đạt {}%{}",
        of(online, received),
        share(online, received),
        raw_years(inputs, &online.years)
    )
}

/// "57.286/57.377": `part` of `whole`, in dossiers.
fn of(part: &RawFigure, whole: &RawFigure) -> String {
    format!("{}/{}", thousands(part.total), thousands(whole.total))
}

/// "99,48": `part` over `whole` in percent with two decimals (no sign); "-" over zero.
fn share(part: &RawFigure, whole: &RawFigure) -> String {
    pct(Percent::of(
        Points::whole(part.total),
        Points::whole(whole.total),
        2,
    ))
}
