//! THE LEAK TEST: a variable's value is used wherever a spec may name it — connection, SASL, registry, a user's
//! password, cluster id, MSK region — and never appears in any output: `validate`, `plan` (text, JSON, Markdown,
//! the `--out` file), `apply`'s report, or an error; neither as is, nor in base64 or hex. Each use has a positive
//! control showing the value really was used.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;

use crate::common::{Test, cluster, unique};

/// The forms a value could leak in.
fn forms(value: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    vec![
        value.to_owned(),
        b64.encode(value),
        b64.encode(value).trim_end_matches('=').to_owned(),
        hex.clone(),
        hex.to_uppercase(),
    ]
}

/// The first form of a value that `printed` contains.
fn leaked(printed: &str, values: &[&str]) -> Option<String> {
    values.iter().flat_map(|v| forms(v)).find(|form| printed.contains(form))
}

fn assert_absent(printed: &str, values: &[&str]) {
    if let Some(form) = leaked(printed, values) {
        panic!("`{form}` (a form of a variable's value) was printed:\n{printed}");
    }
}

#[test]
fn the_check_finds_every_form() {
    let b64 = base64::engine::general_purpose::STANDARD;
    assert!(leaked("x mk-1 y", &["mk-1"]).is_some());
    assert!(leaked(&format!("Basic {}", b64.encode("u:mk-1")), &["u:mk-1"]).is_some());
    assert!(leaked("6d6b2d31", &["mk-1"]).is_some());
    assert!(leaked("nothing here", &["mk-1"]).is_none());
}

#[test]
fn values_used_for_sasl_registry_and_users_never_appear_in_any_output() {
    let c = cluster();
    let marker = unique("mk").replace('.', "-");
    let user = unique("leak").replace('.', "-");
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    std::fs::write(
        dir.path().join("specs.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_SASL_BOOTSTRAP}}\nowns: [{user}.]\nsecurity:\n  \
             protocol: SASL_SSL\n  sasl:\n    mechanism: SCRAM-SHA-512\n    username: ${{KAFKA_SCRAM_USER}}\n    \
             password: ${{TOPICCTL_LEAK_SASL}}\n  tls:\n    ca: ${{KAFKA_CA_FILE}}\nschemaRegistry:\n  url: \
             ${{SCHEMA_REGISTRY_URL}}\n  username: leak\n  password: ${{TOPICCTL_LEAK_MARKER}}\n---\nkind: User\n\
             name: {user}\ncredentials:\n  - {{mechanism: SCRAM-SHA-512, passwordEnv: TOPICCTL_LEAK_MARKER}}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("plan.json");
    let out_path = out.to_str().unwrap();
    let mut printed = String::new();
    let commands: [&[&str]; 6] = [
        &["validate"],
        &["plan", "--env", "dev", "--prune", "--out", out_path],
        &["plan", "--env", "dev", "--prune", "--format", "json"],
        &["plan", "--env", "dev", "--prune", "--format", "markdown"],
        &["apply", "--env", "dev", "--auto-approve"],
        &["plan", "--env", "dev", "--detailed-exitcode"],
    ];
    for command in commands {
        let ran = Test::new()
            .confined()
            .env("TOPICCTL_LEAK_SASL", &c.admin_password)
            .env("TOPICCTL_LEAK_MARKER", &marker)
            .args(command.iter().copied())
            .args([
                "-f",
                &specs,
                "--var",
                "TOPICCTL_LEAK_SASL",
                "--var",
                "TOPICCTL_LEAK_MARKER",
            ])
            .run();
        printed.push_str(&ran.stdout);
        printed.push_str(&ran.stderr);
    }
    printed.push_str(&std::fs::read_to_string(&out).unwrap());
    // Positive controls: the SASL password authenticated (plan and apply ran), and the user created from
    // `passwordEnv` logs in with the marker; after apply, nothing is left to change.
    assert!(printed.contains(&format!("+ user {user}")), "{printed}");
    assert!(c.scram_login(&user, &marker), "the user's password is the marker");
    assert!(printed.contains("No changes"), "{printed}");
    assert_absent(&printed, &[&marker, &c.admin_password, &format!("leak:{marker}")]);
}

/// A listener that accepts connections and drops them at once, counting them.
fn dropping_listener() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            count.fetch_add(1, Ordering::SeqCst);
            drop(conn);
        }
    });
    (addr, accepted)
}

