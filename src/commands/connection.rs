//! Turns connection flags (`--bootstrap`, `-X key=value`, `--command-config FILE`) into a client config.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use miette::{IntoDiagnostic, WrapErr, miette};

use std::sync::Arc;

use crate::cli::ConnectionArgs;
use crate::cluster::config::{ClientConfig, SaslConfig, SaslCredentials, SaslMechanism, SecurityProtocol};
use crate::cluster::msk_iam::MskIamTokenProvider;
use crate::model::environment::{Environment, Security};
use crate::model::provision::Provision;
use crate::provision::msk::bootstrap::{self, Auth, region_of_arn};
use crate::provision::msk::lookup::find_by_name;
use crate::provision::msk::sdk_client::sdk_config;

pub async fn client_config(args: &ConnectionArgs) -> miette::Result<ClientConfig> {
    let mut props = BTreeMap::new();
    if let Some(path) = &args.command_config {
        let text = std::fs::read_to_string(path)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read {}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| miette!("{}:{}: expected KEY=VALUE", path.display(), i + 1))?;
            props.insert(k.trim().to_owned(), v.trim().to_owned());
        }
    }
    for p in &args.properties {
        let (k, v) = p.split_once('=').ok_or_else(|| miette!("-X {p}: expected KEY=VALUE"))?;
        props.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    let mut cfg = ClientConfig::new(&args.bootstrap)?;
    if let Some(region) = take_msk_iam(&mut props)? {
        let sdk = sdk_config(region.as_deref()).await;
        let provider = msk_iam_provider(&sdk, "set -X aws.region=REGION or AWS_REGION").map_err(|e| miette!("{e}"))?;
        cfg.sasl = Some(SaslConfig {
            mechanism: SaslMechanism::OAuthBearer,
            credentials: SaslCredentials::OAuth(Arc::new(provider)),
        });
    }
    Ok(cfg.with_properties(&props)?)
}

