//! What a plan asks the brokers for follows the specs, not the cluster (issue 14): counted with the client's
//! per-API request counts, in-process against the shared test cluster, which holds many other tests' topics.

use std::collections::BTreeMap;

use topicctl::cluster::client::{AdminClient, ApiCount};
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::configs::{ConfigOp, ConfigResource};
use topicctl::diff::{ChangeKind, Resource};
use topicctl::model::acl::{AclBinding, Operation, PatternType, Permission, ResourceType};
use topicctl::model::environment::Environment;
use topicctl::model::quota::QuotaEntityPart;
use topicctl::model::state::State;
use topicctl::model::topic::Topic;
use topicctl::spec::validate::EnvironmentState;
use topicctl::workflow::live_plan::{Pruning, live_plan};

use crate::common::{cluster, create_topics, eventually, unique};

/// Requests (and resources) sent per API between two snapshots of the counts.
fn sent(before: &BTreeMap<String, ApiCount>, after: &BTreeMap<String, ApiCount>) -> BTreeMap<String, (u64, u64)> {
    after
        .iter()
        .map(|(api, c)| {
            let b = before.get(api).copied().unwrap_or_default();
            (api.clone(), (c.requests - b.requests, c.resources - b.resources))
        })
        .filter(|(_, d)| *d != (0, 0))
        .collect()
}

fn topic(name: &str, config: &[(&str, &str)]) -> Topic {
    Topic {
        name: name.to_owned(),
        partitions: 1,
        replication_factor: 1,
        config: config.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        labels: Default::default(),
        id: None,
        placement: None,
    }
}

#[tokio::test]
async fn a_plan_describes_only_the_declared_topics_acls_and_quotas() {
    let client = AdminClient::connect(ClientConfig::new(&cluster().bootstrap).unwrap())
        .await
        .unwrap();
    let prefix = format!("{}.", unique("cost"));
    let [a, b, missing, extra] = ["a", "b", "missing", "extra"].map(|s| format!("{prefix}{s}"));
    create_topics(&client, &[a.clone(), b.clone(), extra.clone()]).await;
    let set = BTreeMap::from([(
        a.clone(),
        BTreeMap::from([("retention.ms".to_owned(), ConfigOp::Set("3600000".into()))]),
    )]);
    let altered = client.alter_configs(ConfigResource::Topic, &set, false).await.unwrap();
    assert!(altered.values().all(Result::is_ok), "{altered:?}");
    // Other tests' topics: the cluster holds many more than this plan declares.
    let others = client.list_topics(None).await.unwrap().topics.len();

    let principal = format!("User:{}", unique("cost-user").replace('.', "-"));
    let quota_user = unique("cost-quota").replace('.', "-");
    let desired = EnvironmentState {
        environment: Environment {
            owns: vec![prefix.clone()],
            ..Environment::named("dev")
        },
        state: State {
            topics: [
                topic(&a, &[("retention.ms", "3600000")]),
                topic(&b, &[]),
                topic(&missing, &[]),
            ]
            .into_iter()
            .map(|t| (t.name.clone(), t))
            .collect(),
            acls: [AclBinding {
                resource_type: ResourceType::Topic,
                resource_name: a.clone(),
                pattern_type: PatternType::Literal,
                principal: principal.clone(),
                host: "*".into(),
                operation: Operation::Read,
                permission: Permission::Allow,
            }]
            .into(),
            quotas: [(
                vec![QuotaEntityPart {
                    entity_type: "user".into(),
                    name: Some(quota_user),
                }],
                BTreeMap::from([("producer_byte_rate".to_owned(), 1024.0)]),
            )]
            .into(),
            ..Default::default()
        },
    };

    // The override on `a` reaches every broker shortly after the controller commits it, and the configs are read
    // from any broker: each plan is retried until `a` matches; every attempt must send only what is counted below.
    for prune in [false, true] {
        eventually("the plan sees a's override", || async {
            let before = client.requests_by_api();
            let plan = live_plan(
                &client,
                None,
                &desired,
                Pruning {
                    prune,
                    hard_delete: false,
                },
                &Default::default(),
            )
            .await
            .unwrap();
            let sent = sent(&before, &client.requests_by_api());
            assert_eq!(sent.get("Metadata"), Some(&(1, 0)), "prune={prune}: {sent:?}");
            assert_eq!(
                sent.get("DescribeConfigs"),
                Some(&(1, 3)),
                "prune={prune}: the 3 declared topics only, of the cluster's {others}: {sent:?}"
            );
            assert_eq!(
                sent.get("DescribeAcls"),
                Some(&(1, 0)),
                "one filter for one principal: {sent:?}"
            );
            assert_eq!(sent.get("DescribeClientQuotas"), Some(&(1, 0)), "{sent:?}");
            // Reassignments in flight: one request, answered with what moves, whatever the cluster holds.
            assert_eq!(sent.get("ListPartitionReassignments"), Some(&(1, 0)), "{sent:?}");
            assert_eq!(
                sent.len(),
                5,
                "nothing else (no sizes or offsets: nothing moves): {sent:?}"
            );

            let topics: Vec<(&str, &ChangeKind)> = plan
                .changes
                .iter()
                .filter_map(|c| match &c.resource {
                    Resource::Topic(name) => Some((name.as_str(), &c.kind)),
                    _ => None,
                })
                .collect();
            let deletes_extra = topics
                .iter()
                .any(|(n, k)| *n == extra && matches!(k, ChangeKind::DeleteTopic { .. }));
            assert!(
                topics
                    .iter()
                    .any(|(n, k)| *n == missing && matches!(k, ChangeKind::CreateTopic(_))),
                "{topics:?}"
            );
            assert_eq!(
                deletes_extra, prune,
                "the owned, undeclared topic goes with prune only: {topics:?}"
            );
            if topics.len() != if prune { 2 } else { 1 } {
                return Err(format!("a and b match: {topics:?}"));
            }
            Ok(())
        })
        .await;
    }
    client.delete_topics(&[a, b, extra]).await.unwrap();
}

