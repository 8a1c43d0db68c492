//! `topicctl status`: the health of what the specs declare, in one look (exit 3 when unhealthy).

use crate::cli::{StatusArgs, StatusFormat};
use crate::commands::context::{connect, desired};
use crate::commands::hidden::hide;
use crate::commands::{Outcome, colour_on_stdout, runtime};
use crate::render;
use crate::workflow::health::health;
use crate::workflow::registry_for;

pub fn run(args: &StatusArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let endpoints = args.endpoints.policy();
    let registry = registry_for(&desired, false, &endpoints)?;
    let read = runtime()?.block_on(async {
        let client = connect(&desired, &endpoints).await?;
        let recorded = crate::apply::reassign::record::read(&desired.environment.name)?;
        Ok::<_, miette::Report>(health(&client, registry.as_ref(), &desired, &recorded).await?)
    });
    let report = read.map_err(|e| hide(&desired.environment, e))?;
    let text = match args.format {
        StatusFormat::Table => render::health::text(&report, colour_on_stdout()),
        StatusFormat::Json => render::health::json(&report),
    };
    print!("{text}");
    Ok(if report.healthy() {
        Outcome::Success
    } else {
        Outcome::Unhealthy
    })
}
