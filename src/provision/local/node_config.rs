//! The configuration files of one local KRaft node (combined broker + controller): `server.properties` and a
//! log4j2 file that keeps the broker's log in the node's folder.

use crate::provision::local::state::{NodeState, SavedCluster};

/// `server.properties` for `node` in `cluster`. Replication settings follow the cluster's size (at most 3), topics
/// are only created by topicctl (`auto.create.topics.enable=false`), and the thread counts suit a laptop.
pub fn server_properties(cluster: &SavedCluster, node: &NodeState) -> String {
    let n = cluster.nodes.len();
    let voters: Vec<String> = cluster
        .nodes
        .iter()
        .map(|v| format!("{}@{}:{}", v.id, v.host, v.controller_port))
        .collect();
    let rf = n.min(3);
    let lines = [
        "process.roles=broker,controller".to_string(),
        format!("node.id={}", node.id),
        format!("broker.rack={}", node.rack),
        format!("controller.quorum.voters={}", voters.join(",")),
        "controller.listener.names=CONTROLLER".to_string(),
        format!(
            "listeners=PLAINTEXT://{host}:{},CONTROLLER://{host}:{}",
            node.port,
            node.controller_port,
            host = node.host
        ),
        format!("advertised.listeners=PLAINTEXT://{}:{}", node.host, node.port),
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT".to_string(),
        "inter.broker.listener.name=PLAINTEXT".to_string(),
        format!("log.dirs={}", node.dir.join("data").display()),
        "num.partitions=1".to_string(),
        format!("default.replication.factor={rf}"),
        "min.insync.replicas=1".to_string(),
        format!("offsets.topic.replication.factor={rf}"),
        format!("transaction.state.log.replication.factor={rf}"),
        format!("transaction.state.log.min.isr={}", rf.min(2)),
        format!("share.coordinator.state.topic.replication.factor={rf}"),
        format!("share.coordinator.state.topic.min.isr={}", rf.min(2)),
        "group.initial.rebalance.delay.ms=0".to_string(),
        "auto.create.topics.enable=false".to_string(),
        "num.network.threads=2".to_string(),
        "num.io.threads=2".to_string(),
        "background.threads=2".to_string(),
        "num.recovery.threads.per.data.dir=1".to_string(),
    ];
    lines.join("\n") + "\n"
}

pub fn log4j2(node: &NodeState) -> String {
    format!(
        "appender.file.type=File\n\
         appender.file.name=file\n\
         appender.file.fileName={}\n\
         appender.file.layout.type=PatternLayout\n\
         appender.file.layout.pattern=[%d] %p %m (%c)%n\n\
         rootLogger.level=INFO\n\
         rootLogger.appenderRef.file.ref=file\n",
        node.log_file().display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u32, port: u16) -> NodeState {
        NodeState {
            id,
            host: "127.0.0.1".into(),
            port,
            controller_port: port + 10,
            rack: format!("rack-{id}"),
            dir: format!("/state/node-{id}").into(),
            pid: None,
            started: None,
        }
    }

    #[test]
    fn every_node_knows_every_voter_and_listens_where_the_state_says() {
        let cluster = SavedCluster {
            environment: "dev".into(),
            kafka_version: "4.1.2".into(),
            cluster_id: "id".into(),
            libs: "/libs".into(),
            nodes: vec![node(0, 39092), node(1, 39093)],
        };
        let p = server_properties(&cluster, &cluster.nodes[1]);
        assert!(p.contains("node.id=1\n"), "{p}");
        assert!(
            p.contains("controller.quorum.voters=0@127.0.0.1:39102,1@127.0.0.1:39103\n"),
            "{p}"
        );
        assert!(
            p.contains("listeners=PLAINTEXT://127.0.0.1:39093,CONTROLLER://127.0.0.1:39103\n"),
            "{p}"
        );
        assert!(p.contains("advertised.listeners=PLAINTEXT://127.0.0.1:39093\n"), "{p}");
        assert!(
            p.contains("broker.rack=rack-1\n") && p.contains("log.dirs=/state/node-1/data\n"),
            "{p}"
        );
        assert!(p.contains("offsets.topic.replication.factor=2\n") && p.contains("transaction.state.log.min.isr=2\n"));
        assert!(log4j2(&cluster.nodes[0]).contains("fileName=/state/node-0/logs/server.log"));
    }
}
