//! `cluster up | status | down` for a `provision.local` environment: real Kafka processes started by topicctl
//! itself (ports 26092+, apart from the shared test cluster), used by `apply`, observed and removed from new
//! processes ("shells"). Download failures are served by a tiny local HTTP server.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::common::{Ran, Test};

/// A fresh environment folder and state folder; the jar cache is shared by the tests of one checkout
/// (`target/test-cache`), so the first run on a fresh machine downloads the jars the way a user's first run does.
struct Local {
    dir: tempfile::TempDir,
    port: u16,
}

impl Local {
    fn new(port: u16, brokers: u32, extra_env: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("specs")).unwrap();
        std::fs::write(
            dir.path().join("specs/env.yaml"),
            format!(
                "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:{port}\nprovision: {{local: {{brokers: {brokers}}}}}\n\
                 defaults: {{partitions: 3, replicationFactor: {brokers}}}\nowns: [\"lc.\"]\n{extra_env}---\n\
                 kind: Topic\nname: lc.orders\npartitions: 6\nconfig: {{retention.ms: 1d}}\n"
            ),
        )
        .unwrap();
        Local { dir, port }
    }

    fn specs(&self) -> String {
        self.dir.path().join("specs").display().to_string()
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn run(&self, args: &[&str]) -> Test {
        let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache");
        Test::new()
            .args(args.iter().copied())
            .args(["-f", &self.specs()])
            .env("TOPICCTL_STATE_DIR", &self.state().display().to_string())
            .env("TOPICCTL_CACHE", &cache.display().to_string())
            .env("TOPICCTL_KAFKA_HEAP", "-Xms64m -Xmx256m")
    }

    fn cluster_json(&self) -> serde_json::Value {
        let path = self.state().join(format!("local/dev-{}/cluster.json", self.port));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn pids(&self) -> Vec<u64> {
        let state = self.cluster_json();
        state["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["pid"].as_u64().unwrap())
            .collect()
    }
}

/// Whatever happens in the test, no broker outlives it.
impl Drop for Local {
    fn drop(&mut self) {
        let _ = self.run(&["cluster", "down", "dev", "--force"]).status_any().run();
    }
}

fn alive(pid: u64) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

fn port_free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

fn status_json(local: &Local) -> serde_json::Value {
    let ran = local.run(&["cluster", "status", "dev", "--format", "json"]).run();
    serde_json::from_str(&ran.stdout).unwrap()
}

#[test]
fn cluster_up_then_apply_then_status_and_down_from_new_shells() {
    let local = Local::new(26092, 3, "");
    let ran = local.run(&["cluster", "up", "dev"]).run();
    assert!(
        ran.stdout.contains("State:       ready"),
        "{}\n{}",
        ran.stdout,
        ran.stderr
    );
    assert!(
        ran.stderr.contains("3/3 brokers ready"),
        "progress is shown: {}",
        ran.stderr
    );
    assert!(ran.stderr.contains("started node 2"), "{}", ran.stderr);

    // The cluster is a real one: apply uses it, and Kafka reports three brokers on the chosen ports and racks.
    let applied = local.run(&["apply", "--env", "dev", "--auto-approve"]).run();
    assert!(
        applied.stdout.contains("Verified: the cluster matches the specs."),
        "{}",
        applied.stdout
    );
    let info = Test::new()
        .args(["cluster", "info", "--bootstrap", "127.0.0.1:26092", "--format", "json"])
        .run();
    let info: serde_json::Value = serde_json::from_str(&info.stdout).unwrap();
    let brokers = info["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 3, "{info}");
    assert_eq!(
        brokers[0]["port"], 26092,
        "the first broker listens where bootstrap says: {info}"
    );
    let racks: Vec<_> = brokers
        .iter()
        .map(|b| b["rack"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(racks, ["rack-a", "rack-b", "rack-c"]);

    // Status from a new process reads the state folder.
    let status = status_json(&local);
    assert_eq!(status["state"], "ready", "{status}");
    assert_eq!(status["members"].as_array().unwrap().len(), 3);
    assert!(
        status["bootstrap"].as_str().unwrap().starts_with("127.0.0.1:26092,"),
        "{status}"
    );

    // Up twice is harmless: the same processes keep running.
    let pids = local.pids();
    let again = local.run(&["cluster", "up", "dev"]).run();
    assert!(again.stderr.contains("already runs"), "{}", again.stderr);
    assert_eq!(local.pids(), pids);
    local
        .run(&["plan", "--env", "dev", "--detailed-exitcode"])
        .status(0)
        .run();

    // A node that died is restarted by up; the others are left alone.
    let killed = pids[1];
    std::process::Command::new("kill")
        .arg(killed.to_string())
        .status()
        .unwrap();
    crate::common::eventually_sync(|| {
        if alive(killed) {
            Err("still alive".into())
        } else {
            Ok(())
        }
    });
    assert_eq!(status_json(&local)["state"], "degraded");
    let restarted = local.run(&["cluster", "up", "dev"]).run();
    assert!(restarted.stderr.contains("started node 1"), "{}", restarted.stderr);
    let now = local.pids();
    assert_eq!((now[0], now[2]), (pids[0], pids[2]));
    assert_ne!(now[1], pids[1]);
    assert_eq!(status_json(&local)["state"], "ready");

    // Down without a terminal and without --force refuses and changes nothing.
    let refused = local.run(&["cluster", "down", "dev"]).status(1).run();
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(now.iter().all(|p| alive(*p)));

    let down = local.run(&["cluster", "down", "dev", "--force"]).run();
    assert!(down.stdout.contains("Removed"), "{}", down.stdout);
    assert!(now.iter().all(|p| !alive(*p)), "every node process is gone");
    assert!((26092..26098).all(port_free), "every port is free again");
    assert!(
        !local.state().join("local/dev-26092").exists(),
        "the data and state are removed"
    );
    assert_eq!(status_json(&local)["state"], "absent");
    let again = local.run(&["cluster", "down", "dev", "--force"]).run();
    assert!(
        again.stderr.contains("no local cluster"),
        "down twice is harmless: {}",
        again.stderr
    );
}

#[test]
fn a_kafka_cluster_topicctl_did_not_start_is_left_alone() {
    let cluster = crate::common::cluster();
    let port = cluster
        .bootstrap
        .split(',')
        .next()
        .unwrap()
        .rsplit_once(':')
        .unwrap()
        .1
        .to_string();
    let local = Local::new(port.parse().unwrap(), 3, "");
    let ran = local.run(&["cluster", "up", "dev"]).run();
    assert!(ran.stderr.contains("did not start already answers"), "{}", ran.stderr);
    assert!(ran.stdout.contains("not started by topicctl"), "{}", ran.stdout);
    let down = local.run(&["cluster", "down", "dev", "--force"]).run();
    assert!(down.stderr.contains("is not ours and is left alone"), "{}", down.stderr);
    Test::new()
        .args(["cluster", "info", "--bootstrap", &cluster.bootstrap])
        .run();
}

#[test]
fn bad_provision_settings_are_refused_before_anything_starts() {
    let local = Local::new(26192, 3, "");
    let text = std::fs::read_to_string(local.dir.path().join("specs/env.yaml")).unwrap();
    std::fs::write(
        local.dir.path().join("specs/env.yaml"),
        text.replace("bootstrap: 127.0.0.1:26192", "bootstrap: kafka.example.com:9092"),
    )
    .unwrap();
    let ran = local.run(&["cluster", "up", "dev"]).status(1).run();
    assert!(ran.stderr.contains("listens on this machine only"), "{}", ran.stderr);
    std::fs::write(
        local.dir.path().join("specs/env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:26192\n",
    )
    .unwrap();
    let ran = local.run(&["cluster", "up", "dev"]).status(1).run();
    assert!(ran.stderr.contains("has no `provision` block"), "{}", ran.stderr);
    assert!(port_free(26192));
}

/// Serves fixed responses (path → body) on 127.0.0.1 until the test ends; 404 for anything else.
fn serve(files: BTreeMap<String, Vec<u8>>) -> u16 {
    serve_logged(files).0
}

/// `serve`, also listing the paths asked for.
fn serve_logged(files: BTreeMap<String, Vec<u8>>) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let asked = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            asked.lock().unwrap().push(path.clone());
            let (status, body) = match files.get(&path) {
                Some(body) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    });
    (port, log)
}

fn assert_nothing_kept(cache: &Path) {
    assert!(!cache.join("kafka/4.1.2/libs").exists(), "nothing is kept");
    assert!(
        !cache.join("kafka/4.1.2/libs.partial").exists(),
        "no half download is left"
    );
    assert_eq!(
        temporary_folders(cache),
        Vec::<String>::new(),
        "no temporary folder is left"
    );
}

/// The per-run download folders (`.tmp-*`) in the cache of Kafka 4.1.2.
fn temporary_folders(cache: &Path) -> Vec<String> {
    std::fs::read_dir(cache.join("kafka/4.1.2"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

fn fresh_cache_run(local: &Local, cache: &Path, release: &str, maven: &str, status: i32) -> Ran {
    Test::new()
        .args(["cluster", "up", "dev", "-f", &local.specs()])
        .env("TOPICCTL_STATE_DIR", &local.state().display().to_string())
        .env("TOPICCTL_CACHE", &cache.display().to_string())
        .env("TOPICCTL_KAFKA_DOWNLOAD_URL", release)
        .env("TOPICCTL_MAVEN_REPOSITORY", maven)
        .env("TOPICCTL_KAFKA_HEAP", "-Xms64m -Xmx256m")
        .status(status)
        .run()
}

#[test]
fn a_release_whose_checksum_does_not_match_is_refused_and_nothing_is_unpacked() {
    let local = Local::new(26292, 1, "");
    let cache = tempfile::tempdir().unwrap();
    let tgz = b"pretend this is kafka_2.13-4.1.2.tgz".to_vec();
    let port = serve(BTreeMap::from([
        ("/4.1.2/kafka_2.13-4.1.2.tgz".to_string(), tgz),
        (
            "/4.1.2/kafka_2.13-4.1.2.tgz.sha512".to_string(),
            format!("{}  kafka_2.13-4.1.2.tgz\n", "0".repeat(128)).into_bytes(),
        ),
    ]));
    let ran = fresh_cache_run(
        &local,
        cache.path(),
        &format!("http://127.0.0.1:{port}"),
        "http://127.0.0.1:9",
        1,
    );
    assert!(
        ran.stderr.contains("does not match its published SHA-512"),
        "{}",
        ran.stderr
    );
    assert_nothing_kept(cache.path());
    assert!(!local.state().join("local/dev-26292").exists(), "nothing was started");
    assert!(port_free(26292));
}

#[test]
fn a_maven_jar_whose_checksum_does_not_match_is_refused() {
    let local = Local::new(26392, 1, "");
    let cache = tempfile::tempdir().unwrap();
    let list = include_str!("../src/provision/local/kafka-4.1.2.jars");
    // Every jar the pinned list names is served, but with other bytes than Maven Central's.
    let files = list
        .lines()
        .map(|l| {
            (
                format!("/{}", l.split_once(' ').unwrap().1),
                b"not the real jar".to_vec(),
            )
        })
        .collect();
    let port = serve(files);
    let ran = fresh_cache_run(
        &local,
        cache.path(),
        "http://127.0.0.1:9",
        &format!("http://127.0.0.1:{port}"),
        1,
    );
    assert!(ran.stderr.contains("trying Maven Central"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("does not match its pinned SHA-256"),
        "{}",
        ran.stderr
    );
    assert_nothing_kept(cache.path());
}

/// The jars `scripts/kafka` cached for the shared test cluster, packed the way Apache packs a release.
fn release_tgz() -> Vec<u8> {
    let cache = std::env::var("TOPICCTL_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/topicctl"));
    let libs = cache.join("kafka/4.1.2/libs");
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut names: Vec<_> = std::fs::read_dir(&libs)
        .unwrap_or_else(|e| panic!("{}: {e} (scripts/kafka up fills it)", libs.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jar"))
        .collect();
    names.sort();
    for jar in names {
        let name = jar.file_name().unwrap().to_string_lossy().into_owned();
        tar.append_path_with_name(&jar, format!("kafka_2.13-4.1.2/libs/{name}"))
            .unwrap();
    }
    let script = b"#!/bin/sh\n";
    let mut header = tar::Header::new_gnu();
    header.set_size(script.len() as u64);
    header.set_mode(0o755);
    header.set_cksum();
    tar.append_data(&mut header, "kafka_2.13-4.1.2/bin/kafka-server-start.sh", &script[..])
        .unwrap();
    tar.into_inner().unwrap().finish().unwrap()
}

/// The Apache release as served from a mirror: the `.tgz` and its `gpg --print-md` style SHA-512.
fn release_files() -> BTreeMap<String, Vec<u8>> {
    use sha2::Digest;
    let tgz = release_tgz();
    let sum: String = sha2::Sha512::digest(&tgz).iter().map(|b| format!("{b:02X}")).collect();
    // Apache publishes `gpg --print-md` style sums: upper case, in groups, over several lines.
    let groups: Vec<String> = sum
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let published = format!(
        "kafka_2.13-4.1.2.tgz: {}\n {}\n",
        groups[..8].join(" "),
        groups[8..].join(" ")
    );
    BTreeMap::from([
        ("/4.1.2/kafka_2.13-4.1.2.tgz".to_string(), tgz),
        ("/4.1.2/kafka_2.13-4.1.2.tgz.sha512".to_string(), published.into_bytes()),
    ])
}

#[test]
fn the_apache_release_is_downloaded_checked_unpacked_and_run() {
    let local = Local::new(26492, 1, "");
    let cache = tempfile::tempdir().unwrap();
    let port = serve(release_files());
    let ran = fresh_cache_run(
        &local,
        cache.path(),
        &format!("http://127.0.0.1:{port}"),
        "http://127.0.0.1:9",
        0,
    );
    assert!(ran.stderr.contains("SHA-512 matches"), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains(&format!("Kafka 4.1.2 from http://127.0.0.1:{port} (SHA-512 checked)")),
        "{}",
        ran.stderr
    );
    assert!(ran.stdout.contains("State:       ready"), "{}", ran.stdout);
    let libs = cache.path().join("kafka/4.1.2/libs");
    assert!(libs.join("kafka-clients-4.1.2.jar").is_file() && libs.join(".complete").is_file());
    assert!(!libs.join("kafka-server-start.sh").exists(), "only jars are unpacked");
    let down = local.run(&["cluster", "down", "dev", "--force"]).run();
    assert!(down.stdout.contains("Removed"), "{}", down.stdout);
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn two_ups_at_once_into_an_empty_cache_download_once_and_keep_everything_private() {
    let (first, second) = (Local::new(26692, 1, ""), Local::new(26792, 1, ""));
    let cache = tempfile::tempdir().unwrap();
    // A run that died mid-download left its temporary folder: it is never taken for the cache, and is cleaned up.
    let stale = cache.path().join("kafka/4.1.2/.tmp-999999-dead");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join("kafka-clients-4.1.2.jar"), "half").unwrap();
    let (port, asked) = serve_logged(release_files());
    let release = format!("http://127.0.0.1:{port}");
    let runs: Vec<Ran> = std::thread::scope(|scope| {
        let runs: Vec<_> = [&first, &second]
            .into_iter()
            .map(|local| {
                let (cache, release) = (cache.path(), release.as_str());
                scope.spawn(move || fresh_cache_run(local, cache, release, "http://127.0.0.1:9", 0))
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let downloads = asked.lock().unwrap().iter().filter(|p| p.ends_with(".tgz")).count();
    assert_eq!(downloads, 1, "the second run waits and uses what the first published");
    let sources: Vec<bool> = runs
        .iter()
        .map(|r| r.stderr.contains("Kafka 4.1.2 from cache ("))
        .collect();
    assert!(
        sources.contains(&true) && sources.contains(&false),
        "one downloads, the other uses the cache:\n{}\n{}",
        runs[0].stderr,
        runs[1].stderr
    );
    for ran in &runs {
        assert!(
            ran.stdout.contains("State:       ready"),
            "{}\n{}",
            ran.stdout,
            ran.stderr
        );
    }
    let libs = cache.path().join("kafka/4.1.2/libs");
    assert!(libs.join(".complete").is_file() && libs.join("kafka-clients-4.1.2.jar").is_file());
    assert!(
        std::fs::metadata(libs.join("kafka-clients-4.1.2.jar")).unwrap().len() > 1000,
        "the half jar of the dead run is not used"
    );
    assert_eq!(temporary_folders(cache.path()), Vec::<String>::new());

    // Only the owner can read the state, the node folders and the cache.
    let folder = first.state().join("local/dev-26692");
    for dir in [
        folder.clone(),
        folder.join("node-0"),
        folder.join("node-0/data"),
        folder.join("node-0/logs"),
        cache.path().join("kafka"),
        cache.path().join("kafka/4.1.2"),
        libs.clone(),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    for file in [
        folder.join("cluster.json"),
        folder.join("node-0/server.properties"),
        folder.join("node-0/log4j2.properties"),
        folder.join("node-0/logs/stdout.log"),
        libs.join("kafka-clients-4.1.2.jar"),
        libs.join(".complete"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert!(
        first.cluster_json()["nodes"][0]["started"].as_u64().is_some(),
        "the start time is recorded"
    );
    for local in [&first, &second] {
        let down = local.run(&["cluster", "down", "dev", "--force"]).run();
        assert!(down.stdout.contains("Removed"), "{}", down.stdout);
    }
}
