//! A spanned mirror of the spec files, as written: every value keeps where it came from so each problem can
//! point at file:line:column. Unknown fields are refused here (with a "did you mean" made by the loader).
//! No `flatten`, no untagged or internally tagged enums: those lose spans in serde.

use std::collections::HashMap;

use std::borrow::Cow;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

/// A value with its place in the file. A thin wrapper over `serde_saphyr::Spanned` so the raw types can also
/// describe themselves as JSON Schema (the schema of the wrapped value).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sp<T>(pub Spanned<T>);

impl<T> Deref for Sp<T> {
    type Target = Spanned<T>;
    fn deref(&self) -> &Spanned<T> {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::<T>::deserialize(deserializer).map(Sp)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Any scalar (string, number, boolean) read as the text written, for config values such as `7d`, `2`, `true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

impl JsonSchema for Scalar {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({"type": ["string", "number", "boolean"]})
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

pub type SpannedMap<V> = HashMap<Sp<String>, Sp<V>>;

/// Only the `kind` of a document, to choose how to read the rest.
#[derive(Debug, Deserialize)]
pub struct Probe {
    pub kind: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Environment")]
pub struct RawEnvironment {
    pub kind: Sp<String>,
    pub name: Sp<String>,
    pub description: Option<String>,
    pub bootstrap: Option<Sp<String>>,
    pub security: Option<Sp<RawSecurity>>,
    pub msk: Option<Sp<RawMsk>>,
    pub cluster_id: Option<Sp<String>>,
    pub schema_registry: Option<Sp<RawSchemaRegistry>>,
    pub provision: Option<Sp<RawProvision>>,
    pub defaults: Option<Sp<RawDefaults>>,
    pub overrides: Option<Sp<RawOverrides>>,
    pub policy: Option<Sp<RawPolicy>>,
    pub owns: Option<Vec<Sp<String>>>,
    pub replicas: Option<Sp<RawReplicas>>,
}

/// Replica placement, draining and the reassignment throttle of an environment.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Replicas")]
pub struct RawReplicas {
    /// `rack-spread` (default where brokers have racks) or `any`.
    pub placement: Option<Sp<String>>,
    pub balance_leaders: Option<Sp<bool>>,
    /// Broker ids every replica moves off.
    pub drain_brokers: Option<Vec<Sp<i64>>>,
    /// Replication rate of reassignments, MiB/s per broker (default 50).
    #[serde(rename = "throttleMiBps")]
    pub throttle_mibps: Option<Sp<i64>>,
    /// Move replicas that break the placement rule (off: drift is only shown).
    pub fix_placement: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Security")]
pub struct RawSecurity {
    pub protocol: Option<Sp<String>>,
    pub sasl: Option<Sp<RawSasl>>,
    pub tls: Option<Sp<RawTls>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Sasl")]
pub struct RawSasl {
    pub mechanism: Sp<String>,
    pub username: Option<Sp<String>>,
    pub password: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Tls")]
pub struct RawTls {
    pub ca: Option<Sp<String>>,
    pub cert: Option<Sp<String>>,
    pub key: Option<Sp<String>>,
    pub verify: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Msk")]
pub struct RawMsk {
    pub cluster_arn: Sp<String>,
    pub region: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "SchemaRegistry")]
pub struct RawSchemaRegistry {
    pub url: Sp<String>,
    pub username: Option<Sp<String>>,
    pub password: Option<Sp<String>>,
    pub ca: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Provision")]
pub struct RawProvision {
    pub local: Option<Sp<RawProvisionLocal>>,
    pub kubernetes: Option<Sp<RawProvisionKubernetes>>,
    pub msk: Option<Sp<RawProvisionMsk>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "ProvisionLocal")]
pub struct RawProvisionLocal {
    pub brokers: Option<Sp<i64>>,
    pub kafka_version: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "ProvisionKubernetes")]
pub struct RawProvisionKubernetes {
    pub context: Option<Sp<String>>,
    pub namespace: Option<Sp<String>>,
    pub cluster_name: Option<Sp<String>>,
    pub brokers: Option<Sp<i64>>,
    pub controllers: Option<Sp<i64>>,
    pub storage: Option<Sp<String>>,
    pub storage_class: Option<Sp<String>>,
    pub kafka_version: Option<Sp<String>>,
    pub racks: Option<Vec<Sp<String>>>,
    pub topics: Option<Sp<bool>>,
    pub users: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "ProvisionMsk")]
pub struct RawProvisionMsk {
    pub cluster_name: Option<Sp<String>>,
    pub region: Option<Sp<String>>,
    pub serverless: Option<Sp<bool>>,
    pub broker_type: Option<Sp<String>>,
    pub brokers: Option<Sp<i64>>,
    pub kafka_version: Option<Sp<String>>,
    #[serde(rename = "storageGiB")]
    pub storage_gib: Option<Sp<i64>>,
    pub subnets: Option<Vec<Sp<String>>>,
    pub security_groups: Option<Vec<Sp<String>>>,
    pub authentication: Option<Vec<Sp<String>>>,
    pub server_properties: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Defaults")]
pub struct RawDefaults {
    pub partitions: Option<Sp<i64>>,
    pub replication_factor: Option<Sp<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Overrides")]
pub struct RawOverrides {
    pub partitions: Option<Sp<i64>>,
    pub replication_factor: Option<Sp<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Policy")]
pub struct RawPolicy {
    pub topic_name: Option<Sp<String>>,
    pub min_replication_factor: Option<Sp<i64>>,
    pub min_insync_replicas: Option<Sp<i64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Topic")]
pub struct RawTopic {
    pub kind: Sp<String>,
    pub name: Sp<String>,
    pub description: Option<String>,
    pub partitions: Option<Sp<i64>>,
    pub replication_factor: Option<Sp<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
    pub environments: Option<SpannedMap<RawTopicEnvironment>>,
    pub labels: Option<SpannedMap<Scalar>>,
    /// The topic's placement rule, over the environment's: `rack-spread` or `any`.
    pub placement: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "TopicEnvironment")]
pub struct RawTopicEnvironment {
    pub enabled: Option<Sp<bool>>,
    pub partitions: Option<Sp<i64>>,
    pub replication_factor: Option<Sp<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
    pub placement: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Principal")]
pub struct RawPrincipal {
    pub kind: Sp<String>,
    pub name: Sp<String>,
    pub description: Option<String>,
    pub consumes: Option<Vec<Sp<String>>>,
    pub groups: Option<Vec<Sp<String>>>,
    pub produces: Option<Vec<Sp<String>>>,
    pub transactional_ids: Option<Vec<Sp<String>>>,
    pub acls: Option<Vec<Sp<RawAcl>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Acl")]
pub struct RawAcl {
    pub resource: Sp<String>,
    pub name: Sp<String>,
    pub pattern: Option<Sp<String>>,
    pub operations: Vec<Sp<String>>,
    pub permission: Option<Sp<String>>,
    pub host: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Subject")]
pub struct RawSubject {
    pub kind: Sp<String>,
    pub name: Sp<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub schema_type: Sp<String>,
    pub schema: Sp<String>,
    pub compatibility: Option<Sp<String>>,
    pub references: Option<Vec<Sp<RawReference>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Reference")]
pub struct RawReference {
    pub name: Sp<String>,
    pub subject: Sp<String>,
    pub version: Sp<i64>,
}

/// A SCRAM user: credentials whose passwords come from the environment or a file, never from the YAML.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "User")]
pub struct RawUser {
    pub kind: Sp<String>,
    pub name: Sp<String>,
    pub description: Option<String>,
    pub credentials: Option<Vec<Sp<RawCredential>>>,
    /// Quotas for this user: producer_byte_rate, consumer_byte_rate, request_percentage, controller_mutation_rate.
    pub quotas: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Credential")]
pub struct RawCredential {
    /// SCRAM-SHA-256 or SCRAM-SHA-512.
    pub mechanism: Sp<String>,
    pub iterations: Option<Sp<i64>>,
    /// The environment variable holding the password.
    pub password_env: Option<Sp<String>>,
    /// A file holding the password (relative to this spec file); trailing newlines are ignored.
    pub password_file: Option<Sp<String>>,
}

/// Client quotas for a client id (optionally of one user), or for a user's clients.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(rename = "Quota")]
pub struct RawQuota {
    pub kind: Sp<String>,
    pub description: Option<String>,
    pub client_id: Option<Sp<String>>,
    pub user: Option<Sp<String>>,
    pub quotas: SpannedMap<Scalar>,
}

/// A parsed document of a known kind.
#[derive(Debug)]
pub enum RawDoc {
    Environment(Box<RawEnvironment>),
    Topic(Box<RawTopic>),
    Principal(Box<RawPrincipal>),
    Subject(Box<RawSubject>),
    User(Box<RawUser>),
    Quota(Box<RawQuota>),
}

pub const KINDS: &[&str] = &["Environment", "Topic", "Principal", "Subject", "User", "Quota"];
