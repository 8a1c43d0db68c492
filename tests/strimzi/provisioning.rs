//! `cluster up / status / down` through the real binary against the fake API server: the requests topicctl makes
//! (paths, methods, content types, bodies, authentication), the readiness polls, progress and errors.

use std::path::Path;

use super::fake_api::{FakeApi, Options, Recorded, kubeconfig};
use super::specs::{LAB_PASSWORD, lab, paklog};
use crate::common::{Ran, Test};

const TOKEN: &str = "fake-bearer-token";
const STRIMZI: &str = "/apis/kafka.strimzi.io/v1/namespaces/paklog-staging";

fn topicctl(kubeconfig: &Path, home: &Path, args: &[&str]) -> Test {
    Test::new()
        .args(args.iter().copied())
        .env("KUBECONFIG", kubeconfig.to_str().unwrap())
        .env("HOME", home.to_str().unwrap())
        .env("TOPICCTL_KUBE_POLL_MS", "20")
        .env("TOPICCTL_KUBE_TIMEOUT_MS", "20000")
}

fn staging(kubeconfig: &Path, home: &Path, command: &[&str]) -> Test {
    let specs = paklog();
    let mut args = vec!["cluster"];
    args.extend_from_slice(command);
    args.extend(["staging", "-f", specs.to_str().unwrap()]);
    if command == ["down"] {
        args.push("--force");
    }
    topicctl(kubeconfig, home, &args)
}

fn calls(requests: &[Recorded]) -> Vec<String> {
    requests.iter().map(|r| format!("{} {}", r.method, r.target)).collect()
}

fn apply_query() -> &'static str {
    "?&fieldManager=topicctl&fieldValidation=Strict"
}

#[test]
fn up_status_down_against_a_fake_api_server() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: 2,
        // TLS: a bearer token is never sent over plain HTTP (`insecure_server`).
        tls: true,
        busy_answers: 0,
    });
    let home = tempfile::tempdir().unwrap();
    let config = kubeconfig(home.path(), &api.url, TOKEN);

    let up = staging(&config, home.path(), &["up"]).run();
    let requests = api.requests();
    let patches: Vec<&Recorded> = requests.iter().filter(|r| r.method == "PATCH").collect();
    let expected: Vec<String> = [
        "kafkanodepools/controllers",
        "kafkanodepools/brokers-eu-central-1a",
        "kafkanodepools/brokers-eu-central-1b",
        "kafkanodepools/brokers-eu-central-1c",
        "kafkas/paklog",
        "kafkatopics/inventory.events",
        "kafkatopics/inventory.stock.commands",
        "kafkatopics/inventory.stock.snapshots",
    ]
    .iter()
    .map(|p| format!("PATCH {STRIMZI}/{p}{}", apply_query()))
    .collect();
    assert_eq!(
        calls(&patches.iter().map(|r| (*r).clone()).collect::<Vec<_>>()),
        expected
    );
    for p in &patches {
        assert_eq!(
            p.content_type.as_deref(),
            Some("application/apply-patch+yaml"),
            "{}",
            p.target
        );
        let body = p.body.as_ref().expect("apply body");
        assert_eq!(body["apiVersion"], "kafka.strimzi.io/v1");
        assert_eq!(body["metadata"]["namespace"], "paklog-staging");
        let kind = body["kind"].as_str().unwrap();
        let plural = format!("{}s", kind.to_ascii_lowercase());
        assert!(p.target.contains(&format!("/{plural}/")), "{kind} sent to {}", p.target);
    }
    assert!(
        requests
            .iter()
            .all(|r| r.authorization.as_deref() == Some(&*format!("Bearer {TOKEN}")))
    );
    // The Kafka is read until Ready: twice NotReady, then Ready; nothing is read before everything is applied.
    let kafka_reads: Vec<usize> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.method == "GET" && r.target == format!("{STRIMZI}/kafkas/paklog"))
        .map(|(i, _)| i)
        .collect();
    // 2 NotReady + 1 Ready while waiting, then 1 for the status `up` prints.
    assert_eq!(kafka_reads.len(), 4, "polls: {:?}", calls(&requests));
    assert!(kafka_reads[0] > patches.len() - 1);
    assert_eq!(
        up.stderr
            .matches("Kafka paklog: NotReady (Creating): Kafka cluster is being deployed")
            .count(),
        1,
        "one progress line per change:\n{}",
        up.stderr
    );
    for line in [
        "applied KafkaNodePool controllers",
        "applied Kafka paklog",
        "applied KafkaTopic inventory.events",
        "waiting for Kafka paklog to be Ready (time-out 20s)",
        "Kafka paklog is Ready",
    ] {
        assert!(up.stderr.contains(line), "missing `{line}` in:\n{}", up.stderr);
    }
    assert!(
        up.stdout.contains("paklog-kafka-bootstrap.paklog-staging.svc:9093"),
        "{}",
        up.stdout
    );
    assert!(up.stdout.contains("ready"), "{}", up.stdout);

    api.clear();
    let status = staging(&config, home.path(), &["status"]).run();
    assert_eq!(
        calls(&api.requests()),
        [
            format!("GET {STRIMZI}/kafkas/paklog"),
            format!("GET {STRIMZI}/kafkanodepools?&labelSelector=strimzi.io%2Fcluster%3Dpaklog"),
        ]
    );
    for part in [
        "ready",
        "staging/paklog-staging/paklog",
        "paklog-kafka-bootstrap.paklog-staging.svc:9093",
        "brokers-eu-central-1a",
        "zone eu-central-1a",
        "controllers",
        "4.1.1",
    ] {
        assert!(status.stdout.contains(part), "missing `{part}` in:\n{}", status.stdout);
    }

    api.clear();
    let down = staging(&config, home.path(), &["down"]).run();
    let deletes: Vec<String> = api
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(
        deletes,
        [
            format!("{STRIMZI}/kafkatopics/inventory.events?"),
            format!("{STRIMZI}/kafkatopics/inventory.stock.commands?"),
            format!("{STRIMZI}/kafkatopics/inventory.stock.snapshots?"),
            format!("{STRIMZI}/kafkas/paklog?"),
            format!("{STRIMZI}/kafkanodepools/brokers-eu-central-1a?"),
            format!("{STRIMZI}/kafkanodepools/brokers-eu-central-1b?"),
            format!("{STRIMZI}/kafkanodepools/brokers-eu-central-1c?"),
            format!("{STRIMZI}/kafkanodepools/controllers?"),
        ]
    );
    assert!(down.stderr.contains("PersistentVolumeClaims stay"), "{}", down.stderr);

    let gone = staging(&config, home.path(), &["status"]).run();
    assert!(gone.stdout.contains("absent"), "{}", gone.stdout);
}

