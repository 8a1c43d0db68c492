//! Reads the live state of a cluster into the same types the specs produce, in a handful of batched requests:
//! one Metadata for every topic and one DescribeConfigs for all of them. Only topic overrides count as config;
//! broker and built-in defaults are not the topic's own settings.

use crate::cluster::client::AdminClient;
use crate::cluster::error::{ClusterError, Result};
use crate::cluster::ops::configs::ConfigResource;
use crate::model::state::State;
use crate::model::topic::Topic;
use crate::model::topic_name::is_internal;

pub async fn observe_topics(client: &AdminClient) -> Result<State> {
    let listing = client.list_topics(None).await?;
    let names: Vec<String> = listing
        .topics
        .values()
        .filter(|t| !t.internal && !is_internal(&t.name))
        .map(|t| t.name.clone())
        .collect();
    let configs = if names.is_empty() {
        Default::default()
    } else {
        client.describe_configs(ConfigResource::Topic, &names).await?
    };
    let mut state = State::default();
    for name in names {
        let description = &listing.topics[&name];
        let config = match configs.get(&name) {
            Some(Ok(entries)) => entries
                .values()
                .filter(|e| e.source.is_override() && !e.sensitive)
                .filter_map(|e| e.value.clone().map(|v| (e.name.clone(), v)))
                .collect(),
            // Deleted between the two requests: leave it out.
            Some(Err(e)) if e.name() == "UNKNOWN_TOPIC_OR_PARTITION" => continue,
            Some(Err(e)) => return Err(ClusterError::Kafka(e.clone())),
            None => continue,
        };
        state.topics.insert(
            name.clone(),
            Topic {
                name,
                partitions: description.partitions.len() as i32,
                replication_factor: description.replication_factor() as i16,
                config,
                labels: Default::default(),
            },
        );
    }
    Ok(state)
}

/// Every ACL binding of the cluster (one DescribeAcls request). A cluster without an authorizer has none to manage.
pub async fn observe_acls(client: &AdminClient) -> Result<std::collections::BTreeSet<crate::model::acl::AclBinding>> {
    match client.describe_acls(&crate::model::acl::AclFilter::any()).await {
        Ok(bindings) => Ok(bindings.into_iter().collect()),
        Err(ClusterError::Kafka(e)) if e.name() == "SECURITY_DISABLED" => Err(ClusterError::Kafka(e.for_resource(
            "ACLs (the cluster has no authorizer configured, so the specs' principals cannot be applied)",
        ))),
        Err(e) => Err(e),
    }
}

/// The SCRAM credentials of the given users, and for each desired password whether a SCRAM login with it succeeds
/// on the cluster's SASL listener (only when this client connects with SASL/SCRAM; otherwise unknown).
pub async fn observe_users(
    client: &AdminClient,
    desired: &std::collections::BTreeMap<String, crate::model::user::User>,
) -> Result<std::collections::BTreeMap<String, crate::model::user::User>> {
    use crate::cluster::config::{SaslConfig, SaslCredentials, SaslMechanism};
    use crate::model::scram_credential::ScramMechanismKind;
    use crate::model::user::{Credential, User};

    let names: Vec<String> = desired.keys().cloned().collect();
    let described = client.describe_user_scram_credentials(Some(&names)).await?;
    let mut live = std::collections::BTreeMap::new();
    for (name, result) in described {
        let infos = match result {
            Ok(infos) => infos,
            Err(e) if e.name() == "RESOURCE_NOT_FOUND" => continue,
            Err(e) => return Err(ClusterError::Kafka(e)),
        };
        let mut user = User {
            name: name.clone(),
            credentials: Default::default(),
        };
        for info in infos {
            let mut matches = None;
            let wanted = desired.get(&name).and_then(|u| u.credentials.get(&info.mechanism));
            let sasl_scram = client
                .config()
                .sasl
                .as_ref()
                .is_some_and(|s| matches!(s.mechanism, SaslMechanism::ScramSha256 | SaslMechanism::ScramSha512));
            if let (Some(password), true) = (wanted.and_then(|w| w.password.clone()), sasl_scram) {
                let mut cfg = client.config().clone();
                cfg.retries = 0;
                cfg.sasl = Some(SaslConfig {
                    mechanism: match info.mechanism {
                        ScramMechanismKind::Sha256 => SaslMechanism::ScramSha256,
                        ScramMechanismKind::Sha512 => SaslMechanism::ScramSha512,
                    },
                    credentials: SaslCredentials::Password {
                        username: name.clone(),
                        password,
                    },
                });
                matches = match AdminClient::connect(cfg).await {
                    Ok(_) => Some(true),
                    Err(ClusterError::Authentication { .. }) => Some(false),
                    Err(ClusterError::NoBroker(inner)) if matches!(*inner, ClusterError::Authentication { .. }) => {
                        Some(false)
                    }
                    Err(_) => None,
                };
            }
            user.credentials.insert(
                info.mechanism,
                Credential {
                    iterations: info.iterations,
                    password: None,
                    source: String::new(),
                    password_matches: matches,
                },
            );
        }
        live.insert(name, user);
    }
    Ok(live)
}

/// Every client quota of the cluster (one DescribeClientQuotas request).
pub async fn observe_quotas(client: &AdminClient) -> Result<crate::model::user::Quotas> {
    Ok(client.describe_client_quotas(&[], false).await?.into_iter().collect())
}
