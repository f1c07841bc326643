//! Guidance sentences (hướng dẫn chấm) read into rules: bands on a percentage or on a count,
//! yes/no, points per occurrence with a cap, deductions with a cap, and what "không phát
//! sinh" does. A sentence that is not understood proposes nothing: the leaf stays scored by
//! hand with the sentence as its guidance. Proposals are shown to the officer, never applied
//! silently beyond the import that reads them.

use super::index_set::{Leaf, LeafKind, NaPolicy, PointBand};
use super::points::Points;
use super::text::{fold, nfc};

/// Deductions become bands on the count; more steps than this is not a rule a set prints.
const MAX_STEPS: i64 = 40;

/// The rule read from a guidance sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub kind: LeafKind,
    /// Highest minimum first (a percentage for ratio bands, a count for value bands).
    pub bands: Vec<PointBand>,
    pub per_unit: Option<Points>,
    pub na_policy: NaPolicy,
    /// The raw figures the rule needs, named from the sentence or the criterion.
    pub raw_labels: Vec<String>,
}

impl Proposal {
    /// The proposal written onto a leaf; a bonus or penalty leaf keeps its kind and takes
    /// only the points per occurrence.
    pub fn apply_to(&self, leaf: &mut Leaf) {
        leaf.na_policy = self.na_policy;
        if leaf.kind.is_adjustment() {
            leaf.per_unit = self.per_unit;
            return;
        }
        leaf.kind = self.kind;
        leaf.bands = self.bands.clone();
        leaf.per_unit = self.per_unit;
        leaf.raw_labels = self.raw_labels.clone();
    }

