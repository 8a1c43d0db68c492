//! KIP-73 throttles as Kafka's own reassignment tool sets them: on each moving topic, leader entries
//! `partition:broker` for the replicas it has now and follower entries for the replicas it gains (changed with
//! APPEND / SUBTRACT, so entries set by others survive); on every broker involved, the leader and follower
//! throttled rates. What is set is recorded first (`reassign::record`) and forgotten once removed.

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::client::AdminClient;
use crate::cluster::ops::configs::{ConfigChanges, ConfigOp, ConfigResource};
use crate::diff::placement::Placed;
use crate::model::layout::{
    FOLLOWER_RATE, FOLLOWER_THROTTLED, LEADER_RATE, LEADER_THROTTLED, ThrottleRecord, TopicThrottles,
};

/// The entries and brokers the moves of some topics need.
pub fn needed(moves: &BTreeMap<String, Vec<Placed>>) -> ThrottleRecord {
    let mut record = ThrottleRecord::default();
    for (topic, placed) in moves {
        for m in placed {
            let adding = m.adding();
            if adding.is_empty() {
                continue;
            }
            let entries = record.topics.entry(topic.clone()).or_default();
            entries
                .leader
                .extend(m.from.iter().map(|b| format!("{}:{b}", m.partition)));
            entries
                .follower
                .extend(adding.iter().map(|b| format!("{}:{b}", m.partition)));
            record.brokers.extend(m.from.iter().chain(adding.iter()).copied());
        }
    }
    record
}

fn list_op(entries: &BTreeSet<String>, op: fn(String) -> ConfigOp) -> Option<ConfigOp> {
    (!entries.is_empty()).then(|| op(entries.iter().cloned().collect::<Vec<_>>().join(",")))
}

/// The topic config changes that add (or remove) these entries.
fn topic_changes(
    topics: &BTreeMap<String, TopicThrottles>,
    op: fn(String) -> ConfigOp,
) -> BTreeMap<String, ConfigChanges> {
    topics
        .iter()
        .map(|(topic, e)| {
            let mut ops = ConfigChanges::new();
            if let Some(o) = list_op(&e.leader, op) {
                ops.insert(LEADER_THROTTLED.to_owned(), o);
            }
            if let Some(o) = list_op(&e.follower, op) {
                ops.insert(FOLLOWER_THROTTLED.to_owned(), o);
            }
            (topic.clone(), ops)
        })
        .filter(|(_, ops)| !ops.is_empty())
        .collect()
}

/// Any failure of the requests, in words.
fn failures<E: std::fmt::Display>(what: &str, answers: BTreeMap<String, Result<(), E>>) -> Result<(), String> {
    let failed: Vec<String> = answers
        .into_iter()
        .filter_map(|(name, r)| r.err().map(|e| format!("{what} {name}: {e}")))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// Set the entries of `record` on its topics and the rate on its brokers.
pub async fn set(client: &AdminClient, record: &ThrottleRecord, rate: u64) -> Result<(), String> {
    change(client, record, ConfigOp::Append, ConfigOp::Set(rate.to_string())).await
}

/// Remove the entries of `record` from its topics and the rates from its brokers.
pub async fn remove(client: &AdminClient, record: &ThrottleRecord) -> Result<(), String> {
    change(client, record, ConfigOp::Subtract, ConfigOp::Delete).await
}

/// The entries of `record` changed with `entry_op` on its topics, then both rates with `rate_op` on its brokers
/// (`alter_configs` sends each broker's configs to that broker).
async fn change(
    client: &AdminClient,
    record: &ThrottleRecord,
    entry_op: fn(String) -> ConfigOp,
    rate_op: ConfigOp,
) -> Result<(), String> {
    let topics = topic_changes(&record.topics, entry_op);
    let brokers: BTreeMap<String, ConfigChanges> = record
        .brokers
        .iter()
        .map(|b| {
            let ops = ConfigChanges::from([
                (LEADER_RATE.to_owned(), rate_op.clone()),
                (FOLLOWER_RATE.to_owned(), rate_op.clone()),
            ]);
            (b.to_string(), ops)
        })
        .collect();
    for (kind, what, changes) in [
        (ConfigResource::Topic, "topic", topics),
        (ConfigResource::Broker, "broker", brokers),
    ] {
        if changes.is_empty() {
            continue;
        }
        let answers = client
            .alter_configs(kind, &changes, false)
            .await
            .map_err(|e| e.to_string())?;
        failures(what, answers)?;
    }
    Ok(())
}
