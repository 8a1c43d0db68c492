//! `cluster render`: snapshots of the manifests, and every document valid against the Strimzi CRDs.

use serde_json::{Value, json};

use super::crd_schema::{Crds, documents};
use super::specs::{LAB_PASSWORD, lab, paklog};
use crate::common::Test;

fn render_staging() -> String {
    let specs = paklog();
    Test::new()
        .args(["cluster", "render", "staging", "-f", specs.to_str().unwrap()])
        .run()
        .stdout
}

fn render_lab() -> String {
    let dir = lab();
    Test::new()
        .args(["cluster", "render", "lab", "-f", dir.path().to_str().unwrap()])
        .env("LAB_ORDER_PASSWORD", LAB_PASSWORD)
        .run()
        .stdout
}

fn kinds(docs: &[Value]) -> Vec<String> {
    docs.iter()
        .map(|d| {
            format!(
                "{}/{}",
                d["kind"].as_str().unwrap(),
                d["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect()
}

fn assert_valid(yaml: &str) -> Vec<Value> {
    let crds = Crds::load();
    let docs = documents(yaml);
    assert!(!docs.is_empty());
    let problems: Vec<String> = docs.iter().flat_map(|d| crds.problems(d)).collect();
    assert!(
        problems.is_empty(),
        "manifests do not match the Strimzi CRDs:\n{}",
        problems.join("\n")
    );
    for d in &docs {
        assert_eq!(d["apiVersion"], "kafka.strimzi.io/v1");
        assert!(
            d["metadata"]["namespace"].is_string(),
            "namespace on {}",
            d["metadata"]["name"]
        );
    }
    docs
}

/// Stored as `tests/snapshots/strimzi_*.snap`.
fn snapshot(name: &str, yaml: &str) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, yaml);
    });
}

#[test]
fn paklog_staging_manifests_match_the_crds_and_snapshot() {
    let yaml = render_staging();
    let docs = assert_valid(&yaml);
    assert_eq!(
        kinds(&docs),
        [
            "KafkaNodePool/controllers",
            "KafkaNodePool/brokers-eu-central-1a",
            "KafkaNodePool/brokers-eu-central-1b",
            "KafkaNodePool/brokers-eu-central-1c",
            "Kafka/paklog",
            "KafkaTopic/inventory.events",
            "KafkaTopic/inventory.stock.commands",
            "KafkaTopic/inventory.stock.snapshots",
        ]
    );
    assert!(docs.iter().all(|d| d["metadata"]["namespace"] == "paklog-staging"));
    let kafka = &docs[4]["spec"]["kafka"];
    assert_eq!(
        kafka["listeners"],
        json!([{"name": "tls", "port": 9093, "type": "internal", "tls": true,
                "authentication": {"type": "scram-sha-512"}}])
    );
    assert_eq!(kafka["rack"]["topologyKey"], "topology.kubernetes.io/zone");
    assert_eq!(docs[4]["spec"]["entityOperator"], json!({"topicOperator": {}}));
    assert!(
        kafka.get("authorization").is_none(),
        "users are not rendered for staging"
    );
    // Deterministic: a second run prints the same bytes.
    assert_eq!(yaml, render_staging());
    snapshot("strimzi_paklog_staging", &yaml);
}

#[test]
fn lab_variant_manifests_match_the_crds_and_snapshot() {
    let yaml = render_lab();
    assert!(!yaml.contains(LAB_PASSWORD), "a password was rendered");
    let docs = assert_valid(&yaml);
    let names = kinds(&docs);
    assert_eq!(names[0], "KafkaNodePool/controllers");
    assert_eq!(names[1], "KafkaNodePool/brokers");
    assert_eq!(names[2], "Kafka/lab");
    assert!(names[3].starts_with("KafkaTopic/orders-v1-"), "{names:?}");
    assert_eq!(&names[4..], ["KafkaUser/audit", "KafkaUser/order-service"]);
    let kafka = &docs[2]["spec"];
    assert_eq!(
        kafka["kafka"]["listeners"],
        json!([{"name": "plain", "port": 9092, "type": "internal", "tls": false}])
    );
    assert_eq!(kafka["kafka"]["authorization"]["type"], "simple");
    assert_eq!(kafka["kafka"]["version"], "4.1.0");
    assert_eq!(
        kafka["entityOperator"],
        json!({"topicOperator": {}, "userOperator": {}})
    );
    assert_eq!(docs[1]["spec"]["storage"]["class"], "fast-ssd");
    assert_eq!(docs[1]["spec"]["replicas"], 2);
    assert_eq!(docs[3]["spec"]["topicName"], "Orders_v1");
    let order = &docs[5]["spec"];
    assert_eq!(
        order["authentication"]["password"]["valueFrom"]["secretKeyRef"],
        json!({"name": "order-service-scram", "key": "password"})
    );
    assert!(
        docs[4]["spec"]["authentication"].get("password").is_none(),
        "Strimzi generates audit's password"
    );
    snapshot("strimzi_lab", &yaml);
}

#[test]
fn the_schema_check_rejects_unknown_fields_wrong_types_and_unserved_versions() {
    let crds = Crds::load();
    let docs = documents(&render_staging());
    let kafka = docs.iter().find(|d| d["kind"] == "Kafka").unwrap().clone();
    let pool = docs.iter().find(|d| d["kind"] == "KafkaNodePool").unwrap().clone();
    assert!(crds.problems(&kafka).is_empty());

    let mut unknown = kafka.clone();
    unknown["spec"]["kafka"]["listenrs"] = json!([]);
    let problems = crds.problems(&unknown);
    assert!(problems.iter().any(|p| p.contains("listenrs")), "{problems:?}");

    let mut wrong_type = pool.clone();
    wrong_type["spec"]["replicas"] = json!("three");
    let problems = crds.problems(&wrong_type);
    assert!(problems.iter().any(|p| p.contains("/spec/replicas")), "{problems:?}");

    let mut bad_enum = kafka.clone();
    bad_enum["spec"]["kafka"]["listeners"][0]["authentication"]["type"] = json!("scram-sha-256");
    assert!(!crds.problems(&bad_enum).is_empty());

    let mut old = kafka.clone();
    old["apiVersion"] = json!("kafka.strimzi.io/v1beta2");
    let problems = crds.problems(&old);
    assert!(problems.iter().any(|p| p.contains("v1beta2")), "{problems:?}");

    // int-or-string: a quantity may be either (a wrong type inside such a field would still be caught).
    let mut resources = pool.clone();
    resources["spec"]["resources"] = json!({"requests": {"cpu": 1, "memory": "2Gi"}});
    assert!(crds.problems(&resources).is_empty(), "{:?}", crds.problems(&resources));
    resources["spec"]["resources"]["requests"]["cpu"] = json!(true);
    assert!(!crds.problems(&resources).is_empty());
}

#[test]
fn render_refuses_non_kubernetes_environments_and_unsupported_sasl() {
    let specs = paklog();
    let ran = Test::new()
        .args(["cluster", "render", "prod", "-f", specs.to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.contains("not provisioned on Kubernetes"), "{}", ran.stderr);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: x\nbootstrap: b:9093\nsecurity: {protocol: SASL_SSL, sasl: {mechanism: SCRAM-SHA-256, username: u, password: p}}\nprovision: {kubernetes: {}}\n",
    )
    .unwrap();
    let ran = Test::new()
        .args(["cluster", "render", "x", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.contains("SCRAM-SHA-256"), "{}", ran.stderr);
}
