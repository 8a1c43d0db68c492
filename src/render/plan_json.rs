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

use crate::diff::{ChangeKind, Plan, Resource};

pub const FORMAT_VERSION: &str = "1.0";

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
    pub kind: String,
    pub name: String,
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
    pub actions: Vec<String>,
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
    pub delete: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonCredentialChange {
    pub mechanism: String,
    /// `set` or `delete`.
    pub action: String,
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
    pub action: String,
    pub resource_type: String,
    pub resource_name: String,
    pub pattern_type: String,
    pub principal: String,
    pub host: String,
    pub operation: String,
    pub permission: String,
}

fn acl_change(action: &str, b: &crate::model::acl::AclBinding) -> JsonAclChange {
    JsonAclChange {
        action: action.to_owned(),
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
        kind: r.kind().to_owned(),
        name: r.name().to_owned(),
    }
}

pub fn from_plan(plan: &Plan) -> JsonPlan {
    let changes = plan
        .changes
        .iter()
        .map(|c| {
            let mut acl_changes = Vec::new();
            let mut credential_changes = Vec::new();
            let mut quota_changes = Vec::new();
            let mut subject_change = None;
            let (before, after, config_changes) = match &c.kind {
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
                    let side =
                        |pick: &dyn Fn(&crate::diff::ConfigChange) -> Option<String>, n: Option<i32>| TopicState {
                            partitions: n,
                            replication_factor: None,
                            config: config
                                .iter()
                                .filter_map(|cc| pick(cc).map(|v| (cc.key.clone(), v)))
                                .collect(),
                        };
                    (
                        Some(side(&|cc| cc.before.clone(), partitions.map(|p| p.0))),
                        Some(side(&|cc| cc.after.clone(), partitions.map(|p| p.1))),
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
                } => (
                    Some(TopicState {
                        partitions: Some(*partitions),
                        replication_factor: Some(*replication_factor),
                        config: BTreeMap::new(),
                    }),
                    None,
                    Vec::new(),
                ),
                ChangeKind::UpdateSubject {
                    register,
                    compatibility,
                    ..
                } => {
                    subject_change = Some(JsonSubjectChange {
                        register: register.as_ref().map(|r| r.schema_type.registry_name().to_owned()),
                        schema_diff: register.as_ref().and_then(|r| r.diff.clone()),
                        compatibility_before: compatibility.as_ref().and_then(|c| c.0.clone()),
                        compatibility_after: compatibility.as_ref().map(|c| c.1.clone()),
                        delete: None,
                    });
                    (None, None, Vec::new())
                }
                ChangeKind::DeleteSubject { permanent } => {
                    subject_change = Some(JsonSubjectChange {
                        register: None,
                        schema_diff: None,
                        compatibility_before: None,
                        compatibility_after: None,
                        delete: Some(if *permanent { "permanent" } else { "soft" }.to_owned()),
                    });
                    (None, None, Vec::new())
                }
                ChangeKind::Credentials { set, delete, .. } => {
                    credential_changes = set
                        .iter()
                        .map(|c| JsonCredentialChange {
                            mechanism: c.mechanism.name().to_owned(),
                            action: "set".into(),
                            reason: Some(c.reason.clone()),
                            iterations: Some(c.iterations),
                        })
                        .chain(delete.iter().map(|m| JsonCredentialChange {
                            mechanism: m.name().to_owned(),
                            action: "delete".into(),
                            reason: None,
                            iterations: None,
                        }))
                        .collect();
                    (None, None, Vec::new())
                }
                ChangeKind::Quotas { changes, .. } => {
                    quota_changes = changes
                        .iter()
                        .map(|c| JsonQuotaChange {
                            key: c.key.clone(),
                            before: c.before,
                            after: c.after,
                        })
                        .collect();
                    (None, None, Vec::new())
                }
                ChangeKind::Acls { add, remove, .. } => {
                    acl_changes = add
                        .iter()
                        .map(|b| acl_change("add", b))
                        .chain(remove.iter().map(|b| acl_change("remove", b)))
                        .collect();
                    (None, None, Vec::new())
                }
            };
            JsonChange {
                resource: resource(&c.resource),
                actions: vec![c.action().to_owned()],
                before,
                after,
                config_changes,
                acl_changes,
                credential_changes,
                quota_changes,
                subject_change,
            }
        })
        .collect();
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
            create: plan.count("create"),
            update: plan.count("update"),
            delete: plan.count("delete"),
            blocked: plan.blocked.len(),
            has_changes: !plan.is_empty(),
        },
        changes,
        blocked: plan
            .blocked
            .iter()
            .map(|b| JsonBlocked {
                resource: resource(&b.resource),
                wanted: b.wanted.clone(),
                reason: b.reason.clone(),
            })
            .collect(),
        notes: plan
            .notes
            .iter()
            .map(|n| JsonNote {
                resource: resource(&n.resource),
                message: n.message.clone(),
            })
            .collect(),
    }
}

pub fn render(plan: &Plan) -> String {
    serde_json::to_string_pretty(&from_plan(plan)).unwrap_or_default() + "\n"
}
