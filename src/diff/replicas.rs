//! Replicas as declared state: for each declared topic that exists, the replication factor, the placement rule and
//! the drained brokers decide where its replicas go (`diff::placement`); the moves, the bytes they copy and the
//! time they take under the throttle become the plan. Reassignments already running are awaited, not planned
//! again; throttles nothing needs any more are removed.

use std::collections::BTreeSet;

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::{Change, ChangeKind, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::placement::{BrokerInfo, Load, PartitionNow, PlacementError, Request, place_topic};
use crate::diff::plan::Plan;
use crate::diff::reassignment::{InFlight, InFlightPartition, MoveReason, Moves};
use crate::diff::{estimate, throttles};
use crate::model::layout::Layout;
use crate::model::replicas::PlacementRule;
use crate::model::state::State;
use crate::model::topic_description::PartitionInfo;

pub fn diff(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    let layout = &live.layout;
    let policy = &options.replicas;
    let brokers: Vec<BrokerInfo> = layout
        .brokers
        .iter()
        .map(|b| BrokerInfo {
            id: b.id,
            rack: b.rack.clone(),
        })
        .collect();
    let racked = brokers.iter().any(|b| b.rack.is_some());
    let mut load = Load::default();
    for (topic, partitions) in &layout.partitions {
        load.count(&now(topic, partitions, layout));
    }
    let mut moving = BTreeSet::new();
    for (name, want) in &desired.topics {
        let Some(have) = live.topics.get(name) else {
            continue;
        };
        let resource = Resource::Topic(name.clone());
        let rf_change = (want.replication_factor != have.replication_factor)
            .then_some((have.replication_factor, want.replication_factor));
        let Some(partitions) = layout.partitions.get(name) else {
            if let Some((from, to)) = rf_change {
                plan.blocked.push(Blocked {
                    resource,
                    why: BlockedReason::ReplicationFactorChange { from, to },
                });
            }
            continue;
        };
        if let Some(running) = layout.in_flight.get(name) {
            moving.insert(name.clone());
            plan.changes.push(Change {
                resource,
                kind: ChangeKind::AwaitReassignment(in_flight(name, running, layout)),
            });
            continue;
        }
        if layout.serverless {
            if let Some((from, to)) = rf_change {
                plan.notes.push(Note {
                    resource,
                    what: NoteKind::NoReplicaControl { from, to },
                });
            }
            continue;
        }
        if let Some((from, to)) = rf_change
            && to < from
        {
            let min_insync = want
                .config
                .get("min.insync.replicas")
                .or_else(|| have.config.get("min.insync.replicas"))
                .and_then(|v| v.parse::<i64>().ok())
                .or(layout.broker_min_insync.map(i64::from));
            match min_insync {
                Some(m) if i64::from(to) < m => {
                    plan.blocked.push(Blocked {
                        resource,
                        why: BlockedReason::BelowMinInsync { to, min_insync: m },
                    });
                    continue;
                }
                Some(m) if i64::from(to) == m => plan.notes.push(Note {
                    resource: resource.clone(),
                    what: NoteKind::MinInsyncEqualsReplication { replication_factor: to },
                }),
                _ => {}
            }
        }
        let rule = want.placement.or(policy.placement).unwrap_or(if racked {
            PlacementRule::RackSpread
        } else {
            PlacementRule::Any
        });
        let request = Request {
            brokers: &brokers,
            drained: &policy.drain_brokers,
            rule,
            replication_factor: usize::try_from(want.replication_factor).unwrap_or(0),
            fix_rule: policy.fix_placement,
            balance_leaders: policy.balance_leaders,
        };
        let current = now(name, partitions, layout);
        let placed = match place_topic(&request, &current, &mut load) {
            Ok(placed) => placed,
            Err(PlacementError::NotEnoughBrokers { needed, available }) => {
                plan.blocked.push(Blocked {
                    resource,
                    why: BlockedReason::NotEnoughBrokers { needed, available },
                });
                continue;
            }
        };
        if !placed.violations.is_empty() {
            plan.notes.push(Note {
                resource: resource.clone(),
                what: NoteKind::PlacementDrift {
                    rule,
                    partitions: placed.violations.clone(),
                },
            });
        }
        if placed.moves.is_empty() {
            continue;
        }
        let mut why = BTreeSet::new();
        if rf_change.is_some() {
            why.insert(MoveReason::ReplicationFactor);
        }
        if placed
            .moves
            .iter()
            .any(|m| m.from.iter().any(|b| policy.drain_brokers.contains(b)))
        {
            why.insert(MoveReason::Drain);
        }
        if why.is_empty() {
            why.insert(MoveReason::Placement);
        }
        let bytes = placed
            .moves
            .iter()
            .map(|m| layout.partition_bytes(name, m.partition) * m.adding().len() as u64)
            .sum();
        moving.insert(name.clone());
        plan.changes.push(Change {
            resource,
            kind: ChangeKind::Reassign(Moves {
                replication_factor: rf_change,
                rule,
                why,
                partitions: have.partitions,
                moves: placed.moves,
                bytes,
                eta_secs: None,
            }),
        });
    }
    throttles::diff(layout, &moving, options, plan);
    estimate::estimate(live, desired, options, plan);
}

/// A topic's partitions as placement sees them.
fn now(topic: &str, partitions: &[PartitionInfo], layout: &Layout) -> Vec<PartitionNow> {
    partitions
        .iter()
        .map(|p| PartitionNow {
            partition: p.partition,
            replicas: p.replicas.clone(),
            isr: p.isr.clone(),
            leader: p.leader,
            bytes: layout.partition_bytes(topic, p.partition),
        })
        .collect()
}

fn in_flight(topic: &str, running: &[crate::model::reassignment::Reassignment], layout: &Layout) -> InFlight {
    let mut out = InFlight {
        partitions: Vec::new(),
        bytes_total: 0,
        bytes_copied: 0,
    };
    for r in running {
        let size = layout.partition_bytes(topic, r.partition);
        let sizes = layout.sizes.get(&(topic.to_owned(), r.partition));
        for b in &r.adding {
            out.bytes_total += size;
            out.bytes_copied += sizes.and_then(|s| s.get(b)).copied().unwrap_or(0).min(size);
        }
        out.partitions.push(InFlightPartition {
            partition: r.partition,
            replicas: r.replicas.clone(),
            adding: r.adding.clone(),
            removing: r.removing.clone(),
        });
    }
    out
}
