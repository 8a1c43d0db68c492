//! Replicas as declared state, end to end through the binary against real brokers holding real data (produced by
//! Kafka's own ProducerPerformance): replication factor up and down, interrupted and resumed moves, rack-spread
//! drift and draining (on a 4-broker cluster in two racks).

use std::collections::BTreeSet;

use std::time::Instant;

use serde_json::Value;
use topicctl::cluster::ops::configs::ConfigResource;
use topicctl::cluster::ops::topics::NewTopic;
use topicctl::model::topic_description::PartitionInfo;

use crate::common::{Test, admin, cluster, eventually_sync, unique};
use crate::data::{count_records, produce};

/// A spec folder and a state folder of its own, for one environment `dev` on `bootstrap`.
struct Specs {
    dir: tempfile::TempDir,
    state: tempfile::TempDir,
}

impl Specs {
    fn new(bootstrap: &str, replicas: &str) -> Specs {
        let specs = Specs {
            dir: tempfile::tempdir().unwrap(),
            state: tempfile::tempdir().unwrap(),
        };
        let env = format!("kind: Environment\nname: dev\nbootstrap: \"{bootstrap}\"\nreplicas: {replicas}\n");
        std::fs::write(specs.dir.path().join("environment.yaml"), env).unwrap();
        specs
    }

    fn topic(&self, name: &str, partitions: i32, rf: i32) -> &Self {
        std::fs::write(
            self.dir.path().join("topics.yaml"),
            format!("kind: Topic\nname: {name}\npartitions: {partitions}\nreplicationFactor: {rf}\n"),
        )
        .unwrap();
        self
    }

    fn run(&self, args: &[&str], status: i32) -> crate::common::Ran {
        Test::new()
            .env("TOPICCTL_STATE_DIR", self.state.path().to_str().unwrap())
            .args(args.iter().copied())
            .args(["--env", "dev", "-f", self.dir.path().to_str().unwrap()])
            .status(status)
            .run()
    }

    fn plan_json(&self, extra: &[&str], status: i32) -> Value {
        let ran = self.run(
            &[&["plan", "--format", "json", "--detailed-exitcode"], extra].concat(),
            status,
        );
        serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stdout))
    }

    fn apply(&self, extra: &[&str]) -> crate::common::Ran {
        self.run(&[&["apply", "--auto-approve"], extra].concat(), 0)
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_topicctl"));
        c.env("NO_COLOR", "1")
            .env("TOPICCTL_STATE_DIR", self.state.path())
            .args(args)
            .args(["--env", "dev", "-f", self.dir.path().to_str().unwrap()]);
        c
    }
}

fn create(bootstrap: &str, topic: &str, partitions: i32, rf: i16, assignment: Option<Vec<Vec<i32>>>) {
    admin(bootstrap, async |c| {
        let (partitions, replication_factor) = if assignment.is_some() {
            (None, None)
        } else {
            (Some(partitions), Some(rf))
        };
        let created = c
            .create_topics(
                &[NewTopic {
                    name: topic.to_owned(),
                    partitions,
                    replication_factor,
                    assignment,
                    ..Default::default()
                }],
                false,
            )
            .await
            .unwrap();
        assert!(created.values().all(Result::is_ok), "{created:?}");
        c.wait_for_topics(&[topic.to_owned()], std::time::Duration::from_secs(20))
            .await
            .unwrap();
    })
}

/// The topic's partitions as an independent client sees them.
fn partitions(bootstrap: &str, topic: &str) -> Vec<PartitionInfo> {
    admin(bootstrap, async |c| {
        c.list_topics(Some(&[topic.to_owned()])).await.unwrap().topics[topic]
            .partitions
            .clone()
    })
}

/// No throttle entry on the topic and no throttled rate on any broker.
fn assert_no_throttles(bootstrap: &str, topic: &str) {
    admin(bootstrap, async |c| {
        let topics = c
            .describe_configs(ConfigResource::Topic, &[topic.to_owned()])
            .await
            .unwrap();
        let configs = topics[topic].as_ref().unwrap();
        for key in [
            "leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas",
        ] {
            let value = configs.get(key).and_then(|e| e.value.clone()).unwrap_or_default();
            assert!(value.is_empty(), "{topic}: {key} = {value}");
        }
        let ids: Vec<String> = c
            .describe_cluster()
            .await
            .unwrap()
            .brokers
            .iter()
            .map(|b| b.id.to_string())
            .collect();
        let brokers = c.describe_configs(ConfigResource::Broker, &ids).await.unwrap();
        for (id, configs) in brokers {
            let configs = configs.unwrap();
            for key in [
                "leader.replication.throttled.rate",
                "follower.replication.throttled.rate",
            ] {
                let entry = configs.get(key);
                assert!(
                    entry.is_none_or(|e| !e.source.is_override() || e.value.is_none()),
                    "broker {id}: {key} = {entry:?}"
                );
            }
        }
    })
}

fn replica_change(plan: &Value, topic: &str) -> Value {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["resource"]["name"] == topic && !c["replica_change"].is_null())
        .unwrap_or_else(|| panic!("no replica change of {topic}: {plan:#}"))["replica_change"]
        .clone()
}

