//! Client quotas: limits per user and/or client id (or their defaults).

use std::collections::BTreeMap;

/// One part of a quota entity: `user` or `client-id`, with a name or `None` for the default entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct QuotaEntityPart {
    pub entity_type: String,
    pub name: Option<String>,
}

/// A quota entity, e.g. `[user=alice]` or `[user=alice, client-id=app]`, sorted by type.
pub type QuotaEntity = Vec<QuotaEntityPart>;

/// Quota values by key: `producer_byte_rate`, `consumer_byte_rate`, `request_percentage`, …
pub type QuotaValues = BTreeMap<String, f64>;

/// One quota key changing: `after: Some(value)` sets it, `None` removes it; `before` is what the cluster has.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaChange {
    pub key: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// The entity's canonical name, e.g. `user=order-service, client-id=reporting` (`<default>` for a default entity).
pub fn entity_name(entity: &QuotaEntity) -> String {
    entity
        .iter()
        .map(|p| format!("{}={}", p.entity_type, p.name.as_deref().unwrap_or("<default>")))
        .collect::<Vec<_>>()
        .join(", ")
}
