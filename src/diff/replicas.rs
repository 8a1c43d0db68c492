//! Replicas as declared state: for each declared topic that exists, the replication factor, the placement rule and
//! the drained brokers decide where its replicas go (`diff::placement`); the moves, the bytes they copy and the
//! time they take under the throttle become the plan. Reassignments already running are awaited, not planned
//! again; throttles nothing needs any more are removed.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::{Change, ChangeKind, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::placement::{BrokerInfo, Load, PartitionNow, PlacementError, Request, place_topic};
use crate::diff::plan::Plan;
use crate::diff::reassignment::{
    BrokerEstimate, Estimate, InFlight, InFlightPartition, MoveReason, Moves, ThrottleRemoval,
};
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
    throttles(layout, &moving, options, plan);
    estimate(live, desired, options, plan);
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

/// Throttle entries on declared topics that nothing moves: those topicctl recorded go; others are a note, and go
/// with `--prune` when nothing at all is moving. Broker rates topicctl recorded go once nothing moves.
fn throttles(layout: &Layout, moving: &BTreeSet<String>, options: &Options, plan: &mut Plan) {
    let anything_moving = !moving.is_empty() || !layout.in_flight.is_empty();
    let mut removals: Vec<(String, ThrottleRemoval)> = Vec::new();
    for (topic, entries) in &layout.throttles {
        if moving.contains(topic) || entries.is_empty() {
            continue;
        }
        let recorded = layout.recorded.topics.get(topic);
        let mine = |have: &BTreeSet<String>, rec: Option<&BTreeSet<String>>| -> BTreeSet<String> {
            have.iter()
                .filter(|e| rec.is_some_and(|r| r.contains(*e)))
                .cloned()
                .collect()
        };
        let leader = mine(&entries.leader, recorded.map(|r| &r.leader));
        let follower = mine(&entries.follower, recorded.map(|r| &r.follower));
        let other_leader: BTreeSet<String> = entries.leader.difference(&leader).cloned().collect();
        let other_follower: BTreeSet<String> = entries.follower.difference(&follower).cloned().collect();
        let resource = Resource::Topic(topic.clone());
        if !other_leader.is_empty() || !other_follower.is_empty() {
            if options.prune && !anything_moving {
                removals.push((
                    topic.clone(),
                    ThrottleRemoval {
                        leader: other_leader.union(&leader).cloned().collect(),
                        follower: other_follower.union(&follower).cloned().collect(),
                        brokers: BTreeSet::new(),
                        recorded: false,
                    },
                ));
                continue;
            }
            plan.notes.push(Note {
                resource,
                what: NoteKind::UnrecordedThrottles {
                    leader: other_leader.len(),
                    follower: other_follower.len(),
                },
            });
        }
        if !leader.is_empty() || !follower.is_empty() {
            removals.push((
                topic.clone(),
                ThrottleRemoval {
                    leader,
                    follower,
                    brokers: BTreeSet::new(),
                    recorded: true,
                },
            ));
        }
    }
    for (topic, removal) in removals {
        plan.changes.push(Change {
            resource: Resource::Topic(topic),
            kind: ChangeKind::RemoveThrottles(removal),
        });
    }
    // The throttled rates topicctl set on brokers, once none of the declared topics moves (apply also checks that
    // nothing else on the cluster moves: the rates are shared by every throttled move on a broker).
    if !anything_moving {
        for broker in &layout.recorded.brokers {
            plan.changes.push(Change {
                resource: Resource::Broker(broker.to_string()),
                kind: ChangeKind::RemoveThrottles(ThrottleRemoval {
                    leader: BTreeSet::new(),
                    follower: BTreeSet::new(),
                    brokers: BTreeSet::from([*broker]),
                    recorded: true,
                }),
            });
        }
    }
}

/// Per receiving broker: the bytes it must copy ÷ (throttle − the write rate of the partitions moving to it).
/// A broker whose throttle does not exceed that write rate never catches up: the topics moving to it are blocked.
fn estimate(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    let layout = &live.layout;
    let throttle = options.replicas.throttle_bytes();
    let mut per_broker: BTreeMap<i32, (u64, f64)> = BTreeMap::new();
    let mut per_topic: BTreeMap<String, BTreeMap<i32, u64>> = BTreeMap::new();
    for change in &plan.changes {
        let ChangeKind::Reassign(m) = &change.kind else {
            continue;
        };
        let topic = change.resource.name();
        for mv in &m.moves {
            let bytes = layout.partition_bytes(topic, mv.partition);
            let rate = layout
                .write_rates
                .get(&(topic.to_owned(), mv.partition))
                .copied()
                .unwrap_or(0.0);
            for b in mv.adding() {
                let e = per_broker.entry(b).or_default();
                e.0 += bytes;
                e.1 += rate;
                *per_topic.entry(topic.to_owned()).or_default().entry(b).or_default() += bytes;
            }
        }
    }
    if per_broker.is_empty() {
        return;
    }
    let eta = |bytes: u64, rate: f64| -> Option<u64> {
        let spare = throttle as f64 - rate;
        (spare > 0.0).then(|| (bytes as f64 / spare).ceil() as u64)
    };
    let brokers: BTreeMap<i32, BrokerEstimate> = per_broker
        .iter()
        .map(|(b, (bytes, rate))| {
            (
                *b,
                BrokerEstimate {
                    bytes: *bytes,
                    write_rate: *rate,
                    eta_secs: eta(*bytes, *rate),
                },
            )
        })
        .collect();
    for change in &mut plan.changes {
        let topic = change.resource.name().to_owned();
        let ChangeKind::Reassign(m) = &mut change.kind else {
            continue;
        };
        let mut longest = Some(0u64);
        for (b, bytes) in per_topic.get(&topic).into_iter().flatten() {
            let rate = brokers[b].write_rate;
            longest = match (longest, eta(*bytes, rate)) {
                (Some(l), Some(e)) => Some(l.max(e)),
                _ => None,
            };
            if brokers[b].eta_secs.is_none() {
                plan.blocked.push(Blocked {
                    resource: change.resource.clone(),
                    why: BlockedReason::ThrottleBelowWriteRate {
                        broker: *b,
                        throttle,
                        write_rate: rate.round() as u64,
                    },
                });
            }
        }
        m.eta_secs = longest.filter(|_| m.bytes > 0);
    }
    let local_sizes_only = plan.changes.iter().any(|c| {
        matches!(c.kind, ChangeKind::Reassign(_))
            && [
                desired.topics.get(c.resource.name()),
                live.topics.get(c.resource.name()),
            ]
            .into_iter()
            .flatten()
            .any(|t| t.config.get("remote.storage.enable").is_some_and(|v| v == "true"))
    });
    plan.estimate = Some(Estimate {
        throttle,
        eta_secs: brokers
            .values()
            .map(|b| b.eta_secs)
            .try_fold(0u64, |acc, e| e.map(|e| acc.max(e))),
        bytes: brokers.values().map(|b| b.bytes).sum(),
        brokers,
        local_sizes_only,
    });
}
