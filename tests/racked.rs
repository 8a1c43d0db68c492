//! A 4-node cluster in two racks (nodes 0 and 1 in rack-a, 2 and 3 in rack-b), of its own, for the replica
//! reassignment tests: they move replicas between brokers and racks, so they never use the shared cluster.

#![allow(dead_code)]

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::topics::NewTopic;

use crate::data::{count_records, produce};
use crate::own_cluster::OwnCluster;

/// The rack of each node, node 0 first.
pub const RACKS: [&str; 4] = ["rack-a", "rack-a", "rack-b", "rack-b"];
/// Its ports: 25092…25095 (PLAINTEXT), then +100…+400 for the other listeners.
pub const PORT_BASE: u16 = 25092;

/// One racked cluster at a time (they share the ports): a test waits here for the one before it to stop.
static TURN: Mutex<()> = Mutex::new(());

/// A fresh 4-node cluster in two racks; stopped and removed on drop. Tests that start one run one after another.
pub struct RackedCluster {
    // Dropped in this order: the cluster stops before the next test may start its own.
    own: OwnCluster,
    _turn: MutexGuard<'static, ()>,
}

impl RackedCluster {
    /// Start it under `CARGO_TARGET_TMPDIR/kafka-racked` (waiting for another test's racked cluster to stop).
    pub fn start() -> RackedCluster {
        // A test that failed while holding its turn poisons the lock; the cluster was stopped all the same.
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let own = OwnCluster::start_with(RACKS.len(), &RACKS, PORT_BASE, "kafka-racked");
        RackedCluster { own, _turn: turn }
    }

    pub fn bootstrap(&self) -> String {
        self.own.bootstrap()
    }

    /// `scripts/kafka` (for `data::produce`, `data::count_records` and `run-class`).
    pub fn script(&self) -> &Path {
        self.own.script_path()
    }

    /// Run `scripts/kafka` with this cluster's settings (e.g. `stop-node 3`).
    pub fn run_script(&self, args: &[&str]) -> std::process::Output {
        self.own.script(args)
    }

    /// 0, 1, 2, 3.
    pub fn node_ids(&self) -> Vec<i32> {
        self.own.node_ids()
    }

    /// The rack of a node.
    pub fn rack(&self, node: i32) -> &'static str {
        RACKS[usize::try_from(node).expect("a node id")]
    }

    /// Our admin client, on the PLAINTEXT listeners.
    pub async fn client(&self) -> AdminClient {
        let mut cfg = ClientConfig::new(&self.bootstrap()).unwrap();
        cfg.connect_timeout = Duration::from_secs(5);
        AdminClient::connect(cfg).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_brokers_in_two_racks() {
    let started = Instant::now();
    let racked = RackedCluster::start();
    eprintln!("racked: 4-node cluster started in {:.1?}", started.elapsed());

    let client = racked.client().await;
    let info = client.describe_cluster().await.unwrap();
    let brokers: Vec<(i32, Option<&str>)> = info.brokers.iter().map(|b| (b.id, b.rack.as_deref())).collect();
    assert_eq!(
        brokers,
        racked
            .node_ids()
            .into_iter()
            .map(|id| (id, Some(racked.rack(id))))
            .collect::<Vec<_>>(),
        "{info:?}"
    );
    assert_eq!(
        brokers.iter().map(|(_, rack)| rack.unwrap()).collect::<Vec<_>>(),
        ["rack-a", "rack-a", "rack-b", "rack-b"]
    );

    let topic = NewTopic {
        name: "racked.smoke".into(),
        partitions: Some(4),
        replication_factor: Some(2),
        ..Default::default()
    };
    let created = client.create_topics(std::slice::from_ref(&topic), false).await.unwrap();
    assert_eq!(created[&topic.name], Ok(()), "{created:?}");
    client
        .wait_for_topics(std::slice::from_ref(&topic.name), Duration::from_secs(20))
        .await
        .unwrap();

    let (records, size) = (20_000, 1_000);
    let t = Instant::now();
    produce(racked.script(), &racked.bootstrap(), &topic.name, records, size);
    eprintln!(
        "racked: produced {records} records of {size} bytes in {:.1?}",
        t.elapsed()
    );
    let t = Instant::now();
    let read = count_records(racked.script(), &racked.bootstrap(), &topic.name);
    eprintln!("racked: read {read} records back in {:.1?}", t.elapsed());
    assert_eq!(read, records);

    let t = Instant::now();
    drop(racked);
    eprintln!("racked: cluster stopped and removed in {:.1?}", t.elapsed());
}
