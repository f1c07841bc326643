//! Index percentages: exact integer arithmetic, rounded half up at the printed precision.

use std::cmp::Ordering;

use serde::Serialize;

use super::points::Points;

/// A percentage held as an integer at its printed precision: 91,25% at precision 2 is
/// `Percent { scaled: 9125, precision: 2 }`. Ranking and classification use this rounded
/// value, so the order on paper is the order the program computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Percent {
    scaled: i64,
    precision: u8,
}

/// The highest printed precision a set may choose; keeps every intermediate within i128.
pub const MAX_PRECISION: u8 = 4;

impl Percent {
    /// `part ÷ whole × 100`, rounded half up (away from zero) at `precision` decimals.
    /// `None` when `whole` is zero (nothing could be scored).
    pub fn of(part: Points, whole: Points, precision: u8) -> Option<Percent> {
        if whole.milli() <= 0 {
            return None;
        }
        let precision = precision.min(MAX_PRECISION);
        let factor = 10_i128.pow(u32::from(precision));
        let numerator = i128::from(part.milli()) * 100 * factor;
        let denominator = i128::from(whole.milli());
        let scaled = round_half_up_div(numerator, denominator);
        Some(Percent {
            scaled: i64::try_from(scaled).ok()?,
            precision,
        })
    }

    pub fn from_scaled(scaled: i64, precision: u8) -> Percent {
        Percent {
            scaled,
            precision: precision.min(MAX_PRECISION),
        }
    }

    pub fn scaled(self) -> i64 {
        self.scaled
    }

    pub fn precision(self) -> u8 {
        self.precision
    }

    /// Whether this percentage reaches a threshold given in thousandths of a percent
    /// (a band minimum "90" is stored as `Points(90_000)`).
    pub fn at_least(self, threshold: Points) -> bool {
        let factor = 10_i128.pow(u32::from(self.precision));
        i128::from(self.scaled) * 1000 >= i128::from(threshold.milli()) * factor
    }

    /// "91.25": the plain form of JSON and CSV.
    pub fn to_plain(self) -> String {
        self.format('.')
    }

    /// "91,25": the Vietnamese form of documents and screens (without the % sign).
    pub fn to_vi(self) -> String {
        self.format(',')
    }

    fn format(self, decimal: char) -> String {
        let sign = if self.scaled < 0 { "-" } else { "" };
        let abs = self.scaled.unsigned_abs();
        if self.precision == 0 {
            return format!("{sign}{abs}");
        }
        let factor = 10_u64.pow(u32::from(self.precision));
        let width = usize::from(self.precision);
        format!("{sign}{}{decimal}{:0width$}", abs / factor, abs % factor)
    }

    fn cmp_value(&self, other: &Percent) -> Ordering {
        let p = self.precision.max(other.precision);
        let lift = |x: &Percent| i128::from(x.scaled) * 10_i128.pow(u32::from(p - x.precision));
        lift(self).cmp(&lift(other))
    }
}

impl PartialOrd for Percent {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Percent {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_value(other)
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_plain())
    }
}

/// Integer division rounded half away from zero. `denominator` must be positive.
pub fn round_half_up_div(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator.abs() / denominator;
    let remainder = numerator.abs() % denominator;
    let rounded = if remainder * 2 >= denominator {
        quotient + 1
    } else {
        quotient
    };
    if numerator < 0 { -rounded } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(milli: i64) -> Points {
        Points::from_milli(milli)
    }

    #[test]
    fn rounds_half_up_at_exactly_half() {
        // 1 / 8 = 12.5% → at precision 0 exactly .5 → 13
        assert_eq!(
            Percent::of(p(1000), p(8000), 0).map(|x| x.to_plain()),
            Some("13".into())
        );
        // 91.125% → 91.13 at precision 2
        assert_eq!(
            Percent::of(p(91_125), p(100_000), 2).map(|x| x.to_plain()),
            Some("91.13".into())
        );
        // 91.12499…% stays 91.12
        assert_eq!(
            Percent::of(p(91_124), p(100_000), 2).map(|x| x.to_plain()),
            Some("91.12".into())
        );
        // 57078/57286 = 99.6369…% → 99,64
        assert_eq!(
            Percent::of(p(57_078_000), p(57_286_000), 2).map(|x| x.to_vi()),
            Some("99,64".into())
        );
    }

    #[test]
    fn zero_whole_is_none() {
        assert_eq!(Percent::of(p(1), p(0), 2), None);
    }

    #[test]
    fn thresholds_compare_exactly() {
        let x = Percent::of(p(89_995), p(100_000), 2).unwrap_or(Percent::from_scaled(0, 2));
        assert_eq!(x.to_plain(), "90.00");
        assert!(x.at_least(Points::whole(90)));
        let y = Percent::from_scaled(8999, 2);
        assert!(!y.at_least(Points::whole(90)));
        assert!(y.at_least(Points::whole(70)));
    }

    #[test]
    fn orders_across_precisions() {
        assert!(Percent::from_scaled(9125, 2) > Percent::from_scaled(912, 1));
        assert_eq!(
            Percent::from_scaled(9120, 2).cmp(&Percent::from_scaled(912, 1)),
            Ordering::Equal
        );
    }
}
