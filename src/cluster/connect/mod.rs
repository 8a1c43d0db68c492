//! From an environment to a connected admin client: where its brokers are (its `bootstrap`, or MSK discovery), how
//! to secure the connection (its typed `security`), and the check that the cluster is the one the environment
//! names. `properties` is the same for a bare `--bootstrap` with Kafka client properties (`-X`).

pub mod endpoints;
pub mod error;
pub mod msk;
pub mod properties;
mod shown;

use crate::cluster::client::AdminClient;
use crate::cluster::config::{ClientConfig, SaslConfig, SaslCredentials};
use crate::cluster::connect::endpoints::Endpoints;
use crate::cluster::connect::error::ConnectError;
use crate::cluster::connect::shown::hide;
use crate::cluster::error::Result;
use crate::model::environment::{Environment, Field, Security};

/// A client for the environment's cluster, refusing a cluster whose id differs from the environment's
/// `clusterId`, and an endpoint `endpoints` does not allow. Errors show fields filled from variables as the spec
/// wrote them.
pub async fn connect(env: &Environment, endpoints: &Endpoints) -> miette::Result<AdminClient> {
    let client = AdminClient::connect(client_config(env, endpoints).await?)
        .await
        .map_err(|e| hide(env, e))?;
    if let Some(expected) = &env.cluster_id {
        let info = client.describe_cluster().await.map_err(|e| hide(env, e))?;
        if &info.cluster_id != expected {
            let bootstrap = env.bootstrap.as_deref().unwrap_or("the bootstrap address");
            return Err(ConnectError::ClusterIdMismatch {
                env: env.name.clone(),
                expected: env.show(Field::ClusterId, expected).to_owned(),
                bootstrap: env.show(Field::Bootstrap, bootstrap).to_owned(),
                actual: info.cluster_id,
            }
            .into());
        }
    }
    Ok(client)
}

/// How to reach an environment's cluster: its `bootstrap`, or the brokers MSK discovery finds (see
/// [`msk::discover`]), secured as its `security` says; every address checked against `endpoints` first.
pub async fn client_config(env: &Environment, endpoints: &Endpoints) -> miette::Result<ClientConfig> {
    let explicit = env.bootstrap.as_deref().filter(|b| !b.is_empty());
    if let Some(b) = explicit {
        endpoints.check_addresses(env, Field::Bootstrap, b)?;
    }
    let mut cfg = match msk::discover(env, explicit, endpoints).await? {
        Some(cfg) => cfg,
        None => {
            let bootstrap = explicit.ok_or_else(|| ConnectError::NoBootstrap { env: env.name.clone() })?;
            ClientConfig::new(bootstrap).map_err(|e| hide(env, e))?
        }
    };
    secure(&mut cfg, &env.security).map_err(|e| ConnectError::Security {
        env: env.name.clone(),
        message: e.to_string(),
    })?;
    Ok(cfg)
}

/// Apply `security` to `cfg`. With an MSK IAM token provider already set, only its TLS settings apply.
pub fn secure(cfg: &mut ClientConfig, security: &Security) -> Result<()> {
    let msk_iam = matches!(
        &cfg.sasl,
        Some(SaslConfig {
            credentials: SaslCredentials::OAuth(_),
            ..
        })
    );
    if !msk_iam {
        if let Some(protocol) = security.protocol {
            cfg.protocol = protocol;
        }
        if let Some(mechanism) = security.sasl_mechanism {
            cfg.set_sasl(mechanism, security.username.clone(), security.password.clone())?;
        }
    }
    let tls = &mut cfg.tls;
    for (setting, file) in [
        (&mut tls.ca_file, &security.ca_file),
        (&mut tls.cert_file, &security.cert_file),
        (&mut tls.key_file, &security.key_file),
    ] {
        if file.is_some() {
            setting.clone_from(file);
        }
    }
    if let Some(verify) = security.verify {
        tls.verify = verify;
    }
    cfg.check()
}

#[cfg(test)]
mod tests {
    use super::secure;
    use crate::cluster::config::{ClientConfig, SaslCredentials, SaslMechanism, SecurityProtocol};
    use crate::model::environment::Security;
    use crate::model::secret::Secret;

    #[test]
    fn security_applies_typed() {
        let mut cfg = ClientConfig::new("a:1").unwrap();
        secure(
            &mut cfg,
            &Security {
                protocol: Some(SecurityProtocol::SaslSsl),
                sasl_mechanism: Some(SaslMechanism::ScramSha512),
                username: Some("alice".into()),
                password: Some(Secret::new("s3cret")),
                ca_file: Some("/tmp/ca.pem".into()),
                verify: Some(false),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(cfg.protocol, SecurityProtocol::SaslSsl);
        let sasl = cfg.sasl.as_ref().unwrap();
        assert_eq!(sasl.mechanism, SaslMechanism::ScramSha512);
        assert!(matches!(&sasl.credentials, SaslCredentials::Password { username, .. } if username == "alice"));
        assert_eq!(cfg.tls.ca_file.as_deref(), Some(std::path::Path::new("/tmp/ca.pem")));
        assert!(!cfg.tls.verify);
        assert!(!format!("{cfg:?}").contains("s3cret"));
    }

    #[test]
    fn inconsistent_security_is_refused_with_the_client_property_names() {
        let mut cfg = ClientConfig::new("a:1").unwrap();
        let err = secure(
            &mut cfg,
            &Security {
                sasl_mechanism: Some(SaslMechanism::Plain),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid client configuration: sasl.mechanism PLAIN needs sasl.username and sasl.password"
        );
        let err = secure(
            &mut ClientConfig::new("a:1").unwrap(),
            &Security {
                protocol: Some(SecurityProtocol::SaslPlaintext),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("needs sasl.mechanism"), "{err}");
    }
}
