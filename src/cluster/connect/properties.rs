//! A bare `--bootstrap` with standard Kafka client properties (`-X key=value`, `--command-config FILE`), plus
//! `sasl.mechanism=AWS_MSK_IAM` as AWS's Java library names MSK IAM.

use std::collections::BTreeMap;

use crate::cluster::aws::sdk_client::sdk_config;
use crate::cluster::config::{ClientConfig, SaslConfig};
use crate::cluster::connect::error::ConnectError;
use crate::cluster::msk_iam::MskIamTokenProvider;

/// A client config for `bootstrap` with the client properties `props` (as the command line gave them).
pub async fn from_properties(bootstrap: &str, mut props: BTreeMap<String, String>) -> miette::Result<ClientConfig> {
    let mut cfg = ClientConfig::new(bootstrap)?;
    if let Some(region) = take_msk_iam(&mut props)? {
        let sdk = sdk_config(region.as_deref()).await;
        let provider = MskIamTokenProvider::from_sdk_config(&sdk, "set -X aws.region=REGION or AWS_REGION")
            .map_err(|message| ConnectError::MskIam { message })?;
        cfg.sasl = Some(SaslConfig::oauth(provider));
    }
    Ok(cfg.with_properties(&props)?)
}

/// `sasl.mechanism=AWS_MSK_IAM` (the name AWS's Java library uses): SASL_SSL + OAUTHBEARER with an MSK IAM token
/// from the default AWS credentials chain, for the region of `aws.region` (else the chain's: AWS_REGION, profile).
/// Rewrites `props` for the OAUTHBEARER path and returns the region given, or `None` when MSK IAM is not asked for.
/// The AWS Java library's `sasl.jaas.config` (IAMLoginModule) and callback handler class are accepted and ignored.
fn take_msk_iam(props: &mut BTreeMap<String, String>) -> Result<Option<Option<String>>, ConnectError> {
    let region = props.remove("aws.region").filter(|r| !r.is_empty());
    let iam = ["sasl.mechanism", "sasl.mechanisms"]
        .iter()
        .any(|k| props.get(*k).is_some_and(|m| m.eq_ignore_ascii_case("AWS_MSK_IAM")));
    if !iam {
        return match region {
            Some(_) => Err(ConnectError::Property(
                "-X aws.region only applies with -X sasl.mechanism=AWS_MSK_IAM".into(),
            )),
            None => Ok(None),
        };
    }
    match props.get("security.protocol") {
        Some(p) if !p.eq_ignore_ascii_case("SASL_SSL") => {
            return Err(ConnectError::Property(format!(
                "sasl.mechanism AWS_MSK_IAM needs security.protocol SASL_SSL (MSK IAM is only offered over TLS), not {p}"
            )));
        }
        _ => {}
    }
    for key in ["sasl.username", "sasl.password"] {
        if props.contains_key(key) {
            return Err(ConnectError::Property(format!(
                "sasl.mechanism AWS_MSK_IAM takes AWS credentials, not {key}"
            )));
        }
    }
    if props
        .get("sasl.jaas.config")
        .is_some_and(|j| j.contains("software.amazon.msk.auth.iam.IAMLoginModule"))
    {
        props.remove("sasl.jaas.config");
    }
    if props
        .get("sasl.client.callback.handler.class")
        .is_some_and(|c| c.contains("software.amazon.msk.auth.iam."))
    {
        props.remove("sasl.client.callback.handler.class");
    }
    props.remove("sasl.mechanisms");
    props.insert("sasl.mechanism".into(), "OAUTHBEARER".into());
    props.insert("security.protocol".into(), "SASL_SSL".into());
    Ok(Some(region))
}

/// A client property whose value is a secret: never shown, not even in a parse error.
pub fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "secret", "jaas", "token", "credential"]
        .iter()
        .any(|word| key.contains(word))
}

/// At most this much of a malformed property is shown.
const SHOWN_CHARS: usize = 80;

/// A malformed `KEY=VALUE` (no `=`) as an error may show it: only the key-like start when the text names a secret
/// property (`sasl.password:s3cr3t` → `sasl.password…`), else the text with control characters escaped and capped.
pub fn shown_malformed(text: &str) -> String {
    let key_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(text.len());
    let key = &text[..key_end];
    if is_secret(text) {
        let rest = if key_end < text.len() {
            "… (the rest is not shown: it may be a secret)"
        } else {
            ""
        };
        return format!("{key}{rest}");
    }
    let mut shown: String = text
        .chars()
        .take(SHOWN_CHARS)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{is_secret, shown_malformed, take_msk_iam};

    #[test]
    fn malformed_secret_properties_are_not_echoed() {
        assert!(is_secret("sasl.password") && is_secret("SASL.JAAS.CONFIG") && is_secret("ssl.key.password"));
        assert!(!is_secret("security.protocol"));
        let shown = shown_malformed("sasl.password:s3cr3t");
        assert!(
            shown.starts_with("sasl.password…") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert_eq!(shown_malformed("sasl.jaas.config"), "sasl.jaas.config");
        assert_eq!(shown_malformed("retries:\u{1b}5"), "retries:\\u{1b}5");
        assert_eq!(shown_malformed(&"x".repeat(100)).chars().count(), 81);
    }

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn aws_msk_iam_becomes_sasl_ssl_oauthbearer() {
        let mut p = props(&[
            ("sasl.mechanism", "aws_msk_iam"),
            ("aws.region", "eu-west-1"),
            (
                "sasl.jaas.config",
                "software.amazon.msk.auth.iam.IAMLoginModule required;",
            ),
            (
                "sasl.client.callback.handler.class",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
            ),
        ]);
        assert_eq!(take_msk_iam(&mut p).unwrap(), Some(Some("eu-west-1".to_owned())));
        assert_eq!(
            p,
            props(&[("sasl.mechanism", "OAUTHBEARER"), ("security.protocol", "SASL_SSL")])
        );
        let mut p = props(&[("sasl.mechanism", "AWS_MSK_IAM"), ("security.protocol", "SASL_SSL")]);
        assert_eq!(take_msk_iam(&mut p).unwrap(), Some(None));
    }

    #[test]
    fn aws_msk_iam_misuse_is_an_error() {
        let mut plain = props(&[("sasl.mechanism", "PLAIN")]);
        assert_eq!(take_msk_iam(&mut plain).unwrap(), None);
        for bad in [
            props(&[("aws.region", "eu-west-1")]),
            props(&[("sasl.mechanism", "AWS_MSK_IAM"), ("security.protocol", "SSL")]),
            props(&[("sasl.mechanism", "AWS_MSK_IAM"), ("sasl.username", "u")]),
        ] {
            assert!(take_msk_iam(&mut bad.clone()).is_err(), "{bad:?}");
        }
    }
}
