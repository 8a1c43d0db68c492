//! `cluster status`: the Kafka resource's readiness and bootstrap address, and its node pools.

use kube::api::ListParams;
use serde_json::Value;

use crate::model::cluster_status::{ClusterState, ClusterStatus, Member};
use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::client::KubeClient;
use crate::provision::kubernetes::conditions::readiness;
use crate::provision::kubernetes::listeners::listener;
use crate::provision::kubernetes::resources::{CLUSTER_LABEL, Kind};

fn ids(v: &Value) -> String {
    let ids: Vec<String> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .map(|i| i.to_string())
        .collect();
    ids.join(",")
}

fn pool_member(pool: &Value) -> Member {
    let roles: Vec<&str> = pool["spec"]["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut detail = format!(
        "{}, {} replica(s)",
        roles.join("+"),
        pool["spec"]["replicas"].as_i64().unwrap_or(0)
    );
    let nodes = ids(&pool["status"]["nodeIds"]);
    if !nodes.is_empty() {
        detail.push_str(&format!(", nodes {nodes}"));
    }
    let zone = &pool["spec"]["template"]["pod"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        ["nodeSelectorTerms"][0]["matchExpressions"][0]["values"][0];
    if let Some(zone) = zone.as_str() {
        detail.push_str(&format!(", zone {zone}"));
    }
    let r = readiness(pool);
    let state = if pool["status"].is_null() {
        "pending".to_owned()
    } else if r.ready {
        "Ready".into()
    } else {
        "reconciling".into()
    };
    Member {
        name: pool["metadata"]["name"].as_str().unwrap_or_default().to_owned(),
        state,
        detail,
    }
}

pub async fn status(kube: &KubeClient, env: &Environment, k: &Kubernetes) -> miette::Result<ClusterStatus> {
    let location = format!("{}/{}", kube.location, k.cluster_name);
    let kafka = kube.get_opt(Kind::Kafka, &k.cluster_name).await?;
    let Some(kafka) = kafka else {
        return Ok(ClusterStatus {
            environment: env.name.clone(),
            kind: "kubernetes",
            location,
            state: ClusterState::Absent,
            bootstrap: None,
            members: Vec::new(),
            details: Vec::new(),
        });
    };
    let kafka = serde_json::to_value(&kafka).unwrap_or_default();
    let r = readiness(&kafka);
    let wanted = listener(&env.security).ok().map(|l| l.name);
    let listeners = kafka["status"]["listeners"].as_array().cloned().unwrap_or_default();
    let bootstrap = listeners
        .iter()
        .find(|l| l["name"].as_str() == wanted)
        .or_else(|| listeners.first())
        .and_then(|l| l["bootstrapServers"].as_str())
        .map(str::to_owned);
    let pools = kube
        .api(Kind::KafkaNodePool)
        .list(&ListParams::default().labels(&format!("{CLUSTER_LABEL}={}", k.cluster_name)))
        .await
        .map_err(|e| kube.error(Kind::KafkaNodePool, "list node pools", e))?;
    let mut members: Vec<Member> = pools
        .items
        .iter()
        .map(|p| pool_member(&serde_json::to_value(p).unwrap_or_default()))
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let mut details = vec![("condition".to_owned(), r.summary.clone())];
    for (key, label) in [
        ("kafkaVersion", "kafka version"),
        ("kafkaMetadataVersion", "metadata version"),
        ("clusterId", "cluster id"),
    ] {
        if let Some(v) = kafka["status"][key].as_str() {
            details.push((label.to_owned(), v.to_owned()));
        }
    }
    Ok(ClusterStatus {
        environment: env.name.clone(),
        kind: "kubernetes",
        location,
        state: if r.ready {
            ClusterState::Ready
        } else {
            ClusterState::Pending
        },
        bootstrap,
        members,
        details,
    })
}
