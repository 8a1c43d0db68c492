//! `${VAR}` and `${VAR:-default}` in Environment documents; `$${` writes a literal `${`.

/// Expand variables with `lookup`; on failure, the names that have no value and no default.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(literal) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = literal;
            continue;
        }
        let Some(body_start) = after.strip_prefix("${") else {
            out.push('$');
            rest = &after[1..];
            continue;
        };
        let Some(end) = body_start.find('}') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let body = &body_start[..end];
        let (name, default) = match body.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (body, None),
        };
        match lookup(name)
            .filter(|v| !v.is_empty())
            .or_else(|| default.map(str::to_owned))
        {
            Some(value) => out.push_str(&value),
            None => missing.push(name.to_owned()),
        }
        rest = &body_start[end + 1..];
    }
    out.push_str(rest);
    if missing.is_empty() { Ok(out) } else { Err(missing) }
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOST" => Some("kafka:9092".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn variables_defaults_and_escapes() {
        assert_eq!(expand("${HOST}", &env).unwrap(), "kafka:9092");
        assert_eq!(expand("${NOPE:-127.0.0.1:9092}", &env).unwrap(), "127.0.0.1:9092");
        assert_eq!(expand("${EMPTY:-fallback}", &env).unwrap(), "fallback");
        assert_eq!(expand("a-$${HOST}-$x", &env).unwrap(), "a-${HOST}-$x");
        assert_eq!(expand("${A}/${B:-}/${C}", &env).unwrap_err(), ["A", "C"]);
        assert_eq!(expand("${B:-}", &env).unwrap(), "");
    }
}
