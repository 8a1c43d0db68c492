//! Something a reviewer should know that is not a change, as data: `render/` words it.

use crate::diff::change::Resource;
use crate::model::replicas::PlacementRule;
use crate::model::scram_credential::ScramMechanismKind;

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub resource: Resource,
    pub what: NoteKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// A topic config override set on the cluster that the specs do not set.
    UnmanagedConfig { key: String, value: String },
    /// ACL bindings of a managed principal that the specs do not declare.
    UnmanagedAcls { count: usize },
    /// A quota key set on the cluster that the specs do not set.
    UnmanagedQuota { key: String, value: f64 },
    /// The password of an existing credential cannot be checked over this connection (not SASL/SCRAM).
    UncheckablePassword { mechanism: ScramMechanismKind },
    /// The new replication factor equals `min.insync.replicas`: no replica may fail without stopping acks=all.
    MinInsyncEqualsReplication { replication_factor: i16 },
    /// Partitions whose replicas break the placement rule; fixed only with `--fix-placement`.
    PlacementDrift { rule: PlacementRule, partitions: Vec<i32> },
    /// MSK Serverless has no replica control: the replication factor is not changed.
    NoReplicaControl { from: i16, to: i16 },
    /// Throttle entries on the topic that topicctl did not record setting (removed only with `--prune`).
    UnrecordedThrottles { leader: usize, follower: usize },
}
