//! The cluster operations a replica-reassignment engine needs, against the real 3-broker cluster: replica sizes
//! from every broker's log directories, log offsets from the leaders, list-config APPEND / SUBTRACT, a broker's
//! own throttle rate, and preferred leader election.

use std::collections::BTreeMap;
use std::time::Duration;

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::ops::configs::{ConfigOp, ConfigResource};
use topicctl::cluster::ops::offsets::OffsetSpec;
use topicctl::cluster::ops::topics::NewTopic;
use topicctl::model::config_entry::ConfigSource;

use crate::common::{cluster, connect, eventually, unique};

const THROTTLED_REPLICAS: &str = "leader.replication.throttled.replicas";
const THROTTLE_RATE: &str = "leader.replication.throttled.rate";

/// Create one topic with these replica lists (one per partition) and these overrides; wait until it has leaders.
async fn create(client: &AdminClient, name: &str, assignment: Vec<Vec<i32>>, configs: &[(&str, &str)]) {
    let topic = NewTopic {
        name: name.to_owned(),
        assignment: Some(assignment),
        configs: configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ..Default::default()
    };
    let created = client.create_topics(&[topic], false).await.unwrap();
    assert_eq!(created[name], Ok(()), "{created:?}");
    client
        .wait_for_topics(&[name.to_owned()], Duration::from_secs(20))
        .await
        .unwrap();
}

async fn delete(client: &AdminClient, names: &[String]) {
    let deleted = client.delete_topics(names).await.unwrap();
    assert!(deleted.values().all(Result::is_ok), "{deleted:?}");
}

/// Write `records` records of `size` bytes into `topic` with Kafka's own producer (acks=all).
fn produce(topic: &str, records: u64, size: u32) {
    let c = cluster();
    crate::data::produce(&c.script, &c.bootstrap, topic, records, size);
}

#[tokio::test]
async fn replica_sizes_come_from_every_broker() {
    let client = connect(&cluster().bootstrap).await;
    let full = unique("reassign.sizes.full");
    let empty = unique("reassign.sizes.empty");
    create(&client, &full, vec![vec![0, 1, 2]], &[]).await;
    create(&client, &empty, vec![vec![2, 0, 1]], &[]).await;

    let before = client.requests_sent();
    assert!(client.replica_sizes(&[]).await.unwrap().is_empty());
    assert_eq!(client.requests_sent(), before, "no partitions, no request");

    produce(&full, 5000, 1000);
    let missing = unique("reassign.sizes.missing");
    let asked = [
        (full.clone(), 0),
        (empty.clone(), 0),
        (missing.clone(), 0),
        (full.clone(), 7),
    ];
    let sizes = eventually("every replica of the full topic holds more than 4 MB", || async {
        let sizes = client.replica_sizes(&asked).await.map_err(|e| e.to_string())?;
        match sizes.get(&(full.clone(), 0)) {
            Some(replicas)
                if replicas.keys().copied().collect::<Vec<_>>() == [0, 1, 2]
                    && replicas.values().all(|s| *s > 4_000_000) =>
            {
                Ok(sizes)
            }
            other => Err(format!("{other:?}")),
        }
    })
    .await;
    assert_eq!(
        sizes.get(&(empty.clone(), 0)),
        Some(&BTreeMap::from([(0, 0), (1, 0), (2, 0)])),
        "{sizes:?}"
    );
    // Partitions the cluster does not have are left out, not errors.
    let keys: std::collections::BTreeSet<_> = sizes.keys().cloned().collect();
    assert_eq!(keys, [(empty.clone(), 0), (full.clone(), 0)].into(), "{sizes:?}");
    let counts = client.requests_by_api();
    assert!(counts["DescribeLogDirs"].requests >= 3, "{counts:?}");

    delete(&client, &[full, empty]).await;
}

