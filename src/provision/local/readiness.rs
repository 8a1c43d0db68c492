//! Waiting for started nodes to register as brokers, and asking whatever answers on an address what it is.

use std::process::Child;
use std::time::{Duration, Instant};

use crate::cluster::client::AdminClient;
use crate::cluster::config::ClientConfig;
use crate::model::broker::ClusterInfo;
use crate::provision::local::error::LocalError;
use crate::provision::local::process;
use crate::provision::local::state::SavedCluster;
use crate::provision::progress::Progress;

/// How long brokers get to register after they were started.
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// Poll until every node is a registered broker, reporting each as it appears; fail early when a node exits.
pub async fn wait_ready(
    cluster: &SavedCluster,
    children: &mut [(usize, Child)],
    progress: &dyn Progress,
) -> miette::Result<()> {
    let n = cluster.nodes.len();
    let started = Instant::now();
    let mut reported = 0;
    loop {
        for (i, child) in children.iter_mut() {
            if let Ok(Some(exit)) = child.try_wait() {
                let node = &cluster.nodes[*i];
                return Err(LocalError::NodeExited {
                    node: node.id,
                    status: exit,
                    log: process::log_tail(node, 25),
                }
                .into());
            }
        }
        let registered = probe(&cluster.bootstrap()).await.map_or(0, |info| info.brokers.len());
        if registered > reported {
            reported = registered;
            progress.step(&format!("{registered}/{n} brokers ready"));
        }
        if registered >= n {
            return Ok(());
        }
        if started.elapsed() > START_TIMEOUT {
            let tails: String = cluster.nodes.iter().map(|node| process::log_tail(node, 10)).collect();
            return Err(LocalError::StartTimeout {
                registered,
                brokers: n,
                seconds: START_TIMEOUT.as_secs(),
                logs: tails,
            }
            .into());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// What the cluster answering on `bootstrap` says about itself, if anything answers within a second or two.
pub async fn probe(bootstrap: &str) -> Option<ClusterInfo> {
    let mut cfg = ClientConfig::new(bootstrap).ok()?;
    cfg.connect_timeout = Duration::from_secs(1);
    cfg.request_timeout = Duration::from_secs(3);
    cfg.retries = 0;
    let client = AdminClient::connect(cfg).await.ok()?;
    client.describe_cluster().await.ok()
}
