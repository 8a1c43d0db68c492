//! Kafka on Kubernetes through the Strimzi operator: render `Kafka`, `KafkaNodePool`, `KafkaTopic` and
//! `KafkaUser` resources, server-side apply them, wait for `Ready`.
//!
//! Rendering is pure (`manifests` and the files it uses); only `client`, `apply`, `wait`, `observe` and `remove`
//! talk to the API server.

mod apply;
mod backend;
mod client;
mod conditions;
mod error;
mod kafka_resource;
mod listeners;
mod manifests;
mod metadata;
mod names;
mod node_pools;
mod observe;
mod remove;
mod resources;
mod timing;
mod topics;
mod users;
mod wait;

pub use backend::KubernetesBackend;
pub use error::KubernetesError;

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::model::state::State;
use crate::provision::progress::Progress;

/// The manifests, as one multi-document YAML stream.
pub fn render(env: &Environment, desired: &State, k: &Kubernetes) -> miette::Result<String> {
    manifests::build(env, desired, k)?.to_yaml()
}

pub async fn up(
    env: &Environment,
    desired: &State,
    k: &Kubernetes,
    progress: &dyn Progress,
) -> miette::Result<ClusterStatus> {
    let manifests = manifests::build(env, desired, k)?;
    let kube = client::KubeClient::connect(k).await?;
    apply::apply(&kube, &manifests, progress).await?;
    wait::until_ready(&kube, k, progress).await?;
    observe::status(&kube, env, k).await
}

pub async fn status(env: &Environment, k: &Kubernetes) -> miette::Result<ClusterStatus> {
    let kube = client::KubeClient::connect(k).await?;
    observe::status(&kube, env, k).await
}

pub async fn down(env: &Environment, k: &Kubernetes, progress: &dyn Progress) -> miette::Result<()> {
    let _ = env;
    let kube = client::KubeClient::connect(k).await?;
    remove::remove(&kube, k, progress).await
}
