//! The executor: runs a schedule phase by phase and records each step's outcome by its id.
//!
//! First the brokers check every step of the validated phases (`validate_only`): a bad value is refused before
//! anything changes. Then each phase runs in batches. A request that fails as a whole (its outcome is unknown)
//! stops the apply; everything after it is reported as not attempted. A resource the broker does not answer for
//! is a failure, whatever the step. Re-running converges: the next plan holds only what is left.

use std::collections::BTreeMap;

use crate::apply::describe::describe;
use crate::apply::existing::existing_topics;
use crate::apply::reassign;
use crate::apply::schedule::schedule;
use crate::apply::step::{Payload, Phase, Step, StepId};
use crate::cluster::client::AdminClient;
use crate::cluster::error::{ClusterError, KafkaError};
use crate::cluster::ops::configs::{ConfigChanges, ConfigResource};
use crate::cluster::ops::scram_credentials::ScramCredentialChange;
use crate::cluster::registry::RegistryClient;
use crate::diff::Plan;
use crate::model::acl::AclFilter;
use crate::model::apply_report::{Outcome, Report, ReportStep};

/// Called after each step with (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

const NO_ANSWER: &str = "the broker did not answer for this resource";

/// The result of each step a request covered, by id. A step missing from it had no answer.
type Results = BTreeMap<StepId, Result<(), String>>;

/// Apply `plan` (which must have no blocked changes). Never fails as a whole: everything is in the report.
/// `batch` is the number of resources per request.
pub async fn execute(
    plan: &Plan,
    client: &AdminClient,
    registry: Option<&RegistryClient>,
    batch: usize,
    progress: Progress<'_>,
) -> Report {
    let steps = schedule(plan);
    let mut run = Executor {
        client,
        registry,
        batch: batch.max(1),
        outcomes: BTreeMap::new(),
        progress,
        total: steps.len(),
        reassign: reassign::Settings::new(&plan.environment, plan.replicas.throttle_bytes()),
    };
    let refused = run.validate(&steps).await;
    if !refused.is_empty() {
        return run.refused_report(&steps, refused);
    }
    for phase in phases(&steps) {
        let of_phase: Vec<&Step> = steps.iter().filter(|s| s.phase() == phase).collect();
        if let Err(e) = run.phase(phase, &of_phase).await {
            // The request's outcome is unknown: its steps failed so; nothing after it is attempted.
            for step in e.steps {
                run.outcomes
                    .insert(step, Outcome::Failed(format!("outcome unknown: {}", e.error)));
            }
            break;
        }
    }
    run.report(&steps)
}

/// The phases present in a schedule, in order.
fn phases(steps: &[Step]) -> Vec<Phase> {
    let mut phases: Vec<Phase> = steps.iter().map(Step::phase).collect();
    phases.dedup();
    phases
}

/// A request that failed as a whole, and the steps it covered.
struct Aborted {
    steps: Vec<StepId>,
    error: String,
}

struct Executor<'a, 'p> {
    client: &'a AdminClient,
    registry: Option<&'a RegistryClient>,
    batch: usize,
    outcomes: BTreeMap<StepId, Outcome>,
    progress: Progress<'p>,
    total: usize,
    reassign: reassign::Settings,
}

impl Executor<'_, '_> {
    /// The brokers' check of the validated phases: the refusals by step, plus a refusal of the check itself
    /// (`None`) when a request failed as a whole.
    async fn validate(&self, steps: &[Step]) -> BTreeMap<Option<StepId>, String> {
        let mut refused = BTreeMap::new();
        for phase in phases(steps).into_iter().filter(|p| p.validated()) {
            let of_phase: Vec<&Step> = steps.iter().filter(|s| s.phase() == phase).collect();
            for chunk in of_phase.chunks(self.batch) {
                match self.request(phase, chunk, true).await {
                    Ok(results) => {
                        for step in chunk {
                            match results.get(&step.id) {
                                Some(Ok(())) => {}
                                Some(Err(e)) => {
                                    refused.insert(Some(step.id), e.clone());
                                }
                                None => {
                                    refused.insert(Some(step.id), NO_ANSWER.to_owned());
                                }
                            }
                        }
                    }
                    Err(e) => {
                        refused.insert(None, e.to_string());
                        return refused;
                    }
                }
            }
        }
        refused
    }

