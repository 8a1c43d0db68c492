//! A `provision.kubernetes` block behind the provisioning seam: render the manifests, apply them, wait for Ready,
//! observe; or remove. The only backend that renders manifests.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending, UpOptions};
use crate::provision::kubernetes::client::KubeClient;
use crate::provision::kubernetes::{apply, manifests, observe, remove, wait};
use crate::provision::progress::Progress;

impl Backend for Kubernetes {
    fn up<'a>(
        &'a self,
        env: &'a Environment,
        desired: &'a State,
        options: UpOptions,
        progress: &'a dyn Progress,
    ) -> Pending<'a, ClusterStatus> {
        Box::pin(async move {
            let manifests = manifests::build(env, desired, self)?;
            let kube = KubeClient::connect(self).await?;
            apply::apply(&kube, &manifests, options.force_conflicts, progress).await?;
            wait::until_ready(&kube, self, progress).await?;
            observe::status(&kube, env, self).await
        })
    }

    fn status<'a>(&'a self, env: &'a Environment) -> Pending<'a, ClusterStatus> {
        Box::pin(async move {
            let kube = KubeClient::connect(self).await?;
            observe::status(&kube, env, self).await
        })
    }

    fn down<'a>(&'a self, _: &'a Environment, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(async move {
            let kube = KubeClient::connect(self).await?;
            remove::remove(&kube, self, progress).await
        })
    }

    fn removal(&self) -> String {
        format!(
            "the Strimzi cluster `{}` in namespace `{}` with its KafkaTopics (Kafka deletes those topics) and \
             KafkaUsers (its PersistentVolumeClaims are kept)",
            self.cluster_name, self.namespace
        )
    }

    /// The manifests, as one multi-document YAML stream.
    fn render(&self, env: &Environment, desired: &State) -> miette::Result<String> {
        manifests::build(env, desired, self)?.to_yaml()
    }
}
