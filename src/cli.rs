//! The command-line surface, as clap structs. Turned into validated settings before any logic runs.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "topicctl",
    version,
    about = "Plan and apply Kafka topics, ACLs and schema subjects from YAML specs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the version of topicctl and of the Kafka protocol it speaks.
    Version,
}
