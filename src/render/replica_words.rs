//! The words of replica moves, shared by the text and markdown plans: the headline of a topic's reassignment
//! (`replication factor 2 → 3 (rack-spread); 48 partitions, 310 GiB to copy, ≈ 1 h 46 m at 50 MiB/s`), its
//! partition moves (compact for large topics), a reassignment in flight, and throttles to remove.

use crate::diff::reassignment::{Estimate, InFlight, MoveReason, Moves, ThrottleRemoval};
pub use crate::model::units::{bytes, duration, rate};
use crate::render::plan_words::plural;

/// Partition moves listed one per line up to this many; the rest are counted.
pub const MOVES_SHOWN: usize = 12;

fn reasons(m: &Moves) -> String {
    let mut parts = Vec::new();
    if let Some((from, to)) = m.replication_factor {
        parts.push(format!("replication factor {from} → {to}"));
    }
    if m.why.contains(&MoveReason::Drain) {
        parts.push("off drained brokers".to_owned());
    }
    if m.why.contains(&MoveReason::Placement) {
        parts.push("placement fix".to_owned());
    }
    format!("{} ({})", parts.join(", "), m.rule)
}

/// The one line that says what a topic's reassignment does and costs.
pub fn headline(m: &Moves, throttle: u64) -> String {
    let moving = m.moves.len();
    let mut line = format!(
        "{}; {moving} of {} move{}",
        reasons(m),
        plural(usize::try_from(m.partitions).unwrap_or(0), "partition"),
        if moving == 1 { "s" } else { "" }
    );
    if m.bytes == 0 {
        line.push_str(", nothing to copy");
    } else {
        line.push_str(&format!(", {} to copy", bytes(m.bytes)));
        match m.eta_secs {
            Some(eta) => line.push_str(&format!(", ≈ {} at {}", duration(eta), rate(throttle))),
            None => line.push_str(&format!(", never in sync at {}", rate(throttle))),
        }
    }
    line
}

/// `p3: [1, 2] → [1, 2, 3]`, the first [`MOVES_SHOWN`] and a count of the rest.
pub fn move_lines(m: &Moves) -> Vec<String> {
    let list = |v: &[i32]| format!("[{}]", v.iter().map(i32::to_string).collect::<Vec<_>>().join(", "));
    let mut lines: Vec<String> = m
        .moves
        .iter()
        .take(MOVES_SHOWN)
        .map(|p| format!("partition {}: {} → {}", p.partition, list(&p.from), list(&p.to)))
        .collect();
    if m.moves.len() > MOVES_SHOWN {
        lines.push(format!("… and {} more partitions", m.moves.len() - MOVES_SHOWN));
    }
    lines
}

pub fn in_flight(f: &InFlight) -> String {
    let mut line = format!(
        "reassignment in progress: {} moving",
        plural(f.partitions.len(), "partition")
    );
    if f.bytes_total > 0 {
        line.push_str(&format!(
            ", {} of {} copied ({}%)",
            bytes(f.bytes_copied),
            bytes(f.bytes_total),
            f.bytes_copied * 100 / f.bytes_total
        ));
    }
    line.push_str("; apply waits for it and then removes its throttles");
    line
}

pub fn throttle_removal(t: &ThrottleRemoval) -> String {
    let mut parts = Vec::new();
    if !t.leader.is_empty() || !t.follower.is_empty() {
        parts.push(format!(
            "{} leader and {} follower throttle entr{}",
            t.leader.len(),
            t.follower.len(),
            if t.follower.len() == 1 { "y" } else { "ies" }
        ));
    }
    if !t.brokers.is_empty() {
        parts.push("the leader and follower throttled rates".to_owned());
    }
    format!(
        "remove {}{}",
        parts.join(" and "),
        if t.recorded {
            " (set by topicctl)"
        } else {
            " (not set by topicctl; --prune)"
        }
    )
}

/// The plan's summary of the moves: bytes, the longest broker, and the caveat of tiered storage.
pub fn estimate(e: &Estimate, throttle: u64) -> Vec<String> {
    let mut lines = vec![match e.eta_secs {
        Some(eta) => format!(
            "Replica moves: {} to copy, ≈ {} at {} per broker (the slowest receiving broker)",
            bytes(e.bytes),
            duration(eta),
            rate(throttle)
        ),
        None => format!(
            "Replica moves: {} to copy; some broker never catches up at {} (blocked)",
            bytes(e.bytes),
            rate(throttle)
        ),
    }];
    for (b, be) in &e.brokers {
        lines.push(format!(
            "  broker {b}: receives {}, written at {} meanwhile, {}",
            bytes(be.bytes),
            rate(be.write_rate.round() as u64),
            be.eta_secs
                .map_or("never in sync".to_owned(), |s| format!("≈ {}", duration(s)))
        ));
    }
    if e.local_sizes_only {
        lines.push(
            "  (tiered storage: sizes are local log sizes only; remote segments are not copied between brokers)"
                .to_owned(),
        );
    }
    lines
}
