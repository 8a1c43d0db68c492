//! A failed Kubernetes call in words: the API server's own message, reason and HTTP code (never the Rust `Debug`
//! of its `Status`), and for a failure below HTTP every cause in the chain, so a certificate that is not valid for
//! the `tls-server-name` says so instead of `client error (Connect)`.

use std::error::Error;

/// The reason of `e`, for people.
pub fn describe(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(status) => {
            let mut text = if status.message.is_empty() {
                "the API server refused the request".to_owned()
            } else {
                status.message.clone()
            };
            let mut why = Vec::new();
            if !status.reason.is_empty() {
                why.push(status.reason.clone());
            }
            if status.code != 0 {
                why.push(format!("HTTP {}", status.code));
            }
            if !why.is_empty() {
                text.push_str(&format!(" ({})", why.join(", ")));
            }
            text
        }
        // kube words a failed exec plugin with the `Debug` of its process output: say it in words, with what the
        // plugin itself printed on stderr (at most a few lines).
        kube::Error::Auth(kube::client::AuthError::AuthExecRun { status, out, .. }) => {
            let said: String = String::from_utf8_lossy(&out.stderr).trim().chars().take(500).collect();
            if said.is_empty() {
                format!("the kubeconfig's exec credential plugin failed ({status}) and printed nothing on stderr")
            } else {
                format!("the kubeconfig's exec credential plugin failed ({status}): {said}")
            }
        }
        other => chain(other),
    }
}

/// The error and its causes, `: `-joined, each said once (a cause whose text its parent already holds is skipped).
pub fn chain(e: &dyn Error) -> String {
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = cause.source();
    }
    parts.join(": ")
}

/// The HTTP code of an API server refusal, when `e` is one.
pub fn code(e: &kube::Error) -> Option<u16> {
    match e {
        kube::Error::Api(status) => Some(status.code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{chain, describe};

    #[test]
    fn a_status_reads_as_words_and_causes_are_kept() {
        let status = kube::core::Status {
            code: 429,
            message: "storage is (re)initializing".into(),
            reason: "TooManyRequests".into(),
            ..kube::core::Status::failure("", "")
        };
        let text = describe(&kube::Error::Api(Box::new(status)));
        assert_eq!(text, "storage is (re)initializing (TooManyRequests, HTTP 429)");
        assert!(!text.contains("Status {"), "{text}");

        #[derive(Debug, thiserror::Error)]
        #[error("client error (Connect)")]
        struct Outer(#[source] std::io::Error);
        let inner = std::io::Error::other("invalid peer certificate: certificate not valid for name \"wrong.example\"");
        assert_eq!(
            chain(&Outer(inner)),
            "client error (Connect): invalid peer certificate: certificate not valid for name \"wrong.example\""
        );
    }
}
