//! `cluster status` output, as text for people and JSON for scripts (same data, same order).

use std::fmt::Write;

use crate::model::cluster_status::ClusterStatus;

pub fn text(status: &ClusterStatus) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Environment: {} ({})", status.environment, status.kind);
    let _ = writeln!(out, "Location:    {}", status.location);
    let _ = writeln!(out, "State:       {}", status.state.as_str());
    if let Some(b) = &status.bootstrap {
        let _ = writeln!(out, "Bootstrap:   {b}");
    }
    for (k, v) in &status.details {
        let _ = writeln!(out, "{:<12} {v}", format!("{k}:"));
    }
    if !status.members.is_empty() {
        let name_w = status.members.iter().map(|m| m.name.len()).max().unwrap_or(0).max(4);
        let state_w = status.members.iter().map(|m| m.state.len()).max().unwrap_or(0).max(5);
        let _ = writeln!(out, "  {:name_w$}  {:state_w$}  DETAIL", "NAME", "STATE");
        for m in &status.members {
            let _ = writeln!(out, "  {:name_w$}  {:state_w$}  {}", m.name, m.state, m.detail);
        }
    }
    out
}

pub fn json(status: &ClusterStatus) -> String {
    let members: Vec<serde_json::Value> = status
        .members
        .iter()
        .map(|m| serde_json::json!({"name": m.name, "state": m.state, "detail": m.detail}))
        .collect();
    let details: serde_json::Map<String, serde_json::Value> = status
        .details
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let value = serde_json::json!({
        "environment": status.environment,
        "kind": status.kind,
        "location": status.location,
        "state": status.state.as_str(),
        "ready": status.state == crate::model::cluster_status::ClusterState::Ready,
        "bootstrap": status.bootstrap,
        "members": members,
        "details": details,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cluster_status::{ClusterState, Member};

    #[test]
    fn text_and_json_carry_the_same_facts() {
        let s = ClusterStatus {
            environment: "dev".into(),
            kind: "local",
            location: "/tmp/state/dev".into(),
            state: ClusterState::Degraded,
            bootstrap: Some("127.0.0.1:39092".into()),
            members: vec![
                Member {
                    name: "node-0".into(),
                    state: "running".into(),
                    detail: "pid 1".into(),
                },
                Member {
                    name: "node-1".into(),
                    state: "stopped".into(),
                    detail: "-".into(),
                },
            ],
            details: vec![("Kafka".into(), "4.1.2".into())],
        };
        let t = text(&s);
        assert!(t.contains("State:       degraded"), "{t}");
        assert!(t.contains("  node-1  stopped  -"), "{t}");
        let j: serde_json::Value = serde_json::from_str(&json(&s)).unwrap();
        assert_eq!(j["state"], "degraded");
        assert_eq!(j["ready"], false);
        assert_eq!(j["members"][1]["name"], "node-1");
        assert_eq!(j["details"]["Kafka"], "4.1.2");
    }
}
