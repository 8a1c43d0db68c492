//! The plan for machines: a documented, versioned JSON format with its own serde types, so the internal types
//! can change without breaking readers. Everything is sorted.
//!
//! ```text
//! { "format_version": "1.0", "environment": "dev", "prune": false,
//!   "fingerprints": { "live": "<sha256>", "desired": "<sha256>" },
//!   "summary": { "create": 1, "update": 1, "delete": 0, "blocked": 0, "has_changes": true },
//!   "changes": [ { "resource": { "type": "topic", "name": "…" }, "actions": ["create"],
//!                  "before": null | {…}, "after": null | {…}, "config_changes": [ { "key", "before", "after" } ] } ],
//!   "blocked": [ { "resource": {…}, "wanted": "partitions 12 → 6", "reason": "…" } ],
//!   "notes": [ { "resource": {…}, "message": "…" } ] }
//! ```
//! `before` / `after` hold `partitions`, `replication_factor` and the changed `config` keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diff::reassignment::{Estimate, MoveReason};
use crate::diff::{Action, Change, ChangeKind, ConfigChange, Plan, Resource, ResourceKind};
use crate::model::acl::AclBinding;
use crate::model::replicas::{PlacementRule, ReplicaPolicy};
use crate::render::plan_words::{blocked_reason, blocked_wanted, note};

/// 1.1 added `replica_change` on changes, `estimate` and `replicas` (the replica options); 1.0 plans still load.
pub const FORMAT_VERSION: &str = "1.1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonPlan {
    pub format_version: String,
    pub environment: String,
    /// Whether the plan was made with `--prune`.
    pub prune: bool,
    /// Whether subjects are deleted permanently (`--hard-delete`).
    #[serde(default)]
    pub hard_delete: bool,
    pub fingerprints: Fingerprints,
    pub summary: Summary,
    pub changes: Vec<JsonChange>,
    pub blocked: Vec<JsonBlocked>,
    pub notes: Vec<JsonNote>,
    /// The estimate of the replica moves (1.1), when the plan moves replicas.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub estimate: Option<JsonEstimate>,
    /// The replica options the plan was made with (1.1): `apply PLANFILE` uses the same.
    #[serde(default)]
    pub replicas: JsonReplicaOptions,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JsonReplicaOptions {
    /// `rack-spread`, `any`, or absent (rack-spread where brokers have racks).
    #[serde(default)]
    pub placement: Option<String>,
    #[serde(default)]
    pub balance_leaders: bool,
    #[serde(default)]
    pub drain_brokers: Vec<i32>,
    /// MiB/s per broker.
    #[serde(default)]
    pub throttle_mibps: Option<u32>,
    #[serde(default)]
    pub fix_placement: bool,
}

