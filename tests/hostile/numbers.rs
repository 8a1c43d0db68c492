//! Numbers that do not fit Kafka's types: each is a spec error with its range where it is read, never truncated
//! (`65537 as i16` is 1, which would pass any policy and create a topic with one replica).

use crate::common::Test;

fn validate(spec: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("specs.yaml"), spec).unwrap();
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    ran.stderr
}

#[test]
fn overrides_that_would_truncate_are_out_of_range_not_one_replica() {
    let stderr = validate(
        "kind: Environment\nname: prod\nbootstrap: 127.0.0.1:9\n\
         policy: {minReplicationFactor: 3}\n\
         overrides: {replicationFactor: 65537, partitions: 4294967297}\n\
         ---\nkind: Topic\nname: shop.orders\npartitions: 3\nreplicationFactor: 3\n",
    );
    assert!(
        stderr.contains("topicctl::invalid_replication_factor")
            && stderr.contains("overrides.replicationFactor must be between 1 and 32767, not 65537"),
        "{stderr}"
    );
    assert!(
        stderr.contains("topicctl::invalid_partitions")
            && stderr.contains("overrides.partitions must be between 1 and 2147483647, not 4294967297"),
        "{stderr}"
    );
    assert!(stderr.contains("specs.yaml:5:"), "file:line:col: {stderr}");
}

#[test]
fn defaults_topic_values_and_policies_are_range_checked() {
    let stderr = validate(
        "kind: Environment\nname: prod\nbootstrap: 127.0.0.1:9\n\
         defaults: {partitions: 4294967297, replicationFactor: 65537}\n\
         policy: {minReplicationFactor: 65539, minInsyncReplicas: -1}\n\
         ---\nkind: Topic\nname: shop.orders\npartitions: 4294967297\nreplicationFactor: 65537\n\
         environments:\n  prod: {partitions: 4294967298}\n",
    );
    for expected in [
        "defaults.partitions must be between 1 and 2147483647, not 4294967297",
        "defaults.replicationFactor must be between 1 and 32767, not 65537",
        "policy.minReplicationFactor must be between 1 and 32767, not 65539",
        "policy.minInsyncReplicas must be between 1 and 32767, not -1",
        "partitions must be between 1 and 2147483647, not 4294967297",
        "replicationFactor must be between 1 and 32767, not 65537",
        "partitions must be between 1 and 2147483647, not 4294967298",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(stderr.contains("topicctl::invalid_policy"), "{stderr}");
}

#[test]
fn scram_iterations_and_reference_versions_do_not_wrap() {
    let stderr = validate(
        "kind: Environment\nname: prod\nbootstrap: 127.0.0.1:9\n---\n\
         kind: User\nname: app\ncredentials:\n  - {mechanism: SCRAM-SHA-512, passwordEnv: NOPE, iterations: 4294971392}\n",
    );
    assert!(
        stderr.contains("topicctl::invalid_value")
            && stderr.contains("iterations must be between 4096 and 16384, not 4294971392"),
        "{stderr}"
    );
}
