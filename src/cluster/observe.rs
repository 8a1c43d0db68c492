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
                id: description.topic_id.clone(),
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

/// The latest version and compatibility level of the desired subjects (and, for prune, of every subject with one of
/// `owned_prefixes`), and for each desired schema that differs from the latest, the registry's compatibility verdict.
pub async fn observe_subjects(
    registry: &crate::cluster::registry::RegistryClient,
    desired: &std::collections::BTreeMap<String, crate::model::subject::Subject>,
    owned_prefixes: &[String],
) -> std::result::Result<
    std::collections::BTreeMap<String, crate::model::subject::Subject>,
    crate::cluster::registry::RegistryError,
> {
    use crate::model::schema_canonical::canonical;
    use crate::model::subject::Subject;

    let mut names: Vec<String> = desired.keys().cloned().collect();
    if !owned_prefixes.is_empty() {
        for s in registry.subjects().await? {
            if owned_prefixes
                .iter()
                .any(|p| !p.is_empty() && s.starts_with(p.as_str()))
                && !names.contains(&s)
            {
                names.push(s);
            }
        }
    }
    let mut live = std::collections::BTreeMap::new();
    for name in names {
        let Some(latest) = registry.latest(&name).await? else {
            continue;
        };
        let mut subject = Subject {
            name: name.clone(),
            schema_type: latest.schema_type,
            schema: latest.schema,
            compatibility: registry.compatibility(&name).await?,
            references: latest.references,
            version: Some(latest.version),
            check: None,
        };
        if let Some(want) = desired.get(&name) {
            let differs = want.schema_type != subject.schema_type
                || want.references != subject.references
                || canonical(want.schema_type, &want.schema) != canonical(subject.schema_type, &subject.schema);
            if differs {
                let (ok, reasons) = registry
                    .check_compatibility(&name, &want.schema, want.schema_type, &want.references)
                    .await?;
                subject.check = Some(if ok { Ok(()) } else { Err(reasons) });
            }
        }
        live.insert(name, subject);
    }
    Ok(live)
}
