//! The test cluster itself: three brokers on three racks, both listeners carry data, ACLs are enforced on
//! SASL_SSL. Checked with Kafka's own Java clients, independently of topicctl's client.

use std::process::{Command, Output};

use crate::common::{Cluster, cluster, unique};

fn ok(out: Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn create_topic(c: &Cluster, topic: &str) {
    ok(
        c.java_tool(
            "org.apache.kafka.tools.TopicCommand",
            &[
                "--bootstrap-server",
                &c.bootstrap,
                "--create",
                "--topic",
                topic,
                "--partitions",
                "3",
                "--replication-factor",
                "3",
            ],
            None,
        ),
        "kafka-topics --create",
    );
}

fn produce(c: &Cluster, bootstrap: &str, topic: &str, config: Option<&str>, lines: &[&str]) -> Output {
    let mut args = vec!["--bootstrap-server", bootstrap, "--topic", topic];
    if let Some(file) = config {
        args.extend(["--producer.config", file]);
    }
    let input = lines.join("\n") + "\n";
    c.java_tool("org.apache.kafka.tools.ConsoleProducer", &args, Some(&input))
}

fn consume(c: &Cluster, bootstrap: &str, topic: &str, config: Option<&str>, count: usize) -> Vec<String> {
    let count = count.to_string();
    let mut args = vec![
        "--bootstrap-server",
        bootstrap,
        "--topic",
        topic,
        "--from-beginning",
        "--max-messages",
        &count,
        "--timeout-ms",
        "30000",
    ];
    if let Some(file) = config {
        args.extend(["--consumer.config", file]);
    }
    let out = ok(
        c.java_tool("org.apache.kafka.tools.consumer.ConsoleConsumer", &args, None),
        "console consumer",
    );
    let mut lines: Vec<String> = out.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

#[test]
fn status_reports_three_brokers_on_three_racks() {
    let c = cluster();
    let out = Command::new(&c.script)
        .arg("status")
        .output()
        .expect("run scripts/kafka status");
    let text = ok(out, "scripts/kafka status");
    let mut brokers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("broker "))
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            (parts[1].to_owned(), parts[2].to_owned())
        })
        .collect();
    brokers.sort();
    let racks: Vec<&str> = brokers.iter().map(|(_, rack)| rack.as_str()).collect();
    assert_eq!(racks, ["rack-a", "rack-b", "rack-c"], "{text}");
    for (addr, _) in &brokers {
        assert!(
            c.bootstrap.split(',').any(|b| b == addr),
            "{addr} not in KAFKA_BOOTSTRAP {}",
            c.bootstrap
        );
    }
}

#[test]
fn produce_and_consume_round_trip_over_plaintext_and_sasl_ssl() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let admin = c.sasl_properties(dir.path(), &c.admin_user, &c.admin_password);
    let admin = admin.to_str().unwrap();
    let topic = unique("harness.roundtrip");
    create_topic(&c, &topic);

    ok(
        produce(&c, &c.bootstrap, &topic, None, &["plain-1", "plain-2"]),
        "produce over PLAINTEXT",
    );
    ok(
        produce(&c, &c.sasl_bootstrap, &topic, Some(admin), &["sasl-1", "sasl-2"]),
        "produce over SASL_SSL",
    );

    let expected = ["plain-1", "plain-2", "sasl-1", "sasl-2"];
    assert_eq!(consume(&c, &c.sasl_bootstrap, &topic, Some(admin), 4), expected);
    assert_eq!(consume(&c, &c.bootstrap, &topic, None, 4), expected);
}

#[test]
fn acls_are_enforced_for_scram_users_without_grants() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let app = c.sasl_properties(dir.path(), &c.app_user, &c.app_password);
    let topic = unique("harness.acl");
    create_topic(&c, &topic);

    let out = produce(&c, &c.sasl_bootstrap, &topic, Some(app.to_str().unwrap()), &["denied"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("TopicAuthorizationException") || stderr.contains("Not authorized to access topics"),
        "a user with no ACLs must be refused a write; stderr was:\n{stderr}"
    );
    // Nothing arrived: the topic is still empty when read by the super user on PLAINTEXT.
    let offsets = ok(
        c.java_tool(
            "org.apache.kafka.tools.GetOffsetShell",
            &["--bootstrap-server", &c.bootstrap, "--topic", &topic],
            None,
        ),
        "GetOffsetShell",
    );
    assert!(offsets.lines().all(|l| l.ends_with(":0")), "offsets: {offsets}");
}
