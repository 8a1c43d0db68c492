//! The words of a plan, shared by the text, Markdown and JSON views: what a resource kind, an action, a blocked
//! change, a note and a credential reason are called. The diff only has the typed values.

use crate::diff::{Action, BlockedReason, NoteKind, ResourceKind};

pub fn resource_kind(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Topic => "topic",
        ResourceKind::Principal => "principal",
        ResourceKind::User => "user",
        ResourceKind::Quota => "quota",
        ResourceKind::Subject => "subject",
        ResourceKind::Broker => "broker",
    }
}

/// `1 partition`, `3 partitions`: the count and the word, in the plural unless it is one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Terraform's symbols.
pub fn symbol(action: Action) -> char {
    match action {
        Action::Create => '+',
        Action::Update => '~',
        Action::Delete => '-',
    }
}

/// What was asked, e.g. `partitions 12 → 6`.
pub fn blocked_wanted(why: &BlockedReason) -> String {
    match why {
        BlockedReason::PartitionDecrease { from, to } => format!("partitions {from} → {to}"),
        BlockedReason::ReplicationFactorChange { from, to } => format!("replication factor {from} → {to}"),
        BlockedReason::BelowMinInsync { to, .. } => format!("replication factor {to}"),
        BlockedReason::NotEnoughBrokers { needed, .. } => format!("{needed} replicas per partition"),
        BlockedReason::ThrottleBelowWriteRate { broker, .. } => format!("move replicas to broker {broker}"),
        BlockedReason::IncompatibleSchema { after_version, .. } => {
            format!("register a new version after version {after_version}")
        }
        BlockedReason::PasswordUnavailable { mechanism, reason, .. } => {
            format!("set the {} credential ({reason})", mechanism.name())
        }
    }
}

/// Why it is not done.
pub fn blocked_reason(why: &BlockedReason) -> String {
    match why {
        BlockedReason::PartitionDecrease { .. } => "Kafka cannot remove partitions; recreating the topic would lose \
                                                    its data. Keep the partition count, or create a new topic and \
                                                    migrate"
            .to_owned(),
        BlockedReason::ReplicationFactorChange { .. } => {
            "the live replica layout of the topic was not read, so its replicas cannot be placed".to_owned()
        }
        BlockedReason::BelowMinInsync { min_insync, .. } => format!(
            "the topic's min.insync.replicas is {min_insync}: with fewer replicas, producers with acks=all stop. \
             Lower min.insync.replicas first, or keep at least {min_insync} replicas"
        ),
        BlockedReason::NotEnoughBrokers { available, .. } => format!(
            "only {} may hold replicas (live and not drained); add brokers or lower the replication factor to at \
             most {available}",
            plural(*available, "broker"),
        ),
        BlockedReason::ThrottleBelowWriteRate {
            broker,
            throttle,
            write_rate,
        } => format!(
            "the throttle ({}) is at or below the write rate of the partitions moving to broker {broker} ({}): \
             the new replicas would never catch up. Raise the throttle (--throttle MiB/s or replicas.throttleMiBps)",
            crate::render::replica_words::rate(*throttle),
            crate::render::replica_words::rate(*write_rate)
        ),
        BlockedReason::IncompatibleSchema { reasons, .. } => format!(
            "the registry says it is incompatible with the subject's compatibility level: {}",
            if reasons.is_empty() {
                "no reason given".to_owned()
            } else {
                reasons.join("; ")
            }
        ),
        BlockedReason::PasswordUnavailable { source, .. } => format!("its password source {source} is not available"),
    }
}

pub fn note(what: &NoteKind) -> String {
    match what {
        NoteKind::UnmanagedConfig { key, value } => unmanaged(key, value),
        NoteKind::UnmanagedQuota { key, value } => unmanaged(key, value),
        NoteKind::UnmanagedAcls { count } => format!(
            "{count} ACL binding{} on the cluster not in the specs (unmanaged); `--prune` removes {}",
            if *count == 1 { " is" } else { "s are" },
            if *count == 1 { "it" } else { "them" }
        ),
        NoteKind::MinInsyncEqualsReplication { replication_factor } => format!(
            "the new replication factor {replication_factor} equals min.insync.replicas: no broker may fail \
             without stopping producers that use acks=all"
        ),
        NoteKind::PlacementDrift { rule, partitions } => format!(
            "{} break{} the {rule} placement rule; `--fix-placement` (or replicas.fixPlacement) moves them",
            plural(partitions.len(), "partition"),
            if partitions.len() == 1 { "s" } else { "" }
        ),
        NoteKind::NoReplicaControl { from, to } => {
            format!("replication factor {from} → {to} is not planned: MSK Serverless manages replicas itself")
        }
        NoteKind::UnrecordedThrottles { leader, follower } => format!(
            "{leader} leader and {follower} follower throttle entries were not set by topicctl (or its record is on \
             another machine); `--prune` removes them when nothing is moving"
        ),
        NoteKind::UncheckablePassword { mechanism } => format!(
            "the {} password cannot be checked over this connection (it is not SASL/SCRAM); it is set only when \
             missing",
            mechanism.name()
        ),
    }
}

fn unmanaged(key: &str, value: &dyn std::fmt::Display) -> String {
    format!("{key} = {value} is set on the cluster but not in the specs (unmanaged); `--prune` removes it")
}

#[cfg(test)]
mod tests {
    use super::{blocked_reason, note};
    use crate::diff::{BlockedReason, NoteKind};

    #[test]
    fn long_sentences_read_as_before() {
        assert_eq!(
            blocked_reason(&BlockedReason::PartitionDecrease { from: 2, to: 1 }),
            "Kafka cannot remove partitions; recreating the topic would lose its data. Keep the partition count, \
             or create a new topic and migrate"
        );
        assert_eq!(
            note(&NoteKind::UnmanagedAcls { count: 1 }),
            "1 ACL binding is on the cluster not in the specs (unmanaged); `--prune` removes it"
        );
        assert_eq!(
            note(&NoteKind::UnmanagedQuota {
                key: "producer_byte_rate".into(),
                value: 1048576.0
            }),
            "producer_byte_rate = 1048576 is set on the cluster but not in the specs (unmanaged); `--prune` removes it"
        );
    }
}
