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
    eprint!("{}", printable(&out, colour));
}

/// A character shown escaped (`\u{1b}`) rather than sent to a terminal: C0 and C1 controls but `\n` and `\t`,
/// DEL, and the Unicode bidi overrides. Errors quote spec values and servers' messages.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character escaped, except, when `colour`, SGR colour sequences (`ESC [ 1 ; 31 m`).
fn printable(text: &str, colour: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let sgr = rest
            .strip_prefix("\u{1b}[")
            .and_then(|r| r.find(|c: char| !(c.is_ascii_digit() || c == ';')))
            .filter(|end| colour && rest[2 + end..].starts_with('m'))
            .map(|end| 3 + end);
        let len = match sgr {
            Some(len) => {
                out.push_str(&rest[..len]);
                len
            }
            None if is_unsafe(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                c.len_utf8()
            }
            None => {
                out.push(c);
                c.len_utf8()
            }
        };
        rest = &rest[len..];
    }
    out
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

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn only_colours_reach_the_terminal() {
        let text = "\u{1b}[31mx\u{1b}[0m \u{1b}]0;t\u{7}\n";
        assert_eq!(printable(text, true), "\u{1b}[31mx\u{1b}[0m \\u{1b}]0;t\\u{7}\n");
        assert_eq!(printable(text, false), "\\u{1b}[31mx\\u{1b}[0m \\u{1b}]0;t\\u{7}\n");
    }
}
