//! Topics: list with partitions, replicas, ISR and leaders; create; add partitions; delete.

use std::collections::BTreeMap;

use kafka_protocol::messages::create_partitions_request::{CreatePartitionsAssignment, CreatePartitionsTopic};
use kafka_protocol::messages::create_topics_request::{
    CreatableReplicaAssignment, CreatableTopic, CreatableTopicConfig,
};
use kafka_protocol::messages::delete_topics_request::DeleteTopicState;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{
    BrokerId, CreatePartitionsRequest, CreateTopicsRequest, DeleteTopicsRequest, MetadataRequest, TopicName,
};

use crate::cluster::client::{AdminClient, Target};
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::ops::{PerResource, outcome, str_bytes, timeout_ms};
use crate::model::broker::Broker;
use crate::model::topic::TopicId;
use crate::model::topic_description::{PartitionInfo, TopicDescription};

const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;

/// Topics found, and the ones asked for that could not be described (e.g. `UNKNOWN_TOPIC_OR_PARTITION`).
#[derive(Debug, Default)]
pub struct TopicListing {
    /// The live brokers the answer names, with their racks, sorted by id.
    pub brokers: Vec<Broker>,
    pub topics: BTreeMap<String, TopicDescription>,
    pub errors: BTreeMap<String, KafkaError>,
}

/// A topic to create. `None` partitions / replication factor use the broker's defaults; an explicit
/// `assignment` (replicas per partition, in partition order) replaces both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTopic {
    pub name: String,
    pub partitions: Option<i32>,
    pub replication_factor: Option<i16>,
    pub assignment: Option<Vec<Vec<i32>>>,
    pub configs: BTreeMap<String, String>,
}

/// A topic to delete: by its id when known and the broker takes ids (DeleteTopics v6+), so a topic re-created
/// under the same name since the id was read is never deleted; else by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicToDelete {
    pub name: String,
    pub id: Option<TopicId>,
}

/// Grow a topic to `total` partitions, optionally placing the new ones (one replica list per new partition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartitions {
    pub topic: String,
    pub total: i32,
    pub assignment: Option<Vec<Vec<i32>>>,
}

fn brokers(ids: &[i32]) -> Vec<BrokerId> {
    ids.iter().copied().map(BrokerId).collect()
}

impl AdminClient {
    /// All topics (`None`) or the named ones, in one Metadata request.
    pub async fn list_topics(&self, names: Option<&[String]>) -> Result<TopicListing> {
        let topics = names.map(|names| {
            names
                .iter()
                .map(|n| MetadataRequestTopic::default().with_name(Some(TopicName(str_bytes(n)))))
                .collect()
        });
        let request = MetadataRequest::default()
            .with_topics(topics)
            .with_allow_auto_topic_creation(false);
        let response = self
            .call(Target::Any, &request, |r| {
                // A partition without a leader right after creation or a broker failure is worth a retry.
                match r
                    .topics
                    .iter()
                    .find(|t| t.error_code != 0 && t.error_code != UNKNOWN_TOPIC_OR_PARTITION)
                {
                    Some(t) if KafkaError::new("Metadata", t.error_code, None).is_retriable() => {
                        Err(ClusterError::Kafka(KafkaError::new("Metadata", t.error_code, None)))
                    }
                    _ => Ok(()),
                }
            })
            .await?;
        let mut brokers: Vec<Broker> = response
            .brokers
            .iter()
            .map(|b| Broker {
                id: b.node_id.0,
                host: b.host.to_string(),
                port: b.port,
                rack: b.rack.as_ref().map(|r| r.to_string()),
            })
            .collect();
        brokers.sort();
        let mut listing = TopicListing {
            brokers,
            ..TopicListing::default()
        };
        for t in response.topics {
            let name = t.name.map(|n| n.0.to_string()).unwrap_or_default();
            if t.error_code != 0 {
                listing.errors.insert(
                    name.clone(),
                    KafkaError::new("Metadata", t.error_code, None).for_resource(format!("topic {name}")),
                );
                continue;
            }
            let mut partitions: Vec<PartitionInfo> = t
                .partitions
                .iter()
                .map(|p| PartitionInfo {
                    partition: p.partition_index,
                    leader: (p.leader_id.0 >= 0).then_some(p.leader_id.0),
                    replicas: p.replica_nodes.iter().map(|b| b.0).collect(),
                    isr: p.isr_nodes.iter().map(|b| b.0).collect(),
                    offline: p.offline_replicas.iter().map(|b| b.0).collect(),
                })
                .collect();
            partitions.sort_by_key(|p| p.partition);
            listing.topics.insert(
                name.clone(),
                TopicDescription {
                    name,
                    topic_id: (!t.topic_id.is_nil()).then(|| TopicId(t.topic_id.to_string())),
                    internal: t.is_internal,
                    partitions,
                },
            );
        }
        Ok(listing)
    }

