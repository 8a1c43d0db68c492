//! Where the replicas of the declared topics are, as the live cluster reports it: what replica placement, draining
//! and reassignment progress need. Only declared topics are read; sizes and write rates only for topics that move.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::broker::Broker;
use crate::model::reassignment::Reassignment;
use crate::model::topic_description::PartitionInfo;

/// The throttle entries (KIP-73) of one topic: `partition:broker` strings, sorted. What a topic has on the cluster,
/// and what topicctl recorded setting on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct TopicThrottles {
    pub leader: BTreeSet<String>,
    pub follower: BTreeSet<String>,
}

impl TopicThrottles {
    pub fn is_empty(&self) -> bool {
        self.leader.is_empty() && self.follower.is_empty()
    }
}

/// The topic configs that hold throttle entries: operational, never part of the config diff.
pub const LEADER_THROTTLED: &str = "leader.replication.throttled.replicas";
pub const FOLLOWER_THROTTLED: &str = "follower.replication.throttled.replicas";
/// The broker configs that hold the throttled rate in bytes/s.
pub const LEADER_RATE: &str = "leader.replication.throttled.rate";
pub const FOLLOWER_RATE: &str = "follower.replication.throttled.rate";

/// Whether a topic config key is a throttle entry list (operational state, not declared config).
pub fn is_throttle_key(key: &str) -> bool {
    key == LEADER_THROTTLED || key == FOLLOWER_THROTTLED
}

/// What topicctl itself set for the reassignments it started (kept by `apply` in its state directory), so it
/// removes exactly those entries and rates.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThrottleRecord {
    /// Per topic: the leader and follower entries set.
    pub topics: BTreeMap<String, TopicThrottles>,
    /// Brokers whose throttled rates were set.
    pub brokers: BTreeSet<i32>,
}

impl ThrottleRecord {
    pub fn from_json(text: &str) -> Result<ThrottleRecord, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty() && self.brokers.is_empty()
    }

    /// This record with `other`'s entries and brokers added.
    pub fn merged(&self, other: &ThrottleRecord) -> ThrottleRecord {
        let mut out = self.clone();
        for (topic, entries) in &other.topics {
            let e = out.topics.entry(topic.clone()).or_default();
            e.leader.extend(entries.leader.iter().cloned());
            e.follower.extend(entries.follower.iter().cloned());
        }
        out.brokers.extend(other.brokers.iter().copied());
        out
    }

    /// The entries of `topics` only, with the brokers when `brokers_too`.
    pub fn only(&self, topics: &BTreeSet<String>, brokers_too: bool) -> ThrottleRecord {
        ThrottleRecord {
            topics: self
                .topics
                .iter()
                .filter(|(t, _)| topics.contains(*t))
                .map(|(t, e)| (t.clone(), e.clone()))
                .collect(),
            brokers: if brokers_too {
                self.brokers.clone()
            } else {
                BTreeSet::new()
            },
        }
    }

    /// This record without the topics in `topics` and the brokers in `brokers`.
    pub fn without(&self, topics: &BTreeSet<String>, brokers: &BTreeSet<i32>) -> ThrottleRecord {
        ThrottleRecord {
            topics: self
                .topics
                .iter()
                .filter(|(t, _)| !topics.contains(*t))
                .map(|(t, e)| (t.clone(), e.clone()))
                .collect(),
            brokers: self.brokers.difference(brokers).copied().collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The live brokers, sorted by id.
    pub brokers: Vec<Broker>,
    /// Per declared topic that exists: its partitions, sorted.
    pub partitions: BTreeMap<String, Vec<PartitionInfo>>,
    /// Reassignments in flight of declared topics, per topic.
    pub in_flight: BTreeMap<String, Vec<Reassignment>>,
    /// Throttle entries on declared topics.
    pub throttles: BTreeMap<String, TopicThrottles>,
    /// What topicctl recorded it set.
    pub recorded: ThrottleRecord,
    /// Per (topic, partition), per broker: the size of that broker's replica in bytes (topics that move only).
    pub sizes: BTreeMap<(String, i32), BTreeMap<i32, u64>>,
    /// Per (topic, partition): bytes written per second, sampled (topics that move only).
    pub write_rates: BTreeMap<(String, i32), f64>,
    /// The brokers' `min.insync.replicas` (read only when a replication factor decreases).
    pub broker_min_insync: Option<i32>,
    /// MSK Serverless: no replica control.
    pub serverless: bool,
}

impl Layout {
    /// The size of a partition: its largest replica (what a new replica must copy).
    pub fn partition_bytes(&self, topic: &str, partition: i32) -> u64 {
        self.sizes
            .get(&(topic.to_owned(), partition))
            .and_then(|by_broker| by_broker.values().max().copied())
            .unwrap_or(0)
    }
}
