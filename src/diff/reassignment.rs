//! Replica moves as plan data: a topic's planned reassignment, one in flight, throttles to remove, and the plan's
//! estimate per receiving broker. `render/` words them.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::placement::Placed;
use crate::model::replicas::PlacementRule;

/// Why a topic's replicas move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MoveReason {
    ReplicationFactor,
    Drain,
    Placement,
}

/// A planned reassignment of one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Moves {
    /// (before, after) when the replication factor changes.
    pub replication_factor: Option<(i16, i16)>,
    pub rule: PlacementRule,
    pub why: BTreeSet<MoveReason>,
    /// The topic's partition count.
    pub partitions: i32,
    /// Partitions whose replicas change, sorted by partition.
    pub moves: Vec<Placed>,
    /// Bytes the new replicas must copy (local log sizes).
    pub bytes: u64,
    /// Seconds until this topic's new replicas are in sync under the throttle; `None` when nothing is copied.
    pub eta_secs: Option<u64>,
}

/// A reassignment of one topic already running on the brokers (started by topicctl or anyone else).
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    /// Per moving partition: (partition, target replicas, adding, removing).
    pub partitions: Vec<InFlightPartition>,
    pub bytes_total: u64,
    pub bytes_copied: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlightPartition {
    pub partition: i32,
    pub replicas: Vec<i32>,
    pub adding: Vec<i32>,
    pub removing: Vec<i32>,
}

/// Throttle entries to remove from a topic (and, on the change that carries them, broker rates topicctl set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleRemoval {
    pub leader: BTreeSet<String>,
    pub follower: BTreeSet<String>,
    /// Brokers whose throttled rates go (recorded by topicctl).
    pub brokers: BTreeSet<i32>,
    /// Whether topicctl recorded setting them (else they are removed only because of `--prune`).
    pub recorded: bool,
}

/// The estimate for one broker that receives replicas.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerEstimate {
    pub bytes: u64,
    /// Bytes/s written to the partitions moving to it: a new replica copies them too.
    pub write_rate: f64,
    /// `None` when the throttle is at or below the write rate (never finishes).
    pub eta_secs: Option<u64>,
}

/// The plan's reassignment estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Per receiving broker (the throttle it runs under is the plan's `replicas.throttle_bytes()`).
    pub brokers: BTreeMap<i32, BrokerEstimate>,
    /// The longest broker.
    pub eta_secs: Option<u64>,
    pub bytes: u64,
    /// Some moving topic keeps data in remote (tiered) storage: only local sizes are counted.
    pub local_sizes_only: bool,
}
