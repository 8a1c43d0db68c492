//! A step in words, for the apply report: "create topic shop.orders".

use crate::apply::step::{Payload, ThrottleTarget};
use crate::model::quota::entity_name;

pub fn describe(payload: &Payload) -> String {
    match payload {
        Payload::CreateTopic(t) => format!("create topic {}", t.name),
        Payload::Reassign { topic, moves } => format!(
            "move replicas of topic {topic} ({} partition{})",
            moves.len(),
            if moves.len() == 1 { "" } else { "s" }
        ),
        Payload::AwaitReassignment { topic, partitions } => format!(
            "finish the reassignment of topic {topic} ({} partition{})",
            partitions.len(),
            if partitions.len() == 1 { "" } else { "s" }
        ),
        Payload::RemoveThrottles {
            target: ThrottleTarget::Broker(id),
            ..
        } => format!("remove the replication throttle rates of broker {id}"),
        Payload::RemoveThrottles {
            target: ThrottleTarget::Topic(topic),
            ..
        } => format!("remove replication throttles of topic {topic}"),
        Payload::AddPartitions(p) => format!("add partitions to topic {} (to {})", p.topic, p.total),
        Payload::AlterTopicConfig { topic, ops } => {
            let keys: Vec<&str> = ops.keys().map(String::as_str).collect();
            format!("change config of topic {topic} ({})", keys.join(", "))
        }
        Payload::CreateAcl(b) => format!("create ACL {}: {}", b.principal, b.rule()),
        Payload::DeleteAcl(b) => format!("delete ACL {}: {}", b.principal, b.rule()),
        Payload::SetCredential {
            user,
            mechanism,
            reason,
            ..
        } => format!("set the {} credential of user {user} ({reason})", mechanism.name()),
        Payload::DeleteCredential { user, mechanism } => {
            format!("delete the {} credential of user {user}", mechanism.name())
        }
        Payload::AlterQuotas { entity, changes } => {
            let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
            format!("change quotas of {} ({})", entity_name(entity), keys.join(", "))
        }
        Payload::SetCompatibility { subject, level } => {
            format!("set the compatibility of subject {subject} to {level}")
        }
        Payload::RegisterSchema { subject, .. } => format!("register a new version of subject {subject}"),
        Payload::DeleteTopic(t) => format!("delete topic {}", t.name),
        Payload::DeleteSubject { subject, permanent } => format!(
            "{} subject {subject}",
            if *permanent {
                "permanently delete"
            } else {
                "soft-delete"
            }
        ),
    }
}
