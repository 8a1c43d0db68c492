//! The one seam over the three backends. The `Backend` trait is implemented by each `provision` block's model
//! (`Local`, `Kubernetes`, `MskProvision`); `backend(env)` is the only match on `Provision`, and the verbs below
//! (`up`, `status`, `down`, `removal`, `render`) are what commands call.

use std::future::Future;
use std::pin::Pin;

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Provision;
use crate::model::state::State;
use crate::provision::error::ProvisionError;
use crate::provision::progress::Progress;

/// A backend's work in progress, run on the command's runtime.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = miette::Result<T>> + 'a>>;

/// How `up` may change what exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpOptions {
    /// Kubernetes: take ownership of fields another field manager owns (server-side apply `force`); without it
    /// such a field is a conflict reported with the other manager's name.
    pub force_conflicts: bool,
}

pub trait Backend {
    /// Create or complete the cluster (harmless when it runs) and say where it listens.
    fn up<'a>(
        &'a self,
        env: &'a Environment,
        desired: &'a State,
        options: UpOptions,
        progress: &'a dyn Progress,
    ) -> Pending<'a, ClusterStatus>;

    /// Whether the cluster exists, is ready, and where it listens.
    fn status<'a>(&'a self, env: &'a Environment) -> Pending<'a, ClusterStatus>;

    /// Remove the cluster and its data.
    fn down<'a>(&'a self, env: &'a Environment, progress: &'a dyn Progress) -> Pending<'a, ()>;

    /// What `down` removes, in words (`This removes {what} of environment …`).
    fn removal(&self) -> String;

    /// The manifests for GitOps repositories; only Kubernetes has them.
    fn render(&self, env: &Environment, desired: &State) -> miette::Result<String> {
        let _ = desired;
        Err(ProvisionError::NotKubernetes { env: env.name.clone() }.into())
    }
}

/// The backend of the environment's `provision` block.
pub fn backend(env: &Environment) -> Result<&dyn Backend, ProvisionError> {
    match &env.provision {
        Some(Provision::Local(local)) => Ok(local),
        Some(Provision::Kubernetes(k)) => Ok(k),
        Some(Provision::Msk(m)) => Ok(m),
        None => Err(ProvisionError::NoProvision { env: env.name.clone() }),
    }
}

pub async fn up(
    env: &Environment,
    desired: &State,
    options: UpOptions,
    progress: &dyn Progress,
) -> miette::Result<ClusterStatus> {
    backend(env)?.up(env, desired, options, progress).await
}

pub async fn status(env: &Environment) -> miette::Result<ClusterStatus> {
    backend(env)?.status(env).await
}

pub async fn down(env: &Environment, progress: &dyn Progress) -> miette::Result<()> {
    backend(env)?.down(env, progress).await
}

pub fn removal(env: &Environment) -> Result<String, ProvisionError> {
    Ok(backend(env)?.removal())
}

pub fn render(env: &Environment, desired: &State) -> miette::Result<String> {
    backend(env)?.render(env, desired)
}
