//! Line breaking of styled text into measured lines.

use super::Style;
use super::fonts::Fonts;

/// A piece of a word in one style, measured.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub(crate) style: Style,
    pub(crate) text: String,
    pub(crate) width: f32,
}

/// Text between two spaces; may mix styles ("**đạt**,").
#[derive(Debug, Clone, Default)]
pub(crate) struct Word {
    pub(crate) spans: Vec<Span>,
    pub(crate) width: f32,
    /// Width of the space that follows this word (in its last span's style).
    pub(crate) space_after: f32,
}

impl Word {
    fn push(&mut self, fonts: &Fonts, style: Style, c: char, size: f32) {
        let w = fonts.face(style).char_width(c, size * style.scale());
        match self.spans.last_mut() {
            Some(span) if span.style == style => {
                span.text.push(c);
                span.width += w;
            }
            _ => self.spans.push(Span {
                style,
                text: c.to_string(),
                width: w,
            }),
        }
        self.width += w;
        self.space_after = fonts.face(style).char_width(' ', size * style.scale());
    }

    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Splits off the longest prefix that fits in `avail` (at least one
    /// character, so breaking always makes progress). Returns the prefix and
    /// leaves the rest in `self`.
    fn split_prefix(&mut self, fonts: &Fonts, size: f32, avail: f32) -> Word {
        let mut head = Word::default();
        let mut rest = Word::default();
        for span in self.spans.drain(..) {
            for c in span.text.chars() {
                let w = fonts
                    .face(span.style)
                    .char_width(c, size * span.style.scale());
                if rest.is_empty() && (head.is_empty() || head.width + w <= avail) {
                    head.push(fonts, span.style, c, size);
                } else {
                    rest.push(fonts, span.style, c, size);
                }
            }
        }
        *self = rest;
        head
    }
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub(crate) words: Vec<Word>,
    /// Width with single spaces between the words.
    pub(crate) width: f32,
    /// Last line of a paragraph or before a hard break: never justified.
    pub(crate) last: bool,
}

impl Line {
    fn push(&mut self, word: Word) {
        if let Some(prev) = self.words.last() {
            self.width += prev.space_after;
        }
        self.width += word.width;
        self.words.push(word);
    }

    /// Width this line would have with `word` appended.
    fn width_with(&self, word: &Word) -> f32 {
        match self.words.last() {
            Some(prev) => self.width + prev.space_after + word.width,
            None => word.width,
        }
    }
}

/// Tolerance for rounding in width comparisons, in points.
const EPSILON: f32 = 0.01;

/// Names of kinds of unit whose two syllables are one word and must not be split across
/// lines ("thành / phố" at a line end reads wrong in a title).
const COMPOUNDS: [&str; 6] = [
    "thành phố",
    "Thành phố",
    "thị trấn",
    "Thị trấn",
    "thị xã",
    "Thị xã",
];

/// `text` with the syllables of [`COMPOUNDS`] joined by no-break spaces.
pub(crate) fn bind_compounds(text: &str) -> String {
    let mut out = text.to_owned();
    for compound in COMPOUNDS {
        if out.contains(compound) {
            out = out.replace(compound, &compound.replacen(' ', "\u{a0}", 1));
        }
    }
    out
}

/// Breaks `runs` into lines: the first line may be `first_width` wide (a
/// first-line indent makes it narrower), the others `width`. Whitespace
/// separates words, `\n` forces a break, and a word wider than a whole line
/// is broken between characters so nothing is ever drawn past the edge.
/// Always returns at least one (possibly empty) line.
pub(crate) fn wrap(
    fonts: &Fonts,
    runs: &[(Style, &str)],
    size: f32,
    first_width: f32,
    width: f32,
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    let mut word = Word::default();

    let avail = |lines: &Vec<Line>| if lines.is_empty() { first_width } else { width };

    // Places a finished word on the current line, or on new lines.
    let place = |lines: &mut Vec<Line>, line: &mut Line, mut word: Word| {
        if word.is_empty() {
            return;
        }
        if line.width_with(&word) <= avail(lines) + EPSILON {
            line.push(word);
            return;
        }
        if !line.words.is_empty() {
            lines.push(std::mem::take(line));
        }
        while word.width > avail(lines) + EPSILON {
            let head = word.split_prefix(fonts, size, avail(lines));
            let mut broken = Line::default();
            broken.push(head);
            lines.push(broken);
            if word.is_empty() {
                return;
            }
        }
        line.push(word);
    };

    for &(style, text) in runs {
        for c in fonts.clean(text).chars() {
            match c {
                '\n' => {
                    place(&mut lines, &mut line, std::mem::take(&mut word));
                    line.last = true;
                    lines.push(std::mem::take(&mut line));
                }
                ' ' => place(&mut lines, &mut line, std::mem::take(&mut word)),
                // A no-break space joins two syllables of one word ("thành phố"): drawn
                // and copied as a plain space, never a line break.
                '\u{a0}' => word.push(fonts, style, ' ', size),
                c => word.push(fonts, style, c, size),
            }
        }
    }
    place(&mut lines, &mut line, word);
    if !line.words.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::fonts;

    fn text(line: &Line) -> String {
        line.words
            .iter()
            .map(|w| w.spans.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn long_words_are_broken_to_fit() {
        let fonts = fonts().expect("fonts");
        let lines = wrap(
            fonts,
            &[(
                Style::Regular,
                "ab https://example.vn/một-đường-dẫn-rất-dài",
            )],
            12.0,
            60.0,
            60.0,
        );
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width <= 60.0 + EPSILON));
        let joined: String = lines.iter().map(text).collect::<Vec<_>>().join("");
        assert_eq!(joined, "abhttps://example.vn/một-đường-dẫn-rất-dài");
        assert!(lines.last().is_some_and(|l| l.last));
    }

    #[test]
    fn decomposed_input_is_composed() {
        let fonts = fonts().expect("fonts");
        // "Thụy" with U+0323 COMBINING DOT BELOW after a plain "u".
        let lines = wrap(
            fonts,
            &[(Style::Regular, "Thu\u{323}y")],
            12.0,
            500.0,
            500.0,
        );
        assert_eq!(text(&lines[0]), "Thụy");
    }

    #[test]
    fn styles_within_a_word_stay_together() {
        let fonts = fonts().expect("fonts");
        let runs = [(Style::Bold, "đạt"), (Style::Regular, ", tốt\nmới")];
        let lines = wrap(fonts, &runs, 14.0, 500.0, 500.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].words.len(), 2);
        assert_eq!(lines[0].words[0].spans.len(), 2);
        assert!(
            lines[0].last,
            "a hard break ends a justified paragraph line"
        );
    }

    #[test]
    fn empty_text_gives_one_empty_line() {
        let fonts = fonts().expect("fonts");
        let lines = wrap(fonts, &[(Style::Regular, "")], 12.0, 100.0, 100.0);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].words.is_empty());
    }
}
