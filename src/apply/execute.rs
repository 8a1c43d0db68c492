//! The apply: check everything with `validate_only` where Kafka offers it, then create topics, add partitions,
//! change configs, and delete last; batched; stops at the first request that fails as a whole (its outcome is
//! unknown) and reports the rest as not attempted. Re-running converges: the next plan holds only what is left.

use std::collections::BTreeMap;

use crate::apply::report::{Outcome, Report, Step};
use crate::cluster::client::AdminClient;
use crate::cluster::error::KafkaError;
use crate::cluster::ops::PerResource;
use crate::cluster::ops::configs::{ConfigChanges, ConfigOp, ConfigResource};
use crate::cluster::ops::scram_credentials::ScramCredentialChange;
use crate::cluster::ops::topics::{NewPartitions, NewTopic};
use crate::cluster::registry::RegistryClient;
use crate::diff::{ChangeKind, Plan, SchemaVersion};
use crate::model::acl::{AclBinding, AclFilter};
use crate::model::quota::{QuotaChange as QuotaChangeMap, QuotaEntity};

/// Called after each step with (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

#[derive(Default)]
struct Work {
    creates: Vec<NewTopic>,
    partitions: Vec<NewPartitions>,
    configs: BTreeMap<String, ConfigChanges>,
    deletes: Vec<String>,
    acl_adds: Vec<AclBinding>,
    acl_removes: Vec<AclBinding>,
    credentials: Vec<(String, ScramCredentialChange)>,
    quotas: Vec<(QuotaEntity, QuotaChangeMap)>,
    /// (subject, compatibility to set, version to register), referenced subjects first.
    subjects: Vec<(String, Option<String>, Option<SchemaVersion>)>,
    subject_deletes: Vec<(String, bool)>,
}

fn work(plan: &Plan) -> Work {
    let mut w = Work::default();
    for change in &plan.changes {
        let name = change.resource.name().to_owned();
        match &change.kind {
            ChangeKind::CreateTopic(t) => w.creates.push(NewTopic {
                name,
                partitions: Some(t.partitions),
                replication_factor: Some(t.replication_factor),
                assignment: None,
                configs: t.config.clone(),
            }),
            ChangeKind::UpdateTopic { partitions, config, .. } => {
                if let Some((_, to)) = partitions {
                    w.partitions.push(NewPartitions {
                        topic: name.clone(),
                        total: *to,
                        assignment: None,
                    });
                }
                if !config.is_empty() {
                    let ops = config
                        .iter()
                        .map(|c| (c.key.clone(), c.after.clone().map_or(ConfigOp::Delete, ConfigOp::Set)))
                        .collect();
                    w.configs.insert(name, ops);
                }
            }
            ChangeKind::DeleteTopic { .. } => w.deletes.push(name),
            ChangeKind::Acls { add, remove, .. } => {
                w.acl_adds.extend(add.iter().cloned());
                w.acl_removes.extend(remove.iter().cloned());
            }
            ChangeKind::Credentials { set, delete, .. } => {
                for c in set {
                    let change = ScramCredentialChange::Upsert {
                        user: name.clone(),
                        mechanism: c.mechanism,
                        iterations: c.iterations,
                        password: c.password.clone(),
                    };
                    w.credentials.push((
                        format!(
                            "set the {} credential of user {name} ({})",
                            c.mechanism.name(),
                            c.reason
                        ),
                        change,
                    ));
                }
                for m in delete {
                    let change = ScramCredentialChange::Delete {
                        user: name.clone(),
                        mechanism: *m,
                    };
                    w.credentials
                        .push((format!("delete the {} credential of user {name}", m.name()), change));
                }
            }
            ChangeKind::UpdateSubject {
                register,
                compatibility,
                ..
            } => {
                w.subjects
                    .push((name, compatibility.as_ref().map(|c| c.1.clone()), register.clone()));
            }
            ChangeKind::DeleteSubject { permanent } => w.subject_deletes.push((name, *permanent)),
            ChangeKind::Quotas { entity, changes, .. } => {
                w.quotas.push((
                    entity.clone(),
                    changes.iter().map(|c| (c.key.clone(), c.after)).collect(),
                ));
            }
        }
    }
    // Register referenced subjects before the subjects that reference them.
    let mut ordered: Vec<(String, Option<String>, Option<SchemaVersion>)> = Vec::new();
    let mut pending = std::mem::take(&mut w.subjects);
    while !pending.is_empty() {
        let before = pending.len();
        let names: Vec<String> = pending.iter().map(|(n, _, _)| n.clone()).collect();
        let (ready, wait): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(_, _, r)| {
            r.as_ref()
                .is_none_or(|r| r.references.iter().all(|x| !names.contains(&x.subject)))
        });
        ordered.extend(ready);
        pending = wait;
        if pending.len() == before {
            // A cycle: keep the given order; the registry will say what is wrong.
            ordered.append(&mut pending);
        }
    }
    w.subjects = ordered;
    w
}

