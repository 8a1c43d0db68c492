//! A `provision.local` block behind the provisioning seam.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Local;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending, UpOptions};
use crate::provision::progress::Progress;

impl Backend for Local {
    fn up<'a>(
        &'a self,
        env: &'a Environment,
        _: &'a State,
        _: UpOptions,
        progress: &'a dyn Progress,
    ) -> Pending<'a, ClusterStatus> {
        Box::pin(super::up(env, self, progress))
    }

    fn status<'a>(&'a self, env: &'a Environment) -> Pending<'a, ClusterStatus> {
        Box::pin(super::status(env, self))
    }

    fn down<'a>(&'a self, env: &'a Environment, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(super::down(env, self, progress))
    }

    fn removal(&self) -> String {
        format!("the {} local Kafka node(s) and their data", self.brokers)
    }
}
