//! Loading and validating 10,000 topics across 100 files (plus an environment): the target is well under a
//! second. Run with `cargo bench --bench validate_specs` (no cluster needed).

use std::fmt::Write;
use std::time::Instant;

use topicctl::spec::load::load;
use topicctl::spec::validate::{Variables, validate};

const FILES: usize = 100;
const TOPICS_PER_FILE: usize = 100;
const ROUNDS: usize = 5;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("environments.yaml"),
        "kind: Environment\nname: dev\nbootstrap: ${KAFKA_BOOTSTRAP:-127.0.0.1:9092}\n\
         defaults: {partitions: 3, replicationFactor: 1}\noverrides: {replicationFactor: 1, config: {min.insync.replicas: 1}}\n\
         ---\nkind: Environment\nname: prod\nbootstrap: kafka:9092\npolicy: {minReplicationFactor: 3, minInsyncReplicas: 2}\n",
    )
    .unwrap();
    let mut bytes = 0;
    for f in 0..FILES {
        let mut text = String::new();
        for t in 0..TOPICS_PER_FILE {
            let _ = write!(
                text,
                "---\nkind: Topic\nname: team{f}.domain{t}.events\npartitions: 12\nreplicationFactor: 3\nconfig:\n  \
                 retention.ms: 7d\n  cleanup.policy: delete\n  compression.type: lz4\n  min.insync.replicas: 2\n  \
                 max.message.bytes: 1MiB\nenvironments:\n  dev: {{partitions: 3}}\nlabels: {{team: team{f}}}\n"
            );
        }
        bytes += text.len();
        std::fs::write(dir.path().join(format!("topics-{f:03}.yaml")), text).unwrap();
    }
    let roots = vec![dir.path().to_path_buf()];
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let loaded = load(&roots);
        let validated = validate(&loaded, None, &Variables::new(&|_| None, Vec::<String>::new()));
        times.push(started.elapsed());
        assert!(!validated.has_errors(), "{:?}", validated.diagnostics.first());
        assert_eq!(
            validated.environments["prod"].state.topics.len(),
            FILES * TOPICS_PER_FILE
        );
    }
    times.sort();
    println!(
        "load + validate {} topics in {FILES} files ({} KiB), 2 environments: median {:.0?}, min {:.0?}, max {:.0?} over {ROUNDS} rounds",
        FILES * TOPICS_PER_FILE,
        bytes / 1024,
        times[ROUNDS / 2],
        times[0],
        times[ROUNDS - 1]
    );
}
