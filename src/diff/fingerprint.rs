//! A stable digest of a state, so a saved plan can be refused when the cluster or the specs moved since.
//!
//! The encoding is explicit, not derived from `Debug`: renaming a field or a variant must not silently make every
//! saved plan stale, and changing what is hashed must be a deliberate act that bumps [`FINGERPRINT_VERSION`]
//! (a test pins the digest of a known state). Every record is a tag followed by its fields; every field is
//! length-prefixed, so no two different states encode alike. A live topic's id is a record of its own after the
//! topic's, so states without ids keep their digest. Passwords are never part of it: only what the
//! cluster shows and whether the desired password logs in.

use sha2::{Digest, Sha256};

use crate::model::acl::AclBinding;
use crate::model::quota::{QuotaEntity, QuotaValues};
use crate::model::state::State;
use crate::model::subject::Subject;
use crate::model::topic::Topic;
use crate::model::topic_description::PartitionInfo;
use crate::model::user::User;

/// The encoding's version: a fingerprint reads `v2:<hex sha-256>`. Older topicctl wrote bare hex (version 1).
pub const FINGERPRINT_VERSION: u32 = 2;

/// `v2:` and the hex SHA-256 of the state's canonical encoding.
pub fn fingerprint(state: &State) -> String {
    let mut c = Canonical(Sha256::new());
    for topic in state.topics.values() {
        c.topic(topic);
    }
    for acl in &state.acls {
        c.acl(acl);
    }
    for user in state.users.values() {
        c.user(user);
    }
    for (entity, values) in &state.quotas {
        c.quota(entity, values);
    }
    for subject in state.subjects.values() {
        c.subject(subject);
    }
    for (topic, partitions) in &state.layout.partitions {
        c.replicas(topic, partitions);
    }
    let hex: String = c.0.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("v{FINGERPRINT_VERSION}:{hex}")
}

/// The canonical encoder: tags and length-prefixed fields into the hash.
struct Canonical(Sha256);

impl Canonical {
    fn tag(&mut self, tag: &str) {
        self.0.update([0xff]);
        self.str(tag);
    }

    fn str(&mut self, s: &str) {
        self.0.update((s.len() as u64).to_be_bytes());
        self.0.update(s.as_bytes());
    }

    fn int(&mut self, n: i64) {
        self.0.update(n.to_be_bytes());
    }

    fn float(&mut self, f: f64) {
        self.0.update(f.to_bits().to_be_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.0.update([0]),
            Some(s) => {
                self.0.update([1]);
                self.str(s);
            }
        }
    }

    fn opt_int(&mut self, n: Option<i64>) {
        match n {
            None => self.0.update([0]),
            Some(n) => {
                self.0.update([1]);
                self.int(n);
            }
        }
    }

    fn count(&mut self, n: usize) {
        self.0.update((n as u64).to_be_bytes());
    }

    fn topic(&mut self, t: &Topic) {
        self.tag("topic");
        self.str(&t.name);
        self.int(t.partitions.into());
        self.int(t.replication_factor.into());
        self.count(t.config.len());
        for (k, v) in &t.config {
            self.str(k);
            self.str(v);
        }
        // A record of its own, only for a topic with an id (the live side): a topic deleted and re-created under
        // the same name makes a saved plan stale, and states without ids (the desired side) encode as before.
        if let Some(id) = &t.id {
            self.tag("topic-id");
            self.str(&id.0);
        }
        // Likewise a topic's own placement rule (desired side, only where a spec sets one).
        if let Some(rule) = t.placement {
            self.tag("topic-placement");
            self.str(rule.name());
        }
    }

    /// The replica lists of one live topic (where its replicas are, not their sizes, sync state or leaders, which
    /// move all the time): a saved plan of moves is stale once the replicas moved.
    fn replicas(&mut self, topic: &str, partitions: &[PartitionInfo]) {
        self.tag("replicas");
        self.str(topic);
        self.count(partitions.len());
        for p in partitions {
            self.int(p.partition.into());
            self.count(p.replicas.len());
            for b in &p.replicas {
                self.int((*b).into());
            }
        }
    }

    fn acl(&mut self, b: &AclBinding) {
        self.tag("acl");
        self.str(b.resource_type.as_str());
        self.str(&b.resource_name);
        self.str(b.pattern_type.as_str());
        self.str(&b.principal);
        self.str(&b.host);
        self.str(b.operation.as_str());
        self.str(b.permission.as_str());
    }

