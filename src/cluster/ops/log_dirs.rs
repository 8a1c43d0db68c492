//! Replica sizes on disk, from every broker's own log directories (DescribeLogDirs).

use std::collections::BTreeMap;

use kafka_protocol::messages::describe_log_dirs_request::DescribableLogDirTopic;
use kafka_protocol::messages::{DescribeLogDirsRequest, DescribeLogDirsResponse, TopicName};
use kafka_protocol::protocol::Request;

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{by_topic, join_all, str_bytes};

/// Per (topic, partition), per broker id: the size in bytes of that broker's replica of the partition.
pub type ReplicaSizes = BTreeMap<(String, i32), BTreeMap<i32, u64>>;

impl AdminClient {
    /// The size of every replica of these partitions, asking every live broker (as DescribeCluster reports them
    /// now) concurrently, each about its own logs: one DescribeLogDirs per broker, naming exactly these
    /// partitions (the request takes partition indexes, not whole topics).
    ///
    /// - A partition the cluster does not have (unknown topic or partition index) is absent from the result; so
    ///   is a broker that holds no replica of a partition. A replica with no data reports 0.
    /// - Future replicas (`is_future_key`: the copy being built while a replica moves between log directories of
    ///   the same broker, AlterReplicaLogDirs) are left out: the size is the current replica's.
    /// - A broker that does not answer (after the client's retries), a top-level error, or a log directory that
    ///   reports an error (e.g. `KAFKA_STORAGE_ERROR`, an offline directory whose replicas cannot be sized) fails
    ///   the whole call: a missing broker is never read as a broker without replicas. A broker the cluster does
    ///   not report live (shut down, fenced) is not asked, so its replicas are absent: compare with the replica
    ///   lists when that matters.
    /// - No partitions: no request.
    pub async fn replica_sizes(&self, partitions: &[(String, i32)]) -> Result<ReplicaSizes> {
        if partitions.is_empty() {
            return Ok(ReplicaSizes::new());
        }
        let by_topic = by_topic(partitions);
        let request = DescribeLogDirsRequest::default().with_topics(Some(
            by_topic
                .iter()
                .map(|(topic, indexes)| {
                    DescribableLogDirTopic::default()
                        .with_topic(TopicName(str_bytes(topic)))
                        .with_partitions(indexes.clone())
                })
                .collect(),
        ));
        let brokers: Vec<i32> = self.describe_cluster().await?.brokers.iter().map(|b| b.id).collect();
        let calls = brokers
            .iter()
            .map(|id| {
                self.count_resources(DescribeLogDirsRequest::KEY, partitions.len());
                self.call(Target::Broker(*id), &request, |r| {
                    check_response::<DescribeLogDirsRequest>(r.error_code, &None)
                })
            })
            .collect();
        let mut sizes = ReplicaSizes::new();
        for (id, response) in brokers.iter().zip(join_all(calls).await) {
            read_sizes(*id, response?, &mut sizes)?;
        }
        Ok(sizes)
    }
}

/// Add one broker's replicas to `sizes`; an error in one of its log directories is an error.
fn read_sizes(broker: i32, response: DescribeLogDirsResponse, sizes: &mut ReplicaSizes) -> Result<()> {
    for dir in response.results {
        if dir.error_code != 0 {
            let resource = format!("log directory {} of broker {broker}", dir.log_dir);
            return Err(KafkaError::new("DescribeLogDirs", dir.error_code, None)
                .for_resource(resource)
                .into());
        }
        for topic in dir.topics {
            let name = topic.name.0.to_string();
            for p in topic.partitions.iter().filter(|p| !p.is_future_key) {
                let size = u64::try_from(p.partition_size).unwrap_or(0);
                *sizes
                    .entry((name.clone(), p.partition_index))
                    .or_default()
                    .entry(broker)
                    .or_default() += size;
            }
        }
    }
    Ok(())
}
