//! Local clusters: N Apache Kafka nodes in KRaft mode as processes on 127.0.0.1.

use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::Local;
use crate::provision::progress::Progress;

pub async fn up(env: &Environment, local: &Local, progress: &dyn Progress) -> miette::Result<ClusterStatus> {
    let _ = (env, local, progress);
    Err(miette::miette!("local provisioning is being built"))
}

pub async fn status(env: &Environment, local: &Local) -> miette::Result<ClusterStatus> {
    let _ = (env, local);
    Err(miette::miette!("local provisioning is being built"))
}

pub async fn down(env: &Environment, local: &Local, progress: &dyn Progress) -> miette::Result<()> {
    let _ = (env, local, progress);
    Err(miette::miette!("local provisioning is being built"))
}
