//! What the user allowed and what the environment owns: the input of the diff besides the two states.

use crate::model::replicas::ReplicaPolicy;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub environment: String,
    /// Delete resources the specs no longer declare (only inside `owns`) and remove unmanaged overrides.
    pub prune: bool,
    /// Topic-name prefixes this spec set owns.
    pub owns: Vec<String>,
    /// With prune: delete subjects permanently (hard delete) rather than soft.
    pub hard_delete: bool,
    /// Placement rule, drained brokers, throttle and the drift opt-in.
    pub replicas: ReplicaPolicy,
}

impl Options {
    /// Whether a topic or subject name is inside one of the environment's `owns` prefixes.
    pub fn owned(&self, name: &str) -> bool {
        self.owns
            .iter()
            .any(|prefix| !prefix.is_empty() && name.starts_with(prefix.as_str()))
    }
}
