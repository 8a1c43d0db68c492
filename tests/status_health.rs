//! `topicctl status`: the health of what the specs declare. Against the shared cluster with real consumer groups
//! (one classic, one KIP-848) whose committed offsets are known exactly; and against a cluster of its own where a
//! broker stops, so partitions fall under-replicated and below `min.insync.replicas`.

use std::path::Path;
use std::time::{Duration, Instant};

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;

use crate::common::{Test, admin, cluster, unique};
use crate::own_cluster::OwnCluster;

const RECORDS: u64 = 1_000;

fn write_specs(dir: &Path, bootstrap: &str, topics: &str, groups: &[&str]) {
    let groups = groups.iter().map(|g| format!("\"{g}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(
        dir.join("specs.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: {bootstrap}\n{topics}---\nkind: Principal\nname: \
             User:status-app\ngroups: [{groups}]\n"
        ),
    )
    .unwrap();
}

/// `topicctl status --format json` of the `dev` environment of `specs`, which must exit with `status`.
fn status_json(specs: &str, status: i32) -> serde_json::Value {
    let ran = Test::new()
        .args(["status", "--env", "dev", "-f", specs, "--format", "json"])
        .status(status)
        .run();
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stdout))
}

/// Consume exactly `count` records of `topic` as a member of `group` (with `protocol`: classic or consumer) and
/// commit on close: one record a poll, so the position (what close commits) is exactly the records consumed.
fn consume(script: &Path, bootstrap: &str, topic: &str, group: &str, protocol: &str, count: u64) {
    let out = std::process::Command::new("timeout")
        .args(["-s", "KILL", "180"])
        .arg(script)
        .args([
            "run-class",
            "org.apache.kafka.tools.consumer.ConsoleConsumer",
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--group",
            group,
            "--from-beginning",
            "--max-messages",
            &count.to_string(),
            "--consumer-property",
            "max.poll.records=1",
            "--consumer-property",
            "enable.auto.commit=true",
            "--consumer-property",
            &format!("group.protocol={protocol}"),
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ConsoleConsumer: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The total committed offset of `group` on `topic`, read with OffsetFetch from its coordinator.
fn committed_total(bootstrap: &str, group: &str, topic: &str) -> i64 {
    admin(bootstrap, async |client| {
        let coordinator = client.group_coordinator(group).await.unwrap();
        let committed = client.committed_offsets(coordinator, group).await.unwrap();
        committed.iter().filter(|((t, _), _)| t == topic).map(|(_, o)| *o).sum()
    })
}

fn group<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("group {name} in {json:#}"))
}

#[test]
fn status_health_reports_exact_lag_of_real_groups_and_missing_topics() {
    let kafka = cluster();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    let topic = unique("status");
    let classic = format!("{}-classic", unique("status-g"));
    let modern = format!("{}-consumer", unique("status-g"));
    let missing_group = unique("status-nobody");
    // One partition: a consumer that stops after M records may never have fetched (so never commits) a second
    // partition, whose records would then count as uncommitted, not as lag, and the lag would not be N − M.
    let topic_yaml = format!("---\nkind: Topic\nname: {topic}\npartitions: 1\nreplicationFactor: 3\n");
    write_specs(
        dir.path(),
        &kafka.bootstrap,
        &topic_yaml,
        &[&classic, &modern, &missing_group],
    );
    Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
        .run();
    crate::data::produce(&kafka.script, &kafka.bootstrap, &topic, RECORDS, 100);
    consume(&kafka.script, &kafka.bootstrap, &topic, &classic, "classic", 300);
    consume(&kafka.script, &kafka.bootstrap, &topic, &modern, "consumer", 100);
    assert_eq!(committed_total(&kafka.bootstrap, &classic, &topic), 300);
    assert_eq!(committed_total(&kafka.bootstrap, &modern, &topic), 100);

    let json = status_json(&specs, 0);
    assert_eq!(json["healthy"], true, "{json:#}");
    assert_eq!(json["topics"][0]["name"], topic.as_str());
    assert_eq!(json["topics"][0]["exists"], true);
    assert_eq!(json["topics"][0]["partitions"], 1);
    assert_eq!(json["topics"][0]["under_replicated"], serde_json::json!([]));
    assert_eq!(json["drift"]["matches"], true, "{json:#}");
    // The brokers' value (the topic has no override).
    let min_isr = json["topics"][0]["min_insync_replicas"].as_i64().unwrap().to_string();
    let g = group(&json, &classic);
    assert_eq!(
        (
            &g["exists"],
            &g["group_type"],
            &g["protocol_type"],
            &g["state"],
            &g["members"]
        ),
        (
            &serde_json::json!(true),
            &serde_json::json!("classic"),
            &serde_json::json!("consumer"),
            &serde_json::json!("Empty"),
            &serde_json::json!(0)
        ),
        "{g:#}"
    );
    assert_eq!(g["total_lag"], RECORDS as i64 - 300, "{g:#}");
    assert_eq!(g["lag"][0]["topic"], topic.as_str());
    assert_eq!(g["lag"][0]["total"], RECORDS as i64 - 300);
    let g = group(&json, &modern);
    assert_eq!(g["group_type"], "consumer", "{g:#}");
    assert_eq!(g["exists"], true);
    assert_eq!(g["total_lag"], RECORDS as i64 - 100, "{g:#}");
    let g = group(&json, &missing_group);
    assert_eq!(
        (&g["exists"], &g["state"]),
        (&serde_json::json!(false), &serde_json::json!("Dead"))
    );

    // The table: exact lines, independent of any terminal.
    let ran = Test::new()
        .args(["status", "--env", "dev", "-f", &specs, "--format", "table"])
        .run();
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines[0], "Environment dev: healthy", "{}", ran.stdout);
    assert!(ran.stdout.contains("Drift: matches the specs.\n"), "{}", ran.stdout);
    let row = |name: &str| -> Vec<String> {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{}", ran.stdout))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row(&topic),
        [topic.as_str(), "1", "3", &min_isr, "0", "0", "0", "0", "0", "ok"].map(String::from)
    );
    let classic_row = row(&classic);
    assert_eq!(
        classic_row[..6],
        [classic.as_str(), "classic", "Empty", "0", topic.as_str(), "700"].map(String::from)
    );
    assert_eq!(row(&missing_group)[1..3], ["-", "MISSING"].map(String::from));

    // A declared topic that does not exist: exit 3, listed as missing.
    let gone = unique("status-gone");
    write_specs(
        dir.path(),
        &kafka.bootstrap,
        &format!("{topic_yaml}---\nkind: Topic\nname: {gone}\npartitions: 1\nreplicationFactor: 1\n"),
        &[&classic],
    );
    let json = status_json(&specs, 3);
    assert_eq!(json["healthy"], false);
    let entry = json["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == gone.as_str())
        .unwrap();
    assert_eq!(entry["exists"], false);
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(format!("topic {gone} is missing")))
    );
    let ran = Test::new()
        .args(["status", "--env", "dev", "-f", &specs])
        .status(3)
        .run();
    assert!(
        ran.stdout.contains(&format!("topic {gone} is missing")),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .lines()
            .any(|l| l.starts_with(&gone) && l.trim_end().ends_with("MISSING")),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("Drift: 1 topic differs from the specs: run `topicctl plan`."),
        "{}",
        ran.stdout
    );
}

