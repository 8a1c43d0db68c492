//! Preferred leader election: make each partition's first replica its leader again.

use std::collections::BTreeMap;

use kafka_protocol::messages::elect_leaders_request::TopicPartitions;
use kafka_protocol::messages::{ElectLeadersRequest, TopicName};

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{by_topic, outcome, str_bytes, timeout_ms};

/// ElectLeaders' election type for the preferred replica (the first of the replica list).
const PREFERRED: i8 = 0;
/// The partition's leader already is its preferred replica.
const ELECTION_NOT_NEEDED: i16 = 84;

impl AdminClient {
    /// Elect the preferred replica (the first in the replica list) leader of each partition, in one ElectLeaders
    /// request to the controller. Per partition: `Ok` when it is elected or already was leader
    /// (`ELECTION_NOT_NEEDED`), else the broker's error (e.g. `PREFERRED_LEADER_NOT_AVAILABLE` when that replica is
    /// not in sync, `UNKNOWN_TOPIC_OR_PARTITION`). No partitions: no request (an empty list on the wire would mean
    /// every partition of the cluster).
    pub async fn elect_preferred_leaders(
        &self,
        partitions: &[(String, i32)],
    ) -> Result<BTreeMap<(String, i32), Result<(), KafkaError>>> {
        if partitions.is_empty() {
            return Ok(BTreeMap::new());
        }
        let by_topic = by_topic(partitions);
        let request = ElectLeadersRequest::default()
            .with_election_type(PREFERRED)
            .with_timeout_ms(timeout_ms(self))
            .with_topic_partitions(Some(
                by_topic
                    .iter()
                    .map(|(t, p)| {
                        TopicPartitions::default()
                            .with_topic(TopicName(str_bytes(t)))
                            .with_partitions(p.clone())
                    })
                    .collect(),
            ));
        let response = self
            .call(Target::Controller, &request, |r| {
                check_response::<ElectLeadersRequest>(r.error_code, &None)
            })
            .await?;
        let mut out = BTreeMap::new();
        for topic in &response.replica_election_results {
            let name = topic.topic.0.to_string();
            for p in &topic.partition_result {
                let label = format!("partition {name}-{}", p.partition_id);
                let code = if p.error_code == ELECTION_NOT_NEEDED {
                    0
                } else {
                    p.error_code
                };
                out.insert(
                    (name.clone(), p.partition_id),
                    outcome("ElectLeaders", &label, code, &p.error_message),
                );
            }
        }
        // Kafka answers every partition asked about; one it left out is not silently a success.
        for (topic, partition) in partitions {
            out.entry((topic.clone(), *partition)).or_insert_with(|| {
                Err(
                    KafkaError::new("ElectLeaders", -1, Some("the controller did not answer for it".into()))
                        .for_resource(format!("partition {topic}-{partition}")),
                )
            });
        }
        Ok(out)
    }
}
