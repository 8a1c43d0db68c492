//! `topicctl plan`: what apply would change, for a reviewer (text, markdown) or a machine (JSON, exit codes).

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::{PlanArgs, PlanFormat};
use crate::commands::context::{connect, desired, make_plan, registry, stdout_colour};
use crate::commands::{Outcome, runtime};
use crate::render;

pub fn run(args: &PlanArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let registry = registry(&desired, args.pruning.prune)?;
    let plan = runtime()?.block_on(async {
        let client = connect(&desired).await?;
        make_plan(&client, registry.as_ref(), &desired, args.pruning).await
    })?;
    let text = match args.format {
        PlanFormat::Text => render::plan_text::render(&plan, stdout_colour()),
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
            args.env,
            path.display()
        );
    }
    if !plan.blocked.is_empty() {
        return Err(miette!(
            "{} change{} blocked (see above); fix the specs before applying",
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
