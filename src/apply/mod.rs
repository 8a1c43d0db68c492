//! Executes exactly a plan against the cluster, in a safe order, and reports applied / failed / not attempted.
//! `schedule` turns the plan into steps (pure); `execute` runs them phase by phase and records outcomes by id.

mod describe;
mod execute;
mod existing;
pub mod reassign;
mod schedule;
mod step;

pub use describe::describe;
pub use execute::{Progress, execute};
pub use schedule::schedule;
pub use step::{Payload, Phase, Step, StepId, ThrottleTarget};

#[cfg(test)]
mod schedule_snapshots;
