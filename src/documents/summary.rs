//! The five-year summary report: the store's figures of the period turned into the
//! report's plain inputs (own ranks, raw totals, citations, the unit-by-year table through
//! the lineage of merged units).

use std::collections::{HashMap, HashSet};

use super::{DocumentError, letterhead};
use crate::domain::{Lang, Level, Status};
use crate::report::{
    self, Citation, Document, Figures, LineageRow, OwnResult, RawFigure, SummaryInputs,
};
use crate::store::Store;
use crate::store::summary::{CitedDoc, SummaryFigures};

/// Builds the summary report of `from..=to` at `level` (the level of the units the issuing
/// body assesses: communes for a district). `template` replaces the built-in body template.
///
/// # Errors
///
/// The store's refusal (no index set in the period, a damaged file) or the report's.
pub fn build_summary(
    store: &Store,
    from: i32,
    to: i32,
    level: Level,
    template: Option<&str>,
) -> Result<Document, DocumentError> {
    let data = store.summary_figures(from, to, level, Lang::Vi)?;
    // The issuing body and signer: the latest year's settings issued by the issuing unit
    // itself (after the 2025 merger the province issues the communes' report), else the
    // latest year's settings.
    let own = data.issuer.as_ref().map(|u| u.name.to_uppercase());
    let mut settings = None;
    for results in data.years.iter().rev() {
        if let Some(found) = store.report_settings(results.set.year, level)? {
            let by_own_unit = own.as_deref() == Some(found.issuer.trim());
            if by_own_unit || settings.is_none() {
                settings = Some(found);
            }
            if by_own_unit {
                break;
            }
        }
    }
    let mut head = letterhead(settings.as_ref());
    // A summary has its own number and date, filled in when it is issued.
    head.number.clear();
    head.date = None;
    let body = template.filter(|t| !t.trim().is_empty());
    let inputs = inputs(&data, from, to);
    Ok(report::summary_report(&inputs, &head, body)?)
}

fn inputs(data: &SummaryFigures, from: i32, to: i32) -> SummaryInputs<'_> {
    let years: Vec<Figures<'_>> = data
        .years
        .iter()
        .map(|r| Figures {
            set: &r.set,
            rows: &r.rows,
            fingerprint: &r.fingerprint,
            previous: None,
        })
        .collect();
    let fingerprint = data
        .years
        .iter()
        .map(|r| format!("{} {}", r.set.year, r.fingerprint))
        .collect::<Vec<_>>()
        .join(", ");
    SummaryInputs {
        from,
        to,
        years,
        own_name: data
            .issuer
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        own: data
            .own
            .iter()
            .map(|o| OwnResult {
                year: o.year,
                rank: o.row.rank,
                of: o.ranked,
                index: o.row.index(),
                classification: o.row.classification.clone(),
            })
            .collect(),
        own_bands: data.own_bands.clone(),
        lineage: lineage_rows(data),
        raw: data
            .raw
            .iter()
            .map(|r| RawFigure {
                label: r.label.clone(),
                total: r.total,
                years: r.years.clone(),
            })
            .collect(),
        raw_from_units: data.raw_from_units.clone(),
        citations: data.cited.iter().map(citation).collect(),
        fingerprint,
    }
}

/// "Kế hoạch số 17/KH-UBND ngày 08/01/2021 về Cải cách hành chính nhà nước năm 2021".
fn citation(doc: &CitedDoc) -> Citation {
    let mut text = doc.doc_type.clone();
    if !doc.number.is_empty() {
        text.push_str(&format!(" số {}", doc.number));
    }
    if let Some(date) = doc.issue_date {
        text.push_str(&format!(" ngày {}", crate::report::date_ref(date)));
    }
    let summary = doc.summary.trim();
    if !summary.is_empty() {
        text.push_str(&format!(" về {summary}"));
    }
    Citation {
        year: doc.year,
        area_code: doc.area_code.clone(),
        area_title: doc.area_title.clone(),
        text,
    }
}

/// The units of the last year in rank order, each followed by the units merged into it;
/// then the units of earlier years that lead to none of them.
fn lineage_rows(data: &SummaryFigures) -> Vec<LineageRow> {
    let mut index: HashMap<(i64, i32), String> = HashMap::new();
    for results in &data.years {
        for (row, a) in results.rows.iter().zip(&results.assessments) {
            let mut text = row
                .index()
                .map_or_else(|| "-".to_owned(), crate::domain::Percent::to_vi);
            if !matches!(row.status, Status::Appraised | Status::Final) {
                text.push_str(" (*)");
            }
            index.insert((a.unit.id, results.set.year), text);
        }
    }
    let years: Vec<i32> = data.years.iter().map(|r| r.set.year).collect();
    let cells = |ids: &[i64]| -> Vec<String> {
        years
            .iter()
            .map(|year| {
                ids.iter()
                    .find_map(|id| index.get(&(*id, *year)).cloned())
                    .unwrap_or_default()
            })
            .collect()
    };
    let name_of = |id: i64| {
        data.units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let mut shown: HashSet<i64> = HashSet::new();
    let mut rows = Vec::new();
    let Some(last) = data.years.last() else {
        return rows;
    };
    for a in &last.assessments {
        // A renamed unit keeps its row: its former name's years are its own.
        let mut own = vec![a.unit.id];
        own.extend(
            data.lineage
                .iter()
                .filter(|l| l.to_unit_id == a.unit.id && l.kind == "renamed")
                .map(|l| l.from_unit_id),
        );
        rows.push(LineageRow {
            name: a.unit.name.clone(),
            cells: cells(&own),
            predecessor: false,
        });
        shown.extend(own.iter().copied());
        for link in data
            .lineage
            .iter()
            .filter(|l| l.to_unit_id == a.unit.id && l.kind == "merged_into")
        {
            if shown.insert(link.from_unit_id) {
                rows.push(LineageRow {
                    name: name_of(link.from_unit_id),
                    cells: cells(&[link.from_unit_id]),
                    predecessor: true,
                });
            }
        }
    }
    for results in &data.years {
        for a in &results.assessments {
            if shown.insert(a.unit.id) {
                rows.push(LineageRow {
                    name: a.unit.name.clone(),
                    cells: cells(&[a.unit.id]),
                    predecessor: false,
                });
            }
        }
    }
    rows
}
