//! The pure diff: `plan(live, desired, options) -> Plan`. No I/O, no clock, no wording (that is `render/`);
//! never imports `cluster`.

mod acls;
mod action;
mod blocked;
mod change;
mod estimate;
mod fingerprint;
mod note;
mod options;
pub mod placement;
mod plan;
pub mod reassignment;
mod replicas;
mod subjects;
mod throttles;
mod topics;
mod users;

pub use action::Action;
pub use blocked::{Blocked, BlockedReason};
pub use change::{
    Change, ChangeKind, ConfigChange, CredentialReason, CredentialSet, Resource, ResourceKind, SchemaVersion,
};
pub use fingerprint::{FINGERPRINT_VERSION, fingerprint, is_current_encoding};
pub use note::{Note, NoteKind};
pub use options::Options;
pub use plan::{Plan, plan};

#[cfg(test)]
pub(crate) mod example_plan;
#[cfg(test)]
mod replicas_tests;
#[cfg(test)]
pub(crate) mod tests;
