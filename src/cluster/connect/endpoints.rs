//! Which endpoints may receive credentials: a policy given on the trusted side (the command line, the CI's
//! environment), never by the specs. Patterns are `HOST:PORT` (or, for a registry, `SCHEME://HOST:PORT`) where `*`
//! matches any text, compared without regard to ASCII case. Every address is checked before anything connects.

use crate::cluster::connect::error::ConnectError;
use crate::model::environment::{Environment, Field};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// `None`: every endpoint (no policy was given).
    only: Option<Vec<String>>,
}

impl Endpoints {
    pub fn any() -> Self {
        Endpoints { only: None }
    }

    pub fn only(patterns: impl IntoIterator<Item = String>) -> Self {
        Endpoints {
            only: Some(patterns.into_iter().collect()),
        }
    }

    pub fn is_restricted(&self) -> bool {
        self.only.is_some()
    }

    /// Whether `host:port` (or `scheme://host:port` for a pattern with a scheme) is allowed.
    fn allows(&self, host_port: &str, scheme: Option<&str>) -> bool {
        let Some(patterns) = &self.only else {
            return true;
        };
        patterns.iter().any(|p| match (p.split_once("://"), scheme) {
            (Some((ps, rest)), Some(s)) => ps.eq_ignore_ascii_case(s) && glob(rest, host_port),
            (Some(_), None) => false,
            (None, _) => glob(p, host_port),
        })
    }

    /// Each `HOST:PORT` of a comma-separated list `value` must be allowed; `field`'s spec text is what the error
    /// shows.
    pub fn check_addresses(&self, env: &Environment, field: Field, value: &str) -> Result<(), ConnectError> {
        for addr in value.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            if !self.allows(addr, None) {
                return Err(refused(env, field, addr));
            }
        }
        Ok(())
    }

    /// A registry URL: its host and port (the scheme's default when none is written) must be allowed.
    pub fn check_url(&self, env: &Environment, field: Field, url: &str) -> Result<(), ConnectError> {
        if !self.is_restricted() {
            return Ok(());
        }
        match url_endpoint(url) {
            Some((scheme, host_port)) if self.allows(&host_port, Some(&scheme)) => Ok(()),
            _ => Err(refused(env, field, url)),
        }
    }

    /// An MSK region: its API endpoint, `kafka.REGION.amazonaws.com:443`, must be allowed.
    pub fn check_region(&self, env: &Environment, field: Field, region: &str) -> Result<(), ConnectError> {
        let well_formed = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !self.is_restricted() || (well_formed && self.allows(&format!("kafka.{region}.amazonaws.com:443"), None)) {
            return Ok(());
        }
        Err(refused(env, field, region))
    }
}

fn refused(env: &Environment, field: Field, value: &str) -> ConnectError {
    // A value that came from a variable is shown as the spec wrote it; a literal one as is.
    let shown = env.show(field, value).to_owned();
    ConnectError::EndpointNotAllowed {
        env: env.name.clone(),
        field: field.name(),
        shown,
    }
}

/// `(scheme, host:port)` of an http(s) URL, without user info, path, query or fragment.
fn url_endpoint(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let has_port = match host_port.rsplit_once(':') {
        Some((_, port)) => !port.contains(']'),
        None => false,
    };
    if host_port.is_empty() {
        return None;
    }
    let default = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    Some(if has_port {
        (scheme, host_port.to_owned())
    } else {
        (scheme, format!("{host_port}:{default}"))
    })
}

/// `*` matches any text (also empty); everything else itself, ASCII case-insensitively.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi].eq_ignore_ascii_case(&t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::{Endpoints, glob, url_endpoint};

    #[test]
    fn wildcards_match_any_text() {
        assert!(glob(
            "*.kafka.eu-west-1.amazonaws.com:*",
            "b-1.x.kafka.eu-west-1.amazonaws.com:9098"
        ));
        assert!(glob("127.0.0.1:*", "127.0.0.1:9092"));
        assert!(glob("KAFKA:9092", "kafka:9092"));
        assert!(!glob("*.kafka.eu-west-1.amazonaws.com:*", "evil.attacker.invalid:9092"));
        assert!(!glob("127.0.0.1:*", "127.0.0.10.attacker.invalid:9092"));
        assert!(!glob("a:1", "a:12"));
    }

    #[test]
    fn urls_are_compared_by_host_and_port() {
        assert_eq!(
            url_endpoint("https://user:pw@registry.example:8443/apis?x"),
            Some(("https".into(), "registry.example:8443".into()))
        );
        assert_eq!(
            url_endpoint("http://registry.example"),
            Some(("http".into(), "registry.example:80".into()))
        );
        assert_eq!(
            url_endpoint("http://ok.example@attacker.invalid/"),
            Some(("http".into(), "attacker.invalid:80".into()))
        );
        let policy = Endpoints::only(["127.0.0.1:*".to_owned(), "https://registry.example:*".to_owned()]);
        assert!(policy.allows("127.0.0.1:8081", Some("http")));
        assert!(policy.allows("registry.example:443", Some("https")));
        assert!(!policy.allows("registry.example:80", Some("http")));
        assert!(!policy.allows("registry.example:443", None));
        assert!(Endpoints::any().allows("anything:1", None));
        assert!(!Endpoints::only(Vec::new()).allows("127.0.0.1:9092", None));
    }
}
