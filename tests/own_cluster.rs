//! A Kafka cluster of a test's own, started with this checkout's `scripts/kafka` on other ports (so the shared test
//! cluster is never disturbed), stopped and removed on drop.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A cluster of its own: `nodes` combined broker+controller nodes, ids 0…nodes-1, on `port_base` and up (the
/// layout of `scripts/kafka`: PLAINTEXT at base+i, then +100, +200, +300, +400 for the other listeners).
pub struct OwnCluster {
    script: PathBuf,
    work: PathBuf,
    port_base: u16,
    nodes: usize,
    /// One rack a node; empty: the script's default (rack-a, rack-b, rack-c repeating).
    racks: Vec<String>,
}

impl OwnCluster {
    /// The script's default cluster (3 nodes, racks rack-a, rack-b, rack-c) under
    /// `CARGO_TARGET_TMPDIR/name`.
    pub fn start(port_base: u16, name: &str) -> OwnCluster {
        OwnCluster::start_with(3, &[], port_base, name)
    }

    /// `nodes` nodes with these racks (one a node, or none for the script's default), under
    /// `CARGO_TARGET_TMPDIR/name`. Whatever an earlier run left there is stopped and removed first.
    pub fn start_with(nodes: usize, racks: &[&str], port_base: u16, name: &str) -> OwnCluster {
        assert!(
            racks.is_empty() || racks.len() == nodes,
            "one rack a node: {racks:?} for {nodes} nodes"
        );
        let own = OwnCluster {
            // This checkout's script (KAFKA_SCRIPT may name another checkout's, e.g. the shared cluster's).
            script: Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka"),
            work: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name),
            port_base,
            nodes,
            racks: racks.iter().map(|r| r.to_string()).collect(),
        };
        let out = own.script(&["down"]);
        assert!(out.status.success(), "{out:?}");
        let out = own.script(&["up"]);
        assert!(
            out.status.success(),
            "cluster {name} did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        own
    }

    /// Run `scripts/kafka` with this cluster's settings (e.g. `stop-node 2`).
    pub fn script(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(&self.script);
        cmd.args(args)
            .env("KAFKA_WORK", &self.work)
            .env("KAFKA_PORT_BASE", self.port_base.to_string());
        // The default cluster gets the script's defaults, not settings this process happens to inherit.
        if self.nodes == 3 {
            cmd.env_remove("KAFKA_NODES");
        } else {
            cmd.env("KAFKA_NODES", self.nodes.to_string());
        }
        if self.racks.is_empty() {
            cmd.env_remove("KAFKA_RACKS");
        } else {
            cmd.env("KAFKA_RACKS", self.racks.join(" "));
        }
        cmd.output().expect("run scripts/kafka")
    }

    /// The script that runs it (also for `run-class`).
    pub fn script_path(&self) -> &Path {
        &self.script
    }

    /// The PLAINTEXT listeners of every node.
    pub fn bootstrap(&self) -> String {
        (0..self.nodes)
            .map(|i| format!("127.0.0.1:{}", usize::from(self.port_base) + i))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The node (= broker) ids, 0…nodes-1.
    pub fn node_ids(&self) -> Vec<i32> {
        (0..self.nodes as i32).collect()
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = self.script(&["down"]);
    }
}
