//! Text from specs on its way to a terminal: control characters (C0 and C1 but `\n` and `\t`, DEL) and the Unicode
//! bidi overrides are written out as `\u{1b}`, so a spec cannot send escape or OSC sequences to the terminal or
//! make text read differently than it is; long values are cut with `…`.

use std::borrow::Cow;
use std::fmt::Write;

pub use crate::error::is_unsafe;

fn push(out: &mut String, c: char) {
    if is_unsafe(c) {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

/// `text` with every unsafe character escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    text.chars().for_each(|c| push(&mut out, c));
    Cow::Owned(out)
}

/// `text` escaped and cut after about `max` characters, with `…` where it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for c in text.chars() {
        if shown >= max {
            out.push('…');
            return out;
        }
        let before = out.len();
        push(&mut out, c);
        shown += out[before..].chars().count();
    }
    out
}

/// `text` escaped, except for the exact sequences in `keep` (our own colours).
pub fn escape_keeping(text: &str, keep: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(k) = keep.iter().find(|k| rest.starts_with(**k)) {
            out.push_str(k);
            rest = &rest[k.len()..];
        } else {
            push(&mut out, c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_keeping, shorten};

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}b\tc\n"), "a\\u{1b}]0;x\\u{7}b\tc\n");
        assert_eq!(escape("\u{9b}2J\u{202e}"), "\\u{9b}2J\\u{202e}");
        assert!(matches!(escape("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("\u{1b}\u{1b}", 3), "\\u{1b}…");
        assert_eq!(
            escape_keeping("\u{1b}[32m+\u{1b}[0m \u{1b}[2J", &["\u{1b}[32m", "\u{1b}[0m"]),
            "\u{1b}[32m+\u{1b}[0m \\u{1b}[2J"
        );
    }
}