/// `plan` of one Environment document with `TOPICCTL_LEAK_MARKER` set to `marker`: must fail with `code`, show
/// `shown` and never the marker.
fn plan_fails(environment: &str, marker: &str, extra: &[&str], code: &str, shown: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("env.yaml"), environment).unwrap();
    let ran = Test::new()
        .confined()
        .env("TOPICCTL_LEAK_MARKER", marker)
        .args([
            "plan",
            "--env",
            "dev",
            "--var",
            "TOPICCTL_LEAK_MARKER",
            "-f",
            dir.path().to_str().unwrap(),
        ])
        .args(extra.iter().copied())
        .status(1)
        .run();
    let printed = format!("{}{}", ran.stdout, ran.stderr);
    assert!(printed.contains(code), "expected {code}:\n{printed}");
    assert!(printed.contains(shown), "expected `{shown}` shown:\n{printed}");
    assert_absent(&printed, &[marker]);
}

#[test]
fn a_bootstrap_from_a_variable_is_used_and_its_errors_name_the_variable() {
    let (addr, accepted) = dropping_listener();
    plan_fails(
        "kind: Environment\nname: dev\nbootstrap: ${TOPICCTL_LEAK_MARKER}\n",
        &addr,
        &[],
        "topicctl::no_broker",
        "${TOPICCTL_LEAK_MARKER}",
    );
    assert!(
        accepted.load(Ordering::SeqCst) > 0,
        "the address from the variable was used"
    );
}

#[test]
fn cluster_id_registry_user_and_region_from_a_variable_never_show_in_errors() {
    let c = cluster();
    let marker = unique("mk").replace('.', "-");
    let plaintext = format!("kind: Environment\nname: dev\nbootstrap: {}\n", c.bootstrap);
    // Compared with the cluster's id (the positive control: the mismatch), shown as the spec wrote it.
    plan_fails(
        &format!("{plaintext}clusterId: ${{TOPICCTL_LEAK_MARKER}}\n"),
        &marker,
        &[],
        "topicctl::connect::cluster_id_mismatch",
        "names cluster id ${TOPICCTL_LEAK_MARKER}",
    );
    // A registry URL the client really asks (nothing listens on port 1).
    plan_fails(
        &format!(
            "{plaintext}owns: [leak-nothing.]\nschemaRegistry: {{url: \"http://127.0.0.1:1/${{TOPICCTL_LEAK_MARKER}}\"}}\n"
        ),
        &marker,
        &["--prune"],
        "topicctl::registry_unreachable",
        "${TOPICCTL_LEAK_MARKER}",
    );
    // A SASL user name the broker refuses (the positive control: it was sent).
    plan_fails(
        &format!(
            "kind: Environment\nname: dev\nbootstrap: {}\nsecurity:\n  protocol: SASL_SSL\n  sasl: {{mechanism: \
             SCRAM-SHA-512, username: \"${{TOPICCTL_LEAK_MARKER}}\", password: wrong}}\n  tls: {{ca: {}}}\n",
            c.sasl_bootstrap,
            c.ca_file.display()
        ),
        &marker,
        &[],
        "topicctl::authentication",
        "${TOPICCTL_LEAK_MARKER}",
    );
    // An MSK region outside the allowed endpoints: refused by name before any AWS call.
    plan_fails(
        "kind: Environment\nname: dev\nmsk: {clusterArn: \"arn:aws:kafka:eu-west-1:123456789012:cluster/x/y\", \
         region: \"${TOPICCTL_LEAK_MARKER}\"}\n",
        &marker,
        &["--allow-endpoint", "kafka.eu-west-1.amazonaws.com:443"],
        "topicctl::connect::endpoint_not_allowed",
        "msk.region `${TOPICCTL_LEAK_MARKER}`",
    );
}
