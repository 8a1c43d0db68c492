//! The shared `Load`: how many replicas, preferred leaderships and bytes each broker holds across the topics of
//! one plan. Canonical: a broker with nothing has no entry, so two loads that describe the same cluster are equal.

use std::collections::BTreeMap;

use super::{Load, PartitionNow};

impl Load {
    /// Add a topic's current replicas, preferred leaders (first replicas) and bytes: callers seed the load with
    /// every observed topic before placing any of them.
    pub fn count(&mut self, partitions: &[PartitionNow]) {
        for p in partitions {
            let replicas = super::distinct(&p.replicas);
            for &b in &replicas {
                self.add_replica(b, p.bytes);
            }
            if let Some(&first) = replicas.first() {
                self.add_leader(first);
            }
        }
    }

    pub fn replicas_on(&self, broker: i32) -> usize {
        self.replicas.get(&broker).copied().unwrap_or(0)
    }

    pub fn leaders_on(&self, broker: i32) -> usize {
        self.leaders.get(&broker).copied().unwrap_or(0)
    }

    pub fn bytes_on(&self, broker: i32) -> u64 {
        self.bytes.get(&broker).copied().unwrap_or(0)
    }

    pub(super) fn add_replica(&mut self, broker: i32, bytes: u64) {
        *self.replicas.entry(broker).or_default() += 1;
        if bytes > 0 {
            *self.bytes.entry(broker).or_default() += bytes;
        }
    }

    pub(super) fn remove_replica(&mut self, broker: i32, bytes: u64) {
        decrement(&mut self.replicas, broker, 1);
        decrement(&mut self.bytes, broker, bytes);
    }

    pub(super) fn add_leader(&mut self, broker: i32) {
        *self.leaders.entry(broker).or_default() += 1;
    }

    pub(super) fn remove_leader(&mut self, broker: i32) {
        decrement(&mut self.leaders, broker, 1);
    }
}

/// Subtract, saturating at zero (a load not seeded with the topic), and drop the entry when it reaches zero.
fn decrement<V>(map: &mut BTreeMap<i32, V>, broker: i32, by: V)
where
    V: Copy + Default + PartialEq + std::ops::Sub<Output = V> + PartialOrd,
{
    if let Some(v) = map.get_mut(&broker) {
        *v = if *v > by { *v - by } else { V::default() };
        if *v == V::default() {
            map.remove(&broker);
        }
    }
}