fn failing(api: &FakeApi, env: &[(&str, &str)], command: &str) -> Ran {
    let home = tempfile::tempdir().unwrap();
    let config = kubeconfig(home.path(), &api.url, TOKEN);
    let mut t = staging(&config, home.path(), &[command]).status(1);
    for (k, v) in env {
        t = t.env(k, v);
    }
    t.run()
}

#[test]
fn missing_crds_are_reported_with_the_fix() {
    let api = FakeApi::start(Options {
        crds_installed: false,
        not_ready_polls: 0,
        // TLS: a bearer token is never sent over plain HTTP (`insecure_server`).
        tls: true,
        busy_answers: 0,
    });
    let ran = failing(&api, &[], "up");
    for part in [
        "Strimzi CRDs are not installed",
        "kafkanodepools.kafka.strimzi.io",
        "staging/paklog-staging",
        "install the Strimzi operator",
    ] {
        assert!(ran.stderr.contains(part), "missing `{part}` in:\n{}", ran.stderr);
    }
    assert_eq!(
        api.requests().len(),
        1,
        "stops at the first 404: {:?}",
        calls(&api.requests())
    );
    let ran = failing(&api, &[], "status");
    assert!(ran.stderr.contains("kafkas.kafka.strimzi.io"), "{}", ran.stderr);
}

#[test]
fn a_cluster_that_never_gets_ready_times_out_with_the_reason() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: usize::MAX,
        // TLS: a bearer token is never sent over plain HTTP (`insecure_server`).
        tls: true,
        busy_answers: 0,
    });
    let ran = failing(&api, &[("TOPICCTL_KUBE_TIMEOUT_MS", "300")], "up");
    assert!(
        ran.stderr
            .contains("Kafka `paklog` in `staging/paklog-staging` is not Ready after 300ms: NotReady (Creating)"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("kubectl -n paklog-staging describe kafka paklog"),
        "{}",
        ran.stderr
    );
    let polls = api.requests().iter().filter(|r| r.method == "GET").count();
    assert!((2..=40).contains(&polls), "{polls} polls in 300ms at 20ms");
}

#[test]
fn a_missing_kube_context_names_it_and_the_namespace() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("kubeconfig");
    std::fs::write(
        &config,
        "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\ncurrent-context: nowhere\n",
    )
    .unwrap();
    let ran = staging(&config, home.path(), &["status"]).status(1).run();
    for part in [
        "kube context `staging`",
        "paklog-staging",
        "kubectl config get-contexts",
    ] {
        assert!(ran.stderr.contains(part), "missing `{part}` in:\n{}", ran.stderr);
    }
}

