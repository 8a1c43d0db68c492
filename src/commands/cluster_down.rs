//! `topicctl cluster down ENV`: remove the provisioned cluster and its data, only when asked unmistakably.

use std::io::{BufRead, IsTerminal, Write};

use miette::{IntoDiagnostic, miette};

use crate::cli::ClusterDownArgs;
use crate::commands::context::desired;
use crate::commands::hidden::hide;
use crate::commands::{Outcome, runtime};
use crate::provision;
use crate::provision::progress::StderrProgress;

pub fn run(args: &ClusterDownArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let what = provision::removal(&desired.environment)?;
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
    runtime()?
        .block_on(provision::down(&desired.environment, &progress))
        .map_err(|e| hide(&desired.environment, e))?;
    println!("Removed {what} of `{}`.", args.env);
    Ok(Outcome::Success)
}
