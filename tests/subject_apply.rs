//! Schema Registry subjects planned and applied against a real registry (Apicurio, Confluent-compatible API):
//! formatting never counts, a compatible evolution becomes a new version, an incompatible one is blocked and
//! nothing is registered.

use topicctl::cluster::registry::{RegistryClient, RegistryConfig};

use crate::common::{Test, cluster, unique};

fn registry_url() -> String {
    std::env::var("SCHEMA_REGISTRY_URL")
        .expect("SCHEMA_REGISTRY_URL: run the tests with scripts/test (it starts the registry)")
}

fn latest_version(subject: &str) -> i32 {
    latest(subject).expect("subject exists")
}

fn latest(subject: &str) -> Option<i32> {
    let cfg = RegistryConfig {
        url: registry_url(),
        username: None,
        password: None,
        tls: Default::default(),
        timeout: std::time::Duration::from_secs(10),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        RegistryClient::new(&cfg)
            .unwrap()
            .latest(subject)
            .await
            .unwrap()
            .map(|s| s.version)
    })
}

const V1: &str = r#"{"type": "record", "name": "OrderEvent", "namespace": "shop", "fields": [
  {"name": "orderId", "type": "string"},
  {"name": "amount", "type": "long"}
]}"#;

#[test]
fn subjects_change_semantically_and_incompatible_versions_are_blocked() {
    let _ = cluster();
    let _ = registry_url();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    let prefix = format!("{}.", unique("subject"));
    let subject = format!("{prefix}orders-value");
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("specs.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\nschemaRegistry:\n  url: ${{SCHEMA_REGISTRY_URL}}\n\
             owns: [\"{prefix}\"]\n---\nkind: Subject\nname: {subject}\ntype: avro\nschema: schemas/order.avsc\ncompatibility: BACKWARD\n"
        ),
    )
    .unwrap();
    let schema = |text: &str| std::fs::write(dir.path().join("schemas/order.avsc"), text).unwrap();
    let plan = |status: i32| {
        Test::new()
            .args(["plan", "--env", "dev", "-f", &specs, "--detailed-exitcode"])
            .status(status)
            .run()
    };
    let apply = |status: i32| {
        Test::new()
            .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
            .status(status)
            .run()
    };

    schema(V1);
    let ran = plan(2);
    assert!(
        ran.stdout.contains(&format!("+ subject {subject}")) && ran.stdout.contains("+ compatibility: BACKWARD"),
        "{}",
        ran.stdout
    );
    let ran = apply(0);
    assert!(ran.stdout.contains("Verified"), "{}", ran.stdout);
    assert!(plan(0).stdout.contains("No changes"));
    assert_eq!(latest_version(&subject), 1);

    // Formatting and key order only: no change.
    schema(
        r#"{"namespace":"shop","name":"OrderEvent","type":"record","fields":[{"type":"string","name":"orderId"},{"type":"long","name":"amount"}]}"#,
    );
    assert!(plan(0).stdout.contains("No changes"));

    // A compatible evolution: an optional field. A new version, with the schema's diff.
    let v2 = V1.replace(
        "{\"name\": \"amount\", \"type\": \"long\"}",
        "{\"name\": \"amount\", \"type\": \"long\"},\n  {\"name\": \"coupon\", \"type\": [\"null\", \"string\"], \"default\": null}",
    );
    schema(&v2);
    let ran = plan(2);
    assert!(ran.stdout.contains("~ register a new version (AVRO)"), "{}", ran.stdout);
    assert!(
        ran.stdout.contains("+      \"name\": \"coupon\","),
        "the unified diff is shown: {}",
        ran.stdout
    );
    apply(0);
    assert!(plan(0).stdout.contains("No changes"));
    assert_eq!(latest_version(&subject), 2);

    // import writes the subject and its schema file; planning the import shows no changes.
    let imported = tempfile::tempdir().unwrap();
    std::fs::write(
        imported.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: ${KAFKA_BOOTSTRAP}\nschemaRegistry:\n  url: ${SCHEMA_REGISTRY_URL}\n",
    )
    .unwrap();
    let out = imported.path().join("imported.yaml");
    Test::new()
        .args([
            "import",
            "--env",
            "dev",
            "-f",
            &specs,
            "--match",
            &prefix,
            "--out",
            out.to_str().unwrap(),
        ])
        .run();
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains(&format!("name: {subject}")) && yaml.contains("type: avro"),
        "{yaml}"
    );
    assert!(imported.path().join(format!("schemas/{subject}.avsc")).exists());
    let ran = Test::new()
        .args([
            "plan",
            "--env",
            "dev",
            "-f",
            imported.path().to_str().unwrap(),
            "--detailed-exitcode",
        ])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);

    // An incompatible one under BACKWARD: a new required field. Blocked; nothing is registered.
    let v3 = v2.replace(
        "{\"name\": \"orderId\", \"type\": \"string\"},",
        "{\"name\": \"orderId\", \"type\": \"string\"},\n  {\"name\": \"region\", \"type\": \"string\"},",
    );
    schema(&v3);
    let ran = plan(1);
    assert!(
        ran.stdout.contains(&format!("! subject {subject}")) && ran.stdout.contains("incompatible"),
        "{}",
        ran.stdout
    );
    let ran = apply(1);
    assert!(ran.stderr.contains("blocked; nothing was applied"), "{}", ran.stderr);
    assert_eq!(latest_version(&subject), 2);

    // Pruning deletes only owned subjects, and only with --prune.
    std::fs::write(
        dir.path().join("specs.yaml"),
        format!("kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\nschemaRegistry:\n  url: ${{SCHEMA_REGISTRY_URL}}\nowns: [\"{prefix}\"]\n"),
    )
    .unwrap();
    assert!(
        plan(0).stdout.contains("No changes"),
        "without --prune nothing is deleted"
    );
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", &specs, "--prune", "--detailed-exitcode"])
        .status(2)
        .run();
    assert!(
        ran.stdout.contains(&format!("- subject {subject}")) && ran.stdout.contains("soft-delete every version"),
        "{}",
        ran.stdout
    );
    Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--prune", "--auto-approve"])
        .run();
    assert_eq!(latest(&subject), None, "soft-deleted");
}

