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

/// Internal topics topicctl never touches.
pub fn is_internal(name: &str) -> bool {
    name.starts_with("__") || name == "_schemas" || name.starts_with("_confluent")
}

#[cfg(test)]
mod tests {
    use super::{check, collision_key};

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
}
