//! The report (Báo cáo kết quả xác định Chỉ số CCHC năm N): Decree 30 header, a body from
//! the editable template filled with the year's figures, "Nơi nhận" and signature, and the
//! ranking as an appendix (Phụ lục).
//!
//! The appendix is on landscape pages after the portrait report, with the same table as the
//! ranking document (per-area points included).

use super::common::{Stage, band_ranges, count, footer, is_provisional, open_units, pct, stage};
use super::inputs::{Figures, Letterhead};
use super::ranking::{appendix_heading, index_chart, notes, table, unit_noun, whom};
use super::{Block, Document, Orientation, ReportError, SignatureBlock, template};
use crate::domain::compare::{Prior, average};
use crate::domain::percent::round_half_up_div;
use crate::domain::ranking::class_counts;
use crate::domain::{Percent, Points, RankedRow};

/// Every placeholder the body template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "nam",
    "nam_truoc",
    "cap",
    "doi_tuong",
    "co_quan",
    "bo_chi_so",
    "quyet_dinh",
    "so_don_vi",
    "xep_loai",
    "xep_loai_chi_tiet",
    "cao_nhat",
    "thap_nhat",
    "trung_binh",
    "linh_vuc_mat_diem",
    "so_sanh_nam_truoc",
    "tam_tinh",
];

/// Units named per band in `{xep_loai_chi_tiet}` before "và N đơn vị khác": a province's
/// hundreds of communes belong in the appendix, not in a sentence.
const NAMED_PER_BAND: usize = 15;
/// Areas named in `{linh_vuc_mat_diem}`.
const WEAKEST_AREAS: usize = 3;

/// Builds the report.
///
/// # Errors
///
/// [`ReportError::Template`] when the stored template names an unknown placeholder.
pub fn annual_report(figures: &Figures<'_>, head: &Letterhead) -> Result<Document, ReportError> {
    let set = figures.set;
    let year = set.year;
    let body = if head.body_template.trim().is_empty() {
        template::DEFAULT
    } else {
        head.body_template.as_str()
    };
    let values = values(figures, head);
    let body = template::fill(body, &values)?;

    let title = if head.title.trim().is_empty() {
        "BÁO CÁO".to_owned()
    } else {
        head.title.trim().to_owned()
    };
    let summary = if head.summary.trim().is_empty() {
        format!(
            "Kết quả xác định Chỉ số cải cách hành chính năm {year} của {}",
            whom(figures)
        )
    } else {
        head.summary.trim().to_owned()
    };
    let (title, summary) = draft_title(figures, title, summary);
    let mut blocks = vec![
        Block::OfficialHeader(head.header(year)),
        Block::Title {
            title,
            summary: Some(summary),
        },
    ];
    blocks.extend(body);
    blocks.push(Block::Signature(SignatureBlock {
        recipients: head.recipients.clone(),
        signers: vec![head.signer()],
    }));
    blocks.push(Block::NewPage(Orientation::Landscape));
    blocks.extend(appendix_heading(figures, head));
    blocks.push(Block::Table(table(figures)));
    blocks.extend(notes(figures));
    let draft = if open_units(figures.rows).is_empty() {
        ""
    } else {
        " (dự thảo)"
    };
    blocks.push(index_chart(figures));
    Ok(Document {
        title: format!("Báo cáo kết quả xác định Chỉ số CCHC năm {year}{draft}"),
        orientation: Orientation::Portrait,
        blocks,
        footer: Some(footer(figures.fingerprint)),
        footnotes: Vec::new(),
    })
}

/// A year whose assessments are not all final: "DỰ THẢO" above the title and "(Kết quả
/// tạm tính)" after the summary, so nobody signs provisional figures as results.
pub(crate) fn draft_title(
    figures: &Figures<'_>,
    title: String,
    summary: String,
) -> (String, String) {
    if open_units(figures.rows).is_empty() {
        (title, summary)
    } else {
        (
            format!("DỰ THẢO\n{title}"),
            format!("{summary} (Kết quả tạm tính)"),
        )
    }
}

