//! Server-side apply (`fieldManager=topicctl`, `fieldValidation=Strict`) of the manifests: node pools and the Kafka,
//! then the users' password Secrets, topics and users. A field another manager owns (Argo CD, Flux, a person with
//! kubectl) is a conflict the API server reports with that manager's name and the field; only `--force-conflicts`
//! takes it over. Strict validation makes an unknown or mistyped field an error instead of being dropped.

use std::collections::BTreeMap;

use kube::api::{DynamicObject, Patch, PatchParams};
use serde_json::{Value, json};

use crate::provision::kubernetes::client::KubeClient;
use crate::provision::kubernetes::error::KubernetesError;
use crate::provision::kubernetes::manifests::Manifests;
use crate::provision::kubernetes::resources::{Kind, MANAGED_BY, MANAGED_BY_LABEL};
use crate::provision::kubernetes::users::PasswordSecret;
use crate::provision::progress::Progress;

pub const FIELD_MANAGER: &str = "topicctl";

fn params(force: bool) -> PatchParams {
    let params = PatchParams::apply(FIELD_MANAGER).validation_strict();
    if force { params.force() } else { params }
}

fn kind_of(doc: &Value) -> miette::Result<Kind> {
    match doc["kind"].as_str() {
        Some("Kafka") => Ok(Kind::Kafka),
        Some("KafkaNodePool") => Ok(Kind::KafkaNodePool),
        Some("KafkaTopic") => Ok(Kind::KafkaTopic),
        Some("KafkaUser") => Ok(Kind::KafkaUser),
        other => Err(KubernetesError::UnknownKind {
            kind: other.map(str::to_owned),
        }
        .into()),
    }
}

async fn apply_one(kube: &KubeClient, doc: &Value, force: bool, progress: &dyn Progress) -> miette::Result<()> {
    let kind = kind_of(doc)?;
    let name = doc["metadata"]["name"].as_str().unwrap_or_default();
    kube.api(kind)
        .patch(name, &params(force), &Patch::Apply(doc))
        .await
        .map(|_: DynamicObject| ())
        .map_err(|e| kube.error(kind, &format!("apply {} `{name}`", kind.as_str()), e))?;
    progress.step(&format!("applied {} {name}", kind.as_str()));
    Ok(())
}

async fn apply_secret(
    kube: &KubeClient,
    s: &PasswordSecret,
    force: bool,
    progress: &dyn Progress,
) -> miette::Result<()> {
    let Some(password) = &s.password else {
        return Err(KubernetesError::PasswordUnavailable {
            user: s.user.clone(),
            source_name: s.source.clone(),
            secret: s.name.clone(),
        }
        .into());
    };
    let labels = BTreeMap::from([(MANAGED_BY_LABEL, MANAGED_BY)]);
    let secret = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": s.name, "namespace": kube.namespace, "labels": labels},
        "type": "Opaque",
        "stringData": {"password": password.expose()},
    });
    kube.secrets()
        .patch(&s.name, &params(force), &Patch::Apply(&secret))
        .await
        .map_err(|e| kube.api_error(&format!("write Secret `{}`", s.name), e))?;
    progress.step(&format!("applied Secret {} (password of {})", s.name, s.user));
    Ok(())
}

pub async fn apply(kube: &KubeClient, m: &Manifests, force: bool, progress: &dyn Progress) -> miette::Result<()> {
    // Every password must be at hand before anything changes.
    if let Some(s) = m.password_secrets.iter().find(|s| s.password.is_none()) {
        return apply_secret(kube, s, force, progress).await;
    }
    for doc in &m.cluster {
        apply_one(kube, doc, force, progress).await?;
    }
    for s in &m.password_secrets {
        apply_secret(kube, s, force, progress).await?;
    }
    for doc in m.topics.iter().chain(&m.users) {
        apply_one(kube, doc, force, progress).await?;
    }
    Ok(())
}
