//! Where replicas go: a pure, deterministic function from a topic's current replicas, the brokers (with racks),
//! the placement rule, the drained brokers and the target replication factor to the new replica lists.
//!
//! Priorities, in order: satisfy the rule; add or remove exactly the replicas the replication-factor change or the
//! drain needs (and, only with `fix_rule`, the swaps the rule needs: no other moves); keep the current leader
//! where it can; spread replicas and leaders across brokers by count, then bytes (`Load`, shared by the topics of
//! one plan so they spread together).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::replicas::PlacementRule;

/// A live broker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokerInfo {
    pub id: i32,
    pub rack: Option<String>,
}

/// A partition as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionNow {
    pub partition: i32,
    /// In assignment order: the first is the preferred leader.
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub leader: Option<i32>,
    /// The partition's size (its largest replica), for spreading by bytes.
    pub bytes: u64,
}

/// What one topic's placement must satisfy.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The live brokers, sorted by id.
    pub brokers: &'a [BrokerInfo],
    /// Brokers every replica moves off.
    pub drained: &'a BTreeSet<i32>,
    pub rule: PlacementRule,
    pub replication_factor: usize,
    /// Also move replicas only to satisfy the rule (placement drift). Without it, partitions that violate the rule
    /// keep their replicas except for what the replication factor and the drain need.
    pub fix_rule: bool,
    /// The preferred leader of a partition whose leader must change goes to the broker leading the fewest.
    pub balance_leaders: bool,
}

/// Replicas, preferred leaders and bytes per broker, across the topics placed so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Load {
    pub replicas: BTreeMap<i32, usize>,
    pub leaders: BTreeMap<i32, usize>,
    pub bytes: BTreeMap<i32, u64>,
}

/// One partition whose replica list changes (as a set, or its first replica).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub partition: i32,
    pub from: Vec<i32>,
    pub to: Vec<i32>,
}

impl Placed {
    /// Brokers that receive a new replica, in `to`'s order.
    pub fn adding(&self) -> Vec<i32> {
        self.to.iter().copied().filter(|b| !self.from.contains(b)).collect()
    }

    /// Brokers that lose their replica, in `from`'s order.
    pub fn removing(&self) -> Vec<i32> {
        self.from.iter().copied().filter(|b| !self.to.contains(b)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicPlacement {
    /// Sorted by partition.
    pub moves: Vec<Placed>,
    /// Partitions that violate the rule after placement (left as they are because `fix_rule` is off).
    pub violations: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("{needed} replicas need {needed} brokers, and {available} are available")]
    NotEnoughBrokers { needed: usize, available: usize },
}

/// Place one topic's partitions, updating `load` with the result.
pub fn place_topic(
    request: &Request<'_>,
    partitions: &[PartitionNow],
    load: &mut Load,
) -> Result<TopicPlacement, PlacementError> {
    let _ = (request, partitions, load);
    unimplemented!("filled in by the placement work")
}
