//! Figures that compare a year with the year before: each unit's former rank (through the
//! lineage of the 2025 merger), the average index, and the class counts. Cross-year figures
//! are derived: documents label them so.

use super::percent::{Percent, round_half_up_div};
use super::ranking::RankedRow;

/// A former unit that merged into a current one, with its rank in the previous year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predecessor {
    pub name: String,
    pub rank: Option<u32>,
}

/// Where a current unit stood the year before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prior {
    /// The same unit was ranked (or at least assessed) the year before.
    Ranked(Option<u32>),
    /// The unit was formed by merging these units (lineage "merged_into").
    Merged(Vec<Predecessor>),
    /// No assessment of the unit or of a predecessor the year before.
    None,
}

impl Prior {
    /// The change of rank as the ranking table prints it: "+2" (moved up two places),
    /// "−1", "=", "mới (hợp nhất)" for a merged unit, "mới" for a unit with no history.
    pub fn change_vi(&self, current: Option<u32>) -> String {
        match (self, current) {
            (Prior::Ranked(Some(before)), Some(now)) => {
                let up = i64::from(*before) - i64::from(now);
                match up {
                    0 => "=".to_owned(),
                    up if up > 0 => format!("+{up}"),
                    // U+2212 MINUS SIGN, as typeset documents write it.
                    up => format!("\u{2212}{}", up.unsigned_abs()),
                }
            }
            (Prior::Ranked(_), _) => "-".to_owned(),
            (Prior::Merged(_), _) => "mới (hợp nhất)".to_owned(),
            (Prior::None, _) => "mới".to_owned(),
        }
    }
}

/// The previous year's figures the documents compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousYear {
    pub year: i32,
    /// Units ranked that year.
    pub units: usize,
    /// One per current row, in the current rows' order.
    pub priors: Vec<Prior>,
    /// (band name, count) in the set's band order.
    pub class_counts: Vec<(String, usize)>,
    pub average: Option<Percent>,
}

/// The average index of the rows that have one, at the precision of the first, rounded
/// half up like every printed percentage.
pub fn average(rows: &[RankedRow]) -> Option<Percent> {
    let indexes: Vec<Percent> = rows.iter().filter_map(RankedRow::index).collect();
    let precision = indexes.first()?.precision();
    let sum: i128 = indexes.iter().map(|p| i128::from(p.scaled())).sum();
    let mean = round_half_up_div(sum, indexes.len() as i128);
    Some(Percent::from_scaled(i64::try_from(mean).ok()?, precision))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_changes_read_like_the_table() {
        assert_eq!(Prior::Ranked(Some(5)).change_vi(Some(3)), "+2");
        assert_eq!(Prior::Ranked(Some(2)).change_vi(Some(3)), "\u{2212}1");
        assert_eq!(Prior::Ranked(Some(4)).change_vi(Some(4)), "=");
        assert_eq!(Prior::Ranked(None).change_vi(Some(4)), "-");
        assert_eq!(
            Prior::Merged(Vec::new()).change_vi(Some(1)),
            "mới (hợp nhất)"
        );
        assert_eq!(Prior::None.change_vi(Some(1)), "mới");
    }
}
