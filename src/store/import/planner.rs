//! Building the merge plan: the sender checked against this file's trusted keys, then the
//! received file compared with the live one (`comparison`).

use std::collections::HashMap;

use crate::domain::text::for_terminal;
use crate::store::export::ScopeKind;
use crate::store::signing;
use crate::store::{Result, Store, StoreError};

use super::bad;
use super::comparison::Comparison;
use super::plan::{MergePlan, PlanOptions, Signer};
use super::receive::Received;
use super::snapshot::{Snapshot, UnitRow};

impl Store {
    /// The signer of a received package against this file's trusted keys: a unit whose key is
    /// registered must sign with that key ([`StoreError::KeyMismatch`] otherwise).
    fn check_signer(
        &self,
        received: &Received,
        kind: ScopeKind,
        sender_unit: Option<&UnitRow>,
    ) -> Result<Signer> {
        let key = received.signer;
        // A package this file made itself (the district's own package for a commune, read
        // back): its own key, trusted as itself, never offered as the commune's.
        if self.own_key()? == Some(key) {
            return Ok(Signer {
                key,
                sender: format!("key:{}", key.fingerprint()),
                label: "tệp này / this file".into(),
                known: true,
            });
        }
        let (sender, label) = match (kind, sender_unit) {
            (ScopeKind::Unit, Some(u)) => {
                (format!("unit:{}", u.uuid), format!("{} {}", u.code, u.name))
            }
            _ => (
                format!("key:{}", key.fingerprint()),
                received.package.created_by.clone(),
            ),
        };
        let known = match signing::trusted(self.conn(), &sender)? {
            Some(t) if t.key == key => true,
            Some(t) => {
                return Err(StoreError::KeyMismatch {
                    sender: label,
                    expected: t.key.fingerprint(),
                    found: key.fingerprint(),
                });
            }
            None => false,
        };
        Ok(Signer {
            key,
            sender,
            label,
            known,
        })
    }

    /// Builds the merge plan of a received file; changes nothing.
    pub fn plan_import(&self, received: &Received, options: PlanOptions) -> Result<MergePlan> {
        let live = Snapshot::read_live(self.conn())?;
        let pkg = &received.snapshot;
        let kind = received.package.kind;
        let sender = received.package.sender_unit;
        if kind == ScopeKind::Unit && !sender.is_some_and(|u| live.units.contains_key(&u)) {
            let code = received.package.sender_code.clone().unwrap_or_default();
            return Err(bad(
                "meta",
                format!(
                    "đơn vị gửi {} không có trong tệp này / the sending unit is not in this file",
                    for_terminal(&code)
                ),
            ));
        }
        let signer = self.check_signer(received, kind, sender.and_then(|u| live.units.get(&u)))?;
        let compare = Comparison::new(&live, pkg, kind, sender, options);
        let package_id = received.package.id.to_string();
        let already_imported = live
            .audit
            .iter()
            .any(|e| e.package.as_deref() == Some(package_id.as_str()));

        let mut plan = MergePlan {
            package: received.package.clone(),
            source: received.source.clone(),
            already_imported,
            common_history: compare.fork,
            new_units: Vec::new(),
            new_assessments: Vec::new(),
            changes: Vec::new(),
            new_evidence: Vec::new(),
            new_links: Vec::new(),
            conflicts: Vec::new(),
            refused: Vec::new(),
            late: Vec::new(),
            live_head: live.audit.last().map(|e| e.hash.clone()),
            new_assessment_scores: HashMap::new(),
            signer,
            // Two files that never shared an entry: a whole or year file of another office
            // would add its units and documents beside this file's own.
            unrelated: compare.fork == 0
                && kind != ScopeKind::Unit
                && !live.audit.is_empty()
                && !pkg.audit.is_empty(),
        };
        // Units: new ones come only in a whole or year file.
        if kind != ScopeKind::Unit {
            compare.units(&mut plan);
        }
        let mapped = compare.assessments(&mut plan);
        compare.evidence(&mut plan, &mapped);
        Ok(plan)
    }
}
