//! The single place where errors are rendered for people.

use std::io::IsTerminal;

/// Render an error (with its causes, source spans and help, when it has them) on standard error.
/// Colour only when standard error is a terminal and `NO_COLOR` is not set.
pub fn report(err: miette::Report) {
    let colour = crate::commands::colour(std::io::stderr().is_terminal());
    let handler = miette::GraphicalReportHandler::new_themed(if colour {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    });
    let mut out = String::new();
    if handler.render_report(&mut out, err.as_ref()).is_err() {
        out = format!("Error: {err:?}");
    }
    eprint!("{out}");
}
