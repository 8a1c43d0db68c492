//! Kafka on Kubernetes through the Strimzi operator: render `Kafka`, `KafkaNodePool`, `KafkaTopic` and
//! `KafkaUser` resources, server-side apply them, wait for `Ready`.
//!
//! Rendering is pure (`manifests` and the files it uses); only `client`, `apply`, `wait`, `observe` and `remove`
//! talk to the API server. `backend` puts them behind the provisioning seam.

mod api_words;
mod apply;
mod backend;
mod client;
mod conditions;
mod error;
mod kafka_resource;
mod kubeconfig;
mod listeners;
mod manifests;
mod metadata;
mod names;
mod node_pools;
mod observe;
mod remove;
mod resources;
mod retry;
mod timing;
mod topics;
mod users;
mod wait;

pub use error::KubernetesError;