/// `sasl.mechanism=AWS_MSK_IAM` (the name AWS's Java library uses): SASL_SSL + OAUTHBEARER with an MSK IAM token
/// from the default AWS credentials chain, for the region of `aws.region` (else the chain's: AWS_REGION, profile).
/// Rewrites `props` for the OAUTHBEARER path and returns the region given, or `None` when MSK IAM is not asked for.
/// The AWS Java library's `sasl.jaas.config` (IAMLoginModule) and callback handler class are accepted and ignored.
fn take_msk_iam(props: &mut BTreeMap<String, String>) -> miette::Result<Option<Option<String>>> {
    let region = props.remove("aws.region").filter(|r| !r.is_empty());
    let iam = ["sasl.mechanism", "sasl.mechanisms"]
        .iter()
        .any(|k| props.get(*k).is_some_and(|m| m.eq_ignore_ascii_case("AWS_MSK_IAM")));
    if !iam {
        return match region {
            Some(_) => Err(miette!("-X aws.region only applies with -X sasl.mechanism=AWS_MSK_IAM")),
            None => Ok(None),
        };
    }
    match props.get("security.protocol") {
        Some(p) if !p.eq_ignore_ascii_case("SASL_SSL") => {
            return Err(miette!(
                "sasl.mechanism AWS_MSK_IAM needs security.protocol SASL_SSL (MSK IAM is only offered over TLS), not {p}"
            ));
        }
        _ => {}
    }
    for key in ["sasl.username", "sasl.password"] {
        if props.contains_key(key) {
            return Err(miette!("sasl.mechanism AWS_MSK_IAM takes AWS credentials, not {key}"));
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

/// An MSK IAM token provider on an SDK configuration's credentials chain and region; `region_help` says where a
/// missing region can be set.
fn msk_iam_provider(sdk: &SdkConfig, region_help: &str) -> Result<MskIamTokenProvider, String> {
    let credentials = sdk
        .credentials_provider()
        .ok_or_else(|| "no AWS credentials provider for MSK IAM".to_owned())?;
    let region = sdk
        .region()
        .map(|r| r.to_string())
        .ok_or_else(|| format!("no AWS region for MSK IAM ({region_help})"))?;
    Ok(MskIamTokenProvider::new(credentials, region))
}

/// How to reach an environment's cluster, from its spec. An MSK environment (`msk.clusterArn`) without a
/// `bootstrap` has its bootstrap brokers looked up (GetBootstrapBrokers) for the way it authenticates: IAM
/// (SASL_SSL + OAUTHBEARER with an MSK IAM token, the default), SCRAM (`sasl.mechanism: SCRAM-SHA-512`) or TLS
/// (`protocol: SSL`).
pub async fn from_environment(env: &Environment) -> miette::Result<ClientConfig> {
    let explicit = env.bootstrap.as_deref().filter(|b| !b.is_empty());
    // The MSK cluster to discover: `msk.clusterArn`, else (no bootstrap given) the one `provision.msk` names.
    let (sdk, arn) = match (&env.msk, &env.provision) {
        (Some(msk), _) => {
            let region = msk.region.as_deref().or_else(|| region_of_arn(&msk.cluster_arn));
            (sdk_config(region).await, msk.cluster_arn.clone())
        }
        (None, Some(Provision::Msk(m))) if explicit.is_none() => {
            let sdk = sdk_config(crate::provision::msk::region(env, m)).await;
            let client = aws_sdk_kafka::Client::new(&sdk);
            let found = find_by_name(&client, &m.cluster_name)
                .await
                .map_err(|e| miette!("environment `{}`: {e}", env.name))?;
            let arn = found.and_then(|c| c.cluster_arn().map(str::to_owned)).ok_or_else(|| {
                miette!(
                    help = format!(
                        "create it with `topicctl cluster up {}`, or set msk.clusterArn",
                        env.name
                    ),
                    "environment `{}`: there is no MSK cluster named `{}`",
                    env.name,
                    m.cluster_name
                )
            })?;
            (sdk, arn)
        }
        _ => {
            let bootstrap = explicit.ok_or_else(|| miette!("environment `{}` has no `bootstrap` address", env.name))?;
            return with_security(env, ClientConfig::new(bootstrap)?);
        }
    };
    let auth = msk_auth(&env.security);
    let bootstrap = match explicit {
        Some(b) => b.to_owned(),
        None => {
            let client = aws_sdk_kafka::Client::new(&sdk);
            let found = bootstrap::get(&client, &arn)
                .await
                .map_err(|e| miette!("environment `{}`: {e}", env.name))?;
            found.get(auth).map(str::to_owned).ok_or_else(|| {
                miette!(
                    "environment `{}`: MSK cluster {} has no {} bootstrap brokers (is that authentication enabled?)",
                    env.name,
                    arn,
                    auth.name()
                )
            })?
        }
    };
    let mut cfg = ClientConfig::new(&bootstrap)?;
    if auth == Auth::Iam {
        let provider =
            msk_iam_provider(&sdk, "set msk.region").map_err(|e| miette!("environment `{}`: {e}", env.name))?;
        cfg.protocol = SecurityProtocol::SaslSsl;
        cfg.sasl = Some(SaslConfig {
            mechanism: SaslMechanism::OAuthBearer,
            credentials: SaslCredentials::OAuth(Arc::new(provider)),
        });
    }
    with_security(env, cfg)
}

/// Which bootstrap string an MSK environment needs, from its `security`.
pub fn msk_auth(s: &Security) -> Auth {
    let mechanism = s.sasl_mechanism.as_deref().unwrap_or("").to_ascii_uppercase();
    let protocol = s.protocol.as_deref().unwrap_or("").to_ascii_uppercase();
    if mechanism.starts_with("SCRAM") {
        Auth::Scram
    } else if mechanism.is_empty() && protocol == "SSL" {
        Auth::Tls
    } else if mechanism.is_empty() && protocol == "PLAINTEXT" {
        Auth::Plaintext
    } else {
        Auth::Iam
    }
}

fn with_security(env: &Environment, cfg: ClientConfig) -> miette::Result<ClientConfig> {
    let s = &env.security;
    let mut props = BTreeMap::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            props.insert(k.to_owned(), v);
        }
    };
    put("security.protocol", s.protocol.clone());
    put("sasl.mechanism", s.sasl_mechanism.clone());
    put("sasl.username", s.username.clone());
    put("sasl.password", s.password.as_ref().map(|p| p.expose().to_owned()));
    put("ssl.ca.location", s.ca_file.as_ref().map(|p| p.display().to_string()));
    put(
        "ssl.certificate.location",
        s.cert_file.as_ref().map(|p| p.display().to_string()),
    );
    put("ssl.key.location", s.key_file.as_ref().map(|p| p.display().to_string()));
    put("enable.ssl.certificate.verification", s.verify.map(|v| v.to_string()));
    if matches!(
        &cfg.sasl,
        Some(SaslConfig {
            credentials: SaslCredentials::OAuth(_),
            ..
        })
    ) {
        // MSK IAM: the token provider is set; keep only the TLS settings of `security`.
        props.insert("security.protocol".into(), "SASL_SSL".into());
        props.insert("sasl.mechanism".into(), "OAUTHBEARER".into());
        props.remove("sasl.username");
        props.remove("sasl.password");
    }
    cfg.with_properties(&props)
        .map_err(|e| miette!("environment `{}`: {e}", env.name))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{msk_auth, take_msk_iam};
    use crate::model::environment::Security;
    use crate::provision::msk::bootstrap::Auth;

    #[test]
    fn msk_bootstrap_follows_the_security_settings() {
        let s = |protocol: Option<&str>, mechanism: Option<&str>| Security {
            protocol: protocol.map(str::to_owned),
            sasl_mechanism: mechanism.map(str::to_owned),
            ..Default::default()
        };
        assert_eq!(msk_auth(&s(None, None)), Auth::Iam);
        assert_eq!(msk_auth(&s(Some("SASL_SSL"), Some("OAUTHBEARER"))), Auth::Iam);
        assert_eq!(msk_auth(&s(Some("SASL_SSL"), Some("SCRAM-SHA-512"))), Auth::Scram);
        assert_eq!(msk_auth(&s(Some("SSL"), None)), Auth::Tls);
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
