//! `cluster down`: delete what `up` created. Topics and users go first and are waited for, while the entity
//! operator still runs to clear their finalizers (deleting the Kafka first would leave them stuck); then the Kafka,
//! its node pools and the password Secrets. Strimzi keeps the brokers' PersistentVolumeClaims (`deleteClaim: false`).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::api::{DeleteParams, ListParams};
use tokio::time::{Instant, sleep};

use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::client::{KubeClient, is_not_found};
use crate::provision::kubernetes::error::KubernetesError;
use crate::provision::kubernetes::metadata::selector;
use crate::provision::kubernetes::resources::{Kind, MANAGED_BY, MANAGED_BY_LABEL};
use crate::provision::kubernetes::timing::{human, poll_interval, timeout};
use crate::provision::progress::Progress;

/// The environment's resources of one kind (by the cluster's labels), sorted by name.
async fn list(kube: &KubeClient, kind: Kind, k: &Kubernetes) -> miette::Result<Vec<ObjectMeta>> {
    let list = kube
        .api(kind)
        .list(&ListParams::default().labels(&selector(k)))
        .await
        .map_err(|e| kube.error(kind, &format!("list {}s", kind.as_str()), e))?;
    let mut items: Vec<ObjectMeta> = list.items.into_iter().map(|o| o.metadata).collect();
    items.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(items)
}

async fn names(kube: &KubeClient, kind: Kind, k: &Kubernetes) -> miette::Result<Vec<String>> {
    Ok(list(kube, kind, k).await?.into_iter().filter_map(|m| m.name).collect())
}

async fn delete(kube: &KubeClient, kind: Kind, name: &str, progress: &dyn Progress) -> miette::Result<()> {
    match kube.api(kind).delete(name, &DeleteParams::default()).await {
        Ok(_) => progress.step(&format!("deleted {} {name}", kind.as_str())),
        Err(e) if is_not_found(&e) && !crate::provision::kubernetes::client::is_missing_resource_type(&e) => {
            progress.step(&format!("{} {name} was already gone", kind.as_str()))
        }
        Err(e) => {
            return Err(kube
                .error(kind, &format!("delete {} `{name}`", kind.as_str()), e)
                .into());
        }
    }
    Ok(())
}

/// What is left of these kinds, each as ``Kind `name` (finalizers: …)``, sorted.
async fn left(kube: &KubeClient, kinds: &[Kind], k: &Kubernetes) -> miette::Result<Vec<String>> {
    let mut out = Vec::new();
    for kind in kinds {
        for meta in list(kube, *kind, k).await? {
            let name = meta.name.unwrap_or_default();
            let finalizers = meta.finalizers.unwrap_or_default();
            out.push(if finalizers.is_empty() {
                format!("{} `{name}`", kind.as_str())
            } else {
                format!("{} `{name}` (finalizers: {})", kind.as_str(), finalizers.join(", "))
            });
        }
    }
    out.sort();
    Ok(out)
}

async fn until_gone(kube: &KubeClient, kinds: &[Kind], k: &Kubernetes, progress: &dyn Progress) -> miette::Result<()> {
    let (poll, limit) = (poll_interval(), timeout());
    let start = Instant::now();
    loop {
        let stuck = left(kube, kinds, k).await?;
        let left = stuck.len();
        if left == 0 {
            return Ok(());
        }
        if start.elapsed() >= limit {
            return Err(KubernetesError::NotRemoved {
                left,
                location: kube.location.clone(),
                waited: human(limit),
                stuck: stuck.join("; "),
            }
            .into());
        }
        progress.step(&format!("waiting for {left} topic/user resource(s) to go"));
        sleep(poll).await;
    }
}

pub async fn remove(kube: &KubeClient, k: &Kubernetes, progress: &dyn Progress) -> miette::Result<()> {
    let entities = [Kind::KafkaTopic, Kind::KafkaUser];
    for kind in entities {
        for name in names(kube, kind, k).await? {
            delete(kube, kind, &name, progress).await?;
        }
    }
    until_gone(kube, &entities, k, progress).await?;
    delete(kube, Kind::Kafka, &k.cluster_name, progress).await?;
    for name in names(kube, Kind::KafkaNodePool, k).await? {
        delete(kube, Kind::KafkaNodePool, &name, progress).await?;
    }
    let secrets = kube
        .secrets()
        .list(&ListParams::default().labels(&format!("{MANAGED_BY_LABEL}={MANAGED_BY}")))
        .await
        .map_err(|e| kube.api_error("list Secrets", e))?;
    let mut secret_names: Vec<String> = secrets.items.into_iter().filter_map(|s| s.metadata.name).collect();
    secret_names.sort();
    for name in secret_names.iter().filter(|n| n.ends_with("-scram")) {
        kube.secrets()
            .delete(name, &DeleteParams::default())
            .await
            .map_err(|e| kube.api_error(&format!("delete Secret `{name}`"), e))?;
        progress.step(&format!("deleted Secret {name}"));
    }
    progress.step(&format!(
        "the brokers' and controllers' PersistentVolumeClaims stay (deleteClaim: false): `kubectl -n {} delete pvc -l strimzi.io/cluster={}` removes the data",
        k.namespace, k.cluster_name
    ));
    Ok(())
}
