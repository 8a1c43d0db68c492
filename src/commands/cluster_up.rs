//! `topicctl cluster up ENV`: create what the environment's `provision` block describes (harmless when it runs).

use miette::miette;

use crate::cli::ClusterUpArgs;
use crate::commands::context::desired;
use crate::commands::{Outcome, runtime};
use crate::model::cluster_status::ClusterStatus;
use crate::model::provision::Provision;
use crate::provision::progress::StderrProgress;
use crate::provision::{kubernetes, local, msk};
use crate::render;
use crate::spec::validate::EnvironmentState;

pub fn run(args: &ClusterUpArgs) -> miette::Result<Outcome> {
    let status = up_checked(&desired(&args.specs, &args.env)?)?;
    print!("{}", render::cluster_status::text(&status));
    Ok(Outcome::Success)
}

/// Bring the checked environment's cluster up; also the first half of `topicctl up`.
pub fn up_checked(desired: &EnvironmentState) -> miette::Result<ClusterStatus> {
    let environment = &desired.environment;
    let env = environment.name.as_str();
    let progress = StderrProgress::new();
    let rt = runtime()?;
    match &environment.provision {
        Some(Provision::Local(l)) => rt.block_on(local::up(environment, l, &progress)),
        Some(Provision::Kubernetes(k)) => rt.block_on(kubernetes::up(environment, &desired.state, k, &progress)),
        Some(Provision::Msk(m)) => rt.block_on(msk::up(environment, m, &progress)),
        None => Err(no_provision(env)),
    }
}

pub(crate) fn no_provision(env: &str) -> miette::Report {
    miette!(
        help = "add `provision: {local: {brokers: 3}}` (or kubernetes / msk) to the Environment document",
        "environment `{env}` has no `provision` block, so topicctl does not manage its cluster"
    )
}
