//! A spanned mirror of the spec files, as written: every value keeps where it came from so each problem can
//! point at file:line:column. Unknown fields are refused here (with a "did you mean" made by the loader).
//! No `flatten`, no untagged or internally tagged enums: those lose spans in serde.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

/// Any scalar (string, number, boolean) read as the text written, for config values such as `7d`, `2`, `true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

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

pub type SpannedMap<V> = HashMap<Spanned<String>, Spanned<V>>;

/// Only the `kind` of a document, to choose how to read the rest.
#[derive(Debug, Deserialize)]
pub struct Probe {
    pub kind: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawEnvironment {
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub bootstrap: Option<Spanned<String>>,
    pub security: Option<Spanned<RawSecurity>>,
    pub msk: Option<Spanned<RawMsk>>,
    pub cluster_id: Option<Spanned<String>>,
    pub schema_registry: Option<Spanned<RawSchemaRegistry>>,
    pub provision: Option<Spanned<RawProvision>>,
    pub defaults: Option<Spanned<RawDefaults>>,
    pub overrides: Option<Spanned<RawOverrides>>,
    pub policy: Option<Spanned<RawPolicy>>,
    pub owns: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawSecurity {
    pub protocol: Option<Spanned<String>>,
    pub sasl: Option<Spanned<RawSasl>>,
    pub tls: Option<Spanned<RawTls>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawSasl {
    pub mechanism: Spanned<String>,
    pub username: Option<Spanned<String>>,
    pub password: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawTls {
    pub ca: Option<Spanned<String>>,
    pub cert: Option<Spanned<String>>,
    pub key: Option<Spanned<String>>,
    pub verify: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawMsk {
    pub cluster_arn: Spanned<String>,
    pub region: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawSchemaRegistry {
    pub url: Spanned<String>,
    pub username: Option<Spanned<String>>,
    pub password: Option<Spanned<String>>,
    pub ca: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawProvision {
    pub local: Option<Spanned<RawProvisionLocal>>,
    pub kubernetes: Option<Spanned<RawProvisionKubernetes>>,
    pub msk: Option<Spanned<RawProvisionMsk>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawProvisionLocal {
    pub brokers: Option<Spanned<i64>>,
    pub kafka_version: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawProvisionKubernetes {
    pub context: Option<Spanned<String>>,
    pub namespace: Option<Spanned<String>>,
    pub cluster_name: Option<Spanned<String>>,
    pub brokers: Option<Spanned<i64>>,
    pub controllers: Option<Spanned<i64>>,
    pub storage: Option<Spanned<String>>,
    pub storage_class: Option<Spanned<String>>,
    pub kafka_version: Option<Spanned<String>>,
    pub racks: Option<Vec<Spanned<String>>>,
    pub topics: Option<Spanned<bool>>,
    pub users: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawProvisionMsk {
    pub cluster_name: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    pub serverless: Option<Spanned<bool>>,
    pub broker_type: Option<Spanned<String>>,
    pub brokers: Option<Spanned<i64>>,
    pub kafka_version: Option<Spanned<String>>,
    #[serde(rename = "storageGiB")]
    pub storage_gib: Option<Spanned<i64>>,
    pub subnets: Option<Vec<Spanned<String>>>,
    pub security_groups: Option<Vec<Spanned<String>>>,
    pub authentication: Option<Vec<Spanned<String>>>,
    pub server_properties: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawDefaults {
    pub partitions: Option<Spanned<i64>>,
    pub replication_factor: Option<Spanned<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawOverrides {
    pub partitions: Option<Spanned<i64>>,
    pub replication_factor: Option<Spanned<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawPolicy {
    pub topic_name: Option<Spanned<String>>,
    pub min_replication_factor: Option<Spanned<i64>>,
    pub min_insync_replicas: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawTopic {
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub partitions: Option<Spanned<i64>>,
    pub replication_factor: Option<Spanned<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
    pub environments: Option<SpannedMap<RawTopicEnvironment>>,
    pub labels: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawTopicEnvironment {
    pub enabled: Option<Spanned<bool>>,
    pub partitions: Option<Spanned<i64>>,
    pub replication_factor: Option<Spanned<i64>>,
    pub config: Option<SpannedMap<Scalar>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawPrincipal {
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub consumes: Option<Vec<Spanned<String>>>,
    pub groups: Option<Vec<Spanned<String>>>,
    pub produces: Option<Vec<Spanned<String>>>,
    pub transactional_ids: Option<Vec<Spanned<String>>>,
    pub acls: Option<Vec<Spanned<RawAcl>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawAcl {
    pub resource: Spanned<String>,
    pub name: Spanned<String>,
    pub pattern: Option<Spanned<String>>,
    pub operations: Vec<Spanned<String>>,
    pub permission: Option<Spanned<String>>,
    pub host: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawSubject {
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub schema_type: Spanned<String>,
    pub schema: Spanned<String>,
    pub compatibility: Option<Spanned<String>>,
    pub references: Option<Vec<Spanned<RawReference>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RawReference {
    pub name: Spanned<String>,
    pub subject: Spanned<String>,
    pub version: Spanned<i64>,
}

/// A parsed document of a known kind.
#[derive(Debug)]
pub enum RawDoc {
    Environment(RawEnvironment),
    Topic(RawTopic),
    Principal(RawPrincipal),
    Subject(RawSubject),
}

pub const KINDS: &[&str] = &["Environment", "Topic", "Principal", "Subject"];
