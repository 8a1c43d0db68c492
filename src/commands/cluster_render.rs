//! `topicctl cluster render ENV`: the Strimzi manifests of a Kubernetes environment, for GitOps repositories.

use crate::cli::ClusterRenderArgs;
use crate::commands::Outcome;
use crate::commands::context::desired;
use crate::provision;

pub fn run(args: &ClusterRenderArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    print!("{}", provision::render(&desired.environment, &desired.state)?);
    Ok(Outcome::Success)
}
