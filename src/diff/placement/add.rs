//! Which broker joins: step 3 (the replication factor increases, or drained replicas are replaced) and the adding
//! half of a step-4 swap. Candidates are the eligible brokers (live, not drained) that hold no replica yet.

use crate::model::replicas::PlacementRule;

use super::Context;

/// Add brokers until `rf` replicas. Rack-spread: the rack holding the fewest replicas of the partition first (an
/// unused rack before any used one), then the fewest replicas in the load, the fewest bytes, the lowest id. `Any`:
/// the load first (replicas, bytes), the rack only as a tie-breaker before the id (harmless, and it spreads
/// replicas over racks when the load cannot tell brokers apart).
pub(super) fn increase(ctx: &Context<'_>, set: &mut Vec<i32>, added: &mut Vec<i32>, rf: usize) {
    while set.len() < rf {
        let Some(pick) = candidates(ctx, set).min_by_key(|&b| {
            let on_rack = ctx.racks.on_rack_of(b, set);
            let (replicas, bytes) = (ctx.load.replicas_on(b), ctx.load.bytes_on(b));
            match ctx.rule {
                PlacementRule::RackSpread => (on_rack, replicas, bytes, 0, b),
                PlacementRule::Any => (replicas, 0, bytes, on_rack, b),
            }
        }) else {
            return;
        };
        set.push(pick);
        added.push(pick);
    }
}

/// The broker a rule-fixing swap puts a replica on: on a rack the partition does not use, the least loaded
/// (replicas, then bytes), then the lowest id.
pub(super) fn swap_in(ctx: &Context<'_>, set: &[i32]) -> Option<i32> {
    candidates(ctx, set)
        .filter(|&b| ctx.racks.on_rack_of(b, set) == 0)
        .min_by_key(|&b| (ctx.load.replicas_on(b), ctx.load.bytes_on(b), b))
}

fn candidates<'a>(ctx: &'a Context<'_>, set: &'a [i32]) -> impl Iterator<Item = i32> + 'a {
    ctx.racks.eligible().iter().copied().filter(move |b| !set.contains(b))
}