#[tokio::test]
async fn log_offsets_span_the_records_produced() {
    let client = connect(&cluster().bootstrap).await;
    let name = unique("reassign.offsets");
    create(&client, &name, vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]], &[]).await;

    let before = client.requests_sent();
    assert!(client.log_offsets(&[], OffsetSpec::Latest).await.unwrap().is_empty());
    assert_eq!(client.requests_sent(), before, "no partitions, no request");

    produce(&name, 3000, 100);
    let partitions: Vec<(String, i32)> = (0..3).map(|p| (name.clone(), p)).collect();
    let earliest = client.log_offsets(&partitions, OffsetSpec::Earliest).await.unwrap();
    let latest = client.log_offsets(&partitions, OffsetSpec::Latest).await.unwrap();
    assert_eq!(
        earliest.keys().collect::<Vec<_>>(),
        partitions.iter().collect::<Vec<_>>()
    );
    assert_eq!(latest.keys().collect::<Vec<_>>(), partitions.iter().collect::<Vec<_>>());
    assert!(earliest.values().all(|o| *o == 0), "{earliest:?}");
    let produced: i64 = partitions.iter().map(|p| latest[p] - earliest[p]).sum();
    assert_eq!(produced, 3000, "earliest {earliest:?}, latest {latest:?}");

    // A partition the topic does not have fails the call (after one retry with fresh metadata).
    let err = client
        .log_offsets(&[(name.clone(), 9)], OffsetSpec::Latest)
        .await
        .unwrap_err();
    assert_eq!(err.kafka_code(), Some(3), "{err}");
    assert!(err.to_string().contains(&format!("{name}-9")), "{err}");

    delete(&client, &[name]).await;
}

#[tokio::test]
async fn append_and_subtract_edit_a_list_config_and_keep_other_overrides() {
    let client = connect(&cluster().bootstrap).await;
    let name = unique("reassign.append");
    create(&client, &name, vec![vec![0, 1, 2]], &[("retention.ms", "123456789")]).await;

    let change = |op: ConfigOp| BTreeMap::from([(name.clone(), BTreeMap::from([(THROTTLED_REPLICAS.to_owned(), op)]))]);
    for op in [
        ConfigOp::Append("0:0".into()),
        ConfigOp::Append("0:1".into()),
        ConfigOp::Subtract("0:0".into()),
    ] {
        let result = client
            .alter_configs(ConfigResource::Topic, &change(op.clone()), false)
            .await
            .unwrap();
        assert_eq!(result[&name], Ok(()), "{op:?}");
    }

    eventually("the list holds 0:1 only and retention.ms survives", || async {
        let described = client
            .describe_configs(ConfigResource::Topic, std::slice::from_ref(&name))
            .await
            .map_err(|e| e.to_string())?;
        let configs = described[&name].clone().map_err(|e| e.to_string())?;
        let value = |k: &str| configs.get(k).map(|e| (e.value.clone(), e.source));
        let want = (
            value(THROTTLED_REPLICAS) == Some((Some("0:1".into()), ConfigSource::DynamicTopic)),
            value("retention.ms") == Some((Some("123456789".into()), ConfigSource::DynamicTopic)),
        );
        if want == (true, true) {
            Ok(())
        } else {
            Err(format!("{:?} / {:?}", value(THROTTLED_REPLICAS), value("retention.ms")))
        }
    })
    .await;

    // APPEND on a config that is not a list is refused by the broker, for that topic.
    let not_a_list = BTreeMap::from([(
        name.clone(),
        BTreeMap::from([("retention.ms".to_owned(), ConfigOp::Append("1".into()))]),
    )]);
    let result = client
        .alter_configs(ConfigResource::Topic, &not_a_list, false)
        .await
        .unwrap();
    let err = result[&name].clone().unwrap_err();
    assert!(err.to_string().contains(&name), "{err}");

    delete(&client, &[name]).await;
}

