//! Import of a received `.cchc` file, treated as hostile: a private copy opened with
//! defensive settings and lowered limits (never attached to the live file), checked
//! (integrity, application id, version, schema shape, audit chain, evidence hashes), every row
//! read into Rust types and validated; then a [`MergePlan`] the GUI can show without reading
//! anything again; then [`Store::apply_import`](crate::store::Store::apply_import): one
//! transaction after a backup, every change through the audited paths with the package id.
//!
//! One module a step: `snapshot` (a file read into Rust types), `receive` (the received file
//! checked as hostile input), `plan` (what the merge would change) built by `planner` and
//! `comparison`, and `apply`.
//!
//! **Conflicts ("changed on both sides").** A package made by `export` carries the
//! hash-chained audit log of the file it came from (a year or unit package only the entries
//! about what it holds, with their original hashes: an excerpt), and a file made from a
//! package keeps that log and appends to it. So the received log holds entries of the live
//! log, with equal hashes, up to the *fork point*: the last state both sides saw (see
//! `comparison::fork_point`). For a field whose received value differs from the live one:
//! - changed in the received log after the fork, not in the live log → a change (old → new);
//! - changed in the live log after the fork, not in the received log → the live value is newer,
//!   it is kept and nothing is listed;
//! - changed on both sides → a conflict, shown side by side, applied only by an explicit choice.
//!
//! Live entries written by an earlier import (they carry a package id) do not count as local
//! edits: they are the sender's own earlier values, so a commune that sends twice is not in
//! conflict with itself. When the two logs share no entry (the files never had a common
//! ancestor), a differing value is a change when the live field is empty and a conflict
//! otherwise.

mod apply;
mod comparison;
mod plan;
mod planner;
mod receive;
mod snapshot;

use uuid::Uuid;

use super::{Result, StoreError};

pub use plan::{
    Applied, Choices, Conflict, Field, FieldChange, MergePlan, NewAssessment, NewEvidence, NewLink,
    NewUnit, Place, PlanOptions, Refused, Resolution, Signer, Value,
};
pub(crate) use receive::open_foreign;
pub use receive::{Received, receive};
pub use snapshot::{AssessmentRow, DocRow, LinkRow, Snapshot, UnitRow};

fn bad(table: &str, detail: impl Into<String>) -> StoreError {
    StoreError::BadRow {
        table: table.into(),
        detail: detail.into(),
    }
}

fn uuid_of(table: &str, text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| bad(table, format!("mã định danh \"{text}\" không hợp lệ")))
}
