//! `topicctl up ENV`: bring up the environment's local cluster if it does not answer, then apply the specs.
//! Local clusters are started with the project's `scripts/kafka` for now; Kubernetes and MSK come with the
//! provisioning work.

use std::path::Path;
use std::time::Duration;

use miette::{IntoDiagnostic, miette};

use crate::cli::{ApplyArgs, SpecArgs, UpArgs};
use crate::cluster::client::AdminClient;
use crate::commands::context::desired;
use crate::commands::{Outcome, apply, connection, runtime};
use crate::model::environment::Provision;

pub fn run(args: &UpArgs) -> miette::Result<Outcome> {
    let env = desired(&args.specs, &args.env)?;
    let mut cfg = connection::from_environment(&env.environment)?;
    cfg.connect_timeout = Duration::from_secs(2);
    cfg.retries = 0;
    let answers = runtime()?.block_on(AdminClient::connect(cfg)).is_ok();
    if !answers {
        match env.environment.provision {
            Some(Provision::Local { .. }) => {
                let script = Path::new("scripts/kafka");
                if !script.exists() {
                    return Err(miette!(
                        "the cluster of `{}` does not answer and there is no scripts/kafka here to start it",
                        args.env
                    ));
                }
                eprintln!("Starting the local cluster of `{}` with scripts/kafka up…", args.env);
                let status = std::process::Command::new(script)
                    .arg("up")
                    .status()
                    .into_diagnostic()?;
                if !status.success() {
                    return Err(miette!("scripts/kafka up failed"));
                }
            }
            Some(_) => {
                return Err(miette!(
                    "the cluster of `{}` does not answer; provisioning Kubernetes and MSK clusters is not available yet",
                    args.env
                ));
            }
            None => {
                return Err(miette!(
                    "the cluster of `{}` does not answer and the environment has no `provision`",
                    args.env
                ));
            }
        }
    }
    apply::run(&ApplyArgs {
        specs: SpecArgs {
            files: args.specs.files.clone(),
        },
        env: args.env.clone(),
        pruning: Default::default(),
        auto_approve: true,
        batch_size: 100,
        plan_file: None,
    })
}
