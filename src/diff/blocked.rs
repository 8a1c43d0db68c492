//! A change the specs ask for that topicctl will not make, and why, as data: `render/` words it.

use crate::diff::change::{CredentialReason, Resource};
use crate::model::scram_credential::ScramMechanismKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub resource: Resource,
    pub why: BlockedReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockedReason {
    /// Kafka cannot remove partitions.
    PartitionDecrease { from: i32, to: i32 },
    /// A replication-factor change needs a reassignment.
    ReplicationFactorChange { from: i16, to: i16 },
    /// The registry refused the new schema against the subject's compatibility level.
    IncompatibleSchema { after_version: i32, reasons: Vec<String> },
    /// A credential must be set but its password source (e.g. `$PW`) gave nothing.
    PasswordUnavailable {
        mechanism: ScramMechanismKind,
        reason: CredentialReason,
        source: String,
    },
}
