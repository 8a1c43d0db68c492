//! `topicctl apply`: exactly the plan (computed now and confirmed, or saved earlier and still current).

use std::io::{BufRead, IsTerminal, Write};

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::apply::execute;
use crate::cli::{ApplyArgs, Pruning};
use crate::commands::context::{connect, desired, make_plan, registry, stdout_colour};
use crate::commands::{Outcome, runtime};
use crate::render;
use crate::render::plan_json::JsonPlan;

fn read_saved(path: &std::path::Path) -> miette::Result<JsonPlan> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| miette!("{} is not a plan saved by `topicctl plan --out`: {e}", path.display()))
}

fn confirm() -> miette::Result<bool> {
    print!("\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ");
    std::io::stdout().flush().into_diagnostic()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).into_diagnostic()?;
    Ok(line.trim() == "yes")
}

pub fn run(args: &ApplyArgs) -> miette::Result<Outcome> {
    let saved = args.plan_file.as_deref().map(read_saved).transpose()?;
    if let Some(saved) = &saved
        && saved.environment != args.env
    {
        return Err(miette!(
            "the saved plan is for environment `{}`, not `{}`",
            saved.environment,
            args.env
        ));
    }
    let desired = desired(&args.specs, &args.env)?;
    let registry = registry(&desired, args.pruning.prune || saved.as_ref().is_some_and(|s| s.prune))?;
    let rt = runtime()?;
    rt.block_on(async {
        let client = connect(&desired).await?;
        let pruning = saved.as_ref().map_or(args.pruning, |s| Pruning {
            prune: s.prune,
            hard_delete: s.hard_delete,
        });
        let plan = make_plan(&client, registry.as_ref(), &desired, pruning).await?;
        if let Some(saved) = &saved {
            if saved.fingerprints.desired != plan.desired_fingerprint {
                return Err(miette!(
                    "the saved plan is stale: the specs changed since it was made; run `topicctl plan` again"
                ));
            }
            if saved.fingerprints.live != plan.live_fingerprint {
                return Err(miette!(
                    "the saved plan is stale: the cluster changed since it was made; run `topicctl plan` again"
                ));
            }
        }
        print!("{}", render::plan_text::render(&plan, stdout_colour()));
        if !plan.blocked.is_empty() {
            return Err(miette!(
                "{} change(s) are blocked; nothing was applied",
                plan.blocked.len()
            ));
        }
        if plan.is_empty() {
            return Ok(Outcome::Success);
        }
        if saved.is_none() && !args.auto_approve {
            if !std::io::stdin().is_terminal() {
                return Err(miette!(
                    "refusing to apply without confirmation: there is no terminal; pass --auto-approve"
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
        print!("{}", render::apply_report::render(&report));
        if report.failed() {
            return Err(miette!("apply did not complete"));
        }
        // Changes reach every broker's metadata shortly after the controller commits them: confirm convergence,
        // so the next plan (here or in CI) sees what was just applied.
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let after = make_plan(&client, registry.as_ref(), &desired, pruning).await?;
            if after.is_empty() {
                println!("Verified: the cluster matches the specs.");
                break;
            }
            if tokio::time::Instant::now() >= deadline {
                eprintln!("warning: the brokers do not all show the changes yet; run `topicctl plan` again shortly");
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        Ok(Outcome::Success)
    })
}
