//! `topicctl cluster down ENV`: remove the provisioned cluster and its data, only when asked unmistakably.

use std::io::{BufRead, IsTerminal, Write};

use miette::{IntoDiagnostic, miette};

use crate::cli::ClusterDownArgs;
use crate::commands::cluster_up::no_provision;
use crate::commands::context::desired;
use crate::commands::{Outcome, runtime};
use crate::model::provision::Provision;
use crate::provision::progress::StderrProgress;
use crate::provision::{kubernetes, local, msk};

pub fn run(args: &ClusterDownArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let environment = &desired.environment;
    let what = match &environment.provision {
        Some(Provision::Local(l)) => format!("the {} local Kafka node(s) and their data", l.brokers),
        Some(Provision::Kubernetes(k)) => format!(
            "the Strimzi cluster `{}` in namespace `{}` with its KafkaTopics (Kafka deletes those topics) and \
             KafkaUsers (its PersistentVolumeClaims are kept)",
            k.cluster_name, k.namespace
        ),
        Some(Provision::Msk(m)) => format!("the MSK cluster `{}` and all its data", m.cluster_name),
        None => return Err(no_provision(&args.env)),
    };
    if !args.force {
        if !std::io::stdin().is_terminal() {
            return Err(miette!(
                help = "run it on a terminal to be asked, or pass --force to remove without asking",
                "refusing to remove {what} of `{}` without confirmation",
                args.env
            ));
        }
        print!(
            "This removes {what} of environment `{}`.\nType the environment name to confirm: ",
            args.env
        );
        std::io::stdout().flush().into_diagnostic()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).into_diagnostic()?;
        if line.trim() != args.env {
            eprintln!("Cancelled: nothing was removed.");
            return Ok(Outcome::Success);
        }
    }
    let progress = StderrProgress::new();
    let rt = runtime()?;
    match &environment.provision {
        Some(Provision::Local(l)) => rt.block_on(local::down(environment, l, &progress))?,
        Some(Provision::Kubernetes(k)) => rt.block_on(kubernetes::down(environment, k, &progress))?,
        Some(Provision::Msk(m)) => rt.block_on(msk::down(environment, m, &progress))?,
        None => unreachable!("checked above"),
    }
    println!("Removed {what} of `{}`.", args.env);
    Ok(Outcome::Success)
}
