//! The `ClusterStatus` of a local cluster: from its state folder and what the brokers say, or of a cluster that
//! answers on the bootstrap address without topicctl having started it.

use crate::model::broker::ClusterInfo;
use crate::model::cluster_status::{ClusterState, ClusterStatus, Member};
use crate::model::environment::Environment;
use crate::provision::local::identity::Verdict;
use crate::provision::local::process;
use crate::provision::local::readiness::probe;
use crate::provision::local::state::SavedCluster;

pub async fn describe(env: &Environment, folder: &std::path::Path, cluster: &SavedCluster) -> ClusterStatus {
    let verdicts: Vec<Verdict> = cluster.nodes.iter().map(|n| process::identify(folder, n)).collect();
    let alive: Vec<bool> = verdicts.iter().map(|v| *v == Verdict::Ours).collect();
    let info = if alive.iter().any(|a| *a) {
        probe(&cluster.bootstrap()).await
    } else {
        None
    };
    let registered = info.as_ref().map_or(0, |i| i.brokers.len());
    let state = match alive.iter().filter(|a| **a).count() {
        0 => ClusterState::Stopped,
        up if up < cluster.nodes.len() => ClusterState::Degraded,
        _ if registered >= cluster.nodes.len() => ClusterState::Ready,
        _ => ClusterState::Pending,
    };
    let members = cluster
        .nodes
        .iter()
        .zip(&verdicts)
        .map(|(node, verdict)| Member {
            name: format!("node-{}", node.id),
            state: match verdict {
                Verdict::Ours => "running",
                Verdict::Gone => "stopped",
                Verdict::Foreign(_) => "gone",
            }
            .to_string(),
            detail: format!(
                "{}, controller :{}, rack {}{}",
                node.address(),
                node.controller_port,
                node.rack,
                match (verdict, node.pid) {
                    (Verdict::Ours, Some(pid)) => format!(", pid {pid}"),
                    (Verdict::Foreign(why), Some(pid)) => format!(", pid {pid} is now {why}"),
                    _ => String::new(),
                }
            ),
        })
        .collect();
    ClusterStatus {
        environment: env.name.clone(),
        kind: "local",
        location: folder.display().to_string(),
        state,
        bootstrap: Some(cluster.bootstrap()),
        members,
        details: vec![
            ("Kafka".to_string(), cluster.kafka_version.clone()),
            ("Cluster ID".to_string(), cluster.cluster_id.clone()),
            (
                "Brokers".to_string(),
                format!("{registered} of {} registered", cluster.nodes.len()),
            ),
        ],
    }
}

/// A cluster topicctl did not start (no state folder) that answers on the environment's bootstrap address.
pub fn external(env: &Environment, host: &str, port: u16, info: &ClusterInfo) -> ClusterStatus {
    ClusterStatus {
        environment: env.name.clone(),
        kind: "local",
        location: "not started by topicctl (no state folder)".to_string(),
        state: ClusterState::Ready,
        bootstrap: Some(format!("{host}:{port}")),
        members: info
            .brokers
            .iter()
            .map(|b| Member {
                name: format!("broker-{}", b.id),
                state: "registered".to_string(),
                detail: format!("{}, rack {}", b.address(), b.rack.as_deref().unwrap_or("-")),
            })
            .collect(),
        details: vec![("Cluster ID".to_string(), info.cluster_id.clone())],
    }
}
