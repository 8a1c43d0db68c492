//! The Strimzi custom resources topicctl writes: group, served version, kind and plural of each.

/// Strimzi's API group.
pub const GROUP: &str = "kafka.strimzi.io";
/// The version Strimzi 1.x serves (and stores); `v1beta2` is no longer served.
pub const VERSION: &str = "v1";
pub const API_VERSION: &str = "kafka.strimzi.io/v1";

/// Labels that mark what topicctl manages, so `down` finds exactly that.
pub const CLUSTER_LABEL: &str = "strimzi.io/cluster";
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "topicctl";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    KafkaNodePool,
    Kafka,
    KafkaTopic,
    KafkaUser,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Kafka => "Kafka",
            Kind::KafkaNodePool => "KafkaNodePool",
            Kind::KafkaTopic => "KafkaTopic",
            Kind::KafkaUser => "KafkaUser",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Kafka => "kafkas",
            Kind::KafkaNodePool => "kafkanodepools",
            Kind::KafkaTopic => "kafkatopics",
            Kind::KafkaUser => "kafkausers",
        }
    }

    pub fn api_resource(self) -> kube::core::ApiResource {
        kube::core::ApiResource {
            group: GROUP.into(),
            version: VERSION.into(),
            api_version: API_VERSION.into(),
            kind: self.as_str().into(),
            plural: self.plural().into(),
        }
    }

    /// The CustomResourceDefinition's name, e.g. `kafkas.kafka.strimzi.io`.
    pub fn crd_name(self) -> String {
        format!("{}.{GROUP}", self.plural())
    }
}
