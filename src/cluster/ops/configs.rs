//! Configs of topics and brokers: describe with their source, and change them incrementally (SET / DELETE, and
//! APPEND / SUBTRACT on list-type configs).

use std::collections::BTreeMap;

use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::describe_configs_response::DescribeConfigsResourceResult;
use kafka_protocol::messages::incremental_alter_configs_request::{AlterConfigsResource, AlterableConfig};
use kafka_protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse, IncrementalAlterConfigsRequest};
use kafka_protocol::protocol::Request;

use crate::cluster::client::{AdminClient, Target};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{PerResource, join_all, outcome, str_bytes, text};
use crate::model::config_entry::{ConfigEntry, ConfigSource, Configs};

/// The kinds of resource that have configs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigResource {
    Topic,
    /// A broker by id; the name `""` is the cluster-wide default.
    Broker,
}

impl ConfigResource {
    fn code(self) -> i8 {
        match self {
            ConfigResource::Topic => 2,
            ConfigResource::Broker => 4,
        }
    }

    fn label(self, name: &str) -> String {
        match self {
            ConfigResource::Topic => format!("topic {name}"),
            ConfigResource::Broker if name.is_empty() => "the cluster-wide broker default".to_owned(),
            ConfigResource::Broker => format!("broker {name}"),
        }
    }

    /// A broker's own configs are only served by that broker.
    fn target(self, name: &str) -> Target {
        match (self, name.parse::<i32>()) {
            (ConfigResource::Broker, Ok(id)) => Target::Broker(id),
            _ => Target::Any,
        }
    }
}

/// A topic's own settings: its overrides (not defaults, not sensitive), by key.
pub type Overrides = BTreeMap<String, String>;

/// One DescribeConfigs request for these resources of one kind.
fn describe_request<S: AsRef<str>>(kind: ConfigResource, names: &[S]) -> DescribeConfigsRequest {
    DescribeConfigsRequest::default().with_resources(
        names
            .iter()
            .map(|n| {
                DescribeConfigsResource::default()
                    .with_resource_type(kind.code())
                    .with_resource_name(str_bytes(n.as_ref()))
            })
            .collect(),
    )
}

/// One resource's described entries by key, or why it could not be described.
type Described<T> = Result<BTreeMap<String, T>, KafkaError>;

/// Each resource of a DescribeConfigs response with the entries `keep` maps (or its error), consuming the
/// response so the decoded entries are dropped here.
fn read_results<T>(
    kind: ConfigResource,
    response: DescribeConfigsResponse,
    keep: impl Fn(&DescribeConfigsResourceResult) -> Option<(String, T)>,
) -> Vec<(String, Described<T>)> {
    response
        .results
        .into_iter()
        .map(|result| {
            let name = result.resource_name.to_string();
            let entries = outcome(
                "DescribeConfigs",
                &kind.label(&name),
                result.error_code,
                &result.error_message,
            )
            .map(|()| result.configs.iter().filter_map(&keep).collect());
            (name, entries)
        })
        .collect()
}

/// An entry's value: `None` when the broker withholds it (sensitive), `""` for an empty one.
fn value_of(c: &DescribeConfigsResourceResult) -> Option<String> {
    text(&c.value).or_else(|| c.value.as_ref().map(|_| String::new()))
}

/// Changes to one resource's configs, by key.
pub type ConfigChanges = BTreeMap<String, ConfigOp>;

/// One config change, as an IncrementalAlterConfigs operation (the only API `alter_configs` uses: the legacy
/// AlterConfigs replaces every config of a resource and has no list operations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigOp {
    Set(String),
    Delete,
    /// Add these comma-separated items to a list-type config (e.g. `leader.replication.throttled.replicas`),
    /// keeping the items already there (KIP-339 `APPEND`). The broker refuses it on a config that is not a list.
    Append(String),
    /// Remove these comma-separated items from a list-type config, keeping the others (KIP-339 `SUBTRACT`).
    Subtract(String),
}

impl ConfigOp {
    /// The protocol's `ConfigOperation` byte and the value sent with it.
    fn operation(&self) -> (i8, Option<&str>) {
        match self {
            ConfigOp::Set(v) => (0, Some(v)),
            ConfigOp::Delete => (1, None),
            ConfigOp::Append(v) => (2, Some(v)),
            ConfigOp::Subtract(v) => (3, Some(v)),
        }
    }
}

impl AdminClient {
    /// Describe the configs of many resources of one kind: one request for all topics (one per broker for broker
    /// configs). Each entry keeps its source so defaults can be told from overrides.
    pub async fn describe_configs(
        &self,
        kind: ConfigResource,
        names: &[String],
    ) -> Result<BTreeMap<String, Result<Configs, KafkaError>>> {
        let mut groups: BTreeMap<String, Vec<&String>> = BTreeMap::new();
        for name in names {
            let key = match kind.target(name) {
                Target::Broker(id) => id.to_string(),
                _ => String::new(),
            };
            groups.entry(key).or_default().push(name);
        }
        let mut out = BTreeMap::new();
        for group in groups.values() {
            let target = kind.target(group[0]);
            let response = self.call(target, &describe_request(kind, group), |_| Ok(())).await?;
            out.extend(read_results(kind, response, |c| {
                let entry = ConfigEntry {
                    name: c.name.to_string(),
                    value: value_of(c),
                    source: ConfigSource::from_code(c.config_source),
                    sensitive: c.is_sensitive,
                    read_only: c.read_only,
                };
                Some((entry.name.clone(), entry))
            }));
        }
        Ok(out)
    }

