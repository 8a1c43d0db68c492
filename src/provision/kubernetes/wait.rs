//! Wait until the Kafka resource is `Ready`, with a progress line whenever its condition changes.

use tokio::time::{Instant, sleep};

use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::client::KubeClient;
use crate::provision::kubernetes::conditions::readiness;
use crate::provision::kubernetes::error::KubernetesError;
use crate::provision::kubernetes::resources::Kind;
use crate::provision::kubernetes::timing::{human, poll_interval, timeout};
use crate::provision::progress::Progress;

pub async fn until_ready(kube: &KubeClient, k: &Kubernetes, progress: &dyn Progress) -> miette::Result<()> {
    let (poll, limit) = (poll_interval(), timeout());
    let start = Instant::now();
    let mut last = String::new();
    progress.step(&format!(
        "waiting for Kafka {} to be Ready (time-out {})",
        k.cluster_name,
        human(limit)
    ));
    loop {
        let summary = match kube.get_opt(Kind::Kafka, &k.cluster_name).await? {
            Some(kafka) => {
                let value = serde_json::to_value(&kafka).unwrap_or_default();
                let r = readiness(&value);
                if r.ready {
                    progress.step(&format!("Kafka {} is Ready", k.cluster_name));
                    return Ok(());
                }
                r.summary
            }
            None => "not found yet".to_owned(),
        };
        if summary != last {
            progress.step(&format!("Kafka {}: {summary}", k.cluster_name));
            last = summary;
        }
        if start.elapsed() >= limit {
            return Err(KubernetesError::NotReady {
                cluster: k.cluster_name.clone(),
                namespace: k.namespace.clone(),
                location: kube.location.clone(),
                waited: human(limit),
                last,
            }
            .into());
        }
        sleep(poll).await;
    }
}
