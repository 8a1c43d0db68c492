//! Something a reviewer should know that is not a change, as data: `render/` words it.

use crate::diff::change::Resource;
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
}