#[test]
fn users_over_tls_write_password_secrets_but_never_print_them() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: 1,
        tls: true,
        busy_answers: 0,
    });
    let home = tempfile::tempdir().unwrap();
    let config = kubeconfig(home.path(), &api.url, TOKEN);
    let dir = lab();
    let ran = topicctl(
        &config,
        home.path(),
        &["cluster", "up", "lab", "-f", dir.path().to_str().unwrap()],
    )
    .env("LAB_ORDER_PASSWORD", LAB_PASSWORD)
    .run();
    assert!(!ran.stdout.contains(LAB_PASSWORD) && !ran.stderr.contains(LAB_PASSWORD));
    let requests = api.requests();
    let kinds: Vec<String> = requests
        .iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| {
            let b = r.body.as_ref().unwrap();
            format!(
                "{}/{}",
                b["kind"].as_str().unwrap(),
                b["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        kinds[..4],
        [
            "KafkaNodePool/controllers",
            "KafkaNodePool/brokers",
            "Kafka/lab",
            "Secret/order-service-scram"
        ]
    );
    assert!(kinds[4].starts_with("KafkaTopic/orders-v1-"));
    assert_eq!(kinds[5..], ["KafkaUser/audit", "KafkaUser/order-service"]);
    let secret = requests
        .iter()
        .find(|r| r.target.starts_with("/api/v1/namespaces/kafka/secrets/"))
        .unwrap();
    assert_eq!(
        secret.target,
        format!("/api/v1/namespaces/kafka/secrets/order-service-scram{}", apply_query())
    );
    assert_eq!(secret.body.as_ref().unwrap()["stringData"]["password"], LAB_PASSWORD);
    assert!(
        ran.stdout.contains("lab-kafka-bootstrap.kafka.svc:9092"),
        "{}",
        ran.stdout
    );

    // Without the password the Secret cannot be written, and nothing is applied.
    api.clear();
    let ran = topicctl(
        &config,
        home.path(),
        &["cluster", "up", "lab", "-f", dir.path().to_str().unwrap()],
    )
    .status(1)
    .run();
    assert!(api.requests().is_empty(), "{:?}", calls(&api.requests()));
    assert!(ran.stderr.contains("LAB_ORDER_PASSWORD"), "{}", ran.stderr);
}

#[test]
fn tls_to_an_api_server_with_an_unknown_ca_fails_clearly() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: 0,
        tls: true,
        busy_answers: 0,
    });
    let home = tempfile::tempdir().unwrap();
    // The kubeconfig trusts the system roots only, which did not sign the fake server's certificate.
    let config = home.path().join("kubeconfig");
    std::fs::write(
        &config,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {{server: '{}'}}\n\
             users:\n- name: t\n  user: {{token: x}}\ncontexts:\n- name: staging\n  context: {{cluster: fake, user: t}}\n\
             current-context: staging\n",
            api.url
        ),
    )
    .unwrap();
    let ran = staging(&config, home.path(), &["status"]).status(1).run();
    assert!(ran.stderr.contains("staging/paklog-staging"), "{}", ran.stderr);
    assert!(
        api.requests().is_empty(),
        "no request gets through an untrusted TLS connection"
    );
}

#[test]
fn a_bearer_token_is_never_sent_over_plain_http() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: 0,
        tls: false,
        busy_answers: 0,
    });
    let home = tempfile::tempdir().unwrap();
    for url in ["http://127.0.0.1:1", api.url.as_str()] {
        let config = kubeconfig(home.path(), url, TOKEN);
        let ran = staging(&config, home.path(), &["status"]).status(1).run();
        assert!(
            ran.stderr.contains("topicctl::provision::kubernetes::insecure_server"),
            "{}",
            ran.stderr
        );
        assert!(ran.stderr.contains("over plain HTTP"), "{}", ran.stderr);
        assert!(!ran.stderr.contains(TOKEN), "{}", ran.stderr);
    }
    assert!(api.requests().is_empty(), "{:?}", calls(&api.requests()));
}

#[test]
fn a_device_as_the_kubeconfig_or_its_ca_file_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let with_device_ca = home.path().join("kubeconfig");
    std::fs::write(
        &with_device_ca,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {server: 'https://127.0.0.1:1', \
         certificate-authority: /dev/zero}\nusers:\n- name: t\n  user: {token: x}\ncontexts:\n- name: staging\n  \
         context: {cluster: fake, user: t}\ncurrent-context: staging\n",
    )
    .unwrap();
    for config in [Path::new("/dev/zero"), &with_device_ca] {
        let ran = staging(config, home.path(), &["status"]).confined().status(1).run();
        assert!(ran.stderr.contains("topicctl::file::not_regular"), "{}", ran.stderr);
        assert!(ran.stderr.contains("/dev/zero is not a regular file"), "{}", ran.stderr);
    }
}

/// A busy API server (429 with Retry-After, as one whose storage is initializing answers) is waited for and asked
/// again: `up` succeeds after two such answers, the first call was sent three times, and the waits were the second
/// each answer asked for.
#[test]
fn busy_answers_are_retried_after_what_the_server_asks() {
    let api = FakeApi::start(Options {
        crds_installed: true,
        not_ready_polls: 0,
        tls: true,
        busy_answers: 2,
    });
    let home = tempfile::tempdir().unwrap();
    let config = kubeconfig(home.path(), &api.url, TOKEN);
    let started = std::time::Instant::now();
    staging(&config, home.path(), &["up"]).run();
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "two `Retry-After: 1` answers were waited for: {:?}",
        started.elapsed()
    );
    let requests = calls(&api.requests());
    assert_eq!(requests[0], requests[1], "{requests:?}");
    assert_eq!(requests[1], requests[2], "{requests:?}");
}