    /// The rule in words, as the officer checks it beside its sentence.
    pub fn describe(&self) -> String {
        let na = match self.na_policy {
            NaPolicy::NotAllowed => "",
            NaPolicy::Exclude => "; không phát sinh: không tính",
            NaPolicy::FullPoints => "; không phát sinh: điểm tối đa",
        };
        let bands = |unit: &str| {
            self.bands
                .iter()
                .map(|b| format!("≥ {}{unit}: {}", b.min.to_vi(), b.points.to_vi()))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let rule = match self.kind {
            LeafKind::RatioBands => format!("theo tỷ lệ: {}", bands("%")),
            LeafKind::ValueBands => format!("theo số lượng: {}", bands("")),
            LeafKind::YesNo => "có / không".to_owned(),
            LeafKind::CountCap => format!(
                "mỗi lần {} điểm, có trần",
                self.per_unit.unwrap_or(Points::ZERO).to_vi()
            ),
            _ => "chấm trực tiếp".to_owned(),
        };
        format!("{rule}{na}")
    }
}

/// One "condition: points" part of a sentence, folded.
struct Part {
    /// The whole part.
    text: String,
    condition: String,
    points: Option<Points>,
}

/// Numbers written in a text ("95", "0,5", "1.25"), in order, with whether each is a
/// percentage.
fn numbers(text: &str) -> Vec<(Points, bool)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let rest: String = chars[i..].iter().collect();
            let percent = rest.trim_start().starts_with('%');
            if let Ok(p) = Points::parse(&word) {
                out.push((p, percent));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The points a right-hand side gives: "3 điểm", "0", "không điểm", "điểm tối đa".
fn points_of(text: &str, max: Points) -> Option<Points> {
    let t = text.trim();
    if t.contains("diem toi da")
        || (t.starts_with("toi da") && !t.contains(|c: char| c.is_ascii_digit()))
    {
        return Some(max);
    }
    if t.starts_with("khong diem") || t.starts_with("khong cham diem") || t == "khong" {
        return Some(Points::ZERO);
    }
    let t = t
        .trim_start_matches("duoc")
        .trim_start_matches("cong")
        .trim();
    numbers(t)
        .first()
        .filter(|(_, percent)| !percent)
        .map(|(p, _)| *p)
}

/// Splits a folded sentence into "condition: points" parts.
fn parts(folded: &str, max: Points) -> Vec<Part> {
    folded
        .split([';', '\n'])
        .flat_map(|s| s.split(". "))
        .map(|s| s.trim().trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            let split = [":", "=>", "→", "=", " thi duoc ", " duoc ", " thi "]
                .iter()
                .find_map(|sep| s.split_once(sep));
            match split {
                Some((condition, right)) => Part {
                    text: s.to_owned(),
                    condition: condition.trim().to_owned(),
                    points: points_of(right, max),
                },
                None => Part {
                    text: s.to_owned(),
                    condition: s.to_owned(),
                    points: None,
                },
            }
        })
        .collect()
}

/// What "không phát sinh" does, if the sentence says.
fn na_policy(part: &str) -> Option<NaPolicy> {
    if !(part.contains("khong phat sinh") || part.contains("khong co phat sinh")) {
        return None;
    }
    if part.contains("toi da") || part.contains("du diem") || part.contains("dat diem") {
        Some(NaPolicy::FullPoints)
    } else if part.contains("khong danh gia")
        || part.contains("khong cham")
        || part.contains("khong tinh")
        || part.contains("loai")
        || part.contains("tru ra")
    {
        Some(NaPolicy::Exclude)
    } else {
        None
    }
}

/// Whether `text` has `phrase` as whole words ("tu" in "từ 95%", not in "tự kiểm tra").
fn has(text: &str, phrase: &str) -> bool {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(" {words} ").contains(&format!(" {phrase} "))
}

/// The minimum a band's condition sets: "từ 95% đến dưới 100%" → 95, "dưới 95%" → 0,
/// "trên 95%" → just above 95, "100%" → 100. `None` when it names no figure.
fn band_min(condition: &str, percent: bool) -> Option<Points> {
    let figures: Vec<Points> = numbers(condition)
        .into_iter()
        .filter(|(_, p)| *p == percent)
        .map(|(n, _)| n)
        .collect();
    let c = condition;
    let Some(&first) = figures.first() else {
        // "không có: 0 điểm" closes a list of counts.
        return (c.starts_with("khong") || c.starts_with("chua")).then_some(Points::ZERO);
    };
    if has(c, "tu")
        || has(c, "tro len")
        || c.contains(">=")
        || c.contains('≥')
        || has(c, "toi thieu")
        || has(c, "it nhat")
    {
        return Some(first);
    }
    if has(c, "duoi") || c.contains('<') || has(c, "chua dat") || has(c, "khong dat") {
        return Some(Points::ZERO);
    }
    if has(c, "tren") || c.contains('>') || has(c, "hon") || has(c, "vuot") {
        return Some(Points::from_milli(first.milli() + 1));
    }
    Some(first)
}

/// Bands on a percentage (ratio) or a count (value): every part a condition with a figure
/// and points within the maximum, the top band giving the maximum.
fn bands(parts: &[&Part], max: Points) -> Option<Proposal> {
    if parts.len() < 2 {
        return None;
    }
    let percent = parts
        .iter()
        .any(|p| numbers(&p.condition).iter().any(|(_, pc)| *pc));
    let mut bands = Vec::new();
    for p in parts {
        let points = p.points?;
        if points > max {
            return None;
        }
        bands.push(PointBand {
            min: band_min(&p.condition, percent)?,
            points,
        });
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    let distinct = bands.windows(2).all(|w| w[0].min != w[1].min);
    if !distinct || bands.first().map(|b| b.points) != Some(max) {
        return None;
    }
    Some(Proposal {
        kind: if percent {
            LeafKind::RatioBands
        } else {
            LeafKind::ValueBands
        },
        bands,
        per_unit: None,
        na_policy: NaPolicy::NotAllowed,
        raw_labels: Vec::new(),
    })
}

/// Yes/no: two parts, one giving the maximum, the other 0 and saying no ("không", "chưa",
/// "có" when the yes side is "không có …").
fn yes_no(parts: &[&Part], max: Points) -> Option<Proposal> {
    let [a, b] = parts else {
        return None;
    };
    let (yes, no) = match (a.points?, b.points?) {
        (x, y) if x == max && y == Points::ZERO => (a, b),
        (x, y) if y == max && x == Points::ZERO => (b, a),
        _ => return None,
    };
    let negative = |c: &str| {
        c.starts_with("khong")
            || c.starts_with("chua")
            || c.starts_with("tre")
            || c.starts_with("cham")
            || c.starts_with("nguoc lai")
            || c.starts_with("truong hop khong")
    };
    let fits = negative(&no.condition)
        || (negative(&yes.condition) && (no.condition == "co" || no.condition.starts_with("co ")));
    if !fits || !numbers(&yes.condition).is_empty() || !numbers(&no.condition).is_empty() {
        return None;
    }
    Some(Proposal {
        kind: LeafKind::YesNo,
        bands: Vec::new(),
        per_unit: None,
        na_policy: NaPolicy::NotAllowed,
        raw_labels: Vec::new(),
    })
}

/// "Mỗi … : 0,25 điểm; tối đa 1 điểm" (points per occurrence) and "Mỗi … trừ 0,5 điểm, tối
/// đa trừ 2 điểm" (a deduction from the maximum, as bands on the count).
fn per_occurrence(folded: &str, max: Points) -> Option<Proposal> {
    let at = folded.find("moi ")?;
    let rest = &folded[at..];
    let deduct_at = ["tru ", "giam "].iter().find_map(|w| rest.find(w));
    // The points per occurrence follow "trừ", else the colon ("Mỗi báo cáo (quý I, 6 tháng…)
    // gửi đúng hạn: 0,25 điểm"), else "mỗi".
    let from = deduct_at.or_else(|| rest.find(':')).unwrap_or(0);
    let deduct = deduct_at.is_some();
    let (per, _) = *numbers(&rest[from..]).iter().find(|(_, pc)| !pc)?;
    if per == Points::ZERO || per > max {
        return None;
    }
    if !deduct {
        return Some(Proposal {
            kind: LeafKind::CountCap,
            bands: Vec::new(),
            per_unit: Some(per),
            na_policy: NaPolicy::NotAllowed,
            raw_labels: Vec::new(),
        });
    }
    // The cap: "tối đa trừ 2 điểm" / "trừ tối đa 2 điểm" / "trừ hết số điểm"; else the maximum.
    let cap = rest[from..]
        .find("toi da")
        .map(|i| i + from)
        .and_then(|i| numbers(&rest[i..]).first().map(|(p, _)| *p))
        .unwrap_or(max)
        .min(max);
    let steps = (cap.milli() + per.milli() - 1) / per.milli();
    if steps > MAX_STEPS {
        return None;
    }
    let mut bands: Vec<PointBand> = (0..=steps)
        .map(|n| PointBand {
            min: Points::whole(n),
            points: Points::from_milli(max.milli() - (n * per.milli()).min(cap.milli())),
        })
        .collect();
    bands.reverse();
    Some(Proposal {
        kind: LeafKind::ValueBands,
        bands,
        per_unit: None,
        na_policy: NaPolicy::NotAllowed,
        raw_labels: vec!["Số lần bị trừ điểm".to_owned()],
    })
}

/// The rule a guidance sentence states for a leaf of `max` points, or `None` when the
/// sentence is not understood (the leaf is then scored by hand).
pub fn propose(sentence: &str, max: Points) -> Option<Proposal> {
    // Folding joins lines; a line break separates parts as ";" does.
    let folded = sentence
        .lines()
        .map(fold)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if folded.is_empty() {
        return None;
    }
    let all = parts(&folded, max);
    let na = all.iter().find_map(|p| na_policy(&p.text));
    let rule_parts: Vec<&Part> = all
        .iter()
        .filter(|p| !p.text.contains("phat sinh") && !p.condition.starts_with("toi da"))
        .collect();
    // "mỗi" (each), not "mọi" (every): both fold to "moi".
    let each = nfc(&sentence.to_lowercase()).contains("mỗi ");
    let mut proposal = if each {
        per_occurrence(&folded, max)
    } else {
        yes_no(&rule_parts, max).or_else(|| bands(&rule_parts, max))
    };
    if proposal.is_none() && na.is_some() {
        proposal = Some(Proposal {
            kind: LeafKind::Manual,
            bands: Vec::new(),
            per_unit: None,
            na_policy: NaPolicy::NotAllowed,
            raw_labels: Vec::new(),
        });
    }
    let mut proposal = proposal?;
    if let Some(na) = na {
        proposal.na_policy = na;
    }
    Some(proposal)
}

/// Whether a ratio criterion may pass 100 %: revenue or spending measured against an
/// estimate or a plan of funds ("so với dự toán", "giải ngân", "vượt"), where more than the
/// whole is an achievement, not a typing mistake.
pub fn may_exceed_whole(title: &str, guidance: &str) -> bool {
    let words = fold(&format!("{title} {guidance}"));
    ["du toan", "giai ngan", "vuot"]
        .iter()
        .any(|w| words.contains(w))
}

/// Names for a rule's raw figures from the criterion's title: "Tỷ lệ hồ sơ đúng hạn" gives
/// "Số hồ sơ đúng hạn" and "Tổng số"; a count or yes/no names the title itself.
pub fn raw_labels_for(kind: LeafKind, title: &str) -> Vec<String> {
    let title = title.trim();
    let rest = title
        .strip_prefix("Tỷ lệ ")
        .or_else(|| title.strip_prefix("Tỉ lệ "))
        .unwrap_or(title);
    match kind {
        LeafKind::RatioBands => vec![format!("Số {rest}"), "Tổng số".to_owned()],
        LeafKind::ValueBands | LeafKind::CountCap => vec![format!("Số lượng: {title}")],
        LeafKind::YesNo => vec![format!("{title} (1 = có, 0 = không)")],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_against_an_estimate_may_pass_100_percent() {
        for title in [
            "Tỷ lệ thu ngân sách nhà nước trên địa bàn so với dự toán được giao",
            "Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch",
            "Thu ngan sach vuot du toan",
        ] {
            assert!(may_exceed_whole(title, ""), "{title}");
        }
        for title in [
            "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn",
            "Mức độ hoàn thành kế hoạch CCHC năm",
        ] {
            assert!(!may_exceed_whole(title, "100%: 2 điểm"), "{title}");
        }
    }

    /// A proposal in a few words: "ratio 100:3 95:2 0:0", "yes_no", "count 0,25",
    /// "value 4:0 3:0,5 …", "manual", "none"; " na=full" or " na=exclude" after it.
    fn summary(sentence: &str, max: &str) -> String {
        let max = Points::parse(max).unwrap_or(Points::ZERO);
        let Some(p) = propose(sentence, max) else {
            return "none".into();
        };
        let bands = p
            .bands
            .iter()
            .map(|b| format!("{}:{}", b.min.to_vi(), b.points.to_vi()))
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = match p.kind {
            LeafKind::RatioBands => format!("ratio {bands}"),
            LeafKind::ValueBands => format!("value {bands}"),
            LeafKind::YesNo => "yes_no".into(),
            LeafKind::CountCap => format!("count {}", p.per_unit.unwrap_or(Points::ZERO).to_vi()),
            _ => "manual".into(),
        };
        match p.na_policy {
            NaPolicy::FullPoints => out.push_str(" na=full"),
            NaPolicy::Exclude => out.push_str(" na=exclude"),
            NaPolicy::NotAllowed => {}
        }
        out
    }

    /// Sentences in the words of published sets (national and provincial, 2017–2025), the
    /// maximum of their criterion, and the rule expected from each.
    const TABLE: &[(&str, &str, &str)] = &[
        // Bands on a percentage.
        (
            "100%: 3 điểm; từ 95% đến dưới 100%: 2 điểm; dưới 95%: 0",
            "3",
            "ratio 100:3 95:2 0:0",
        ),
        (
            "Tỷ lệ đạt 100%: 2 điểm; từ 80% đến dưới 100%: 1,5 điểm; từ 60% đến dưới 80%: 1 điểm; dưới 60%: 0 điểm.",
            "2",
            "ratio 100:2 80:1,5 60:1 0:0",
        ),
        (
            "Đạt 100%: 1 điểm; từ 90% đến dưới 100%: 0,5 điểm; dưới 90%: không điểm",
            "1",
            "ratio 100:1 90:0,5 0:0",
        ),
        (
            "Tỷ lệ từ 10% trở lên: 1 điểm; từ 5% đến dưới 10%: 0,5 điểm; dưới 5%: 0 điểm.",
            "1",
            "ratio 10:1 5:0,5 0:0",
        ),
        (
            "Trên 95%: 1 điểm; từ 80% đến 95%: 0,5 điểm; dưới 80%: 0 điểm",
            "1",
            "ratio 95,001:1 80:0,5 0:0",
        ),
        (
            "Tỷ lệ từ 100% trở lên: 2 điểm; từ 90% đến dưới 100%: 1,5 điểm; dưới 90%: 0 điểm.",
            "2",
            "ratio 100:2 90:1,5 0:0",
        ),
        (
            "Từ 98% trở lên: 1 điểm\nTừ 95% đến dưới 98%: 0,5 điểm\nDưới 95%: 0 điểm",
            "1",
            "ratio 98:1 95:0,5 0:0",
        ),
        (
            "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%: 4 điểm; từ 98% đến dưới 100%: 3 điểm; từ 95% đến dưới 98%: 2 điểm; từ 90% đến dưới 95%: 1 điểm; dưới 90%: 0 điểm.",
            "4",
            "ratio 100:4 98:3 95:2 90:1 0:0",
        ),
        (
            "Đạt 100% thì được 1 điểm; đạt từ 80% đến dưới 100% thì được 0,5 điểm; dưới 80% thì không chấm điểm",
            "1",
            "ratio 100:1 80:0,5 0:0",
        ),
        (
            "≥ 90%: 2 điểm; từ 70% đến < 90%: 1 điểm; < 70%: 0 điểm",
            "2",
            "ratio 90:2 70:1 0:0",
        ),
        (
            "Tỷ lệ từ 50% trở lên: 1,5 điểm; từ 30% đến dưới 50%: 1 điểm; từ 10% đến dưới 30%: 0,5 điểm; dưới 10%: 0 điểm.",
            "1.5",
            "ratio 50:1,5 30:1 10:0,5 0:0",
        ),
        (
            "Đạt 100% kế hoạch: 0,5đ; dưới 100% kế hoạch: 0đ",
            "0.5",
            "ratio 100:0,5 0:0",
        ),
        (
            "100% văn bản được ký số: 2 điểm; từ 90% đến dưới 100%: 1 điểm; dưới 90%: 0 điểm. Trường hợp không phát sinh: đạt điểm tối đa",
            "2",
            "ratio 100:2 90:1 0:0 na=full",
        ),
        (
            "Tỷ lệ đạt 100%: 1 điểm; từ 50% đến dưới 100%: 0,5 điểm; dưới 50%: 0 điểm. Không phát sinh hồ sơ quá hạn thì không đánh giá",
            "1",
            "ratio 100:1 50:0,5 0:0 na=exclude",
        ),
        // Bands on a count.
        (
            "Từ 12 cuộc trở lên: 1 điểm; từ 6 cuộc đến dưới 12 cuộc: 0,5 điểm; dưới 6 cuộc: 0 điểm.",
            "1",
            "value 12:1 6:0,5 0:0",
        ),
        (
            "Tổ chức từ 4 hội nghị trở lên: 1 điểm; từ 2 đến dưới 4 hội nghị: 0,5 điểm; dưới 2 hội nghị: 0 điểm",
            "1",
            "value 4:1 2:0,5 0:0",
        ),
        (
            "Có từ 2 mô hình trở lên: 2 điểm; có 1 mô hình: 1 điểm; không có: 0 điểm",
            "2",
            "value 2:2 1:1 0:0",
        ),
        // Yes / no.
        ("Có: 1 điểm; không: 0", "1", "yes_no"),
        (
            "Có ban hành kế hoạch tự kiểm tra: 0,5 điểm; không ban hành: 0 điểm.",
            "0.5",
            "yes_no",
        ),
        (
            "Được công nhận đạt chuẩn tiếp cận pháp luật: 1 điểm; không đạt: 0 điểm.",
            "1",
            "yes_no",
        ),
        (
            "Có niêm yết đúng quy định: 0,5 điểm; không niêm yết: 0 điểm.",
            "0.5",
            "yes_no",
        ),
        (
            "Không có cán bộ, công chức bị xử lý kỷ luật: 2 điểm; có: 0 điểm.",
            "2",
            "yes_no",
        ),
        ("Thực hiện: 1 điểm; chưa thực hiện: 0 điểm", "1", "yes_no"),
        (
            "Ban hành kế hoạch: 0,5 điểm; không ban hành kế hoạch: 0 điểm. Không phát sinh: đạt điểm tối đa",
            "0.5",
            "yes_no na=full",
        ),
        (
            "Có thực hiện: 1 điểm\nKhông thực hiện: 0 điểm",
            "1",
            "yes_no",
        ),
        (
            "Bố trí đủ công chức theo quy định: 1 điểm; chưa bố trí đủ: 0 điểm",
            "1",
            "yes_no",
        ),
        (
            "Đã triển khai: 0,5 điểm; ngược lại: 0 điểm",
            "0.5",
            "yes_no",
        ),
        // Points per occurrence with a cap.
        (
            "Mỗi báo cáo định kỳ (quý I, 6 tháng, 9 tháng, năm) gửi đúng thời hạn: 0,25 điểm; tối đa 1 điểm.",
            "1",
            "count 0,25",
        ),
        ("Mỗi tin, bài: 0,1 điểm; tối đa 1 điểm.", "1", "count 0,1"),
        (
            "Mỗi sáng kiến, mô hình được công nhận: cộng 0,5 điểm; tối đa 1,5 điểm.",
            "1.5",
            "count 0,5",
        ),
        (
            "Mỗi văn bản được ban hành đúng hạn được 0,2 điểm, tối đa không quá 1 điểm",
            "1",
            "count 0,2",
        ),
        // Deductions with a cap: bands on the count of occurrences.
        (
            "Mỗi văn bản ban hành chậm trừ 0,5 điểm, tối đa trừ 2 điểm",
            "2",
            "value 4:0 3:0,5 2:1 1:1,5 0:2",
        ),
        (
            "Mỗi trường hợp bị phát hiện vi phạm bị trừ 0,25 điểm, trừ tối đa 0,5 điểm",
            "1",
            "value 2:0,5 1:0,75 0:1",
        ),
        (
            "Mỗi hồ sơ quá hạn không có văn bản xin lỗi trừ 0,5 điểm",
            "1",
            "value 2:0 1:0,5 0:1",
        ),
        (
            "Mỗi cuộc họp vắng mặt không có lý do giảm 0,25 điểm; tối đa giảm 0,5 điểm",
            "0.5",
            "value 2:0 1:0,25 0:0,5",
        ),
        // Không phát sinh alone.
        ("Không phát sinh: đạt điểm tối đa", "1", "manual na=full"),
        (
            "Trường hợp không phát sinh thì không đánh giá tiêu chí này",
            "1",
            "manual na=exclude",
        ),
        (
            "Đánh giá theo kết quả thực tế. Không phát sinh thì không chấm, loại khỏi tổng điểm",
            "2",
            "manual na=exclude",
        ),
        (
            "Trường hợp trong năm không phát sinh được tính điểm tối đa",
            "0.5",
            "manual na=full",
        ),
        // Not understood: stays manual, the sentence as guidance.
        (
            "Ban hành đúng thời hạn: 1 điểm; ban hành chậm: 0,5 điểm; không ban hành: 0 điểm",
            "1",
            "none",
        ),
        (
            "Điểm = tỷ lệ số ý kiến hài lòng trên tổng số phiếu hợp lệ × điểm tối đa",
            "3",
            "none",
        ),
        (
            "Căn cứ kết quả kiểm tra của Sở Nội vụ để chấm điểm",
            "2",
            "none",
        ),
        ("Thực hiện đầy đủ, đúng quy định", "1", "none"),
        ("", "1", "none"),
        ("100%: 5 điểm; dưới 100%: 0", "3", "none"),
        ("Mọi hồ sơ đều được số hóa: 1 điểm; không: 0", "1", "yes_no"),
    ];

    #[test]
    fn guidance_sentences_are_read_into_rules() {
        assert!(TABLE.len() >= 40, "{}", TABLE.len());
        let wrong: Vec<String> = TABLE
            .iter()
            .filter_map(|(sentence, max, expected)| {
                let got = summary(sentence, max);
                (got != *expected).then(|| format!("{sentence:?}: expected {expected}, got {got}"))
            })
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn a_proposal_says_its_rule_in_words() {
        let p = propose(
            "100%: 3 điểm; từ 95% đến dưới 100%: 2 điểm; dưới 95%: 0",
            Points::whole(3),
        );
        assert_eq!(
            p.map(|p| p.describe()).as_deref(),
            Some("theo tỷ lệ: ≥ 100%: 3; ≥ 95%: 2; ≥ 0%: 0")
        );
    }
}
