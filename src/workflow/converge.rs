//! After an apply: changes reach every broker's metadata shortly after the controller commits them. Plan again
//! until nothing is left (or a deadline passes), so the next plan — here or in CI — sees what was applied.

use std::time::Duration;

use crate::cluster::client::AdminClient;
use crate::cluster::registry::RegistryClient;
use crate::spec::validate::EnvironmentState;
use crate::workflow::live_plan::{ObserveError, Pruning, live_plan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convergence {
    /// A fresh plan is empty.
    Converged,
    /// The deadline passed with changes still showing.
    NotYet,
}

pub async fn converge(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    pruning: Pruning,
    within: Duration,
) -> Result<Convergence, ObserveError> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if live_plan(client, registry, desired, pruning).await?.is_empty() {
            return Ok(Convergence::Converged);
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(Convergence::NotYet);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
