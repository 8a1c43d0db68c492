//! What an apply did, for people: applied, failed (with the broker's message), not attempted.

use std::fmt::Write;

use crate::model::apply_report::{Outcome, Report};
use crate::render::escape::escape;

/// The report, with spec values and brokers' messages escaped.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for step in &report.steps {
        let _ = match &step.outcome {
            Outcome::Applied => writeln!(out, "  applied        {}", step.description),
            Outcome::Failed(reason) => writeln!(out, "  FAILED         {}: {reason}", step.description),
            Outcome::NotAttempted => writeln!(out, "  not attempted  {}", step.description),
        };
    }
    let applied = report.count(|o| *o == Outcome::Applied);
    let failed = report.count(|o| matches!(o, Outcome::Failed(_)));
    let skipped = report.count(|o| *o == Outcome::NotAttempted);
    if failed + skipped == 0 {
        let _ = writeln!(out, "\nApply complete: {applied} applied.");
    } else {
        let _ = writeln!(
            out,
            "\nApply failed: {applied} applied, {failed} failed, {skipped} not attempted. Fix the cause and run apply \
             again: it continues from the current state."
        );
    }
    escape(&out).into_owned()
}
