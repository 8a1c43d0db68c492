//! Everything an environment needs on Kubernetes, in apply order: node pools and the Kafka, then topics and users.

use serde_json::Value;

use crate::model::environment::Environment;
use crate::model::provision::Kubernetes;
use crate::model::state::State;
use crate::provision::kubernetes::error::KubernetesError;
use crate::provision::kubernetes::kafka_resource::kafka;
use crate::provision::kubernetes::listeners::listener;
use crate::provision::kubernetes::node_pools::node_pools;
use crate::provision::kubernetes::topics::topics;
use crate::provision::kubernetes::users::{PasswordSecret, users};

pub struct Manifests {
    /// Node pools, then the Kafka (Strimzi waits for a Kafka's pools; pools first avoids a warning condition).
    pub cluster: Vec<Value>,
    pub topics: Vec<Value>,
    pub users: Vec<Value>,
    /// Secrets `cluster up` writes for users whose password the specs give; never rendered.
    pub password_secrets: Vec<PasswordSecret>,
}

pub fn build(env: &Environment, desired: &State, k: &Kubernetes) -> miette::Result<Manifests> {
    let listener = listener(&env.security)?;
    let mut cluster = node_pools(k);
    cluster.push(kafka(env, k, &listener));
    let (users, password_secrets) = if k.users {
        users(desired, k)?
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Manifests {
        cluster,
        topics: if k.topics { topics(desired, k) } else { Vec::new() },
        users,
        password_secrets,
    })
}

impl Manifests {
    pub fn all(&self) -> impl Iterator<Item = &Value> {
        self.cluster.iter().chain(&self.topics).chain(&self.users)
    }

    /// One YAML document per resource; a leading comment names the Secrets that must exist.
    pub fn to_yaml(&self) -> miette::Result<String> {
        let mut out = String::new();
        if !self.password_secrets.is_empty() {
            out.push_str("# Passwords are not rendered. Create these Secrets (key `password`) before applying,\n");
            out.push_str("# or let `topicctl cluster up` write them from the specs:\n");
            for s in &self.password_secrets {
                out.push_str(&format!("#   {} (for KafkaUser {})\n", s.name, s.user));
            }
        }
        for doc in self.all() {
            out.push_str("---\n");
            let yaml = serde_saphyr::to_string(doc).map_err(|e| KubernetesError::Yaml { reason: e.to_string() })?;
            out.push_str(&yaml);
            if !yaml.ends_with('\n') {
                out.push('\n');
            }
        }
        Ok(out)
    }
}
