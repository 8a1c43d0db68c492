//! What a diagnostic shows of its spec file. Usually the file itself (miette cuts the lines around the span); when
//! those lines hold control characters or are very long (a 15 MB line), a small escaped copy of them instead: the
//! span's line cut to a window around the span, one line of context either side, with the original file:line:col.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents};

use crate::render::escape::{escape, is_unsafe, shorten};

/// Lines longer than this (in characters) are cut.
const MAX_LINE: usize = 1000;
/// The source miette would read for a snippet, beyond which it is cut.
const MAX_REGION: usize = 64 * 1024;
/// Characters kept on each side of the span, and of the span itself, in a cut line.
const WINDOW: usize = 80;

/// An escaped, shortened copy of the lines around a span, that reports the original position.
pub struct Excerpt {
    name: String,
    text: String,
    /// The original number (0-based) of the first line of `text`.
    first_line: usize,
    /// The span in `text`, and its original line and column.
    span: SourceSpan,
    line: usize,
    column: usize,
}

impl Excerpt {
    pub fn span(&self) -> SourceSpan {
        self.span
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let (line, column) = if *span == self.span && before == 0 && after == 0 {
            (self.line, self.column)
        } else {
            (inner.line() + self.first_line, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A line as a byte range, without its `\n`.
type Line = Option<(usize, usize)>;

/// The first line before and after the region `start..end`.
fn around(text: &str, start: usize, end: usize) -> (Line, Line) {
    let before = (start > 0).then(|| (line_start(text, start - 1), start - 1));
    let after = (end < text.len()).then(|| (end + 1, line_end(text, end + 1)));
    (before, after)
}

/// Whether miette may show the lines around `span` as they are: short, and free of control characters.
fn shows_as_is(text: &str, span: SourceSpan) -> bool {
    let start = floor(text, span.offset());
    let end = floor(text, span.offset() + span.len());
    let (first, last) = (line_start(text, start), line_end(text, end));
    let (before, after) = around(text, first, last);
    let region = &text[before.map_or(first, |b| b.0)..after.map_or(last, |a| a.1)];
    region.len() <= MAX_REGION
        && region.split('\n').all(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            line.chars().count() <= MAX_LINE && !line.chars().any(is_unsafe)
        })
}

/// `Some` excerpt when the lines around `span` cannot be shown as they are.
pub fn excerpt(source: &NamedSource<Arc<str>>, span: SourceSpan) -> Option<Excerpt> {
    let text: &str = source.inner();
    if shows_as_is(text, span) {
        return None;
    }
    let original = source.read_span(&span, 0, 0).ok()?;
    let (line, column) = (original.line(), original.column());
    let s = floor(text, span.offset());
    let (first, last) = (line_start(text, s), line_end(text, s));
    let e = floor(text, span.offset() + span.len()).clamp(s, last);
    let (before, after) = around(text, first, last);
    let context = |(a, b): (usize, usize)| shorten(text[a..b].trim_end_matches('\r'), 2 * WINDOW);

    let mut out = String::new();
    if let Some(b) = before {
        out.push_str(&context(b));
        out.push('\n');
    }
    let lead = &text[first..s];
    let lead_chars = lead.chars().count();
    if lead_chars > WINDOW {
        out.push('…');
        let cut = lead.char_indices().nth(lead_chars - WINDOW).map_or(0, |(i, _)| i);
        out.push_str(&escape(&lead[cut..]));
    } else {
        out.push_str(&escape(lead));
    }
    let span_start = out.len();
    out.push_str(&shorten(&text[s..e], 2 * WINDOW));
    let span_len = out.len() - span_start;
    out.push_str(&shorten(text[e..last].trim_end_matches('\r'), WINDOW));
    if let Some(a) = after {
        out.push('\n');
        out.push_str(&context(a));
    }
    Some(Excerpt {
        name: source.name().to_owned(),
        text: out,
        first_line: line - usize::from(before.is_some()),
        span: SourceSpan::from(span_start..span_start + span_len),
        line,
        column,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use miette::{NamedSource, SourceCode, SourceSpan};

    use super::excerpt;

    fn named(text: &str) -> NamedSource<Arc<str>> {
        NamedSource::new("specs.yaml", Arc::from(text))
    }

    #[test]
    fn ordinary_lines_are_shown_as_they_are() {
        assert!(excerpt(&named("a: 1\nb: 2\nc: 3\n"), SourceSpan::from(8..9)).is_none());
    }

    #[test]
    fn long_and_hostile_lines_are_cut_and_escaped() {
        let text = format!(
            "kind: Topic\nname: {}x\u{1b}]0;t\u{7}{}\nnext: 1\n",
            "a".repeat(5000),
            "b".repeat(5000)
        );
        let at = text.find('x').unwrap();
        let e = excerpt(&named(&text), SourceSpan::from(at..at + 7)).unwrap();
        assert!(e.text.len() < 1000 && !e.text.contains('\u{1b}'), "{}", e.text);
        assert_eq!(
            &e.text[e.span().offset()..e.span().offset() + e.span().len()],
            "x\\u{1b}]0;t\\u{7}"
        );
        let header = e.read_span(&e.span(), 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (1, 5006));
        let lines = e.read_span(&e.span(), 1, 1).unwrap();
        assert_eq!(lines.line(), 0);
    }
}
