//! `topicctl cluster render ENV`: the Strimzi manifests of a Kubernetes environment, for GitOps repositories.

use miette::miette;

use crate::cli::ClusterRenderArgs;
use crate::commands::Outcome;
use crate::commands::cluster_up::no_provision;
use crate::commands::context::desired;
use crate::model::provision::Provision;
use crate::provision::kubernetes;

pub fn run(args: &ClusterRenderArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    match &desired.environment.provision {
        Some(Provision::Kubernetes(k)) => {
            print!("{}", kubernetes::render(&desired.environment, &desired.state, k)?);
            Ok(Outcome::Success)
        }
        Some(_) => Err(miette!(
            help = "`cluster render` is for `provision.kubernetes` environments; use `cluster up` for the others",
            "environment `{}` is not provisioned on Kubernetes: there are no manifests to render",
            args.env
        )),
        None => Err(no_provision(&args.env)),
    }
}
