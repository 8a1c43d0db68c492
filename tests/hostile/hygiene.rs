//! What a spec makes topicctl print: escape and OSC sequences are shown escaped, never sent to the terminal; a huge
//! line does not become a huge report; secrets from `-X` and credentials in a registry URL are never echoed.

use std::path::Path;

use crate::common::{Ran, Test, cluster};

const ESC: char = '\u{1b}';

fn write(dir: &Path, name: &str, body: &[u8]) {
    std::fs::write(dir.join(name), body).unwrap();
}

fn no_escape_bytes(ran: &Ran) {
    for (what, text) in [("stdout", &ran.stdout), ("stderr", &ran.stderr)] {
        assert!(!text.contains(ESC), "a raw ESC on {what}:\n{text:?}");
        assert!(!text.contains('\u{7}'), "a raw BEL on {what}:\n{text:?}");
    }
}

#[test]
fn escape_and_osc_sequences_in_specs_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // YAML's own escapes: the values themselves hold ESC and BEL.
    write(
        dir.path(),
        "specs.yaml",
        b"kind: Environment\nname: \"dev\\e]0;pwned\\a\"\nbootstrap: 127.0.0.1:9\n\
          defaults: {partitions: 1, replicationFactor: 1}\n---\n\
          kind: Topic\nname: \"shop\\e[2Jorders\"\n---\n\
          kind: Topic\nname: shop.x\nconfig: {retention.ms: \"7d\\e]8;;http://evil\\a\"}\n\
          environments: {\"pr\\eod\": {partitions: 2}}\n",
    );
    // A raw ESC byte in the file: the snippet of the YAML error shows it escaped.
    write(
        dir.path(),
        "raw.yaml",
        b"kind: Topic\nname: shop.y\nconfig: {cleanup.policy: \"del\x1b]0;x\x07ete\"}\n",
    );
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    for code in [
        "topicctl::invalid_topic_name",
        "topicctl::invalid_config_value",
        "topicctl::unknown_environment",
        "topicctl::yaml_syntax",
    ] {
        assert!(ran.stderr.contains(code), "{code}\n{}", ran.stderr);
    }
    assert!(ran.stderr.contains("shop\\u{1b}[2Jorders"), "{}", ran.stderr);
    no_escape_bytes(&ran);
}

#[test]
fn an_environment_name_with_escapes_is_shown_escaped_when_valid() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "specs.yaml",
        b"kind: Environment\nname: \"dev\\e]0;pwned\\a\"\nbootstrap: 127.0.0.1:9\n",
    );
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .run();
    assert!(
        ran.stdout.contains("dev\\u{1b}]0;pwned\\u{7}: 0 topics"),
        "{}",
        ran.stdout
    );
    no_escape_bytes(&ran);
}

#[test]
fn a_15_mb_line_gives_a_short_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = b"kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\n---\n\
        {kind: Topic, name: shop.orders, partitions: 1, replicationFactor: 1, config: {retention.ms: \"7"
        .to_vec();
    body.extend(std::iter::repeat_n(b'x', 15 * 1024 * 1024));
    body.extend(b"\"}}\n");
    write(dir.path(), "specs.yaml", &body);
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.len() < 64 * 1024, "{} bytes of stderr", ran.stderr.len());
    assert!(ran.stderr.contains("topicctl::yaml_limits"), "{}", ran.stderr);
    assert!(ran.stderr.contains("specs.yaml:5:"), "file:line:col\n{}", ran.stderr);
}

#[test]
fn a_long_quoted_value_is_cut_in_the_message_and_the_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a".repeat(200_000);
    write(
        dir.path(),
        "specs.yaml",
        format!(
            "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\n\
             defaults: {{partitions: 1, replicationFactor: 1}}\n---\n{{kind: Topic, name: {name}}}\n"
        )
        .as_bytes(),
    );
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.contains("topicctl::invalid_topic_name"), "{}", ran.stderr);
    assert!(ran.stderr.contains('…'), "{}", ran.stderr);
    assert!(ran.stderr.len() < 8 * 1024, "{} bytes of stderr", ran.stderr.len());
}

#[test]
fn a_malformed_secret_property_is_not_echoed() {
    for arg in [
        "sasl.password:s3cr3t",
        "sasl.jaas.config s3cr3t",
        "ssl.key.password s3cr3t",
    ] {
        let ran = Test::new()
            .confined()
            .args(["cluster", "info", "--bootstrap", "127.0.0.1:9", "-X", arg])
            .status(1)
            .run();
        assert!(ran.stderr.contains("expected KEY=VALUE"), "{}", ran.stderr);
        assert!(
            !ran.stderr.contains("s3cr3t") && !ran.stdout.contains("s3cr3t"),
            "{}",
            ran.stderr
        );
    }
}

#[test]
fn registry_credentials_in_the_url_are_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.avsc", br#"{"type": "string"}"#);
    let spec = format!(
        "kind: Environment\nname: dev\nbootstrap: {}\n\
         schemaRegistry: {{url: \"http://reg-user:pw-s3cr3t@127.0.0.1:9/apis\"}}\n---\n\
         kind: Subject\nname: hygiene.url-value\ntype: avro\nschema: s.avsc\n",
        cluster().bootstrap
    );
    write(dir.path(), "specs.yaml", spec.as_bytes());
    let ran = Test::new()
        .confined()
        .args(["plan", "--env", "dev", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.contains("topicctl::registry_unreachable"), "{}", ran.stderr);
    assert!(ran.stderr.contains("http://***@127.0.0.1:9/apis"), "{}", ran.stderr);
    for secret in ["pw-s3cr3t", "reg-user"] {
        assert!(
            !ran.stderr.contains(secret) && !ran.stdout.contains(secret),
            "{}",
            ran.stderr
        );
    }
}
