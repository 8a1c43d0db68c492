//! What `cluster status` reports about a provisioned cluster, whatever provisioned it.

/// The cluster as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterStatus {
    pub environment: String,
    /// `local`, `kubernetes` or `msk`.
    pub kind: &'static str,
    /// Where the cluster lives: a state folder, `context/namespace/name`, or an ARN.
    pub location: String,
    pub state: ClusterState,
    /// Bootstrap servers clients use, when known.
    pub bootstrap: Option<String>,
    /// Brokers, node pools or other parts, sorted by name.
    pub members: Vec<Member>,
    /// Free-form facts worth showing (Kafka version, last condition message…), in display order.
    pub details: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterState {
    /// Nothing is provisioned.
    Absent,
    /// Being created or updated.
    Pending,
    /// Ready for clients.
    Ready,
    /// Some members run, others do not.
    Degraded,
    /// Provisioned but not running (local processes stopped).
    Stopped,
    /// Reported as failed by the platform.
    Failed,
}

impl ClusterState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterState::Absent => "absent",
            ClusterState::Pending => "pending",
            ClusterState::Ready => "ready",
            ClusterState::Degraded => "degraded",
            ClusterState::Stopped => "stopped",
            ClusterState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    /// e.g. `running`, `stopped`, `Ready`.
    pub state: String,
    /// e.g. `pid 4242, 127.0.0.1:39092, rack rack-a`.
    pub detail: String,
}
