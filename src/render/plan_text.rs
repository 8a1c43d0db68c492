//! The plan for people, in the spirit of `terraform plan`: a legend of the symbols used, one block per resource,
//! unchanged settings collapsed, and a summary line. Colour only when asked (a terminal without `NO_COLOR`).

use std::fmt::Write;

use crate::diff::{Action, Change, ChangeKind, ConfigChange, CredentialReason, CredentialSet, Plan, Resource};
use crate::model::quota::QuotaChange;
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::topic_config::humanise;
use crate::render::escape::escape_keeping;
use crate::render::plan_words::{self, blocked_reason, blocked_wanted, resource_kind};
use crate::render::replica_words;

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

    /// A line's symbol in its colour: `+` green, `-` red, the rest yellow.
    fn symbol(&self, symbol: char) -> String {
        let colour = match symbol {
            '+' => GREEN,
            '-' => RED,
            _ => YELLOW,
        };
        self.paint(colour, &symbol.to_string())
    }
}

/// The lines of a user's credential changes: never a password, only what happens and why.
pub fn credential_lines(set: &[CredentialSet], delete: &[ScramMechanismKind]) -> Vec<(char, String)> {
    let mut lines: Vec<(char, String)> = set
        .iter()
        .map(|c| {
            let symbol = if c.reason == CredentialReason::New { '+' } else { '~' };
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

/// `topic shop.orders`: the resource as a reviewer reads it.
pub fn resource(r: &Resource) -> String {
    format!("{} {}", resource_kind(r.kind()), r.name())
}

pub fn summary_line(plan: &Plan) -> String {
    if plan.is_empty() {
        return "No changes. The cluster matches the specs.".to_owned();
    }
    format!(
        "Plan: {} to create, {} to change, {} to destroy, {} blocked.",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.blocked.len()
    )
}

fn hidden(count: usize, what: &str) -> String {
    format!("({count} unchanged {what}{} hidden)", if count == 1 { "" } else { "s" })
}

/// The detail lines under a change's heading, each with its symbol (`' '` for none).
fn change_lines(change: &Change, throttle: u64) -> Vec<(char, String)> {
    match &change.kind {
        ChangeKind::Reassign(m) => std::iter::once(('~', replica_words::headline(m, throttle)))
            .chain(replica_words::move_lines(m).into_iter().map(|l| (' ', l)))
            .collect(),
        ChangeKind::AwaitReassignment(f) => vec![('~', replica_words::in_flight(f))],
        ChangeKind::RemoveThrottles(t) => vec![('~', replica_words::throttle_removal(t))],
        ChangeKind::CreateTopic(topic) => {
            let mut lines = vec![
                (' ', format!("partitions:         {}", topic.partitions)),
                (' ', format!("replication factor: {}", topic.replication_factor)),
            ];
            lines.extend(topic.config.iter().map(|(k, v)| (' ', format!("{k}: {}", value(k, v)))));
            lines
        }
        ChangeKind::UpdateTopic {
            partitions,
            config,
            unchanged,
        } => {
            let mut lines: Vec<(char, String)> = partitions
                .iter()
                .map(|(from, to)| ('~', format!("partitions: {from} → {to}")))
                .collect();
            lines.extend(config.iter().map(config_line));
            if *unchanged > 0 {
                lines.push((' ', hidden(*unchanged, "setting")));
            }
            lines
        }
        ChangeKind::Acls { add, remove, had } => {
            let mut lines: Vec<(char, String)> = add.iter().map(|b| ('+', b.rule())).collect();
            lines.extend(remove.iter().map(|b| ('-', b.rule())));
            let kept = had - remove.len();
            if kept > 0 {
                lines.push((' ', hidden(kept, "binding")));
            }
            lines
        }
        ChangeKind::UpdateSubject { .. } | ChangeKind::DeleteSubject { .. } => subject_lines(&change.kind),
        ChangeKind::Credentials { set, delete, .. } => credential_lines(set, delete),
        ChangeKind::Quotas { changes, .. } => quota_lines(changes),
        ChangeKind::DeleteTopic {
            partitions,
            replication_factor,
            ..
        } => vec![(
            ' ',
            format!(
                "{}, replication factor {replication_factor}: the topic and its data are deleted",
                plan_words::plural(usize::try_from(*partitions).unwrap_or(0), "partition")
            ),
        )],
    }
}

fn write_change(out: &mut String, p: &Paint, change: &Change, throttle: u64) {
    let _ = writeln!(
        out,
        "  {} {}",
        p.symbol(plan_words::symbol(change.action())),
        resource(&change.resource)
    );
    for (symbol, line) in change_lines(change, throttle) {
        if symbol == ' ' {
            let _ = writeln!(out, "      {line}");
        } else {
            let _ = writeln!(out, "      {} {line}", p.symbol(symbol));
        }
    }
    out.push('\n');
}

fn write_legend(out: &mut String, p: &Paint, plan: &Plan) {
    let mut legend = Vec::new();
    for (action, words) in [
        (Action::Create, "create"),
        (Action::Update, "update in place"),
        (Action::Delete, "destroy"),
    ] {
        if plan.count(action) > 0 {
            legend.push(format!("{} {words}", p.symbol(plan_words::symbol(action))));
        }
    }
    if !plan.blocked.is_empty() {
        legend.push(format!("{} blocked", p.paint(RED, "!")));
    }
    let _ = writeln!(out, "Symbols: {}\n", legend.join("   "));
}

fn write_blocked(out: &mut String, p: &Paint, plan: &Plan) {
    for b in &plan.blocked {
        let _ = writeln!(out, "  {} {}", p.paint(RED, "!"), resource(&b.resource));
        let _ = writeln!(out, "      {}: {}", blocked_wanted(&b.why), blocked_reason(&b.why));
        out.push('\n');
    }
}

fn notes(plan: &Plan, indent: &str) -> String {
    let mut out = String::new();
    for note in &plan.notes {
        let _ = writeln!(
            out,
            "{indent}{}: {}",
            resource(&note.resource),
            plan_words::note(&note.what)
        );
    }
    out
}

/// The plan for people. Spec values in it (config values, environment names, schemas) are escaped: only our own
/// colours reach the terminal.
pub fn render(plan: &Plan, colour: bool) -> String {
    escape_keeping(&render_raw(plan, colour), &[GREEN, YELLOW, RED, BOLD, RESET])
}

fn render_raw(plan: &Plan, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str(&notes(plan, "Note: "));
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
    write_legend(&mut out, &p, plan);
    let throttle = plan.replicas.throttle_bytes();
    for change in &plan.changes {
        write_change(&mut out, &p, change, throttle);
    }
    if let Some(estimate) = &plan.estimate {
        for line in replica_words::estimate(estimate, plan.replicas.throttle_bytes()) {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    write_blocked(&mut out, &p, plan);
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "Notes:");
        out.push_str(&notes(plan, "  "));
        out.push('\n');
    }
    let _ = writeln!(out, "{}", p.paint(BOLD, &summary_line(plan)));
    out
}
