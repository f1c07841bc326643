//! What the scoring screen needs for one unit, read in one go, and its edits.

use std::collections::HashMap;

use super::assessments::{self, Assessment};
use super::scores::{self, Edit};
use super::{Result, Store, StoreError, evidence, index_sets, units};
use crate::domain::{IndexSet, Level, Points, Status, UnitInput};

/// One unit's scoring sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub set: IndexSet,
    pub assessment: Assessment,
    pub input: UnitInput,
    /// Number of linked documents per leaf code.
    pub evidence: HashMap<String, usize>,
    /// The same unit's points of the year before (final, else round 1, else self) per leaf
    /// code, for the quiet mark on a value far from last year's.
    pub last_year: HashMap<String, Points>,
}

impl Store {
    /// The assessments of a year and level, for pickers: (unit code, unit name, status).
    pub fn assessments_of(&self, year: i32, level: Level) -> Result<Vec<Assessment>> {
        let set_id = index_sets::id_of(self.conn(), year, level)?;
        let mut list = assessments::for_set(self.conn(), set_id)?;
        list.sort_by(|a, b| crate::domain::text::compare_vi(&a.unit.name, &b.unit.name));
        Ok(list)
    }

    pub fn sheet(&self, year: i32, level: Level, unit_code: &str) -> Result<Sheet> {
        let conn = self.conn();
        let assessment = assessments::find(conn, year, level, unit_code)?;
        let set = index_sets::load_by_id(conn, assessment.set_id)?;
        let last_year = self.points_of_year_before(&assessment, &set)?;
        let mut sheet = Sheet {
            set,
            assessment,
            input: UnitInput::default(),
            evidence: HashMap::new(),
            last_year,
        };
        self.refresh_sheet(&mut sheet)?;
        Ok(sheet)
    }

    /// The unit's effective points per leaf in the year before, for the leaves of `set`
    /// that were there then under the same code and title. The unit of the year before is
    /// the unit itself, or the one it was formed from that kept its code (the 2025 merger);
    /// empty when there is none.
    fn points_of_year_before(
        &self,
        a: &Assessment,
        set: &IndexSet,
    ) -> Result<HashMap<String, Points>> {
        let conn = self.conn();
        let year = a.year - 1;
        let mut before = assessments::of_unit(conn, year, a.level, a.unit.id)?;
        if before.is_none()
            && let Some(from) = units::predecessor_keeping_code(conn, a.unit.id)?
        {
            before = assessments::of_unit(conn, year, a.level, from)?;
        }
        let Some(before) = before else {
            return Ok(HashMap::new());
        };
        let then = index_sets::load_by_id(conn, before.set_id)?;
        let input = scores::input_of(conn, before.set_id, before.id)?;
        let titles: HashMap<&str, &str> = set
            .leaves()
            .into_iter()
            .map(|n| (&*n.code, &*n.title))
            .collect();
        Ok(then
            .leaves()
            .into_iter()
            .filter(|n| titles.get(&*n.code) == Some(&&*n.title))
            .filter_map(|n| {
                let points = input.scores.get(&n.id)?.effective()?;
                Some((n.code.to_string(), points))
            })
            .collect())
    }

    /// Re-reads what an edit of this sheet can change: the assessment (status, lock), its own
    /// score rows (not the rest of the set's) and its evidence counts; the index set stays.
    pub fn refresh_sheet(&self, sheet: &mut Sheet) -> Result<()> {
        let conn = self.conn();
        if let Some(assessment) = assessments::by_id(conn, sheet.assessment.id)? {
            sheet.assessment = assessment;
        }
        let a = &sheet.assessment;
        sheet.input = scores::input_of(conn, a.set_id, a.id)?;
        let ids = index_sets::criterion_ids(conn, a.set_id)?;
        let codes: HashMap<uuid::Uuid, &str> = sheet
            .set
            .leaves()
            .into_iter()
            .map(|n| (n.id, &*n.code))
            .collect();
        sheet.evidence.clear();
        for link in evidence::links_of(conn, a.id)? {
            if let Some(code) = ids.get(&link.criterion_id).and_then(|uuid| codes.get(uuid)) {
                *sheet.evidence.entry((*code).to_owned()).or_default() += 1;
            }
        }
        Ok(())
    }

    /// One edit of a unit's leaf named by codes (the command line's `score`): the assessment
    /// of the unit in `year`'s set of `level`, the edit and its audit entry in one
    /// transaction. Returns the unit's name.
    pub fn score_criterion(
        &mut self,
        year: i32,
        level: Level,
        unit_code: &str,
        code: &str,
        edit: Edit,
        reason: &str,
    ) -> Result<String> {
        let actor = self.actor().to_owned();
        self.write(|tx| {
            let a = assessments::find(tx, year, level, unit_code)?;
            let set = index_sets::load_by_id(tx, a.set_id)?;
            scores::apply(tx, &actor, &a, &set, code, edit, reason)?;
            Ok(a.unit.name)
        })
    }

    /// One edit of one leaf, with its audit entry, by the current user.
    pub fn edit_score(
        &mut self,
        a: &Assessment,
        set: &IndexSet,
        code: &str,
        edit: Edit,
        reason: &str,
    ) -> Result<()> {
        let actor = self.actor().to_owned();
        self.write(|tx| scores::apply(tx, &actor, a, set, code, edit, reason))
    }

    /// Several edits in one transaction (a pasted column): all or nothing.
    pub fn edit_scores(
        &mut self,
        a: &Assessment,
        set: &IndexSet,
        edits: Vec<(String, Edit)>,
        reason: &str,
    ) -> Result<()> {
        let actor = self.actor().to_owned();
        self.write(|tx| {
            for (code, edit) in edits {
                scores::apply(tx, &actor, a, set, &code, edit, reason)?;
            }
            Ok(())
        })
    }

    /// Moves an assessment one step: forward (`Status::next`), or back one step with a reason
    /// (a unit sent back to correct, a final one reopened). A jump is refused, so no
    /// assessment is published without having been appraised.
    pub fn set_status(&mut self, a: &Assessment, status: Status, reason: &str) -> Result<()> {
        let back = status.next() == Some(a.status);
        if a.status.next() != Some(status) && !back {
            return Err(StoreError::StatusStep {
                from: a.status,
                to: status,
            });
        }
        if back && reason.trim().is_empty() {
            return Err(StoreError::ReasonRequired(
                "trả lại một bước / sending back one step".into(),
            ));
        }
        let actor = self.actor().to_owned();
        self.write(|tx| assessments::set_status(tx, &actor, a, status, reason))
    }
}
