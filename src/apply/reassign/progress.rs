//! Progress of replica moves on stderr: partitions done, bytes copied, rate and time left — one line rewritten
//! in place on a terminal, a line every [`EVERY`] otherwise (CI logs).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use crate::apply::step::StepId;
use crate::cluster::client::AdminClient;
use crate::diff::placement::Placed;
use crate::model::units;

/// How often a line is printed when stderr is not a terminal.
pub const EVERY: Duration = Duration::from_secs(10);

type Key = (String, i32);

pub struct Progress {
    terminal: bool,
    total: usize,
    /// Per partition being copied: its receiving brokers.
    adding: BTreeMap<Key, Vec<i32>>,
    bytes_total: Option<u64>,
    last_line: Option<Instant>,
}

impl Progress {
    pub fn new(moves: &BTreeMap<String, Vec<Placed>>, awaited: &BTreeMap<StepId, Vec<Key>>) -> Progress {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            total: awaited.values().map(Vec::len).sum(),
            adding: moves
                .iter()
                .flat_map(|(t, ms)| ms.iter().map(move |m| ((t.clone(), m.partition), m.adding())))
                .filter(|(_, a)| !a.is_empty())
                .collect(),
            bytes_total: None,
            last_line: None,
        }
    }

    /// After a poll: partitions done, and (from the brokers' log sizes) bytes copied so far.
    pub async fn poll(
        &mut self,
        client: &AdminClient,
        running: &BTreeMap<Key, Vec<i32>>,
        queued: usize,
        elapsed: Duration,
    ) {
        let due = self.terminal || self.last_line.is_none_or(|t| t.elapsed() >= EVERY);
        if !due {
            return;
        }
        let done = self.total.saturating_sub(running.len() + queued);
        let mut line = format!("  moving replicas: {done}/{} partitions in sync", self.total);
        let partitions: Vec<Key> = self.adding.keys().cloned().collect();
        if let Ok(sizes) = client.replica_sizes(&partitions).await {
            let (mut total, mut copied) = (0u64, 0u64);
            for (key, adding) in &self.adding {
                let Some(by_broker) = sizes.get(key) else { continue };
                let source = by_broker
                    .iter()
                    .filter(|(b, _)| !adding.contains(b))
                    .map(|(_, s)| *s)
                    .max()
                    .unwrap_or(0);
                for b in adding {
                    total += source;
                    copied += by_broker.get(b).copied().unwrap_or(0).min(source);
                }
            }
            let total = self.bytes_total.map_or(total, |t| t.max(total));
            self.bytes_total = Some(total);
            let secs = elapsed.as_secs_f64().max(0.001);
            let rate = copied as f64 / secs;
            line.push_str(&format!(
                ", {} of {} copied, {}",
                units::bytes(copied),
                units::bytes(total),
                units::rate(rate as u64)
            ));
            if rate > 0.0 && total > copied {
                let left = ((total - copied) as f64 / rate).ceil() as u64;
                line.push_str(&format!(", ≈ {} left", units::duration(left)));
            }
        }
        self.print(&line);
    }

    fn print(&mut self, line: &str) {
        if self.terminal {
            eprint!("\r{line:<100}");
        } else {
            eprintln!("{line}");
        }
        self.last_line = Some(Instant::now());
    }

    pub fn warn(&mut self, message: &str) {
        if self.terminal {
            eprintln!();
        }
        eprintln!("warning: {message}");
    }

    pub fn done(&mut self, elapsed: Duration) {
        if self.terminal {
            eprintln!();
        }
        eprintln!(
            "  moving replicas: {} partitions in sync after {}",
            self.total,
            units::duration(elapsed.as_secs())
        );
    }

    pub fn interrupted(&mut self, environment: &str, moving: usize) {
        if self.terminal {
            eprintln!();
        }
        eprintln!(
            "Interrupted. topicctl stopped; the brokers did not: {moving} partition move(s) already submitted go on, \
             under the throttles topicctl set (they stay until the moves finish and topicctl removes them).\n  \
             To finish and clean up: topicctl apply --env {environment}   (it waits for the moves in flight)\n  \
             To stop the moves:      topicctl apply --env {environment} --cancel-reassignments"
        );
    }
}