    /// The overrides of many topics, read in chunks of at most `chunk` topics with at most `in_flight` requests
    /// outstanding, each lane preferring another broker (any broker serves topic configs). Each response is
    /// reduced to the overrides before the lane sends its next request, so the ~40 entries per topic (defaults
    /// included) are never all held at once. A topic that does not exist answers `UNKNOWN_TOPIC_OR_PARTITION`.
    pub async fn describe_topic_overrides(
        &self,
        names: &[String],
        chunk: usize,
        in_flight: usize,
    ) -> Result<BTreeMap<String, Result<Overrides, KafkaError>>> {
        let chunks: Vec<&[String]> = names.chunks(chunk.max(1)).collect();
        let brokers = self.broker_ids().await;
        let lanes = in_flight.clamp(1, chunks.len().max(1));
        let mut work: Vec<Vec<&[String]>> = vec![Vec::new(); lanes];
        for (i, c) in chunks.into_iter().enumerate() {
            work[i % lanes].push(c);
        }
        let lanes = work.into_iter().enumerate().map(|(i, chunks)| {
            let target = match brokers.get(i % brokers.len().max(1)) {
                Some(id) => Target::Prefer(*id),
                None => Target::Any,
            };
            self.describe_overrides_lane(target, chunks)
        });
        let mut out = BTreeMap::new();
        for lane in join_all(lanes.collect()).await {
            out.extend(lane?);
        }
        Ok(out)
    }

    /// One lane of `describe_topic_overrides`: its chunks one after the other.
    async fn describe_overrides_lane(
        &self,
        target: Target,
        chunks: Vec<&[String]>,
    ) -> Result<Vec<(String, Result<Overrides, KafkaError>)>> {
        let kind = ConfigResource::Topic;
        let mut out = Vec::new();
        for chunk in chunks {
            self.count_resources(DescribeConfigsRequest::KEY, chunk.len());
            let response = self.call(target, &describe_request(kind, chunk), |_| Ok(())).await?;
            out.extend(read_results(kind, response, |c| {
                let own = ConfigSource::from_code(c.config_source).is_override() && !c.is_sensitive;
                own.then(|| Some((c.name.to_string(), value_of(c)?))).flatten()
            }));
        }
        Ok(out)
    }

    /// Change configs incrementally: only the keys given change. One request for all topics, one per broker for
    /// broker configs (a broker's own dynamic configs go to that broker, which forwards them to the controller
    /// under KRaft; the name `""` is the cluster-wide default). Always IncrementalAlterConfigs: a broker that does
    /// not speak it fails the whole call with `ClusterError::Unsupported` rather than falling back to the legacy
    /// AlterConfigs, which would reset the resource's other configs and cannot APPEND or SUBTRACT.
    pub async fn alter_configs(
        &self,
        kind: ConfigResource,
        changes: &BTreeMap<String, ConfigChanges>,
        validate_only: bool,
    ) -> Result<PerResource> {
        let mut groups: BTreeMap<String, Vec<(&String, &ConfigChanges)>> = BTreeMap::new();
        for (name, ops) in changes {
            let key = match kind.target(name) {
                Target::Broker(id) => id.to_string(),
                _ => String::new(),
            };
            groups.entry(key).or_default().push((name, ops));
        }
        let mut out = PerResource::new();
        for group in groups.values() {
            let target = kind.target(group[0].0);
            let request = IncrementalAlterConfigsRequest::default()
                .with_validate_only(validate_only)
                .with_resources(
                    group
                        .iter()
                        .map(|(name, ops)| {
                            AlterConfigsResource::default()
                                .with_resource_type(kind.code())
                                .with_resource_name(str_bytes(name))
                                .with_configs(
                                    ops.iter()
                                        .map(|(key, op)| {
                                            let (operation, value) = op.operation();
                                            AlterableConfig::default()
                                                .with_name(str_bytes(key))
                                                .with_config_operation(operation)
                                                .with_value(value.map(str_bytes))
                                        })
                                        .collect(),
                                )
                        })
                        .collect(),
                );
            let response = self.call(target, &request, |_| Ok(())).await?;
            for r in response.responses {
                let name = r.resource_name.to_string();
                out.insert(
                    name.clone(),
                    outcome(
                        "IncrementalAlterConfigs",
                        &kind.label(&name),
                        r.error_code,
                        &r.error_message,
                    ),
                );
            }
        }
        Ok(out)
    }
}