fn describe_create(t: &NewTopic) -> String {
    format!("create topic {}", t.name)
}

fn describe_partitions(p: &NewPartitions) -> String {
    format!("add partitions to topic {} (to {})", p.topic, p.total)
}

fn describe_config(name: &str, ops: &ConfigChanges) -> String {
    let keys: Vec<&str> = ops.keys().map(String::as_str).collect();
    format!("change config of topic {} ({})", name, keys.join(", "))
}

fn describe_delete(name: &str) -> String {
    format!("delete topic {name}")
}

fn describe_quota(entity: &QuotaEntity, changes: &QuotaChangeMap) -> String {
    let keys: Vec<&str> = changes.keys().map(String::as_str).collect();
    format!(
        "change quotas of {} ({})",
        crate::diff::entity_label(entity),
        keys.join(", ")
    )
}

fn describe_acl(verb: &str, b: &AclBinding) -> String {
    format!("{verb} ACL {}: {}", b.principal, crate::render::plan_text::acl_line(b))
}

fn message(e: &KafkaError) -> String {
    e.to_string()
}

/// Every step of the plan, in execution order, not attempted yet.
fn steps(w: &Work) -> Vec<(String, String)> {
    let mut s = Vec::new();
    s.extend(w.creates.iter().map(|t| (t.name.clone(), describe_create(t))));
    s.extend(w.partitions.iter().map(|p| (p.topic.clone(), describe_partitions(p))));
    s.extend(w.configs.iter().map(|(n, o)| (n.clone(), describe_config(n, o))));
    s.extend(
        w.acl_adds
            .iter()
            .map(|b| (b.principal.clone(), describe_acl("create", b))),
    );
    s.extend(
        w.acl_removes
            .iter()
            .map(|b| (b.principal.clone(), describe_acl("delete", b))),
    );
    s.extend(w.credentials.iter().map(|(d, _)| (String::new(), d.clone())));
    s.extend(w.quotas.iter().map(|(e, q)| (String::new(), describe_quota(e, q))));
    for (name, compatibility, register) in &w.subjects {
        if let Some(level) = compatibility {
            s.push((
                name.clone(),
                format!("set the compatibility of subject {name} to {level}"),
            ));
        }
        if register.is_some() {
            s.push((name.clone(), format!("register a new version of subject {name}")));
        }
    }
    s.extend(w.deletes.iter().map(|n| (n.clone(), describe_delete(n))));
    s.extend(w.subject_deletes.iter().map(|(n, p)| {
        (
            n.clone(),
            format!("{} subject {n}", if *p { "permanently delete" } else { "soft-delete" }),
        )
    }));
    s
}

struct Run<'a, 'p> {
    report: Report,
    next: usize,
    progress: Progress<'p>,
    client: &'a AdminClient,
}

