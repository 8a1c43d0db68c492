//! Consumer groups: list them (every broker lists the groups it coordinates), find a group's coordinator, describe
//! classic groups (DescribeGroups) and KIP-848 consumer groups (ConsumerGroupDescribe), and read committed offsets
//! (OffsetFetch).

use std::collections::BTreeMap;

use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestGroup;
use kafka_protocol::messages::{
    ConsumerGroupDescribeRequest, DescribeGroupsRequest, FindCoordinatorRequest, GroupId, ListGroupsRequest,
    OffsetFetchRequest,
};
use kafka_protocol::protocol::StrBytes;

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::ops::{join_all, outcome, str_bytes};

/// FindCoordinator's key type for consumer groups.
const GROUP_KEY: i8 = 0;
/// OffsetFetch's offset for a partition the group never committed.
const NO_COMMIT: i64 = -1;

/// One group as ListGroups reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedGroup {
    pub id: String,
    /// `consumer` for consumer clients of either protocol, `connect`, or empty.
    pub protocol_type: String,
    pub state: String,
    /// `classic`, `consumer` (KIP-848), `share` or `streams`; empty before ListGroups v5.
    pub group_type: String,
}

/// One group as its coordinator describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDescription {
    pub state: String,
    pub protocol_type: String,
    pub members: usize,
}

/// A group-level error as a `call` check: retriable ones (coordinator loading, moving) are retried.
fn retriable(api: &'static str, code: i16) -> Result<()> {
    let err = KafkaError::new(api, code, None);
    if code != 0 && err.is_retriable() {
        Err(ClusterError::Kafka(err))
    } else {
        Ok(())
    }
}

/// A group's error code as `ops::outcome` words it, as this client's error.
fn checked(api: &'static str, group: &str, code: i16, message: &Option<StrBytes>) -> Result<()> {
    outcome(api, &format!("group {group}"), code, message).map_err(ClusterError::Kafka)
}

impl AdminClient {
    /// Every group of the cluster: one ListGroups per broker, concurrently, sorted by id.
    pub async fn list_groups(&self) -> Result<Vec<ListedGroup>> {
        let brokers = self.broker_ids().await;
        let request = ListGroupsRequest::default();
        let calls = brokers
            .iter()
            .map(|id| {
                self.call(Target::Broker(*id), &request, |r| {
                    check_response::<ListGroupsRequest>(r.error_code, &None)
                })
            })
            .collect();
        let mut out: BTreeMap<String, ListedGroup> = BTreeMap::new();
        for response in join_all(calls).await {
            for g in response?.groups {
                let id = g.group_id.0.to_string();
                out.insert(
                    id.clone(),
                    ListedGroup {
                        id,
                        protocol_type: g.protocol_type.to_string(),
                        state: g.group_state.to_string(),
                        group_type: g.group_type.to_string(),
                    },
                );
            }
        }
        Ok(out.into_values().collect())
    }

    /// The broker that coordinates `group`.
    pub async fn group_coordinator(&self, group: &str) -> Result<i32> {
        let response = self
            .call_versioned::<FindCoordinatorRequest, _>(
                Target::Any,
                |version| {
                    let request = FindCoordinatorRequest::default().with_key_type(GROUP_KEY);
                    if version >= 4 {
                        request.with_coordinator_keys(vec![str_bytes(group)])
                    } else {
                        request.with_key(str_bytes(group))
                    }
                },
                |r| {
                    let code = r.coordinators.first().map_or(r.error_code, |c| c.error_code);
                    retriable("FindCoordinator", code)
                },
            )
            .await?;
        let (code, message, node) = match response.coordinators.first() {
            Some(c) => (c.error_code, &c.error_message, c.node_id.0),
            None => (response.error_code, &response.error_message, response.node_id.0),
        };
        checked("FindCoordinator", group, code, message)?;
        Ok(node)
    }

    /// A classic group, from its coordinator (a group that does not exist is `Dead` with no members).
    pub async fn describe_classic_group(&self, coordinator: i32, group: &str) -> Result<GroupDescription> {
        let request = DescribeGroupsRequest::default().with_groups(vec![GroupId(str_bytes(group))]);
        let response = self
            .call(Target::Broker(coordinator), &request, |r| {
                r.groups
                    .iter()
                    .try_for_each(|g| retriable("DescribeGroups", g.error_code))
            })
            .await?;
        let g = response
            .groups
            .into_iter()
            .next()
            .ok_or_else(|| ClusterError::Config(format!("DescribeGroups did not answer for group {group}")))?;
        checked("DescribeGroups", group, g.error_code, &g.error_message)?;
        Ok(GroupDescription {
            state: g.group_state.to_string(),
            protocol_type: g.protocol_type.to_string(),
            members: g.members.len(),
        })
    }

    /// A KIP-848 consumer group, from its coordinator.
    pub async fn consumer_group_describe(&self, coordinator: i32, group: &str) -> Result<GroupDescription> {
        let request = ConsumerGroupDescribeRequest::default().with_group_ids(vec![GroupId(str_bytes(group))]);
        let response = self
            .call(Target::Broker(coordinator), &request, |r| {
                r.groups
                    .iter()
                    .try_for_each(|g| retriable("ConsumerGroupDescribe", g.error_code))
            })
            .await?;
        let g =
            response.groups.into_iter().next().ok_or_else(|| {
                ClusterError::Config(format!("ConsumerGroupDescribe did not answer for group {group}"))
            })?;
        checked("ConsumerGroupDescribe", group, g.error_code, &g.error_message)?;
        Ok(GroupDescription {
            state: g.group_state.to_string(),
            protocol_type: "consumer".into(),
            members: g.members.len(),
        })
    }

    /// The committed offset of every partition `group` committed, from its coordinator (OffsetFetch for all topics:
    /// `topics` null, which the message's default is not; v8+ with the groups array, older versions with the group
    /// id).
    pub async fn committed_offsets(&self, coordinator: i32, group: &str) -> Result<BTreeMap<(String, i32), i64>> {
        let response = self
            .call_versioned::<OffsetFetchRequest, _>(
                Target::Broker(coordinator),
                |version| {
                    if version >= 8 {
                        OffsetFetchRequest::default().with_groups(vec![
                            OffsetFetchRequestGroup::default()
                                .with_group_id(GroupId(str_bytes(group)))
                                .with_topics(None),
                        ])
                    } else {
                        OffsetFetchRequest::default()
                            .with_group_id(GroupId(str_bytes(group)))
                            .with_topics(None)
                    }
                },
                |r| {
                    retriable("OffsetFetch", r.error_code)?;
                    r.groups.iter().try_for_each(|g| retriable("OffsetFetch", g.error_code))
                },
            )
            .await?;
        checked("OffsetFetch", group, response.error_code, &None)?;
        let mut out = BTreeMap::new();
        let mut keep = |topic: String, partition: i32, offset: i64| {
            if offset != NO_COMMIT {
                out.insert((topic, partition), offset);
            }
        };
        for g in response.groups {
            checked("OffsetFetch", group, g.error_code, &None)?;
            for t in g.topics {
                for p in t.partitions.iter().filter(|p| p.error_code == 0) {
                    keep(t.name.0.to_string(), p.partition_index, p.committed_offset);
                }
            }
        }
        for t in response.topics {
            for p in t.partitions.iter().filter(|p| p.error_code == 0) {
                keep(t.name.0.to_string(), p.partition_index, p.committed_offset);
            }
        }
        Ok(out)
    }
}
