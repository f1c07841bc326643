//! Pure types and rules of the PAR index; no I/O.

pub mod compare;
pub mod explain;
pub mod format;
pub mod guidance;
pub mod index_set;
pub mod lang;
pub mod limits;
pub mod percent;
pub mod points;
pub mod ranking;
pub mod reissue;
pub mod scoring;
pub mod text;
pub mod unit;

pub use index_set::{
    Band, EarlierVersion, IndexSet, Leaf, LeafKind, Level, NaPolicy, Node, PointBand, RankingRule,
};
pub use lang::Lang;
pub use percent::Percent;
pub use points::{Points, PointsError};
pub use ranking::{Entry, RankedRow, Status, rank};
pub use scoring::{Explained, LeafScore, Raw, Totals, UnitInput, UnitScore, score_unit};
pub use unit::{UnitKind, UnitLevel};
