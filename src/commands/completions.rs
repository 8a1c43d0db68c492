//! `topicctl completions SHELL`: the shell's registration script of clap_complete's dynamic completion. The script
//! calls topicctl back with `TOPICCTL_COMPLETE=SHELL` and the words typed; topicctl answers from its clap definitions
//! and, for an ENV argument, the environment names of the specs (`cli::env_names`).

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::env::Shells;
use miette::{IntoDiagnostic, miette};

use crate::cli::{COMPLETE_VAR, Cli, CompletionsArgs, Shell};
use crate::commands::Outcome;

pub fn run(args: &CompletionsArgs) -> miette::Result<Outcome> {
    let name = match args.shell {
        Shell::Bash => "bash",
        Shell::Zsh => "zsh",
        Shell::Fish => "fish",
        Shell::Powershell => "powershell",
        Shell::Elvish => "elvish",
    };
    let shells = Shells::builtins();
    let shell = shells
        .completer(name)
        .ok_or_else(|| miette!("clap_complete has no {name} completion"))?;
    let cmd = Cli::command();
    let mut script = Vec::new();
    shell
        .write_registration(COMPLETE_VAR, cmd.get_name(), cmd.get_name(), &completer(), &mut script)
        .into_diagnostic()?;
    std::io::stdout().write_all(&script).into_diagnostic()?;
    Ok(Outcome::Success)
}

/// The program the script calls: as this one was called, absolute when it was called by a path (`./topicctl`,
/// `target/debug/topicctl`), else by name through `PATH`.
fn completer() -> String {
    let called = std::env::args_os()
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| "topicctl".into());
    let path = match std::env::current_dir() {
        Ok(cwd) if called.components().count() > 1 => cwd.join(&called),
        _ => called,
    };
    path.to_string_lossy().into_owned()
}
