//! `KafkaNodePool`s: one pool of KRaft controllers, and brokers either in one pool or, with racks, one pool per
//! zone pinned there by node affinity, replicas split as evenly as the count allows.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::metadata::metadata;
use crate::provision::kubernetes::names::label_part;
use crate::provision::kubernetes::resources::{API_VERSION, CLUSTER_LABEL};

/// The node label Kubernetes puts the zone in; also Strimzi's rack topology key.
pub const ZONE_KEY: &str = "topology.kubernetes.io/zone";

/// A broker pool: its name, replicas and (with racks) the zone it is pinned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerPool {
    pub name: String,
    pub replicas: u32,
    pub zone: Option<String>,
}

/// Brokers per pool: without racks one pool `brokers`; with racks `brokers-<zone>` per zone, the first
/// `brokers % zones` zones taking one more; zones left with no broker get no pool.
pub fn broker_pools(k: &Kubernetes) -> Vec<BrokerPool> {
    if k.racks.is_empty() {
        return vec![BrokerPool {
            name: "brokers".into(),
            replicas: k.brokers,
            zone: None,
        }];
    }
    let zones = k.racks.len() as u32;
    k.racks
        .iter()
        .enumerate()
        .map(|(i, zone)| BrokerPool {
            name: format!("brokers-{}", label_part(zone)),
            replicas: k.brokers / zones + u32::from((i as u32) < k.brokers % zones),
            zone: Some(zone.clone()),
        })
        .filter(|p| p.replicas > 0)
        .collect()
}

fn storage(k: &Kubernetes) -> Value {
    let mut s = json!({"type": "persistent-claim", "size": k.storage, "deleteClaim": false});
    if let Some(class) = &k.storage_class {
        s["class"] = json!(class);
    }
    s
}

fn pool(k: &Kubernetes, name: &str, role: &str, replicas: u32, template: Option<Value>) -> Value {
    let mut spec = json!({"replicas": replicas, "roles": [role], "storage": storage(k)});
    if let Some(template) = template {
        spec["template"] = template;
    }
    json!({
        "apiVersion": API_VERSION,
        "kind": "KafkaNodePool",
        "metadata": metadata(name, k, &BTreeMap::new()),
        "spec": spec,
    })
}

/// The controller pool spreads over the zones (best effort: a full zone must not stop the quorum forming).
fn controller_template(k: &Kubernetes) -> Option<Value> {
    if k.racks.is_empty() {
        return None;
    }
    Some(json!({"pod": {"topologySpreadConstraints": [{
        "maxSkew": 1,
        "topologyKey": ZONE_KEY,
        "whenUnsatisfiable": "ScheduleAnyway",
        "labelSelector": {"matchLabels": {
            CLUSTER_LABEL: k.cluster_name,
            "strimzi.io/pool-name": "controllers",
        }},
    }]}}))
}

/// A broker pool's pods run only on nodes of its zone.
fn zone_affinity(zone: &str) -> Value {
    json!({"pod": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": ZONE_KEY, "operator": "In", "values": [zone]}]}],
    }}}}})
}

/// Controllers first, then broker pools in zone order.
pub fn node_pools(k: &Kubernetes) -> Vec<Value> {
    let mut pools = vec![pool(
        k,
        "controllers",
        "controller",
        k.controllers,
        controller_template(k),
    )];
    for b in broker_pools(k) {
        let template = b.zone.as_deref().map(zone_affinity);
        pools.push(pool(k, &b.name, "broker", b.replicas, template));
    }
    pools
}

#[cfg(test)]
mod tests {
    use super::broker_pools;
    use crate::model::provision::Kubernetes;

    fn k(brokers: u32, racks: &[&str]) -> Kubernetes {
        Kubernetes {
            context: None,
            namespace: "kafka".into(),
            cluster_name: "c".into(),
            brokers,
            controllers: 3,
            storage: "10Gi".into(),
            storage_class: None,
            kafka_version: None,
            racks: racks.iter().map(|s| s.to_string()).collect(),
            topics: false,
            users: false,
        }
    }

    #[test]
    fn brokers_split_evenly_over_zones() {
        let counts = |b, r: &[&str]| broker_pools(&k(b, r)).iter().map(|p| p.replicas).collect::<Vec<_>>();
        assert_eq!(counts(3, &["a", "b", "c"]), [1, 1, 1]);
        assert_eq!(counts(5, &["a", "b", "c"]), [2, 2, 1]);
        assert_eq!(counts(2, &["a", "b", "c"]), [1, 1]);
        assert_eq!(counts(4, &[]), [4]);
        assert_eq!(broker_pools(&k(4, &["eu-1a"]))[0].name, "brokers-eu-1a");
    }
}
