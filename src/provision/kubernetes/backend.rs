//! The Strimzi backend behind the provisioning seam; the only one that renders manifests.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending};
use crate::provision::progress::Progress;

pub struct KubernetesBackend<'e> {
    pub env: &'e Environment,
    pub k: &'e Kubernetes,
}

impl Backend for KubernetesBackend<'_> {
    fn environment(&self) -> &Environment {
        self.env
    }

    fn up<'a>(&'a self, desired: &'a State, progress: &'a dyn Progress) -> Pending<'a, ClusterStatus> {
        Box::pin(super::up(self.env, desired, self.k, progress))
    }

    fn status(&self) -> Pending<'_, ClusterStatus> {
        Box::pin(super::status(self.env, self.k))
    }

    fn down<'a>(&'a self, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(super::down(self.env, self.k, progress))
    }

    fn removal(&self) -> String {
        format!(
            "the Strimzi cluster `{}` in namespace `{}` with its KafkaTopics (Kafka deletes those topics) and \
             KafkaUsers (its PersistentVolumeClaims are kept)",
            self.k.cluster_name, self.k.namespace
        )
    }

    fn render(&self, desired: &State) -> miette::Result<String> {
        super::render(self.env, desired, self.k)
    }
}
