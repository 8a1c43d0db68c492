//! `schedule(&Plan) -> Vec<Step>`: the plan's changes as steps in the order they run. Pure: no I/O.
//!
//! Additions before destruction (topics, partitions, configs, ACLs, credentials, quotas, subjects, then topic and
//! subject deletes); within a phase, the plan's order (sorted by resource), except that a subject is registered
//! after the subjects its schema references.

use crate::apply::step::{Payload, Phase, Step, StepId, ThrottleTarget};
use crate::cluster::ops::configs::ConfigOp;
use crate::cluster::ops::topics::{NewPartitions, NewTopic, TopicToDelete};
use crate::diff::{Change, ChangeKind, Plan, Resource};

pub fn schedule(plan: &Plan) -> Vec<Step> {
    let mut payloads: Vec<(Resource, Payload)> = plan
        .changes
        .iter()
        .flat_map(|c| payloads(c).into_iter().map(|p| (c.resource.clone(), p)))
        .collect();
    // Stable: the plan's order within each phase.
    payloads.sort_by_key(|(_, p)| p.phase());
    order_subjects(&mut payloads);
    payloads
        .into_iter()
        .enumerate()
        .map(|(i, (resource, payload))| Step {
            id: StepId(i),
            resource,
            payload,
        })
        .collect()
}

/// The requests one change makes, in their order.
fn payloads(change: &Change) -> Vec<Payload> {
    let name = change.resource.name().to_owned();
    match &change.kind {
        ChangeKind::CreateTopic(t) => vec![Payload::CreateTopic(NewTopic {
            name,
            partitions: Some(t.partitions),
            replication_factor: Some(t.replication_factor),
            assignment: None,
            configs: t.config.clone(),
        })],
        ChangeKind::UpdateTopic { partitions, config, .. } => {
            let mut out: Vec<Payload> = partitions
                .iter()
                .map(|(_, to)| {
                    Payload::AddPartitions(NewPartitions {
                        topic: name.clone(),
                        total: *to,
                        assignment: None,
                    })
                })
                .collect();
            if !config.is_empty() {
                out.push(Payload::AlterTopicConfig {
                    topic: name,
                    ops: config
                        .iter()
                        .map(|c| (c.key.clone(), c.after.clone().map_or(ConfigOp::Delete, ConfigOp::Set)))
                        .collect(),
                });
            }
            out
        }
        ChangeKind::Reassign(m) => vec![Payload::Reassign {
            topic: name,
            moves: m.moves.clone(),
        }],
        ChangeKind::AwaitReassignment(f) => vec![Payload::AwaitReassignment {
            topic: name,
            partitions: f.partitions.iter().map(|p| p.partition).collect(),
        }],
        ChangeKind::RemoveThrottles(t) => vec![Payload::RemoveThrottles {
            target: match &change.resource {
                Resource::Broker(id) => ThrottleTarget::Broker(id.clone()),
                _ => ThrottleTarget::Topic(name),
            },
            removal: t.clone(),
        }],
        ChangeKind::DeleteTopic { id, .. } => vec![Payload::DeleteTopic(TopicToDelete { name, id: id.clone() })],
        ChangeKind::Acls { add, remove, .. } => add
            .iter()
            .cloned()
            .map(Payload::CreateAcl)
            .chain(remove.iter().cloned().map(Payload::DeleteAcl))
            .collect(),
        ChangeKind::Credentials { set, delete, .. } => set
            .iter()
            .map(|c| Payload::SetCredential {
                user: name.clone(),
                mechanism: c.mechanism,
                iterations: c.iterations,
                password: c.password.clone(),
                reason: c.reason,
            })
            .chain(delete.iter().map(|m| Payload::DeleteCredential {
                user: name.clone(),
                mechanism: *m,
            }))
            .collect(),
        ChangeKind::UpdateSubject {
            register,
            compatibility,
            ..
        } => compatibility
            .iter()
            .map(|(_, level)| Payload::SetCompatibility {
                subject: name.clone(),
                level: level.clone(),
            })
            .chain(register.iter().map(|r| Payload::RegisterSchema {
                subject: name.clone(),
                version: r.clone(),
            }))
            .collect(),
        ChangeKind::DeleteSubject { permanent } => vec![Payload::DeleteSubject {
            subject: name,
            permanent: *permanent,
        }],
        ChangeKind::Quotas { entity, changes, .. } => vec![Payload::AlterQuotas {
            entity: entity.clone(),
            changes: changes.clone(),
        }],
    }
}

/// Within the subjects phase, move each subject's steps after those of the subjects its new schema references
/// (rounds: the ready ones in their order, then the next round). A cycle keeps the given order: the registry says
/// what is wrong.
fn order_subjects(payloads: &mut Vec<(Resource, Payload)>) {
    let start = payloads.iter().position(|(_, p)| p.phase() == Phase::Subjects);
    let Some(start) = start else { return };
    let end = payloads[start..]
        .iter()
        .position(|(_, p)| p.phase() != Phase::Subjects)
        .map_or(payloads.len(), |n| start + n);
    // Group the phase's steps by subject, in order.
    let mut groups: Vec<(String, Vec<(Resource, Payload)>)> = Vec::new();
    for (resource, payload) in payloads.drain(start..end) {
        let name = resource.name().to_owned();
        match groups.last_mut() {
            Some((last, steps)) if *last == name => steps.push((resource, payload)),
            _ => groups.push((name, vec![(resource, payload)])),
        }
    }
    let references = |steps: &[(Resource, Payload)]| -> Vec<String> {
        steps
            .iter()
            .filter_map(|(_, p)| match p {
                Payload::RegisterSchema { version, .. } => Some(version.references.iter().map(|r| r.subject.clone())),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let mut ordered = Vec::new();
    let mut pending = groups;
    while !pending.is_empty() {
        let before = pending.len();
        let names: Vec<String> = pending.iter().map(|(n, _)| n.clone()).collect();
        let (ready, wait): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, steps)| references(steps).iter().all(|r| !names.contains(r)));
        ordered.extend(ready);
        pending = wait;
        if pending.len() == before {
            ordered.append(&mut pending);
        }
    }
    let tail = payloads.split_off(start);
    payloads.extend(ordered.into_iter().flat_map(|(_, steps)| steps));
    payloads.extend(tail);
}
