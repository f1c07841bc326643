//! A unit's filled scoring form (an XLSX read by `exchange::scoring_form`) stored as its
//! self-assessment: every value through the grid's own path ([`super::apply_from_form`]),
//! each change with its audit entry, all in one transaction.

use uuid::Uuid;

use super::{Edit, apply_from_form};
use crate::domain::{Level, Status};
use crate::store::{Result, Store, StoreError, assessments, index_sets};

impl Store {
    /// Stores the values of a unit's filled form (criterion code and edit, in form order) as
    /// its self-assessment, all or nothing. `set` is the index set the form was made from: a
    /// set replaced since is refused. A sent self-assessment or a locked assessment is
    /// refused with the grid's errors. `source` (the form's file name) goes into each audit
    /// entry's reason. Returns the number of edits applied.
    pub fn store_scoring_form(
        &mut self,
        year: i32,
        level: Level,
        unit_code: &str,
        set: Uuid,
        edits: &[(String, Edit)],
        source: &str,
    ) -> Result<usize> {
        let actor = self.actor().to_owned();
        self.write(|tx| {
            let a = assessments::find(tx, year, level, unit_code)?;
            let tree = index_sets::load_by_id(tx, a.set_id)?;
            if tree.id != set {
                return Err(StoreError::Invalid(format!(
                    "Biểu mẫu làm theo bộ chỉ số khác bộ chỉ số năm {year} hiện có; hãy xuất biểu mẫu mới / the form was made for another index set than the year's; export a new form"
                )));
            }
            // The whole form is refused, not only its points: notes and "không phát sinh"
            // are the unit's too once it has sent them.
            if a.locked {
                return Err(StoreError::Locked {
                    unit: a.unit.name.clone(),
                    year: a.year,
                });
            }
            if a.status >= Status::Submitted {
                return Err(StoreError::SelfAssessmentSent {
                    unit: a.unit.name.clone(),
                });
            }
            for (code, edit) in edits {
                apply_from_form(tx, &actor, &a, &tree, code, edit.clone(), source)?;
            }
            Ok(edits.len())
        })
    }
}
