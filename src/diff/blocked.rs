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
    /// A replication-factor change whose replicas cannot be placed: the live replica layout was not read.
    ReplicationFactorChange { from: i16, to: i16 },
    /// A replication factor below the topic's effective `min.insync.replicas`: producers with acks=all stop.
    BelowMinInsync { to: i16, min_insync: i64 },
    /// More replicas than brokers that may hold them.
    NotEnoughBrokers { needed: usize, available: usize },
    /// The throttle is at or below the write rate of the partitions moving to this broker: never in sync.
    ThrottleBelowWriteRate {
        broker: i32,
        throttle: u64,
        write_rate: u64,
    },
    /// The registry refused the new schema against the subject's compatibility level.
    IncompatibleSchema { after_version: i32, reasons: Vec<String> },
    /// A credential must be set but its password source (e.g. `$PW`) gave nothing.
    PasswordUnavailable {
        mechanism: ScramMechanismKind,
        reason: CredentialReason,
        source: String,
    },
}
