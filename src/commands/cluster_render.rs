//! `topicctl cluster render ENV`: the Strimzi manifests of a Kubernetes environment, for GitOps repositories.

use crate::cli::ClusterRenderArgs;
use crate::commands::Outcome;
use crate::commands::context::desired;
use crate::provision::backend::backend;

pub fn run(args: &ClusterRenderArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    print!("{}", backend(&desired.environment)?.render(&desired.state)?);
    Ok(Outcome::Success)
}
