//! A target cluster: how to reach it, what it may provision, its defaults, overrides, policy and what it owns.

pub use crate::model::provision::Provision;
use crate::model::secret::Secret;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Security {
    pub protocol: Option<String>,
    pub sasl_mechanism: Option<String>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub ca_file: Option<std::path::PathBuf>,
    pub cert_file: Option<std::path::PathBuf>,
    pub key_file: Option<std::path::PathBuf>,
    pub verify: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msk {
    pub cluster_arn: String,
    pub region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaRegistry {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub ca_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    pub topic_name: Option<String>,
    pub min_replication_factor: Option<i64>,
    pub min_insync_replicas: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub bootstrap: Option<String>,
    pub security: Security,
    pub msk: Option<Msk>,
    pub cluster_id: Option<String>,
    pub schema_registry: Option<SchemaRegistry>,
    pub provision: Option<Provision>,
    pub default_partitions: Option<i32>,
    pub default_replication_factor: Option<i16>,
    pub policy: Policy,
    /// Topic-name prefixes this spec set owns: only these can ever be pruned.
    pub owns: Vec<String>,
}
