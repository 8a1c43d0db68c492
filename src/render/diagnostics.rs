//! Spec problems for people: each with its code, file:line:column, the offending line and the fix.

use std::fmt::Write;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::validate::Validated;

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
        if handler.render_report(&mut out, d).is_err() {
            let _ = writeln!(out, "{}: {}", d.code, d.message);
        }
        out.push('\n');
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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
            "{name}: {}, {}, {}",
            plural(s.topics.len(), "topic"),
            plural(s.acls.len(), "ACL binding"),
            plural(s.subjects.len(), "subject")
        );
    }
    let _ = writeln!(out, "Specs are valid ({}).", summary(&validated.diagnostics));
    out
}
