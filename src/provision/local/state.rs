//! The state folder of a local cluster: what `up` started (ports, racks, data folders, pids), so that `status`
//! and `down` work from another shell. One folder per environment and bootstrap port, under
//! `$TOPICCTL_STATE_DIR`, else `$XDG_STATE_HOME/topicctl`, else `~/.local/state/topicctl`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::provision::local::confine;
use crate::provision::local::error::LocalError;
use crate::provision::local::private;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCluster {
    pub environment: String,
    pub kafka_version: String,
    pub cluster_id: String,
    /// The folder holding the Kafka jars the nodes run.
    pub libs: PathBuf,
    pub nodes: Vec<NodeState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeState {
    pub id: u32,
    pub host: String,
    pub port: u16,
    pub controller_port: u16,
    pub rack: String,
    /// Config, data and logs of this node.
    pub dir: PathBuf,
    pub pid: Option<u32>,
    /// When the process `pid` started (field 22 of `/proc/<pid>/stat`), so that a reused pid is never taken for
    /// the node; absent in state files written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<u64>,
}

impl NodeState {
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
    pub fn config_file(&self) -> PathBuf {
        self.dir.join("server.properties")
    }
    pub fn log_file(&self) -> PathBuf {
        self.dir.join("logs").join("server.log")
    }
}

impl SavedCluster {
    pub fn bootstrap(&self) -> String {
        self.nodes.iter().map(NodeState::address).collect::<Vec<_>>().join(",")
    }
}

/// The root of all topicctl state folders.
pub fn root() -> Result<PathBuf, LocalError> {
    crate::files::state_root().ok_or(LocalError::NoHome {
        variable: "TOPICCTL_STATE_DIR",
    })
}

/// The folder of one environment's local cluster.
pub fn folder(root: &Path, environment: &str, port: u16) -> PathBuf {
    let safe: String = environment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join("local").join(format!("{safe}-{port}"))
}

const FILE: &str = "cluster.json";

/// The saved state, if any; one whose node folders are not inside `folder` is refused (nothing in it is used).
pub fn load(folder: &Path) -> Result<Option<SavedCluster>, LocalError> {
    let path = folder.join(FILE);
    // Read like every file topicctl is pointed at: a regular file under a cap (a hand-made FIFO or device as the
    // state neither hangs nor fills memory).
    let cluster: SavedCluster = match crate::files::read_regular_text(&path, crate::files::SMALL_CAP) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| LocalError::StateUnreadable {
            path: path.display().to_string(),
            folder: folder.display().to_string(),
            reason: e.to_string(),
        })?,
        Err(crate::files::FileError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(crate::files::FileError::Io { source, .. }) => {
            return Err(LocalError::io(format!("cannot read {}", path.display()))(source));
        }
        Err(e) => {
            return Err(LocalError::StateUnreadable {
                path: path.display().to_string(),
                folder: folder.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    confined(folder, &cluster)?;
    Ok(Some(cluster))
}

/// Every node folder lies inside the state folder (symbolic links resolved), so what `down` removes and where a
/// restarted node writes stay there.
pub fn confined(folder: &Path, cluster: &SavedCluster) -> Result<(), LocalError> {
    match cluster.nodes.iter().find(|n| !confine::is_inside(folder, &n.dir)) {
        Some(node) => Err(LocalError::OutsideState {
            node: node.id,
            dir: node.dir.display().to_string(),
            env: cluster.environment.clone(),
            folder: folder.display().to_string(),
        }),
        None => Ok(()),
    }
}

/// Write atomically (temporary file, then rename), so another shell never reads half a state.
pub fn save(folder: &Path, state: &SavedCluster) -> miette::Result<()> {
    private::dir(folder)?;
    let tmp = folder.join(format!("{FILE}.tmp"));
    let text = serde_json::to_string_pretty(state).map_err(LocalError::Json)?;
    private::write(&tmp, (text + "\n").as_bytes())?;
    std::fs::rename(&tmp, folder.join(FILE)).map_err(LocalError::io(format!(
        "cannot write the cluster state in {}",
        folder.display()
    )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_missing_state_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let folder = folder(dir.path(), "dev/x", 39092);
        assert!(folder.ends_with("local/dev_x-39092"));
        assert_eq!(load(&folder).unwrap(), None);
        let state = SavedCluster {
            environment: "dev/x".into(),
            kafka_version: "4.1.2".into(),
            cluster_id: "abc".into(),
            libs: "/libs".into(),
            nodes: vec![NodeState {
                id: 0,
                host: "127.0.0.1".into(),
                port: 39092,
                controller_port: 39095,
                rack: "rack-a".into(),
                dir: folder.join("node-0"),
                pid: Some(42),
                started: Some(4711),
            }],
        };
        save(&folder, &state).unwrap();
        assert!(
            std::fs::read_to_string(folder.join(FILE))
                .unwrap()
                .contains("\"started\": 4711")
        );
        assert_eq!(load(&folder).unwrap(), Some(state.clone()));
        assert_eq!(state.bootstrap(), "127.0.0.1:39092");
        std::fs::write(folder.join(FILE), "{").unwrap();
        let err = load(&folder).unwrap_err().to_string();
        assert!(err.contains("unreadable"), "{err}");
    }

    fn saved(folder: &Path, text: &str) -> Result<Option<SavedCluster>, LocalError> {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(folder.join(FILE), text).unwrap();
        load(folder)
    }

    fn state_json(dir: &Path, started: &str) -> String {
        format!(
            r#"{{"environment": "dev", "kafka_version": "4.1.2", "cluster_id": "abc", "libs": "/libs",
               "nodes": [{{"id": 0, "host": "127.0.0.1", "port": 1, "controller_port": 2, "rack": "rack-a",
                          "dir": "{}", "pid": 42{started}}}]}}"#,
            dir.display()
        )
    }

    #[test]
    fn a_state_with_or_without_a_start_time_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("local/dev-1");
        let old = saved(&folder, &state_json(&folder.join("node-0"), ""))
            .unwrap()
            .unwrap();
        assert_eq!((old.nodes[0].pid, old.nodes[0].started), (Some(42), None));
        let new = saved(&folder, &state_json(&folder.join("node-0"), r#", "started": 99"#))
            .unwrap()
            .unwrap();
        assert_eq!(new.nodes[0].started, Some(99));
    }

    #[test]
    fn a_state_whose_node_folder_is_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("local/dev-1");
        for outside in [dir.path().to_path_buf(), folder.join("../../elsewhere"), folder.clone()] {
            let err = saved(&folder, &state_json(&outside, "")).unwrap_err();
            assert!(
                matches!(err, LocalError::OutsideState { node: 0, .. }),
                "{outside:?}: {err}"
            );
        }
    }
}
