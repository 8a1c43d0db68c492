//! A topic as the specs want it (or as the cluster has it): the same type on both sides of a diff.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i16,
    /// Config overrides in Kafka's stored form (`retention.ms: 604800000`), by key.
    pub config: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}