/// The computed figures, by placeholder name.
fn values(figures: &Figures<'_>, head: &Letterhead) -> Vec<(&'static str, String)> {
    let set = figures.set;
    let ranked: Vec<&RankedRow> = figures.rows.iter().filter(|r| r.rank.is_some()).collect();
    let co_quan = match head.issuer_in_text() {
        text if text.is_empty() => "Ủy ban nhân dân".to_owned(),
        text => text,
    };
    let quyet_dinh = if set.decision.trim().is_empty() {
        "văn bản của cấp có thẩm quyền".to_owned()
    } else {
        let mut text = format!("Quyết định số {}", set.decision.trim());
        if let Some(date) = set.decision_date {
            text.push_str(&format!(" ngày {}", super::common::date_ref(date)));
        }
        if !set.issuer.trim().is_empty() {
            text.push_str(&format!(
                " của {}",
                super::inputs::body_in_full(&set.issuer)
            ));
        }
        if let Some(replaced) = super::common::replaces(set) {
            text.push_str(&format!(" ({replaced})"));
        }
        text
    };
    vec![
        ("nam", set.year.to_string()),
        ("nam_truoc", (set.year - 1).to_string()),
        ("cap", set.level.label_vi().to_owned()),
        ("doi_tuong", whom(figures)),
        ("co_quan", co_quan),
        ("bo_chi_so", set.name.clone()),
        ("quyet_dinh", quyet_dinh),
        ("so_don_vi", count(figures.rows.len())),
        ("xep_loai", classes(figures)),
        ("xep_loai_chi_tiet", classes_in_detail(figures)),
        ("cao_nhat", extreme(&ranked, true)),
        ("thap_nhat", extreme(&ranked, false)),
        ("trung_binh", percent_text(average(figures.rows))),
        ("linh_vuc_mat_diem", weakest_areas(figures)),
        ("so_sanh_nam_truoc", comparison(figures)),
        ("tam_tinh", provisional(figures)),
    ]
}

fn percent_text(index: Option<Percent>) -> String {
    index.map_or_else(|| "-".to_owned(), |p| format!("{}%", p.to_vi()))
}

/// "01/14 đơn vị xếp loại Tốt (từ 90% trở lên); 13/14 đơn vị xếp loại Khá (…)".
fn classes(figures: &Figures<'_>) -> String {
    let total = figures.rows.len();
    let noun = unit_noun(figures);
    let mut parts: Vec<String> = band_ranges(figures.set)
        .into_iter()
        .zip(class_counts(figures.set, figures.rows))
        .filter(|(_, (_, n))| *n > 0)
        .map(|((name, range), (_, n))| {
            format!(
                "{}/{} {noun} xếp loại {name} ({range})",
                count(n),
                count(total)
            )
        })
        .collect();
    let unranked = figures.rows.iter().filter(|r| r.rank.is_none()).count();
    if unranked > 0 {
        parts.push(format!(
            "{}/{} {noun} chưa đủ số liệu để xếp loại",
            count(unranked),
            count(total)
        ));
    }
    if !open_units(figures.rows).is_empty() && !parts.is_empty() {
        return format!("(tạm tính) {}", parts.join("; "));
    }
    if parts.is_empty() {
        "chưa có đơn vị được xếp loại".to_owned()
    } else {
        parts.join("; ")
    }
}

/// "xếp loại Tốt: Xã Kim Đồng (91,89%); xếp loại Khá: …".
fn classes_in_detail(figures: &Figures<'_>) -> String {
    let parts: Vec<String> = figures
        .set
        .bands
        .iter()
        .filter_map(|band| {
            let members: Vec<&RankedRow> = figures
                .rows
                .iter()
                .filter(|r| r.classification.as_deref() == Some(band.name.as_str()))
                .collect();
            if members.is_empty() {
                return None;
            }
            let mut names: Vec<String> = members
                .iter()
                .take(NAMED_PER_BAND)
                .map(|r| format!("{} ({}%)", r.unit_name, pct(r.index())))
                .collect();
            if members.len() > NAMED_PER_BAND {
                names.push(format!("và {} đơn vị khác", members.len() - NAMED_PER_BAND));
            }
            Some(format!("xếp loại {}: {}", band.name, names.join(", ")))
        })
        .collect();
    if parts.is_empty() {
        "chưa có đơn vị được xếp loại".to_owned()
    } else {
        parts.join("; ")
    }
}

