//! Topics: create, add partitions, set / unset configs, delete (only with prune, only what the environment owns,
//! never internal topics). Partition decreases are blocked, never recreated; replication-factor changes are
//! reassignments (`diff::replicas`).

use std::collections::BTreeSet;

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::{Change, ChangeKind, ConfigChange, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::model::layout::is_throttle_key;
use crate::model::state::State;
use crate::model::topic::Topic;
use crate::model::topic_config::stored_form;
use crate::model::topic_name::is_internal;

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
            if desired.topics.contains_key(name) || is_internal(name) || !options.owned(name) {
                continue;
            }
            plan.changes.push(Change {
                resource: Resource::Topic(name.clone()),
                kind: ChangeKind::DeleteTopic {
                    partitions: have.partitions,
                    replication_factor: have.replication_factor,
                    id: have.id.clone(),
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
            why: BlockedReason::PartitionDecrease {
                from: have.partitions,
                to: want.partitions,
            },
        });
    } else {
        unchanged += 1;
    }
    // A replication-factor change is a reassignment (`diff::replicas`).
    if want.replication_factor == have.replication_factor {
        unchanged += 1;
    }
    let mut config = Vec::new();
    // Throttle entries are operational state of a reassignment, never declared config (`diff::replicas`).
    let keys: BTreeSet<&String> = have
        .config
        .keys()
        .chain(want.config.keys())
        .filter(|k| !is_throttle_key(k))
        .collect();
    for key in keys {
        let before = have.config.get(key).map(|v| stored_form(key, v));
        let after = want.config.get(key).map(|v| stored_form(key, v));
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
                what: NoteKind::UnmanagedConfig {
                    key: key.clone(),
                    value: value.clone(),
                },
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