/// Chunked, spread reads give what one request gives, whatever the chunk size and the number in flight (the
/// chunk size itself is chosen by measurement in `scripts/bench scale`, not here).
#[tokio::test]
async fn describe_configs_chunk_sizes() {
    let client = AdminClient::connect(ClientConfig::new(&cluster().bootstrap).unwrap())
        .await
        .unwrap();
    let prefix = format!("{}.", unique("chunks"));
    let mine: Vec<String> = (0..30).map(|i| format!("{prefix}{i}")).collect();
    create_topics(&client, &mine).await;
    // Overrides on every third topic, so the reads have something to agree on.
    let changes: BTreeMap<String, BTreeMap<String, ConfigOp>> = mine
        .iter()
        .step_by(3)
        .map(|t| {
            (
                t.clone(),
                BTreeMap::from([("retention.ms".to_owned(), ConfigOp::Set("3600000".into()))]),
            )
        })
        .collect();
    let altered = client
        .alter_configs(ConfigResource::Topic, &changes, false)
        .await
        .unwrap();
    assert!(altered.values().all(Result::is_ok), "{altered:?}");
    // The overrides reach every broker shortly after the controller commits them: poll until one request sees all
    // ten, and every chunking agrees with it.
    eventually("chunked reads agree with one request", || async {
        let whole = client.describe_topic_overrides(&mine, usize::MAX, 1).await.unwrap();
        let set = whole
            .values()
            .filter(|o| o.as_ref().is_ok_and(|o| o.contains_key("retention.ms")))
            .count();
        if whole.len() != 30 || set != 10 {
            return Err(format!("{} topics, {set} with the override: {whole:?}", whole.len()));
        }
        for (chunk, in_flight) in [(1, 1), (7, 3), (30, 3), (500, 3)] {
            let chunked = client.describe_topic_overrides(&mine, chunk, in_flight).await.unwrap();
            if chunked != whole {
                return Err(format!("chunks of {chunk}, {in_flight} in flight: {chunked:?}"));
            }
        }
        Ok(())
    })
    .await;
    client.delete_topics(&mine).await.unwrap();
}
