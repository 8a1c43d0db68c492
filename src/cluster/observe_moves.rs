//! What a plan that moves replicas needs beyond the listing, read only when something moves (plans without moves
//! stay as fast as before): reassignments in flight, replica sizes (DescribeLogDirs, each broker for its own
//! logs), write rates (log end offsets sampled twice), and the brokers' `min.insync.replicas`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::cluster::client::AdminClient;
use crate::cluster::error::{ClusterError, Result};
use crate::cluster::ops::configs::ConfigResource;
use crate::cluster::ops::offsets::OffsetSpec;
use crate::model::reassignment::Reassignment;

/// Reassignments in flight of the given partitions, per topic: one request naming them, so its cost follows the
/// specs, not the cluster. A principal without DESCRIBE on the cluster cannot see them: then nothing is known to be
/// in flight (a plan that moves replicas needs ALTER on the cluster anyway, and its apply says so), so plans keep
/// working for it.
pub async fn in_flight(
    client: &AdminClient,
    partitions: &[(String, i32)],
) -> Result<BTreeMap<String, Vec<Reassignment>>> {
    if partitions.is_empty() {
        return Ok(BTreeMap::new());
    }
    let running = match client.list_partition_reassignments(Some(partitions)).await {
        Err(ClusterError::Kafka(e)) if e.name() == "CLUSTER_AUTHORIZATION_FAILED" => return Ok(BTreeMap::new()),
        other => other?,
    };
    let mut out: BTreeMap<String, Vec<Reassignment>> = BTreeMap::new();
    for r in running {
        out.entry(r.topic.clone()).or_default().push(r);
    }
    Ok(out)
}

/// Sizes and write rates of the partitions of `topics`.
pub struct Sampled {
    pub sizes: BTreeMap<(String, i32), BTreeMap<i32, u64>>,
    /// Bytes per second: (end offset growth ÷ time) × average record size (partition size ÷ records held).
    pub write_rates: BTreeMap<(String, i32), f64>,
}

/// Replica sizes of `partitions`' topics, and their write rates from log end offsets read `sample` apart.
pub async fn sizes_and_rates(client: &AdminClient, partitions: &[(String, i32)], sample: Duration) -> Result<Sampled> {
    if partitions.is_empty() {
        return Ok(Sampled {
            sizes: BTreeMap::new(),
            write_rates: BTreeMap::new(),
        });
    }
    let started = Instant::now();
    let (first, earliest, sizes) = tokio::join!(
        client.log_offsets(partitions, OffsetSpec::Latest),
        client.log_offsets(partitions, OffsetSpec::Earliest),
        client.replica_sizes(partitions),
    );
    let (first, earliest, sizes) = (first?, earliest?, sizes?);
    tokio::time::sleep(sample.saturating_sub(started.elapsed())).await;
    let second = client.log_offsets(partitions, OffsetSpec::Latest).await?;
    let seconds = started.elapsed().as_secs_f64().max(0.001);
    let sizes: BTreeMap<(String, i32), BTreeMap<i32, u64>> = sizes.into_iter().collect();
    let mut write_rates = BTreeMap::new();
    for key in partitions {
        let (Some(a), Some(b), Some(start)) = (first.get(key), second.get(key), earliest.get(key)) else {
            continue;
        };
        let held = (*a - *start).max(0) as f64;
        let size = sizes.get(key).and_then(|s| s.values().max()).copied().unwrap_or(0) as f64;
        let per_record = if held > 0.0 { size / held } else { 0.0 };
        write_rates.insert(key.clone(), (*b - *a).max(0) as f64 / seconds * per_record);
    }
    Ok(Sampled { sizes, write_rates })
}

/// The cluster's `min.insync.replicas` as broker `id` has it (its dynamic, static or default value).
pub async fn broker_min_insync(client: &AdminClient, id: i32) -> Result<Option<i32>> {
    let configs = client
        .describe_configs(ConfigResource::Broker, &[id.to_string()])
        .await?;
    Ok(configs
        .get(&id.to_string())
        .and_then(|c| c.as_ref().ok())
        .and_then(|c| c.get("min.insync.replicas"))
        .and_then(|e| e.value.as_deref())
        .and_then(|v| v.parse().ok()))
}
