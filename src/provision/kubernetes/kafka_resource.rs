//! The `Kafka` resource: a KRaft cluster made of node pools, its listener, authorization, rack awareness and the
//! entity operators the rendered topics and users need.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::listeners::Listener;
use crate::provision::kubernetes::metadata::metadata;
use crate::provision::kubernetes::node_pools::ZONE_KEY;
use crate::provision::kubernetes::resources::API_VERSION;

/// Replication of Kafka's internal topics and the default for new topics: 3 (or fewer with fewer brokers),
/// with one replica allowed to be down.
fn broker_config(k: &Kubernetes) -> Value {
    let rf = k.brokers.clamp(1, 3);
    let min_isr = rf.saturating_sub(1).max(1);
    json!({
        "default.replication.factor": rf,
        "min.insync.replicas": min_isr,
        "offsets.topic.replication.factor": rf,
        "transaction.state.log.min.isr": min_isr,
        "transaction.state.log.replication.factor": rf,
    })
}

pub fn kafka(env: &Environment, k: &Kubernetes, listener: &Listener) -> Value {
    let mut kafka = json!({
        "listeners": [listener.to_json()],
        "config": broker_config(k),
    });
    if let Some(version) = &k.kafka_version {
        kafka["version"] = json!(version);
    }
    if k.users {
        let mut authorization = json!({"type": "simple"});
        // topicctl's own login manages topics and ACLs outside the User Operator: it must not be locked out.
        if let Some(user) = &env.security.username {
            authorization["superUsers"] = json!([format!("User:{user}")]);
        }
        kafka["authorization"] = authorization;
    }
    if !k.racks.is_empty() {
        kafka["rack"] = json!({"topologyKey": ZONE_KEY});
    }
    let mut spec = json!({"kafka": kafka});
    if k.topics || k.users {
        let mut operators = json!({});
        if k.topics {
            operators["topicOperator"] = json!({});
        }
        if k.users {
            operators["userOperator"] = json!({});
        }
        spec["entityOperator"] = operators;
    }
    let mut meta = metadata(&k.cluster_name, k, &BTreeMap::new());
    // The Kafka resource is the cluster: it carries no `strimzi.io/cluster` label of its own.
    if let Some(labels) = meta["labels"].as_object_mut() {
        labels.remove(crate::provision::kubernetes::resources::CLUSTER_LABEL);
    }
    json!({"apiVersion": API_VERSION, "kind": "Kafka", "metadata": meta, "spec": spec})
}
