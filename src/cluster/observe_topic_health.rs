//! The replication health of the declared topics: one Metadata and one DescribeConfigs for them (sent together),
//! the brokers' `min.insync.replicas` from one live broker only when a topic has no override, and the
//! reassignments in flight of their partitions.

use crate::cluster::client::AdminClient;
use crate::cluster::error::Result;
use crate::cluster::observe::{CONFIG_CHUNK, CONFIGS_IN_FLIGHT};
use crate::cluster::observe_moves::{broker_min_insync, in_flight};
use crate::model::health::TopicHealth;

const MIN_INSYNC: &str = "min.insync.replicas";

/// One entry per declared topic, sorted by name; topics that do not exist are `missing`.
pub async fn observe_topic_health(client: &AdminClient, declared: &[String]) -> Result<Vec<TopicHealth>> {
    if declared.is_empty() {
        return Ok(Vec::new());
    }
    let (listing, configs) = tokio::join!(
        client.list_topics(Some(declared)),
        client.describe_topic_overrides(declared, CONFIG_CHUNK, CONFIGS_IN_FLIGHT),
    );
    let (listing, configs) = (listing?, configs?);
    let override_of = |name: &str| -> Option<i32> {
        configs
            .get(name)
            .and_then(|c| c.as_ref().ok())
            .and_then(|c| c.get(MIN_INSYNC))
            .and_then(|v| v.parse().ok())
    };
    let existing: Vec<&String> = declared.iter().filter(|n| listing.topics.contains_key(*n)).collect();
    let broker_value = match listing.brokers.first() {
        Some(broker) if existing.iter().any(|n| override_of(n).is_none()) => {
            broker_min_insync(client, broker.id).await?
        }
        _ => None,
    };
    let partitions: Vec<(String, i32)> = existing
        .iter()
        .flat_map(|n| {
            listing.topics[*n]
                .partitions
                .iter()
                .map(|p| ((*n).clone(), p.partition))
        })
        .collect();
    let moving = in_flight(client, &partitions).await?;
    let mut names: Vec<&String> = declared.iter().collect();
    names.sort();
    names.dedup();
    Ok(names
        .into_iter()
        .map(|name| match listing.topics.get(name) {
            None => TopicHealth::missing(name),
            Some(t) => TopicHealth::assess(
                name,
                &t.partitions,
                override_of(name).or(broker_value),
                moving
                    .get(name)
                    .map(|r| r.iter().map(|m| m.partition).collect())
                    .unwrap_or_default(),
            ),
        })
        .collect())
}
