//! How many requests and how long a describe of 1,000 topics with their configs takes against the real cluster.
//! Run with `scripts/bench` (it starts the test cluster when needed).

use std::time::{Duration, Instant};

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::configs::ConfigResource;
use topicctl::cluster::ops::topics::NewTopic;

const TOPICS: usize = 1000;
const ROUNDS: usize = 7;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let bootstrap = std::env::var("KAFKA_BOOTSTRAP").expect("KAFKA_BOOTSTRAP: run this through scripts/bench");
    let client = AdminClient::connect(ClientConfig::new(&bootstrap).unwrap())
        .await
        .expect("connect");
    let run = std::process::id();
    let names: Vec<String> = (0..TOPICS).map(|i| format!("bench.describe.{run}.{i:04}")).collect();
    let topics: Vec<NewTopic> = names
        .iter()
        .map(|n| NewTopic {
            name: n.clone(),
            partitions: Some(1),
            replication_factor: Some(1),
            ..Default::default()
        })
        .collect();

    let started = Instant::now();
    let before = client.requests_sent();
    let created = client.create_topics(&topics, false).await.expect("create");
    let create_requests = client.requests_sent() - before;
    assert!(created.values().all(Result::is_ok), "creating the bench topics failed");
    client
        .wait_for_topics(&names, Duration::from_secs(120))
        .await
        .expect("topics visible");
    println!(
        "create {TOPICS} topics: {create_requests} request(s), {:.0?} until all visible",
        started.elapsed()
    );

    let mut times = Vec::new();
    let mut requests = 0;
    for _ in 0..ROUNDS {
        let before = client.requests_sent();
        let started = Instant::now();
        let listing = client.list_topics(Some(&names)).await.expect("metadata");
        let configs = client
            .describe_configs(ConfigResource::Topic, &names)
            .await
            .expect("configs");
        times.push(started.elapsed());
        requests = client.requests_sent() - before;
        assert_eq!(listing.topics.len(), TOPICS);
        assert_eq!(configs.values().filter(|c| c.is_ok()).count(), TOPICS);
    }
    times.sort();
    println!(
        "describe {TOPICS} topics with configs: {requests} requests; median {:.1?}, min {:.1?}, max {:.1?} over {ROUNDS} rounds",
        times[ROUNDS / 2],
        times[0],
        times[ROUNDS - 1]
    );

    let deleted = client.delete_topics(&names).await.expect("delete");
    assert!(deleted.values().all(Result::is_ok));
}