#[test]
fn referenced_subjects_are_registered_first_and_protobuf_references_round_trip() {
    let _ = cluster();
    let _ = registry_url();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    let prefix = format!("{}.", unique("subject-refs"));
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("schemas/money.proto"),
        "syntax = \"proto3\";\npackage shop.v1;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schemas/order.proto"),
        "syntax = \"proto3\";\npackage shop.v1;\n\nimport \"money.proto\";\n\nmessage Order {\n  string id = 1;\n  Money total = 2;\n}\n",
    )
    .unwrap();
    // The referencing subject sorts before the referenced one: apply must still register `money` first.
    std::fs::write(
        dir.path().join("specs.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\nschemaRegistry:\n  url: ${{SCHEMA_REGISTRY_URL}}\n---\n\
             kind: Subject\nname: {prefix}a-order-value\ntype: protobuf\nschema: schemas/order.proto\n\
             references:\n  - {{name: money.proto, subject: {prefix}money, version: 1}}\n---\n\
             kind: Subject\nname: {prefix}money\ntype: protobuf\nschema: schemas/money.proto\n"
        ),
    )
    .unwrap();
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
        .run();
    let money = ran
        .stdout
        .find(&format!(
            "applied        register a new version of subject {prefix}money"
        ))
        .expect(&ran.stdout);
    let order = ran
        .stdout
        .find(&format!(
            "applied        register a new version of subject {prefix}a-order-value"
        ))
        .expect(&ran.stdout);
    assert!(
        money < order,
        "the referenced subject is registered first:\n{}",
        ran.stdout
    );
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", &specs, "--detailed-exitcode"])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}
