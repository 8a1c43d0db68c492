//! `cluster up / status / down` through the real binary against a real kube-apiserver (`scripts/kube`: built from
//! the Go module proxy, etcd and kube-controller-manager beside it, the Strimzi CRDs of `../shared/strimzi`
//! installed). No operator runs there: a thread of this test plays the Strimzi operator, writing through the
//! `/status` subresource only after it has seen the new generation. Each test works in a namespace of its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{Ran, Test, unique};

struct Kube {
    kubeconfig: PathBuf,
    server: String,
    ca: PathBuf,
    admin_token: String,
    exec_log: PathBuf,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: this test needs the real API server. Run `scripts/test`, or `scripts/kube up` and source target/kube/env")
    })
}

fn kube() -> Kube {
    let kubeconfig = PathBuf::from(var("KUBECONFIG"));
    let exec_log = kubeconfig.parent().unwrap().join("exec-calls.log");
    Kube {
        kubeconfig,
        server: var("KUBE_SERVER"),
        ca: PathBuf::from(var("KUBE_CA_FILE")),
        admin_token: var("KUBE_ADMIN_TOKEN"),
        exec_log,
    }
}

const STRIMZI: &str = "/apis/kafka.strimzi.io/v1";

impl Kube {
    /// One admin call with curl: (HTTP code, body as JSON or `null`).
    fn call(&self, method: &str, path: &str, body: Option<&Value>, content_type: &str) -> (u16, Value) {
        let mut c = Command::new("curl");
        c.args(["-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--cacert"])
            .arg(&self.ca)
            .args(["-H", &format!("Authorization: Bearer {}", self.admin_token)])
            .arg(format!("{}{path}", self.server));
        if let Some(body) = body {
            c.args([
                "-H",
                &format!("Content-Type: {content_type}"),
                "--data-binary",
                &body.to_string(),
            ]);
        }
        let out = c.output().expect("run curl");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
        (
            code.trim().parse().unwrap_or(0),
            serde_json::from_str(body).unwrap_or(Value::Null),
        )
    }

    fn get(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, None, "")
    }

    fn namespace(&self, name: &str) {
        let (code, body) = self.call(
            "POST",
            "/api/v1/namespaces",
            Some(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})),
            "application/json",
        );
        assert_eq!(code, 201, "create namespace {name}: {body}");
    }

    fn items(&self, namespace: &str, plural: &str) -> Vec<Value> {
        let (code, body) = self.get(&format!("{STRIMZI}/namespaces/{namespace}/{plural}"));
        assert_eq!(code, 200, "{body}");
        body["items"].as_array().cloned().unwrap_or_default()
    }
}