    fn user(&mut self, u: &User) {
        for (mechanism, c) in &u.credentials {
            self.tag("user");
            self.str(&u.name);
            self.str(mechanism.name());
            self.int(c.iterations.into());
            self.opt_int(c.password_matches.map(i64::from));
        }
    }

    fn quota(&mut self, entity: &QuotaEntity, values: &QuotaValues) {
        self.tag("quota");
        self.count(entity.len());
        for part in entity {
            self.str(&part.entity_type);
            self.opt_str(part.name.as_deref());
        }
        self.count(values.len());
        for (k, v) in values {
            self.str(k);
            self.float(*v);
        }
    }

    fn subject(&mut self, s: &Subject) {
        self.tag("subject");
        self.str(&s.name);
        self.str(s.schema_type.registry_name());
        self.str(&s.schema);
        self.opt_str(s.compatibility.as_deref());
        self.count(s.references.len());
        for r in &s.references {
            self.str(&r.name);
            self.str(&r.subject);
            self.int(r.version.into());
        }
        self.opt_int(s.version.map(i64::from));
        match &s.check {
            None => self.0.update([0]),
            Some(Ok(())) => self.0.update([1]),
            Some(Err(reasons)) => {
                self.0.update([2]);
                self.count(reasons.len());
                for r in reasons {
                    self.str(r);
                }
            }
        }
    }
}

