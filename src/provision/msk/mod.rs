//! AWS MSK clusters through `aws-sdk-kafka`: create or update, wait for `ACTIVE`, discover bootstrap brokers,
//! delete.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::MskProvision;
use crate::provision::progress::Progress;

pub async fn up(env: &Environment, m: &MskProvision, progress: &dyn Progress) -> miette::Result<ClusterStatus> {
    let _ = (env, m, progress);
    Err(miette::miette!("provisioning on MSK is being built"))
}

pub async fn status(env: &Environment, m: &MskProvision) -> miette::Result<ClusterStatus> {
    let _ = (env, m);
    Err(miette::miette!("provisioning on MSK is being built"))
}

pub async fn down(env: &Environment, m: &MskProvision, progress: &dyn Progress) -> miette::Result<()> {
    let _ = (env, m, progress);
    Err(miette::miette!("provisioning on MSK is being built"))
}