/// paklog's specs with `staging` pointed at `namespace` through kube context `context`.
fn specs(namespace: &str, context: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paklog");
    copy(&source, dir.path());
    let env = dir.path().join("environments.yaml");
    let text = std::fs::read_to_string(&env)
        .unwrap()
        .replace("namespace: paklog-staging", &format!("namespace: {namespace}"))
        .replace("context: staging", &format!("context: {context}"));
    std::fs::write(env, text).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn topicctl(kube: &Kube, specs: &Path, command: &[&str], timeout_ms: u64) -> Test {
    let mut args = vec!["cluster"];
    args.extend_from_slice(command);
    args.extend(["staging", "-f", specs.to_str().unwrap()]);
    if command == ["down"] {
        args.push("--force");
    }
    Test::new()
        .args(args)
        .env("KUBECONFIG", kube.kubeconfig.to_str().unwrap())
        .env("TOPICCTL_KUBE_POLL_MS", "100")
        .env("TOPICCTL_KUBE_TIMEOUT_MS", &timeout_ms.to_string())
}

/// The Strimzi operator, played by a thread: for each new generation of the Kafka it sees, it waits `delay` and
/// then writes `status` through the subresource: `Ready` (with a listener address and the pools' node ids), or
/// `NotReady` with a reason when `ready` is off.
struct Operator {
    stop: Arc<AtomicBool>,
    /// Generations it has answered.
    answered: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Operator {
    fn start(namespace: &str, delay: Duration, ready: bool) -> Operator {
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(AtomicUsize::new(0));
        let (stop2, answered2, namespace) = (stop.clone(), answered.clone(), namespace.to_owned());
        let thread = std::thread::spawn(move || {
            let kube = kube();
            let mut seen: Option<(i64, Instant)> = None;
            while !stop2.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let (code, kafka) = kube.get(&format!("{STRIMZI}/namespaces/{namespace}/kafkas/paklog"));
                if code != 200 {
                    continue;
                }
                let generation = kafka["metadata"]["generation"].as_i64().unwrap_or(0);
                let observed = kafka["status"]["observedGeneration"].as_i64().unwrap_or(0);
                if observed == generation {
                    continue;
                }
                match seen {
                    Some((g, at)) if g == generation && at.elapsed() >= delay => {}
                    Some((g, _)) if g == generation => continue,
                    _ => {
                        seen = Some((generation, Instant::now()));
                        continue;
                    }
                }
                for pool in kube.items(&namespace, "kafkanodepools") {
                    let name = pool["metadata"]["name"].as_str().unwrap().to_owned();
                    let replicas = pool["spec"]["replicas"].as_i64().unwrap_or(0);
                    let status = json!({"status": {"observedGeneration": pool["metadata"]["generation"],
                        "nodeIds": (0..replicas).collect::<Vec<_>>(),
                        "conditions": [{"type": "Ready", "status": "True"}]}});
                    let path = format!("{STRIMZI}/namespaces/{namespace}/kafkanodepools/{name}/status");
                    let (code, body) = kube.call("PATCH", &path, Some(&status), "application/merge-patch+json");
                    assert_eq!(code, 200, "{body}");
                }
                let condition = if ready {
                    json!({"type": "Ready", "status": "True"})
                } else {
                    json!({"type": "NotReady", "status": "True", "reason": "BrokersNotScheduled",
                           "message": "no nodes to run the brokers on"})
                };
                let status = json!({"status": {"observedGeneration": generation, "conditions": [condition],
                    "listeners": [{"name": "tls", "bootstrapServers": "paklog-kafka-bootstrap.svc:9093"}],
                    "kafkaVersion": "4.1.0"}});
                let path = format!("{STRIMZI}/namespaces/{namespace}/kafkas/paklog/status");
                let (code, body) = kube.call("PATCH", &path, Some(&status), "application/merge-patch+json");
                assert_eq!(code, 200, "{body}");
                answered2.fetch_add(1, Ordering::Relaxed);
            }
        });
        Operator {
            stop,
            answered,
            thread: Some(thread),
        }
    }

    fn answered(&self) -> usize {
        self.answered.load(Ordering::Relaxed)
    }
}

impl Drop for Operator {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn resource_versions(kube: &Kube, namespace: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for plural in ["kafkas", "kafkanodepools", "kafkatopics"] {
        for item in kube.items(namespace, plural) {
            out.push((
                format!("{plural}/{}", item["metadata"]["name"].as_str().unwrap()),
                item["metadata"]["resourceVersion"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn up_status_down_against_a_real_api_server() {
    let kube = kube();
    let namespace = unique("real").replace('.', "-").to_lowercase();
    kube.namespace(&namespace);
    let specs = specs(&namespace, "cert");
    let operator = Operator::start(&namespace, Duration::from_millis(1500), true);

    // The API server's own CRD validation (structural schemas, fieldValidation=Strict) accepts every resource.
    let up = topicctl(&kube, specs.path(), &["up"], 60_000).run();
    assert!(up.stdout.contains("paklog-kafka-bootstrap.svc:9093"), "{}", up.stdout);
    let polls = up.stderr.matches("Kafka paklog:").count();
    assert!(polls >= 1, "up polled before the operator answered: {}", up.stderr);
    assert_eq!(operator.answered(), 1);
    let pools = kube.items(&namespace, "kafkanodepools");
    assert_eq!(pools.len(), 4, "a controller pool and a broker pool per zone");
    assert!(!kube.items(&namespace, "kafkatopics").is_empty());

    // A second `up` changes nothing: no resource gets a new resourceVersion, no new generation.
    let before = resource_versions(&kube, &namespace);
    topicctl(&kube, specs.path(), &["up"], 60_000).run();
    assert_eq!(resource_versions(&kube, &namespace), before);
    assert_eq!(operator.answered(), 1);

    // A changed spec is a new generation: `up` waits until the operator has observed it (Ready of the older
    // generation does not count).
    let env = specs.path().join("environments.yaml");
    let text = std::fs::read_to_string(&env)
        .unwrap()
        .replace("storage: 100Gi", "storage: 100Gi\n    kafkaVersion: 4.1.0");
    std::fs::write(&env, text).unwrap();
    let up = topicctl(&kube, specs.path(), &["up"], 60_000).run();
    assert!(up.stderr.contains("the operator has not caught up"), "{}", up.stderr);
    assert_eq!(operator.answered(), 2);

    let status = topicctl(&kube, specs.path(), &["status"], 60_000).run();
    for part in [
        "Ready",
        "paklog-kafka-bootstrap.svc:9093",
        "brokers-eu-central-1a",
        "nodes 0",
    ] {
        assert!(status.stdout.contains(part), "missing `{part}`:\n{}", status.stdout);
    }
    drop(operator);

    // A finalizer on a topic holds `down`, which waits and then says what is stuck; without it `down` completes.
    let topic = kube.items(&namespace, "kafkatopics")[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("{STRIMZI}/namespaces/{namespace}/kafkatopics/{topic}");
    let hold = json!({"metadata": {"finalizers": ["test.topicctl/hold"]}});
    assert_eq!(
        kube.call("PATCH", &path, Some(&hold), "application/merge-patch+json").0,
        200
    );
    let down = topicctl(&kube, specs.path(), &["down"], 1_500).status(1).run();
    assert!(
        down.stderr
            .contains(&format!("KafkaTopic `{topic}` (finalizers: test.topicctl/hold)")),
        "says what is stuck and why: {}",
        down.stderr
    );
    assert!(
        !kube.items(&namespace, "kafkas").is_empty(),
        "the Kafka stays while its topics are stuck"
    );
    let release = json!({"metadata": {"finalizers": null}});
    assert_eq!(
        kube.call("PATCH", &path, Some(&release), "application/merge-patch+json")
            .0,
        200
    );
    let down = topicctl(&kube, specs.path(), &["down"], 30_000).run();
    let order: Vec<&str> = down
        .stderr
        .lines()
        .filter(|l| l.contains("deleted "))
        .map(|l| l.split("deleted ").nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    let first_kafka = order.iter().position(|k| *k == "Kafka").expect("the Kafka is deleted");
    assert!(
        order[..first_kafka]
            .iter()
            .all(|k| *k == "KafkaTopic" || *k == "KafkaUser"),
        "{order:?}"
    );
    for plural in ["kafkas", "kafkanodepools", "kafkatopics", "kafkausers"] {
        assert!(kube.items(&namespace, plural).is_empty(), "{plural} left");
    }
}

#[test]
fn a_cluster_the_operator_reports_not_ready_times_out_with_its_reason() {
    let kube = kube();
    let namespace = unique("notready").replace('.', "-").to_lowercase();
    kube.namespace(&namespace);
    let specs = specs(&namespace, "token");
    let _operator = Operator::start(&namespace, Duration::from_millis(200), false);
    let up = topicctl(&kube, specs.path(), &["up"], 4_000).status(1).run();
    assert!(
        up.stderr
            .contains("NotReady (BrokersNotScheduled): no nodes to run the brokers on"),
        "{}",
        up.stderr
    );
}

/// What the installed CRDs and strict field validation refuse, in the API server's own words: a wrong type, an
/// enum value that does not exist, an unknown field (these are what `fieldValidation=Strict` turns into errors
/// instead of silently pruning them).
#[test]
fn the_api_server_refuses_a_broken_resource_with_its_message() {
    let kube = kube();
    let namespace = unique("broken").replace('.', "-").to_lowercase();
    kube.namespace(&namespace);
    let specs = specs(&namespace, "cert");
    let rendered = topicctl(&kube, specs.path(), &["render"], 60_000).run().stdout;
    let pool: Value = rendered
        .split("\n---\n")
        .filter_map(|doc| serde_saphyr::from_str::<Value>(doc).ok())
        .find(|d| d["kind"] == "KafkaNodePool")
        .expect("a node pool in the render");
    // Created with POST as a client would, with strict field validation.
    let path = format!("{STRIMZI}/namespaces/{namespace}/kafkanodepools?fieldValidation=Strict");
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut doc = pool.clone();
        doc["metadata"]["namespace"] = json!(namespace);
        edit(&mut doc);
        doc
    };
    let (code, body) = kube.call(
        "POST",
        &path,
        Some(&with(&|d| d["spec"]["replicas"] = json!("three"))),
        "application/json",
    );
    assert_eq!(code, 422, "a wrong type: {body}");
    assert!(body["message"].as_str().unwrap().contains("spec.replicas"), "{body}");
    let (code, body) = kube.call(
        "POST",
        &path,
        Some(&with(&|d| d["spec"]["storage"]["type"] = json!("floppy"))),
        "application/json",
    );
    assert_eq!(code, 422, "an enum value that does not exist: {body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Unsupported value: \"floppy\""),
        "{body}"
    );
    let (code, body) = kube.call(
        "POST",
        &path,
        Some(&with(&|d| d["spec"]["replicaz"] = json!(3))),
        "application/json",
    );
    assert_eq!(code, 400, "strict validation refuses an unknown field: {body}");
    assert!(body["message"].as_str().unwrap().contains("replicaz"), "{body}");
    let (code, body) = kube.call("POST", &path, Some(&with(&|_| {})), "application/json");
    assert_eq!(code, 201, "the rendered resource itself is accepted: {body}");
}

/// A field another manager owns is a conflict named with that manager, until `--force-conflicts`.
#[test]
fn a_field_owned_by_another_manager_is_a_conflict_until_forced() {
    let kube = kube();
    let namespace = unique("conflict").replace('.', "-").to_lowercase();
    kube.namespace(&namespace);
    let specs = specs(&namespace, "cert");
    let operator = Operator::start(&namespace, Duration::from_millis(100), true);
    topicctl(&kube, specs.path(), &["up"], 60_000).run();
    // Someone changes the controllers' replicas with their own field manager (as kubectl or Argo CD would).
    let path = format!("{STRIMZI}/namespaces/{namespace}/kafkanodepools/controllers?fieldManager=argocd&force=true");
    let theirs = json!({"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaNodePool",
        "metadata": {"name": "controllers", "namespace": namespace}, "spec": {"replicas": 5}});
    let (code, body) = kube.call("PATCH", &path, Some(&theirs), "application/apply-patch+yaml");
    assert_eq!(code, 200, "{body}");
    let up = topicctl(&kube, specs.path(), &["up"], 60_000).status(1).run();
    for part in [
        "topicctl::provision::kubernetes::conflict",
        "argocd",
        ".spec.replicas",
        "--force-conflicts",
    ] {
        assert!(up.stderr.contains(part), "missing `{part}`:\n{}", up.stderr);
    }
    assert!(!up.stderr.contains("Status {"), "{}", up.stderr);
    topicctl(&kube, specs.path(), &["up", "--force-conflicts"], 60_000).run();
    let (_, pool) = kube.get(&format!("{STRIMZI}/namespaces/{namespace}/kafkanodepools/controllers"));
    assert_eq!(pool["spec"]["replicas"], 3, "topicctl took the field back");
    drop(operator);
}

/// The restricted identity may only read Kafkas in namespace `kafka`: `up` there is forbidden, said in words that
/// name the verb, the resource and the user.
#[test]
fn a_forbidden_call_names_the_verb_and_the_resource() {
    let kube = kube();
    let specs = specs("kafka", "restricted");
    let up = topicctl(&kube, specs.path(), &["up"], 10_000).status(1).run();
    for part in [
        "topicctl::provision::kubernetes::forbidden",
        "cannot patch resource \"kafkanodepools\"",
        "topicctl-restricted",
    ] {
        assert!(up.stderr.contains(part), "missing `{part}`:\n{}", up.stderr);
    }
    // With a Kafka there (created by the admin), reading it is allowed: `status` gets as far as listing its node
    // pools, which is not.
    let rendered = topicctl(&kube, specs.path(), &["render"], 10_000).run().stdout;
    let kafka: Value = rendered
        .split("\n---\n")
        .filter_map(|doc| serde_saphyr::from_str::<Value>(doc).ok())
        .find(|d| d["kind"] == "Kafka")
        .expect("a Kafka in the render");
    let (code, body) = kube.call(
        "POST",
        &format!("{STRIMZI}/namespaces/kafka/kafkas"),
        Some(&kafka),
        "application/json",
    );
    assert_eq!(code, 201, "{body}");
    let status = topicctl(&kube, specs.path(), &["status"], 10_000).status(1).run();
    kube.call("DELETE", &format!("{STRIMZI}/namespaces/kafka/kafkas/paklog"), None, "");
    for part in [
        "topicctl::provision::kubernetes::forbidden",
        "cannot list resource \"kafkanodepools\"",
        "topicctl-restricted",
    ] {
        assert!(status.stderr.contains(part), "missing `{part}`:\n{}", status.stderr);
    }
}

/// The exec plugin's credential is used, and the plugin runs again once its credential has expired.
#[test]
fn every_kubeconfig_authentication_works_and_bad_ones_fail_clearly() {
    let kube = kube();
    let namespace = unique("auth").replace('.', "-").to_lowercase();
    kube.namespace(&namespace);
    for context in ["cert", "token", "exec"] {
        let context_specs = specs(&namespace, context);
        let status = topicctl(&kube, context_specs.path(), &["status"], 10_000).run();
        assert!(
            status.stdout.contains("State:       absent"),
            "{context}: {}",
            status.stdout
        );
    }
    // An exec credential that expires at once is fetched again for the next request.
    let calls_before = std::fs::read_to_string(&kube.exec_log)
        .unwrap_or_default()
        .lines()
        .count();
    let exec_specs = specs(&namespace, "exec");
    // `down` of nothing still makes a dozen requests (lists, a delete that finds nothing).
    topicctl(&kube, exec_specs.path(), &["down"], 10_000)
        .env("KUBE_EXEC_EXPIRY_SECONDS", "0")
        .run();
    let calls = std::fs::read_to_string(&kube.exec_log)
        .unwrap_or_default()
        .lines()
        .count()
        - calls_before;
    assert!(calls >= 2, "the expired credential was fetched again: {calls} call(s)");

    // A wrong token, an untrusted client certificate, a failing plugin: each a clear error.
    let dir = tempfile::tempdir().unwrap();
    let bad = |name: &str, user: Value| -> Ran {
        let config = json!({"apiVersion": "v1", "kind": "Config", "current-context": "bad",
            "clusters": [{"name": "real", "cluster": {"server": kube.server, "certificate-authority": kube.ca}}],
            "users": [{"name": "bad", "user": user}],
            "contexts": [{"name": "bad", "context": {"cluster": "real", "user": "bad"}}]});
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, config.to_string()).unwrap();
        let bad_specs = specs(&namespace, "bad");
        Test::new()
            .args(["cluster", "status", "staging", "-f", bad_specs.path().to_str().unwrap()])
            .env("KUBECONFIG", path.to_str().unwrap())
            .status(1)
            .run()
    };
    let ran = bad("token", json!({"token": "not-a-token"}));
    assert!(
        ran.stderr.contains("Unauthorized") && ran.stderr.contains("401"),
        "{}",
        ran.stderr
    );
    assert!(
        !ran.stderr.contains("not-a-token"),
        "the token is never shown: {}",
        ran.stderr
    );
    // A client certificate of another CA (the fake API server's test CA): the API server does not trust it.
    let other_ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/strimzi/tls");
    let ran = bad(
        "cert",
        json!({"client-certificate": other_ca.join("server.pem"), "client-key": other_ca.join("server-key.pem")}),
    );
    assert!(
        ran.stderr.contains("Unauthorized") && ran.stderr.contains("401"),
        "{}",
        ran.stderr
    );
    let ran = bad(
        "exec",
        json!({"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": "false", "interactiveMode": "Never"}}),
    );
    for part in [
        "topicctl::provision::kubernetes::context",
        "the kubeconfig's exec credential plugin failed (exit status: 1)",
    ] {
        assert!(ran.stderr.contains(part), "missing `{part}`:\n{}", ran.stderr);
    }
    assert!(
        !ran.stderr.contains("Output {"),
        "in words, not a Debug dump: {}",
        ran.stderr
    );
}

/// A kubeconfig whose `tls-server-name` the serving certificate does not cover says why the connection failed.
#[test]
fn a_wrong_tls_server_name_says_the_certificate_does_not_cover_it() {
    let kube = kube();
    let dir = tempfile::tempdir().unwrap();
    let config = json!({"apiVersion": "v1", "kind": "Config", "current-context": "named",
        "clusters": [{"name": "real", "cluster": {"server": kube.server, "certificate-authority": kube.ca,
            "tls-server-name": "wrong.example"}}],
        "users": [{"name": "admin", "user": {"token": kube.admin_token}}],
        "contexts": [{"name": "named", "context": {"cluster": "real", "user": "admin"}}]});
    let path = dir.path().join("kubeconfig.yaml");
    std::fs::write(&path, config.to_string()).unwrap();
    let specs = specs("default", "named");
    let ran = Test::new()
        .args(["cluster", "status", "staging", "-f", specs.path().to_str().unwrap()])
        .env("KUBECONFIG", path.to_str().unwrap())
        .status(1)
        .run();
    assert!(ran.stderr.contains("wrong.example"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("not valid for name") || ran.stderr.contains("NotValidForName"),
        "{}",
        ran.stderr
    );
}
