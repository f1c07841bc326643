//! The numbering printed in an index-set appendix (STT), read into a tree.
//!
//! Provinces number their appendices in several ways: I / 1 / 1.1; 1 / 1.1 / 1.1.1;
//! A / I / 1; criteria numbered straight through the set or restarting in each area; items
//! a), b) or dashes. The tree follows the numbering itself: each numbering style met on the
//! way down opens a level, and a number of a style already open closes the levels below it
//! (a sibling). Indentation, bold and merged cells are not needed.

use std::collections::{HashMap, HashSet};

/// A kind of numbering, one per level of a given appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Style {
    /// A, B, C (parts of the set).
    Letter,
    /// I, II, III (areas, or criteria under a letter).
    Roman,
    /// 1 (one part), 1.2 (two parts), 1.2.3 …
    Dotted(usize),
    /// a), b), đ).
    Item,
    /// -, +, • (unnumbered items).
    Dash,
}

impl Style {
    /// Items and dashes are numbered within their parent only.
    pub(super) fn is_item(self) -> bool {
        matches!(self, Style::Item | Style::Dash)
    }
}

/// One reading of a printed number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Number {
    pub(super) style: Style,
    /// The number as printed, without its trailing "." or ")": "II", "1.2", "a", "-".
    pub(super) token: String,
    /// Its value in its sequence (II → 2, c → 3, 1.2 → 2); 0 for dashes.
    pub(super) value: u32,
}

const ITEM_LETTERS: &str = "abcdđeghiklmnopqrstuvxy";

fn roman_value(text: &str) -> Option<u32> {
    const NUMERALS: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    NUMERALS
        .iter()
        .position(|r| *r == text)
        .map(|i| i as u32 + 1)
}

/// The readings of an STT cell: none when it is not a number, two for a letter that is also
/// a Roman numeral (I, V, X, C, D, L, M), which its neighbours decide.
pub(super) fn readings(stt: &str) -> Vec<Number> {
    let text = stt.trim();
    if matches!(text, "-" | "–" | "—" | "+" | "•" | "*") {
        return vec![Number {
            style: Style::Dash,
            token: "-".into(),
            value: 0,
        }];
    }
    let inner = text.strip_prefix('(').unwrap_or(text);
    // a) b) (a) a.
    if let Some(letter) = inner
        .strip_suffix(')')
        .or_else(|| inner.strip_suffix('.'))
        .filter(|l| l.chars().count() == 1)
        && let Some(pos) = ITEM_LETTERS.chars().position(|c| letter.starts_with(c))
    {
        return vec![Number {
            style: Style::Item,
            token: letter.to_owned(),
            value: pos as u32 + 1,
        }];
    }
    let text = text.trim_end_matches(['.', ')']).trim();
    let mut out = Vec::new();
    if let Some(value) = roman_value(text) {
        out.push(Number {
            style: Style::Roman,
            token: text.to_owned(),
            value,
        });
    }
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_uppercase()
    {
        out.push(Number {
            style: Style::Letter,
            token: text.to_owned(),
            value: u32::from(c as u8 - b'A') + 1,
        });
    }
    let parts: Vec<&str> = text.split('.').collect();
    if out.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let value = parts
            .last()
            .and_then(|p| p.parse().ok())
            .unwrap_or_default();
        out.push(Number {
            style: Style::Dotted(parts.len()),
            token: parts.join("."),
            value,
        });
    }
    out
}

/// A node of the tree being built: where it hangs and how it was numbered.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) parent: Option<usize>,
    pub(super) number: Number,
}

/// Builds the tree from the numbers in row order: each row's node goes below the open node
/// of the level above its style. `place` returns the parent index or why the number does not
/// fit where it stands.
#[derive(Default)]
pub(super) struct TreeBuilder {
    /// Open levels from the top: (style, index of the node, value).
    stack: Vec<(Style, usize, u32)>,
    pub(super) placed: Vec<Placed>,
    /// The numbers already under each parent, and its dashes: lookups, not scans, so a
    /// table of thousands of rows is read in linear time.
    siblings: HashSet<(Option<usize>, String)>,
    dashes: HashMap<Option<usize>, u32>,
}

impl TreeBuilder {
    /// Picks the reading that continues a sequence (II after I, B after A), else one that
    /// opens a new level at 1, else the first.
    fn choose(&self, readings: Vec<Number>) -> Option<Number> {
        let open = |style: Style| self.stack.iter().find(|(s, _, _)| *s == style);
        let continues = |n: &Number| open(n.style).is_some_and(|(_, _, v)| n.value == v + 1);
        let starts = |n: &Number| open(n.style).is_none() && n.value == 1;
        if let Some(n) = readings.iter().find(|n| continues(n)) {
            return Some(n.clone());
        }
        if let Some(n) = readings.iter().find(|n| starts(n)) {
            return Some(n.clone());
        }
        if let Some(n) = readings.iter().find(|n| open(n.style).is_some()) {
            return Some(n.clone());
        }
        readings.into_iter().next()
    }

    /// The index of the open node at the top, if any (where guidance lines belong).
    pub(super) fn current(&self) -> Option<usize> {
        self.stack.last().map(|(_, i, _)| *i)
    }

