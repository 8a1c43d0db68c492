//! The hostile-input suite: spec files are untrusted (they come from pull requests, and `plan` runs on them in CI
//! next to secrets). One case per way a spec or a file it names could make topicctl leak, read outside its folder,
//! skip a file, exhaust memory or hang; each asserts the exact error code and runs confined (`Test::confined`:
//! a memory limit and a time-out that only catches hangs).

mod confinement;
mod files;
mod hygiene;
mod leak;
mod local_state;
mod numbers;
mod tls_files;
mod variables;
