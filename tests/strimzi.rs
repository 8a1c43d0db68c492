//! The Kubernetes (Strimzi) backend without a Kubernetes: rendered manifests are validated against the upstream
//! Strimzi CRD schemas (`../shared/strimzi`) and snapshotted; `cluster up/status/down` run the real binary against
//! an in-test API server that records every request.

mod crd_schema;
mod fake_api;
mod manifests;
mod provisioning;
mod real_api;
mod specs;
