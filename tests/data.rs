//! Records in and out of a topic with Kafka's own Java tools (via `scripts/kafka run-class`): bulk writes for tests
//! that move replicas, and a count that reads every record back, so a test proves data is still readable.
//! PLAINTEXT listeners only (an own cluster's, or the shared cluster's `KAFKA_BOOTSTRAP`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// The longest a tool may run before it is killed and the test fails (a hang must not hold the suite).
const TOOL_LIMIT: Duration = Duration::from_secs(300);
/// How long the reader waits without receiving a record before it gives up (a leader moving pauses fetches for
/// a moment, never this long).
const IDLE_TIMEOUT_MS: u64 = 30_000;

/// Run a Kafka tool class with the cached jars under a wall-clock limit (`timeout -s KILL`: the script `exec`s
/// java, so the JVM itself is killed).
fn run_tool(script: &Path, class: &str, args: &[&str]) -> Output {
    Command::new("timeout")
        .args(["-s", "KILL", &TOOL_LIMIT.as_secs().to_string()])
        .arg(script)
        .arg("run-class")
        .arg(class)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run scripts/kafka run-class")
}

fn describe(what: &str, out: &Output) -> String {
    format!(
        "{what}: {}\n--- stdout\n{}\n--- stderr\n{}",
        match out.status.code() {
            Some(code) => format!("exit {code}"),
            None => format!("killed ({:?}, {} s limit)", out.status, TOOL_LIMIT.as_secs()),
        },
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Write `records` records of `record_size` bytes, spread evenly over the partitions (random letters, so compression could not shrink them; none is
/// used) to `topic` with `acks=all`, as fast as the cluster takes them; panics with the tool's output unless every
/// record was acknowledged.
pub fn produce(script: &Path, bootstrap: &str, topic: &str, records: u64, record_size: u32) {
    let records_arg = records.to_string();
    let size_arg = record_size.to_string();
    let bootstrap_prop = format!("bootstrap.servers={bootstrap}");
    let out = run_tool(
        script,
        "org.apache.kafka.tools.ProducerPerformance",
        &[
            "--topic",
            topic,
            "--num-records",
            &records_arg,
            "--record-size",
            &size_arg,
            "--throughput",
            "-1",
            "--producer-props",
            &bootstrap_prop,
            "acks=all",
            "linger.ms=20",
            "batch.size=524288",
            "buffer.memory=67108864",
            "compression.type=none",
            // Record by record over the partitions: each gets its share (the default sticky partitioner would
            // put a small run in one partition, and skew a large one towards the faster brokers).
            "partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner",
            "delivery.timeout.ms=120000",
        ],
    );
    // The tool exits 0 even when sends fail (it prints their stack traces); its last line counts only the
    // acknowledged records: "N records sent, …".
    let stdout = String::from_utf8_lossy(&out.stdout);
    let acknowledged = stdout
        .lines()
        .rev()
        .find_map(|l| l.split_once(" records sent,"))
        .and_then(|(n, _)| n.trim().parse::<u64>().ok());
    assert!(
        out.status.success() && acknowledged == Some(records),
        "{}",
        describe(
            &format!("ProducerPerformance: {acknowledged:?} of {records} records acknowledged on {topic}"),
            &out
        )
    );
}

/// The offset after the last record of each partition of `topic`, by partition: how many records each has ever had
/// (the tests' topics neither expire nor compact records, nor use transactions).
pub fn end_offsets(script: &Path, bootstrap: &str, topic: &str) -> BTreeMap<i32, u64> {
    let out = run_tool(
        script,
        "org.apache.kafka.tools.GetOffsetShell",
        &["--bootstrap-server", bootstrap, "--topic", topic, "--time", "-1"],
    );
    assert!(out.status.success(), "{}", describe("GetOffsetShell", &out));
    // One line a partition: "topic:partition:offset".
    let stdout = String::from_utf8_lossy(&out.stdout);
    let offsets: BTreeMap<i32, u64> = stdout
        .lines()
        .filter_map(|l| {
            let mut fields = l.trim().rsplit(':');
            let offset = fields.next()?.parse().ok()?;
            Some((fields.next()?.parse().ok()?, offset))
        })
        .collect();
    assert!(
        !offsets.is_empty(),
        "{}",
        describe("GetOffsetShell: no partitions", &out)
    );
    offsets
}

/// Read every record of `topic` from the beginning (a consumer in a fresh group) and return how many were read.
/// The end offsets, looked up first, only tell the reader when to stop: the count is what it really received. It
/// stops early when no record has come for 30 s (so a lost or unreadable partition gives a smaller count, not a
/// hang); records written after the look-up may or may not be counted.
pub fn count_records(script: &Path, bootstrap: &str, topic: &str) -> u64 {
    let expected: u64 = end_offsets(script, bootstrap, topic).values().sum();
    if expected == 0 {
        return 0;
    }
    let expected_arg = expected.to_string();
    let timeout_arg = IDLE_TIMEOUT_MS.to_string();
    let out = run_tool(
        script,
        "org.apache.kafka.tools.ConsumerPerformance",
        &[
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--messages",
            &expected_arg,
            "--timeout",
            &timeout_arg,
            "--fetch-size",
            "8388608",
        ],
    );
    assert!(out.status.success(), "{}", describe("ConsumerPerformance", &out));
    // A header and one line of values: "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, …"
    // (a warning line comes before them when it stopped on the idle timeout).
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let parsed = lines.iter().position(|l| l.starts_with("start.time,")).and_then(|h| {
        let column = lines[h].split(',').position(|c| c.trim() == "data.consumed.in.nMsg")?;
        lines.get(h + 1)?.split(',').nth(column)?.trim().parse::<u64>().ok()
    });
    parsed.unwrap_or_else(|| panic!("{}", describe("ConsumerPerformance: no count in its output", &out)))
}
