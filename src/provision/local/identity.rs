//! Whether a process is the Kafka node a state file says it is, decided from what `/proc/<pid>` shows: its start
//! time (field 22 of `stat`, recorded when the node was started) and its command line (`kafka.Kafka` followed by
//! the node's config file, which lies inside the environment's state folder). Pure: the caller reads `/proc`.

use std::fmt;
use std::path::{Component, Path};

/// What `/proc/<pid>` shows of a live process.
pub struct Observed<'a> {
    pub stat: &'a str,
    pub cmdline: &'a [u8],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The node's own process: it may be signalled.
    Ours,
    /// No process, or one that already exited.
    Gone,
    /// A live process that is not this node: never signalled.
    Foreign(Mismatch),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Started at another time than the node was (the pid was reused, or the state was edited).
    StartTime { recorded: u64, actual: Option<u64> },
    /// Not running `kafka.Kafka <config>`.
    NotKafka,
    /// A Kafka server with another config file, or one outside the state folder.
    OtherConfig { config: String },
    /// A process of another user.
    OtherUser,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::StartTime { recorded, actual } => write!(
                f,
                "a process started at another time (start time {}, the node's was {recorded})",
                actual.map_or_else(|| "unknown".to_string(), |a| a.to_string())
            ),
            Mismatch::NotKafka => write!(f, "a process that is not a Kafka server"),
            Mismatch::OtherConfig { config } => write!(f, "a Kafka server of another config ({config})"),
            Mismatch::OtherUser => write!(f, "a process of another user"),
        }
    }
}

/// The start time (in clock ticks after boot) in a `/proc/<pid>/stat` line: field 22, counted after the command
/// name, which is in parentheses and may itself hold spaces and parentheses.
pub fn start_time(stat: &str) -> Option<u64> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Whether the `stat` line is of a zombie or dead process.
fn exited(stat: &str) -> bool {
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_none_or(|state| state == "Z" || state == "X")
}

/// Decide whether `seen` (None: no such process) is the node whose config file is `config`, in the state folder
/// `folder`, started at `recorded_start` (None in state files written before start times were kept: then the
/// command line alone decides).
pub fn judge(config: &Path, folder: &Path, recorded_start: Option<u64>, seen: Option<&Observed>) -> Verdict {
    let Some(seen) = seen else { return Verdict::Gone };
    if exited(seen.stat) {
        return Verdict::Gone;
    }
    if let Some(recorded) = recorded_start {
        let actual = start_time(seen.stat);
        if actual != Some(recorded) {
            return Verdict::Foreign(Mismatch::StartTime { recorded, actual });
        }
    }
    let args: Vec<&[u8]> = seen.cmdline.split(|b| *b == 0).collect();
    let Some(main) = args.iter().position(|a| *a == b"kafka.Kafka") else {
        return Verdict::Foreign(Mismatch::NotKafka);
    };
    let Some(arg) = args.get(main + 1).filter(|a| !a.is_empty()) else {
        return Verdict::Foreign(Mismatch::NotKafka);
    };
    let wanted = config.as_os_str().as_encoded_bytes();
    if *arg != wanted || !lexically_inside(folder, config) {
        return Verdict::Foreign(Mismatch::OtherConfig {
            config: String::from_utf8_lossy(arg).into_owned(),
        });
    }
    Verdict::Ours
}

/// `path` starts with `folder` and climbs nowhere (`..`) after it.
fn lexically_inside(folder: &Path, path: &Path) -> bool {
    path.strip_prefix(folder)
        .is_ok_and(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))) && !rest.as_os_str().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `stat` line as Linux writes it, with a command name holding `) (` and the start time `start`.
    fn stat(state: &str, start: u64) -> String {
        format!("4242 (java) (x) {state} 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 30 0 {start} 123 456")
    }

    fn cmdline(args: &[&str]) -> Vec<u8> {
        args.iter().flat_map(|a| a.bytes().chain([0])).collect()
    }

    const FOLDER: &str = "/state/local/dev-26092";
    const CONFIG: &str = "/state/local/dev-26092/node-0/server.properties";

    fn judged(start: Option<u64>, stat_line: &str, args: &[&str]) -> Verdict {
        let cmd = cmdline(args);
        let seen = Observed {
            stat: stat_line,
            cmdline: &cmd,
        };
        judge(Path::new(CONFIG), Path::new(FOLDER), start, Some(&seen))
    }

    const KAFKA: [&str; 5] = ["/usr/bin/java", "-cp", "/libs/*", "kafka.Kafka", CONFIG];

    #[test]
    fn the_start_time_is_field_22() {
        assert_eq!(start_time(&stat("S", 987654)), Some(987654));
        assert_eq!(start_time("garbage"), None);
        assert_eq!(start_time("1 (x) S 1 2"), None);
    }

    #[test]
    fn the_node_is_ours_with_or_without_a_recorded_start_time() {
        assert_eq!(judged(Some(777), &stat("S", 777), &KAFKA), Verdict::Ours);
        assert_eq!(
            judged(None, &stat("S", 777), &KAFKA),
            Verdict::Ours,
            "an old state file"
        );
    }

    #[test]
    fn another_start_time_is_foreign_even_with_the_right_command_line() {
        assert_eq!(
            judged(Some(777), &stat("S", 778), &KAFKA),
            Verdict::Foreign(Mismatch::StartTime {
                recorded: 777,
                actual: Some(778)
            })
        );
    }

    #[test]
    fn the_command_line_must_be_this_nodes_kafka_in_the_state_folder() {
        let sleep = judged(None, &stat("S", 1), &["sleep", "300", CONFIG]);
        assert_eq!(
            sleep,
            Verdict::Foreign(Mismatch::NotKafka),
            "naming the config is not enough"
        );
        let other = judged(
            None,
            &stat("S", 1),
            &["java", "kafka.Kafka", "/etc/kafka/server.properties"],
        );
        assert!(
            matches!(other, Verdict::Foreign(Mismatch::OtherConfig { .. })),
            "{other:?}"
        );
        assert_eq!(
            judged(None, &stat("S", 1), &["java", "kafka.Kafka"]),
            Verdict::Foreign(Mismatch::NotKafka)
        );
        // A state edited to put the node's config outside the state folder.
        let seen_cmd = cmdline(&["java", "kafka.Kafka", "/etc/server.properties"]);
        let seen_stat = stat("S", 1);
        let seen = Observed {
            stat: &seen_stat,
            cmdline: &seen_cmd,
        };
        let outside = judge(
            Path::new("/etc/server.properties"),
            Path::new(FOLDER),
            None,
            Some(&seen),
        );
        assert!(
            matches!(outside, Verdict::Foreign(Mismatch::OtherConfig { .. })),
            "{outside:?}"
        );
        let climbing = format!("{FOLDER}/../../etc/server.properties");
        let seen_cmd = cmdline(&["java", "kafka.Kafka", &climbing]);
        let seen = Observed {
            stat: &seen_stat,
            cmdline: &seen_cmd,
        };
        let climbed = judge(Path::new(&climbing), Path::new(FOLDER), None, Some(&seen));
        assert!(
            matches!(climbed, Verdict::Foreign(Mismatch::OtherConfig { .. })),
            "{climbed:?}"
        );
    }

    #[test]
    fn no_process_or_a_zombie_is_gone() {
        assert_eq!(
            judge(Path::new(CONFIG), Path::new(FOLDER), Some(1), None),
            Verdict::Gone
        );
        assert_eq!(judged(Some(777), &stat("Z", 777), &[]), Verdict::Gone);
    }
}
