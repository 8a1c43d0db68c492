//! The brokers of a cluster as the cluster describes itself.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Broker {
    pub id: i32,
    pub host: String,
    pub port: i32,
    pub rack: Option<String>,
}

impl Broker {
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterInfo {
    pub cluster_id: String,
    /// In KRaft clusters, the broker that forwards admin requests to the active controller.
    pub controller_id: Option<i32>,
    /// Sorted by id.
    pub brokers: Vec<Broker>,
}
