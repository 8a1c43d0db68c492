//! An MSK cluster as a `ClusterStatus`.

use aws_sdk_kafka::types::{Cluster, ClusterState as MskState};

use crate::cluster::aws::bootstrap::Bootstrap;
use crate::model::cluster_status::{ClusterState, ClusterStatus};
use crate::model::environment::Environment;
use crate::model::provision::MskProvision;

pub fn state(s: Option<&MskState>) -> ClusterState {
    match s {
        Some(MskState::Active) => ClusterState::Ready,
        Some(MskState::Failed) => ClusterState::Failed,
        Some(MskState::Maintenance | MskState::Healing) => ClusterState::Degraded,
        _ => ClusterState::Pending,
    }
}

pub fn absent(env: &Environment, m: &MskProvision, region: &str) -> ClusterStatus {
    ClusterStatus {
        environment: env.name.clone(),
        kind: "msk",
        location: format!("{} in {region}", m.cluster_name),
        state: ClusterState::Absent,
        bootstrap: None,
        members: Vec::new(),
        details: Vec::new(),
    }
}

pub fn from_cluster(env: &Environment, cluster: &Cluster, bootstrap: Option<&Bootstrap>) -> ClusterStatus {
    let mut details = vec![(
        "msk state".to_owned(),
        cluster
            .state()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|| "?".into()),
    )];
    if let Some(p) = cluster.provisioned() {
        if let Some(v) = p.current_broker_software_info().and_then(|s| s.kafka_version()) {
            details.push(("kafka".to_owned(), v.to_owned()));
        }
        let nodes = p.broker_node_group_info();
        let count = p.number_of_broker_nodes().unwrap_or(0);
        let kind = nodes.and_then(|n| n.instance_type()).unwrap_or("?");
        details.push(("brokers".to_owned(), format!("{count} x {kind}")));
        if let Some(gib) = nodes
            .and_then(|n| n.storage_info())
            .and_then(|s| s.ebs_storage_info())
            .and_then(|e| e.volume_size())
        {
            details.push(("storage".to_owned(), format!("{gib} GiB per broker")));
        }
        if let Some(s) = p.current_broker_software_info()
            && let (Some(arn), Some(rev)) = (s.configuration_arn(), s.configuration_revision())
            && arn.starts_with("arn:")
        {
            details.push(("config".to_owned(), format!("{arn} revision {rev}")));
        }
    } else if cluster.serverless().is_some() {
        details.push(("type".to_owned(), "serverless".to_owned()));
    }
    if let Some(b) = bootstrap {
        for (auth, s) in b.entries() {
            details.push((format!("bootstrap {}", auth.name()), s.to_owned()));
        }
    }
    ClusterStatus {
        environment: env.name.clone(),
        kind: "msk",
        location: cluster.cluster_arn().unwrap_or("?").to_owned(),
        state: state(cluster.state()),
        bootstrap: bootstrap.and_then(|b| b.preferred()).map(|(_, s)| s.to_owned()),
        members: Vec::new(),
        details,
    }
}
