//! The command layer: the only code that ties spec, cluster, diff, render and apply together.

use crate::cli::{Cli, Command};

/// What a successful command tells the exit-code mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    ChangesPresent,
}

pub fn dispatch(cli: Cli) -> miette::Result<Outcome> {
    match cli.command {
        Command::Version => {
            println!("topicctl {}", env!("CARGO_PKG_VERSION"));
            Ok(Outcome::Success)
        }
    }
}
