//! Names Kafka or the registry keep for themselves: a spec may not declare (and so, with `--prune` and a wide
//! `owns`, may not come to manage) `__consumer_offsets` and its kind.

use crate::common::Test;

#[test]
fn reserved_topic_names_are_refused() {
    for name in [
        "__consumer_offsets",
        "__transaction_state",
        "_schemas",
        "__amazon_msk_canary",
        "_confluent-metrics",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("specs.yaml"),
            format!(
                "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\nowns: ['']\n---\n\
                 kind: Topic\nname: '{name}'\npartitions: 1\nreplicationFactor: 1\n"
            ),
        )
        .unwrap();
        let ran = Test::new()
            .confined()
            .args(["validate", "-f", dir.path().to_str().unwrap()])
            .status(1)
            .run();
        assert!(
            ran.stderr.contains("topicctl::reserved_topic_name"),
            "{name}: {}",
            ran.stderr
        );
        assert!(
            ran.stderr.contains("specs.yaml:7:"),
            "{name}: file:line:col: {}",
            ran.stderr
        );
    }
}
