//! A `provision.msk` block behind the provisioning seam: the SDK client for its region, then `up_with`,
//! `status_with` or `down_with`.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::MskProvision;
use crate::model::state::State;
use crate::provision::backend::{Backend, Pending, UpOptions};
use crate::provision::msk::wait::WaitSettings;
use crate::provision::msk::{client, down_with, status_with, up_with};
use crate::provision::progress::Progress;

impl Backend for MskProvision {
    fn up<'a>(
        &'a self,
        env: &'a Environment,
        _: &'a State,
        _: UpOptions,
        progress: &'a dyn Progress,
    ) -> Pending<'a, ClusterStatus> {
        Box::pin(async move {
            let (client, region) = client(env, self).await?;
            up_with(&client, &region, env, self, WaitSettings::from_env()?, progress).await
        })
    }

    fn status<'a>(&'a self, env: &'a Environment) -> Pending<'a, ClusterStatus> {
        Box::pin(async move {
            let (client, region) = client(env, self).await?;
            status_with(&client, &region, env, self).await
        })
    }

    fn down<'a>(&'a self, env: &'a Environment, progress: &'a dyn Progress) -> Pending<'a, ()> {
        Box::pin(async move {
            let (client, _) = client(env, self).await?;
            down_with(&client, self, WaitSettings::from_env()?, progress).await
        })
    }

    fn removal(&self) -> String {
        format!("the MSK cluster `{}` and all its data", self.cluster_name)
    }
}