    /// Wait until every named topic is known to the broker we ask and each of its partitions has a leader:
    /// creation is committed by the controller first and reaches the brokers' metadata a little later.
    pub async fn wait_for_topics(&self, names: &[String], timeout: std::time::Duration) -> Result<TopicListing> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let listing = self.list_topics(Some(names)).await?;
            let ready = names.iter().all(|n| {
                listing
                    .topics
                    .get(n)
                    .is_some_and(|t| !t.partitions.is_empty() && t.partitions.iter().all(|p| p.leader.is_some()))
            });
            if ready {
                return Ok(listing);
            }
            if tokio::time::Instant::now() >= deadline {
                let missing: Vec<&str> = names
                    .iter()
                    .filter(|n| !listing.topics.contains_key(*n))
                    .map(String::as_str)
                    .collect();
                return Err(ClusterError::Timeout {
                    addr: "the cluster".into(),
                    what: format!("metadata for new topics ({} not visible yet)", missing.join(", ")),
                    timeout,
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Create topics in one request. With `validate_only` the broker checks everything and creates nothing.
    pub async fn create_topics(&self, topics: &[NewTopic], validate_only: bool) -> Result<PerResource> {
        let request = CreateTopicsRequest::default()
            .with_topics(
                topics
                    .iter()
                    .map(|t| {
                        let assignments: Vec<CreatableReplicaAssignment> = t
                            .assignment
                            .iter()
                            .flatten()
                            .enumerate()
                            .map(|(i, replicas)| {
                                CreatableReplicaAssignment::default()
                                    .with_partition_index(i as i32)
                                    .with_broker_ids(brokers(replicas))
                            })
                            .collect();
                        let explicit = !assignments.is_empty();
                        CreatableTopic::default()
                            .with_name(TopicName(str_bytes(&t.name)))
                            .with_num_partitions(if explicit { -1 } else { t.partitions.unwrap_or(-1) })
                            .with_replication_factor(if explicit {
                                -1
                            } else {
                                t.replication_factor.unwrap_or(-1)
                            })
                            .with_assignments(assignments)
                            .with_configs(
                                t.configs
                                    .iter()
                                    .map(|(k, v)| {
                                        CreatableTopicConfig::default()
                                            .with_name(str_bytes(k))
                                            .with_value(Some(str_bytes(v)))
                                    })
                                    .collect(),
                            )
                    })
                    .collect(),
            )
            .with_timeout_ms(timeout_ms(self))
            .with_validate_only(validate_only);
        let response = self.call(Target::Controller, &request, |_| Ok(())).await?;
        Ok(response
            .topics
            .iter()
            .map(|t| {
                let name = t.name.0.to_string();
                let result = outcome("CreateTopics", &format!("topic {name}"), t.error_code, &t.error_message);
                (name, result)
            })
            .collect())
    }

    /// Add partitions to topics in one request.
    pub async fn create_partitions(&self, changes: &[NewPartitions], validate_only: bool) -> Result<PerResource> {
        let request = CreatePartitionsRequest::default()
            .with_topics(
                changes
                    .iter()
                    .map(|c| {
                        CreatePartitionsTopic::default()
                            .with_name(TopicName(str_bytes(&c.topic)))
                            .with_count(c.total)
                            .with_assignments(c.assignment.as_ref().map(|a| {
                                a.iter()
                                    .map(|r| CreatePartitionsAssignment::default().with_broker_ids(brokers(r)))
                                    .collect()
                            }))
                    })
                    .collect(),
            )
            .with_timeout_ms(timeout_ms(self))
            .with_validate_only(validate_only);
        let response = self.call(Target::Controller, &request, |_| Ok(())).await?;
        Ok(response
            .results
            .iter()
            .map(|r| {
                let name = r.name.0.to_string();
                (
                    name.clone(),
                    outcome(
                        "CreatePartitions",
                        &format!("topic {name}"),
                        r.error_code,
                        &r.error_message,
                    ),
                )
            })
            .collect())
    }

    /// Delete topics by name in one request.
    pub async fn delete_topics(&self, names: &[String]) -> Result<PerResource> {
        let topics: Vec<TopicToDelete> = names
            .iter()
            .map(|n| TopicToDelete {
                name: n.clone(),
                id: None,
            })
            .collect();
        self.delete_topics_exact(&topics).await
    }

    /// Delete topics in one request, each by its id where it has one and the controller speaks DeleteTopics v6+
    /// (older brokers: by name). Answers by the topic's name; an id that no longer exists answers
    /// `UNKNOWN_TOPIC_ID` and deletes nothing.
    pub async fn delete_topics_exact(&self, topics: &[TopicToDelete]) -> Result<PerResource> {
        let mut ids = Vec::with_capacity(topics.len());
        for t in topics {
            ids.push(match &t.id {
                Some(id) => Some(id.0.parse().map_err(|e| ClusterError::Kafka(bad_id(&t.name, id, e)))?),
                None => None,
            });
        }
        // Version 6 names topics in `topics` (by name or by id, never both), older versions in `topic_names`.
        let build = |version: i16| {
            let request = DeleteTopicsRequest::default().with_timeout_ms(timeout_ms(self));
            if version >= 6 {
                request.with_topics(
                    topics
                        .iter()
                        .zip(&ids)
                        .map(|(t, id)| match id {
                            Some(id) => DeleteTopicState::default().with_topic_id(*id),
                            None => DeleteTopicState::default().with_name(Some(TopicName(str_bytes(&t.name)))),
                        })
                        .collect(),
                )
            } else {
                request.with_topic_names(topics.iter().map(|t| TopicName(str_bytes(&t.name))).collect())
            }
        };
        let response = self
            .call_versioned::<DeleteTopicsRequest, _>(Target::Controller, build, |_| Ok(()))
            .await?;
        Ok(response
            .responses
            .iter()
            .map(|r| {
                // An answer by id may carry no name (the id is unknown): find the request's topic by its id.
                let by_id = (!r.topic_id.is_nil())
                    .then(|| ids.iter().position(|id| id.as_ref() == Some(&r.topic_id)))
                    .flatten();
                let name = match by_id {
                    Some(i) => topics[i].name.clone(),
                    None => r.name.as_ref().map(|n| n.0.to_string()).unwrap_or_default(),
                };
                let result = outcome("DeleteTopics", &format!("topic {name}"), r.error_code, &r.error_message);
                (name, result)
            })
            .collect())
    }
}

/// A topic id that is not a UUID (it was read from the broker, so this is not expected).
fn bad_id(name: &str, id: &TopicId, e: impl std::fmt::Display) -> KafkaError {
    KafkaError::new("DeleteTopics", -1, Some(format!("topic id {id} is not a UUID: {e}")))
        .for_resource(format!("topic {name}"))
}
