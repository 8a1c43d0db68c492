//! Reads the live state of a cluster into the same types the specs produce. What a plan reads follows the specs,
//! not the cluster: Metadata only for the declared topics (every name only when pruning an owned prefix), configs
//! only for declared topics, ACLs only of the managed principals, quotas only of the declared entities. Large
//! config reads are chunked and spread over the brokers. Only topic overrides count as config; broker and
//! built-in defaults are not the topic's own settings. `import` reads everything (`observe_topics`, `observe_acls`).

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::client::AdminClient;
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::ops::configs::Overrides;
use crate::cluster::ops::join_all;
use crate::cluster::ops::quotas::QuotaMatch;
use crate::cluster::ops::topics::TopicListing;
use crate::model::acl::{AclBinding, AclFilter};
use crate::model::layout::{FOLLOWER_THROTTLED, LEADER_THROTTLED, is_throttle_key};
use crate::model::quota::QuotaEntity;
use crate::model::state::State;
use crate::model::topic::Topic;
use crate::model::topic_name::is_internal;
use crate::model::user::Quotas;

/// Topics per DescribeConfigs request. Measured on the 3-broker local test cluster, 607 topics, fastest of 3
/// (timed once by hand; `scripts/bench scale` measures 10,000: 20 chunks, 0.71 s, against 1.24 s for one request):
/// all in one request 63-65 ms; chunks of 2000 (one request) 61-64 ms;
/// of 500 (2 requests, 2 brokers) 50-52 ms; of 100 (7 requests, 3 at a time) 40 ms. Smaller chunks win only
/// while they add parallel lanes; once every lane has several chunks (from 1,500 topics at 500) the size sets
/// how much one decoded response holds (500 × ~40 entries) against the number of round trips. 500 it is.
pub const CONFIG_CHUNK: usize = 500;

/// DescribeConfigs requests outstanding at once, one per broker of a typical 3-broker cluster.
pub const CONFIGS_IN_FLIGHT: usize = 3;

/// Up to this many managed principals (or quota entities) are described with one filtered request each; more are
/// read with one unfiltered request and filtered here.
pub const FILTERS_MAX: usize = 8;

/// Every topic of the cluster with its overrides (for `import`): one Metadata for all, configs in chunks.
pub async fn observe_topics(client: &AdminClient) -> Result<State> {
    let listing = client.list_topics(None).await?;
    let names: Vec<String> = visible(&listing).map(|t| t.to_owned()).collect();
    let configs = client
        .describe_topic_overrides(&names, CONFIG_CHUNK, CONFIGS_IN_FLIGHT)
        .await?;
    let mut state = assemble(&listing, &configs, |_| true)?;
    // Throttle entries belong to reassignments in progress, not to what a spec declares.
    for topic in state.topics.values_mut() {
        topic.config.retain(|key, _| !is_throttle_key(key));
    }
    Ok(state)
}

