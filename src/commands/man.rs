//! `topicctl man`: manual pages (roff) generated from the clap definitions by clap_mangen, as plain ASCII (any other
//! character as a groff escape, so `groff` reads them without `preconv`).

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use miette::{IntoDiagnostic, WrapErr};

use crate::cli::{Cli, ManArgs};
use crate::commands::Outcome;

pub fn run(args: &ManArgs) -> miette::Result<Outcome> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    match &args.out {
        None => std::io::stdout().write_all(page(&cmd)?.as_bytes()).into_diagnostic()?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot create {}", dir.display()))?;
            write_pages(&cmd, dir)?;
        }
    }
    Ok(Outcome::Success)
}

/// `cmd`'s page and those of its subcommands, each named as clap_mangen names it (`topicctl-cluster-up.1`).
fn write_pages(cmd: &clap::Command, dir: &Path) -> miette::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let path = dir.join(man(cmd).get_filename());
    std::fs::write(&path, page(cmd)?)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}

fn man(cmd: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone()).source(format!("topicctl {}", env!("CARGO_PKG_VERSION")))
}

fn page(cmd: &clap::Command) -> miette::Result<String> {
    let mut roff = Vec::new();
    man(cmd).render(&mut roff).into_diagnostic()?;
    Ok(ascii(&String::from_utf8_lossy(&roff)))
}

/// Every non-ASCII character as groff's `\[uXXXX]`.
fn ascii(roff: &str) -> String {
    roff.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", u32::from(c))
            }
        })
        .collect()
}
