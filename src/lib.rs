//! topicctl: manage Kafka topics, ACLs and Schema Registry subjects the way Terraform manages cloud resources.
//!
//! The shape (see `DESIGN.md` in the shared notes): `spec` reads YAML into a `model::State`, `cluster` observes the
//! live one, `diff` compares them without I/O into a plan, `render` shows it and `apply` carries it out. The
//! `commands` layer is the only place that ties them together; `cli` holds the argument structs.

pub mod apply;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod diff;
pub mod error;
pub mod files;
pub mod model;
pub mod provision;
pub mod render;
pub mod spec;
pub mod workflow;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::commands::Outcome;

/// Parse the command line, run the command, render any error once, and map the outcome to an exit code:
/// 0 success or no changes, 1 error, 2 changes present (only with `--detailed-exitcode`), 3 unhealthy (`status`).
pub fn run() -> ExitCode {
    // A completion request from a script `topicctl completions SHELL` printed: answered here, then exit.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(cli::COMPLETE_VAR)
        .complete();
    // Usage errors exit 1, not clap's 2: 2 means "changes present" here, as in Terraform.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match commands::dispatch(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ChangesPresent) => ExitCode::from(2),
        Ok(Outcome::Unhealthy) => ExitCode::from(3),
        Err(err) => {
            error::report(err, commands::colour_on_stderr());
            ExitCode::from(1)
        }
    }
}
