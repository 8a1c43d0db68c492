//! A broker stops mid-session: reads go on through the others. Uses a cluster of its own (started here with
//! `scripts/kafka` on other ports), so the shared test cluster is never disturbed.

use std::process::Command;
use std::time::Duration;

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::configs::ConfigResource;
use topicctl::cluster::ops::topics::NewTopic;

use crate::own_cluster::OwnCluster;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_still_succeed_through_the_other_brokers_when_one_stops() {
    let own = OwnCluster::start(29092, "kafka-failover");
    let mut cfg = ClientConfig::new(&own.bootstrap()).unwrap();
    cfg.request_timeout = Duration::from_secs(5);
    cfg.connect_timeout = Duration::from_secs(2);
    let client = AdminClient::connect(cfg).await.unwrap();
    let topic = NewTopic {
        name: "failover.events".into(),
        partitions: Some(3),
        replication_factor: Some(3),
        ..Default::default()
    };
    assert_eq!(
        client.create_topics(std::slice::from_ref(&topic), false).await.unwrap()[&topic.name],
        Ok(())
    );
    let names = vec![topic.name.clone()];
    client.wait_for_topics(&names, Duration::from_secs(20)).await.unwrap();

    // The client talks to the first bootstrap broker: stop exactly that one.
    let out = own.script(&["stop-node", "0"]);
    assert!(out.status.success(), "{out:?}");

    let listing = client
        .list_topics(Some(&names))
        .await
        .expect("metadata through the remaining brokers");
    let partitions = &listing.topics[&topic.name].partitions;
    assert_eq!(partitions.len(), 3);
    let configs = client
        .describe_configs(ConfigResource::Topic, &names)
        .await
        .expect("configs through the others");
    assert!(configs[&topic.name].is_ok());
    let info = client
        .describe_cluster()
        .await
        .expect("describe cluster through the others");
    assert!(
        info.brokers.iter().all(|b| b.id != 0) || info.brokers.len() == 3,
        "{info:?}"
    );
    assert!(
        partitions.iter().all(|p| p.leader != Some(0)),
        "leadership moved away from the stopped broker: {partitions:?}"
    );
}

/// Apply creates and alters a few hundred topics while a broker stops: the report says exactly what was applied
/// (checked against the cluster) and what was not, apply exits 1, and a re-run with the broker back converges.
#[test]
fn apply_with_a_broker_stopping_midway_reports_exactly_and_a_rerun_converges() {
    let own = OwnCluster::start(24092, "kafka-fault");
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    std::fs::write(
        dir.path().join("env.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: {}\ndefaults: {{partitions: 1, replicationFactor: 3}}\nowns: [fault.]\n",
            own.bootstrap()
        ),
    )
    .unwrap();
    let write_topics = |count: usize, retention: &str| {
        let mut yaml = String::new();
        for i in 0..count {
            yaml.push_str(&format!(
                "---\nkind: Topic\nname: fault.t{i:04}\nconfig: {{retention.ms: {retention}}}\n"
            ));
        }
        std::fs::write(dir.path().join("topics.yaml"), yaml).unwrap();
    };
    write_topics(150, "1d");
    crate::common::Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
        .run();

    // 150 config changes and 250 new topics, in small batches; a broker stops shortly after the start.
    write_topics(400, "2d");
    let child = Command::new(env!("CARGO_BIN_EXE_topicctl"))
        .args([
            "apply",
            "--env",
            "dev",
            "-f",
            &specs,
            "--auto-approve",
            "--batch-size",
            "5",
        ])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let out = own.script(&["stop-node", "2"]);
    assert!(out.status.success(), "{out:?}");
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "apply must fail when a broker goes away mid-way:\n{stdout}"
    );
    let created: Vec<String> = stdout
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("applied")
                .map(str::trim)?
                .strip_prefix("create topic ")
                .map(str::to_owned)
        })
        .collect();
    let failed_or_skipped = stdout
        .lines()
        .filter(|l| l.contains("FAILED") || l.contains("not attempted"))
        .count();
    assert!(failed_or_skipped > 0, "{stdout}");
    let steps = stdout
        .lines()
        .filter(|l| l.starts_with("  applied") || l.starts_with("  FAILED") || l.starts_with("  not attempted"))
        .count();
    assert!(steps >= 400, "every step of the plan is reported: {steps}\n{stdout}");

    // Exactly the topics reported as created exist.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let existing: Vec<String> = rt.block_on(async {
        let mut cfg = ClientConfig::new(&own.bootstrap()).unwrap();
        cfg.connect_timeout = Duration::from_secs(2);
        let client = AdminClient::connect(cfg).await.unwrap();
        let listing = client.list_topics(None).await.unwrap();
        listing
            .topics
            .keys()
            .filter(|n| n.starts_with("fault.") && n.as_str() >= "fault.t0150")
            .cloned()
            .collect()
    });
    let unknown: Vec<String> = stdout
        .lines()
        .filter(|l| l.contains("outcome unknown"))
        .filter_map(|l| {
            l.trim()
                .strip_prefix("FAILED")?
                .trim()
                .strip_prefix("create topic ")?
                .split(':')
                .next()
                .map(str::to_owned)
        })
        .collect();
    for name in &created {
        assert!(existing.contains(name), "{name} is reported created but does not exist");
    }
    for name in &existing {
        assert!(
            created.contains(name) || unknown.contains(name),
            "{name} exists but the report says it was not created (nor that its outcome is unknown)"
        );
    }

    // The broker comes back; applying again converges.
    let out = own.script(&["start-node", "2"]);
    assert!(out.status.success(), "{out:?}");
    let ran = crate::common::Test::new()
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"])
        .run();
    assert!(
        ran.stdout.contains("Verified: the cluster matches the specs."),
        "{}",
        ran.stdout
    );
    let ran = crate::common::Test::new()
        .args(["plan", "--env", "dev", "-f", &specs, "--detailed-exitcode"])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}
