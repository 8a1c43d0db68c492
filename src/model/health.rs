//! The health of what the specs declare, as `topicctl status` reports it: per declared topic its partitions'
//! replication, per named consumer group its state and lag, and whether the cluster drifted from the specs.
//! Plain data; what counts as unhealthy is decided here (`Health::problems`), once.

use crate::model::topic_description::PartitionInfo;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    pub environment: String,
    /// Sorted by name.
    pub topics: Vec<TopicHealth>,
    /// Sorted by name.
    pub groups: Vec<GroupHealth>,
    pub drift: Drift,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicHealth {
    pub name: String,
    pub exists: bool,
    pub partitions: usize,
    pub replication_factor: usize,
    /// The topic's `min.insync.replicas` override, else the brokers' value; `None` when neither is known.
    pub min_insync: Option<i32>,
    /// Partition indexes, sorted, in each list.
    pub under_replicated: Vec<i32>,
    pub offline: Vec<i32>,
    pub below_min_isr: Vec<i32>,
    pub not_preferred_leader: Vec<i32>,
    pub reassigning: Vec<i32>,
}

impl TopicHealth {
    /// Missing, or some partition offline, under-replicated or below its effective `min.insync.replicas`: what
    /// makes `status` unhealthy (the rest it reports is information).
    pub fn unhealthy(&self) -> bool {
        !(self.exists && self.offline.is_empty() && self.under_replicated.is_empty() && self.below_min_isr.is_empty())
    }

    /// A declared topic that does not exist.
    pub fn missing(name: &str) -> Self {
        TopicHealth {
            name: name.to_owned(),
            ..TopicHealth::default()
        }
    }

    /// An existing topic from its partitions, its effective `min.insync.replicas` and the partitions moving.
    pub fn assess(name: &str, partitions: &[PartitionInfo], min_insync: Option<i32>, reassigning: Vec<i32>) -> Self {
        let pick = |keep: &dyn Fn(&PartitionInfo) -> bool| -> Vec<i32> {
            let mut out: Vec<i32> = partitions.iter().filter(|p| keep(p)).map(|p| p.partition).collect();
            out.sort_unstable();
            out
        };
        let mut reassigning = reassigning;
        reassigning.sort_unstable();
        reassigning.dedup();
        TopicHealth {
            name: name.to_owned(),
            exists: true,
            partitions: partitions.len(),
            replication_factor: partitions.iter().map(|p| p.replicas.len()).max().unwrap_or(0),
            min_insync,
            under_replicated: pick(&|p| p.isr.len() < p.replicas.len()),
            offline: pick(&|p| p.leader.is_none()),
            below_min_isr: pick(&|p| min_insync.is_some_and(|m| (p.isr.len() as i64) < i64::from(m))),
            not_preferred_leader: pick(&|p| p.leader.is_some() && p.leader != p.replicas.first().copied()),
            reassigning,
        }
    }
}

/// How a group came to be named: literally, or by a prefix of a `groups:` entry ending in `*`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupSource {
    Literal,
    Prefix(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupHealth {
    pub name: String,
    pub source: GroupSource,
    /// False for a literally named group the cluster does not know (or knows as `Dead`).
    pub exists: bool,
    /// As the coordinator reports it: `Stable`, `Empty`, `PreparingRebalance`, … (`Dead` when missing).
    pub state: String,
    /// `classic` or `consumer` (KIP-848); empty when missing.
    pub group_type: String,
    /// The classic protocol type (`consumer`, `connect`), or `consumer` for KIP-848 groups.
    pub protocol_type: String,
    pub members: usize,
    /// Per topic the group committed offsets for, sorted by topic.
    pub lag: Vec<TopicLag>,
}

/// A group's lag on one topic: end offset minus committed offset, over the partitions with a commit. Partitions
/// without a commit are counted in `uncommitted`, not in the lag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicLag {
    pub topic: String,
    pub total: i64,
    /// The largest lag of one partition, and that partition (the lowest index on a tie).
    pub max: i64,
    pub max_partition: Option<i32>,
    pub committed_partitions: usize,
    pub uncommitted_partitions: usize,
}

