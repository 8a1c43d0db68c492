//! Planning against the real cluster with 1,000 and 10,000 topics: wall time, requests (they must not grow with
//! the number of topics beyond batching) and peak memory. Run with `scripts/bench` (it starts the cluster).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::observe::observe_topics;
use topicctl::cluster::ops::topics::NewTopic;
use topicctl::diff::{Options, plan};
use topicctl::model::state::State;
use topicctl::model::topic::Topic;

const ROUNDS: usize = 3;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn run(client: &AdminClient, count: usize) {
    let prefix = format!("bench.plan{count}.{}.", std::process::id());
    let config: BTreeMap<String, String> = [("retention.ms".to_owned(), "604800000".to_owned())].into();
    let topics: Vec<NewTopic> = (0..count)
        .map(|i| NewTopic {
            name: format!("{prefix}{i:05}"),
            partitions: Some(1),
            replication_factor: Some(1),
            assignment: None,
            configs: config.clone(),
        })
        .collect();
    let started = Instant::now();
    for chunk in topics.chunks(1000) {
        let created = client.create_topics(chunk, false).await.expect("create");
        assert!(created.values().all(Result::is_ok));
    }
    let names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    client
        .wait_for_topics(&names, Duration::from_secs(600))
        .await
        .expect("visible");
    println!("{count} topics: created in {:.1?}", started.elapsed());

    // Desired: the same topics, one in a hundred with a longer retention.
    let desired = State {
        topics: (0..count)
            .map(|i| {
                let mut c = config.clone();
                if i % 100 == 0 {
                    c.insert("retention.ms".into(), "1209600000".into());
                }
                let name = format!("{prefix}{i:05}");
                (
                    name.clone(),
                    Topic {
                        name,
                        partitions: 1,
                        replication_factor: 1,
                        config: c,
                        labels: BTreeMap::new(),
                        id: None,
                        placement: None,
                    },
                )
            })
            .collect(),
        ..State::default()
    };
    let options = Options {
        environment: "bench".into(),
        prune: false,
        owns: vec![prefix.clone()],
        hard_delete: false,
        ..Options::default()
    };
    let mut times = Vec::new();
    let mut requests = 0;
    for _ in 0..ROUNDS {
        let before = client.requests_sent();
        let t = Instant::now();
        let live = observe_topics(client).await.expect("observe");
        let p = plan(&live, &desired, &options);
        times.push(t.elapsed());
        requests = client.requests_sent() - before;
        assert_eq!(p.changes.len(), count / 100);
    }
    times.sort();
    println!(
        "{count} topics: plan median {:.0?} (min {:.0?}, max {:.0?}), {requests} requests, peak RSS {} MiB",
        times[ROUNDS / 2],
        times[0],
        times[ROUNDS - 1],
        peak_rss_kib() / 1024
    );
    for chunk in names.chunks(1000) {
        client.delete_topics(chunk).await.expect("delete");
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let bootstrap = std::env::var("KAFKA_BOOTSTRAP").expect("KAFKA_BOOTSTRAP: run this through scripts/bench");
    let mut cfg = ClientConfig::new(&bootstrap).unwrap();
    cfg.request_timeout = Duration::from_secs(120);
    let client = AdminClient::connect(cfg).await.expect("connect");
    let sizes: Vec<usize> = std::env::var("BENCH_PLAN_TOPICS")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|_| vec![1000, 10000]);
    for count in sizes {
        run(&client, count).await;
    }
}
