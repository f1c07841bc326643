//! Vietnamese text: NFC on the way in, diacritic-insensitive search, alphabetical order.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::limits;

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

/// Whether `c` would act on a terminal or reorder text instead of being shown: C0 and C1
/// controls, DEL, and the bidirectional overrides that can disguise "exe.pdf".
fn is_control_like(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from a file made safe to print on a terminal: every control character (ESC, BEL, CR,
/// LF, …) written as an escape (`\n`, `\u{1b}`), so a note cannot move the cursor, recolour
/// the screen or forge a line of the import plan.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control_like) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control_like(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Names Windows reserves for devices, with or without an extension ("CON.pdf").
const RESERVED_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// An evidence file's name from outside (a received package, a dropped file) reduced to a
/// safe base name: the last component of any path (`../../x.sh` → `x.sh`, `C:\\x` → `x`),
/// without control characters, bidirectional overrides or characters Windows forbids, no
/// leading or trailing dots and spaces, not a reserved device name, at most
/// [`limits::FILE_NAME_CHARS`] characters with the extension kept; "tai-lieu" when nothing is
/// left. Stored and written only in this form.
pub fn safe_file_name(name: &str) -> String {
    let name = nfc(name);
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !is_control_like(*c) && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let mut safe = if trimmed.is_empty() {
        "tai-lieu".to_owned()
    } else {
        trimmed.to_owned()
    };
    let stem = safe.split('.').next().unwrap_or_default().trim_end();
    if RESERVED_NAMES.iter().any(|r| stem.eq_ignore_ascii_case(r)) {
        safe.insert(0, '_');
    }
    if safe.chars().count() > limits::FILE_NAME_CHARS {
        let extension = safe
            .rsplit_once('.')
            .map(|(_, ext)| ext)
            .filter(|ext| !ext.is_empty() && ext.chars().count() <= 10)
            .map(|ext| format!(".{ext}"))
            .unwrap_or_default();
        let keep = limits::FILE_NAME_CHARS - extension.chars().count();
        let stem: String = safe.chars().take(keep).collect();
        safe = format!("{}{extension}", stem.trim_end_matches(['.', ' ']));
    }
    safe
}

/// Whether `text` fits in `chars` characters (counted without building anything).
pub fn within(text: &str, chars: usize) -> bool {
    text.len() <= chars || text.chars().nth(chars).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_outside_become_base_names() {
        assert_eq!(safe_file_name("../../x.sh"), "x.sh");
        assert_eq!(safe_file_name("/abs/x"), "x");
        assert_eq!(safe_file_name("C:\\Windows\\x.pdf"), "x.pdf");
        assert_eq!(safe_file_name("CON.pdf"), "_CON.pdf");
        assert_eq!(safe_file_name("lpt1"), "_lpt1");
        assert_eq!(safe_file_name("a\nb\u{1b}[2J.pdf"), "ab[2J.pdf");
        assert_eq!(safe_file_name("bao\u{202e}fdp.exe"), "baofdp.exe");
        assert_eq!(safe_file_name(".."), "tai-lieu");
        assert_eq!(safe_file_name(""), "tai-lieu");
        assert_eq!(safe_file_name(" .hidden. "), "hidden");
        assert_eq!(safe_file_name("Kế hoạch 17.pdf"), "Kế hoạch 17.pdf");
        let long = format!("{}.pdf", "a".repeat(500));
        let safe = safe_file_name(&long);
        assert_eq!(safe.chars().count(), limits::FILE_NAME_CHARS);
        assert!(safe.ends_with(".pdf"));
    }

    #[test]
    fn terminal_text_escapes_controls() {
        assert_eq!(for_terminal("Xã Đức Long"), "Xã Đức Long");
        assert_eq!(
            for_terminal("a\nb\u{1b}[31m\u{7}"),
            "a\\nb\\u{1b}[31m\\u{7}"
        );
        assert!(!for_terminal("x\r\u{9b}y").chars().any(|c| c.is_control()));
    }

    #[test]
    fn within_counts_characters() {
        assert!(within("Đức", 3));
        assert!(!within("Đức", 2));
    }

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
