//! The hostile-input suite: spec files are untrusted (they come from pull requests, and `plan` runs on them in CI
//! next to secrets). One case per way a spec or a file it names could make topicctl leak, read outside its folder,
//! skip a file, exhaust memory or hang; each asserts the exact error code and runs confined (`Test::confined`:
//! a memory limit and a time-out that only catches hangs).
//!
//! Issue 13's items and where their cases are:
//! 1 variables and endpoints: `variables.rs`, `leak.rs` (the leak test with positive controls)
//! 2 files the specs name, 3 symlinks and loader panics, 8 import file names: `files.rs`
//! 4 host-name check, 5 the crypto provider: `tls_files.rs` here, `tests/tls_verification.rs`
//! 6 integer truncation: `numbers.rs`; 7 reserved names: `names.rs`; 9 output hygiene: `hygiene.rs`
//! 10 two applies at once, deletes by topic id: `tests/concurrent_apply.rs` (needs the cluster)
//! 11 local provisioning state: `local_state.rs`, `tests/cluster_local.rs`
//! 12 Kubernetes over plain HTTP: `tests/strimzi/provisioning.rs` (`a_bearer_token_is_never_sent_over_plain_http`)

mod confinement;
mod files;
mod hygiene;
mod leak;
mod local_state;
mod names;
mod numbers;
mod tls_files;
mod variables;
