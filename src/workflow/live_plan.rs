//! The plan of one environment against its live cluster: observe only the kinds the specs declare, then diff.

use std::time::Duration;

use crate::cluster::client::AdminClient;
use crate::cluster::error::ClusterError;
use crate::cluster::observe::{
    observe_acls_of, observe_declared_topics, observe_quotas_of, observe_subjects, observe_users,
};
use crate::cluster::observe_moves;
use crate::cluster::registry::{RegistryClient, RegistryError};
use crate::diff::ChangeKind;
use crate::diff::{Options, Plan, plan};
use crate::model::layout::ThrottleRecord;
use crate::model::provision::Provision;
use crate::model::state::State;
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

/// `recorded`: the throttles `apply` recorded setting (`apply::reassign::record::read`, read by the command).
pub async fn live_plan(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    pruning: Pruning,
    recorded: &ThrottleRecord,
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
        replicas: env.replicas.clone(),
    };
    live.layout.recorded = recorded.clone();
    observe_layout(client, desired, &options, &mut live).await?;
    Ok(plan(&live, &desired.state, &options))
}

/// How long write rates are sampled for, when something moves.
pub const RATE_SAMPLE: Duration = Duration::from_secs(2);

/// The replica layout beyond the listing: reassignments in flight, and — only for topics
/// that move — replica sizes, write rates and the brokers' `min.insync.replicas`. Which topics move is the pure
/// diff's answer on what is known so far; sizes only change the estimate, never which replicas move.
async fn observe_layout(
    client: &AdminClient,
    desired: &EnvironmentState,
    options: &Options,
    live: &mut State,
) -> Result<(), ObserveError> {
    let env = &desired.environment;
    let declared: Vec<(String, i32)> = live
        .layout
        .partitions
        .iter()
        .filter(|(t, _)| desired.state.topics.contains_key(*t))
        .flat_map(|(t, parts)| parts.iter().map(move |p| (t.clone(), p.partition)))
        .collect();
    live.layout.in_flight = observe_moves::in_flight(client, &declared).await?;
    live.layout.serverless = matches!(&env.provision, Some(Provision::Msk(m)) if m.serverless);
    let first = plan(live, &desired.state, options);
    let moving: Vec<(String, i32)> = first
        .changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Reassign(_) | ChangeKind::AwaitReassignment(_)))
        .flat_map(|c| {
            let topic = c.resource.name().to_owned();
            live.layout.partitions[&topic]
                .iter()
                .map(move |p| (topic.clone(), p.partition))
                .collect::<Vec<_>>()
        })
        .collect();
    if moving.is_empty() {
        return Ok(());
    }
    let sampled = observe_moves::sizes_and_rates(client, &moving, RATE_SAMPLE).await?;
    live.layout.sizes = sampled.sizes;
    live.layout.write_rates = sampled.write_rates;
    let decreases = desired.state.topics.iter().any(|(name, want)| {
        live.topics
            .get(name)
            .is_some_and(|have| want.replication_factor < have.replication_factor)
    });
    if decreases && let Some(broker) = live.layout.brokers.first() {
        live.layout.broker_min_insync = observe_moves::broker_min_insync(client, broker.id).await?;
    }
    Ok(())
}
