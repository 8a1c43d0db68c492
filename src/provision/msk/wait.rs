//! Polling until a cluster is ACTIVE or gone, with a progress line whenever its state changes.

use std::time::{Duration, Instant};

use aws_sdk_kafka::Client;
use aws_sdk_kafka::types::{Cluster, ClusterState};

use crate::cluster::aws::lookup::{describe, find_by_name};
use crate::provision::msk::errors::MskError;
use crate::provision::progress::Progress;

/// How often to poll and how long to wait. From `TOPICCTL_MSK_POLL_SECONDS` (default 30) and
/// `TOPICCTL_MSK_TIMEOUT_SECONDS` (default 7200: MSK takes 15 to 45 minutes to create a cluster); both take
/// fractions, e.g. 0.2, for tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitSettings {
    pub poll: Duration,
    pub timeout: Duration,
}

impl WaitSettings {
    pub fn from_env() -> miette::Result<Self> {
        Ok(WaitSettings {
            poll: seconds("TOPICCTL_MSK_POLL_SECONDS", 30.0)?,
            timeout: seconds("TOPICCTL_MSK_TIMEOUT_SECONDS", 7200.0)?,
        })
    }
}

fn seconds(name: &str, default: f64) -> miette::Result<Duration> {
    let Ok(text) = std::env::var(name) else {
        return Ok(Duration::from_secs_f64(default));
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            MskError::BadSeconds {
                name: name.to_string(),
                text,
            }
            .into()
        })
}

/// Waits until the cluster is ACTIVE; FAILED (or the time-out) is an error.
pub async fn until_active(
    client: &Client,
    arn: &str,
    settings: WaitSettings,
    progress: &dyn Progress,
) -> miette::Result<Cluster> {
    let start = Instant::now();
    let mut last: Option<ClusterState> = None;
    loop {
        let cluster = describe(client, arn).await?;
        let state = cluster.state().cloned().unwrap_or(ClusterState::from("UNKNOWN"));
        if last.as_ref() != Some(&state) {
            progress.step(&format!("cluster {}: {}", name(&cluster), state.as_str()));
            last = Some(state.clone());
        }
        match state {
            ClusterState::Active => return Ok(cluster),
            ClusterState::Failed => {
                return Err(MskError::ClusterFailed {
                    cluster: name(&cluster).to_string(),
                    reason: cluster.state_info().and_then(|s| s.message()).map(str::to_owned),
                }
                .into());
            }
            ClusterState::Deleting => {
                return Err(MskError::BeingDeleted {
                    cluster: name(&cluster).to_string(),
                }
                .into());
            }
            _ => {}
        }
        if start.elapsed() + settings.poll > settings.timeout {
            return Err(MskError::NotActive {
                cluster: name(&cluster).to_string(),
                state: state.as_str().to_string(),
                seconds: start.elapsed().as_secs(),
            }
            .into());
        }
        tokio::time::sleep(settings.poll).await;
    }
}

/// Waits until no cluster is named `cluster_name`.
pub async fn until_gone(
    client: &Client,
    cluster_name: &str,
    settings: WaitSettings,
    progress: &dyn Progress,
) -> miette::Result<()> {
    let start = Instant::now();
    let mut last: Option<ClusterState> = None;
    loop {
        let Some(cluster) = find_by_name(client, cluster_name).await? else {
            progress.step(&format!("cluster {cluster_name}: deleted"));
            return Ok(());
        };
        let state = cluster.state().cloned().unwrap_or(ClusterState::from("UNKNOWN"));
        if last.as_ref() != Some(&state) {
            progress.step(&format!("cluster {cluster_name}: {}", state.as_str()));
            last = Some(state.clone());
        }
        if start.elapsed() + settings.poll > settings.timeout {
            return Err(MskError::NotGone {
                cluster: cluster_name.to_string(),
                state: state.as_str().to_string(),
                seconds: start.elapsed().as_secs(),
            }
            .into());
        }
        tokio::time::sleep(settings.poll).await;
    }
}

fn name(cluster: &Cluster) -> &str {
    cluster.cluster_name().unwrap_or("?")
}
