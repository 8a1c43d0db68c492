//! The plan for a pull-request comment: the summary first, destructive and blocked changes called out at the top,
//! then one collapsible section per resource.

use std::fmt::Write;

use crate::diff::{Action, Change, ChangeKind, Plan, Resource};
use crate::render::escape::escape;
use crate::render::plan_text::{credential_lines, subject_lines, summary_line, value};
use crate::render::plan_words::{blocked_reason, blocked_wanted, note, plural, resource_kind, symbol};
use crate::render::replica_words;

/// `topic `shop.orders``: the resource with its name as code.
fn resource(r: &Resource) -> String {
    format!("{} `{}`", resource_kind(r.kind()), r.name())
}

/// The plan for a pull request, its spec values escaped.
pub fn render(plan: &Plan) -> String {
    escape(&render_raw(plan)).into_owned()
}

fn render_raw(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### topicctl plan for `{}`\n", plan.environment);
    let _ = writeln!(out, "**{}**\n", summary_line(plan));
    let deletes: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.action() == Action::Delete)
        .map(|c| resource(&c.resource))
        .collect();
    if !deletes.is_empty() || !plan.blocked.is_empty() {
        let _ = writeln!(out, "> [!CAUTION]");
        if !deletes.is_empty() {
            let _ = writeln!(
                out,
                "> **Destroys:** {} (and {} data).",
                deletes.join(", "),
                if deletes.len() == 1 { "its" } else { "their" }
            );
        }
        for b in &plan.blocked {
            let _ = writeln!(
                out,
                "> **Blocked:** {}: {}: {}",
                resource(&b.resource),
                blocked_wanted(&b.why),
                blocked_reason(&b.why)
            );
        }
        out.push('\n');
    }
    if let Some(estimate) = &plan.estimate {
        let _ = writeln!(out, "> [!NOTE]");
        for line in replica_words::estimate(estimate, plan.replicas.throttle_bytes()) {
            let _ = writeln!(out, "> {}", line.trim_start());
        }
        out.push('\n');
    }
    let throttle = plan.replicas.throttle_bytes();
    for change in &plan.changes {
        write_change(&mut out, change, throttle);
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "<details><summary>Notes</summary>\n");
        for n in &plan.notes {
            let _ = writeln!(out, "- {}: {}", resource(&n.resource), note(&n.what));
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

/// One collapsible section: the change as a `diff` block.
fn write_change(out: &mut String, change: &Change, throttle: u64) {
    let verb = match change.action() {
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "destroy",
    };
    let _ = writeln!(
        out,
        "<details><summary><code>{} {verb}</code> {} <code>{}</code></summary>\n\n```diff",
        symbol(change.action()),
        resource_kind(change.resource.kind()),
        change.resource.name()
    );
    match &change.kind {
        ChangeKind::Reassign(m) => {
            let _ = writeln!(out, "! {}", replica_words::headline(m, throttle));
            for line in replica_words::move_lines(m) {
                let _ = writeln!(out, "  {line}");
            }
        }
        ChangeKind::AwaitReassignment(f) => {
            let _ = writeln!(out, "! {}", replica_words::in_flight(f));
        }
        ChangeKind::RemoveThrottles(t) => {
            let _ = writeln!(out, "- {}", replica_words::throttle_removal(t));
        }
        ChangeKind::CreateTopic(t) => {
            let _ = writeln!(out, "+ partitions: {}", t.partitions);
            let _ = writeln!(out, "+ replication factor: {}", t.replication_factor);
            for (k, v) in &t.config {
                let _ = writeln!(out, "+ {k}: {}", value(k, v));
            }
        }
        ChangeKind::UpdateTopic {
            partitions,
            config,
            unchanged,
        } => {
            if let Some((from, to)) = partitions {
                let _ = writeln!(out, "- partitions: {from}\n+ partitions: {to}");
            }
            for c in config {
                if let Some(before) = &c.before {
                    let _ = writeln!(out, "- {}: {}", c.key, value(&c.key, before));
                }
                if let Some(after) = &c.after {
                    let _ = writeln!(out, "+ {}: {}", c.key, value(&c.key, after));
                }
            }
            if *unchanged > 0 {
                let _ = writeln!(out, "  ({unchanged} unchanged hidden)");
            }
        }
        ChangeKind::Acls { add, remove, .. } => {
            for b in add {
                let _ = writeln!(out, "+ {}", b.rule());
            }
            for b in remove {
                let _ = writeln!(out, "- {}", b.rule());
            }
        }
        ChangeKind::UpdateSubject { .. } | ChangeKind::DeleteSubject { .. } => {
            for (symbol, line) in subject_lines(&change.kind) {
                match symbol {
                    ' ' => {
                        // The schema's own unified diff, line for line.
                        let _ = writeln!(out, "{}", line.strip_prefix("    ").unwrap_or(&line));
                    }
                    s => {
                        let _ = writeln!(out, "{} {line}", if s == '-' { '-' } else { '+' });
                    }
                }
            }
        }
        ChangeKind::Credentials { set, delete, .. } => {
            for (symbol, line) in credential_lines(set, delete) {
                let _ = writeln!(out, "{} {line}", if symbol == '-' { '-' } else { '+' });
            }
        }
        ChangeKind::Quotas { changes, .. } => {
            for c in changes {
                if let Some(before) = c.before {
                    let _ = writeln!(out, "- {}: {before}", c.key);
                }
                if let Some(after) = c.after {
                    let _ = writeln!(out, "+ {}: {after}", c.key);
                }
            }
        }
        ChangeKind::DeleteTopic {
            partitions,
            replication_factor,
            ..
        } => {
            let _ = writeln!(
                out,
                "- {}, replication factor {replication_factor}",
                plural(usize::try_from(*partitions).unwrap_or(0), "partition")
            );
        }
    }
    let _ = writeln!(out, "```\n\n</details>\n");
}
