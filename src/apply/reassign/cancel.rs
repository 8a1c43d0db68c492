//! `apply --cancel-reassignments`: cancel the moves in flight of the declared topics (their replicas go back to
//! what they were), then remove the throttles topicctl recorded for them.

use std::collections::{BTreeMap, BTreeSet};

use crate::apply::reassign::{record, throttles};
use crate::cluster::client::AdminClient;
use crate::model::layout::ThrottleRecord;

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
    // Broker rates are shared with every other throttled move on the cluster: they stay while anything moves.
    let still_moving = !super::nothing_moving(client).await;
    let ours = ThrottleRecord {
        topics: recorded
            .topics
            .iter()
            .filter(|(t, _)| topics.contains(*t))
            .map(|(t, e)| (t.clone(), e.clone()))
            .collect(),
        brokers: if still_moving {
            Default::default()
        } else {
            recorded.brokers.clone()
        },
    };
    if !ours.is_empty() {
        match throttles::remove(client, &ours).await {
            Ok(()) => record::write(environment, &throttles::without(&recorded, &topics, &ours.brokers))?,
            Err(e) => out.failures.push(format!("removing the throttles: {e}")),
        }
    }
    Ok(out)
}
