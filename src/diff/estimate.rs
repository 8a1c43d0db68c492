//! How long the planned replica moves take: per receiving broker, its bytes ÷ (throttle − the write rate of the
//! partitions moving to it), the longest broker being the plan's; a broker that never catches up blocks its moves.

use std::collections::BTreeMap;

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::ChangeKind;
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::diff::reassignment::{BrokerEstimate, Estimate};
use crate::model::state::State;

/// Per receiving broker: the bytes it must copy ÷ (throttle − the write rate of the partitions moving to it).
/// A broker whose throttle does not exceed that write rate never catches up: the topics moving to it are blocked.
pub fn estimate(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
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
        eta_secs: brokers
            .values()
            .map(|b| b.eta_secs)
            .try_fold(0u64, |acc, e| e.map(|e| acc.max(e))),
        bytes: brokers.values().map(|b| b.bytes).sum(),
        brokers,
        local_sizes_only,
    });
}