/// Whether a fingerprint was written with this version's encoding.
pub fn is_current_encoding(fingerprint: &str) -> bool {
    fingerprint
        .strip_prefix(&format!("v{FINGERPRINT_VERSION}:"))
        .is_some_and(|hex| hex.len() == 64)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{fingerprint, is_current_encoding};
    use crate::model::acl::{AclBinding, Operation, PatternType, Permission, ResourceType};
    use crate::model::quota::QuotaEntityPart;
    use crate::model::scram_credential::ScramMechanismKind;
    use crate::model::state::State;
    use crate::model::subject::{SchemaReference, SchemaType, Subject};
    use crate::model::topic::{Topic, TopicId};
    use crate::model::user::{Credential, User};

    fn one_of_each() -> State {
        let mut state = State::default();
        state.topics.insert(
            "shop.orders".into(),
            Topic {
                name: "shop.orders".into(),
                partitions: 6,
                replication_factor: 3,
                config: BTreeMap::from([("retention.ms".into(), "604800000".into())]),
                labels: Default::default(),
                id: Some(TopicId("0f2c8a4e-9d1b-4c3a-8e7f-5a6b7c8d9e0f".into())),
                placement: None,
            },
        );
        state.acls.insert(AclBinding {
            resource_type: ResourceType::Topic,
            resource_name: "shop.".into(),
            pattern_type: PatternType::Prefixed,
            principal: "User:orders".into(),
            host: "*".into(),
            operation: Operation::Read,
            permission: Permission::Allow,
        });
        state.users.insert(
            "orders".into(),
            User {
                name: "orders".into(),
                credentials: BTreeMap::from([(
                    ScramMechanismKind::Sha512,
                    Credential {
                        iterations: 8192,
                        password: None,
                        source: "$ORDERS_PASSWORD".into(),
                        password_matches: Some(true),
                    },
                )]),
            },
        );
        state.quotas.insert(
            vec![QuotaEntityPart {
                entity_type: "user".into(),
                name: Some("orders".into()),
            }],
            BTreeMap::from([("producer_byte_rate".into(), 1048576.0)]),
        );
        state.subjects.insert(
            "shop.orders-value".into(),
            Subject {
                name: "shop.orders-value".into(),
                schema_type: SchemaType::Avro,
                schema: r#"{"type":"string"}"#.into(),
                compatibility: Some("BACKWARD".into()),
                references: vec![SchemaReference {
                    name: "Money".into(),
                    subject: "shop.money".into(),
                    version: 1,
                }],
                version: Some(3),
                check: Some(Ok(())),
            },
        );
        state
    }

    /// The encoding is a contract with saved plans: this digest changes only with `FINGERPRINT_VERSION`.
    #[test]
    fn the_encoding_is_pinned() {
        assert_eq!(
            fingerprint(&State::default()),
            "v2:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            fingerprint(&one_of_each()),
            "v2:f1b81027a8b50ce568614caf6bd8ee97d673e2a84f3950866472caa22717faf1"
        );
        // Without topic ids (the desired side, brokers without ids) the digest is that of before ids were hashed.
        let mut without_ids = one_of_each();
        without_ids.topics.values_mut().for_each(|t| t.id = None);
        assert_eq!(
            fingerprint(&without_ids),
            "v2:d1ccd0fe3fc661572919784ef6296f85e6925f8bbe54a52aee309cc97c47563e"
        );
        assert!(is_current_encoding(&fingerprint(&one_of_each())));
        assert!(!is_current_encoding(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ));
    }

    /// The records added with replica placement are part of the contract too: a live topic's replica lists and a
    /// desired topic's own placement rule, each pinned, each changing the digest.
    #[test]
    fn replica_lists_and_placement_rules_are_pinned() {
        use crate::model::replicas::PlacementRule;
        use crate::model::topic_description::PartitionInfo;
        let mut state = one_of_each();
        state.layout.partitions.insert(
            "shop.orders".into(),
            vec![PartitionInfo {
                partition: 0,
                leader: Some(1),
                replicas: vec![1, 2],
                isr: vec![1],
                offline: vec![],
            }],
        );
        assert_eq!(
            fingerprint(&state),
            "v2:f838227686b7863f364afa825a7c1d1cfad25f720320112c85a435f29e79d8c1"
        );
        let mut moved = state.clone();
        moved.layout.partitions.get_mut("shop.orders").unwrap()[0].replicas = vec![2, 1];
        assert_ne!(
            fingerprint(&moved),
            fingerprint(&state),
            "the replica order is where leaders go"
        );
        let mut in_sync = state.clone();
        in_sync.layout.partitions.get_mut("shop.orders").unwrap()[0].isr = vec![1, 2];
        assert_eq!(
            fingerprint(&in_sync),
            fingerprint(&state),
            "sync state moves all the time: not hashed"
        );
        let mut ruled = one_of_each();
        ruled.topics.get_mut("shop.orders").unwrap().placement = Some(PlacementRule::RackSpread);
        assert_eq!(
            fingerprint(&ruled),
            "v2:e4e84238994b8ce9926502b32d63f842f6bac9b286f2d11fbd1253e34b4aea09"
        );
    }

    #[test]
    fn changes_with_the_state_and_only_then() {
        let state = one_of_each();
        let base = fingerprint(&state);
        assert_eq!(base, fingerprint(&one_of_each()));
        let mut changed = state.clone();
        changed
            .topics
            .get_mut("shop.orders")
            .unwrap()
            .config
            .insert("segment.ms".into(), "1".into());
        assert_ne!(fingerprint(&changed), base);
        let mut changed = state.clone();
        changed
            .users
            .get_mut("orders")
            .unwrap()
            .credentials
            .values_mut()
            .for_each(|c| {
                c.password_matches = Some(false);
            });
        assert_ne!(fingerprint(&changed), base);
        let mut changed = state.clone();
        changed.subjects.get_mut("shop.orders-value").unwrap().check = Some(Err(vec!["no".into()]));
        assert_ne!(fingerprint(&changed), base);
        // The same topic re-created (a new id), or seen without an id.
        let mut changed = state.clone();
        changed.topics.get_mut("shop.orders").unwrap().id =
            Some(TopicId("1f2c8a4e-9d1b-4c3a-8e7f-5a6b7c8d9e0f".into()));
        assert_ne!(fingerprint(&changed), base);
        let mut changed = state.clone();
        changed.topics.get_mut("shop.orders").unwrap().id = None;
        assert_ne!(fingerprint(&changed), base);
        // Labels are not part of what a plan changes, so they do not count.
        let mut changed = state;
        changed
            .topics
            .get_mut("shop.orders")
            .unwrap()
            .labels
            .insert("team".into(), "shop".into());
        assert_eq!(fingerprint(&changed), base);
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let topic = |name: &str, key: &str, value: &str| {
            let mut s = State::default();
            s.topics.insert(
                name.into(),
                Topic {
                    name: name.into(),
                    partitions: 1,
                    replication_factor: 1,
                    config: BTreeMap::from([(key.into(), value.into())]),
                    labels: Default::default(),
                    id: None,
                    placement: None,
                },
            );
            s
        };
        assert_ne!(fingerprint(&topic("a", "bc", "d")), fingerprint(&topic("a", "b", "cd")));
    }
}
