//! The local backend behind the provisioning seam.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Local;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending};
use crate::provision::progress::Progress;

pub struct LocalBackend<'e> {
    pub env: &'e Environment,
    pub local: &'e Local,
}

impl Backend for LocalBackend<'_> {
    fn environment(&self) -> &Environment {
        self.env
    }

    fn up<'a>(&'a self, _desired: &'a State, progress: &'a dyn Progress) -> Pending<'a, ClusterStatus> {
        Box::pin(super::up(self.env, self.local, progress))
    }

    fn status(&self) -> Pending<'_, ClusterStatus> {
        Box::pin(super::status(self.env, self.local))
    }

    fn down<'a>(&'a self, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(super::down(self.env, self.local, progress))
    }

    fn removal(&self) -> String {
        format!("the {} local Kafka node(s) and their data", self.local.brokers)
    }
}