    /// Run one phase in batches; the outcomes are recorded as they come.
    async fn phase(&mut self, phase: Phase, steps: &[&Step]) -> Result<(), Aborted> {
        let size = match phase {
            // The registry takes one request per step.
            Phase::Subjects | Phase::DeleteSubjects => 1,
            _ => self.batch,
        };
        if phase == Phase::Reassign {
            // Long-running: one run for the whole phase (throttles, capped submissions, polling, clean-up).
            let finished = reassign::run(self.client, steps, &self.reassign).await;
            for step in steps {
                let result = finished
                    .results
                    .get(&step.id)
                    .cloned()
                    .unwrap_or(Err(NO_ANSWER.to_owned()));
                self.record(step.id, result);
            }
            if finished.interrupted {
                return Err(Aborted {
                    steps: Vec::new(),
                    error: "interrupted".to_owned(),
                });
            }
            return Ok(());
        }
        if matches!(phase, Phase::Subjects | Phase::DeleteSubjects) && self.registry.is_none() {
            // Without a registry these steps cannot be attempted; they stay so in the report.
            return Ok(());
        }
        for chunk in steps.chunks(size) {
            match self.request(phase, chunk, false).await {
                Ok(results) => {
                    for step in chunk {
                        let result = results.get(&step.id).cloned().unwrap_or(Err(NO_ANSWER.to_owned()));
                        self.record(step.id, result);
                    }
                }
                Err(e) => {
                    return Err(Aborted {
                        steps: chunk.iter().map(|s| s.id).collect(),
                        error: e.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    fn record(&mut self, id: StepId, result: Result<(), String>) {
        self.outcomes.insert(
            id,
            match result {
                Ok(()) => Outcome::Applied,
                Err(e) => Outcome::Failed(e),
            },
        );
        (self.progress)(self.outcomes.len(), self.total);
    }

    /// One request for a batch of one phase's steps (all of the same phase).
    async fn request(&self, phase: Phase, chunk: &[&Step], validate_only: bool) -> Result<Results, ClusterError> {
        let c = self.client;
        Ok(match phase {
            Phase::CreateTopics => {
                let topics = pick(chunk, |p| as_variant!(p, Payload::CreateTopic(t) => t));
                let answers = c.create_topics(&values(&topics), validate_only).await?;
                let mut results = by_name(&topics, |t| &t.name, &answers);
                // A topic that exists already (another apply of the same specs) has converged if it matches.
                results.extend(existing_topics(c, &topics, &answers).await);
                results
            }
            Phase::AddPartitions => {
                let parts = pick(chunk, |p| as_variant!(p, Payload::AddPartitions(n) => n));
                let answers = c.create_partitions(&values(&parts), validate_only).await?;
                by_name(&parts, |n| &n.topic, &answers)
            }
            Phase::AlterTopicConfigs => {
                let configs = pick(
                    chunk,
                    |p| as_variant!(p, Payload::AlterTopicConfig { topic, ops } => (topic, ops)),
                );
                let changes: BTreeMap<String, ConfigChanges> = configs
                    .iter()
                    .map(|(_, (t, ops))| ((*t).clone(), (*ops).clone()))
                    .collect();
                let answers = c.alter_configs(ConfigResource::Topic, &changes, validate_only).await?;
                by_name(&configs, |(t, _)| t, &answers)
            }
            Phase::DeleteTopics => {
                let topics = pick(chunk, |p| as_variant!(p, Payload::DeleteTopic(t) => t));
                let answers = c.delete_topics_exact(&values(&topics)).await?;
                by_name(&topics, |t| &t.name, &answers)
            }
            Phase::CreateAcls => {
                let bindings = pick(chunk, |p| as_variant!(p, Payload::CreateAcl(b) => b));
                let answers = c.create_acls(&values(&bindings)).await?;
                in_order(
                    &bindings,
                    answers.into_iter().map(|(_, r)| r.map_err(|e| e.to_string())),
                )
            }
            Phase::DeleteAcls => {
                let bindings = pick(chunk, |p| as_variant!(p, Payload::DeleteAcl(b) => b));
                let filters: Vec<AclFilter> = bindings.iter().map(|(_, b)| AclFilter::exact(b)).collect();
                let deleted = c.delete_acls(&filters).await?;
                let answers = bindings.iter().map(|(_, b)| {
                    if deleted.contains(b) {
                        Ok(())
                    } else {
                        Err(KafkaError::new("DeleteAcls", -1, Some("no such binding".into())).to_string())
                    }
                });
                in_order(&bindings, answers)
            }
            Phase::Credentials => {
                let changes = pick(chunk, |p| {
                    credential_change(p).map(|(user, change)| (user.as_str(), change))
                });
                let answers = c
                    .alter_user_scram_credentials(&changes.iter().map(|(_, (_, ch))| ch.clone()).collect::<Vec<_>>())
                    .await?;
                by_name(&changes, |(user, _)| user, &answers)
            }
            Phase::Quotas => {
                let quotas = pick(
                    chunk,
                    |p| as_variant!(p, Payload::AlterQuotas { entity, changes } => (entity, changes)),
                );
                let request: Vec<_> = quotas
                    .iter()
                    .map(|(_, (e, ch))| ((*e).clone(), (*ch).clone()))
                    .collect();
                let answers = c.alter_client_quotas(&request, validate_only).await?;
                in_order(&quotas, answers.into_iter().map(|(_, r)| r.map_err(|e| e.to_string())))
            }
            Phase::Subjects | Phase::DeleteSubjects => self.registry_requests(chunk).await,
            Phase::Reassign => Results::new(),
            Phase::RemoveThrottles => {
                let mut results = Results::new();
                for s in chunk {
                    if let Payload::RemoveThrottles { target, removal } = &s.payload {
                        results.insert(
                            s.id,
                            reassign::remove_throttles(c, &self.reassign, target, removal).await,
                        );
                    }
                }
                results
            }
        })
    }

    /// One registry request per step; without a registry, no answers (the phase is not attempted).
    async fn registry_requests(&self, chunk: &[&Step]) -> Results {
        let mut results = Results::new();
        let Some(registry) = self.registry else {
            return results;
        };
        for s in chunk {
            let result = match &s.payload {
                Payload::SetCompatibility { subject, level } => registry.set_compatibility(subject, level).await,
                Payload::RegisterSchema { subject, version } => registry
                    .register(subject, &version.schema, version.schema_type, &version.references)
                    .await
                    .map(|_| ()),
                Payload::DeleteSubject { subject, permanent } => registry.delete_subject(subject, *permanent).await,
                _ => continue,
            };
            results.insert(s.id, result.map_err(|e| e.to_string()));
        }
        results
    }

    /// The report when the brokers' check refused something: nothing was changed.
    fn refused_report(&self, steps: &[Step], mut refused: BTreeMap<Option<StepId>, String>) -> Report {
        let mut report = Report::default();
        if let Some(reason) = refused.remove(&None) {
            report.steps.push(ReportStep {
                description: "validate the changes".into(),
                outcome: Outcome::Failed(reason),
            });
        }
        report.steps.extend(steps.iter().map(|s| ReportStep {
            description: describe(&s.payload),
            outcome: match refused.get(&Some(s.id)) {
                Some(reason) => {
                    Outcome::Failed(format!("refused by the broker's check, nothing was changed: {reason}"))
                }
                None => Outcome::NotAttempted,
            },
        }));
        report
    }

    fn report(mut self, steps: &[Step]) -> Report {
        Report {
            steps: steps
                .iter()
                .map(|s| ReportStep {
                    description: describe(&s.payload),
                    outcome: self.outcomes.remove(&s.id).unwrap_or(Outcome::NotAttempted),
                })
                .collect(),
        }
    }
}

/// `Some(binding)` when the payload is that variant.
macro_rules! as_variant {
    ($value:expr, $pattern:pat => $out:expr) => {
        match $value {
            $pattern => Some($out),
            _ => None,
        }
    };
}
use as_variant;

/// The steps of a batch whose payload `f` picks, with what it picked.
fn pick<'s, T>(chunk: &[&'s Step], f: impl Fn(&'s Payload) -> Option<T>) -> Vec<(StepId, T)> {
    chunk.iter().filter_map(|s| f(&s.payload).map(|t| (s.id, t))).collect()
}

/// The picked values, owned, for a request.
fn values<T: Clone>(picked: &[(StepId, &T)]) -> Vec<T> {
    picked.iter().map(|(_, t)| (*t).clone()).collect()
}

/// Answers by resource name; a step whose name has no answer is left out (it had none).
fn by_name<T>(
    picked: &[(StepId, T)],
    name: impl Fn(&T) -> &str,
    answers: &BTreeMap<String, Result<(), KafkaError>>,
) -> Results {
    picked
        .iter()
        .filter_map(|(id, t)| {
            answers
                .get(name(t))
                .map(|r| (*id, r.clone().map_err(|e| e.to_string())))
        })
        .collect()
}

/// Answers in request order; steps beyond the last answer had none.
fn in_order<T>(picked: &[(StepId, T)], answers: impl IntoIterator<Item = Result<(), String>>) -> Results {
    picked.iter().map(|(id, _)| *id).zip(answers).collect()
}

/// A credential step as the request's change, with its user.
fn credential_change(p: &Payload) -> Option<(&String, ScramCredentialChange)> {
    match p {
        Payload::SetCredential {
            user,
            mechanism,
            iterations,
            password,
            ..
        } => Some((
            user,
            ScramCredentialChange::Upsert {
                user: user.clone(),
                mechanism: *mechanism,
                iterations: *iterations,
                password: password.clone(),
            },
        )),
        Payload::DeleteCredential { user, mechanism } => Some((
            user,
            ScramCredentialChange::Delete {
                user: user.clone(),
                mechanism: *mechanism,
            },
        )),
        _ => None,
    }
}
