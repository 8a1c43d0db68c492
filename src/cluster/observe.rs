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
