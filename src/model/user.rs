//! SCRAM users and client quotas, as the specs want them or the cluster has them. Passwords are `Secret`s: the
//! desired side carries them to apply, the live side never has them (only whether a login with the desired
//! password succeeded).

use std::collections::BTreeMap;

use crate::model::quota::{QuotaEntity, QuotaValues};
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::secret::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub iterations: i32,
    /// Desired side: the password, when its source is available. Live side: `None`.
    pub password: Option<Secret>,
    /// Where the password comes from, for messages (`$ORDER_PASSWORD`, `secrets/order.txt`).
    pub source: String,
    /// Live side: whether a SCRAM login with the desired password succeeded; `None` when it could not be tried.
    pub password_matches: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct User {
    pub name: String,
    pub credentials: BTreeMap<ScramMechanismKind, Credential>,
}

/// The quota keys Kafka knows for user / client-id entities.
pub const QUOTA_KEYS: &[&str] = &[
    "consumer_byte_rate",
    "controller_mutation_rate",
    "producer_byte_rate",
    "request_percentage",
];

/// Desired quotas by entity (sorted entity parts).
pub type Quotas = BTreeMap<QuotaEntity, QuotaValues>;
