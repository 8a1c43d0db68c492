//! `plan(live, desired, options) -> Plan`: the whole diff, pure.

use crate::diff::action::Action;
use crate::diff::blocked::Blocked;
use crate::diff::change::Change;
use crate::diff::fingerprint::fingerprint;
use crate::diff::note::Note;
use crate::diff::options::Options;
use crate::diff::reassignment::Estimate;
use crate::diff::{acls, replicas, subjects, topics, users};
use crate::model::layout::Layout;
use crate::model::replicas::ReplicaPolicy;
use crate::model::state::State;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub environment: String,
    pub prune: bool,
    pub hard_delete: bool,
    /// The replica options the plan was made with (from the environment and the command line).
    pub replicas: ReplicaPolicy,
    /// Sorted: by resource.
    pub changes: Vec<Change>,
    /// Sorted by resource; in the differ's order within one.
    pub blocked: Vec<Blocked>,
    pub notes: Vec<Note>,
    /// The estimate of the replica moves, when the plan moves replicas.
    pub estimate: Option<Estimate>,
    /// Fingerprints of the live state and of the desired state the plan was computed from.
    pub live_fingerprint: String,
    pub desired_fingerprint: String,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.blocked.is_empty()
    }

    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action() == action).count()
    }
}

pub fn plan(live: &State, desired: &State, options: &Options) -> Plan {
    let mut plan = Plan {
        environment: options.environment.clone(),
        prune: options.prune,
        hard_delete: options.hard_delete,
        replicas: options.replicas.clone(),
        live_fingerprint: fingerprint(&relevant(live, desired, options)),
        desired_fingerprint: fingerprint(desired),
        ..Plan::default()
    };
    topics::diff(live, desired, options, &mut plan);
    acls::diff(live, desired, options, &mut plan);
    users::diff_users(live, desired, options, &mut plan);
    users::diff_quotas(live, desired, options, &mut plan);
    subjects::diff(live, desired, options, &mut plan);
    replicas::diff(live, desired, options, &mut plan);
    // Stable sorts: within one resource, the differ's order (keys and mechanisms in their sorted order).
    plan.changes.sort_by(|a, b| a.resource.cmp(&b.resource));
    plan.blocked.sort_by(|a, b| a.resource.cmp(&b.resource));
    plan.notes.sort_by(|a, b| a.resource.cmp(&b.resource));
    plan
}

/// Only what the plan is about counts for staleness, which is exactly what `workflow::live_plan` observes: what
/// the specs declare and, with prune, what the environment owns. Other teams' topics may come and go without
/// invalidating a saved plan.
fn relevant(live: &State, desired: &State, options: &Options) -> State {
    let managed = acls::managed(desired);
    State {
        // Owned topics the specs do not declare matter only with prune, and then only as something to delete:
        // their configs are not read, so they do not count.
        topics: live
            .topics
            .iter()
            .filter(|(name, _)| desired.topics.contains_key(*name) || (options.prune && options.owned(name)))
            .map(|(n, t)| {
                let mut t = t.clone();
                if !desired.topics.contains_key(n) {
                    t.config.clear();
                }
                (n.clone(), t)
            })
            .collect(),
        acls: live
            .acls
            .iter()
            .filter(|b| managed.contains(b.principal.as_str()))
            .cloned()
            .collect(),
        subjects: live
            .subjects
            .iter()
            .filter(|(n, _)| desired.subjects.contains_key(*n) || options.owned(n))
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect(),
        users: live
            .users
            .iter()
            .filter(|(n, _)| desired.users.contains_key(*n))
            .map(|(n, u)| (n.clone(), u.clone()))
            .collect(),
        quotas: live
            .quotas
            .iter()
            .filter(|(e, _)| desired.quotas.contains_key(*e))
            .map(|(e, q)| (e.clone(), q.clone()))
            .collect(),
        layout: Layout {
            partitions: live
                .layout
                .partitions
                .iter()
                .filter(|(name, _)| desired.topics.contains_key(*name))
                .map(|(n, p)| (n.clone(), p.clone()))
                .collect(),
            ..Layout::default()
        },
    }
}
