//! `topicctl cluster status ENV`: whether the provisioned cluster exists, is ready, and where it listens.

use crate::cli::{ClusterStatusArgs, Format};
use crate::commands::context::desired;
use crate::commands::hidden::hide;
use crate::commands::{Outcome, runtime};
use crate::provision;
use crate::render;

pub fn run(args: &ClusterStatusArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let status = runtime()?
        .block_on(provision::status(&desired.environment))
        .map_err(|e| hide(&desired.environment, e))?;
    print!(
        "{}",
        match args.format {
            Format::Text => render::cluster_status::text(&status),
            Format::Json => render::cluster_status::json(&status),
        }
    );
    Ok(Outcome::Success)
}
