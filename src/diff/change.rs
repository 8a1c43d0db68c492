//! The plan as data: typed changes per resource, the changes that cannot be made (with a reason) and notes.

use crate::model::acl::AclBinding;
use crate::model::quota::QuotaEntity;
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::secret::Secret;
use crate::model::topic::Topic;

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    Topic(String),
    /// A principal's ACL bindings, e.g. `User:order-service`.
    Principal(String),
    /// A SCRAM user's credentials.
    User(String),
    /// Client quotas of an entity, named like `user=order-service, client-id=reporting`.
    Quota(String),
    /// A Schema Registry subject.
    Subject(String),
}

impl Resource {
    pub fn kind(&self) -> &'static str {
        match self {
            Resource::Topic(_) => "topic",
            Resource::Principal(_) => "principal",
            Resource::User(_) => "user",
            Resource::Quota(_) => "quota",
            Resource::Subject(_) => "subject",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Resource::Topic(name)
            | Resource::Principal(name)
            | Resource::User(name)
            | Resource::Quota(name)
            | Resource::Subject(name) => name,
        }
    }
}

/// A SCRAM credential to set. The password is carried for apply and never rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSet {
    pub mechanism: ScramMechanismKind,
    pub iterations: i32,
    pub password: Secret,
    /// Why: `new`, `password changed`, `iterations 4096 → 8192`.
    pub reason: String,
}

/// A schema version to register: the text, its type and references, and a unified diff against the latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaVersion {
    pub schema_type: crate::model::subject::SchemaType,
    pub schema: String,
    pub references: Vec<crate::model::subject::SchemaReference>,
    /// Unified diff of the (pretty-printed) latest version and this one; `None` for a new subject.
    pub diff: Option<String>,
}

/// One quota key changing: `after: None` removes it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaChange {
    pub key: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
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

impl Change {
    /// `create`, `update` or `delete`, as in the JSON format.
    pub fn action(&self) -> &'static str {
        match &self.kind {
            ChangeKind::CreateTopic(_) => "create",
            ChangeKind::UpdateTopic { .. } => "update",
            ChangeKind::DeleteTopic { .. } => "delete",
            ChangeKind::Acls { remove, had, .. } if *had == 0 => {
                if remove.is_empty() {
                    "create"
                } else {
                    "update"
                }
            }
            ChangeKind::Acls { add, remove, had } if add.is_empty() && remove.len() == *had => "delete",
            ChangeKind::Acls { .. } => "update",
            ChangeKind::Credentials { set, delete, had } => counted(set.len(), delete.len(), *had),
            ChangeKind::UpdateSubject { exists: false, .. } => "create",
            ChangeKind::UpdateSubject { .. } => "update",
            ChangeKind::DeleteSubject { .. } => "delete",
            ChangeKind::Quotas { changes, had, .. } => {
                let removed = changes.iter().filter(|c| c.after.is_none()).count();
                counted(changes.len() - removed, removed, *had)
            }
        }
    }
}

/// `create` when the resource has nothing yet, `delete` when all it has goes, else `update`.
fn counted(added: usize, removed: usize, had: usize) -> &'static str {
    match (had, added, removed) {
        (0, _, 0) => "create",
        (h, 0, r) if r == h => "delete",
        _ => "update",
    }
}

/// A change the specs ask for that topicctl will not make, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Blocked {
    pub resource: Resource,
    /// What was asked, e.g. `partitions 12 → 6`.
    pub wanted: String,
    pub reason: String,
}

/// Something a reviewer should know that is not a change (e.g. an override set outside topicctl).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub resource: Resource,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub environment: String,
    pub prune: bool,
    pub hard_delete: bool,
    /// Sorted: by resource.
    pub changes: Vec<Change>,
    pub blocked: Vec<Blocked>,
    pub notes: Vec<Note>,
    /// Fingerprints of the live state and of the desired state the plan was computed from.
    pub live_fingerprint: String,
    pub desired_fingerprint: String,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.blocked.is_empty()
    }

    pub fn count(&self, action: &str) -> usize {
        self.changes.iter().filter(|c| c.action() == action).count()
    }
}
