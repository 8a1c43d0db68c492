//! A local cluster's state file is untrusted too (it can be edited by hand, or outlive the processes it names):
//! `cluster down` never signals a pid that is not the node's own Kafka process, and never touches a folder
//! outside the state folder.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::Test;

struct Env {
    dir: tempfile::TempDir,
    port: u16,
}

impl Env {
    fn new(port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("specs")).unwrap();
        std::fs::write(
            dir.path().join("specs/env.yaml"),
            format!(
                "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:{port}\nprovision: {{local: {{brokers: 2}}}}\n"
            ),
        )
        .unwrap();
        Env { dir, port }
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join(format!("state/local/dev-{}", self.port))
    }

    /// A state file naming `nodes` as (folder, pid, start time).
    fn save(&self, nodes: &[(PathBuf, u32, Option<u64>)]) {
        let nodes: Vec<serde_json::Value> = nodes
            .iter()
            .enumerate()
            .map(|(i, (dir, pid, started))| {
                let mut node = serde_json::json!({
                    "id": i, "host": "127.0.0.1", "port": self.port + i as u16, "controller_port": self.port + 10,
                    "rack": "rack-a", "dir": dir, "pid": pid,
                });
                if let Some(started) = started {
                    node["started"] = serde_json::json!(started);
                }
                node
            })
            .collect();
        let state = serde_json::json!({
            "environment": "dev", "kafka_version": "4.1.2", "cluster_id": "abc", "libs": "/nonexistent/libs",
            "nodes": nodes,
        });
        std::fs::create_dir_all(self.folder()).unwrap();
        std::fs::write(self.folder().join("cluster.json"), state.to_string()).unwrap();
    }

    fn run(&self, args: &[&str]) -> Test {
        Test::new()
            .confined()
            .args(args.iter().copied())
            .args(["-f", &self.dir.path().join("specs").display().to_string()])
            .env(
                "TOPICCTL_STATE_DIR",
                &self.dir.path().join("state").display().to_string(),
            )
    }
}

/// Processes the test started, killed at its end whatever happens.
struct Bystanders(Vec<Child>);

impl Drop for Bystanders {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

/// `tail -f` on `files` in `cwd`: a harmless process whose command line names them.
fn tail(cwd: &Path, files: &[&Path]) -> Child {
    Command::new("tail")
        .arg("-f")
        .args(files)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn down_never_signals_a_pid_that_is_not_the_nodes_own_kafka() {
    let env = Env::new(26592);
    let (node0, node1) = (env.folder().join("node-0"), env.folder().join("node-1"));
    for dir in [&node0, &node1] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("server.properties"), "").unwrap();
    }
    std::fs::write(node0.join("kafka.Kafka"), "").unwrap();
    // Node 0's pid runs `… kafka.Kafka <node 0's config>` but started at another time than the state says; node 1's
    // (an old state without start times) names node 1's config but is no Kafka server.
    let mut bystanders = Bystanders(Vec::new());
    bystanders.0.push(tail(
        &node0,
        &[Path::new("kafka.Kafka"), &node0.join("server.properties")],
    ));
    bystanders.0.push(tail(&node1, &[&node1.join("server.properties")]));
    let pids: Vec<u32> = bystanders.0.iter().map(Child::id).collect();
    env.save(&[(node0.clone(), pids[0], Some(1)), (node1.clone(), pids[1], None)]);

    let status = env.run(&["cluster", "status", "dev", "--format", "json"]).run();
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["members"][0]["state"], "gone", "{status}");
    assert_eq!(status["members"][1]["state"], "gone", "{status}");

    let down = env.run(&["cluster", "down", "dev", "--force"]).run();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        pids.iter().all(|p| alive(*p)),
        "no bystander was signalled: {}",
        down.stderr
    );
    assert_eq!(
        down.stderr
            .matches("topicctl::provision::local::foreign_process")
            .count(),
        2,
        "{}",
        down.stderr
    );
    let reported = [
        format!("node 0 is gone: pid {} is a process started at another time", pids[0]),
        format!(
            "node 1 is gone: pid {} is a process that is not a Kafka server",
            pids[1]
        ),
    ];
    for line in reported {
        assert!(down.stderr.contains(&line), "{line}\n{}", down.stderr);
    }
    assert!(!env.folder().exists(), "the state of nodes that are gone is removed");
}

#[test]
fn a_state_naming_a_folder_outside_the_state_folder_is_refused_and_nothing_is_removed() {
    let env = Env::new(26593);
    let victim = env.dir.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("precious"), "keep").unwrap();
    std::fs::create_dir_all(env.folder().join("node-0")).unwrap();
    for outside in [victim.clone(), env.folder().join("node-0/../../../../victim")] {
        env.save(&[(env.folder().join("node-0"), 0, None), (outside, 0, None)]);
        for command in [
            &["cluster", "down", "dev", "--force"][..],
            &["cluster", "status", "dev"][..],
        ] {
            let ran = env.run(command).status(1).run();
            assert!(
                ran.stderr.contains("topicctl::provision::local::outside_state"),
                "{}",
                ran.stderr
            );
            assert!(ran.stderr.contains("node 1's folder"), "{}", ran.stderr);
        }
        assert!(victim.join("precious").is_file() && env.folder().join("cluster.json").is_file());
    }
}
