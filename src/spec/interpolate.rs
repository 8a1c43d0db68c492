//! `${VAR}` and `${VAR:-default}` in Environment documents; `$${` writes a literal `${`.
//!
//! Which variables a spec may read is decided by the caller (the command line), never by the specs: a variable
//! that is not allowed is an error, unless it has a default, which is then used.

/// What the caller knows of a variable the text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Value(String),
    Unset,
    NotAllowed,
}

/// Why a text could not be expanded: the variables not allowed, those allowed but unset (without a default), and
/// whether the result would have exceeded the cap (the expansion stops there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failed {
    pub not_allowed: Vec<String>,
    pub unset: Vec<String>,
    pub too_long: bool,
}

/// A text with its variables expanded, and whether a variable's value (not only defaults) went into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    pub from_variable: bool,
}

/// Expand variables with `lookup`; never more than `cap` bytes.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Lookup, cap: usize) -> Result<Expanded, Failed> {
    let mut out = String::with_capacity(text.len().min(cap));
    let mut from_variable = false;
    let mut failed = Failed::default();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        push_capped(&mut out, &rest[..start], cap, &mut failed);
        let after = &rest[start..];
        if let Some(literal) = after.strip_prefix("$${") {
            push_capped(&mut out, "${", cap, &mut failed);
            rest = literal;
            continue;
        }
        let Some(body_start) = after.strip_prefix("${") else {
            push_capped(&mut out, "$", cap, &mut failed);
            rest = &after[1..];
            continue;
        };
        let Some(end) = body_start.find('}') else {
            push_capped(&mut out, after, cap, &mut failed);
            rest = "";
            break;
        };
        let body = &body_start[..end];
        let (name, default) = match body.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (body, None),
        };
        match (lookup(name), default) {
            (Lookup::Value(v), _) if !v.is_empty() => {
                from_variable = true;
                push_capped(&mut out, &v, cap, &mut failed);
            }
            (_, Some(d)) => push_capped(&mut out, d, cap, &mut failed),
            (Lookup::NotAllowed, None) => failed.not_allowed.push(name.to_owned()),
            (_, None) => failed.unset.push(name.to_owned()),
        }
        if failed.too_long {
            break;
        }
        rest = &body_start[end + 1..];
    }
    push_capped(&mut out, rest, cap, &mut failed);
    if failed == Failed::default() {
        Ok(Expanded {
            text: out,
            from_variable,
        })
    } else {
        Err(failed)
    }
}

fn push_capped(out: &mut String, text: &str, cap: usize, failed: &mut Failed) {
    if failed.too_long || out.len() + text.len() > cap {
        failed.too_long = true;
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::{Failed, Lookup, expand};

    fn env(name: &str) -> Lookup {
        match name {
            "HOST" => Lookup::Value("kafka:9092".into()),
            "EMPTY" => Lookup::Value(String::new()),
            "SECRET" => Lookup::NotAllowed,
            _ => Lookup::Unset,
        }
    }

    fn x(text: &str) -> Result<String, Failed> {
        expand(text, &env, 1024).map(|e| e.text)
    }

    #[test]
    fn whether_a_variable_was_used_is_known() {
        assert!(expand("${HOST}", &env, 1024).unwrap().from_variable);
        assert!(!expand("${NOPE:-a}${SECRET:-b}", &env, 1024).unwrap().from_variable);
    }

    #[test]
    fn variables_defaults_and_escapes() {
        assert_eq!(x("${HOST}").unwrap(), "kafka:9092");
        assert_eq!(x("${NOPE:-127.0.0.1:9092}").unwrap(), "127.0.0.1:9092");
        assert_eq!(x("${EMPTY:-fallback}").unwrap(), "fallback");
        assert_eq!(x("a-$${HOST}-$x").unwrap(), "a-${HOST}-$x");
        assert_eq!(x("${A}/${B:-}/${C}").unwrap_err().unset, ["A", "C"]);
        assert_eq!(x("${B:-}").unwrap(), "");
    }

    #[test]
    fn a_variable_not_allowed_is_refused_unless_it_has_a_default() {
        let failed = x("${SECRET}.attacker.invalid:9092").unwrap_err();
        assert_eq!(failed.not_allowed, ["SECRET"]);
        assert!(failed.unset.is_empty());
        assert_eq!(x("${SECRET:-127.0.0.1:9092}").unwrap(), "127.0.0.1:9092");
    }

    #[test]
    fn expansion_stops_at_the_cap() {
        let big = |_: &str| Lookup::Value("x".repeat(100));
        assert_eq!(expand("${A}${A}", &big, 200).unwrap().text.len(), 200);
        let text = "${A}".repeat(10_000);
        assert!(expand(&text, &big, 1000).unwrap_err().too_long);
        assert!(expand(&"y".repeat(1001), &big, 1000).unwrap_err().too_long);
    }
}
