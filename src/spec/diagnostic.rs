//! A problem found in the specs, with a stable code, the file, the offending span and, where there is one, the fix.
//! Rendered through miette; every problem is collected, never just the first.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, Severity, SourceSpan};

use crate::files::FileError;
use crate::spec::source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct SpecDiagnostic {
    /// Stable, e.g. `topicctl::unknown_config_key`.
    pub code: &'static str,
    pub level: Level,
    pub message: String,
    pub source: Option<Arc<NamedSource<Arc<str>>>>,
    /// Byte range in the file.
    pub span: SourceSpan,
    pub label: String,
    pub help: Option<String>,
    /// Where the file is, for sorting: path, then offset.
    pub sort_key: (String, usize),
}

impl SpecDiagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        SpecDiagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            source: None,
            span: SourceSpan::from(0..0),
            label: String::new(),
            help: None,
            sort_key: (String::new(), 0),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        SpecDiagnostic {
            level: Level::Warning,
            ..Self::error(code, message)
        }
    }

    /// Point at `span` (absolute byte range) in `file`, with a label.
    pub fn at(mut self, file: &SourceFile, span: SourceSpan, label: impl Into<String>) -> Self {
        self.source = Some(file.named.clone());
        self.span = span;
        self.label = label.into();
        self.sort_key = (file.path.clone(), span.offset());
        self
    }

    /// A file that could not be read, under its `topicctl::file::*` code (the same code whichever file it is);
    /// `what` names the kind of file for the help, e.g. "spec" or "schema". Never shows the file's content.
    pub fn file(err: &FileError, what: &str) -> Self {
        let help = match err {
            FileError::Io { .. } => None,
            FileError::NotRegular { .. } => miette::Diagnostic::help(err).map(|h| h.to_string()),
            FileError::TooLarge { cap, .. } => Some(format!("{what} files over {cap} bytes are refused")),
            FileError::NotText { .. } => Some(format!("{what} files are UTF-8 text")),
        };
        Self::error(err.code_name(), err.to_string()).with_help(help)
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for SpecDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecDiagnostic {}

impl miette::Diagnostic for SpecDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_deref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, self.span))))
    }
}

/// Sort by file and position, errors and warnings interleaved as they appear; drop exact repeats.
pub fn sort(diagnostics: &mut Vec<SpecDiagnostic>) {
    diagnostics.sort_by(|a, b| (&a.sort_key, a.code, &a.message).cmp(&(&b.sort_key, b.code, &b.message)));
    diagnostics.dedup_by(|a, b| a.sort_key == b.sort_key && a.code == b.code && a.message == b.message);
}
