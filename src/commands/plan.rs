//! `topicctl plan`: what apply would change, for a reviewer (text, markdown) or a machine (JSON, exit codes).

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::{PlanArgs, PlanFormat};
use crate::commands::context::{connect, desired};
use crate::commands::hidden::hide;
use crate::commands::{Outcome, colour_on_stdout, runtime};
use crate::render;
use crate::workflow::{live_plan, registry_for};

pub fn run(args: &PlanArgs) -> miette::Result<Outcome> {
    let target = &args.target;
    let mut desired = desired(&target.specs, &target.env)?;
    desired.environment.replicas = target.replicas.over(&desired.environment.replicas);
    let endpoints = target.endpoints.policy();
    let registry = registry_for(&desired, target.pruning.prune, &endpoints)?;
    let planned = runtime()?.block_on(async {
        let client = connect(&desired, &endpoints).await?;
        let recorded = crate::apply::reassign::record::read(&desired.environment.name)?;
        Ok::<_, miette::Report>(
            live_plan(&client, registry.as_ref(), &desired, target.pruning.into(), &recorded).await?,
        )
    });
    let plan = planned.map_err(|e| hide(&desired.environment, e))?;
    let text = match args.format {
        PlanFormat::Text => render::plan_text::render(&plan, colour_on_stdout()),
        PlanFormat::Json => render::plan_json::render(&plan),
        PlanFormat::Markdown => render::plan_markdown::render(&plan),
    };
    print!("{text}");
    if let Some(path) = &args.out {
        std::fs::write(path, render::plan_json::render(&plan))
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write the plan to {}", path.display()))?;
        eprintln!(
            "Saved the plan to {}: apply it with `topicctl apply --env {} {}`",
            path.display(),
            target.env,
            path.display()
        );
    }
    if !plan.blocked.is_empty() {
        return Err(miette!(
            help = "each blocked change says why in the plan; change the specs (or the cluster) so nothing is blocked",
            "{} change{} blocked; fix the specs before applying",
            plan.blocked.len(),
            if plan.blocked.len() == 1 { " is" } else { "s are" }
        ));
    }
    Ok(if args.detailed_exitcode && !plan.is_empty() {
        Outcome::ChangesPresent
    } else {
        Outcome::Success
    })
}
