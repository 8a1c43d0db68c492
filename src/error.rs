//! The single place where errors are rendered for people, and the one way to fold an error chain into a line.
//! Imports nothing of the crate: every layer may use it.

/// Render an error (with its causes, source spans, code and help, when it has them) on standard error.
/// `colour`: standard error is a terminal and `NO_COLOR` is not set.
pub fn report(err: miette::Report, colour: bool) {
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

/// An error and its causes on one line, each once, by their `Display` (no `Debug` dumps): for errors that are
/// folded into a message of ours, such as an HTTP client's or an SDK's.
pub fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        let text = err.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = err.source();
    }
    parts.join(": ")
}
