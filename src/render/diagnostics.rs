//! Spec problems for people: each with its code, file:line:column, the offending line and the fix.

use std::fmt::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity, SourceCode, SourceSpan};

use crate::render::escape::shorten;
use crate::render::excerpt::{Excerpt, excerpt};
use crate::render::plan_words::plural;
use crate::spec::diagnostic::{Level, SpecDiagnostic};
use crate::spec::validate::Validated;

/// A message, label or help is cut after this many characters (it may quote a spec value of any length).
const MAX_TEXT: usize = 1000;

/// A diagnostic as it may reach a terminal: its texts escaped and cut, its snippet from the file or, for long or
/// hostile lines, from an escaped excerpt.
struct Shown<'a> {
    d: &'a SpecDiagnostic,
    message: String,
    label: String,
    help: Option<String>,
    source: Option<Snippet<'a>>,
}

enum Snippet<'a> {
    File(&'a NamedSource<Arc<str>>, SourceSpan),
    Excerpt(Excerpt),
}

impl<'a> Shown<'a> {
    fn new(d: &'a SpecDiagnostic) -> Self {
        let source = d.source.as_deref().map(|file| match excerpt(file, d.span) {
            Some(e) => Snippet::Excerpt(e),
            None => Snippet::File(file, d.span),
        });
        Shown {
            d,
            message: shorten(&d.message, MAX_TEXT),
            label: shorten(&d.label, MAX_TEXT),
            help: d.help.as_deref().map(|h| shorten(h, MAX_TEXT)),
            source,
        }
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.d.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match self.source.as_ref()? {
            Snippet::File(file, _) => Some(*file as &dyn SourceCode),
            Snippet::Excerpt(e) => Some(e as &dyn SourceCode),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = match self.source.as_ref()? {
            Snippet::File(_, span) => *span,
            Snippet::Excerpt(e) => e.span(),
        };
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, span))))
    }
}

/// Fixed width: output does not depend on the terminal.
const WIDTH: usize = 100;

pub fn report(diagnostics: &[SpecDiagnostic], colour: bool) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false);
    let mut out = String::new();
    for d in diagnostics {
        let shown = Shown::new(d);
        if handler.render_report(&mut out, &shown).is_err() {
            let _ = writeln!(out, "{}: {}", d.code, shown.message);
        }
        out.push('\n');
    }
    out
}

/// `2 errors, 1 warning`.
pub fn summary(diagnostics: &[SpecDiagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(diagnostics.len() - errors, "warning")
    )
}

/// What was checked, per environment, and the summary line.
pub fn valid(validated: &Validated) -> String {
    let mut out = String::new();
    for (name, env) in &validated.environments {
        let s = &env.state;
        let _ = writeln!(
            out,
            "{}: {}, {}, {}",
            shorten(name, MAX_TEXT),
            plural(s.topics.len(), "topic"),
            plural(s.acls.len(), "ACL binding"),
            plural(s.subjects.len(), "subject")
        );
    }
    let _ = writeln!(out, "Specs are valid ({}).", summary(&validated.diagnostics));
    out
}