impl Run<'_, '_> {
    /// Record per-resource results for the next steps (which belong to `names`, in order).
    fn record(&mut self, names: &[String], results: &PerResource) {
        for name in names {
            self.record_one(match results.get(name) {
                Some(result) => result.clone().map_err(|e| message(&e)),
                None => Err("the broker did not answer for this resource".into()),
            });
        }
    }

    /// Record results for the next steps, in order.
    fn record_each(&mut self, results: impl Iterator<Item = Result<(), KafkaError>>) {
        for result in results {
            self.record_one(result.map_err(|e| message(&e)));
        }
    }

    /// Record the result of the next step.
    fn record_one(&mut self, result: Result<(), String>) {
        self.report.steps[self.next].outcome = match result {
            Ok(()) => Outcome::Applied,
            Err(e) => Outcome::Failed(e),
        };
        self.next += 1;
        let total = self.report.steps.len();
        (self.progress)(self.next, total);
    }

    /// A request failed as a whole: its steps failed with an unknown outcome; nothing after it is attempted.
    fn abort(&mut self, count: usize, error: &dyn std::fmt::Display) {
        for _ in 0..count {
            self.report.steps[self.next].outcome = Outcome::Failed(format!("outcome unknown: {error}"));
            self.next += 1;
        }
    }
}

