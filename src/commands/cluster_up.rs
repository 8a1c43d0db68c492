//! `topicctl cluster up ENV`: create what the environment's `provision` block describes (harmless when it runs).

use crate::cli::ClusterUpArgs;
use crate::commands::context::desired;
use crate::commands::hidden::hide;
use crate::commands::{Outcome, runtime};
use crate::model::cluster_status::ClusterStatus;
use crate::provision;
use crate::provision::UpOptions;
use crate::provision::progress::StderrProgress;
use crate::render;
use crate::spec::validate::EnvironmentState;

pub fn run(args: &ClusterUpArgs) -> miette::Result<Outcome> {
    let options = UpOptions {
        force_conflicts: args.force_conflicts,
    };
    let status = up_checked(&desired(&args.specs, &args.env)?, options)?;
    print!("{}", render::cluster_status::text(&status));
    Ok(Outcome::Success)
}

/// Bring the checked environment's cluster up; also the first half of `topicctl up`.
pub fn up_checked(desired: &EnvironmentState, options: UpOptions) -> miette::Result<ClusterStatus> {
    let progress = StderrProgress::new();
    runtime()?
        .block_on(provision::up(&desired.environment, &desired.state, options, &progress))
        .map_err(|e| hide(&desired.environment, e))
}
