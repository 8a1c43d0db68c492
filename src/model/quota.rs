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

/// A change to one quota key: `Some(value)` sets it, `None` removes it.
pub type QuotaChange = BTreeMap<String, Option<f64>>;
