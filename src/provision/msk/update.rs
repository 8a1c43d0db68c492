//! Bringing an existing provisioned cluster to the spec where MSK allows it, one update at a time (MSK runs one
//! operation per cluster): configuration revision (UpdateClusterConfiguration), broker count (UpdateBrokerCount),
//! storage growth (UpdateBrokerStorage). Broker type, Kafka version, subnets, security groups and authentication
//! are reported when they differ, not changed.

use aws_sdk_kafka::Client;
use aws_sdk_kafka::types::{BrokerEbsVolumeInfo, Cluster, ConfigurationInfo};

use crate::cluster::aws::errors::sdk_error;
use crate::model::provision::MskProvision;
use crate::provision::msk::configuration::Revision;
use crate::provision::msk::errors::MskError;
use crate::provision::msk::wait::{WaitSettings, until_active};
use crate::provision::progress::Progress;

/// One change MSK can make in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    Configuration(Revision),
    BrokerCount { from: i32, to: i32 },
    Storage { from: i32, to: i32 },
}

/// What differs: the updates to make, and the differences topicctl leaves alone (as sentences).
pub fn differences(
    live: &Cluster,
    m: &MskProvision,
    configuration: Option<&Revision>,
) -> miette::Result<(Vec<Update>, Vec<String>)> {
    let mut updates = Vec::new();
    let mut left = Vec::new();
    let Some(p) = live.provisioned() else {
        if !m.serverless {
            left.push("the cluster is serverless but the spec describes a provisioned one".to_owned());
        }
        return Ok((updates, left));
    };
    if m.serverless {
        left.push("the cluster is provisioned but the spec describes a serverless one".to_owned());
        return Ok((updates, left));
    }
    let software = p.current_broker_software_info();
    if let Some(rev) = configuration {
        let live_rev = software.and_then(|s| Some((s.configuration_arn()?, s.configuration_revision()?)));
        if live_rev != Some((rev.arn.as_str(), rev.revision)) {
            updates.push(Update::Configuration(rev.clone()));
        }
    }
    let want = i32::try_from(m.brokers).unwrap_or(i32::MAX);
    if let Some(have) = p.number_of_broker_nodes()
        && have != want
    {
        updates.push(Update::BrokerCount { from: have, to: want });
    }
    let nodes = p.broker_node_group_info();
    let want_storage = i32::try_from(m.storage_gib).unwrap_or(i32::MAX);
    if let Some(have) = nodes
        .and_then(|n| n.storage_info())
        .and_then(|s| s.ebs_storage_info())
        .and_then(|e| e.volume_size())
    {
        if want_storage > have {
            updates.push(Update::Storage {
                from: have,
                to: want_storage,
            });
        } else if want_storage < have {
            return Err(MskError::StorageShrink {
                want: want_storage,
                have,
            }
            .into());
        }
    }
    if let Some(t) = nodes.and_then(|n| n.instance_type())
        && t != m.broker_type
    {
        left.push(format!(
            "broker type is {t}, the spec says {} (not changed)",
            m.broker_type
        ));
    }
    if let Some(v) = software.and_then(|s| s.kafka_version())
        && v != m.kafka_version
    {
        left.push(format!(
            "Kafka version is {v}, the spec says {} (not changed)",
            m.kafka_version
        ));
    }
    Ok((updates, left))
}

/// Makes each update, waiting for ACTIVE after each; returns the cluster as it is at the end.
pub async fn apply(
    client: &Client,
    mut live: Cluster,
    updates: &[Update],
    settings: WaitSettings,
    progress: &dyn Progress,
) -> miette::Result<Cluster> {
    let arn = live.cluster_arn().unwrap_or_default().to_owned();
    for update in updates {
        let version = live.current_version().unwrap_or_default().to_owned();
        match update {
            Update::Configuration(rev) => {
                progress.step(&format!("applying configuration revision {}", rev.revision));
                client
                    .update_cluster_configuration()
                    .cluster_arn(&arn)
                    .current_version(&version)
                    .configuration_info(
                        ConfigurationInfo::builder()
                            .arn(&rev.arn)
                            .revision(rev.revision)
                            .build(),
                    )
                    .send()
                    .await
                    .map_err(|e| sdk_error("UpdateClusterConfiguration", e))?;
            }
            Update::BrokerCount { from, to } => {
                progress.step(&format!("changing broker count {from} -> {to}"));
                client
                    .update_broker_count()
                    .cluster_arn(&arn)
                    .current_version(&version)
                    .target_number_of_broker_nodes(*to)
                    .send()
                    .await
                    .map_err(|e| sdk_error("UpdateBrokerCount", e))?;
            }
            Update::Storage { from, to } => {
                progress.step(&format!("growing broker storage {from} GiB -> {to} GiB"));
                client
                    .update_broker_storage()
                    .cluster_arn(&arn)
                    .current_version(&version)
                    .target_broker_ebs_volume_info(
                        BrokerEbsVolumeInfo::builder()
                            .kafka_broker_node_id("All")
                            .volume_size_gb(*to)
                            .build(),
                    )
                    .send()
                    .await
                    .map_err(|e| sdk_error("UpdateBrokerStorage", e))?;
            }
        }
        live = until_active(client, &arn, settings, progress).await?;
    }
    Ok(live)
}
