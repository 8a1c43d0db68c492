//! The `metadata` every resource gets: name, namespace, and the labels that tie it to the cluster and topicctl.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::resources::{CLUSTER_LABEL, MANAGED_BY, MANAGED_BY_LABEL};

pub fn metadata(name: &str, k: &Kubernetes, extra_labels: &BTreeMap<String, String>) -> Value {
    let mut labels: BTreeMap<String, String> = extra_labels.clone();
    labels.insert(CLUSTER_LABEL.into(), k.cluster_name.clone());
    labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
    json!({"name": name, "namespace": k.namespace, "labels": labels})
}

/// `strimzi.io/cluster=<name>,app.kubernetes.io/managed-by=topicctl`: what topicctl created for this cluster.
pub fn selector(k: &Kubernetes) -> String {
    format!("{CLUSTER_LABEL}={},{MANAGED_BY_LABEL}={MANAGED_BY}", k.cluster_name)
}
