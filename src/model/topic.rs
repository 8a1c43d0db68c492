//! A topic as the specs want it (or as the cluster has it): the same type on both sides of a diff.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::replicas::PlacementRule;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i16,
    /// Config overrides in Kafka's stored form (`retention.ms: 604800000`), by key.
    pub config: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    /// The id the cluster gave the topic when it was created (live side only; `None` in specs and from brokers that
    /// do not report ids). A topic deleted and re-created under the same name has a new id.
    pub id: Option<TopicId>,
    /// The topic's own placement rule (`placement:`), over the environment's (desired side only).
    pub placement: Option<PlacementRule>,
}

/// A topic's id (KIP-516) in its text form, `0f2c…-…`: what a delete names, so it never hits a re-created topic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub String);

impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
