//! `topicctl apply`: exactly the plan (computed now and confirmed, or saved earlier and still current).

use std::io::{BufRead, IsTerminal, Write};

use miette::{IntoDiagnostic, miette};

use crate::apply::execute;
use crate::apply::reassign::record;
use crate::cli::ApplyArgs;
use crate::commands::context::{connect, desired};
use crate::commands::hidden::hide;
use crate::commands::{Outcome, colour_on_stdout, runtime};
use crate::render;
use crate::render::plan_json::JsonPlan;
use crate::workflow::live_plan::Pruning;
use crate::workflow::{Convergence, check_saved, converge, convergence_budget, live_plan, registry_for};

fn read_saved(path: &std::path::Path) -> miette::Result<JsonPlan> {
    let text = crate::files::read_regular_text(path, crate::files::SPEC_CAP)?;
    serde_json::from_str(&text).map_err(|e| {
        miette!(
            help = "make the plan again with `topicctl plan --env ENV --out FILE` and apply that file",
            "{} is not a plan saved by `topicctl plan --out`: {e}",
            path.display()
        )
    })
}

fn confirm() -> miette::Result<bool> {
    print!("\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ");
    std::io::stdout().flush().into_diagnostic()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).into_diagnostic()?;
    Ok(line.trim() == "yes")
}

/// The one apply: `topicctl apply` and the second half of `topicctl up`.
pub fn run(args: &ApplyArgs) -> miette::Result<Outcome> {
    let target = &args.target;
    let saved = args.plan_file.as_deref().map(read_saved).transpose()?;
    if let Some(saved) = &saved
        && saved.environment != target.env
    {
        return Err(miette!(
            help = format!(
                "apply it with `--env {}`, or make a plan for `{}` with `topicctl plan --env {} --out FILE`",
                saved.environment, target.env, target.env
            ),
            "the saved plan is for environment `{}`, not `{}`",
            saved.environment,
            target.env
        ));
    }
    let mut desired = desired(&target.specs, &target.env)?;
    // A saved plan is applied with the replica options it was made with; else the command line's.
    desired.environment.replicas = match &saved {
        Some(s) => s.replicas.policy(),
        None => target.replicas.over(&desired.environment.replicas),
    };
    if args.cancel_reassignments {
        return cancel(&desired, &target.endpoints.policy());
    }
    let pruning = saved.as_ref().map_or(target.pruning.into(), |s| Pruning {
        prune: s.prune,
        hard_delete: s.hard_delete,
    });
    let endpoints = target.endpoints.policy();
    let registry = registry_for(&desired, pruning.prune, &endpoints)?;
    let env = &desired.environment;
    let applied = runtime()?.block_on(async {
        let client = connect(&desired, &endpoints).await?;
        let plan = live_plan(&client, registry.as_ref(), &desired, pruning, &record::read(&env.name)?).await?;
        if let Some(saved) = &saved {
            check_saved(&saved.fingerprints.live, &saved.fingerprints.desired, &plan)?;
        }
        print!("{}", render::plan_text::render(&plan, colour_on_stdout()));
        if !plan.blocked.is_empty() {
            return Err(miette!(
                help = "the plan above says why each is blocked: change the specs (or the cluster) so nothing is, \
                        then apply again",
                "{} change{} blocked; nothing was applied",
                plan.blocked.len(),
                if plan.blocked.len() == 1 { " is" } else { "s are" }
            ));
        }
        if plan.is_empty() {
            return Ok(Outcome::Success);
        }
        if saved.is_none() && !args.auto_approve {
            if !std::io::stdin().is_terminal() {
                return Err(miette!(
                    help = "in CI pass --auto-approve, or apply a plan saved with `topicctl plan --out FILE` \
                            (`topicctl apply --env ENV FILE` applies exactly what was reviewed)",
                    "refusing to apply without confirmation: there is no terminal to ask on"
                ));
            }
            if !confirm()? {
                return Err(miette!("apply cancelled; nothing was changed"));
            }
        }
        let show_progress = std::io::stderr().is_terminal();
        let mut progress = |done: usize, total: usize| {
            if show_progress {
                eprint!("\r  applying {done}/{total}");
                if done == total {
                    eprintln!();
                }
            }
        };
        let report = execute(
            &plan,
            &client,
            registry.as_ref(),
            usize::from(args.batch_size),
            &mut progress,
        )
        .await;
        println!();
        print!("{}", env.hide(&render::apply_report::render(&report)));
        if report.failed() {
            return Err(miette!(
                help = "the report above says which changes failed and the broker's reason; fix that and run apply \
                        again: it plans and changes only what is left",
                "apply did not complete"
            ));
        }
        let mut verifying = |left: usize| {
            if show_progress {
                // Padded so a shorter count overwrites a longer one.
                eprint!("\r  verifying: {left} change(s) not visible yet   ");
            }
        };
        let within = convergence_budget(plan.changes.len());
        // Read again: the apply changed the record.
        let recorded = record::read(&env.name)?;
        let converged = converge(
            &client,
            registry.as_ref(),
            &desired,
            pruning,
            &recorded,
            within,
            &mut verifying,
        )
        .await?;
        if show_progress {
            eprint!("\r{:60}\r", "");
        }
        match converged {
            Convergence::Converged => println!("Verified: the cluster matches the specs."),
            Convergence::NotYet => {
                eprintln!("warning: the brokers do not all show the changes yet; run `topicctl plan` again shortly")
            }
        }
        Ok(Outcome::Success)
    });
    applied.map_err(|e| hide(env, e))
}

/// `apply --cancel-reassignments`: cancel the declared topics' moves in flight and remove their recorded throttles.
fn cancel(
    desired: &crate::spec::validate::EnvironmentState,
    endpoints: &crate::cluster::connect::endpoints::Endpoints,
) -> miette::Result<Outcome> {
    let env = &desired.environment;
    let declared = desired.state.topics.keys().cloned().collect();
    let done = runtime()?.block_on(async {
        let client = connect(desired, endpoints).await?;
        crate::apply::reassign::cancel::cancel(&client, &env.name, &declared).await
    });
    let done = done.map_err(|e| hide(env, e))?;
    if done.partitions.is_empty() {
        println!("No reassignment of a declared topic is in flight.");
    }
    for (topic, partitions) in &done.partitions {
        println!(
            "Cancelled the reassignment of {} partition(s) of topic {topic}.",
            partitions.len()
        );
    }
    for f in &done.failures {
        eprintln!("error: {f}");
    }
    if done.failures.is_empty() {
        Ok(Outcome::Success)
    } else {
        Err(miette!(
            help = "the errors above name the partitions or throttles; run `--cancel-reassignments` again",
            "the cancel did not complete"
        ))
    }
}