#[test]
fn status_health_reports_under_replicated_and_below_min_isr_when_a_broker_stops() {
    let own = OwnCluster::start(28092, "kafka-status-health");
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    let topics = "---\nkind: Topic\nname: health.strict\npartitions: 3\nreplicationFactor: 3\nconfig: \
                  {min.insync.replicas: 3}\n---\nkind: Topic\nname: health.relaxed\npartitions: 3\n\
                  replicationFactor: 3\n";
    write_specs(dir.path(), &own.bootstrap(), topics, &[]);
    Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
        .run();
    let json = status_json(&specs, 0);
    assert_eq!(json["healthy"], true, "{json:#}");

    let out = own.script(&["stop-node", "2"]);
    assert!(out.status.success(), "{out:?}");
    // Wait until the metadata shows ISR 2 < 3 everywhere.
    runtime().block_on(async {
        let mut cfg = ClientConfig::new(&own.bootstrap()).unwrap();
        cfg.connect_timeout = Duration::from_secs(2);
        let client = AdminClient::connect(cfg).await.unwrap();
        let names = vec!["health.strict".to_owned(), "health.relaxed".to_owned()];
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let listing = client.list_topics(Some(&names)).await.unwrap();
            let shrunk = listing
                .topics
                .values()
                .flat_map(|t| &t.partitions)
                .all(|p| p.isr.len() == 2);
            if shrunk && listing.topics.len() == 2 {
                break;
            }
            assert!(Instant::now() < deadline, "ISR did not shrink: {:?}", listing.topics);
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });

    let json = status_json(&specs, 3);
    assert_eq!(json["healthy"], false);
    let topic = |name: &str| {
        json["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()
            .clone()
    };
    let strict = topic("health.strict");
    assert_eq!(strict["under_replicated"], serde_json::json!([0, 1, 2]), "{strict:#}");
    assert_eq!(strict["below_min_isr"], serde_json::json!([0, 1, 2]), "{strict:#}");
    assert_eq!(strict["min_insync_replicas"], 3);
    assert_eq!(strict["offline"], serde_json::json!([]));
    let relaxed = topic("health.relaxed");
    assert_eq!(relaxed["under_replicated"], serde_json::json!([0, 1, 2]), "{relaxed:#}");
    assert_eq!(relaxed["below_min_isr"], serde_json::json!([]), "{relaxed:#}");
    // The brokers' value (the script's default) applies where the topic has no override.
    // The brokers' own value (scripts/kafka sets min.insync.replicas=1).
    assert_eq!(relaxed["min_insync_replicas"], 1, "{relaxed:#}");
    assert_eq!(
        json["problems"],
        serde_json::json!([
            "topic health.relaxed: 3 partitions under-replicated",
            "topic health.strict: 3 partitions under-replicated",
            "topic health.strict: 3 partitions below min.insync.replicas",
        ])
    );
    let ran = Test::new()
        .args(["status", "--env", "dev", "-f", &specs])
        .status(3)
        .run();
    let strict_row: Vec<&str> = ran
        .stdout
        .lines()
        .find(|l| l.starts_with("health.strict "))
        .unwrap()
        .split_whitespace()
        .collect();
    // TOPIC PARTITIONS RF MIN-ISR UNDER-REPLICATED OFFLINE BELOW-MIN-ISR NOT-PREFERRED-LEADER REASSIGNING STATUS
    assert_eq!(
        strict_row[..7],
        ["health.strict", "3", "3", "3", "3", "0", "3"],
        "{}",
        ran.stdout
    );
    assert_eq!(strict_row[8..], ["0", "UNHEALTHY"], "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("  topic health.strict: 3 partitions below min.insync.replicas\n"),
        "{}",
        ran.stdout
    );
}
