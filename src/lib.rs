//! parindex: offline PAR index (Chỉ số CCHC) scoring, ranking and reporting.
//!
//! Layering: `domain` (pure rules) ← `store` (all SQL), `report` (PDF), `demo` ←
//! `documents` (store → report) ← `cli`, `gui`. `fs_atomic` (whole files written atomically)
//! depends on nothing of ours.

pub mod charts;
pub mod cli;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod exchange;
pub mod fs_atomic;
pub mod gui;
pub mod report;
pub mod store;
