//! `apply --cancel-reassignments`: cancel the moves in flight of the declared topics (their replicas go back to
//! what they were), then remove the throttles topicctl recorded for them.

use std::collections::{BTreeMap, BTreeSet};

use crate::apply::reassign::record;
use crate::cluster::client::AdminClient;

/// What was cancelled, per topic: partitions.
pub struct Cancelled {
    pub partitions: BTreeMap<String, Vec<i32>>,
    pub failures: Vec<String>,
}

pub async fn cancel(client: &AdminClient, environment: &str, declared: &BTreeSet<String>) -> miette::Result<Cancelled> {
    let running = client.list_partition_reassignments(None).await?;
    let ours: Vec<(String, i32)> = running
        .into_iter()
        .filter(|r| declared.contains(&r.topic))
        .map(|r| (r.topic, r.partition))
        .collect();
    let mut out = Cancelled {
        partitions: BTreeMap::new(),
        failures: Vec::new(),
    };
    if !ours.is_empty() {
        let request = ours.iter().map(|k| (k.clone(), None)).collect();
        for ((topic, partition), result) in client.alter_partition_reassignments(&request).await? {
            match result {
                Ok(()) => out.partitions.entry(topic).or_default().push(partition),
                Err(e) => out.failures.push(format!("partition {topic}-{partition}: {e}")),
            }
        }
    }
    let recorded = record::read(environment)?;
    let topics: BTreeSet<String> = recorded
        .topics
        .keys()
        .filter(|t| declared.contains(*t))
        .cloned()
        .collect();
    let ours = recorded.only(&topics, true);
    if !ours.is_empty()
        && let Err(e) = super::release(client, environment, &ours, &topics).await
    {
        out.failures.push(format!("removing the throttles: {e}"));
    }
    Ok(out)
}