    /// Places one numbered row; returns its index.
    pub(super) fn place(&mut self, readings: Vec<Number>) -> Result<usize, String> {
        let Some(mut number) = self.choose(readings) else {
            return Err("no reading".into());
        };
        if let Some(level) = self.stack.iter().position(|(s, _, _)| *s == number.style) {
            self.stack.truncate(level);
        }
        let parent = self.stack.last().map(|(_, i, _)| *i);
        if number.style == Style::Dash {
            let dashes = self.dashes.entry(parent).or_default();
            *dashes += 1;
            number.value = *dashes;
            number.token = format!("-{}", number.value);
        }
        if let Style::Dotted(parts) = number.style
            && parts > 1
            && let Some(p) = parent
        {
            let above = &self.placed[p].number;
            let prefix = number
                .token
                .rsplit_once('.')
                .map(|(head, _)| head)
                .unwrap_or("");
            let fits = match above.style {
                Style::Dotted(_) => above.token == prefix,
                _ => above.value.to_string() == prefix,
            };
            if !fits {
                return Err(format!("không thuộc mục {} ở trên", above.token));
            }
        }
        if !self.siblings.insert((parent, number.token.clone())) {
            return Err("trùng số thứ tự trong cùng mục".into());
        }
        let index = self.placed.len();
        self.stack.push((number.style, index, number.value));
        self.placed.push(Placed { parent, number });
        Ok(index)
    }

    /// The code of every placed node: the printed number where it is unique in the set (so
    /// printed documents match the decision); where a style restarts (criteria 1, 2 in each
    /// area), the number after the code of the nearest lettered or Roman level above ("II.1",
    /// "II.1.2"); items after their parent's code ("1.2.a", "1.2-1").
    pub(super) fn codes(&self) -> Vec<String> {
        let mut count: HashMap<(Style, &str), usize> = HashMap::new();
        for p in &self.placed {
            *count
                .entry((p.number.style, p.number.token.as_str()))
                .or_default() += 1;
        }
        let repeated: HashSet<Style> = count
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|((s, _), _)| *s)
            .collect();
        let dotted_repeats = repeated.iter().any(|s| matches!(s, Style::Dotted(_)));
        let mut codes: Vec<String> = Vec::with_capacity(self.placed.len());
        for p in &self.placed {
            let style = p.number.style;
            let qualified = match style {
                Style::Dotted(_) => dotted_repeats,
                _ => repeated.contains(&style),
            };
            let code = if style.is_item() {
                let sep = if style == Style::Dash { "" } else { "." };
                match p.parent {
                    Some(parent) => format!("{}{sep}{}", codes[parent], p.number.token),
                    None => p.number.token.clone(),
                }
            } else if qualified {
                // The nearest ancestor numbered with letters or Roman numerals.
                let mut anchor = p.parent;
                while let Some(a) = anchor
                    && matches!(self.placed[a].number.style, Style::Dotted(_))
                {
                    anchor = self.placed[a].parent;
                }
                match (anchor, style) {
                    (Some(a), Style::Dotted(_)) => format!("{}.{}", codes[a], p.number.token),
                    (_, Style::Dotted(_)) => p.number.token.clone(),
                    _ => match p.parent {
                        Some(parent) => format!("{}.{}", codes[parent], p.number.token),
                        None => p.number.token.clone(),
                    },
                }
            } else {
                p.number.token.clone()
            };
            codes.push(code);
        }
        codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(stts: &[&str]) -> Result<Vec<String>, String> {
        let mut tree = TreeBuilder::default();
        for stt in stts {
            tree.place(readings(stt))?;
        }
        Ok(tree.codes())
    }

    #[test]
    fn numbers_are_read_in_every_printed_style() {
        let style = |t: &str| readings(t).first().map(|n| (n.style, n.token.clone()));
        assert_eq!(style("II."), Some((Style::Roman, "II".into())));
        assert_eq!(style("B"), Some((Style::Letter, "B".into())));
        assert_eq!(style("1.2.3"), Some((Style::Dotted(3), "1.2.3".into())));
        assert_eq!(style("4."), Some((Style::Dotted(1), "4".into())));
        assert_eq!(style("đ)"), Some((Style::Item, "đ".into())));
        assert_eq!(style("–"), Some((Style::Dash, "-".into())));
        assert_eq!(readings("I").len(), 2);
        assert!(readings("x.y").is_empty());
        assert!(readings("Tổng").is_empty());
    }

    #[test]
    fn through_numbered_criteria_keep_their_printed_numbers() {
        let codes = build(&["I", "1", "1.1", "1.2", "2", "II", "3", "3.1"]);
        assert_eq!(
            codes,
            Ok(["I", "1", "1.1", "1.2", "2", "II", "3", "3.1"]
                .map(String::from)
                .to_vec())
        );
    }

    #[test]
    fn restarting_criteria_are_qualified_by_their_area() {
        let codes = build(&["I", "1", "1.1", "2", "II", "1", "1.1", "a)", "b)"]);
        assert_eq!(
            codes,
            Ok([
                "I", "I.1", "I.1.1", "I.2", "II", "II.1", "II.1.1", "II.1.1.a", "II.1.1.b"
            ]
            .map(String::from)
            .to_vec())
        );
    }

    #[test]
    fn letters_and_roman_numerals_are_told_apart_by_their_neighbours() {
        let codes = build(&["A", "I", "1", "II", "2", "B", "I", "3", "C"]);
        assert_eq!(
            codes,
            Ok(["A", "A.I", "1", "A.II", "2", "B", "B.I", "3", "C"]
                .map(String::from)
                .to_vec())
        );
    }

    #[test]
    fn a_number_below_the_wrong_parent_or_twice_is_refused() {
        assert!(build(&["1", "1.1", "2", "1.2"]).is_err());
        assert!(build(&["I", "1", "2", "1"]).is_err());
        assert_eq!(
            build(&["1", "-", "-", "2", "-"]),
            Ok(["1", "1-1", "1-2", "2", "2-1"].map(String::from).to_vec())
        );
    }
}
