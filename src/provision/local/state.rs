//! The state folder of a local cluster: what `up` started (ports, racks, data folders, pids), so that `status`
//! and `down` work from another shell. One folder per environment and bootstrap port, under
//! `$TOPICCTL_STATE_DIR`, else `$XDG_STATE_HOME/topicctl`, else `~/.local/state/topicctl`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::provision::local::error::LocalError;

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
    if let Some(dir) = std::env::var_os("TOPICCTL_STATE_DIR").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir).join("topicctl"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|home| PathBuf::from(home).join(".local/state/topicctl"))
        .ok_or(LocalError::NoHome {
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

pub fn load(folder: &Path) -> Result<Option<SavedCluster>, LocalError> {
    let path = folder.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| LocalError::StateUnreadable {
                path: path.display().to_string(),
                folder: folder.display().to_string(),
                reason: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(LocalError::io(format!("cannot read {}", path.display()))(e)),
    }
}

/// Write atomically (temporary file, then rename), so another shell never reads half a state.
pub fn save(folder: &Path, state: &SavedCluster) -> miette::Result<()> {
    std::fs::create_dir_all(folder).map_err(LocalError::io(format!("cannot create {}", folder.display())))?;
    let tmp = folder.join(format!("{FILE}.tmp"));
    let text = serde_json::to_string_pretty(state).map_err(LocalError::Json)?;
    std::fs::write(&tmp, text + "\n")
        .and_then(|()| std::fs::rename(&tmp, folder.join(FILE)))
        .map_err(LocalError::io(format!(
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
            }],
        };
        save(&folder, &state).unwrap();
        assert_eq!(load(&folder).unwrap(), Some(state.clone()));
        assert_eq!(state.bootstrap(), "127.0.0.1:39092");
        std::fs::write(folder.join(FILE), "{").unwrap();
        let err = load(&folder).unwrap_err().to_string();
        assert!(err.contains("unreadable"), "{err}");
    }
}