#[tokio::test]
// Each test has its own runtime on its own thread: the lock only makes other tests' threads wait.
#[allow(clippy::await_holding_lock)]
async fn a_broker_throttle_rate_is_set_and_deleted_on_that_broker_only() {
    let _serial = crate::common::reassignments_serially();
    let client = connect(&cluster().bootstrap).await;
    let rate = |op: ConfigOp| BTreeMap::from([("0".to_owned(), BTreeMap::from([(THROTTLE_RATE.to_owned(), op)]))]);
    let brokers = ["0".to_owned(), "1".to_owned()];
    let seen = |want: Option<&'static str>| {
        let client = &client;
        let brokers = &brokers;
        move || async move {
            let described = client
                .describe_configs(ConfigResource::Broker, brokers)
                .await
                .map_err(|e| e.to_string())?;
            let dynamic = |id: &str| {
                let configs = described[id].clone().map_err(|e| e.to_string())?;
                Ok::<_, String>(
                    configs
                        .get(THROTTLE_RATE)
                        .filter(|e| e.source == ConfigSource::DynamicBroker)
                        .and_then(|e| e.value.clone()),
                )
            };
            let (zero, one) = (dynamic("0")?, dynamic("1")?);
            if zero.as_deref() == want && one.is_none() {
                Ok(())
            } else {
                Err(format!("broker 0: {zero:?}, broker 1: {one:?}"))
            }
        }
    };

    let result = client
        .alter_configs(ConfigResource::Broker, &rate(ConfigOp::Set("1048576".into())), false)
        .await
        .unwrap();
    assert_eq!(result["0"], Ok(()));
    eventually("broker 0 has a dynamic throttle rate", seen(Some("1048576"))).await;

    let result = client
        .alter_configs(ConfigResource::Broker, &rate(ConfigOp::Delete), false)
        .await
        .unwrap();
    assert_eq!(result["0"], Ok(()));
    eventually("broker 0 has no dynamic throttle rate", seen(None)).await;
}

#[tokio::test]
// Each test has its own runtime on its own thread: the lock only makes other tests' threads wait.
#[allow(clippy::await_holding_lock)]
async fn preferred_leader_election_follows_a_reordered_replica_list() {
    let _serial = crate::common::reassignments_serially();
    let client = connect(&cluster().bootstrap).await;
    let name = unique("reassign.elect");
    create(&client, &name, vec![vec![0, 1, 2]], &[]).await;
    let partition = (name.clone(), 0);
    let leader = || async {
        let listing = client
            .list_topics(Some(std::slice::from_ref(&name)))
            .await
            .map_err(|e| e.to_string())?;
        let p = listing.topics[&name].partitions[0].clone();
        Ok::<_, String>((p.leader, p.replicas, p.isr))
    };

    let before = client.requests_sent();
    assert!(client.elect_preferred_leaders(&[]).await.unwrap().is_empty());
    assert_eq!(client.requests_sent(), before, "no partitions, no request");

    // Already led by its preferred replica: ELECTION_NOT_NEEDED, an Ok.
    let (now, _, _) = leader().await.unwrap();
    assert_eq!(now, Some(0));
    let result = client
        .elect_preferred_leaders(std::slice::from_ref(&partition))
        .await
        .unwrap();
    assert_eq!(result, BTreeMap::from([(partition.clone(), Ok(()))]));

    // Reorder the replicas only: no data moves, the leader stays where it is until an election.
    let reorder = BTreeMap::from([(partition.clone(), Some(vec![1, 0, 2]))]);
    let result = client.alter_partition_reassignments(&reorder).await.unwrap();
    assert_eq!(result[&partition], Ok(()));
    eventually("the reordering is no longer in flight", || async {
        let in_flight = client
            .list_partition_reassignments(Some(std::slice::from_ref(&partition)))
            .await
            .map_err(|e| e.to_string())?;
        let (_, replicas, isr) = leader().await?;
        if in_flight.is_empty() && replicas == [1, 0, 2] && isr.len() == 3 {
            Ok(())
        } else {
            Err(format!("in flight {in_flight:?}, replicas {replicas:?}, isr {isr:?}"))
        }
    })
    .await;

    let result = client
        .elect_preferred_leaders(std::slice::from_ref(&partition))
        .await
        .unwrap();
    assert_eq!(result, BTreeMap::from([(partition.clone(), Ok(()))]));
    eventually("the new first replica leads", || async {
        match leader().await? {
            (Some(1), _, _) => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;

    // A partition the cluster does not have is that partition's error.
    let missing = (name.clone(), 5);
    let result = client
        .elect_preferred_leaders(std::slice::from_ref(&missing))
        .await
        .unwrap();
    assert_eq!(
        result[&missing].clone().unwrap_err().name(),
        "UNKNOWN_TOPIC_OR_PARTITION"
    );

    delete(&client, &[name]).await;
}
