//! `topicctl up ENV`: `cluster up ENV` (harmless when the cluster runs), then `apply` with auto-approval.
//! An environment without a `provision` block is only applied to.

use crate::cli::{ApplyArgs, UpArgs};
use crate::commands::context::desired;
use crate::commands::{Outcome, apply, cluster_up};
use crate::render;

pub fn run(args: &UpArgs) -> miette::Result<Outcome> {
    let env = desired(&args.specs, &args.env)?;
    if env.environment.provision.is_some() {
        let status = cluster_up::up_checked(&env, crate::provision::UpOptions::default())?;
        eprint!("{}", render::cluster_status::text(&status));
    } else {
        eprintln!(
            "Environment `{}` has no `provision` block: applying to its existing cluster.",
            args.env
        );
    }
    apply::run(&ApplyArgs::auto_approved(
        args.specs.clone(),
        args.env.clone(),
        args.endpoints.clone(),
    ))
}
