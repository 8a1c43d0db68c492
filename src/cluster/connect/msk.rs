//! Where an MSK environment's brokers are: `GetBootstrapBrokers` for the cluster `msk.clusterArn` names (or, with
//! `provision.msk` and no `bootstrap`, the cluster of that name), picking the brokers of the way it authenticates:
//! IAM (SASL_SSL + OAUTHBEARER with an MSK IAM token, the default), SCRAM (`sasl.mechanism: SCRAM-SHA-512`) or TLS
//! (`protocol: SSL`).

use crate::cluster::aws::bootstrap::{self, Auth};
use crate::cluster::aws::lookup::find_by_name;
use crate::cluster::aws::sdk_client::sdk_config;
use crate::cluster::config::{ClientConfig, SaslConfig, SecurityProtocol};
use crate::cluster::connect::endpoints::Endpoints;
use crate::cluster::connect::error::ConnectError;
use crate::cluster::msk_iam::MskIamTokenProvider;
use crate::model::environment::{Environment, Field, Provision, Security, msk_region};
use crate::model::security::SaslMechanism;

/// The brokers (and, for IAM, the token provider) of an MSK environment; `None` when the environment is not
/// discovered through MSK. `explicit` is its non-empty `bootstrap`, which is used as is when given. The region and
/// the discovered brokers are checked against `endpoints` before they are used.
pub async fn discover(
    env: &Environment,
    explicit: Option<&str>,
    endpoints: &Endpoints,
) -> miette::Result<Option<ClientConfig>> {
    // The MSK cluster to discover: `msk.clusterArn`, else (no bootstrap given) the one `provision.msk` names.
    let (sdk, arn) = match (&env.msk, &env.provision) {
        (Some(msk), _) => {
            if let Some(region) = msk.effective_region() {
                let field = if msk.region.is_some() {
                    Field::MskRegion
                } else {
                    Field::MskClusterArn
                };
                endpoints.check_region(env, field, region)?;
            }
            (sdk_config(msk.effective_region()).await, msk.cluster_arn.clone())
        }
        (None, Some(Provision::Msk(m))) if explicit.is_none() => {
            if let Some(region) = msk_region(env, m) {
                endpoints.check_region(env, Field::MskRegion, region)?;
            }
            let sdk = sdk_config(msk_region(env, m)).await;
            let client = aws_sdk_kafka::Client::new(&sdk);
            let found = find_by_name(&client, &m.cluster_name)
                .await
                .map_err(|e| discovery(env, &e))?;
            let arn = found.and_then(|c| c.cluster_arn().map(str::to_owned)).ok_or_else(|| {
                ConnectError::MskClusterNotFound {
                    env: env.name.clone(),
                    name: m.cluster_name.clone(),
                }
            })?;
            (sdk, arn)
        }
        _ => return Ok(None),
    };
    let auth = msk_auth(&env.security);
    let bootstrap = match explicit {
        Some(b) => b.to_owned(),
        None => {
            let client = aws_sdk_kafka::Client::new(&sdk);
            let found = bootstrap::get(&client, &arn).await.map_err(|e| discovery(env, &e))?;
            let found = found
                .get(auth)
                .map(str::to_owned)
                .ok_or_else(|| ConnectError::MskNoBrokers {
                    env: env.name.clone(),
                    arn: env.hide(&arn),
                    auth: auth.name(),
                })?;
            endpoints.check_addresses(env, Field::MskBrokers, &found)?;
            found
        }
    };
    let mut cfg = ClientConfig::new(&bootstrap)?;
    if auth == Auth::Iam {
        let provider =
            MskIamTokenProvider::from_sdk_config(&sdk, "set msk.region").map_err(|message| ConnectError::MskIam {
                message: format!("environment `{}`: {message}", env.name),
            })?;
        cfg.protocol = SecurityProtocol::SaslSsl;
        cfg.sasl = Some(SaslConfig::oauth(provider));
    }
    Ok(Some(cfg))
}

/// A failed MSK API call of the discovery, as one line.
fn discovery(env: &Environment, e: &miette::Report) -> ConnectError {
    ConnectError::MskDiscovery {
        env: env.name.clone(),
        message: env.hide(&e.to_string()),
    }
}

/// Which bootstrap string an MSK environment needs, from its `security`.
pub fn msk_auth(s: &Security) -> Auth {
    match (s.sasl_mechanism, s.protocol) {
        (Some(SaslMechanism::Scram(_)), _) => Auth::Scram,
        (None, Some(SecurityProtocol::Ssl)) => Auth::Tls,
        (None, Some(SecurityProtocol::Plaintext)) => Auth::Plaintext,
        _ => Auth::Iam,
    }
}

#[cfg(test)]
mod tests {
    use super::msk_auth;
    use crate::cluster::aws::bootstrap::Auth;
    use crate::model::environment::Security;
    use crate::model::security::{SaslMechanism, SecurityProtocol};

    #[test]
    fn msk_bootstrap_follows_the_security_settings() {
        let s = |protocol: Option<&str>, mechanism: Option<&str>| Security {
            protocol: protocol.map(|p| SecurityProtocol::parse(p).unwrap()),
            sasl_mechanism: mechanism.map(|m| SaslMechanism::parse(m).unwrap()),
            ..Default::default()
        };
        assert_eq!(msk_auth(&s(None, None)), Auth::Iam);
        assert_eq!(msk_auth(&s(Some("SASL_SSL"), Some("OAUTHBEARER"))), Auth::Iam);
        assert_eq!(msk_auth(&s(Some("SASL_SSL"), Some("SCRAM-SHA-512"))), Auth::Scram);
        assert_eq!(msk_auth(&s(Some("SSL"), None)), Auth::Tls);
    }
}
