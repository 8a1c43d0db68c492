//! Spec files in memory, split into YAML documents. Each document is parsed on its own so one broken
//! document does not hide the problems of the others; spans are mapped back to the whole file.

use std::sync::Arc;

use miette::{NamedSource, SourceSpan};
use serde_saphyr::Location;

/// A file read from disk, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As given on the command line joined with the file name, e.g. `specs/topics.yaml`.
    pub path: String,
    pub text: Arc<str>,
    pub named: Arc<NamedSource<Arc<str>>>,
    /// The folder the file is in, for paths written relative to it (schema files).
    pub dir: std::path::PathBuf,
    /// The canonical `-f` folder the file was found under (for a single file: its canonical folder). Files a spec
    /// names (schemas) must resolve inside it.
    pub root: std::path::PathBuf,
}

impl SourceFile {
    /// `root` is the canonical `-f` root the file was found under.
    pub fn new(path: String, text: String, dir: std::path::PathBuf, root: std::path::PathBuf) -> Self {
        let text: Arc<str> = Arc::from(text);
        let named = Arc::new(NamedSource::new(path.clone(), text.clone()));
        SourceFile {
            path,
            text,
            named,
            root,
            dir,
        }
    }

    /// The documents of the file (empty ones skipped).
    pub fn documents(&self) -> Vec<Document> {
        split(&self.text)
    }
}

/// One YAML document: its text (from its `---` marker, if any, so offsets map one-to-one) and where it starts.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    /// Line (0-based count of lines before it) and byte offset of the document's first line in the file.
    pub line_offset: u64,
    pub byte_offset: usize,
}

impl Document {
    /// The absolute span in the file of a location inside this document.
    pub fn span(&self, loc: &Location) -> SourceSpan {
        self.span_len(loc, None)
    }

    /// Like `span`, overriding the length (e.g. 0 to point at a position).
    pub fn span_len(&self, loc: &Location, len: Option<usize>) -> SourceSpan {
        let s = loc.span();
        let (offset, natural) = match (s.byte_offset(), s.byte_len()) {
            (Some(o), Some(l)) => (o as usize, l as usize),
            _ => (line_col_offset(&self.text, loc.line(), loc.column()), 0),
        };
        let offset = offset.min(self.text.len());
        SourceSpan::new((self.byte_offset + offset).into(), len.unwrap_or(natural))
    }

    /// A span for the first line of the document (used when a problem has no better place).
    pub fn start(&self) -> SourceSpan {
        let first = self
            .text
            .lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && !is_marker(l, "---")
            })
            .unwrap_or(0);
        let offset: usize = self.text.split_inclusive('\n').take(first).map(str::len).sum();
        let len = self.text[offset..].lines().next().map_or(0, |l| l.trim_end().len());
        SourceSpan::new((self.byte_offset + offset).into(), len)
    }
}

fn line_col_offset(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line_start = line_start.min(text.len());
    let col: usize = text[line_start..]
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(char::len_utf8)
        .sum();
    line_start + col
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Split at `---` / `...` lines in column 0 (YAML's document markers: they end block scalars too).
fn split(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start_line = 0u64;
    let mut start_byte = 0usize;
    let mut byte = 0usize;
    let mut push = |current: &mut String, start_line: u64, start_byte: usize| {
        let has_content = current.lines().any(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') && !is_marker(l, "---") && !is_marker(l, "...")
        });
        if has_content {
            docs.push(Document {
                text: std::mem::take(current),
                line_offset: start_line,
                byte_offset: start_byte,
            });
        } else {
            current.clear();
        }
    };
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let line_no = line_no as u64;
        if is_marker(line, "---") {
            push(&mut current, start_line, start_byte);
            start_line = line_no;
            start_byte = byte;
            current.push_str(line);
        } else if is_marker(line, "...") {
            current.push_str(line);
            push(&mut current, start_line, start_byte);
            start_line = line_no + 1;
            start_byte = byte + line.len();
        } else {
            current.push_str(line);
        }
        byte += line.len();
    }
    push(&mut current, start_line, start_byte);
    docs
}

impl SourceFile {
    /// 1-based line and column of a byte offset, for messages such as "first defined at file:3:7".
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_at_markers_keeping_offsets() {
        let text = "# header\nkind: A\n---\nkind: B\n--- # c\n\n---\n# only a comment\n---\nkind: C\n";
        let docs = split(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].text, "# header\nkind: A\n");
        assert_eq!((docs[1].line_offset, docs[1].byte_offset), (2, 17));
        assert_eq!(docs[1].text, "---\nkind: B\n");
        assert_eq!(&text[docs[2].byte_offset..docs[2].byte_offset + 3], "---");
        assert!(docs[2].text.ends_with("kind: C\n"));
        // Same byte lengths: offsets inside a document map one-to-one onto the file.
        for d in &docs {
            assert_eq!(&text[d.byte_offset..d.byte_offset + d.text.len()], d.text);
        }
    }
}
