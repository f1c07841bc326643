//! Ranking and classification of the units of one index set: the one function every
//! screen, document, spreadsheet and command line output is made from.

use std::cmp::Ordering;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::index_set::{IndexSet, RankingRule};
use super::percent::Percent;
use super::scoring::{Totals, UnitScore};
use super::text::compare_vi;

/// The workflow state of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
    Appraised,
    Final,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Submitted,
        Status::Appraised,
        Status::Final,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Appraised => "appraised",
            Status::Final => "final",
        }
    }

    /// The one step forward an assessment may take (nộp, thẩm định, công bố); reopening a
    /// final one goes back to `Appraised`, with a reason.
    pub fn next(self) -> Option<Status> {
        match self {
            Status::Draft => Some(Status::Submitted),
            Status::Submitted => Some(Status::Appraised),
            Status::Appraised => Some(Status::Final),
            Status::Final => None,
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            Status::Draft => lang.pick("Đang tự đánh giá", "Drafting"),
            Status::Submitted => lang.pick("Đã gửi", "Submitted"),
            Status::Appraised => lang.pick("Đã thẩm định", "Appraised"),
            Status::Final => lang.pick("Đã công bố", "Final"),
        }
    }
}

/// One unit to be ranked.
#[derive(Debug, Clone)]
pub struct Entry {
    pub unit_code: String,
    pub unit_name: String,
    pub status: Status,
    pub score: UnitScore,
}

/// One row of the ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankedRow {
    /// `None` when nothing could be scored (an empty maximum).
    pub rank: Option<u32>,
    pub unit_code: String,
    pub unit_name: String,
    pub status: Status,
    pub classification: Option<String>,
    #[serde(skip)]
    pub totals: Totals,
    #[serde(skip)]
    pub score: UnitScore,
}

impl RankedRow {
    pub fn index(&self) -> Option<Percent> {
        self.totals.index
    }
}

/// Sorts by index (as printed) descending, ties in Vietnamese alphabetical order of the name,
/// and gives ranks by the set's tie rule.
pub fn rank(set: &IndexSet, entries: Vec<Entry>) -> Vec<RankedRow> {
    let mut entries = entries;
    entries.sort_by(|a, b| {
        match (a.score.totals.index, b.score.totals.index) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| compare_vi(&a.unit_name, &b.unit_name))
        .then_with(|| a.unit_code.cmp(&b.unit_code))
    });

    let mut rows = Vec::with_capacity(entries.len());
    let mut previous: Option<(Percent, u32)> = None;
    let mut distinct = 0_u32;
    for (position, entry) in entries.into_iter().enumerate() {
        let index = entry.score.totals.index;
        let rank = index.map(|index| match previous {
            Some((prev, prev_rank)) if prev == index => prev_rank,
            _ => {
                distinct += 1;
                let rank = match set.ranking {
                    RankingRule::Competition => position as u32 + 1,
                    RankingRule::Dense => distinct,
                };
                previous = Some((index, rank));
                rank
            }
        });
        rows.push(RankedRow {
            rank,
            classification: index.and_then(|i| set.classify(i)).map(str::to_owned),
            unit_code: entry.unit_code,
            unit_name: entry.unit_name,
            status: entry.status,
            totals: entry.score.totals,
            score: entry.score,
        });
    }
    rows
}

/// How many units fall in each band of the set, in the set's band order.
pub fn class_counts(set: &IndexSet, rows: &[RankedRow]) -> Vec<(String, usize)> {
    set.bands
        .iter()
        .map(|band| {
            let count = rows
                .iter()
                .filter(|r| r.classification.as_deref() == Some(band.name.as_str()))
                .count();
            (band.name.clone(), count)
        })
        .collect()
}

/// A short fingerprint of the figures of a ranking: printed in every PDF footer and by
/// `parindex check`, so a signed paper can be matched to the data it came from.
pub fn fingerprint(set: &IndexSet, rows: &[RankedRow]) -> String {
    // Fixed-width integers, not formatted text, gathered per row and hashed in one call:
    // this runs over every leaf of every unit.
    let mut hasher = Sha256::new();
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let field = |buf: &mut Vec<u8>, value: i64| buf.extend_from_slice(&value.to_le_bytes());
    buf.extend_from_slice(set.id.as_bytes());
    field(&mut buf, i64::from(set.year));
    buf.extend_from_slice(set.level.as_str().as_bytes());
    for row in rows {
        let t = &row.totals;
        buf.extend_from_slice(row.unit_code.as_bytes());
        buf.push(0);
        buf.extend_from_slice(row.status.as_str().as_bytes());
        for value in [
            t.self_points.milli(),
            t.appraised_points.map_or(-1, |p| p.milli()),
            t.effective_points.milli(),
            t.survey_points.milli(),
            t.bonus.milli(),
            t.penalty.milli(),
            t.max_points.milli(),
            t.index.map_or(-1, |i| i.scaled()),
        ] {
            field(&mut buf, value);
        }
        for leaf in row.score.roots.iter().flat_map(super::scoring::leaves_of) {
            buf.extend_from_slice(leaf.code.as_bytes());
            buf.extend_from_slice(&[0, u8::from(leaf.na)]);
            for value in [leaf.self_points, leaf.appraised_points, leaf.final_points] {
                field(&mut buf, value.map_or(-1, |p| p.milli()));
            }
        }
        hasher.update(&buf);
        buf.clear();
    }
    hasher.update(&buf);
    let digest = hasher.finalize();
    digest[..5].iter().map(|b| format!("{b:02X}")).collect()
}
