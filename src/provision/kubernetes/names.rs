//! Kubernetes object names: Kafka names allow upper case, `_` and up to 249 characters; Kubernetes names do not.

use sha2::{Digest, Sha256};

/// The longest object name we produce (DNS-1123 subdomain names may have 253 characters).
const MAX_NAME: usize = 253;

/// Whether `name` is a valid DNS-1123 subdomain (lower-case alphanumerics, `-` and `.`, alphanumeric at both ends).
pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && name.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `name` itself when it is a valid object name; otherwise a lower-cased, cleaned-up form with a short hash of
/// the original appended, so two Kafka names that clean up alike (`Orders_v1`, `orders.v1`) never collide.
pub fn object_name(name: &str) -> String {
    if is_valid(name) {
        return name.to_owned();
    }
    let cleaned: String = name
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-' | '.') => c,
            _ => '-',
        })
        .collect();
    let hash = Sha256::digest(name.as_bytes());
    let suffix: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let trimmed = cleaned.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let keep = MAX_NAME - suffix.len() - 1;
    let head: String = trimmed.chars().take(keep).collect();
    let head = head.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    if head.is_empty() {
        format!("t-{suffix}")
    } else {
        format!("{head}-{suffix}")
    }
}

/// A label-safe form of a zone name for pool names (`eu-central-1a` stays as it is).
pub fn label_part(value: &str) -> String {
    let s: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_owned()
}

/// Whether `key: value` may be a Kubernetes label (a prefix-less key and a value of up to 63 safe characters).
pub fn is_label(key: &str, value: &str) -> bool {
    fn part(s: &str, empty_ok: bool) -> bool {
        if s.is_empty() {
            return empty_ok;
        }
        s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && s.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
    }
    part(key, false) && part(value, true)
}

#[cfg(test)]
mod tests {
    use super::{is_label, is_valid, label_part, object_name};

    #[test]
    fn valid_names_are_kept() {
        assert_eq!(object_name("inventory.events"), "inventory.events");
        assert!(is_valid("a-b.c"));
        assert!(!is_valid("-a"));
        assert!(!is_valid("A"));
        assert!(!is_valid(""));
    }

    #[test]
    fn invalid_names_are_cleaned_and_hashed() {
        let a = object_name("Orders_v1");
        let b = object_name("orders-v1");
        assert!(is_valid(&a), "{a}");
        assert!(a.starts_with("orders-v1-"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, object_name("Orders_v1"), "deterministic");
        assert!(is_valid(&object_name("__consumer_offsets")));
        assert!(is_valid(&object_name("___")));
        assert!(is_valid(&object_name(&"X".repeat(249))));
    }

    #[test]
    fn labels_and_zones() {
        assert!(is_label("team", "inventory"));
        assert!(!is_label("team", "in ventory"));
        assert_eq!(label_part("eu-central-1a"), "eu-central-1a");
        assert_eq!(label_part("Zone_A"), "zone-a");
    }
}