impl JsonReplicaOptions {
    pub fn policy(&self) -> ReplicaPolicy {
        ReplicaPolicy {
            placement: self.placement.as_deref().and_then(PlacementRule::parse),
            balance_leaders: self.balance_leaders,
            drain_brokers: self.drain_brokers.iter().copied().collect(),
            throttle_mib: self.throttle_mibps,
            fix_placement: self.fix_placement,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEstimate {
    pub throttle_bytes_per_second: u64,
    pub bytes_to_copy: u64,
    /// The slowest receiving broker's; `null` when one never catches up (blocked).
    pub eta_seconds: Option<u64>,
    /// Tiered storage: sizes are local log sizes only.
    pub local_sizes_only: bool,
    pub brokers: Vec<JsonBrokerEstimate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonBrokerEstimate {
    pub broker: i32,
    pub bytes_to_copy: u64,
    /// Bytes/s written meanwhile to the partitions moving to it.
    pub write_rate: f64,
    pub eta_seconds: Option<u64>,
}

/// A topic's replica change (1.1): `reassign` (planned moves), `in_flight` (running; apply waits), or
/// `remove_throttles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonReplicaChange {
    pub kind: JsonReplicaChangeKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replication_factor_before: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replication_factor_after: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub placement: Option<String>,
    /// `replication_factor`, `drain`, `placement`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub reasons: Vec<String>,
    /// Every partition that moves (or is moving), with its replicas before and after.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub moves: Vec<JsonMove>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bytes_to_copy: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bytes_copied: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eta_seconds: Option<u64>,
    /// For `remove_throttles`: the entries and broker rates removed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub leader_throttles: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub follower_throttles: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub throttled_brokers: Vec<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonReplicaChangeKind {
    Reassign,
    InFlight,
    RemoveThrottles,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonMove {
    pub partition: i32,
    pub from: Vec<i32>,
    pub to: Vec<i32>,
}

fn replica_change(kind: &ChangeKind) -> Option<JsonReplicaChange> {
    let empty = JsonReplicaChange {
        kind: JsonReplicaChangeKind::Reassign,
        replication_factor_before: None,
        replication_factor_after: None,
        placement: None,
        reasons: Vec::new(),
        moves: Vec::new(),
        bytes_to_copy: None,
        bytes_copied: None,
        eta_seconds: None,
        leader_throttles: Vec::new(),
        follower_throttles: Vec::new(),
        throttled_brokers: Vec::new(),
    };
    match kind {
        ChangeKind::Reassign(m) => Some(JsonReplicaChange {
            replication_factor_before: m.replication_factor.map(|r| r.0),
            replication_factor_after: m.replication_factor.map(|r| r.1),
            placement: Some(m.rule.name().to_owned()),
            reasons: m
                .why
                .iter()
                .map(|w| {
                    match w {
                        MoveReason::ReplicationFactor => "replication_factor",
                        MoveReason::Drain => "drain",
                        MoveReason::Placement => "placement",
                    }
                    .to_owned()
                })
                .collect(),
            moves: m
                .moves
                .iter()
                .map(|p| JsonMove {
                    partition: p.partition,
                    from: p.from.clone(),
                    to: p.to.clone(),
                })
                .collect(),
            bytes_to_copy: Some(m.bytes),
            eta_seconds: m.eta_secs,
            ..empty
        }),
        ChangeKind::AwaitReassignment(f) => Some(JsonReplicaChange {
            kind: JsonReplicaChangeKind::InFlight,
            moves: f
                .partitions
                .iter()
                .map(|p| JsonMove {
                    partition: p.partition,
                    from: p.replicas.iter().copied().filter(|b| !p.adding.contains(b)).collect(),
                    to: p.replicas.iter().copied().filter(|b| !p.removing.contains(b)).collect(),
                })
                .collect(),
            bytes_to_copy: Some(f.bytes_total),
            bytes_copied: Some(f.bytes_copied),
            ..empty
        }),
        ChangeKind::RemoveThrottles(t) => Some(JsonReplicaChange {
            kind: JsonReplicaChangeKind::RemoveThrottles,
            leader_throttles: t.leader.iter().cloned().collect(),
            follower_throttles: t.follower.iter().cloned().collect(),
            throttled_brokers: t.brokers.iter().copied().collect(),
            ..empty
        }),
        _ => None,
    }
}

fn estimate(e: &Estimate, throttle: u64) -> JsonEstimate {
    JsonEstimate {
        throttle_bytes_per_second: throttle,
        bytes_to_copy: e.bytes,
        eta_seconds: e.eta_secs,
        local_sizes_only: e.local_sizes_only,
        brokers: e
            .brokers
            .iter()
            .map(|(b, be)| JsonBrokerEstimate {
                broker: *b,
                bytes_to_copy: be.bytes,
                write_rate: (be.write_rate * 10.0).round() / 10.0,
                eta_seconds: be.eta_secs,
            })
            .collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprints {
    pub live: String,
    pub desired: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub blocked: usize,
    pub has_changes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonResource {
    #[serde(rename = "type")]
    pub kind: JsonResourceType,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonResourceType {
    Topic,
    Principal,
    User,
    Quota,
    Subject,
    /// 1.1: a broker's replication throttle rates.
    Broker,
}

impl From<ResourceKind> for JsonResourceType {
    fn from(kind: ResourceKind) -> Self {
        match kind {
            ResourceKind::Topic => Self::Topic,
            ResourceKind::Principal => Self::Principal,
            ResourceKind::User => Self::User,
            ResourceKind::Quota => Self::Quota,
            ResourceKind::Subject => Self::Subject,
            ResourceKind::Broker => Self::Broker,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonAction {
    Create,
    Update,
    Delete,
}

impl From<Action> for JsonAction {
    fn from(action: Action) -> Self {
        match action {
            Action::Create => Self::Create,
            Action::Update => Self::Update,
            Action::Delete => Self::Delete,
        }
    }
}

/// What happens to one credential or one ACL binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonItemAction {
    Set,
    Add,
    Remove,
    Delete,
}

/// How a subject is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonDelete {
    Soft,
    Permanent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicState {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partitions: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replication_factor: Option<i16>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub config: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonConfigChange {
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonChange {
    pub resource: JsonResource,
    pub actions: Vec<JsonAction>,
    pub before: Option<TopicState>,
    pub after: Option<TopicState>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub config_changes: Vec<JsonConfigChange>,
    /// For principals: the bindings to add and to remove.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub acl_changes: Vec<JsonAclChange>,
    /// For users: credentials to set (never with the password) or delete.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub credential_changes: Vec<JsonCredentialChange>,
    /// For quota entities: keys set or removed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub quota_changes: Vec<JsonQuotaChange>,
    /// For subjects: the version to register, the compatibility level, or the delete.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject_change: Option<JsonSubjectChange>,
    /// For topics whose replicas move (1.1).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replica_change: Option<JsonReplicaChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonSubjectChange {
    /// `AVRO`, `PROTOBUF` or `JSON` when a version is registered.
    pub register: Option<String>,
    /// Unified diff of the latest version and the new one.
    pub schema_diff: Option<String>,
    pub compatibility_before: Option<String>,
    pub compatibility_after: Option<String>,
    /// `soft` or `permanent` for a delete.
    pub delete: Option<JsonDelete>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonCredentialChange {
    pub mechanism: String,
    /// `set` or `delete`.
    pub action: JsonItemAction,
    pub reason: Option<String>,
    pub iterations: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonQuotaChange {
    pub key: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonAclChange {
    /// `add` or `remove`.
    pub action: JsonItemAction,
    pub resource_type: String,
    pub resource_name: String,
    pub pattern_type: String,
    pub principal: String,
    pub host: String,
    pub operation: String,
    pub permission: String,
}

fn acl_change(action: JsonItemAction, b: &AclBinding) -> JsonAclChange {
    JsonAclChange {
        action,
        resource_type: b.resource_type.to_string(),
        resource_name: b.resource_name.clone(),
        pattern_type: b.pattern_type.to_string(),
        principal: b.principal.clone(),
        host: b.host.clone(),
        operation: b.operation.to_string(),
        permission: b.permission.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonBlocked {
    pub resource: JsonResource,
    pub wanted: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonNote {
    pub resource: JsonResource,
    pub message: String,
}

fn resource(r: &Resource) -> JsonResource {
    JsonResource {
        kind: r.kind().into(),
        name: r.name().to_owned(),
    }
}

/// The sides of a topic change and its config changes; `None`s for other resources.
fn topic_sides(kind: &ChangeKind) -> (Option<TopicState>, Option<TopicState>, Vec<JsonConfigChange>) {
    match kind {
        ChangeKind::CreateTopic(t) => (
            None,
            Some(TopicState {
                partitions: Some(t.partitions),
                replication_factor: Some(t.replication_factor),
                config: t.config.clone(),
            }),
            Vec::new(),
        ),
        ChangeKind::UpdateTopic { partitions, config, .. } => {
            let side = |pick: fn(&ConfigChange) -> Option<String>, n: Option<i32>| TopicState {
                partitions: n,
                replication_factor: None,
                config: config
                    .iter()
                    .filter_map(|cc| pick(cc).map(|v| (cc.key.clone(), v)))
                    .collect(),
            };
            (
                Some(side(|cc| cc.before.clone(), partitions.map(|p| p.0))),
                Some(side(|cc| cc.after.clone(), partitions.map(|p| p.1))),
                config
                    .iter()
                    .map(|cc| JsonConfigChange {
                        key: cc.key.clone(),
                        before: cc.before.clone(),
                        after: cc.after.clone(),
                    })
                    .collect(),
            )
        }
        ChangeKind::DeleteTopic {
            partitions,
            replication_factor,
            ..
        } => (
            Some(TopicState {
                partitions: Some(*partitions),
                replication_factor: Some(*replication_factor),
                config: BTreeMap::new(),
            }),
            None,
            Vec::new(),
        ),
        _ => (None, None, Vec::new()),
    }
}

fn subject_change(kind: &ChangeKind) -> Option<JsonSubjectChange> {
    match kind {
        ChangeKind::UpdateSubject {
            register,
            compatibility,
            ..
        } => Some(JsonSubjectChange {
            register: register.as_ref().map(|r| r.schema_type.registry_name().to_owned()),
            schema_diff: register.as_ref().and_then(|r| r.diff.clone()),
            compatibility_before: compatibility.as_ref().and_then(|c| c.0.clone()),
            compatibility_after: compatibility.as_ref().map(|c| c.1.clone()),
            delete: None,
        }),
        ChangeKind::DeleteSubject { permanent } => Some(JsonSubjectChange {
            register: None,
            schema_diff: None,
            compatibility_before: None,
            compatibility_after: None,
            delete: Some(if *permanent {
                JsonDelete::Permanent
            } else {
                JsonDelete::Soft
            }),
        }),
        _ => None,
    }
}

fn credential_changes(kind: &ChangeKind) -> Vec<JsonCredentialChange> {
    let ChangeKind::Credentials { set, delete, .. } = kind else {
        return Vec::new();
    };
    set.iter()
        .map(|c| JsonCredentialChange {
            mechanism: c.mechanism.name().to_owned(),
            action: JsonItemAction::Set,
            reason: Some(c.reason.to_string()),
            iterations: Some(c.iterations),
        })
        .chain(delete.iter().map(|m| JsonCredentialChange {
            mechanism: m.name().to_owned(),
            action: JsonItemAction::Delete,
            reason: None,
            iterations: None,
        }))
        .collect()
}

fn quota_changes(kind: &ChangeKind) -> Vec<JsonQuotaChange> {
    let ChangeKind::Quotas { changes, .. } = kind else {
        return Vec::new();
    };
    changes
        .iter()
        .map(|c| JsonQuotaChange {
            key: c.key.clone(),
            before: c.before,
            after: c.after,
        })
        .collect()
}

fn acl_changes(kind: &ChangeKind) -> Vec<JsonAclChange> {
    let ChangeKind::Acls { add, remove, .. } = kind else {
        return Vec::new();
    };
    add.iter()
        .map(|b| acl_change(JsonItemAction::Add, b))
        .chain(remove.iter().map(|b| acl_change(JsonItemAction::Remove, b)))
        .collect()
}

fn change(c: &Change) -> JsonChange {
    let (before, after, config_changes) = topic_sides(&c.kind);
    JsonChange {
        resource: resource(&c.resource),
        actions: vec![c.action().into()],
        before,
        after,
        config_changes,
        acl_changes: acl_changes(&c.kind),
        credential_changes: credential_changes(&c.kind),
        quota_changes: quota_changes(&c.kind),
        subject_change: subject_change(&c.kind),
        replica_change: replica_change(&c.kind),
    }
}

pub fn from_plan(plan: &Plan) -> JsonPlan {
    JsonPlan {
        format_version: FORMAT_VERSION.to_owned(),
        environment: plan.environment.clone(),
        prune: plan.prune,
        hard_delete: plan.hard_delete,
        fingerprints: Fingerprints {
            live: plan.live_fingerprint.clone(),
            desired: plan.desired_fingerprint.clone(),
        },
        summary: Summary {
            create: plan.count(Action::Create),
            update: plan.count(Action::Update),
            delete: plan.count(Action::Delete),
            blocked: plan.blocked.len(),
            has_changes: !plan.is_empty(),
        },
        changes: plan.changes.iter().map(change).collect(),
        blocked: plan
            .blocked
            .iter()
            .map(|b| JsonBlocked {
                resource: resource(&b.resource),
                wanted: blocked_wanted(&b.why),
                reason: blocked_reason(&b.why),
            })
            .collect(),
        notes: plan
            .notes
            .iter()
            .map(|n| JsonNote {
                resource: resource(&n.resource),
                message: note(&n.what),
            })
            .collect(),
        estimate: plan
            .estimate
            .as_ref()
            .map(|e| estimate(e, plan.replicas.throttle_bytes())),
        replicas: JsonReplicaOptions {
            placement: plan.replicas.placement.map(|p| p.name().to_owned()),
            balance_leaders: plan.replicas.balance_leaders,
            drain_brokers: plan.replicas.drain_brokers.iter().copied().collect(),
            throttle_mibps: plan.replicas.throttle_mib,
            fix_placement: plan.replicas.fix_placement,
        },
    }
}

pub fn render(plan: &Plan) -> String {
    serde_json::to_string_pretty(&from_plan(plan)).unwrap_or_default() + "\n"
}
