//! After an apply: changes reach every broker's metadata shortly after the controller commits them. Plan again
//! until nothing is left (or a deadline passes), so the next plan — here or in CI — sees what was applied. The
//! wait grows with the work: a base plus a little per applied change, and it goes on while each fresh plan shows
//! fewer changes than any before.

use std::time::Duration;

use crate::cluster::client::AdminClient;
use crate::cluster::registry::RegistryClient;
use crate::model::layout::ThrottleRecord;
use crate::spec::validate::EnvironmentState;
use crate::workflow::live_plan::{ObserveError, Pruning, live_plan};

/// The wait after the last sign of progress (a fresh plan with fewer changes than any before).
pub const CONVERGE_BASE: Duration = Duration::from_secs(30);

/// Extra time per applied change: 10,000 created topics get 100 s more.
pub const CONVERGE_PER_CHANGE: Duration = Duration::from_millis(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convergence {
    /// A fresh plan is empty.
    Converged,
    /// The deadline passed with changes still showing.
    NotYet,
}

/// How long to wait at first for `applied` changes to show: `CONVERGE_BASE` + `CONVERGE_PER_CHANGE` each.
pub fn convergence_budget(applied: usize) -> Duration {
    CONVERGE_BASE + CONVERGE_PER_CHANGE.saturating_mul(u32::try_from(applied).unwrap_or(u32::MAX))
}

/// Plan until a fresh plan is empty. The deadline starts `within` from now and moves to at least
/// `CONVERGE_BASE` after each plan that shows fewer changes than any before. `progress` gets the number of
/// changes (and blocked changes) the latest plan still shows.
pub async fn converge(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    pruning: Pruning,
    recorded: &ThrottleRecord,
    within: Duration,
    progress: &mut dyn FnMut(usize),
) -> Result<Convergence, ObserveError> {
    let mut deadline = tokio::time::Instant::now() + within;
    let mut fewest = usize::MAX;
    loop {
        let plan = live_plan(client, registry, desired, pruning, recorded).await?;
        let left = plan.changes.len() + plan.blocked.len();
        progress(left);
        if left == 0 {
            return Ok(Convergence::Converged);
        }
        let now = tokio::time::Instant::now();
        if left < fewest {
            if fewest != usize::MAX {
                deadline = deadline.max(now + CONVERGE_BASE);
            }
            fewest = left;
        }
        if now >= deadline {
            return Ok(Convergence::NotYet);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_grows_with_the_applied_changes() {
        assert_eq!(convergence_budget(0), Duration::from_secs(30));
        assert_eq!(convergence_budget(10_000), Duration::from_secs(130));
    }
}
