//! A target cluster: how to reach it, what it may provision, its defaults, overrides, policy and what it owns.

use crate::model::provision::MskProvision;
pub use crate::model::provision::Provision;
use crate::model::replicas::ReplicaPolicy;
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
    /// Replica placement, draining and the reassignment throttle (`replicas:`).
    pub replicas: ReplicaPolicy,
    /// The spec's text of the fields filled from variables, to show instead of their values.
    pub shown: Shown,
}

/// The fields of an Environment a variable may fill and a message may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Bootstrap,
    ClusterId,
    SaslUsername,
    TlsCa,
    TlsCert,
    TlsKey,
    MskClusterArn,
    MskRegion,
    RegistryUrl,
    RegistryUsername,
    RegistryCa,
    /// Not written in the spec: the brokers MSK discovery found.
    MskBrokers,
}

impl Field {
    /// Where the field is written in an Environment document.
    pub fn name(self) -> &'static str {
        match self {
            Field::Bootstrap => "bootstrap",
            Field::ClusterId => "clusterId",
            Field::SaslUsername => "security.sasl.username",
            Field::TlsCa => "security.tls.ca",
            Field::TlsCert => "security.tls.cert",
            Field::TlsKey => "security.tls.key",
            Field::MskClusterArn => "msk.clusterArn",
            Field::MskRegion => "msk.region",
            Field::RegistryUrl => "schemaRegistry.url",
            Field::RegistryUsername => "schemaRegistry.username",
            Field::RegistryCa => "schemaRegistry.ca",
            Field::MskBrokers => "the MSK brokers discovered for",
        }
    }
}

/// For each field whose value came from a variable, the text the spec wrote (`${KAFKA_BOOTSTRAP}`): what messages
/// show, so that a variable's value never reaches an output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shown(pub std::collections::BTreeMap<Field, String>);

impl Environment {
    /// How to show `value`, the value of `field`: the spec's text when a variable filled it, else the value.
    pub fn show<'a>(&'a self, field: Field, value: &'a str) -> &'a str {
        self.shown.0.get(&field).map_or(value, String::as_str)
    }

    /// Every (value, spec text) of the fields filled from variables, longest value first: what an error text
    /// coming from the network must have replaced.
    pub fn hidden(&self) -> Vec<(&str, &str)> {
        fn path(p: &Option<std::path::PathBuf>) -> Option<&str> {
            p.as_ref().and_then(|p| p.to_str())
        }
        let value = |f: Field| match f {
            Field::Bootstrap => self.bootstrap.as_deref(),
            Field::TlsCa => path(&self.security.ca_file),
            Field::TlsCert => path(&self.security.cert_file),
            Field::TlsKey => path(&self.security.key_file),
            Field::RegistryCa => self.schema_registry.as_ref().and_then(|r| path(&r.ca_file)),
            Field::ClusterId => self.cluster_id.as_deref(),
            Field::SaslUsername => self.security.username.as_deref(),
            Field::MskClusterArn => self.msk.as_ref().map(|m| m.cluster_arn.as_str()),
            Field::MskRegion => self.msk.as_ref().and_then(|m| m.region.as_deref()),
            Field::RegistryUrl => self.schema_registry.as_ref().map(|r| r.url.as_str()),
            Field::RegistryUsername => self.schema_registry.as_ref().and_then(|r| r.username.as_deref()),
            Field::MskBrokers => None,
        };
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (field, shown) in &self.shown.0 {
            let Some(v) = value(*field).filter(|v| !v.is_empty()) else {
                continue;
            };
            pairs.push((v, shown));
            // A bootstrap list is also named address by address.
            if *field == Field::Bootstrap {
                pairs.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(|a| (a, shown.as_str())),
                );
            }
        }
        pairs.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        pairs
    }

    /// `text` with every value of [`Environment::hidden`] replaced by the spec's text.
    pub fn hide(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (value, shown) in self.hidden() {
            out = out.replace(value, shown);
        }
        out
    }
}

impl Environment {
    /// An environment with only a name (for tests and tools that build a desired state in code).
    pub fn named(name: &str) -> Self {
        Environment {
            name: name.into(),
            bootstrap: None,
            security: Security::default(),
            msk: None,
            cluster_id: None,
            schema_registry: None,
            provision: None,
            default_partitions: None,
            default_replication_factor: None,
            policy: Policy::default(),
            owns: Vec::new(),
            replicas: ReplicaPolicy::default(),
            shown: Shown::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Environment, Field, region_of_arn};

    #[test]
    fn fields_from_variables_are_shown_as_the_spec_wrote_them() {
        let mut env = Environment::named("dev");
        env.bootstrap = Some("10.0.0.1:9092,10.0.0.2:9092".into());
        env.cluster_id = Some("literal-id".into());
        env.shown.0.insert(Field::Bootstrap, "${KAFKA_BOOTSTRAP}".into());
        assert_eq!(
            env.show(Field::Bootstrap, "10.0.0.1:9092,10.0.0.2:9092"),
            "${KAFKA_BOOTSTRAP}"
        );
        assert_eq!(env.show(Field::ClusterId, "literal-id"), "literal-id");
        assert_eq!(
            env.hide("cannot connect to 10.0.0.2:9092 (bootstrap 10.0.0.1:9092,10.0.0.2:9092), cluster literal-id"),
            "cannot connect to ${KAFKA_BOOTSTRAP} (bootstrap ${KAFKA_BOOTSTRAP}), cluster literal-id"
        );
    }

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
