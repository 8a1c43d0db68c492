//! `status` output: a table for people (aligned columns, sorted, no terminal-width dependence, colour only when
//! asked) and JSON for machines. Both carry the same facts in the same order.
//!
//! ```text
//! { "format_version": "1.0", "environment": "dev", "healthy": true, "problems": ["topic x is missing"],
//!   "topics": [ { "name", "exists", "partitions", "replication_factor", "min_insync_replicas": 2 | null,
//!                 "under_replicated": [0], "offline": [], "below_min_isr": [], "not_preferred_leader": [],
//!                 "reassigning": [] } ],
//!   "groups": [ { "name", "declared_as": "literal" | "prefix", "prefix": "app-" | null, "exists", "state",
//!                 "group_type": "classic" | "consumer" | "", "protocol_type", "members", "total_lag",
//!                 "lag": [ { "topic", "total", "max", "max_partition": 0 | null, "committed_partitions",
//!                            "uncommitted_partitions" } ] } ],
//!   "drift": { "matches": true, "changes": 0, "blocked": 0, "resources": { "topic": 1 } } }
//! ```
//! Partition lists hold partition indexes. Lag counts only partitions with a committed offset (log end offset
//! minus committed offset); partitions without a commit are counted in `uncommitted_partitions`.

use std::fmt::Write;

use crate::model::health::{Drift, GroupHealth, GroupSource, Health, TopicHealth};
use crate::render::escape::escape;
use crate::render::plan_words::plural;

pub const FORMAT_VERSION: &str = "1.0";

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Rows of cells as aligned columns, two spaces apart, without trailing blanks.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let _ = write!(line, "{cell:<width$}", width = widths[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn count(list: &[i32]) -> String {
    list.len().to_string()
}

fn topic_row(t: &TopicHealth) -> Vec<String> {
    if !t.exists {
        let mut row = vec![escape(&t.name).into_owned()];
        row.extend(std::iter::repeat_n("-".to_owned(), 8));
        row.push("MISSING".into());
        return row;
    }
    let bad = t.unhealthy();
    vec![
        escape(&t.name).into_owned(),
        t.partitions.to_string(),
        t.replication_factor.to_string(),
        t.min_insync.map_or("-".into(), |m| m.to_string()),
        count(&t.under_replicated),
        count(&t.offline),
        count(&t.below_min_isr),
        count(&t.not_preferred_leader),
        count(&t.reassigning),
        if bad { "UNHEALTHY" } else { "ok" }.into(),
    ]
}

fn group_rows(g: &GroupHealth) -> Vec<Vec<String>> {
    let name = match &g.source {
        GroupSource::Literal => escape(&g.name).into_owned(),
        GroupSource::Prefix(p) => format!("{} ({}*)", escape(&g.name), escape(p)),
    };
    if !g.exists {
        return vec![vec![name, "-".into(), "MISSING".into(), "-".into(), "-".into()]];
    }
    let head = vec![
        name,
        if g.group_type.is_empty() {
            "-".into()
        } else {
            escape(&g.group_type).into_owned()
        },
        escape(&g.state).into_owned(),
        g.members.to_string(),
    ];
    if g.lag.is_empty() {
        let mut row = head;
        row.push("(no commits)".into());
        return vec![row];
    }
    g.lag
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut row = if i == 0 { head.clone() } else { vec![String::new(); 4] };
            row.push(escape(&l.topic).into_owned());
            row.push(l.total.to_string());
            row.push(match l.max_partition {
                Some(p) => format!("{} (p{p})", l.max),
                None => "-".into(),
            });
            row.push(l.uncommitted_partitions.to_string());
            row
        })
        .collect()
}

/// The drift line: what to run, or that the cluster matches.
pub fn drift_line(drift: &Drift) -> String {
    if drift.matches() {
        return "Drift: matches the specs.".into();
    }
    let parts: Vec<String> = drift.resources.iter().map(|(kind, n)| plural(*n, kind)).collect();
    let n: usize = drift.resources.iter().map(|(_, n)| n).sum();
    format!(
        "Drift: {} differ{} from the specs: run `topicctl plan`.",
        parts.join(", "),
        if n == 1 { "s" } else { "" }
    )
}

pub fn text(health: &Health, colour: bool) -> String {
    let paint = |s: &str, c: &str| if colour { format!("{c}{s}{RESET}") } else { s.to_owned() };
    let problems = health.problems();
    let mut out = String::new();
    let verdict = if problems.is_empty() {
        paint("healthy", GREEN)
    } else {
        paint("UNHEALTHY", RED)
    };
    let _ = writeln!(out, "Environment {}: {verdict}", escape(&health.environment));
    if !health.topics.is_empty() {
        out.push('\n');
        let mut rows = vec![
            [
                "TOPIC",
                "PARTITIONS",
                "RF",
                "MIN-ISR",
                "UNDER-REPLICATED",
                "OFFLINE",
                "BELOW-MIN-ISR",
                "NOT-PREFERRED-LEADER",
                "REASSIGNING",
                "STATUS",
            ]
            .map(String::from)
            .to_vec(),
        ];
        rows.extend(health.topics.iter().map(topic_row));
        out.push_str(&table(&rows));
    }
    if !health.groups.is_empty() {
        out.push('\n');
        let mut rows = vec![
            [
                "GROUP",
                "TYPE",
                "STATE",
                "MEMBERS",
                "TOPIC",
                "LAG",
                "MAX-LAG",
                "UNCOMMITTED",
            ]
            .map(String::from)
            .to_vec(),
        ];
        rows.extend(health.groups.iter().flat_map(group_rows));
        out.push_str(&table(&rows));
    }
    out.push('\n');
    let _ = writeln!(out, "{}", drift_line(&health.drift));
    if !problems.is_empty() {
        let _ = writeln!(out, "\nProblems:");
        for p in &problems {
            let _ = writeln!(out, "  {}", paint(&escape(p), RED));
        }
    }
    out
}

