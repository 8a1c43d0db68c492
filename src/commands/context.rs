//! What plan and apply share: the desired state of one environment from the specs, a client for its cluster
//! (refusing a cluster whose id differs from the one the environment names), and the plan.

use std::io::IsTerminal;

use miette::miette;

use crate::cli::{Pruning, SpecArgs};
use crate::cluster::client::AdminClient;
use crate::cluster::observe::{observe_acls, observe_quotas, observe_subjects, observe_topics, observe_users};
use crate::cluster::registry::{RegistryClient, RegistryConfig};
use crate::commands::colour_on_stderr;
use crate::diff::{Options, Plan, plan};
use crate::render;
use crate::spec::load::load;
use crate::spec::validate::{EnvironmentState, validate};

/// Load and validate the specs for `env`; problems are printed, errors stop here.
pub fn desired(specs: &SpecArgs, env: &str) -> miette::Result<EnvironmentState> {
    let loaded = load(&specs.files);
    let mut validated = validate(&loaded, Some(env), &|name| std::env::var(name).ok());
    if !validated.diagnostics.is_empty() {
        eprint!(
            "{}",
            render::diagnostics::report(&validated.diagnostics, colour_on_stderr())
        );
    }
    if validated.has_errors() {
        return Err(miette!(
            "the specs have problems ({}); nothing was planned",
            render::diagnostics::summary(&validated.diagnostics)
        ));
    }
    validated
        .environments
        .remove(env)
        .ok_or_else(|| miette!("no environment is named `{env}`"))
}

pub async fn connect(desired: &EnvironmentState) -> miette::Result<AdminClient> {
    crate::cluster::connect::connect(&desired.environment).await
}

/// A client for the environment's Schema Registry, when the specs have subjects (or, with prune, when the
/// environment names a registry: its owned subjects may have to go).
pub fn registry(desired: &EnvironmentState, prune: bool) -> miette::Result<Option<RegistryClient>> {
    let env = &desired.environment;
    let Some(r) = &env.schema_registry else {
        if desired.state.subjects.is_empty() {
            return Ok(None);
        }
        return Err(miette!(
            "environment `{}` has subjects but no `schemaRegistry`",
            env.name
        ));
    };
    if desired.state.subjects.is_empty() && !prune {
        return Ok(None);
    }
    let cfg = RegistryConfig {
        url: r.url.clone(),
        username: r.username.clone(),
        password: r.password.clone(),
        tls: crate::cluster::config::TlsConfig {
            ca_file: r.ca_file.clone(),
            ..Default::default()
        },
        timeout: std::time::Duration::from_secs(30),
    };
    Ok(Some(RegistryClient::new(&cfg)?))
}

pub async fn make_plan(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    pruning: Pruning,
) -> miette::Result<Plan> {
    let Pruning { prune, hard_delete } = pruning;
    let mut live = observe_topics(client).await?;
    if !desired.state.acls.is_empty() {
        live.acls = observe_acls(client).await?;
    }
    if !desired.state.users.is_empty() {
        live.users = observe_users(client, &desired.state.users).await?;
    }
    if !desired.state.quotas.is_empty() {
        live.quotas = observe_quotas(client).await?;
    }
    if let Some(registry) = registry {
        let owned = if prune {
            desired.environment.owns.clone()
        } else {
            Vec::new()
        };
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

pub fn stdout_colour() -> bool {
    crate::commands::colour(std::io::stdout().is_terminal())
}
