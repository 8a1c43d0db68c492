//! What `cluster up` creates for an environment: local broker processes, Strimzi resources on Kubernetes, or an
//! AWS MSK cluster. Defaults are filled in by the spec checks, so every field here is what will be provisioned.

use std::collections::BTreeMap;

/// The Kafka version topicctl downloads and runs when a spec does not pin one (local clusters), and the one the tests
/// run: `KAFKA_VERSION` in `scripts/kafka`, its one source of truth, read by `build.rs`.
pub const DEFAULT_LOCAL_KAFKA_VERSION: &str = env!("TOPICCTL_KAFKA_VERSION");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provision {
    Local(Local),
    Kubernetes(Kubernetes),
    Msk(MskProvision),
}

/// N KRaft nodes (combined broker + controller) as local processes on 127.0.0.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub brokers: u32,
    pub kafka_version: String,
}

/// A Strimzi-managed Kafka (KRaft) on Kubernetes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kubernetes {
    /// The kube context; `None` means the current context.
    pub context: Option<String>,
    pub namespace: String,
    /// The `Kafka` resource's name (Strimzi's bootstrap service is `<name>-kafka-bootstrap`).
    pub cluster_name: String,
    pub brokers: u32,
    pub controllers: u32,
    /// A Kubernetes quantity, e.g. `100Gi`.
    pub storage: String,
    pub storage_class: Option<String>,
    /// `None`: the Strimzi operator's default version.
    pub kafka_version: Option<String>,
    /// Zones to spread brokers over (rack awareness); empty: no rack awareness.
    pub racks: Vec<String>,
    /// Also render `KafkaTopic` resources for the specs' topics.
    pub topics: bool,
    /// Also render `KafkaUser` resources for the specs' principals and users.
    pub users: bool,
}

/// An AWS MSK cluster, provisioned (brokers of a type) or serverless.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MskProvision {
    pub cluster_name: String,
    /// `None`: the region of `msk.region`, else the SDK's default chain (AWS_REGION, profile).
    pub region: Option<String>,
    pub serverless: bool,
    pub broker_type: String,
    pub brokers: u32,
    pub kafka_version: String,
    pub storage_gib: u32,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// Client authentication to enable, lower case: `iam`, `scram`, `tls`, `unauthenticated`.
    pub authentication: Vec<String>,
    /// Broker properties held in an MSK configuration (sorted).
    pub server_properties: BTreeMap<String, String>,
}
