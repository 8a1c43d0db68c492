//! Spec folders for the Strimzi tests: paklog's `staging`, and a `lab` variant (plaintext, no racks, users on).

use std::path::{Path, PathBuf};

pub fn paklog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paklog")
}

/// Plaintext security, no racks, users and topics rendered, a storage class and a Kafka version, a topic whose
/// Kafka name is not a valid Kubernetes name, and a SCRAM user whose password comes from `LAB_ORDER_PASSWORD`.
pub const LAB: &str = "\
kind: Environment
name: lab
bootstrap: lab-kafka-bootstrap.kafka.svc:9092
provision:
  kubernetes:
    clusterName: lab
    brokers: 2
    controllers: 1
    storage: 20Gi
    storageClass: fast-ssd
    kafkaVersion: 4.1.0
    topics: true
    users: true
---
kind: Topic
name: Orders_v1
partitions: 3
replicationFactor: 2
config: {retention.ms: 1d, cleanup.policy: delete}
---
kind: Principal
name: User:order-service
produces: [Orders_v1]
consumes: [Orders_v1]
groups: [order-service-group]
---
kind: Principal
name: User:audit
consumes: [Orders_v1]
groups: [audit-group]
---
kind: User
name: order-service
credentials:
  - {mechanism: SCRAM-SHA-512, passwordEnv: LAB_ORDER_PASSWORD}
";

pub const LAB_PASSWORD: &str = "s3cret-order-pw";

pub fn lab() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("lab.yaml"), LAB).expect("write spec");
    dir
}
