//! The pure diff: `plan(live, desired, options) -> Plan`. No I/O, no clock; never imports `cluster`.

mod acls;
mod change;
mod fingerprint;
mod plan;
mod subjects;
mod topics;
mod users;

pub use change::{
    Blocked, Change, ChangeKind, ConfigChange, CredentialSet, Note, Plan, QuotaChange, Resource, SchemaVersion,
};
pub use fingerprint::fingerprint;
pub use plan::{Options, plan};
pub use users::entity_label;

#[cfg(test)]
pub(crate) mod tests;
