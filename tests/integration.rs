//! The one integration-test binary: it runs the real `topicctl` binary and talks to the real test cluster
//! started by `scripts/test` (see README.md). Tests that need the cluster fail, never skip, when it is absent.

mod acl_apply;
mod admin_client;
mod broker_failure;
mod cli;
mod cluster_local;
mod common;
mod completions;
mod concurrent_apply;
mod data;
mod hostile;
mod kafka_harness;
mod layering;
mod msk;
mod msk_iam;
mod own_cluster;
mod plan_apply;
mod plan_cost;
mod racked;
mod reassign_ops;
mod replicas;
mod spec_cases;
mod spec_model;
mod status_health;
mod strimzi;
mod subject_apply;
mod tls_verification;
mod user_apply;
mod workflows;
