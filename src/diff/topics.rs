//! Topics: create, add partitions, set / unset configs, delete (only with prune, only what the environment owns,
//! never internal topics). Partition decreases and replication-factor changes are blocked, never recreated.

use std::collections::BTreeSet;

use crate::diff::change::{Blocked, Change, ChangeKind, ConfigChange, Note, Plan, Resource};
use crate::diff::plan::Options;
use crate::model::state::State;
use crate::model::topic::Topic;
use crate::model::topic_config::lookup;
use crate::model::topic_name::is_internal;

/// Kafka's stored form for both sides (e.g. list order), so equal values compare equal.
fn normal(key: &str, value: &str) -> String {
    lookup(key)
        .and_then(|c| c.normalise(value).ok())
        .unwrap_or_else(|| value.to_owned())
}

pub fn owned(name: &str, options: &Options) -> bool {
    options
        .owns
        .iter()
        .any(|prefix| !prefix.is_empty() && name.starts_with(prefix.as_str()))
}

pub fn diff(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    for (name, want) in &desired.topics {
        let resource = Resource::Topic(name.clone());
        match live.topics.get(name) {
            None => plan.changes.push(Change {
                resource,
                kind: ChangeKind::CreateTopic(want.clone()),
            }),
            Some(have) => update(resource, have, want, options, plan),
        }
    }
    if options.prune {
        for (name, have) in &live.topics {
            if desired.topics.contains_key(name) || is_internal(name) || !owned(name, options) {
                continue;
            }
            plan.changes.push(Change {
                resource: Resource::Topic(name.clone()),
                kind: ChangeKind::DeleteTopic {
                    partitions: have.partitions,
                    replication_factor: have.replication_factor,
                },
            });
        }
    }
}

fn update(resource: Resource, have: &Topic, want: &Topic, options: &Options, plan: &mut Plan) {
    let mut partitions = None;
    let mut unchanged = 0;
    if want.partitions > have.partitions {
        partitions = Some((have.partitions, want.partitions));
    } else if want.partitions < have.partitions {
        plan.blocked.push(Blocked {
            resource: resource.clone(),
            wanted: format!("partitions {} → {}", have.partitions, want.partitions),
            reason: "Kafka cannot remove partitions; recreating the topic would lose its data. \
                     Keep the partition count, or create a new topic and migrate"
                .into(),
        });
    } else {
        unchanged += 1;
    }
    if want.replication_factor != have.replication_factor {
        plan.blocked.push(Blocked {
            resource: resource.clone(),
            wanted: format!(
                "replication factor {} → {}",
                have.replication_factor, want.replication_factor
            ),
            reason: "changing the replication factor needs a partition reassignment, which topicctl does not do yet"
                .into(),
        });
    } else {
        unchanged += 1;
    }
    let mut config = Vec::new();
    let keys: BTreeSet<&String> = have.config.keys().chain(want.config.keys()).collect();
    for key in keys {
        let before = have.config.get(key).map(|v| normal(key, v));
        let after = want.config.get(key).map(|v| normal(key, v));
        match (&before, &after) {
            (Some(b), Some(a)) if a == b => unchanged += 1,
            (_, Some(_)) => config.push(ConfigChange {
                key: key.clone(),
                before,
                after,
            }),
            (Some(value), None) if options.prune => config.push(ConfigChange {
                key: key.clone(),
                before: Some(value.clone()),
                after: None,
            }),
            (Some(value), None) => plan.notes.push(Note {
                resource: resource.clone(),
                message: format!(
                    "{key} = {value} is set on the cluster but not in the specs (unmanaged); `--prune` removes it"
                ),
            }),
            (None, None) => {}
        }
    }
    if partitions.is_some() || !config.is_empty() {
        plan.changes.push(Change {
            resource,
            kind: ChangeKind::UpdateTopic {
                partitions,
                config,
                unchanged,
            },
        });
    }
}
