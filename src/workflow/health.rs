//! `status`: the health of what the specs declare — the declared topics' replication, the consumer groups the
//! Principal documents name (with lag), and the drift between specs and cluster (the plan, without pruning).

use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::client::AdminClient;
use crate::cluster::observe_groups::{GroupSelection, observe_groups};
use crate::cluster::observe_topic_health::observe_topic_health;
use crate::cluster::registry::RegistryClient;
use crate::diff::{Plan, Resource};
use crate::model::acl::{PatternType, ResourceType};
use crate::model::health::{Drift, Health};
use crate::model::layout::ThrottleRecord;
use crate::model::state::State;
use crate::spec::validate::EnvironmentState;
use crate::workflow::live_plan::{ObserveError, Pruning, live_plan};

/// The groups the specs grant access to: literal GROUP bindings by name; prefixed ones (a `groups:` entry ending
/// in `*`) and the literal `*` by prefix.
pub fn declared_groups(state: &State) -> GroupSelection {
    let mut selection = GroupSelection::default();
    for b in state.acls.iter().filter(|b| b.resource_type == ResourceType::Group) {
        match b.pattern_type {
            PatternType::Literal if b.resource_name == "*" => {
                selection.prefixes.insert(String::new());
            }
            PatternType::Literal => {
                selection.literal.insert(b.resource_name.clone());
            }
            PatternType::Prefixed => {
                selection.prefixes.insert(b.resource_name.clone());
            }
            _ => {}
        }
    }
    selection
}

/// The plan counted: resources with changes per kind.
pub fn drift(plan: &Plan) -> Drift {
    let mut resources: BTreeMap<String, BTreeSet<&Resource>> = BTreeMap::new();
    for c in &plan.changes {
        resources
            .entry(kind_word(&c.resource).to_owned())
            .or_default()
            .insert(&c.resource);
    }
    for b in &plan.blocked {
        resources
            .entry(kind_word(&b.resource).to_owned())
            .or_default()
            .insert(&b.resource);
    }
    Drift {
        resources: resources.into_iter().map(|(k, v)| (k, v.len())).collect(),
        changes: plan.changes.len(),
        blocked: plan.blocked.len(),
    }
}

fn kind_word(resource: &Resource) -> &'static str {
    match resource {
        Resource::Topic(_) => "topic",
        Resource::Principal(_) => "principal",
        Resource::User(_) => "user",
        Resource::Quota(_) => "quota",
        Resource::Subject(_) => "subject",
        Resource::Broker(_) => "broker",
    }
}

/// Read everything `status` reports; the three parts are read one after the other (each is a few requests).
pub async fn health(
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    desired: &EnvironmentState,
    recorded: &ThrottleRecord,
) -> Result<Health, ObserveError> {
    let declared: Vec<String> = desired.state.topics.keys().cloned().collect();
    let topics = observe_topic_health(client, &declared).await?;
    let groups = observe_groups(client, &declared_groups(&desired.state)).await?;
    let plan = live_plan(client, registry, desired, Pruning::default(), recorded).await?;
    Ok(Health {
        environment: desired.environment.name.clone(),
        topics,
        groups,
        drift: drift(&plan),
    })
}
