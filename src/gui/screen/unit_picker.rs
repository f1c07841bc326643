//! The unit picker shared by the scoring, evidence, reports and exchange screens: the units
//! assessed in the year being worked on.

use super::Ctx;
use crate::domain::{Lang, Status};
use crate::gui::i18n as t;

/// A unit in the picker.
#[derive(Debug, Clone)]
pub struct UnitChoice {
    pub code: String,
    pub name: String,
    /// Where it stands (the scoring screen's picker): status, criteria still empty, and the
    /// language to say it in.
    pub progress: Option<(Status, usize, Lang)>,
}

/// The same unit, whatever its progress when it was listed.
impl PartialEq for UnitChoice {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for UnitChoice {}

impl std::fmt::Display for UnitChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)?;
        if let Some((status, empty, lang)) = self.progress {
            write!(f, " — {}", status.label(lang))?;
            if empty > 0 {
                write!(f, " · {empty} {}", t::EMPTY_CRITERIA.get(lang))?;
            }
        }
        Ok(())
    }
}

/// The units with their progress, in one read of the store for the whole year.
pub fn unit_choices_with_progress(ctx: &Ctx<'_>) -> Vec<UnitChoice> {
    ctx.store
        .progress_of(ctx.year, ctx.level)
        .map(|list| {
            list.into_iter()
                .map(|p| UnitChoice {
                    code: p.assessment.unit.code,
                    name: p.assessment.unit.name,
                    progress: Some((p.assessment.status, p.empty, ctx.lang)),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The units assessed in the year being worked on, in the store's order.
pub fn unit_choices(ctx: &Ctx<'_>) -> Vec<UnitChoice> {
    ctx.store
        .assessments_of(ctx.year, ctx.level)
        .map(|list| {
            list.into_iter()
                .map(|a| UnitChoice {
                    code: a.unit.code,
                    name: a.unit.name,
                    progress: None,
                })
                .collect()
        })
        .unwrap_or_default()
}
