//! The plan of one environment against its live cluster: observe only the kinds the specs declare, then diff.

use crate::cluster::client::AdminClient;
use crate::cluster::error::ClusterError;
use crate::cluster::observe::{
    observe_acls_of, observe_declared_topics, observe_quotas_of, observe_subjects, observe_users,
};
use crate::cluster::registry::{RegistryClient, RegistryError};
use crate::diff::{Options, Plan, plan};
use crate::spec::validate::EnvironmentState;

/// What may be deleted: `--prune`, and with it `--hard-delete` for subjects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruning {
    pub prune: bool,
    pub hard_delete: bool,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ObserveError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Cluster(#[from] ClusterError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Registry(#[from] RegistryError),
}

pub async fn live_plan(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    pruning: Pruning,
) -> Result<Plan, ObserveError> {
    let Pruning { prune, hard_delete } = pruning;
    // Every topic name matters only when pruning (owned topics the specs no longer declare are deleted).
    let owned = if prune {
        desired.environment.owns.clone()
    } else {
        Vec::new()
    };
    let declared: Vec<String> = desired.state.topics.keys().cloned().collect();
    let mut live = observe_declared_topics(client, &declared, &owned).await?;
    if !desired.state.acls.is_empty() {
        live.acls = observe_acls_of(
            client,
            &desired.state.acls.iter().map(|b| b.principal.as_str()).collect(),
        )
        .await?;
    }
    if !desired.state.users.is_empty() {
        live.users = observe_users(client, &desired.state.users).await?;
    }
    if !desired.state.quotas.is_empty() {
        live.quotas = observe_quotas_of(client, &desired.state.quotas.keys().collect()).await?;
    }
    if let Some(registry) = registry {
        live.subjects = observe_subjects(registry, &desired.state.subjects, &owned).await?;
    }
    let env = &desired.environment;
    let options = Options {
        hard_delete: prune && hard_delete,
        environment: env.name.clone(),
        prune,
        owns: env.owns.clone(),
    };
    Ok(plan(&live, &desired.state, &options))
}
