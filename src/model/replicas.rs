//! Replica placement as declared state: the rule replicas must follow, the brokers being drained, and the
//! replication throttle reassignments run under.

use std::collections::BTreeSet;
use std::fmt;

/// Where the replicas of a partition may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlacementRule {
    /// The replicas of every partition on as many distinct racks as possible (the default where brokers have racks).
    RackSpread,
    /// Any distinct brokers.
    Any,
}

impl PlacementRule {
    pub const NAMES: [&'static str; 2] = ["rack-spread", "any"];

    pub fn parse(text: &str) -> Option<PlacementRule> {
        match text {
            "rack-spread" => Some(PlacementRule::RackSpread),
            "any" => Some(PlacementRule::Any),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PlacementRule::RackSpread => "rack-spread",
            PlacementRule::Any => "any",
        }
    }
}

impl fmt::Display for PlacementRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The replication rate reassignments may use, per broker (KIP-73), in MiB/s.
pub const DEFAULT_THROTTLE_MIB: u32 = 50;

/// An environment's `replicas:` block, merged with the command line (`--drain-broker`, `--throttle`,
/// `--fix-placement`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplicaPolicy {
    /// `None`: rack-spread where the brokers have racks, else any.
    pub placement: Option<PlacementRule>,
    /// Put the preferred leaders of moved partitions on the brokers that lead the fewest.
    pub balance_leaders: bool,
    /// Brokers every replica moves off.
    pub drain_brokers: BTreeSet<i32>,
    /// MiB/s; `None`: [`DEFAULT_THROTTLE_MIB`].
    pub throttle_mib: Option<u32>,
    /// Move replicas only to satisfy the placement rule (drift). Off by default: such a move copies data that no
    /// other change asked for.
    pub fix_placement: bool,
}

impl ReplicaPolicy {
    pub fn throttle_mib(&self) -> u32 {
        self.throttle_mib.unwrap_or(DEFAULT_THROTTLE_MIB)
    }

    /// Bytes per second.
    pub fn throttle_bytes(&self) -> u64 {
        u64::from(self.throttle_mib()) * 1024 * 1024
    }
}
