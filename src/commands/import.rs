//! `topicctl import`: Topic specs for the topics that exist, so planning right after importing shows no changes.

use miette::{IntoDiagnostic, WrapErr};

use crate::cli::ImportArgs;
use crate::cluster::observe::observe_topics;
use crate::commands::context::{connect, desired};
use crate::commands::{Outcome, runtime};
use crate::render;

pub fn run(args: &ImportArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let mut live = runtime()?.block_on(async {
        let client = connect(&desired).await?;
        Ok::<_, miette::Report>(observe_topics(&client).await?)
    })?;
    if !args.matches.is_empty() {
        live.topics
            .retain(|name, _| args.matches.iter().any(|m| name.starts_with(m.as_str())));
    }
    let yaml = render::import_yaml::render(&live);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &yaml)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {} topic(s) to {}", live.topics.len(), path.display());
        }
        None => print!("{yaml}"),
    }
    Ok(Outcome::Success)
}
