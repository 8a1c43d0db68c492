//! `topicctl cluster status ENV`: whether the provisioned cluster exists, is ready, and where it listens.

use crate::cli::{ClusterStatusArgs, Format};
use crate::commands::cluster_up::no_provision;
use crate::commands::context::desired;
use crate::commands::{Outcome, runtime};
use crate::model::provision::Provision;
use crate::provision::{kubernetes, local, msk};
use crate::render;

pub fn run(args: &ClusterStatusArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let environment = &desired.environment;
    let rt = runtime()?;
    let status = match &environment.provision {
        Some(Provision::Local(l)) => rt.block_on(local::status(environment, l))?,
        Some(Provision::Kubernetes(k)) => rt.block_on(kubernetes::status(environment, k))?,
        Some(Provision::Msk(m)) => rt.block_on(msk::status(environment, m))?,
        None => return Err(no_provision(&args.env)),
    };
    print!(
        "{}",
        match args.format {
            Format::Text => render::cluster_status::text(&status),
            Format::Json => render::cluster_status::json(&status),
        }
    );
    Ok(Outcome::Success)
}
