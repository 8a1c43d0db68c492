//! The pure diff: `plan(live, desired, options) -> Plan`. No I/O, no clock; never imports `cluster`.

mod acls;
mod change;
mod fingerprint;
mod plan;
mod topics;

pub use change::{Blocked, Change, ChangeKind, ConfigChange, Note, Plan, Resource};
pub use fingerprint::fingerprint;
pub use plan::{Options, plan};

#[cfg(test)]
pub(crate) mod tests;
