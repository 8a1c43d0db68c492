//! The only code that talks to Kafka (our admin client on the `kafka-protocol` crate) and the Schema Registry.

pub mod aws;
pub mod client;
pub mod config;
pub mod connect;
pub mod connection;
pub mod error;
pub mod msk_iam;
pub mod observe;
pub mod observe_groups;
pub mod observe_moves;
pub mod observe_topic_health;
pub mod ops;
pub mod registry;
pub mod sasl;
pub mod scram;
pub mod tls;
pub mod transport;
pub mod versions;
