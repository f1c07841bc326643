//! Report settings per year and level: the header, number, date, signature and recipients.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Result;
use crate::domain::Level;
use crate::domain::text::nfc;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// "ỦY BAN NHÂN DÂN"
    pub issuer_parent: String,
    /// "HUYỆN THẠCH AN"
    pub issuer: String,
    /// "270/BC-UBND"
    pub number: String,
    /// "Thạch An"
    pub place: String,
    pub date: Option<NaiveDate>,
    pub title: String,
    pub summary: String,
    /// "TM", "KT" or "none".
    pub signer_mode: String,
    /// "ỦY BAN NHÂN DÂN" (after "TM.")
    pub signer_org: String,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// The body with placeholders; empty means the built-in template.
    pub body_template: String,
    /// The ranking is a signed document of its own ("Bảng tổng hợp kết quả …"), not an
    /// appendix of the report.
    #[serde(default)]
    pub ranking_signed: bool,
}

pub(super) fn save(
    tx: &Transaction<'_>,
    year: i32,
    level: Level,
    s: &ReportSettings,
) -> Result<()> {
    tx.execute(
        "INSERT INTO report_settings (year, level, issuer_parent, issuer, number, place, date, title, summary,
                                      signer_mode, signer_org, signer_title, signer_name, recipients, body_template, ranking_form)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (year, level) DO UPDATE SET issuer_parent = excluded.issuer_parent, issuer = excluded.issuer,
            number = excluded.number, place = excluded.place, date = excluded.date, title = excluded.title,
            summary = excluded.summary, signer_mode = excluded.signer_mode, signer_org = excluded.signer_org,
            signer_title = excluded.signer_title, signer_name = excluded.signer_name,
            recipients = excluded.recipients, body_template = excluded.body_template,
            ranking_form = excluded.ranking_form",
        params![
            year,
            level.as_str(),
            nfc(&s.issuer_parent),
            nfc(&s.issuer),
            nfc(&s.number),
            nfc(&s.place),
            s.date.map(|d| d.to_string()),
            nfc(&s.title),
            nfc(&s.summary),
            s.signer_mode,
            nfc(&s.signer_org),
            nfc(&s.signer_title),
            nfc(&s.signer_name),
            s.recipients.iter().map(|r| nfc(r)).collect::<Vec<_>>().join("\n"),
            nfc(&s.body_template),
            if s.ranking_signed { "document" } else { "appendix" },
        ],
    )?;
    Ok(())
}

pub(super) fn load(conn: &Connection, year: i32, level: Level) -> Result<Option<ReportSettings>> {
    Ok(conn
        .query_row(
            "SELECT issuer_parent, issuer, number, place, date, title, summary, signer_mode, signer_org, signer_title,
                    signer_name, recipients, body_template, ranking_form
             FROM report_settings WHERE year = ?1 AND level = ?2",
            params![year, level.as_str()],
            |r| {
                Ok(ReportSettings {
                    issuer_parent: r.get(0)?,
                    issuer: r.get(1)?,
                    number: r.get(2)?,
                    place: r.get(3)?,
                    date: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|s| crate::domain::format::parse_iso_date(&s)),
                    title: r.get(5)?,
                    summary: r.get(6)?,
                    signer_mode: r.get(7)?,
                    signer_org: r.get(8)?,
                    signer_title: r.get(9)?,
                    signer_name: r.get(10)?,
                    recipients: r.get::<_, String>(11)?.lines().map(str::to_owned).collect(),
                    body_template: r.get(12)?,
                    ranking_signed: r.get::<_, String>(13)? == "document",
                })
            },
        )
        .optional()?)
}
