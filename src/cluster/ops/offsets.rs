//! The first and last offsets of partitions, from their leaders (ListOffsets).

use std::collections::BTreeMap;

use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{BrokerId, ListOffsetsRequest, ListOffsetsResponse, TopicName};
use kafka_protocol::protocol::Request;

use crate::cluster::client::{AdminClient, Target};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{by_topic, join_all, outcome, str_bytes};

const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const LEADER_NOT_AVAILABLE: i16 = 5;

/// Which offset of a partition to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetSpec {
    /// The log start offset: the first record still kept.
    Earliest,
    /// The high watermark: one past the last record committed to every in-sync replica (what consumers see).
    Latest,
}

impl OffsetSpec {
    /// ListOffsets' special timestamps.
    fn timestamp(self) -> i64 {
        match self {
            OffsetSpec::Earliest => -2,
            OffsetSpec::Latest => -1,
        }
    }
}

/// Per partition: its offset, or why it could not be read this time.
type Answers = BTreeMap<(String, i32), Result<i64, KafkaError>>;

impl AdminClient {
    /// The earliest or latest offset of each partition, as a consumer sees it (read uncommitted). One Metadata
    /// for the partitions' topics finds their leaders; then one ListOffsets per leader, concurrently. Partitions
    /// that fail (`NOT_LEADER_OR_FOLLOWER` after a leader change, no leader, unknown topic or partition) are
    /// tried once more after refreshing the metadata; a partition that fails again fails the call with its
    /// error. No partitions: no request.
    pub async fn log_offsets(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> Result<BTreeMap<(String, i32), i64>> {
        let mut out = BTreeMap::new();
        let mut pending: Vec<(String, i32)> = partitions.to_vec();
        pending.sort();
        pending.dedup();
        let mut retried = false;
        while !pending.is_empty() {
            let mut failed = Vec::new();
            for (partition, answer) in self.log_offsets_once(&pending, spec).await? {
                match answer {
                    Ok(offset) => {
                        out.insert(partition, offset);
                    }
                    Err(err) if retried => return Err(err.into()),
                    Err(_) => failed.push(partition),
                }
            }
            if !failed.is_empty() {
                tokio::time::sleep(self.config().retry_backoff).await;
            }
            pending = failed;
            retried = true;
        }
        Ok(out)
    }

    /// One round: fresh leaders, then one ListOffsets per leader. Every partition of `partitions` is answered.
    async fn log_offsets_once(&self, partitions: &[(String, i32)], spec: OffsetSpec) -> Result<Answers> {
        let topics: Vec<String> = by_topic(partitions).keys().map(|t| t.to_string()).collect();
        let listing = self.list_topics(Some(&topics)).await?;
        let mut answers = Answers::new();
        let mut by_leader: BTreeMap<i32, Vec<(String, i32)>> = BTreeMap::new();
        for (topic, partition) in partitions {
            let label = format!("partition {topic}-{partition}");
            let leader = match (listing.errors.get(topic), listing.topics.get(topic)) {
                (Some(err), _) => Err(KafkaError::new("ListOffsets", err.code, err.message.clone())),
                (None, Some(t)) => match t.partitions.iter().find(|p| p.partition == *partition) {
                    Some(p) => p
                        .leader
                        .ok_or_else(|| KafkaError::new("ListOffsets", LEADER_NOT_AVAILABLE, None)),
                    None => Err(KafkaError::new("ListOffsets", UNKNOWN_TOPIC_OR_PARTITION, None)),
                },
                (None, None) => Err(KafkaError::new("ListOffsets", UNKNOWN_TOPIC_OR_PARTITION, None)),
            };
            match leader {
                Ok(leader) => by_leader.entry(leader).or_default().push((topic.clone(), *partition)),
                Err(err) => {
                    answers.insert((topic.clone(), *partition), Err(err.for_resource(label)));
                }
            }
        }
        let timeout_ms = crate::cluster::ops::timeout_ms(self);
        let requests: Vec<(i32, ListOffsetsRequest)> = by_leader
            .iter()
            .map(|(leader, parts)| {
                let request = ListOffsetsRequest::default()
                    // -1: a consumer, not a follower, so the latest offset is the high watermark.
                    .with_replica_id(BrokerId(-1))
                    .with_isolation_level(0)
                    .with_timeout_ms(timeout_ms)
                    .with_topics(
                        by_topic(parts)
                            .into_iter()
                            .map(|(t, indexes)| {
                                ListOffsetsTopic::default()
                                    .with_name(TopicName(str_bytes(t)))
                                    .with_partitions(
                                        indexes
                                            .into_iter()
                                            .map(|i| {
                                                ListOffsetsPartition::default()
                                                    .with_partition_index(i)
                                                    .with_timestamp(spec.timestamp())
                                            })
                                            .collect(),
                                    )
                            })
                            .collect(),
                    );
                (*leader, request)
            })
            .collect();
        let calls = requests
            .iter()
            .map(|(leader, request)| {
                self.count_resources(ListOffsetsRequest::KEY, by_leader[leader].len());
                self.call(Target::Broker(*leader), request, |_| Ok(()))
            })
            .collect();
        for response in join_all(calls).await {
            read_offsets(response?, &mut answers);
        }
        for partition in partitions {
            answers.entry(partition.clone()).or_insert_with(|| {
                Err(
                    KafkaError::new("ListOffsets", -1, Some("the leader did not answer for it".into()))
                        .for_resource(format!("partition {}-{}", partition.0, partition.1)),
                )
            });
        }
        Ok(answers)
    }
}

fn read_offsets(response: ListOffsetsResponse, answers: &mut Answers) {
    for topic in response.topics {
        let name = topic.name.0.to_string();
        for p in topic.partitions {
            let label = format!("partition {name}-{}", p.partition_index);
            let answer = outcome("ListOffsets", &label, p.error_code, &None).map(|()| p.offset);
            answers.insert((name.clone(), p.partition_index), answer);
        }
    }
}
