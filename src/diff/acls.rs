//! ACL bindings, per principal: create the bindings the specs expand to and, with prune, delete the bindings of
//! principals the specs manage that are no longer declared. Principals no spec mentions are never touched.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::change::{Change, ChangeKind, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::model::acl::AclBinding;
use crate::model::state::State;

/// The principals the specs manage.
pub fn managed(desired: &State) -> BTreeSet<&str> {
    desired.acls.iter().map(|b| b.principal.as_str()).collect()
}

pub fn diff(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    let mut by_principal: BTreeMap<&str, (Vec<&AclBinding>, Vec<&AclBinding>)> = BTreeMap::new();
    for b in &desired.acls {
        by_principal.entry(b.principal.as_str()).or_default().0.push(b);
    }
    for b in &live.acls {
        if let Some(entry) = by_principal.get_mut(b.principal.as_str()) {
            entry.1.push(b);
        }
    }
    for (principal, (want, have)) in by_principal {
        let have_set: BTreeSet<&AclBinding> = have.iter().copied().collect();
        let want_set: BTreeSet<&AclBinding> = want.iter().copied().collect();
        let add: Vec<AclBinding> = want_set.difference(&have_set).map(|b| (*b).clone()).collect();
        let extra: Vec<AclBinding> = have_set.difference(&want_set).map(|b| (*b).clone()).collect();
        let resource = Resource::Principal(principal.to_owned());
        let remove = if options.prune {
            extra
        } else {
            if !extra.is_empty() {
                plan.notes.push(Note {
                    resource: resource.clone(),
                    what: NoteKind::UnmanagedAcls { count: extra.len() },
                });
            }
            Vec::new()
        };
        if !add.is_empty() || !remove.is_empty() {
            plan.changes.push(Change {
                resource,
                kind: ChangeKind::Acls {
                    add,
                    remove,
                    had: have_set.len(),
                },
            });
        }
    }
}
