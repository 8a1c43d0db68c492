//! Principals planned and applied against the real `StandardAuthorizer`: the consumer the specs grant can read
//! its topic and is refused a write; removing a `consumes` entry plans exactly those bindings going (`--prune`).

use serde_json::Value;

use crate::common::{Test, cluster, eventually_sync, unique};

fn write(dir: &std::path::Path, prefix: &str, user: &str, consumes: &[&str]) {
    let topics: String = ["events", "audit"]
        .iter()
        .map(|t| format!("---\nkind: Topic\nname: {prefix}{t}\npartitions: 1\nreplicationFactor: 3\n"))
        .collect();
    let consumes: Vec<String> = consumes.iter().map(|t| format!("{prefix}{t}")).collect();
    let specs = format!(
        "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\nowns: [\"{prefix}\"]\n{topics}---\n\
         kind: Principal\nname: User:{user}\nconsumes: [{}]\ngroups: [{prefix}group]\n",
        consumes.join(", ")
    );
    std::fs::write(dir.join("specs.yaml"), specs).unwrap();
}

#[test]
fn a_granted_consumer_reads_is_refused_a_write_and_prune_removes_exactly_the_dropped_bindings() {
    let c = cluster();
    let prefix = format!("{}.", unique("acl"));
    let user = unique("acl-consumer").replace('.', "-");
    let password = "consumer-secret-1";
    c.scram_user(&user, password);

    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap();
    write(dir.path(), &prefix, &user, &["events", "audit"]);
    let ran = Test::new().args(["plan", "--env", "dev", "-f", specs]).run();
    assert!(
        ran.stdout.contains(&format!("+ principal User:{user}")),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains(&format!("+ allow read on topic {prefix}events (literal) from *")),
        "the expansion is shown: {}",
        ran.stdout
    );
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", specs, "--auto-approve"])
        .run();
    assert!(
        ran.stdout.contains("Verified: the cluster matches the specs."),
        "{}",
        ran.stdout
    );

    // The super user writes a record; the granted consumer reads it over SASL_SSL and may not write.
    let topic = format!("{prefix}events");
    let out = c.java_tool(
        "org.apache.kafka.tools.ConsoleProducer",
        &["--bootstrap-server", &c.bootstrap, "--topic", &topic],
        Some("hello\n"),
    );
    assert!(out.status.success(), "{out:?}");
    let props = c.sasl_properties(dir.path(), &user, password);
    let props = props.to_str().unwrap();
    let group = format!("{prefix}group");
    let read = eventually_sync(|| c.consume_one(props, &topic, &group));
    assert_eq!(read, "hello");
    let stderr = c.produce_as(props, &topic);
    assert!(stderr.contains("TopicAuthorizationException"), "{stderr}");

    // Drop `audit` from consumes: with --prune exactly its READ and DESCRIBE bindings go.
    write(dir.path(), &prefix, &user, &["events"]);
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", specs, "--detailed-exitcode", "--prune"])
        .status(2)
        .args(["--format", "json"])
        .run();
    let plan: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(plan["changes"].as_array().unwrap().len(), 1, "{plan}");
    let changes: Vec<(String, String, String)> = plan["changes"][0]["acl_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().into(),
                a["operation"].as_str().unwrap().into(),
                a["resource_name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let audit = format!("{prefix}audit");
    assert_eq!(
        changes,
        [
            ("remove".into(), "read".into(), audit.clone()),
            ("remove".into(), "describe".into(), audit)
        ]
    );
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", specs, "--detailed-exitcode"])
        .run();
    assert!(
        ran.stdout.contains("not in the specs (unmanaged)"),
        "without --prune it is only a note: {}",
        ran.stdout
    );
    Test::new()
        .args(["apply", "--env", "dev", "-f", specs, "--auto-approve", "--prune"])
        .run();
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", specs, "--detailed-exitcode", "--prune"])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}
