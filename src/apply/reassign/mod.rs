//! The long-running phase of an apply: replica moves. Throttles first (recorded, then set), then the moves are
//! submitted with AlterPartitionReassignments keeping at most `per_broker` moves in flight into any one broker,
//! polled with ListPartitionReassignments (progress from DescribeLogDirs), and when all are in sync the throttles
//! are removed and the preferred leaders elected. Ctrl-C stops topicctl, not the brokers: submitted moves go on
//! and their throttles stay (recorded), and the next `apply` waits for them and cleans up.

pub mod cancel;
pub mod progress;
pub mod record;
pub mod throttles;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use crate::apply::step::{Payload, Step, StepId, ThrottleTarget};
use crate::cluster::client::AdminClient;
use crate::diff::placement::Placed;
use crate::diff::reassignment::ThrottleRemoval;
use crate::model::layout::{ThrottleRecord, TopicThrottles};

use progress::Progress;

/// How a reassignment phase runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: String,
    /// Bytes/s per broker.
    pub throttle: u64,
    /// Moves in flight into one broker at a time.
    pub per_broker: usize,
    pub poll: Duration,
}

impl Settings {
    pub fn new(environment: &str, throttle: u64) -> Settings {
        Settings {
            environment: environment.to_owned(),
            throttle,
            per_broker: 4,
            poll: Duration::from_millis(1000),
        }
    }
}

/// Each step's result. `interrupted` tells the caller the user stopped it (the moves go on).
pub struct Finished {
    pub results: BTreeMap<StepId, Result<(), String>>,
    pub interrupted: bool,
}

type Key = (String, i32);

pub async fn run(client: &AdminClient, steps: &[&Step], settings: &Settings) -> Finished {
    let mut results = BTreeMap::new();
    let mut to_submit: BTreeMap<String, Vec<Placed>> = BTreeMap::new();
    let mut awaited: BTreeMap<StepId, Vec<Key>> = BTreeMap::new();
    for step in steps {
        match &step.payload {
            Payload::Reassign { topic, moves } => {
                to_submit.insert(topic.clone(), moves.clone());
                awaited.insert(step.id, moves.iter().map(|m| (topic.clone(), m.partition)).collect());
            }
            Payload::AwaitReassignment { topic, partitions } => {
                awaited.insert(step.id, partitions.iter().map(|p| (topic.clone(), *p)).collect());
            }
            _ => {}
        }
    }
    let fail_all = |results: &mut BTreeMap<StepId, Result<(), String>>, why: &str| {
        for id in awaited.keys() {
            results.entry(*id).or_insert_with(|| Err(why.to_owned()));
        }
    };
    // Ctrl-C is caught from here on, before anything is submitted: `ctrl_c()` would only listen once first polled,
    // and a Ctrl-C in between would kill topicctl without its report.
    let mut interrupt = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
        Ok(signal) => signal,
        Err(e) => {
            fail_all(
                &mut results,
                &format!("nothing was moved: cannot listen for Ctrl-C: {e}"),
            );
            return Finished {
                results,
                interrupted: false,
            };
        }
    };
    // 1. Record, then set the throttles the new moves need.
    let needed = throttles::needed(&to_submit);
    let recorded = match record::read(&settings.environment) {
        Ok(r) => r,
        Err(e) => {
            fail_all(&mut results, &format!("reading the throttle record: {e}"));
            return Finished {
                results,
                interrupted: false,
            };
        }
    };
    let record = recorded.merged(&needed);
    if let Err(e) = record::write(&settings.environment, &record) {
        fail_all(&mut results, &format!("nothing was moved: {e}"));
        return Finished {
            results,
            interrupted: false,
        };
    }
    if let Err(e) = throttles::set(client, &needed, settings.throttle).await {
        fail_all(
            &mut results,
            &format!("nothing was moved: setting the throttles failed: {e}"),
        );
        return Finished {
            results,
            interrupted: false,
        };
    }
    // 2. Submit under the per-broker cap and await everything.
    let mut queue: VecDeque<(Key, Placed)> = to_submit
        .iter()
        .flat_map(|(t, moves)| moves.iter().map(move |m| ((t.clone(), m.partition), m.clone())))
        .collect();
    let mut running: BTreeMap<Key, Vec<i32>> = BTreeMap::new();
    // Moves already running (their own or others') count as running, receiving nothing we know of.
    for keys in awaited.values() {
        for key in keys {
            if !queue.iter().any(|(k, _)| k == key) {
                running.insert(key.clone(), Vec::new());
            }
        }
    }
    let mut failed: BTreeMap<Key, String> = BTreeMap::new();
    let mut progress = Progress::new(&to_submit, &awaited);
    let started = Instant::now();
    loop {
        submit(client, &mut queue, &mut running, &mut failed, settings.per_broker).await;
        if queue.is_empty() && running.is_empty() {
            break;
        }
        tokio::select! {
            _ = interrupt.recv() => {
                progress.interrupted(&settings.environment, running.len() + queue.len());
                fail_all(&mut results, "interrupted: the moves already submitted go on on the brokers with their throttles");
                return Finished { results, interrupted: true };
            }
            _ = tokio::time::sleep(settings.poll) => {}
        }
        let keys: Vec<Key> = running.keys().cloned().collect();
        match client.list_partition_reassignments(Some(&keys)).await {
            Ok(still) => {
                let still: BTreeSet<Key> = still.into_iter().map(|r| (r.topic, r.partition)).collect();
                running.retain(|k, _| still.contains(k));
            }
            Err(e) => {
                progress.warn(&format!("could not read the reassignments in flight: {e}; retrying"));
                continue;
            }
        }
        progress.poll(client, &running, queue.len(), started.elapsed()).await;
    }
    progress.done(started.elapsed());
    // 3. Throttles off (ours, for every topic we awaited), the record updated, preferred leaders elected.
    let topics: BTreeSet<String> = awaited.values().flatten().map(|(t, _)| t.clone()).collect();
    let cleanup = release(client, &settings.environment, &record.only(&topics, true), &topics).await;
    let moved: Vec<Key> = awaited
        .values()
        .flatten()
        .filter(|k| !failed.contains_key(*k))
        .cloned()
        .collect();
    let elected = client.elect_preferred_leaders(&moved).await;
    for (id, keys) in &awaited {
        let mut problems: Vec<String> = keys.iter().filter_map(|k| failed.get(k).cloned()).collect();
        if let Err(e) = &cleanup {
            problems.push(format!("the moves finished but removing their throttles failed: {e}"));
        }
        match &elected {
            Err(e) => problems.push(format!("preferred leader election failed: {e}")),
            Ok(answers) => problems.extend(keys.iter().filter_map(|k| match answers.get(k) {
                Some(Err(e)) => Some(format!("preferred leader of partition {}: {e}", k.1)),
                _ => None,
            })),
        }
        results.insert(
            *id,
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            },
        );
    }
    Finished {
        results,
        interrupted: false,
    }
}

