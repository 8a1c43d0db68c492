//! `KafkaTopic`s for the specs' topics, for Strimzi's Topic Operator.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::provision::Kubernetes;
use crate::model::state::State;
use crate::provision::kubernetes::metadata::metadata;
use crate::provision::kubernetes::names::{is_label, object_name};
use crate::provision::kubernetes::resources::API_VERSION;

/// Config values as YAML scalars: integers and booleans as such (as Strimzi's examples write them), the rest as
/// strings.
fn config_value(v: &str) -> Value {
    if let Ok(n) = v.parse::<i64>() {
        return json!(n);
    }
    match v {
        "true" => json!(true),
        "false" => json!(false),
        _ => json!(v),
    }
}

pub fn topics(desired: &State, k: &Kubernetes) -> Vec<Value> {
    desired
        .topics
        .values()
        .map(|t| {
            let name = object_name(&t.name);
            // Spec labels that are valid Kubernetes labels are carried over; the others stay in the specs only.
            let labels: BTreeMap<String, String> =
                t.labels.iter().filter(|(k, v)| is_label(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect();
            let config: serde_json::Map<String, Value> =
                t.config.iter().map(|(k, v)| (k.clone(), config_value(v))).collect();
            let mut spec = json!({"partitions": t.partitions, "replicas": t.replication_factor});
            if name != t.name {
                spec["topicName"] = json!(t.name);
            }
            if !config.is_empty() {
                spec["config"] = Value::Object(config);
            }
            json!({"apiVersion": API_VERSION, "kind": "KafkaTopic", "metadata": metadata(&name, k, &labels), "spec": spec})
        })
        .collect()
}
