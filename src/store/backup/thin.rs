//! Thinning: which backups are kept (the last 10, one a day for a month, one a month for a
//! year) and deleting the others.

use std::path::Path;

use chrono::{DateTime, Datelike, Utc};

use super::{Backup, folder_for, on_disk};
use crate::store::Result;

/// How many of the newest backups are always kept.
pub const KEEP_LAST: usize = 10;
/// Days during which the newest backup of each day is kept.
pub const KEEP_DAILY_DAYS: i64 = 31;
/// Days during which the newest backup of each month is kept; nothing older is kept.
pub const KEEP_DAYS: i64 = 366;

/// Which backups to keep, for backups taken at `stamps` (newest first): the last 10; then the
/// newest of each day for a month (31 days); then the newest of each month for a year
/// (366 days); nothing older.
pub fn keep_plan(stamps: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let mut days = std::collections::HashSet::new();
    let mut months = std::collections::HashSet::new();
    stamps
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let age = now.signed_duration_since(*at);
            let day = at.date_naive();
            let month = (at.year(), at.month());
            let keep = if i < KEEP_LAST {
                true
            } else if age <= chrono::Duration::days(KEEP_DAILY_DAYS) {
                days.insert(day)
            } else if age <= chrono::Duration::days(KEEP_DAYS) {
                months.insert(month)
            } else {
                false
            };
            // Whatever is kept also stands for its day and month.
            if keep {
                days.insert(day);
                months.insert(month);
            }
            keep
        })
        .collect()
}

/// Deletes the backups the plan does not keep; returns how many were deleted. Only whole
/// backups count in the plan; a damaged one is kept out of the way (not listed) and deleted
/// once older than anything the plan keeps.
pub fn thin(document: &Path) -> Result<usize> {
    thin_folder(&folder_for(document)?)
}

pub(super) fn thin_folder(dir: &Path) -> Result<usize> {
    let (whole, damaged): (Vec<_>, Vec<_>) =
        on_disk(dir)?.into_iter().partition(|(_, whole)| *whole);
    let now = Utc::now();
    let stamps: Vec<_> = whole.iter().map(|(b, _)| b.taken_at).collect();
    let plan = keep_plan(&stamps, now);
    let mut unwanted: Vec<&Backup> = whole
        .iter()
        .zip(plan)
        .filter(|(_, keep)| !keep)
        .map(|((b, _), _)| b)
        .collect();
    unwanted.extend(
        damaged
            .iter()
            .map(|(b, _)| b)
            .filter(|b| now.signed_duration_since(b.taken_at) > chrono::Duration::days(KEEP_DAYS)),
    );
    let mut deleted = 0;
    for backup in unwanted {
        if std::fs::remove_file(&backup.path).is_ok() {
            deleted += 1;
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::super::STAMP;
    use super::*;
    use chrono::NaiveDateTime;

    #[test]
    fn thinning_keeps_last_ten_then_days_for_a_month_then_months_for_a_year() {
        // Fixed at midday, so the first 20 fall on one day.
        let now = NaiveDateTime::parse_from_str("20260615-120000.000", STAMP)
            .unwrap_or_else(|e| panic!("{e}"))
            .and_utc();
        // 20 backups a minute apart, then one every 6 hours for 500 days.
        let mut stamps: Vec<DateTime<Utc>> = (0..20)
            .map(|i| now - chrono::Duration::minutes(i))
            .collect();
        for i in 1..(500 * 4) {
            stamps.push(now - chrono::Duration::hours(6 * i));
        }
        let plan = keep_plan(&stamps, now);
        assert!(plan[..10].iter().all(|k| *k));
        assert!(
            !plan[10..20].iter().any(|k| *k),
            "one a day beyond the last 10"
        );
        let kept: Vec<DateTime<Utc>> = stamps
            .iter()
            .zip(&plan)
            .filter(|(_, k)| **k)
            .map(|(at, _)| *at)
            .collect();
        let age = |at: &DateTime<Utc>| now.signed_duration_since(*at).num_days();
        assert!(
            kept.iter().all(|at| age(at) <= KEEP_DAYS),
            "nothing older than a year"
        );
        // One a day in the month after the last 10 (their own day stands for itself).
        let month: Vec<_> = kept[10..]
            .iter()
            .filter(|at| age(at) < KEEP_DAILY_DAYS)
            .map(|at| at.date_naive())
            .collect();
        let mut unique = month.clone();
        unique.dedup();
        assert_eq!(unique, month);
        assert!((29..=31).contains(&month.len()), "{} days", month.len());
        // One a month for the rest of the year.
        let older: Vec<_> = kept
            .iter()
            .filter(|at| age(at) > KEEP_DAILY_DAYS)
            .map(|at| (at.year(), at.month()))
            .collect();
        let mut unique = older.clone();
        unique.dedup();
        assert_eq!(unique, older);
        assert!((10..=12).contains(&older.len()), "{} months", older.len());
    }
}
