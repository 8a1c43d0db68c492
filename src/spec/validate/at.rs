//! Where a raw value sits: its file and document, to turn its span into a diagnostic's location.

use crate::spec::raw::Sp;
use miette::SourceSpan;

use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::source::{Document, SourceFile};

#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub file: &'a SourceFile,
    pub doc: &'a Document,
}

impl At<'_> {
    pub fn span<T>(&self, value: &Sp<T>) -> SourceSpan {
        self.doc.span(&value.referenced)
    }

    /// Point `diagnostic` at `value` with `label`.
    pub fn on<T>(&self, diagnostic: SpecDiagnostic, value: &Sp<T>, label: impl Into<String>) -> SpecDiagnostic {
        diagnostic.at(self.file, self.span(value), label)
    }

    /// Point at the start of the document.
    pub fn on_doc(&self, diagnostic: SpecDiagnostic, label: impl Into<String>) -> SpecDiagnostic {
        diagnostic.at(self.file, self.doc.start(), label)
    }
}
