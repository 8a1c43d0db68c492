//! One step of an apply: a stable id, the resource it belongs to, and the request it makes (its payload).

use crate::cluster::ops::configs::ConfigChanges;
use crate::cluster::ops::topics::{NewPartitions, NewTopic, TopicToDelete};
use crate::diff::placement::Placed;
use crate::diff::reassignment::ThrottleRemoval;
use crate::diff::{CredentialReason, Resource, SchemaVersion};
use crate::model::acl::AclBinding;
use crate::model::quota::{QuotaChange, QuotaEntity};
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::secret::Secret;

/// A step's place in its schedule: stable for one plan, so outcomes are recorded by id, never by position or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepId(pub usize);

#[derive(Debug, Clone)]
pub struct Step {
    pub id: StepId,
    pub resource: Resource,
    pub payload: Payload,
}

/// What a step asks of the cluster or the registry.
#[derive(Debug, Clone)]
pub enum Payload {
    CreateTopic(NewTopic),
    AddPartitions(NewPartitions),
    AlterTopicConfig {
        topic: String,
        ops: ConfigChanges,
    },
    CreateAcl(AclBinding),
    DeleteAcl(AclBinding),
    SetCredential {
        user: String,
        mechanism: ScramMechanismKind,
        iterations: i32,
        password: Secret,
        reason: CredentialReason,
    },
    DeleteCredential {
        user: String,
        mechanism: ScramMechanismKind,
    },
    AlterQuotas {
        entity: QuotaEntity,
        changes: Vec<QuotaChange>,
    },
    SetCompatibility {
        subject: String,
        level: String,
    },
    RegisterSchema {
        subject: String,
        version: SchemaVersion,
    },
    /// Move a topic's partitions to new replica lists (throttled; awaited).
    Reassign {
        topic: String,
        moves: Vec<Placed>,
    },
    /// Wait for a reassignment already running on these partitions, then remove what was recorded for it.
    AwaitReassignment {
        topic: String,
        partitions: Vec<i32>,
    },
    /// Remove throttle entries from a topic, or the throttled rates of a broker.
    RemoveThrottles {
        target: ThrottleTarget,
        removal: ThrottleRemoval,
    },
    /// By the id the plan saw, where it saw one.
    DeleteTopic(TopicToDelete),
    DeleteSubject {
        subject: String,
        permanent: bool,
    },
}

/// What a `RemoveThrottles` step cleans: a topic's entries, or a broker's rates (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThrottleTarget {
    Topic(String),
    Broker(String),
}

/// The phases of an apply, in the order they run: additions first, destruction last. Steps of one phase are
/// batched into as few requests as the batch size allows. A long-running kind of work (a reassignment) is a
/// phase whose requests start the work and whose steps are then awaited before the next phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    CreateTopics,
    AddPartitions,
    AlterTopicConfigs,
    CreateAcls,
    DeleteAcls,
    Credentials,
    Quotas,
    Subjects,
    /// Long-running: start the moves, then await them (and remove their throttles) before the next phase.
    Reassign,
    RemoveThrottles,
    DeleteTopics,
    DeleteSubjects,
}

impl Phase {
    /// Whether the brokers check this phase's requests first (`validate_only`), before anything changes.
    pub fn validated(self) -> bool {
        matches!(
            self,
            Phase::CreateTopics | Phase::AddPartitions | Phase::AlterTopicConfigs
        )
    }
}

impl Payload {
    pub fn phase(&self) -> Phase {
        match self {
            Payload::CreateTopic(_) => Phase::CreateTopics,
            Payload::AddPartitions(_) => Phase::AddPartitions,
            Payload::AlterTopicConfig { .. } => Phase::AlterTopicConfigs,
            Payload::CreateAcl(_) => Phase::CreateAcls,
            Payload::DeleteAcl(_) => Phase::DeleteAcls,
            Payload::SetCredential { .. } | Payload::DeleteCredential { .. } => Phase::Credentials,
            Payload::AlterQuotas { .. } => Phase::Quotas,
            Payload::SetCompatibility { .. } | Payload::RegisterSchema { .. } => Phase::Subjects,
            Payload::Reassign { .. } | Payload::AwaitReassignment { .. } => Phase::Reassign,
            Payload::RemoveThrottles { .. } => Phase::RemoveThrottles,
            Payload::DeleteTopic(_) => Phase::DeleteTopics,
            Payload::DeleteSubject { .. } => Phase::DeleteSubjects,
        }
    }
}

impl Step {
    pub fn phase(&self) -> Phase {
        self.payload.phase()
    }
}
