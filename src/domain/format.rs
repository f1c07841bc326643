//! Numbers and dates written the Vietnamese way: 57.286; 99,48%; ngày 08 tháng 01 năm 2025.

use chrono::{Datelike, NaiveDate};

/// An integer with "." between thousands: 57286 → "57.286".
pub fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// The date line of an official document: "ngày 08 tháng 01 năm 2025". Days under 10 and
/// the months January and February take a leading zero, as Decree 30/2020 requires.
pub fn date_long(date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// The short date of a reference: "08/01/2021".
pub fn date_short(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A stored UTC time ("2025-01-08T02:30:00Z") as the officer's clock shows it:
/// "08/01/2025 09:30:00" in Vietnam. Text that is not such a time is shown as it is.
pub fn local_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| stored.to_owned())
}

/// Parses an ISO date "2021-01-08" (the stored form).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Parses a date as officers type it: "08/01/2021", "8/1/2021" or ISO.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .ok()
        .or_else(|| parse_iso_date(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_shown_day_first() {
        let shown = local_time("2025-01-08T02:30:00Z");
        // The hour depends on the machine's time zone; the form does not.
        assert!(shown.len() == 19 && shown.as_bytes()[2] == b'/' && shown.as_bytes()[5] == b'/');
        assert!(shown.ends_with(":00"), "{shown}");
        assert_eq!(local_time("không phải giờ"), "không phải giờ");
    }

    #[test]
    fn thousands_separator() {
        assert_eq!(thousands(57286), "57.286");
        assert_eq!(thousands(208), "208");
        assert_eq!(thousands(1_000_000), "1.000.000");
        assert_eq!(thousands(-1234), "-1.234");
    }

    #[test]
    fn long_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(date_long(d(2025, 1, 8)), "ngày 08 tháng 01 năm 2025");
        assert_eq!(date_long(d(2025, 5, 23)), "ngày 23 tháng 5 năm 2025");
        assert_eq!(date_long(d(2021, 12, 15)), "ngày 15 tháng 12 năm 2021");
        assert_eq!(date_short(d(2021, 1, 8)), "08/01/2021");
        assert_eq!(parse_date("8/1/2021"), Some(d(2021, 1, 8)));
        assert_eq!(parse_date("2021-01-08"), Some(d(2021, 1, 8)));
        assert_eq!(parse_date("31/02/2021"), None);
    }
}
