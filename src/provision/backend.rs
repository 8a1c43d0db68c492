//! The one seam over the three backends: `backend(env)` picks local processes, Strimzi or MSK once, and every
//! verb (`up`, `status`, `down`, `render`, and the words `cluster down` confirms with) goes through the trait.

use std::future::Future;
use std::pin::Pin;

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Provision;
use crate::model::state::State;
use crate::provision::error::ProvisionError;
use crate::provision::progress::Progress;
use crate::provision::{kubernetes, local, msk};

/// A backend's work in progress, run on the command's runtime.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = miette::Result<T>> + 'a>>;

pub trait Backend {
    /// The environment this backend provisions.
    fn environment(&self) -> &Environment;

    /// Create or complete the cluster (harmless when it runs) and say where it listens.
    fn up<'a>(&'a self, desired: &'a State, progress: &'a dyn Progress) -> Pending<'a, ClusterStatus>;

    /// Whether the cluster exists, is ready, and where it listens.
    fn status(&self) -> Pending<'_, ClusterStatus>;

    /// Remove the cluster and its data.
    fn down<'a>(&'a self, progress: &'a dyn Progress) -> Pending<'a, ()>;

    /// What `down` removes, in words (`This removes {what} of environment …`).
    fn removal(&self) -> String;

    /// The manifests for GitOps repositories; only Kubernetes has them.
    fn render(&self, desired: &State) -> miette::Result<String> {
        let _ = desired;
        Err(ProvisionError::NotKubernetes {
            env: self.environment().name.clone(),
        }
        .into())
    }
}

/// The backend of the environment's `provision` block.
pub fn backend(env: &Environment) -> Result<Box<dyn Backend + '_>, ProvisionError> {
    match &env.provision {
        Some(Provision::Local(l)) => Ok(Box::new(local::LocalBackend { env, local: l })),
        Some(Provision::Kubernetes(k)) => Ok(Box::new(kubernetes::KubernetesBackend { env, k })),
        Some(Provision::Msk(m)) => Ok(Box::new(msk::MskBackend { env, m })),
        None => Err(ProvisionError::NoProvision { env: env.name.clone() }),
    }
}
