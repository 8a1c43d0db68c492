//! AWS MSK clusters through `aws-sdk-kafka`: create or update, wait for `ACTIVE`, discover bootstrap brokers,
//! delete. The SDK runs on our own reqwest HTTP client (`sdk_client`), so no C crypto enters the build.

mod backend;
pub mod configuration;
pub mod create;
pub mod errors;
pub mod status;
pub mod update;
pub mod wait;

#[cfg(test)]
mod replay_tests;

pub use errors::MskError;

use aws_sdk_kafka::Client;
use aws_sdk_kafka::types::ClusterState as MskState;

use crate::cluster::aws::errors::sdk_error;
use crate::cluster::aws::{bootstrap, lookup, sdk_client};
use crate::model::cluster_status::ClusterStatus;
use crate::model::environment::Environment;
use crate::model::provision::MskProvision;
use crate::provision::msk::wait::WaitSettings;
use crate::provision::progress::Progress;

/// `provision.msk.region`, else `msk.region`, else the region of `msk.clusterArn`, else the SDK's default chain.
pub use crate::model::environment::msk_region as region;

/// The SDK client for the environment's region, and that region's name.
async fn client(env: &Environment, m: &MskProvision) -> miette::Result<(Client, String)> {
    let client = sdk_client::kafka_client(region(env, m)).await?;
    let region = client.config().region().map(|r| r.to_string()).unwrap_or_default();
    Ok((client, region))
}

/// `up` on a given client: create or update, wait for ACTIVE, discover the bootstrap brokers.
pub async fn up_with(
    client: &Client,
    region: &str,
    env: &Environment,
    m: &MskProvision,
    settings: WaitSettings,
    progress: &dyn Progress,
) -> miette::Result<ClusterStatus> {
    let configuration = if m.serverless {
        None
    } else {
        configuration::ensure(
            client,
            &m.cluster_name,
            &m.kafka_version,
            &m.server_properties,
            progress,
        )
        .await?
    };
    let cluster = match lookup::find_by_name(client, &m.cluster_name).await? {
        None => {
            progress.step(&format!(
                "creating MSK cluster {} in {region} ({})",
                m.cluster_name,
                if m.serverless {
                    "serverless".to_owned()
                } else {
                    format!("{} x {}, Kafka {}", m.brokers, m.broker_type, m.kafka_version)
                }
            ));
            let arn = create::create(client, m, configuration.as_ref()).await?;
            progress.step(&format!("created {arn}"));
            wait::until_active(client, &arn, settings, progress).await?
        }
        Some(found) => {
            let arn = found
                .cluster_arn()
                .ok_or_else(|| MskError::ListedWithoutArn {
                    cluster: m.cluster_name.clone(),
                })?
                .to_owned();
            progress.step(&format!("MSK cluster {} exists: {arn}", m.cluster_name));
            let live = wait::until_active(client, &arn, settings, progress).await?;
            let (updates, left) = update::differences(&live, m, configuration.as_ref())?;
            for l in &left {
                progress.step(l);
            }
            if updates.is_empty() {
                progress.step("nothing to update");
                live
            } else {
                update::apply(client, live, &updates, settings, progress).await?
            }
        }
    };
    let arn = cluster.cluster_arn().unwrap_or_default();
    let bootstrap = bootstrap::get(client, arn).await?;
    let status = status::from_cluster(env, &cluster, Some(&bootstrap));
    if let Some(b) = &status.bootstrap {
        progress.step(&format!("bootstrap brokers: {b}"));
    }
    Ok(status)
}

pub async fn status_with(
    client: &Client,
    region: &str,
    env: &Environment,
    m: &MskProvision,
) -> miette::Result<ClusterStatus> {
    let Some(found) = lookup::find_by_name(client, &m.cluster_name).await? else {
        return Ok(status::absent(env, m, region));
    };
    let arn = found.cluster_arn().unwrap_or_default().to_owned();
    let cluster = lookup::describe(client, &arn).await?;
    // Brokers have addresses only once the cluster is ACTIVE (or being updated).
    let bootstrap = match cluster.state() {
        Some(MskState::Active | MskState::Updating | MskState::RebootingBroker | MskState::Maintenance) => {
            Some(bootstrap::get(client, &arn).await?)
        }
        _ => None,
    };
    Ok(status::from_cluster(env, &cluster, bootstrap.as_ref()))
}

pub async fn down_with(
    client: &Client,
    m: &MskProvision,
    settings: WaitSettings,
    progress: &dyn Progress,
) -> miette::Result<()> {
    let Some(found) = lookup::find_by_name(client, &m.cluster_name).await? else {
        progress.step(&format!("no MSK cluster named {}: nothing to delete", m.cluster_name));
        return Ok(());
    };
    let arn = found.cluster_arn().unwrap_or_default().to_owned();
    if found.state() != Some(&MskState::Deleting) {
        progress.step(&format!("deleting {arn}"));
        client
            .delete_cluster()
            .cluster_arn(&arn)
            .set_current_version(found.current_version().map(str::to_owned))
            .send()
            .await
            .map_err(|e| sdk_error("DeleteCluster", e))?;
    }
    wait::until_gone(client, &m.cluster_name, settings, progress).await
}
