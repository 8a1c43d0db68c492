//! Kafka's rules for topic names.

/// Kafka's maximum topic name length.
pub const MAX_LENGTH: usize = 249;

/// Why a name is not a legal Kafka topic name.
pub fn check(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a topic name cannot be empty".into());
    }
    if name == "." || name == ".." {
        return Err(format!("`{name}` is not allowed as a topic name"));
    }
    if name.len() > MAX_LENGTH {
        return Err(format!(
            "the name is {} characters long; Kafka allows at most {MAX_LENGTH}",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "`{c}` is not allowed: topic names use only ASCII letters, digits, `.`, `_` and `-`"
        ));
    }
    Ok(())
}

/// Kafka treats `.` and `_` alike in metric names: two topics whose names differ only there collide.
pub fn collision_key(name: &str) -> String {
    name.replace('.', "_")
}

/// Names Kafka, its platforms or the Schema Registry keep for themselves: topicctl never creates, changes or
/// deletes them, and a spec may not declare them. Prefixes end with `*`. `__` covers Kafka's own
/// (`__consumer_offsets`, `__transaction_state`, `__cluster_metadata`, `__share_group_state`,
/// `__remote_log_metadata`) and the platforms' (`__amazon_msk_canary`, `__strimzi…`). Kafka Connect's
/// `connect-offsets`/`-configs`/`-status` are only defaults a worker may rename, so they are ordinary names.
pub const RESERVED: &[(&str, &str)] = &[
    ("__*", "names starting with `__` are Kafka's internal topics"),
    ("_schemas", "`_schemas` is the Schema Registry's storage topic"),
    (
        "_confluent*",
        "names starting with `_confluent` are Confluent Platform's internal topics",
    ),
];

/// Why `name` is reserved, or `None` when a spec may use it.
pub fn reserved(name: &str) -> Option<&'static str> {
    RESERVED.iter().find_map(|(pattern, why)| {
        let hit = match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *pattern,
        };
        hit.then_some(*why)
    })
}

/// Internal topics topicctl never touches.
pub fn is_internal(name: &str) -> bool {
    reserved(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::{check, collision_key, is_internal, reserved};

    #[test]
    fn kafka_rules() {
        assert!(check("orders.events_v1-x").is_ok());
        assert!(check("").is_err());
        assert!(check("..").is_err());
        assert!(check("a b").unwrap_err().contains("` ` is not allowed"));
        assert!(check(&"x".repeat(250)).is_err());
        assert!(check(&"x".repeat(249)).is_ok());
        assert_eq!(collision_key("a.b_c"), collision_key("a_b.c"));
    }

    #[test]
    fn reserved_names() {
        for name in [
            "__consumer_offsets",
            "__transaction_state",
            "__amazon_msk_canary",
            "_schemas",
            "_confluent-metrics",
        ] {
            assert!(reserved(name).is_some() && is_internal(name), "{name}");
        }
        for name in ["_schemas2", "_private", "connect-offsets", "orders._schemas", "a__b"] {
            assert!(reserved(name).is_none() && !is_internal(name), "{name}");
        }
    }
}