const RECORDS: u64 = 20_000;
const RECORD_SIZE: u32 = 1_000;

#[test]
fn replication_factor_one_to_three_then_three_to_two_with_data() {
    let _serial = crate::common::reassignments_serially();
    let kafka = cluster();
    let topic = unique("rf");
    create(&kafka.bootstrap, &topic, 2, 1, None);
    produce(&kafka.script, &kafka.bootstrap, &topic, RECORDS, RECORD_SIZE);
    let specs = Specs::new(&kafka.bootstrap, "{throttleMiBps: 8}");
    specs.topic(&topic, 2, 3);

    let plan = specs.plan_json(&[], 2);
    assert_eq!(plan["format_version"], "1.1");
    let change = replica_change(&plan, &topic);
    assert_eq!(change["kind"], "reassign");
    assert_eq!(
        (
            change["replication_factor_before"].as_i64(),
            change["replication_factor_after"].as_i64()
        ),
        (Some(1), Some(3))
    );
    assert_eq!(change["moves"].as_array().unwrap().len(), 2, "{change:#}");
    let bytes = change["bytes_to_copy"].as_u64().unwrap();
    // Two new replicas of every byte held: at least the records' payload twice.
    assert!(bytes >= 2 * RECORDS * u64::from(RECORD_SIZE), "{bytes} bytes to copy");
    assert!(change["eta_seconds"].as_u64().is_some(), "{change:#}");
    assert_eq!(plan["estimate"]["throttle_bytes_per_second"], 8 * 1024 * 1024);
    let text = specs.run(&["plan"], 0).stdout;
    assert!(
        text.contains("replication factor 1 → 3 (rack-spread)") && text.contains("to copy, ≈"),
        "{text}"
    );

    let started = Instant::now();
    let applied = specs.apply(&[]);
    let took = started.elapsed();
    for line in applied.stderr.lines().filter(|l| l.contains("moving replicas")) {
        eprintln!("apply: {line}");
    }
    eprintln!(
        "rf 1→3: {bytes} bytes in {took:?} ({:.1} MiB/s against 8 MiB/s)",
        bytes as f64 / took.as_secs_f64() / 1048576.0
    );
    assert!(applied.stdout.contains("Verified"), "{}", applied.stdout);
    for p in partitions(&kafka.bootstrap, &topic) {
        let replicas: BTreeSet<i32> = p.replicas.iter().copied().collect();
        assert_eq!(replicas.len(), 3, "{p:?}");
        assert_eq!(
            p.isr.iter().copied().collect::<BTreeSet<_>>(),
            replicas,
            "every replica in sync: {p:?}"
        );
    }
    assert_eq!(count_records(&kafka.script, &kafka.bootstrap, &topic), RECORDS);
    assert_no_throttles(&kafka.bootstrap, &topic);
    specs.plan_json(&[], 0);

    // 3 → 2 through a saved plan, made with a throttle from the command line that the apply reuses.
    specs.topic(&topic, 2, 2);
    let saved = specs.state.path().join("plan.json");
    let plan = specs.plan_json(&["--throttle", "16", "--out", saved.to_str().unwrap()], 2);
    let change = replica_change(&plan, &topic);
    assert_eq!(change["replication_factor_after"], 2);
    assert_eq!(plan["replicas"]["throttle_mibps"], 16);
    specs.run(&["apply", "--auto-approve", saved.to_str().unwrap()], 0);
    for p in partitions(&kafka.bootstrap, &topic) {
        assert_eq!(p.replicas.len(), 2, "{p:?}");
        assert_eq!(p.isr.len(), 2, "{p:?}");
    }
    assert_eq!(count_records(&kafka.script, &kafka.bootstrap, &topic), RECORDS);
    assert_no_throttles(&kafka.bootstrap, &topic);
    specs.plan_json(&[], 0);
}

