//! The AWS MSK backend behind the provisioning seam.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::MskProvision;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending};
use crate::provision::progress::Progress;

pub struct MskBackend<'e> {
    pub env: &'e Environment,
    pub m: &'e MskProvision,
}

impl Backend for MskBackend<'_> {
    fn environment(&self) -> &Environment {
        self.env
    }

    fn up<'a>(&'a self, _desired: &'a State, progress: &'a dyn Progress) -> Pending<'a, ClusterStatus> {
        Box::pin(super::up(self.env, self.m, progress))
    }

    fn status(&self) -> Pending<'_, ClusterStatus> {
        Box::pin(super::status(self.env, self.m))
    }

    fn down<'a>(&'a self, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(super::down(self.env, self.m, progress))
    }

    fn removal(&self) -> String {
        format!("the MSK cluster `{}` and all its data", self.m.cluster_name)
    }
}
