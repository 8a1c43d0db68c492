//! The only code that starts brokers: local processes, Kafka on Kubernetes (Strimzi) and AWS MSK.
//! Each backend offers `up` (create or complete; harmless when the cluster is there), `status` and `down`;
//! Kubernetes also `render`s its manifests. None of them knows about YAML spans: they take the checked model.

pub mod kubernetes;
pub mod local;
pub mod msk;
pub mod progress;