/// Apply `plan` (which must have no blocked changes). Never fails as a whole: everything is in the report.
/// `batch` is the number of resources per request.
pub async fn execute(
    plan: &Plan,
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    batch: usize,
    progress: Progress<'_>,
) -> Report {
    let batch = batch.max(1);
    let w = work(plan);
    let all = steps(&w);
    let mut run = Run {
        report: Report {
            steps: all
                .iter()
                .map(|(_, d)| Step {
                    description: d.clone(),
                    outcome: Outcome::NotAttempted,
                })
                .collect(),
        },
        next: 0,
        progress,
        client,
    };

    // 1. Ask the brokers to check everything first: a bad value is refused before anything changes.
    let mut refused: BTreeMap<String, String> = BTreeMap::new();
    let checks = async {
        let mut refused = BTreeMap::new();
        for chunk in w.creates.chunks(batch) {
            for (name, r) in client.create_topics(chunk, true).await? {
                if let Err(e) = r {
                    refused.insert(
                        describe_create(chunk.iter().find(|t| t.name == name).unwrap_or(&chunk[0])),
                        message(&e),
                    );
                }
            }
        }
        for chunk in w.partitions.chunks(batch) {
            for (name, r) in client.create_partitions(chunk, true).await? {
                if let Err(e) = r {
                    refused.insert(
                        describe_partitions(chunk.iter().find(|p| p.topic == name).unwrap_or(&chunk[0])),
                        message(&e),
                    );
                }
            }
        }
        if !w.configs.is_empty() {
            for (name, r) in client.alter_configs(ConfigResource::Topic, &w.configs, true).await? {
                if let Err(e) = r {
                    refused.insert(describe_config(&name, &w.configs[&name]), message(&e));
                }
            }
        }
        Ok::<_, crate::cluster::error::ClusterError>(refused)
    };
    match checks.await {
        Ok(r) => refused = r,
        Err(e) => {
            refused.insert("validate the changes".into(), e.to_string());
        }
    }
    if !refused.is_empty() {
        for step in &mut run.report.steps {
            if let Some(reason) = refused.remove(&step.description) {
                step.outcome = Outcome::Failed(format!("refused by the broker's check, nothing was changed: {reason}"));
            }
        }
        for (what, reason) in refused {
            run.report.steps.insert(
                0,
                Step {
                    description: what,
                    outcome: Outcome::Failed(reason),
                },
            );
        }
        return run.report;
    }

    // 2. Create, grow, configure, delete.
    for chunk in w.creates.chunks(batch) {
        let names: Vec<String> = chunk.iter().map(|t| t.name.clone()).collect();
        match run.client.create_topics(chunk, false).await {
            Ok(results) => run.record(&names, &results),
            Err(e) => {
                run.abort(names.len(), &e);
                return run.report;
            }
        }
    }
    for chunk in w.partitions.chunks(batch) {
        let names: Vec<String> = chunk.iter().map(|p| p.topic.clone()).collect();
        match run.client.create_partitions(chunk, false).await {
            Ok(results) => run.record(&names, &results),
            Err(e) => {
                run.abort(names.len(), &e);
                return run.report;
            }
        }
    }
    let config_entries: Vec<(String, ConfigChanges)> = w.configs.into_iter().collect();
    for chunk in config_entries.chunks(batch) {
        let names: Vec<String> = chunk.iter().map(|(n, _)| n.clone()).collect();
        let batch: BTreeMap<String, ConfigChanges> = chunk.iter().cloned().collect();
        match run.client.alter_configs(ConfigResource::Topic, &batch, false).await {
            Ok(results) => run.record(&names, &results),
            Err(e) => {
                run.abort(names.len(), &e);
                return run.report;
            }
        }
    }
    for chunk in w.acl_adds.chunks(batch) {
        match run.client.create_acls(chunk).await {
            Ok(results) => run.record_each(results.into_iter().map(|(_, r)| r)),
            Err(e) => {
                run.abort(chunk.len(), &e);
                return run.report;
            }
        }
    }
    for chunk in w.acl_removes.chunks(batch) {
        let filters: Vec<AclFilter> = chunk.iter().map(AclFilter::exact).collect();
        match run.client.delete_acls(&filters).await {
            Ok(deleted) => run.record_each(chunk.iter().map(|b| {
                if deleted.contains(b) {
                    Ok(())
                } else {
                    Err(KafkaError::new("DeleteAcls", -1, Some("no such binding".into())))
                }
            })),
            Err(e) => {
                run.abort(chunk.len(), &e);
                return run.report;
            }
        }
    }
    for chunk in w.credentials.chunks(batch) {
        let changes: Vec<ScramCredentialChange> = chunk.iter().map(|(_, c)| c.clone()).collect();
        match run.client.alter_user_scram_credentials(&changes).await {
            Ok(results) => run.record_each(changes.iter().map(|c| {
                let user = match c {
                    ScramCredentialChange::Upsert { user, .. } | ScramCredentialChange::Delete { user, .. } => user,
                };
                results.get(user).cloned().unwrap_or(Ok(()))
            })),
            Err(e) => {
                run.abort(chunk.len(), &e);
                return run.report;
            }
        }
    }
    for chunk in w.quotas.chunks(batch) {
        match run.client.alter_client_quotas(chunk, false).await {
            Ok(results) => run.record_each(results.into_iter().map(|(_, r)| r)),
            Err(e) => {
                run.abort(chunk.len(), &e);
                return run.report;
            }
        }
    }
    for (name, compatibility, register) in &w.subjects {
        let Some(registry) = registry else {
            run.abort(
                usize::from(compatibility.is_some()) + usize::from(register.is_some()),
                &"the environment has no schemaRegistry",
            );
            continue;
        };
        if let Some(level) = compatibility {
            let result = registry.set_compatibility(name, level).await;
            run.record_one(result.map_err(|e| e.to_string()));
        }
        if let Some(r) = register {
            let result = registry.register(name, &r.schema, r.schema_type, &r.references).await;
            run.record_one(result.map(|_| ()).map_err(|e| e.to_string()));
        }
    }
    for chunk in w.deletes.chunks(batch) {
        match run.client.delete_topics(chunk).await {
            Ok(results) => run.record(chunk, &results),
            Err(e) => {
                run.abort(chunk.len(), &e);
                return run.report;
            }
        }
    }
    for (name, permanent) in &w.subject_deletes {
        let Some(registry) = registry else {
            run.abort(1, &"the environment has no schemaRegistry");
            continue;
        };
        let result = registry.delete_subject(name, *permanent).await;
        run.record_one(result.map_err(|e| e.to_string()));
    }
    run.report
}
