//! What plan, apply and up share once the specs are checked and a client is connected: observe what the plan
//! needs and diff it (`live_plan`), refuse a saved plan that no longer holds (`saved`), and wait until the brokers
//! show what was applied (`converge`). Sits beside `apply`: it may use `cluster`, `diff`, `spec` and `model`.

pub mod converge;
pub mod health;
pub mod live_plan;
pub mod registry;
pub mod saved;

pub use converge::{Convergence, converge, convergence_budget};
pub use live_plan::live_plan;
pub use registry::registry_for;
pub use saved::{StalePlan, check_saved};
