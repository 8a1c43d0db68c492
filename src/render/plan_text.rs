//! The plan for people, in the spirit of `terraform plan`: a legend of the symbols used, one block per resource,
//! unchanged settings collapsed, and a summary line. Colour only when asked (a terminal without `NO_COLOR`).

use std::fmt::Write;

use crate::diff::{ChangeKind, ConfigChange, CredentialSet, Plan, QuotaChange};
use crate::model::acl::AclBinding;
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::topic_config::humanise;

const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Paint(bool);

impl Paint {
    fn paint(&self, colour: &str, text: &str) -> String {
        if self.0 {
            format!("{colour}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

/// One ACL binding inside its principal's block: `allow read on topic inventory.events (literal) from *`.
pub fn acl_line(b: &AclBinding) -> String {
    format!(
        "{} {} on {} {} ({}) from {}",
        b.permission, b.operation, b.resource_type, b.resource_name, b.pattern_type, b.host
    )
}

/// The lines of a user's credential changes: never a password, only what happens and why.
pub fn credential_lines(set: &[CredentialSet], delete: &[ScramMechanismKind]) -> Vec<(char, String)> {
    let mut lines: Vec<(char, String)> = set
        .iter()
        .map(|c| {
            let symbol = if c.reason == "new" { '+' } else { '~' };
            (
                symbol,
                format!(
                    "{} credential: set ({}, {} iterations; the password is never shown)",
                    c.mechanism.name(),
                    c.reason,
                    c.iterations
                ),
            )
        })
        .collect();
    lines.extend(delete.iter().map(|m| ('-', format!("{} credential: delete", m.name()))));
    lines
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// The lines of a subject's change (the schema diff indented under its line).
pub fn subject_lines(kind: &ChangeKind) -> Vec<(char, String)> {
    let mut lines = Vec::new();
    match kind {
        ChangeKind::UpdateSubject {
            register,
            compatibility,
            ..
        } => {
            if let Some(r) = register {
                match &r.diff {
                    None => lines.push(('+', format!("register version 1 ({})", r.schema_type.registry_name()))),
                    Some(diff) => {
                        lines.push((
                            '~',
                            format!("register a new version ({})", r.schema_type.registry_name()),
                        ));
                        lines.extend(diff.lines().map(|l| (' ', format!("    {l}"))));
                    }
                }
            }
            if let Some((before, after)) = compatibility {
                match before {
                    Some(b) => lines.push(('~', format!("compatibility: {b} → {after}"))),
                    None => lines.push(('+', format!("compatibility: {after}"))),
                }
            }
        }
        ChangeKind::DeleteSubject { permanent } => lines.push((
            '-',
            if *permanent {
                "delete every version, permanently".into()
            } else {
                "soft-delete every version".into()
            },
        )),
        _ => {}
    }
    lines
}

/// The lines of a quota entity's changes.
pub fn quota_lines(changes: &[QuotaChange]) -> Vec<(char, String)> {
    changes
        .iter()
        .map(|c| match (c.before, c.after) {
            (None, Some(a)) => ('+', format!("{}: {}", c.key, number(a))),
            (Some(b), Some(a)) => ('~', format!("{}: {} → {}", c.key, number(b), number(a))),
            (Some(b), None) => ('-', format!("{}: {} (removed)", c.key, number(b))),
            (None, None) => (' ', c.key.clone()),
        })
        .collect()
}

/// `604800000 (7d)` for keys with units, else the value.
pub fn value(key: &str, value: &str) -> String {
    match humanise(key, value) {
        Some(human) => format!("{value} ({human})"),
        None => value.to_owned(),
    }
}

fn config_line(c: &ConfigChange) -> (char, String) {
    match (&c.before, &c.after) {
        (None, Some(after)) => ('+', format!("{}: {}", c.key, value(&c.key, after))),
        (Some(before), Some(after)) => (
            '~',
            format!("{}: {} → {}", c.key, value(&c.key, before), value(&c.key, after)),
        ),
        (Some(before), None) => (
            '-',
            format!(
                "{}: {} (override removed: the broker default applies)",
                c.key,
                value(&c.key, before)
            ),
        ),
        (None, None) => (' ', c.key.clone()),
    }
}

pub fn summary_line(plan: &Plan) -> String {
    if plan.is_empty() {
        return "No changes. The cluster matches the specs.".to_owned();
    }
    format!(
        "Plan: {} to create, {} to change, {} to destroy, {} blocked.",
        plan.count("create"),
        plan.count("update"),
        plan.count("delete"),
        plan.blocked.len()
    )
}

pub fn render(plan: &Plan, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    if plan.is_empty() {
        for note in &plan.notes {
            let _ = writeln!(
                out,
                "Note: {} {}: {}",
                note.resource.kind(),
                note.resource.name(),
                note.message
            );
        }
        if !plan.notes.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", p.paint(BOLD, &summary_line(plan)));
        return out;
    }
    let _ = writeln!(
        out,
        "topicctl will perform the following actions in environment `{}`:\n",
        plan.environment
    );
    let mut legend = Vec::new();
    for (action, symbol, colour, words) in [
        ("create", "+", GREEN, "create"),
        ("update", "~", YELLOW, "update in place"),
        ("delete", "-", RED, "destroy"),
    ] {
        if plan.count(action) > 0 {
            legend.push(format!("{} {words}", p.paint(colour, symbol)));
        }
    }
    if !plan.blocked.is_empty() {
        legend.push(format!("{} blocked", p.paint(RED, "!")));
    }
    let _ = writeln!(out, "Symbols: {}\n", legend.join("   "));

    for change in &plan.changes {
        let (kind, name) = (change.resource.kind(), change.resource.name());
        match &change.kind {
            ChangeKind::CreateTopic(topic) => {
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(GREEN, "+"));
                let _ = writeln!(out, "      partitions:         {}", topic.partitions);
                let _ = writeln!(out, "      replication factor: {}", topic.replication_factor);
                for (k, v) in &topic.config {
                    let _ = writeln!(out, "      {}: {}", k, value(k, v));
                }
            }
            ChangeKind::UpdateTopic {
                partitions,
                config,
                unchanged,
            } => {
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(YELLOW, "~"));
                if let Some((from, to)) = partitions {
                    let _ = writeln!(out, "      {} partitions: {from} → {to}", p.paint(YELLOW, "~"));
                }
                for c in config {
                    let (symbol, line) = config_line(c);
                    let colour = match symbol {
                        '+' => GREEN,
                        '-' => RED,
                        _ => YELLOW,
                    };
                    let _ = writeln!(out, "      {} {line}", p.paint(colour, &symbol.to_string()));
                }
                if *unchanged > 0 {
                    let _ = writeln!(
                        out,
                        "      ({unchanged} unchanged setting{} hidden)",
                        if *unchanged == 1 { "" } else { "s" }
                    );
                }
            }
            ChangeKind::Acls { add, remove, had } => {
                let (symbol, colour) = match change.action() {
                    "create" => ("+", GREEN),
                    "delete" => ("-", RED),
                    _ => ("~", YELLOW),
                };
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(colour, symbol));
                for b in add {
                    let _ = writeln!(out, "      {} {}", p.paint(GREEN, "+"), acl_line(b));
                }
                for b in remove {
                    let _ = writeln!(out, "      {} {}", p.paint(RED, "-"), acl_line(b));
                }
                let kept = had - remove.len();
                if kept > 0 {
                    let _ = writeln!(
                        out,
                        "      ({kept} unchanged binding{} hidden)",
                        if kept == 1 { "" } else { "s" }
                    );
                }
            }
            ChangeKind::UpdateSubject { .. } | ChangeKind::DeleteSubject { .. } => {
                let (symbol, colour) = match change.action() {
                    "create" => ("+", GREEN),
                    "delete" => ("-", RED),
                    _ => ("~", YELLOW),
                };
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(colour, symbol));
                for (symbol, line) in subject_lines(&change.kind) {
                    let colour = match symbol {
                        '+' => GREEN,
                        '-' => RED,
                        _ => YELLOW,
                    };
                    if symbol == ' ' {
                        let _ = writeln!(out, "      {line}");
                    } else {
                        let _ = writeln!(out, "      {} {line}", p.paint(colour, &symbol.to_string()));
                    }
                }
            }
            ChangeKind::Credentials { .. } | ChangeKind::Quotas { .. } => {
                let (symbol, colour) = match change.action() {
                    "create" => ("+", GREEN),
                    "delete" => ("-", RED),
                    _ => ("~", YELLOW),
                };
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(colour, symbol));
                let lines = match &change.kind {
                    ChangeKind::Credentials { set, delete, .. } => credential_lines(set, delete),
                    ChangeKind::Quotas { changes, .. } => quota_lines(changes),
                    _ => Vec::new(),
                };
                for (symbol, line) in lines {
                    let colour = match symbol {
                        '+' => GREEN,
                        '-' => RED,
                        _ => YELLOW,
                    };
                    let _ = writeln!(out, "      {} {line}", p.paint(colour, &symbol.to_string()));
                }
            }
            ChangeKind::DeleteTopic {
                partitions,
                replication_factor,
            } => {
                let _ = writeln!(out, "  {} {kind} {name}", p.paint(RED, "-"));
                let _ = writeln!(
                    out,
                    "      {partitions} partitions, replication factor {replication_factor}: the topic and its data are deleted"
                );
            }
        }
        out.push('\n');
    }
    for b in &plan.blocked {
        let _ = writeln!(
            out,
            "  {} {} {}",
            p.paint(RED, "!"),
            b.resource.kind(),
            b.resource.name()
        );
        let _ = writeln!(out, "      {}: {}", b.wanted, b.reason);
        out.push('\n');
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "Notes:");
        for note in &plan.notes {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                note.resource.kind(),
                note.resource.name(),
                note.message
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", p.paint(BOLD, &summary_line(plan)));
    out
}