/// Start `apply` of `topic` at RF 2 with a slow throttle and interrupt it (SIGINT, as Ctrl-C) once its move is
/// in flight; returns what it printed on stderr.
fn interrupted_apply(specs: &Specs, bootstrap: &str, topic: &str) -> String {
    let child = specs
        .command(&["apply", "--auto-approve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    eventually_sync(|| {
        let moving = admin(bootstrap, async |c| c.list_partition_reassignments(None).await.unwrap());
        if moving.iter().any(|r| r.topic == topic) {
            Ok(())
        } else {
            Err("no move in flight yet".to_owned())
        }
    });
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an interrupted apply did not complete");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_interrupted_apply_leaves_the_moves_running_and_the_next_apply_finishes_them() {
    let _serial = crate::common::reassignments_serially();
    let kafka = cluster();
    let topic = unique("rf-int");
    create(&kafka.bootstrap, &topic, 1, 1, None);
    produce(&kafka.script, &kafka.bootstrap, &topic, 30_000, RECORD_SIZE);
    // 30 MB at 1 MiB/s per broker. Kafka's quota averages over its 11 one-second windows, so a new throttle lets
    // the first ~10 MB through at once; the other 20 MB take about 20 s: time enough to interrupt and plan.
    let specs = Specs::new(&kafka.bootstrap, "{throttleMiBps: 1}");
    specs.topic(&topic, 1, 2);
    let stderr = interrupted_apply(&specs, &kafka.bootstrap, &topic);
    assert!(
        stderr.contains("the brokers did not") && stderr.contains("--cancel-reassignments"),
        "says what goes on and how to resume or cancel: {stderr}"
    );

    let plan = specs.plan_json(&[], 2);
    let change = replica_change(&plan, &topic);
    assert_eq!(change["kind"], "in_flight", "{change:#}");
    assert!(change["bytes_to_copy"].as_u64().unwrap() > 0, "{change:#}");
    let text = specs.run(&["plan"], 0).stdout;
    assert!(text.contains("reassignment in progress: 1 partition moving"), "{text}");

    specs.apply(&[]);
    let p = &partitions(&kafka.bootstrap, &topic)[0];
    assert_eq!(p.replicas.len(), 2, "{p:?}");
    assert_eq!(p.isr.len(), 2, "{p:?}");
    assert_no_throttles(&kafka.bootstrap, &topic);
    assert_eq!(count_records(&kafka.script, &kafka.bootstrap, &topic), 30_000);
    specs.plan_json(&[], 0);
}

#[test]
fn cancel_reassignments_puts_the_replicas_back_and_removes_the_throttles() {
    let _serial = crate::common::reassignments_serially();
    let kafka = cluster();
    let topic = unique("rf-cancel");
    create(&kafka.bootstrap, &topic, 1, 1, None);
    produce(&kafka.script, &kafka.bootstrap, &topic, 30_000, RECORD_SIZE);
    let specs = Specs::new(&kafka.bootstrap, "{throttleMiBps: 1}");
    specs.topic(&topic, 1, 2);
    let before = partitions(&kafka.bootstrap, &topic)[0].replicas.clone();
    interrupted_apply(&specs, &kafka.bootstrap, &topic);

    let out = specs.run(&["apply", "--cancel-reassignments"], 0).stdout;
    assert!(
        out.contains(&format!(
            "Cancelled the reassignment of 1 partition(s) of topic {topic}"
        )),
        "{out}"
    );
    crate::common::eventually_sync(|| {
        let p = partitions(&kafka.bootstrap, &topic)[0].clone();
        if p.replicas == before {
            Ok(())
        } else {
            Err(format!("{p:?}"))
        }
    });
    assert_no_throttles(&kafka.bootstrap, &topic);
    // The replication factor change is planned again, from where it started.
    let plan = specs.plan_json(&[], 2);
    assert_eq!(replica_change(&plan, &topic)["kind"], "reassign");
}

/// On 4 brokers in two racks (0, 1: rack-a; 2, 3: rack-b): a topic with both replicas in rack-a is drift, shown
/// and left alone until `--fix-placement`; then `--drain-broker 3` empties broker 3.
#[test]
fn rack_spread_drift_is_fixed_only_when_asked_and_a_drained_broker_is_emptied() {
    let racked = crate::racked::RackedCluster::start();
    let bootstrap = racked.bootstrap();
    let topic = unique("racks");
    create(&bootstrap, &topic, 0, 0, Some(vec![vec![0, 1], vec![1, 0], vec![0, 1]]));
    produce(racked.script(), &bootstrap, &topic, 5_000, RECORD_SIZE);
    let specs = Specs::new(&bootstrap, "{throttleMiBps: 50}");
    specs.topic(&topic, 3, 2);

    let plan = specs.plan_json(&[], 0);
    let notes = plan["notes"].to_string();
    assert!(
        notes.contains("3 partitions break the rack-spread placement rule"),
        "{plan:#}"
    );
    assert_eq!(plan["summary"]["update"], 0, "drift alone moves nothing: {plan:#}");

    let plan = specs.plan_json(&["--fix-placement"], 2);
    let change = replica_change(&plan, &topic);
    assert_eq!(change["reasons"], serde_json::json!(["placement"]), "{change:#}");
    specs.apply(&["--fix-placement"]);
    for p in partitions(&bootstrap, &topic) {
        let racks: BTreeSet<&str> = p.replicas.iter().map(|b| racked.rack(*b)).collect();
        assert_eq!(racks.len(), 2, "one replica per rack: {p:?}");
        assert_eq!(p.isr.len(), 2, "{p:?}");
    }
    specs.plan_json(&[], 0);

    specs.apply(&["--drain-broker", "3"]);
    for p in partitions(&bootstrap, &topic) {
        assert!(!p.replicas.contains(&3), "broker 3 is drained: {p:?}");
        let racks: BTreeSet<&str> = p.replicas.iter().map(|b| racked.rack(*b)).collect();
        assert_eq!(racks.len(), 2, "still one replica per rack: {p:?}");
    }
    assert_no_throttles(&bootstrap, &topic);
    assert_eq!(count_records(racked.script(), &bootstrap, &topic), 5_000);
    specs.plan_json(&["--drain-broker", "3"], 0);
}
