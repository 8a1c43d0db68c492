//! The order of a partition's new replica list: its first replica is the preferred leader.

use super::Context;

/// `set` holds the kept old replicas in their old order, then the added ones in the order added; `added` the
/// latter. An unchanged set keeps its old order (a reorder alone is no move). Otherwise first: the current leader
/// when it stays; else the old first replica when it stays; else, with `balance_leaders`, the replica leading the
/// fewest partitions in the load (then the lowest id), without it the first kept replica (else the first added).
/// Then the rest of `set` in its order.
pub(super) fn order(ctx: &Context<'_>, old: &[i32], set: &[i32], added: &[i32], balance_leaders: bool) -> Vec<i32> {
    if added.is_empty() && set.len() == old.len() {
        return old.to_vec();
    }
    let stays = |b: &i32| set.contains(b);
    let first = ctx
        .leader
        .filter(stays)
        .or_else(|| old.first().copied().filter(stays))
        .or_else(|| {
            if balance_leaders {
                set.iter().copied().min_by_key(|&b| (ctx.load.leaders_on(b), b))
            } else {
                set.first().copied()
            }
        });
    let mut to = Vec::with_capacity(set.len());
    to.extend(first);
    to.extend(set.iter().copied().filter(|&b| Some(b) != first));
    to
}
