//! A config value as the cluster reports it, with where it comes from, so broker defaults are never mistaken
//! for topic overrides.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigSource {
    /// Set on this topic (an override).
    DynamicTopic,
    DynamicBroker,
    DynamicDefaultBroker,
    DynamicClientMetrics,
    DynamicGroup,
    /// From the broker's `server.properties`.
    StaticBroker,
    /// Kafka's built-in default.
    Default,
    Unknown,
}

impl ConfigSource {
    /// The protocol's `ConfigSource` byte (DescribeConfigs v1+).
    pub fn from_code(code: i8) -> Self {
        match code {
            1 => Self::DynamicTopic,
            2 => Self::DynamicBroker,
            3 => Self::DynamicDefaultBroker,
            4 => Self::StaticBroker,
            5 => Self::Default,
            7 => Self::DynamicClientMetrics,
            8 => Self::DynamicGroup,
            _ => Self::Unknown,
        }
    }

    /// True for values set on the resource itself, i.e. what a spec manages.
    pub fn is_override(self) -> bool {
        self == Self::DynamicTopic
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    /// `None` for sensitive values, which the broker never returns.
    pub value: Option<String>,
    pub source: ConfigSource,
    pub sensitive: bool,
    pub read_only: bool,
}

/// One resource's configs, by name.
pub type Configs = BTreeMap<String, ConfigEntry>;
