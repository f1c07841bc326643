//! The unit picker shared by the scoring, evidence, reports and exchange screens: the units
//! assessed in the year being worked on.

use super::Ctx;

/// A unit in the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChoice {
    pub code: String,
    pub name: String,
}

impl std::fmt::Display for UnitChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)
    }
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
                })
                .collect()
        })
        .unwrap_or_default()
}
