//! `plan(live, desired, options)`: the whole diff, pure.

use crate::diff::change::Plan;
use crate::diff::fingerprint::fingerprint;
use crate::diff::{acls, subjects, topics, users};
use crate::model::state::State;

/// What the user allowed and what the environment owns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub environment: String,
    /// Delete resources the specs no longer declare (only inside `owns`) and remove unmanaged overrides.
    pub prune: bool,
    /// Topic-name prefixes this spec set owns.
    pub owns: Vec<String>,
    /// With prune: delete subjects permanently (hard delete) rather than soft.
    pub hard_delete: bool,
}

pub fn plan(live: &State, desired: &State, options: &Options) -> Plan {
    // Only what the plan is about counts for staleness: topics the specs declare and topics the environment owns.
    // Other teams' topics may come and go without invalidating a saved plan.
    let relevant = State {
        topics: live
            .topics
            .iter()
            .filter(|(name, _)| desired.topics.contains_key(*name) || topics::owned(name, options))
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect(),
        acls: {
            let managed = acls::managed(desired);
            live.acls
                .iter()
                .filter(|b| managed.contains(b.principal.as_str()))
                .cloned()
                .collect()
        },
        subjects: live
            .subjects
            .iter()
            .filter(|(n, _)| desired.subjects.contains_key(*n) || topics::owned(n, options))
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
    };
    let mut plan = Plan {
        environment: options.environment.clone(),
        prune: options.prune,
        hard_delete: options.hard_delete,
        live_fingerprint: fingerprint(&relevant),
        desired_fingerprint: fingerprint(desired),
        ..Plan::default()
    };
    topics::diff(live, desired, options, &mut plan);
    acls::diff(live, desired, options, &mut plan);
    users::diff_users(live, desired, options, &mut plan);
    users::diff_quotas(live, desired, options, &mut plan);
    subjects::diff(live, desired, options, &mut plan);
    plan.changes.sort_by(|a, b| a.resource.cmp(&b.resource));
    plan.blocked.sort();
    plan.notes.sort();
    plan
}