/// Submit queued moves while every broker they add a replica to has fewer than `per_broker` moves coming in.
/// A move that adds nothing (a replication-factor decrease, a reorder) needs no slot.
async fn submit(
    client: &AdminClient,
    queue: &mut VecDeque<(Key, Placed)>,
    running: &mut BTreeMap<Key, Vec<i32>>,
    failed: &mut BTreeMap<Key, String>,
    per_broker: usize,
) {
    let mut incoming: BTreeMap<i32, usize> = BTreeMap::new();
    for adding in running.values() {
        for b in adding {
            *incoming.entry(*b).or_default() += 1;
        }
    }
    let mut batch: Vec<(Key, Placed)> = Vec::new();
    let mut rest = VecDeque::new();
    while let Some((key, m)) = queue.pop_front() {
        let adding = m.adding();
        if adding
            .iter()
            .all(|b| incoming.get(b).copied().unwrap_or(0) < per_broker)
        {
            for b in &adding {
                *incoming.entry(*b).or_default() += 1;
            }
            batch.push((key, m));
        } else {
            rest.push_back((key, m));
        }
    }
    *queue = rest;
    if batch.is_empty() {
        return;
    }
    let request = batch.iter().map(|(k, m)| (k.clone(), Some(m.to.clone()))).collect();
    match client.alter_partition_reassignments(&request).await {
        Ok(answers) => {
            for (key, m) in batch {
                match answers.get(&key) {
                    Some(Ok(())) => {
                        running.insert(key, m.adding());
                    }
                    Some(Err(e)) => {
                        failed.insert(key, e.to_string());
                    }
                    None => {
                        failed.insert(key, "the controller did not answer for this partition".to_owned());
                    }
                }
            }
        }
        Err(e) => {
            for (key, _) in batch {
                failed.insert(key, format!("submitting the move failed: {e}"));
            }
        }
    }
}

/// Whether no partition of the cluster is being reassigned (a failed check counts as "something moves").
pub async fn nothing_moving(client: &AdminClient) -> bool {
    client
        .list_partition_reassignments(None)
        .await
        .is_ok_and(|running| running.is_empty())
}

/// Remove the entries and broker rates of `set` and forget them (and every recorded entry of `forget`) in the
/// record. The broker rates are shared by every throttled move on those brokers: they go only when nothing at all
/// is moving any more on the cluster (as Kafka's own tool does); else they stay, recorded, for a later apply.
pub async fn release(
    client: &AdminClient,
    environment: &str,
    set: &ThrottleRecord,
    forget: &BTreeSet<String>,
) -> Result<(), String> {
    let rates_too = !set.brokers.is_empty() && nothing_moving(client).await;
    let set = ThrottleRecord {
        topics: set.topics.clone(),
        brokers: if rates_too {
            set.brokers.clone()
        } else {
            BTreeSet::new()
        },
    };
    throttles::remove(client, &set).await?;
    let recorded = record::read(environment).map_err(|e| e.to_string())?;
    record::write(environment, &recorded.without(forget, &set.brokers)).map_err(|e| e.to_string())
}

/// One `RemoveThrottles` step: a topic's entries, or a broker's rates.
pub async fn remove_throttles(
    client: &AdminClient,
    settings: &Settings,
    target: &ThrottleTarget,
    removal: &ThrottleRemoval,
) -> Result<(), String> {
    let (topics, forget) = match target {
        ThrottleTarget::Topic(topic) => (
            BTreeMap::from([(
                topic.clone(),
                TopicThrottles {
                    leader: removal.leader.clone(),
                    follower: removal.follower.clone(),
                },
            )]),
            BTreeSet::from([topic.clone()]),
        ),
        ThrottleTarget::Broker(_) => (BTreeMap::new(), BTreeSet::new()),
    };
    let set = ThrottleRecord {
        topics,
        brokers: removal.brokers.clone(),
    };
    release(client, &settings.environment, &set, &forget).await
}
