//! Rack keys and the spread of a replica set over them.
//!
//! A live broker's key is its rack; a live broker without a rack is a rack of its own, and so is a broker that is
//! not live (a replica the drain does not move is kept, and nothing is known of where it sits).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::replicas::PlacementRule;

use super::BrokerInfo;

/// A rack key: racks that exist are `0..`, a broker that is not live is `-1 - id` (unique, never a rack's).
type RackKey = i64;

pub(super) struct Racks {
    /// Every live broker (drained ones too) to its rack key.
    live: BTreeMap<i32, RackKey>,
    /// Live brokers not drained, by id.
    eligible: Vec<i32>,
    /// Distinct rack keys among the eligible brokers.
    available: usize,
}

impl Racks {
    pub(super) fn new(brokers: &[BrokerInfo], drained: &BTreeSet<i32>) -> Racks {
        let mut by_id: BTreeMap<i32, Option<&str>> = BTreeMap::new();
        for b in brokers {
            by_id.entry(b.id).or_insert(b.rack.as_deref());
        }
        let names: BTreeSet<&str> = by_id.values().flatten().copied().collect();
        let index: BTreeMap<&str, RackKey> = names.iter().copied().zip(0..).collect();
        let mut next = index.len() as RackKey;
        let mut live = BTreeMap::new();
        for (&id, rack) in &by_id {
            let key = match rack {
                Some(name) => index[name],
                None => {
                    next += 1;
                    next - 1
                }
            };
            live.insert(id, key);
        }
        let eligible: Vec<i32> = by_id.keys().copied().filter(|b| !drained.contains(b)).collect();
        let available = eligible.iter().map(|b| live[b]).collect::<BTreeSet<_>>().len();
        Racks {
            live,
            eligible,
            available,
        }
    }

    pub(super) fn key(&self, broker: i32) -> RackKey {
        self.live.get(&broker).copied().unwrap_or(-1 - RackKey::from(broker))
    }

    pub(super) fn eligible(&self) -> &[i32] {
        &self.eligible
    }

    /// How many of `replicas` sit on `broker`'s rack (`broker` itself included when it is one of them).
    pub(super) fn on_rack_of(&self, broker: i32, replicas: &[i32]) -> usize {
        let key = self.key(broker);
        replicas.iter().filter(|&&b| self.key(b) == key).count()
    }

    pub(super) fn distinct(&self, replicas: &[i32]) -> usize {
        let mut keys: Vec<RackKey> = replicas.iter().map(|&b| self.key(b)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    }

    /// The rule holds: `Any`, or the replicas span as many racks as they can (`>=`: kept replicas on brokers that
    /// are not live count as racks of their own, beyond the available ones).
    pub(super) fn satisfied(&self, rule: PlacementRule, replicas: &[i32]) -> bool {
        match rule {
            PlacementRule::Any => true,
            PlacementRule::RackSpread => self.distinct(replicas) >= replicas.len().min(self.available),
        }
    }
}