impl TopicLag {
    /// The lag from (partition, committed, end) triples, and the number of partitions without a commit.
    pub fn from_offsets(topic: &str, offsets: &[(i32, i64, i64)], uncommitted: usize) -> Self {
        let mut lag = TopicLag {
            topic: topic.to_owned(),
            uncommitted_partitions: uncommitted,
            committed_partitions: offsets.len(),
            ..TopicLag::default()
        };
        let mut sorted = offsets.to_vec();
        sorted.sort_unstable();
        for (partition, committed, end) in sorted {
            let behind = (end - committed).max(0);
            lag.total += behind;
            if lag.max_partition.is_none() || behind > lag.max {
                lag.max = behind;
                lag.max_partition = Some(partition);
            }
        }
        lag
    }
}

/// The plan between the specs and the cluster (without pruning), counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Resources with changes, per kind (`topic`, `principal`, …), sorted by kind.
    pub resources: Vec<(String, usize)>,
    pub changes: usize,
    pub blocked: usize,
}

impl Drift {
    pub fn matches(&self) -> bool {
        self.changes == 0 && self.blocked == 0
    }
}

impl Health {
    /// Why the declared state is unhealthy, one line each, in report order; empty when healthy. Unhealthy means: a
    /// declared topic is missing, or a partition of a declared topic is under-replicated, offline or below its
    /// topic's `min.insync.replicas`. Leaders off their preferred replica, reassignments, lag, missing groups and
    /// drift are reported but are not unhealthy.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in &self.topics {
            if !t.exists {
                out.push(format!("topic {} is missing", t.name));
                continue;
            }
            for (what, list) in [
                ("offline", &t.offline),
                ("under-replicated", &t.under_replicated),
                ("below min.insync.replicas", &t.below_min_isr),
            ] {
                if !list.is_empty() {
                    out.push(format!(
                        "topic {}: {} partition{} {what}",
                        t.name,
                        list.len(),
                        if list.len() == 1 { "" } else { "s" }
                    ));
                }
            }
        }
        out
    }

    pub fn healthy(&self) -> bool {
        !self.topics.iter().any(TopicHealth::unhealthy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(partition: i32, leader: Option<i32>, replicas: &[i32], isr: &[i32]) -> PartitionInfo {
        PartitionInfo {
            partition,
            leader,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
            offline: Vec::new(),
        }
    }

    #[test]
    fn partitions_are_classified_against_replicas_leaders_and_min_isr() {
        let parts = [
            p(0, Some(1), &[1, 2, 3], &[1, 2, 3]),
            p(1, Some(3), &[2, 3, 1], &[3, 1]),
            p(2, None, &[3, 1, 2], &[]),
        ];
        let t = TopicHealth::assess("t", &parts, Some(3), vec![2, 2]);
        assert_eq!(t.under_replicated, vec![1, 2]);
        assert_eq!(t.offline, vec![2]);
        assert_eq!(t.below_min_isr, vec![1, 2]);
        assert_eq!(t.not_preferred_leader, vec![1]);
        assert_eq!(t.reassigning, vec![2]);
        assert_eq!((t.partitions, t.replication_factor), (3, 3));
        let health = Health {
            topics: vec![t, TopicHealth::missing("u")],
            ..Health::default()
        };
        assert_eq!(
            health.problems(),
            vec![
                "topic t: 1 partition offline",
                "topic t: 2 partitions under-replicated",
                "topic t: 2 partitions below min.insync.replicas",
                "topic u is missing",
            ]
        );
    }

    #[test]
    fn lag_sums_committed_partitions_and_names_the_largest() {
        let lag = TopicLag::from_offsets("t", &[(1, 10, 50), (0, 0, 40), (2, 60, 50)], 1);
        assert_eq!((lag.total, lag.max, lag.max_partition), (80, 40, Some(0)));
        assert_eq!((lag.committed_partitions, lag.uncommitted_partitions), (3, 1));
    }
}
