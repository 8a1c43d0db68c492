//! The plan for a pull-request comment: the summary first, destructive and blocked changes called out at the top,
//! then one collapsible section per resource.

use std::fmt::Write;

use crate::diff::{ChangeKind, Plan};
use crate::render::plan_text::{acl_line, credential_lines, subject_lines, summary_line, value};

pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### topicctl plan for `{}`\n", plan.environment);
    let _ = writeln!(out, "**{}**\n", summary_line(plan));
    let deletes: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.action() == "delete")
        .map(|c| format!("{} `{}`", c.resource.kind(), c.resource.name()))
        .collect();
    if !deletes.is_empty() || !plan.blocked.is_empty() {
        let _ = writeln!(out, "> [!CAUTION]");
        if !deletes.is_empty() {
            let _ = writeln!(out, "> **Destroys:** {} (and their data).", deletes.join(", "));
        }
        for b in &plan.blocked {
            let _ = writeln!(
                out,
                "> **Blocked:** {} `{}`: {}: {}",
                b.resource.kind(),
                b.resource.name(),
                b.wanted,
                b.reason
            );
        }
        out.push('\n');
    }
    for change in &plan.changes {
        let (symbol, verb) = match change.action() {
            "create" => ("+", "create"),
            "delete" => ("-", "destroy"),
            _ => ("~", "update"),
        };
        let _ = writeln!(
            out,
            "<details><summary><code>{symbol} {verb}</code> {} <code>{}</code></summary>\n\n```diff",
            change.resource.kind(),
            change.resource.name()
        );
        match &change.kind {
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
                    let _ = writeln!(out, "+ {}", acl_line(b));
                }
                for b in remove {
                    let _ = writeln!(out, "- {}", acl_line(b));
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
            } => {
                let _ = writeln!(
                    out,
                    "- {partitions} partitions, replication factor {replication_factor}"
                );
            }
        }
        let _ = writeln!(out, "```\n\n</details>\n");
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "<details><summary>Notes</summary>\n");
        for n in &plan.notes {
            let _ = writeln!(out, "- {} `{}`: {}", n.resource.kind(), n.resource.name(), n.message);
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}
