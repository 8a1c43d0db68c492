//! The consumer groups the specs name, with their lag: ListGroups on every broker finds which exist (and each
//! one's type), each group's coordinator describes it (DescribeGroups for classic groups, ConsumerGroupDescribe
//! for KIP-848 ones) and answers its committed offsets (OffsetFetch); one ListOffsets round reads the log end
//! offsets of every committed partition of every group.

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::client::AdminClient;
use crate::cluster::error::Result;
use crate::cluster::ops::groups::{GroupDescription, ListedGroup};
use crate::cluster::ops::join_all;
use crate::cluster::ops::offsets::OffsetSpec;
use crate::model::health::{GroupHealth, GroupSource, TopicLag};

const DEAD: &str = "Dead";

/// Which groups to report: these names (reported even when missing) and every existing group with one of these
/// prefixes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupSelection {
    pub literal: BTreeSet<String>,
    pub prefixes: BTreeSet<String>,
}

impl GroupSelection {
    pub fn is_empty(&self) -> bool {
        self.literal.is_empty() && self.prefixes.is_empty()
    }

    /// The groups of `listed` to report, by name, and how each was named; literal names first win.
    fn pick(&self, listed: &[ListedGroup]) -> BTreeMap<String, GroupSource> {
        let mut out: BTreeMap<String, GroupSource> =
            self.literal.iter().map(|n| (n.clone(), GroupSource::Literal)).collect();
        for g in listed {
            if out.contains_key(&g.id) {
                continue;
            }
            if let Some(prefix) = self.prefixes.iter().find(|p| g.id.starts_with(p.as_str())) {
                out.insert(g.id.clone(), GroupSource::Prefix(prefix.clone()));
            }
        }
        out
    }
}

/// What one existing group's coordinator said.
struct Described {
    description: GroupDescription,
    committed: BTreeMap<(String, i32), i64>,
}

/// One entry per selected group, sorted by name.
pub async fn observe_groups(client: &AdminClient, selection: &GroupSelection) -> Result<Vec<GroupHealth>> {
    if selection.is_empty() {
        return Ok(Vec::new());
    }
    let listed = client.list_groups().await?;
    let by_id: BTreeMap<&str, &ListedGroup> = listed.iter().map(|g| (g.id.as_str(), g)).collect();
    let picked = selection.pick(&listed);
    let existing: Vec<&ListedGroup> = picked
        .keys()
        .filter_map(|n| by_id.get(n.as_str()).copied())
        .filter(|g| g.state != DEAD)
        .collect();
    let described: Vec<Result<Option<Described>>> =
        join_all(existing.iter().map(|g| describe(client, g)).collect()).await;
    let mut found: BTreeMap<&str, Described> = BTreeMap::new();
    for (g, d) in existing.iter().zip(described) {
        if let Some(d) = d? {
            found.insert(g.id.as_str(), d);
        }
    }
    let ends = end_offsets(client, found.values().flat_map(|d| d.committed.keys())).await?;
    Ok(picked
        .into_iter()
        .map(|(name, source)| {
            let listed = by_id.get(name.as_str());
            match found.get(name.as_str()) {
                Some(d) if d.description.state != DEAD => GroupHealth {
                    exists: true,
                    state: d.description.state.clone(),
                    group_type: listed.map(|g| g.group_type.clone()).unwrap_or_default(),
                    protocol_type: d.description.protocol_type.clone(),
                    members: d.description.members,
                    lag: lag(&d.committed, &ends),
                    name,
                    source,
                },
                _ => GroupHealth {
                    exists: false,
                    state: DEAD.into(),
                    group_type: String::new(),
                    protocol_type: String::new(),
                    members: 0,
                    lag: Vec::new(),
                    name,
                    source,
                },
            }
        })
        .collect())
}

/// A group from its coordinator: classic and KIP-848 consumer groups with their committed offsets; `None` for
/// other kinds (share, streams), which this report does not cover.
async fn describe(client: &AdminClient, group: &ListedGroup) -> Result<Option<Described>> {
    let coordinator = client.group_coordinator(&group.id).await?;
    let description = match group.group_type.as_str() {
        "consumer" => client.consumer_group_describe(coordinator, &group.id).await?,
        "classic" | "" => client.describe_classic_group(coordinator, &group.id).await?,
        _ => return Ok(None),
    };
    let committed = client.committed_offsets(coordinator, &group.id).await?;
    Ok(Some(Described { description, committed }))
}

/// Log end offsets (latest) and partition counts of the committed partitions' topics, for those that still exist.
struct Ends {
    offsets: BTreeMap<(String, i32), i64>,
    partitions: BTreeMap<String, Vec<i32>>,
}

async fn end_offsets<'a>(client: &AdminClient, committed: impl Iterator<Item = &'a (String, i32)>) -> Result<Ends> {
    let topics: BTreeSet<String> = committed.map(|(t, _)| t.clone()).collect();
    if topics.is_empty() {
        return Ok(Ends {
            offsets: BTreeMap::new(),
            partitions: BTreeMap::new(),
        });
    }
    let topics: Vec<String> = topics.into_iter().collect();
    let listing = client.list_topics(Some(&topics)).await?;
    let partitions: BTreeMap<String, Vec<i32>> = listing
        .topics
        .iter()
        .map(|(name, t)| (name.clone(), t.partitions.iter().map(|p| p.partition).collect()))
        .collect();
    let all: Vec<(String, i32)> = partitions
        .iter()
        .flat_map(|(t, parts)| parts.iter().map(move |p| (t.clone(), *p)))
        .collect();
    let offsets = client.log_offsets(&all, OffsetSpec::Latest).await?;
    Ok(Ends { offsets, partitions })
}

/// Lag per topic that still exists: committed partitions against their end offsets; the others are uncommitted.
fn lag(committed: &BTreeMap<(String, i32), i64>, ends: &Ends) -> Vec<TopicLag> {
    let mut topics: BTreeMap<&str, Vec<(i32, i64, i64)>> = BTreeMap::new();
    for ((topic, partition), offset) in committed {
        if let Some(end) = ends.offsets.get(&(topic.clone(), *partition)) {
            topics.entry(topic).or_default().push((*partition, *offset, *end));
        }
    }
    topics
        .into_iter()
        .map(|(topic, offsets)| {
            let all = ends.partitions.get(topic).map_or(0, Vec::len);
            TopicLag::from_offsets(topic, &offsets, all.saturating_sub(offsets.len()))
        })
        .collect()
}
