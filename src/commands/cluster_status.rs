//! `topicctl cluster status ENV`: whether the provisioned cluster exists, is ready, and where it listens.

use crate::cli::{ClusterStatusArgs, Format};
use crate::commands::context::desired;
use crate::commands::{Outcome, runtime};
use crate::provision::backend::backend;
use crate::render;

pub fn run(args: &ClusterStatusArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let backend = backend(&desired.environment)?;
    let status = runtime()?.block_on(backend.status())?;
    print!(
        "{}",
        match args.format {
            Format::Text => render::cluster_status::text(&status),
            Format::Json => render::cluster_status::json(&status),
        }
    );
    Ok(Outcome::Success)
}
