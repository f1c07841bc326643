//! Fixed-point points: thousandths of a point, never binary floating point.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How many stored units make one point.
pub const SCALE: i64 = 1000;

/// A quantity of points in thousandths (1,25 điểm = `Points(1250)`).
///
/// Bonus and penalty items are stored as positive magnitudes; the scoring engine decides the
/// sign, so a `Points` value is never negative when it comes from user input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(i64);

/// Why a typed value is not acceptable as points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("empty")]
    Empty,
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("negative: {0}")]
    Negative(String),
    #[error("more than 3 decimals: {0}")]
    TooManyDecimals(String),
    #[error("{value} is above the maximum {max}")]
    AboveMax { value: Points, max: Points },
}

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn from_milli(milli: i64) -> Self {
        Points(milli)
    }

    pub const fn whole(points: i64) -> Self {
        Points(points * SCALE)
    }

    pub const fn milli(self) -> i64 {
        self.0
    }

    pub fn saturating_sub(self, other: Points) -> Points {
        Points(self.0.saturating_sub(other.0))
    }

    /// Parses what an officer types: "1", "0,5", "0.5", "1,25". A decimal comma and a decimal
    /// point are both accepted because Vietnamese Excel and keyboards produce either.
    pub fn parse(input: &str) -> Result<Points, PointsError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(PointsError::Empty);
        }
        if let Some(rest) = text.strip_prefix('-') {
            if !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                return Err(PointsError::Negative(text.to_owned()));
            }
            return Err(PointsError::Malformed(text.to_owned()));
        }
        let text_owned = text.replace(',', ".");
        let (whole, frac) = match text_owned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text_owned.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        let has_point = text_owned.contains('.');
        if !digits_only(whole)
            || !digits_only(frac)
            || (whole.is_empty() && frac.is_empty())
            || (has_point && frac.is_empty())
        {
            return Err(PointsError::Malformed(text.to_owned()));
        }
        if frac.len() > 3 {
            return Err(PointsError::TooManyDecimals(text.to_owned()));
        }
        // 9 digits of whole points is far beyond any index set; refuse rather than overflow.
        if whole.len() > 9 {
            return Err(PointsError::Malformed(text.to_owned()));
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| PointsError::Malformed(text.to_owned()))?
        };
        let mut frac_value: i64 = 0;
        for (i, digit) in frac.bytes().enumerate() {
            frac_value += i64::from(digit - b'0') * 10_i64.pow(2 - i as u32);
        }
        Ok(Points(whole_value * SCALE + frac_value))
    }

    /// Parses and checks the value against a leaf's maximum.
    pub fn parse_within(input: &str, max: Points) -> Result<Points, PointsError> {
        let value = Points::parse(input)?;
        if value > max {
            return Err(PointsError::AboveMax { value, max });
        }
        Ok(value)
    }

    /// Plain form with a decimal point and no trailing zeros: "0.5", "1", "1.25".
    /// This is the form of JSON output and of data files.
    pub fn to_plain(self) -> String {
        self.format('.')
    }

    /// Vietnamese form with a decimal comma: "0,5", "1", "1,25".
    pub fn to_vi(self) -> String {
        self.format(',')
    }

    fn format(self, decimal: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE as u64;
        let frac = abs % SCALE as u64;
        if frac == 0 {
            return format!("{sign}{whole}");
        }
        let frac = format!("{frac:03}");
        format!("{sign}{whole}{decimal}{}", frac.trim_end_matches('0'))
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain())
    }
}

impl FromStr for Points {
    type Err = PointsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Points::parse(s)
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_plain())
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Points::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comma_and_point() {
        assert_eq!(Points::parse("0,5"), Ok(Points(500)));
        assert_eq!(Points::parse("0.5"), Ok(Points(500)));
        assert_eq!(Points::parse("1"), Ok(Points(1000)));
        assert_eq!(Points::parse("1,25"), Ok(Points(1250)));
        assert_eq!(Points::parse(" 2.125 "), Ok(Points(2125)));
        assert_eq!(Points::parse(",5"), Ok(Points(500)));
    }

    #[test]
    fn refuses_bad_input() {
        assert!(matches!(
            Points::parse("abc"),
            Err(PointsError::Malformed(_))
        ));
        assert!(matches!(Points::parse(""), Err(PointsError::Empty)));
        assert!(matches!(Points::parse("-1"), Err(PointsError::Negative(_))));
        assert!(matches!(
            Points::parse("-0,5"),
            Err(PointsError::Negative(_))
        ));
        assert!(matches!(
            Points::parse("1,2345"),
            Err(PointsError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Points::parse("1."),
            Err(PointsError::Malformed(_))
        ));
        assert!(matches!(
            Points::parse("1.2.3"),
            Err(PointsError::Malformed(_))
        ));
        assert!(matches!(
            Points::parse("1e3"),
            Err(PointsError::Malformed(_))
        ));
        assert!(matches!(Points::parse("."), Err(PointsError::Malformed(_))));
        assert!(matches!(
            Points::parse("12345678901"),
            Err(PointsError::Malformed(_))
        ));
    }

    #[test]
    fn refuses_above_max() {
        let max = Points::whole(1);
        assert_eq!(Points::parse_within("1", max), Ok(max));
        assert_eq!(
            Points::parse_within("1,001", max),
            Err(PointsError::AboveMax {
                value: Points(1001),
                max
            })
        );
    }

    #[test]
    fn formats_both_ways() {
        assert_eq!(Points(500).to_plain(), "0.5");
        assert_eq!(Points(1250).to_vi(), "1,25");
        assert_eq!(Points(3000).to_vi(), "3");
        assert_eq!(Points(5).to_plain(), "0.005");
        assert_eq!(Points(-1500).to_plain(), "-1.5");
    }
}
