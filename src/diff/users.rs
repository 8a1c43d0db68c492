//! SCRAM users and client quotas. Only users and quota entities the specs declare are looked at; with prune,
//! credentials (mechanisms) and quota keys they no longer declare are removed.

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::{Change, ChangeKind, CredentialReason, CredentialSet, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::model::quota::{QuotaChange, entity_name};
use crate::model::state::State;

pub fn diff_users(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    for (name, want) in &desired.users {
        let resource = Resource::User(name.clone());
        let have = live.users.get(name);
        let had = have.map_or(0, |u| u.credentials.len());
        let mut set = Vec::new();
        for (mechanism, w) in &want.credentials {
            let current = have.and_then(|u| u.credentials.get(mechanism));
            let reason = match current {
                None => Some(CredentialReason::New),
                Some(c) if c.iterations != w.iterations => Some(CredentialReason::Iterations {
                    from: c.iterations,
                    to: w.iterations,
                }),
                Some(c) if c.password_matches == Some(false) => Some(CredentialReason::PasswordChanged),
                Some(c) if c.password_matches.is_none() && w.password.is_some() => {
                    plan.notes.push(Note {
                        resource: resource.clone(),
                        what: NoteKind::UncheckablePassword { mechanism: *mechanism },
                    });
                    None
                }
                Some(_) => None,
            };
            let Some(reason) = reason else { continue };
            match &w.password {
                Some(password) => set.push(CredentialSet {
                    mechanism: *mechanism,
                    iterations: w.iterations,
                    password: password.clone(),
                    reason,
                }),
                None => plan.blocked.push(Blocked {
                    resource: resource.clone(),
                    why: BlockedReason::PasswordUnavailable {
                        mechanism: *mechanism,
                        reason,
                        source: w.source.clone(),
                    },
                }),
            }
        }
        let extra: Vec<_> = have
            .map(|u| {
                u.credentials
                    .keys()
                    .filter(|m| !want.credentials.contains_key(*m))
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        let delete = if options.prune { extra } else { Vec::new() };
        if !set.is_empty() || !delete.is_empty() {
            plan.changes.push(Change {
                resource,
                kind: ChangeKind::Credentials { set, delete, had },
            });
        }
    }
}

pub fn diff_quotas(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    for (entity, want) in &desired.quotas {
        let have = live.quotas.get(entity);
        let mut changes = Vec::new();
        for (key, value) in want {
            let before = have.and_then(|h| h.get(key)).copied();
            if before != Some(*value) {
                changes.push(QuotaChange {
                    key: key.clone(),
                    before,
                    after: Some(*value),
                });
            }
        }
        for (key, value) in have.into_iter().flatten() {
            if !want.contains_key(key) {
                if options.prune {
                    changes.push(QuotaChange {
                        key: key.clone(),
                        before: Some(*value),
                        after: None,
                    });
                } else {
                    plan.notes.push(Note {
                        resource: Resource::Quota(entity_name(entity)),
                        what: NoteKind::UnmanagedQuota {
                            key: key.clone(),
                            value: *value,
                        },
                    });
                }
            }
        }
        changes.sort_by(|a, b| a.key.cmp(&b.key));
        if !changes.is_empty() {
            plan.changes.push(Change {
                resource: Resource::Quota(entity_name(entity)),
                kind: ChangeKind::Quotas {
                    entity: entity.clone(),
                    changes,
                    had: have.map_or(0, |h| h.len()),
                },
            });
        }
    }
}
