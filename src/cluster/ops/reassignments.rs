//! Partition reassignments: start or cancel, and list those in progress.

use std::collections::BTreeMap;

use kafka_protocol::messages::alter_partition_reassignments_request::{ReassignablePartition, ReassignableTopic};
use kafka_protocol::messages::list_partition_reassignments_request::ListPartitionReassignmentsTopics;
use kafka_protocol::messages::{
    AlterPartitionReassignmentsRequest, BrokerId, ListPartitionReassignmentsRequest, TopicName,
};

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{outcome, str_bytes, timeout_ms};
use crate::model::reassignment::Reassignment;

/// Per (topic, partition): the new replica list, or `None` to cancel a reassignment in progress.
pub type ReassignmentRequest = BTreeMap<(String, i32), Option<Vec<i32>>>;

impl AdminClient {
    pub async fn alter_partition_reassignments(
        &self,
        changes: &ReassignmentRequest,
    ) -> Result<BTreeMap<(String, i32), Result<(), KafkaError>>> {
        let mut by_topic: BTreeMap<&str, Vec<ReassignablePartition>> = BTreeMap::new();
        for ((topic, partition), replicas) in changes {
            by_topic.entry(topic).or_default().push(
                ReassignablePartition::default()
                    .with_partition_index(*partition)
                    .with_replicas(replicas.as_ref().map(|r| r.iter().copied().map(BrokerId).collect())),
            );
        }
        let request = AlterPartitionReassignmentsRequest::default()
            .with_timeout_ms(timeout_ms(self))
            .with_topics(
                by_topic
                    .into_iter()
                    .map(|(t, p)| {
                        ReassignableTopic::default()
                            .with_name(TopicName(str_bytes(t)))
                            .with_partitions(p)
                    })
                    .collect(),
            );
        let response = self
            .call(Target::Controller, &request, |r| {
                check_response::<AlterPartitionReassignmentsRequest>(r.error_code, &r.error_message)
            })
            .await?;
        let mut out = BTreeMap::new();
        for topic in &response.responses {
            for p in &topic.partitions {
                let name = topic.name.0.to_string();
                let label = format!("partition {name}-{}", p.partition_index);
                out.insert(
                    (name, p.partition_index),
                    outcome("AlterPartitionReassignments", &label, p.error_code, &p.error_message),
                );
            }
        }
        Ok(out)
    }

    /// Reassignments in progress, for all topics (`None`) or the given partitions; sorted.
    pub async fn list_partition_reassignments(
        &self,
        partitions: Option<&[(String, i32)]>,
    ) -> Result<Vec<Reassignment>> {
        let topics = partitions.map(|parts| {
            let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
            for (t, p) in parts {
                by_topic.entry(t).or_default().push(*p);
            }
            by_topic
                .into_iter()
                .map(|(t, p)| {
                    ListPartitionReassignmentsTopics::default()
                        .with_name(TopicName(str_bytes(t)))
                        .with_partition_indexes(p)
                })
                .collect()
        });
        let request = ListPartitionReassignmentsRequest::default()
            .with_timeout_ms(timeout_ms(self))
            .with_topics(topics);
        let response = self
            .call(Target::Controller, &request, |r| {
                check_response::<ListPartitionReassignmentsRequest>(r.error_code, &r.error_message)
            })
            .await?;
        let ids = |v: &[BrokerId]| v.iter().map(|b| b.0).collect::<Vec<i32>>();
        let mut out: Vec<Reassignment> = response
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions.iter().map(|p| Reassignment {
                    topic: t.name.0.to_string(),
                    partition: p.partition_index,
                    replicas: ids(&p.replicas),
                    adding: ids(&p.adding_replicas),
                    removing: ids(&p.removing_replicas),
                })
            })
            .collect();
        out.sort();
        Ok(out)
    }
}
