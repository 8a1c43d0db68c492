//! An environment's `replicas:` block (placement rule, leaders, drained brokers, throttle, drift opt-in) and the
//! placement rule wherever a spec names one (a topic, or a topic's environment block).

use crate::model::replicas::{PlacementRule, ReplicaPolicy};
use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{RawReplicas, Sp};
use crate::spec::validate::at::At;
use crate::spec::validate::range;

/// Broker ids are Kafka `int32` node ids, never negative.
const BROKER_ID: (i32, i32) = (0, i32::MAX);
/// MiB/s per broker: at least 1 (0 would stop replication), at most 1 TiB/s.
const THROTTLE_MIBPS: (u32, u32) = (1, 1 << 20);

pub(super) fn check(raw: &Sp<RawReplicas>, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> ReplicaPolicy {
    let r = &raw.value;
    let mut drain = std::collections::BTreeSet::new();
    for given in r.drain_brokers.iter().flatten() {
        if let Some(id) = range::checked(
            given,
            "replicas.drainBrokers",
            "topicctl::invalid_value",
            BROKER_ID,
            at,
            out,
        ) && !drain.insert(id)
        {
            out.push(at.on(
                SpecDiagnostic::warning(
                    "topicctl::duplicate_value",
                    format!("broker {id} is listed twice in replicas.drainBrokers"),
                ),
                given,
                "listed twice",
            ));
        }
    }
    ReplicaPolicy {
        placement: r.placement.as_ref().and_then(|p| placement_rule(p, at, out)),
        balance_leaders: r.balance_leaders.as_ref().is_some_and(|b| b.value),
        drain_brokers: drain,
        throttle_mib: r.throttle_mibps.as_ref().and_then(|t| {
            range::checked(
                t,
                "replicas.throttleMiBps",
                "topicctl::invalid_value",
                THROTTLE_MIBPS,
                at,
                out,
            )
        }),
        fix_placement: r.fix_placement.as_ref().is_some_and(|b| b.value),
    }
}

/// `rack-spread` or `any`; else an error with the accepted names and the closest one.
pub fn placement_rule(value: &Sp<String>, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<PlacementRule> {
    if let Some(rule) = PlacementRule::parse(&value.value) {
        return Some(rule);
    }
    let accepted = PlacementRule::NAMES.join(", ");
    let help = match closest(&value.value, PlacementRule::NAMES.into_iter()) {
        Some(best) => format!("did you mean `{best}`? (one of {accepted})"),
        None => format!("one of {accepted}"),
    };
    out.push(
        at.on(
            SpecDiagnostic::error(
                "topicctl::invalid_value",
                format!("unknown placement rule `{}`", value.value),
            )
            .help(help),
            value,
            "not a placement rule",
        ),
    );
    None
}
