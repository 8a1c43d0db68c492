//! The command layer: the only code that ties spec, cluster, diff, render and apply together.

mod apply;
mod cluster_down;
mod cluster_info;
mod cluster_render;
mod cluster_status;
mod cluster_up;
mod completions;
mod context;
mod hidden;
mod import;
mod man;
mod plan;
mod schema;
mod status;
mod up;
mod validate;

use crate::cli::{Cli, ClusterCommand, Command};

/// What a successful command tells the exit-code mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    ChangesPresent,
    /// `status` found the declared state unhealthy.
    Unhealthy,
}

pub fn dispatch(cli: Cli) -> miette::Result<Outcome> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Schema => schema::run(),
        Command::Plan(args) => plan::run(&args),
        Command::Apply(args) => apply::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Up(args) => up::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Cluster { command } => match command {
            ClusterCommand::Info(args) => cluster_info::run(&args),
            ClusterCommand::Up(args) => cluster_up::run(&args),
            ClusterCommand::Down(args) => cluster_down::run(&args),
            ClusterCommand::Status(args) => cluster_status::run(&args),
            ClusterCommand::Render(args) => cluster_render::run(&args),
        },
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}

/// A runtime for one command's cluster I/O.
fn runtime() -> miette::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| miette::miette!("cannot start the async runtime: {e}"))
}

/// Colour only on a terminal and never with `NO_COLOR`.
fn colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn colour_on_stderr() -> bool {
    use std::io::IsTerminal;
    colour(std::io::stderr().is_terminal())
}

pub fn colour_on_stdout() -> bool {
    use std::io::IsTerminal;
    colour(std::io::stdout().is_terminal())
}
