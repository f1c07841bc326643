//! A corrected appendix re-issuing the year's set (issue 14, item 5): read like any
//! appendix, then stored as the set's next version.

use std::path::Path;

use super::index_set_table::{Appendix, SumChoice, read_appendix};
use super::xlsx::SheetError;
use crate::domain::Level;
use crate::domain::text::nfc;
use crate::store::Store;
use crate::store::reissue::ReissuePlan;

/// Reads a corrected appendix and re-issues the year's set with it (one transaction; see
/// [`Store::reissue_index_set`]): the decision's number and date are recorded, the scores of
/// unchanged criteria stay, and the changed and new criteria are returned to be scored.
#[allow(clippy::too_many_arguments)]
pub fn reissue_index_set(
    store: &mut Store,
    path: &Path,
    year: i32,
    level: Level,
    name: &str,
    decision: &str,
    decision_date: Option<chrono::NaiveDate>,
    sums: Option<SumChoice>,
) -> Result<(Appendix, ReissuePlan), SheetError> {
    let mut appendix = read_appendix(path, year, level, name)?;
    if !appendix.mismatches.is_empty() {
        match sums {
            Some(choice) => appendix.settle(choice),
            None => return Err(SheetError::Sums(appendix.mismatches)),
        }
    }
    appendix.set.decision = nfc(decision.trim());
    appendix.set.decision_date = decision_date;
    let plan = store.reissue_index_set(&appendix.set)?;
    Ok((appendix, plan))
}
