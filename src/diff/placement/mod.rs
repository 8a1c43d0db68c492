//! Where replicas go: a pure, deterministic function from a topic's current replicas, the brokers (with racks),
//! the placement rule, the drained brokers and the target replication factor to the new replica lists.
//!
//! Priorities, in order: satisfy the rule; add or remove exactly the replicas the replication-factor change or the
//! drain needs (and, only with `fix_rule`, the swaps the rule needs: no other moves); keep the current leader
//! where it can; spread replicas and leaders across brokers by count, then bytes (`Load`, shared by the topics of
//! one plan so they spread together).

mod add;
mod load;
mod order;
mod racks;
mod remove;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::replicas::PlacementRule;

use racks::Racks;

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
///
/// Per partition, in partition order: (1) replicas on drained brokers go (replicas on brokers that are not live
/// but not drained stay); (2) while there are more than the replication factor, one is removed
/// (`remove::decrease`); (3) while there are fewer, one is added (`add::increase`); (4) only with `fix_rule`,
/// while the rule is not satisfied, one replica is swapped to a rack the partition does not use. The new list is
/// ordered by `order::order`. A partition is a move when its set or its first replica changes.
pub fn place_topic(
    request: &Request<'_>,
    partitions: &[PartitionNow],
    load: &mut Load,
) -> Result<TopicPlacement, PlacementError> {
    let racks = Racks::new(request.brokers, request.drained);
    let rf = request.replication_factor;
    if rf > racks.eligible().len() {
        return Err(PlacementError::NotEnoughBrokers {
            needed: rf,
            available: racks.eligible().len(),
        });
    }
    let mut sorted: Vec<&PartitionNow> = partitions.iter().collect();
    sorted.sort_by_key(|p| p.partition);
    let mut placement = TopicPlacement::default();
    for p in sorted {
        let old = distinct(&p.replicas);
        let (to, violates) = {
            let ctx = Context {
                racks: &racks,
                rule: request.rule,
                load,
                isr: &p.isr,
                leader: p.leader,
            };
            place_partition(&ctx, request, &old, rf)
        };
        if violates {
            placement.violations.push(p.partition);
        }
        if to != old {
            account(load, &old, &to, p.bytes);
            placement.moves.push(Placed {
                partition: p.partition,
                from: p.replicas.clone(),
                to,
            });
        }
    }
    Ok(placement)
}

/// What the choices of one partition look at.
struct Context<'a> {
    racks: &'a Racks,
    rule: PlacementRule,
    load: &'a Load,
    isr: &'a [i32],
    leader: Option<i32>,
}

impl Context<'_> {
    fn in_isr(&self, broker: i32) -> bool {
        self.isr.contains(&broker)
    }

    fn in_sync_count(&self, set: &[i32]) -> usize {
        set.iter().filter(|&&b| self.in_isr(b)).count()
    }
}

/// The new replica list of one partition and whether it still violates the rule.
fn place_partition(ctx: &Context<'_>, request: &Request<'_>, old: &[i32], rf: usize) -> (Vec<i32>, bool) {
    let mut set: Vec<i32> = old.iter().copied().filter(|b| !request.drained.contains(b)).collect();
    let mut added = Vec::new();
    remove::decrease(ctx, &mut set, rf);
    add::increase(ctx, &mut set, &mut added, rf);
    if request.fix_rule {
        while !ctx.racks.satisfied(ctx.rule, &set) {
            let (Some(out), Some(inn)) = (remove::swap_out(ctx, &set), add::swap_in(ctx, &set)) else {
                break;
            };
            set.retain(|&b| b != out);
            added.retain(|&b| b != out);
            set.push(inn);
            added.push(inn);
        }
    }
    let violates = !ctx.racks.satisfied(ctx.rule, &set);
    (order::order(ctx, old, &set, &added, request.balance_leaders), violates)
}

/// Move one partition's replicas, preferred leadership and bytes in the load from `old` to `to`.
fn account(load: &mut Load, old: &[i32], to: &[i32], bytes: u64) {
    for &b in old.iter().filter(|b| !to.contains(b)) {
        load.remove_replica(b, bytes);
    }
    for &b in to.iter().filter(|b| !old.contains(b)) {
        load.add_replica(b, bytes);
    }
    if old.first() != to.first() {
        if let Some(&b) = old.first() {
            load.remove_leader(b);
        }
        if let Some(&b) = to.first() {
            load.add_leader(b);
        }
    }
}

/// The replicas without repeats, first occurrence kept.
fn distinct(replicas: &[i32]) -> Vec<i32> {
    let mut seen = BTreeSet::new();
    replicas.iter().copied().filter(|&b| seen.insert(b)).collect()
}
