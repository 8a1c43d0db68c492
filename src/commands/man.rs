//! `topicctl man`: manual pages (roff) generated from the clap definitions, by clap_mangen.

use std::io::Write;

use clap::CommandFactory;
use miette::{IntoDiagnostic, WrapErr};

use crate::cli::{Cli, ManArgs};
use crate::commands::Outcome;

pub fn run(args: &ManArgs) -> miette::Result<Outcome> {
    let cmd = Cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page).into_diagnostic()?;
            std::io::stdout().write_all(&page).into_diagnostic()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write the manual pages into {}", dir.display()))?;
        }
    }
    Ok(Outcome::Success)
}