pub fn json(health: &Health) -> String {
    let topics: Vec<serde_json::Value> = health
        .topics
        .iter()
        .map(|t| {
            serde_json::json!({
                "name": t.name,
                "exists": t.exists,
                "partitions": t.partitions,
                "replication_factor": t.replication_factor,
                "min_insync_replicas": t.min_insync,
                "under_replicated": t.under_replicated,
                "offline": t.offline,
                "below_min_isr": t.below_min_isr,
                "not_preferred_leader": t.not_preferred_leader,
                "reassigning": t.reassigning,
            })
        })
        .collect();
    let groups: Vec<serde_json::Value> = health
        .groups
        .iter()
        .map(|g| {
            let lag: Vec<serde_json::Value> = g
                .lag
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "topic": l.topic,
                        "total": l.total,
                        "max": l.max,
                        "max_partition": l.max_partition,
                        "committed_partitions": l.committed_partitions,
                        "uncommitted_partitions": l.uncommitted_partitions,
                    })
                })
                .collect();
            let (declared_as, prefix) = match &g.source {
                GroupSource::Literal => ("literal", None),
                GroupSource::Prefix(p) => ("prefix", Some(p.clone())),
            };
            serde_json::json!({
                "name": g.name,
                "declared_as": declared_as,
                "prefix": prefix,
                "exists": g.exists,
                "state": g.state,
                "group_type": g.group_type,
                "protocol_type": g.protocol_type,
                "members": g.members,
                "total_lag": g.lag.iter().map(|l| l.total).sum::<i64>(),
                "lag": lag,
            })
        })
        .collect();
    let resources: serde_json::Map<String, serde_json::Value> = health
        .drift
        .resources
        .iter()
        .map(|(k, n)| (k.clone(), serde_json::Value::from(*n)))
        .collect();
    let value = serde_json::json!({
        "format_version": FORMAT_VERSION,
        "environment": health.environment,
        "healthy": health.healthy(),
        "problems": health.problems(),
        "topics": topics,
        "groups": groups,
        "drift": {
            "matches": health.drift.matches(),
            "changes": health.drift.changes,
            "blocked": health.drift.blocked,
            "resources": resources,
        },
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::health::TopicLag;

    fn sample() -> Health {
        Health {
            environment: "dev".into(),
            topics: vec![
                TopicHealth {
                    name: "orders.events".into(),
                    exists: true,
                    partitions: 2,
                    replication_factor: 3,
                    min_insync: Some(3),
                    under_replicated: vec![0, 1],
                    below_min_isr: vec![0, 1],
                    not_preferred_leader: vec![1],
                    ..TopicHealth::default()
                },
                TopicHealth::missing("orders.gone"),
            ],
            groups: vec![
                GroupHealth {
                    name: "billing".into(),
                    source: GroupSource::Literal,
                    exists: true,
                    state: "Empty".into(),
                    group_type: "classic".into(),
                    protocol_type: "consumer".into(),
                    members: 0,
                    lag: vec![TopicLag::from_offsets(
                        "orders.events",
                        &[(0, 100, 500), (1, 200, 500)],
                        0,
                    )],
                },
                GroupHealth {
                    name: "ghost".into(),
                    source: GroupSource::Literal,
                    exists: false,
                    state: "Dead".into(),
                    group_type: String::new(),
                    protocol_type: String::new(),
                    members: 0,
                    lag: Vec::new(),
                },
            ],
            drift: Drift {
                resources: vec![("principal".into(), 1), ("topic".into(), 2)],
                changes: 3,
                blocked: 0,
            },
        }
    }

    #[test]
    fn text_is_a_fixed_table() {
        let expected = "\
Environment dev: UNHEALTHY

TOPIC          PARTITIONS  RF  MIN-ISR  UNDER-REPLICATED  OFFLINE  BELOW-MIN-ISR  NOT-PREFERRED-LEADER  REASSIGNING  STATUS
orders.events  2           3   3        2                 0        2              1                     0            UNHEALTHY
orders.gone    -           -   -        -                 -        -              -                     -            MISSING

GROUP    TYPE     STATE    MEMBERS  TOPIC          LAG  MAX-LAG   UNCOMMITTED
billing  classic  Empty    0        orders.events  700  400 (p0)  0
ghost    -        MISSING  -        -

Drift: 1 principal, 2 topics differ from the specs: run `topicctl plan`.

Problems:
  topic orders.events: 2 partitions under-replicated
  topic orders.events: 2 partitions below min.insync.replicas
  topic orders.gone is missing
";
        assert_eq!(text(&sample(), false), expected);
    }

    #[test]
    fn json_carries_the_same_facts() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(v["healthy"], false);
        assert_eq!(v["topics"][0]["below_min_isr"], serde_json::json!([0, 1]));
        assert_eq!(v["topics"][1]["exists"], false);
        assert_eq!(v["groups"][0]["total_lag"], 700);
        assert_eq!(v["groups"][0]["lag"][0]["max_partition"], 0);
        assert_eq!(v["groups"][1]["exists"], false);
        assert_eq!(v["drift"]["matches"], false);
        assert_eq!(v["drift"]["resources"]["topic"], 2);
    }

    #[test]
    fn drift_line_matches_or_points_at_plan() {
        assert_eq!(drift_line(&Drift::default()), "Drift: matches the specs.");
        let one = Drift {
            resources: vec![("topic".into(), 1)],
            changes: 1,
            blocked: 0,
        };
        assert_eq!(
            drift_line(&one),
            "Drift: 1 topic differs from the specs: run `topicctl plan`."
        );
    }
}
