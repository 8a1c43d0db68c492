//! A broker stops mid-session: reads go on through the others. Uses a cluster of its own (started here with
//! `scripts/kafka` on other ports), so the shared test cluster is never disturbed.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::configs::ConfigResource;
use topicctl::cluster::ops::topics::NewTopic;

use crate::common::cluster;

/// A second 3-node cluster, stopped and removed on drop.
struct OwnCluster {
    script: PathBuf,
    work: PathBuf,
    port_base: u16,
}

impl OwnCluster {
    fn start(script: PathBuf, port_base: u16) -> OwnCluster {
        let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kafka-failover");
        let own = OwnCluster {
            script,
            work,
            port_base,
        };
        let out = own.script(&["down"]);
        assert!(out.status.success(), "{out:?}");
        let out = own.script(&["up"]);
        assert!(
            out.status.success(),
            "second cluster did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        own
    }

    fn script(&self, args: &[&str]) -> std::process::Output {
        Command::new(&self.script)
            .args(args)
            .env("KAFKA_WORK", &self.work)
            .env("KAFKA_PORT_BASE", self.port_base.to_string())
            .output()
            .expect("run scripts/kafka")
    }

    fn bootstrap(&self) -> String {
        (0..3)
            .map(|i| format!("127.0.0.1:{}", self.port_base + i))
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = self.script(&["down"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_still_succeed_through_the_other_brokers_when_one_stops() {
    let own = OwnCluster::start(cluster().script, 29092);
    let mut cfg = ClientConfig::new(&own.bootstrap()).unwrap();
    cfg.request_timeout = Duration::from_secs(5);
    cfg.connect_timeout = Duration::from_secs(2);
    let client = AdminClient::connect(cfg).await.unwrap();
    let topic = NewTopic {
        name: "failover.events".into(),
        partitions: Some(3),
        replication_factor: Some(3),
        ..Default::default()
    };
    assert_eq!(
        client.create_topics(std::slice::from_ref(&topic), false).await.unwrap()[&topic.name],
        Ok(())
    );
    let names = vec![topic.name.clone()];
    client.wait_for_topics(&names, Duration::from_secs(20)).await.unwrap();

    // The client talks to the first bootstrap broker: stop exactly that one.
    let out = own.script(&["stop-node", "0"]);
    assert!(out.status.success(), "{out:?}");

    let listing = client
        .list_topics(Some(&names))
        .await
        .expect("metadata through the remaining brokers");
    let partitions = &listing.topics[&topic.name].partitions;
    assert_eq!(partitions.len(), 3);
    let configs = client
        .describe_configs(ConfigResource::Topic, &names)
        .await
        .expect("configs through the others");
    assert!(configs[&topic.name].is_ok());
    let info = client
        .describe_cluster()
        .await
        .expect("describe cluster through the others");
    assert!(
        info.brokers.iter().all(|b| b.id != 0) || info.brokers.len() == 3,
        "{info:?}"
    );
    assert!(
        partitions.iter().all(|p| p.leader != Some(0)),
        "leadership moved away from the stopped broker: {partitions:?}"
    );
}
