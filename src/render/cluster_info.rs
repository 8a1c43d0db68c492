//! `cluster info` output.

use std::fmt::Write;

use crate::model::broker::ClusterInfo;

pub fn text(info: &ClusterInfo) -> String {
    let mut out = String::new();
    let controller = info
        .controller_id
        .map_or_else(|| "unknown".to_owned(), |id| id.to_string());
    let _ = writeln!(out, "Cluster ID: {}", info.cluster_id);
    let _ = writeln!(out, "Controller: {controller}");
    let _ = writeln!(out, "Brokers:    {}", info.brokers.len());
    let width = info
        .brokers
        .iter()
        .map(|b| b.address().len())
        .max()
        .unwrap_or(0)
        .max("ADDRESS".len());
    let _ = writeln!(out, "  ID  {:width$}  RACK", "ADDRESS");
    for b in &info.brokers {
        let _ = writeln!(
            out,
            "  {:<3} {:width$}  {}",
            b.id,
            b.address(),
            b.rack.as_deref().unwrap_or("-")
        );
    }
    out
}

pub fn json(info: &ClusterInfo) -> String {
    // Plain data with derived Serialize: serialisation cannot fail.
    serde_json::to_string_pretty(info).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use crate::model::broker::{Broker, ClusterInfo};

    #[test]
    fn text_lists_brokers_with_racks() {
        let info = ClusterInfo {
            cluster_id: "abc".into(),
            controller_id: Some(1),
            brokers: vec![
                Broker {
                    id: 0,
                    host: "127.0.0.1".into(),
                    port: 19092,
                    rack: Some("rack-a".into()),
                },
                Broker {
                    id: 1,
                    host: "kafka-1.example".into(),
                    port: 9092,
                    rack: None,
                },
            ],
        };
        insta::assert_snapshot!(super::text(&info));
    }
}
