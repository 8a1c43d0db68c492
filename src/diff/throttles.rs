//! Throttle entries and rates as plan changes: what topicctl recorded setting goes once nothing needs it; what it
//! did not record is a note, removed only with `--prune` when nothing moves.

use std::collections::BTreeSet;

use crate::diff::change::{Change, ChangeKind, Resource};
use crate::diff::note::{Note, NoteKind};
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::diff::reassignment::ThrottleRemoval;
use crate::model::layout::Layout;

/// Throttle entries on declared topics that nothing moves: those topicctl recorded go; others are a note, and go
/// with `--prune` when nothing at all is moving. Broker rates topicctl recorded go once nothing moves.
pub fn diff(layout: &Layout, moving: &BTreeSet<String>, options: &Options, plan: &mut Plan) {
    let anything_moving = !moving.is_empty() || !layout.in_flight.is_empty();
    let mut removals: Vec<(String, ThrottleRemoval)> = Vec::new();
    for (topic, entries) in &layout.throttles {
        if moving.contains(topic) || entries.is_empty() {
            continue;
        }
        let recorded = layout.recorded.topics.get(topic);
        let mine = |have: &BTreeSet<String>, rec: Option<&BTreeSet<String>>| -> BTreeSet<String> {
            have.iter()
                .filter(|e| rec.is_some_and(|r| r.contains(*e)))
                .cloned()
                .collect()
        };
        let leader = mine(&entries.leader, recorded.map(|r| &r.leader));
        let follower = mine(&entries.follower, recorded.map(|r| &r.follower));
        let other_leader: BTreeSet<String> = entries.leader.difference(&leader).cloned().collect();
        let other_follower: BTreeSet<String> = entries.follower.difference(&follower).cloned().collect();
        let resource = Resource::Topic(topic.clone());
        if !other_leader.is_empty() || !other_follower.is_empty() {
            if options.prune && !anything_moving {
                removals.push((
                    topic.clone(),
                    ThrottleRemoval {
                        leader: other_leader.union(&leader).cloned().collect(),
                        follower: other_follower.union(&follower).cloned().collect(),
                        brokers: BTreeSet::new(),
                        recorded: false,
                    },
                ));
                continue;
            }
            plan.notes.push(Note {
                resource,
                what: NoteKind::UnrecordedThrottles {
                    leader: other_leader.len(),
                    follower: other_follower.len(),
                },
            });
        }
        if !leader.is_empty() || !follower.is_empty() {
            removals.push((
                topic.clone(),
                ThrottleRemoval {
                    leader,
                    follower,
                    brokers: BTreeSet::new(),
                    recorded: true,
                },
            ));
        }
    }
    for (topic, removal) in removals {
        plan.changes.push(Change {
            resource: Resource::Topic(topic),
            kind: ChangeKind::RemoveThrottles(removal),
        });
    }
    // The throttled rates topicctl set on brokers, once none of the declared topics moves (apply also checks that
    // nothing else on the cluster moves: the rates are shared by every throttled move on a broker).
    if !anything_moving {
        for broker in &layout.recorded.brokers {
            plan.changes.push(Change {
                resource: Resource::Broker(broker.to_string()),
                kind: ChangeKind::RemoveThrottles(ThrottleRemoval {
                    leader: BTreeSet::new(),
                    follower: BTreeSet::new(),
                    brokers: BTreeSet::from([*broker]),
                    recorded: true,
                }),
            });
        }
    }
}
