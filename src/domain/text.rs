//! Vietnamese text: NFC on the way in, diacritic-insensitive search, alphabetical order.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises text to NFC and trims it. Windows keyboards (Unikey in some modes) produce NFD,
/// which would otherwise make "Đức" typed twice compare unequal.
pub fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

/// The search key of a text: lower case, diacritics removed, đ → d ("Đức Long" → "duc long").
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `haystack` contains `query`, ignoring case and diacritics.
pub fn matches(haystack: &str, query: &str) -> bool {
    let query = fold(query);
    query.is_empty() || fold(haystack).contains(&query)
}

static COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> =
    LazyLock::new(|| Collator::try_new(locale!("vi").into(), CollatorOptions::default()).ok());

/// Vietnamese alphabetical order (a ă â b c d đ e ê …): "Ăn" < "Ân" < "Ba", "D" < "Đ".
pub fn compare_vi(a: &str, b: &str) -> Ordering {
    match COLLATOR.as_ref() {
        Some(collator) => collator.compare(a, b),
        // The collation data is compiled in, so this is unreachable in practice; a plain
        // comparison still gives a stable order.
        None => a.cmp(b),
    }
}

/// `text` cut to at most `longest` characters, a cut one ending in "…" (lists and pickers
/// that must fit their width).
pub fn shorten(text: &str, longest: usize) -> String {
    if text.chars().count() <= longest {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(longest.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_with_an_ellipsis() {
        assert_eq!(shorten("Xã Đức Long", 20), "Xã Đức Long");
        assert_eq!(shorten("Xã Đức Long", 6), "Xã Đứ…");
        assert_eq!(shorten("Xã Đức Long", 6).chars().count(), 6);
    }

    #[test]
    fn nfc_joins_marks() {
        let nfd = "Đu\u{031b}\u{0301}c";
        assert_eq!(nfc(nfd), "Đức");
        assert_eq!(nfc("  Đức Long "), "Đức Long");
    }

    #[test]
    fn folds_for_search() {
        assert_eq!(fold("Đức  Long"), "duc long");
        assert!(matches("Xã Đức Long", "duc long"));
        assert!(matches("Xã Thụy Hùng", "THUY hung"));
        assert!(!matches("Xã Lê Lợi", "le lai"));
    }

    #[test]
    fn vietnamese_order() {
        let mut words = vec!["Ba", "Ân", "Ăn", "Đa", "Da", "Ơ", "Ô", "O", "Ư", "U"];
        words.sort_by(|a, b| compare_vi(a, b));
        assert_eq!(
            words,
            vec!["Ăn", "Ân", "Ba", "Da", "Đa", "O", "Ô", "Ơ", "U", "Ư"]
        );
    }
}