/// The highest (or lowest) ranked units, all of them when tied: "Xã Kim Đồng (91,89%)".
fn extreme(ranked: &[&RankedRow], highest: bool) -> String {
    let pick = if highest {
        ranked.first()
    } else {
        ranked.last()
    };
    let Some(target) = pick.and_then(|r| r.index()) else {
        return "-".to_owned();
    };
    let names: Vec<&str> = ranked
        .iter()
        .filter(|r| r.index() == Some(target))
        .map(|r| r.unit_name.as_str())
        .collect();
    format!("{} ({}%)", names.join(", "), target.to_vi())
}

/// Points rounded half up to hundredths: averages are printed with at most two decimals.
fn mean_points(sum_milli: i128, n: usize) -> Points {
    let hundredths = round_half_up_div(sum_milli, n.max(1) as i128 * 10);
    Points::from_milli(i64::try_from(hundredths * 10).unwrap_or(i64::MAX))
}

/// The areas where units lost most points on average: "Cải cách thủ tục hành chính (bình
/// quân mỗi đơn vị bị trừ 3,25/15 điểm)".
fn weakest_areas(figures: &Figures<'_>) -> String {
    let ranked: Vec<&RankedRow> = figures.rows.iter().filter(|r| r.rank.is_some()).collect();
    if ranked.is_empty() {
        return "chưa có số liệu".to_owned();
    }
    // A unit still self-assessing has no survey points yet; counting it would show the
    // survey as the weakest area. The appraised units tell where points were lost.
    let appraised: Vec<&RankedRow> = ranked
        .iter()
        .copied()
        .filter(|r| !is_provisional(r))
        .collect();
    let (scored, basis) = if appraised.is_empty() || appraised.len() == ranked.len() {
        (ranked, String::new())
    } else {
        let basis = format!(
            " (tính trên {} đơn vị đã có kết quả cuối cùng)",
            count(appraised.len())
        );
        (appraised, basis)
    };
    let mut lost: Vec<(Points, Points, &str)> = super::common::areas(figures.set)
        .into_iter()
        .map(|(position, node)| {
            let (mut lost, mut max) = (0_i128, 0_i128);
            for row in &scored {
                if let Some(root) = row.score.roots.get(position) {
                    let got = root.effective.unwrap_or(Points::ZERO);
                    lost += i128::from(root.max_points.saturating_sub(got).milli().max(0));
                    max += i128::from(root.max_points.milli());
                }
            }
            (
                mean_points(lost, scored.len()),
                mean_points(max, scored.len()),
                &*node.title,
            )
        })
        .filter(|(lost, _, _)| *lost > Points::ZERO)
        .collect();
    // Most points lost first; equal losses keep the set's order.
    lost.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    if lost.is_empty() {
        return "không có lĩnh vực nào bị trừ điểm".to_owned();
    }
    let list = lost
        .into_iter()
        .take(WEAKEST_AREAS)
        .map(|(lost, max, title)| {
            format!(
                "{title} (bình quân mỗi đơn vị bị trừ {} trên {} điểm tối đa, sau khi loại các tiêu chí không phát sinh)",
                lost.to_vi(),
                max.to_vi()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{list}{basis}")
}

/// Two percentages at a common precision, as (a − b) in that precision.
fn difference(a: Percent, b: Percent) -> Percent {
    let precision = a.precision().max(b.precision());
    let at =
        |p: Percent| i128::from(p.scaled()) * 10_i128.pow(u32::from(precision - p.precision()));
    let diff = at(a) - at(b);
    Percent::from_scaled(i64::try_from(diff).unwrap_or(0), precision)
}

/// The comparison with last year: class counts, the average index, and rank movements.
fn comparison(figures: &Figures<'_>) -> String {
    let year = figures.set.year;
    let Some(previous) = figures.previous else {
        return format!(
            "Năm {} chưa có dữ liệu Chỉ số CCHC {} để so sánh.",
            year - 1,
            figures.set.level.label_vi()
        );
    };
    let before: Vec<String> = previous
        .class_counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| {
            format!(
                "{}/{} đơn vị xếp loại {name}",
                count(*n),
                count(previous.units)
            )
        })
        .collect();
    let mut text = format!(
        "Năm {}, có {} đơn vị được xếp hạng: {}; Chỉ số trung bình đạt {}.",
        previous.year,
        count(previous.units),
        if before.is_empty() {
            "chưa có đơn vị được xếp loại".to_owned()
        } else {
            before.join("; ")
        },
        percent_text(previous.average)
    );
    if let (Some(now), Some(then)) = (average(figures.rows), previous.average) {
        let diff = difference(now, then);
        let movement = match diff.scaled() {
            0 => "không thay đổi so với".to_owned(),
            d if d > 0 => format!("tăng {} điểm phần trăm so với", diff.to_vi()),
            _ => format!(
                "giảm {} điểm phần trăm so với",
                Percent::from_scaled(-diff.scaled(), diff.precision()).to_vi()
            ),
        };
        let provisional = if open_units(figures.rows).is_empty() {
            ""
        } else {
            " tạm tính"
        };
        text.push_str(&format!(
            " Năm {year}, Chỉ số trung bình{provisional} đạt {}%, {movement} năm {}.",
            now.to_vi(),
            previous.year
        ));
    }
    // A merged unit is compared with the best rank of its predecessors (the rule the
    // appendix states).
    let (mut up, mut down, mut same, mut merged) = (0, 0, 0, 0);
    for (row, prior) in figures.rows.iter().zip(&previous.priors) {
        let before = match prior {
            Prior::Ranked(rank) => *rank,
            Prior::Merged(predecessors) => {
                merged += 1;
                predecessors.iter().filter_map(|p| p.rank).min()
            }
            Prior::None => None,
        };
        match (before, row.rank) {
            (Some(before), Some(now)) if before > now => up += 1,
            (Some(before), Some(now)) if before < now => down += 1,
            (Some(_), Some(_)) => same += 1,
            _ => {}
        }
    }
    let compared = up + down + same;
    if compared > 0 {
        let noun = unit_noun(figures);
        let part = |n: usize, what: &str| {
            if n == 0 {
                format!("không có {noun} nào {what}")
            } else {
                format!("{} {noun} {what}", count(n))
            }
        };
        text.push_str(&format!(
            " Về thứ hạng{}: {}, {}, {}.",
            if open_units(figures.rows).is_empty() {
                ""
            } else {
                " (tạm tính)"
            },
            part(up, "tăng hạng"),
            part(down, "giảm hạng"),
            part(same, "giữ nguyên thứ hạng")
        ));
    }
    if merged > 0 {
        text.push_str(&format!(
            " {} đơn vị hình thành sau sắp xếp đơn vị hành chính được so sánh với thứ hạng tốt nhất năm {} của các đơn vị cũ hợp nhất, nêu tại Phụ lục (số liệu suy ra, chỉ để tham khảo).",
            count(merged),
            previous.year
        ));
    }
    text
}

/// Names the units whose results are not final, by the stage they reached, or nothing.
fn provisional(figures: &Figures<'_>) -> String {
    let open: Vec<&RankedRow> = figures.rows.iter().filter(|r| is_provisional(r)).collect();
    if open.is_empty() {
        return String::new();
    }
    let stages: Vec<String> = [Stage::SelfAssessed, Stage::Round1, Stage::Final]
        .into_iter()
        .filter_map(|wanted| {
            let names: Vec<&str> = open
                .iter()
                .filter(|r| stage(r) == wanted)
                .map(|r| r.unit_name.as_str())
                .collect();
            let at = match wanted {
                Stage::SelfAssessed => "mới có điểm tự đánh giá",
                Stage::Round1 => "đã thẩm định vòng 1",
                Stage::Final => "đã có điểm thẩm định cuối, chưa công bố",
            };
            (!names.is_empty()).then(|| format!("{} {at}", names.join(", ")))
        })
        .collect();
    format!(
        "Lưu ý: đây là kết quả tạm tính. {} đơn vị chưa có kết quả cuối cùng: {}. Điểm của các tiêu chí chưa thẩm định được tạm tính theo điểm tự đánh giá của đơn vị; đơn vị chưa có điểm điều tra xã hội học được tính 0 điểm ở lĩnh vực này. Kết quả sẽ được cập nhật sau khi hoàn thành thẩm định.",
        count(open.len()),
        stages.join("; ")
    )
}
