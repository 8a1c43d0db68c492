//! Executes exactly a plan against the cluster, in a safe order, and reports applied / failed / not attempted.

mod execute;
mod report;

pub use execute::{Progress, execute};
pub use report::{Outcome, Report, Step};
