//! A change as data: which resource, and what happens to it (typed; `render/` words it).

use std::fmt;

use crate::diff::reassignment::{InFlight, Moves, ThrottleRemoval};
use crate::model::acl::AclBinding;
use crate::model::quota::{QuotaChange, QuotaEntity};
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::secret::Secret;
use crate::model::subject::{SchemaReference, SchemaType};
use crate::model::topic::{Topic, TopicId};

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    Topic(String),
    /// A principal's ACL bindings, e.g. `User:order-service`.
    Principal(String),
    /// A SCRAM user's credentials.
    User(String),
    /// Client quotas of an entity, by its canonical name (`model::quota::entity_name`).
    Quota(String),
    /// A Schema Registry subject.
    Subject(String),
    /// A broker (by id), for its replication throttle rates.
    Broker(String),
}

/// The kinds of resource a plan changes (the JSON's `resource.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    Topic,
    Principal,
    User,
    Quota,
    Subject,
    Broker,
}

impl Resource {
    pub fn kind(&self) -> ResourceKind {
        match self {
            Resource::Topic(_) => ResourceKind::Topic,
            Resource::Principal(_) => ResourceKind::Principal,
            Resource::User(_) => ResourceKind::User,
            Resource::Quota(_) => ResourceKind::Quota,
            Resource::Subject(_) => ResourceKind::Subject,
            Resource::Broker(_) => ResourceKind::Broker,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Resource::Topic(name)
            | Resource::Principal(name)
            | Resource::User(name)
            | Resource::Quota(name)
            | Resource::Subject(name)
            | Resource::Broker(name) => name,
        }
    }
}

/// Why a SCRAM credential is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialReason {
    /// The user has no credential for this mechanism yet.
    New,
    /// The cluster's credential does not log in with the desired password.
    PasswordChanged,
    Iterations {
        from: i32,
        to: i32,
    },
}

/// The reason's label, as plans and apply reports show it in parentheses: `new`, `iterations 4096 → 8192`.
impl fmt::Display for CredentialReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialReason::New => f.write_str("new"),
            CredentialReason::PasswordChanged => f.write_str("password changed"),
            CredentialReason::Iterations { from, to } => write!(f, "iterations {from} → {to}"),
        }
    }
}

/// A SCRAM credential to set. The password is carried for apply and never rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSet {
    pub mechanism: ScramMechanismKind,
    pub iterations: i32,
    pub password: Secret,
    pub reason: CredentialReason,
}

/// A schema version to register: the text, its type and references, and a unified diff against the latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaVersion {
    pub schema_type: SchemaType,
    pub schema: String,
    pub references: Vec<SchemaReference>,
    /// Unified diff of the (pretty-printed) latest version and this one; `None` for a new subject.
    pub diff: Option<String>,
}

/// One config key changing: `after: None` removes the override (the broker default applies again).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigChange {
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    CreateTopic(Topic),
    /// Partitions to add and/or config keys to set or remove, on an existing topic.
    UpdateTopic {
        partitions: Option<(i32, i32)>,
        config: Vec<ConfigChange>,
        /// Settings the update leaves as they are, for "(N unchanged hidden)".
        unchanged: usize,
    },
    DeleteTopic {
        partitions: i32,
        replication_factor: i16,
        /// The id the topic had when the plan was made: the delete names it, so a topic re-created since is kept.
        /// Not rendered (the plan's formats do not show it).
        id: Option<TopicId>,
    },
    /// ACL bindings of one principal to create and to delete (sorted). `had` is how many it has now.
    Acls {
        add: Vec<AclBinding>,
        remove: Vec<AclBinding>,
        had: usize,
    },
    /// SCRAM credentials of one user to set and to delete. `had` is how many it has now.
    Credentials {
        set: Vec<CredentialSet>,
        delete: Vec<ScramMechanismKind>,
        had: usize,
    },
    /// A subject: a new schema version to register and/or its compatibility level to set.
    UpdateSubject {
        /// Whether the subject exists already (else this creates it).
        exists: bool,
        register: Option<SchemaVersion>,
        /// (before, after) compatibility level.
        compatibility: Option<(Option<String>, String)>,
    },
    /// Delete a subject (soft, or also permanently).
    DeleteSubject {
        permanent: bool,
    },
    /// Move a topic's replicas (replication factor, drain, placement).
    Reassign(Moves),
    /// Wait for a reassignment already running, then remove the throttles topicctl set for it.
    AwaitReassignment(InFlight),
    /// Remove throttle entries (and rates) nothing needs any more.
    RemoveThrottles(ThrottleRemoval),
    /// Quota keys of one entity to set or remove. `had` is how many it has now.
    Quotas {
        entity: QuotaEntity,
        changes: Vec<QuotaChange>,
        had: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub resource: Resource,
    pub kind: ChangeKind,
}
