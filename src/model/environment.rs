//! A target cluster: how to reach it, what it may provision, its defaults, overrides, policy and what it owns.

use crate::model::provision::MskProvision;
pub use crate::model::provision::Provision;
use crate::model::secret::Secret;
use crate::model::security::{SaslMechanism, SecurityProtocol};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Security {
    pub protocol: Option<SecurityProtocol>,
    pub sasl_mechanism: Option<SaslMechanism>,
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

impl Msk {
    /// `region`, else the region of `clusterArn`.
    pub fn effective_region(&self) -> Option<&str> {
        self.region.as_deref().or_else(|| region_of_arn(&self.cluster_arn))
    }
}

/// The AWS region of an environment's MSK cluster: `provision.msk.region`, else `msk.region`, else the region of
/// `msk.clusterArn` (else, for the caller, the SDK's default chain).
pub fn msk_region<'a>(env: &'a Environment, m: &'a MskProvision) -> Option<&'a str> {
    m.region
        .as_deref()
        .or_else(|| env.msk.as_ref().and_then(Msk::effective_region))
}

/// The region of an ARN such as `arn:aws:kafka:eu-central-1:123456789012:cluster/name/uuid`.
pub fn region_of_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_), Some("kafka"), Some(region)) if !region.is_empty() => Some(region),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::region_of_arn;

    #[test]
    fn region_comes_from_the_arn() {
        assert_eq!(
            region_of_arn("arn:aws:kafka:eu-central-1:123456789012:cluster/paklog-prod/3f9a-2"),
            Some("eu-central-1")
        );
        assert_eq!(region_of_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(region_of_arn("not an arn"), None);
    }
}
