//! Reading a Strimzi resource's `status`: its Ready condition, whether it is about the current generation.

use serde_json::Value;

/// What a resource's status says, in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub ready: bool,
    /// e.g. `NotReady (Creating): Kafka cluster is being deployed`; `Ready`; `no status yet`.
    pub summary: String,
}

pub fn readiness(object: &Value) -> Readiness {
    let generation = object["metadata"]["generation"].as_i64();
    let observed = object["status"]["observedGeneration"].as_i64();
    let conditions = object["status"]["conditions"].as_array().cloned().unwrap_or_default();
    let active = conditions
        .iter()
        .filter(|c| c["status"].as_str() == Some("True"))
        .find(|c| matches!(c["type"].as_str(), Some("Ready" | "NotReady")))
        .or_else(|| conditions.iter().find(|c| c["status"].as_str() == Some("True")));
    let Some(c) = active else {
        return Readiness {
            ready: false,
            summary: "no status yet".into(),
        };
    };
    let kind = c["type"].as_str().unwrap_or("Unknown");
    let mut summary = kind.to_owned();
    if let Some(reason) = c["reason"].as_str().filter(|r| !r.is_empty()) {
        summary.push_str(&format!(" ({reason})"));
    }
    if let Some(message) = c["message"].as_str().filter(|m| !m.is_empty()) {
        summary.push_str(&format!(": {message}"));
    }
    let current = match (generation, observed) {
        (Some(g), Some(o)) => o >= g,
        _ => true,
    };
    if kind == "Ready" && !current {
        return Readiness {
            ready: false,
            summary: "Ready for an older generation: the operator has not caught up".into(),
        };
    }
    Readiness {
        ready: kind == "Ready",
        summary,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::readiness;

    #[test]
    fn ready_not_ready_and_stale() {
        let r = readiness(&json!({"status": {"conditions": [{"type": "Ready", "status": "True"}]}}));
        assert!(r.ready);
        let r = readiness(&json!({"status": {"conditions": [
            {"type": "NotReady", "status": "True", "reason": "Creating", "message": "being deployed"}]}}));
        assert_eq!(
            (r.ready, r.summary.as_str()),
            (false, "NotReady (Creating): being deployed")
        );
        let r = readiness(&json!({"metadata": {"generation": 2},
            "status": {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True"}]}}));
        assert!(!r.ready);
        assert!(!readiness(&json!({})).ready);
    }
}