/// The topics a plan needs: the `declared` ones that exist, with their overrides, and — only when
/// `owned_prefixes` is not empty (pruning) — every other topic under one of them, without configs (deleting
/// it needs partitions, replication factor and id). Without owned prefixes Metadata asks only for the declared
/// names; DescribeConfigs for the declared names starts at the same time as Metadata.
pub async fn observe_declared_topics(
    client: &AdminClient,
    declared: &[String],
    owned_prefixes: &[String],
) -> Result<State> {
    let owned = |name: &str| {
        owned_prefixes
            .iter()
            .any(|p| !p.is_empty() && name.starts_with(p.as_str()))
    };
    let every_name = owned_prefixes.iter().any(|p| !p.is_empty());
    if declared.is_empty() && !every_name {
        return Ok(State::default());
    }
    let (listing, configs) = tokio::join!(
        client.list_topics((!every_name).then_some(declared)),
        client.describe_topic_overrides(declared, CONFIG_CHUNK, CONFIGS_IN_FLIGHT),
    );
    let (listing, configs) = (listing?, configs?);
    let declared: BTreeSet<&str> = declared.iter().map(String::as_str).collect();
    let mut state = assemble(&listing, &configs, |name| declared.contains(name))?;
    // Where the declared topics' replicas are (for placement), and their throttle entries (operational, not config).
    state.layout.brokers = listing.brokers.clone();
    for (name, topic) in &mut state.topics {
        state
            .layout
            .partitions
            .insert(name.clone(), listing.topics[name.as_str()].partitions.clone());
        let throttles = state.layout.throttles.entry(name.clone()).or_default();
        for (key, into) in [
            (LEADER_THROTTLED, &mut throttles.leader),
            (FOLLOWER_THROTTLED, &mut throttles.follower),
        ] {
            if let Some(list) = topic.config.remove(key) {
                into.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|e| !e.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        if throttles.is_empty() {
            state.layout.throttles.remove(name);
        }
    }
    for name in visible(&listing).filter(|n| !declared.contains(n) && owned(n)) {
        state
            .topics
            .insert(name.to_owned(), topic(&listing, name, Overrides::new()));
    }
    Ok(state)
}

/// Names of the listed topics that are not internal.
fn visible(listing: &TopicListing) -> impl Iterator<Item = &str> {
    listing
        .topics
        .values()
        .filter(|t| !t.internal && !is_internal(&t.name))
        .map(|t| t.name.as_str())
}

fn topic(listing: &TopicListing, name: &str, config: Overrides) -> Topic {
    let description = &listing.topics[name];
    Topic {
        name: name.to_owned(),
        partitions: description.partitions.len() as i32,
        replication_factor: description.replication_factor() as i16,
        config,
        labels: Default::default(),
        id: description.topic_id.clone(),
        placement: None,
    }
}

/// The listed topics `wanted` keeps, with their described overrides.
fn assemble(
    listing: &TopicListing,
    configs: &BTreeMap<String, std::result::Result<Overrides, KafkaError>>,
    wanted: impl Fn(&str) -> bool,
) -> Result<State> {
    let mut state = State::default();
    for name in visible(listing).filter(|n| wanted(n)) {
        let config = match configs.get(name) {
            Some(Ok(overrides)) => overrides.clone(),
            // Deleted between the two requests (or created after the configs were read): leave it out.
            Some(Err(e)) if e.name() == "UNKNOWN_TOPIC_OR_PARTITION" => continue,
            Some(Err(e)) => return Err(ClusterError::Kafka(e.clone())),
            None => continue,
        };
        state.topics.insert(name.to_owned(), topic(listing, name, config));
    }
    Ok(state)
}

/// Every ACL binding of the cluster (one DescribeAcls request). A cluster without an authorizer has none to manage.
pub async fn observe_acls(client: &AdminClient) -> Result<BTreeSet<AclBinding>> {
    describe_acls(client, &AclFilter::any())
        .await
        .map(|b| b.into_iter().collect())
}

/// The ACL bindings of the given principals: one filtered DescribeAcls per principal (sent together) when there
/// are at most `FILTERS_MAX`, else one request for all, filtered here.
pub async fn observe_acls_of(client: &AdminClient, principals: &BTreeSet<&str>) -> Result<BTreeSet<AclBinding>> {
    if principals.is_empty() {
        return Ok(BTreeSet::new());
    }
    if principals.len() > FILTERS_MAX {
        let all = observe_acls(client).await?;
        return Ok(all
            .into_iter()
            .filter(|b| principals.contains(b.principal.as_str()))
            .collect());
    }
    let filters: Vec<AclFilter> = principals
        .iter()
        .map(|p| AclFilter {
            principal: Some((*p).to_owned()),
            ..AclFilter::any()
        })
        .collect();
    let mut out = BTreeSet::new();
    for bindings in join_all(filters.iter().map(|f| describe_acls(client, f)).collect()).await {
        out.extend(
            bindings?
                .into_iter()
                .filter(|b| principals.contains(b.principal.as_str())),
        );
    }
    Ok(out)
}

async fn describe_acls(client: &AdminClient, filter: &AclFilter) -> Result<Vec<AclBinding>> {
    match client.describe_acls(filter).await {
        Ok(bindings) => Ok(bindings),
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
pub async fn observe_quotas(client: &AdminClient) -> Result<Quotas> {
    Ok(client.describe_client_quotas(&[], false).await?.into_iter().collect())
}

/// The quotas of the given entities: one strict, exact-match DescribeClientQuotas per entity (sent together)
/// when there are at most `FILTERS_MAX`, else one request for all, filtered here.
pub async fn observe_quotas_of(client: &AdminClient, entities: &BTreeSet<&QuotaEntity>) -> Result<Quotas> {
    if entities.len() > FILTERS_MAX {
        let all = observe_quotas(client).await?;
        return Ok(all.into_iter().filter(|(e, _)| entities.contains(e)).collect());
    }
    let filters: Vec<Vec<(String, QuotaMatch)>> = entities
        .iter()
        .map(|entity| {
            entity
                .iter()
                .map(|part| {
                    let matching = match &part.name {
                        Some(name) => QuotaMatch::Exact(name.clone()),
                        None => QuotaMatch::Default,
                    };
                    (part.entity_type.clone(), matching)
                })
                .collect()
        })
        .collect();
    let mut out = Quotas::new();
    for described in join_all(filters.iter().map(|f| client.describe_client_quotas(f, true)).collect()).await {
        out.extend(described?.into_iter().filter(|(e, _)| entities.contains(e)));
    }
    Ok(out)
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
