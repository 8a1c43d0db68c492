//! Which replica leaves: step 2 (the replication factor decreases) and the removing half of a step-4 swap.

use std::cmp::Reverse;

use crate::model::replicas::PlacementRule;

use super::Context;

/// Remove replicas until `rf` are left. Preferences, strongest first: never the last in-sync replica; never the
/// current leader; (rack-spread only) never a replica alone on its rack while another rack holds two, so the
/// spread stays as wide as it can be; a replica out of the ISR; a replica on the rack holding the most replicas;
/// the broker with the most replicas, then bytes; the highest id.
pub(super) fn decrease(ctx: &Context<'_>, kept: &mut Vec<i32>, rf: usize) {
    while kept.len() > rf {
        let Some(victim) = kept.iter().copied().min_by_key(|&b| decrease_key(ctx, b, kept)) else {
            return;
        };
        kept.retain(|&b| b != victim);
    }
}

#[allow(clippy::type_complexity)]
fn decrease_key(
    ctx: &Context<'_>,
    broker: i32,
    set: &[i32],
) -> (
    bool,
    bool,
    bool,
    bool,
    Reverse<usize>,
    Reverse<usize>,
    Reverse<u64>,
    Reverse<i32>,
) {
    let on_rack = ctx.racks.on_rack_of(broker, set);
    let in_isr = ctx.in_isr(broker);
    (
        in_isr && ctx.in_sync_count(set) == 1,
        ctx.leader == Some(broker),
        ctx.rule == PlacementRule::RackSpread && on_rack == 1,
        in_isr,
        Reverse(on_rack),
        Reverse(ctx.load.replicas_on(broker)),
        Reverse(ctx.load.bytes_on(broker)),
        Reverse(broker),
    )
}

/// The replica a rule-fixing swap takes off: one that shares its rack (so the spread does not shrink), not the
/// current leader, not the last in-sync replica, from the rack holding the most replicas, out of the ISR first,
/// then the most loaded broker (replicas, bytes), then the highest id.
pub(super) fn swap_out(ctx: &Context<'_>, set: &[i32]) -> Option<i32> {
    set.iter()
        .copied()
        .filter(|&b| ctx.racks.on_rack_of(b, set) >= 2)
        .min_by_key(|&b| {
            let in_isr = ctx.in_isr(b);
            (
                ctx.leader == Some(b),
                in_isr && ctx.in_sync_count(set) == 1,
                Reverse(ctx.racks.on_rack_of(b, set)),
                in_isr,
                Reverse(ctx.load.replicas_on(b)),
                Reverse(ctx.load.bytes_on(b)),
                Reverse(b),
            )
        })
}
