//! The only code that starts brokers: local processes, Kafka on Kubernetes (Strimzi) and AWS MSK.
//! Each backend offers `up` (create or complete; harmless when the cluster is there), `status` and `down`;
//! Kubernetes also `render`s its manifests. None of them knows about YAML spans: they take the checked model.
//! Commands reach them through one seam, the verbs re-exported here (`provision::up(env, desired, progress)`, `status`,
//! `down`, `removal`, `render`), never by matching on `Provision` themselves.

pub mod backend;
#[cfg(test)]
mod backend_tests;
pub mod error;
pub mod kubernetes;
pub mod local;
pub mod msk;
pub mod progress;

pub use backend::{UpOptions, down, removal, render, status, up};
