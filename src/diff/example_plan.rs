//! One plan holding every change kind but a broker's throttle rates (they go only when nothing moves, and this
//! plan moves replicas), a blocked change and notes: the fixture of the render and schedule snapshots.

use crate::diff::tests::{state, topic};
use crate::diff::{Options, plan};

pub(crate) fn every_kind() -> crate::diff::Plan {
    let mut live = state(vec![
        topic(
            "shop.orders.events",
            3,
            3,
            &[
                ("retention.ms", "86400000"),
                ("segment.ms", "3600000"),
                ("cleanup.policy", "delete"),
            ],
        ),
        topic("shop.orders.legacy", 6, 3, &[]),
        topic("shop.payments.events", 12, 3, &[]),
        topic("shop.audit.events", 3, 3, &[("max.message.bytes", "1048576")]),
        topic("shop.inventory.events", 2, 2, &[]),
        topic("shop.stock.events", 1, 2, &[]),
    ]);
    // Three brokers in three racks; the inventory topic's replication factor goes 2 → 3 (1 GiB per partition,
    // written at 1 MiB/s).
    use crate::model::broker::Broker;
    use crate::model::topic_description::PartitionInfo;
    live.layout.brokers = (1..=3)
        .map(|id| Broker {
            id,
            host: "127.0.0.1".into(),
            port: 9091 + id,
            rack: Some(format!("rack-{id}")),
        })
        .collect();
    live.layout.partitions.insert(
        "shop.inventory.events".into(),
        vec![
            PartitionInfo {
                partition: 0,
                leader: Some(1),
                replicas: vec![1, 2],
                isr: vec![1, 2],
                offline: vec![],
            },
            PartitionInfo {
                partition: 1,
                leader: Some(2),
                replicas: vec![2, 3],
                isr: vec![2, 3],
                offline: vec![],
            },
        ],
    );
    // The stock topic is being reassigned already (broker 3 half way); the audit topic still carries a throttle
    // entry topicctl recorded setting and one it did not.
    use crate::model::layout::TopicThrottles;
    use crate::model::reassignment::Reassignment;
    live.layout.partitions.insert(
        "shop.stock.events".into(),
        vec![PartitionInfo {
            partition: 0,
            leader: Some(1),
            replicas: vec![1, 2, 3],
            isr: vec![1, 2],
            offline: vec![],
        }],
    );
    live.layout.in_flight.insert(
        "shop.stock.events".into(),
        vec![Reassignment {
            topic: "shop.stock.events".into(),
            partition: 0,
            replicas: vec![1, 2, 3],
            adding: vec![3],
            removing: vec![1],
        }],
    );
    live.layout.sizes.insert(
        ("shop.stock.events".to_owned(), 0),
        [(1, 1u64 << 30), (2, 1 << 30), (3, 1 << 29)].into(),
    );
    let entries = |list: &[&str]| list.iter().map(|e| e.to_string()).collect();
    live.layout.throttles.insert(
        "shop.audit.events".into(),
        TopicThrottles {
            leader: entries(&["0:1", "0:9"]),
            follower: entries(&[]),
        },
    );
    live.layout.recorded.topics.insert(
        "shop.audit.events".into(),
        TopicThrottles {
            leader: entries(&["0:1"]),
            follower: entries(&[]),
        },
    );
    for (p, replicas) in [(0, [1, 2]), (1, [2, 3])] {
        let key = ("shop.inventory.events".to_owned(), p);
        live.layout
            .sizes
            .insert(key.clone(), replicas.iter().map(|b| (*b, 1u64 << 30)).collect());
        live.layout.write_rates.insert(key, 1024.0 * 1024.0);
    }
    let mut desired = state(vec![
        topic(
            "shop.orders.events",
            6,
            3,
            &[
                ("retention.ms", "604800000"),
                ("compression.type", "lz4"),
                ("cleanup.policy", "delete"),
            ],
        ),
        topic(
            "shop.orders.dlq",
            1,
            3,
            &[("retention.ms", "2592000000"), ("min.insync.replicas", "2")],
        ),
        topic("shop.payments.events", 6, 3, &[]),
        topic("shop.audit.events", 3, 3, &[]),
        topic("shop.inventory.events", 2, 3, &[]),
        topic("shop.stock.events", 1, 2, &[]),
    ]);
    use crate::model::acl::{AclBinding, Operation, PatternType, Permission, ResourceType};
    let b = |principal: &str, resource_type, name: &str, pattern_type, operation| AclBinding {
        resource_type,
        resource_name: name.into(),
        pattern_type,
        principal: principal.into(),
        host: "*".into(),
        operation,
        permission: Permission::Allow,
    };
    live.acls.insert(b(
        "User:orders",
        ResourceType::Topic,
        "shop.orders.events",
        PatternType::Literal,
        Operation::Write,
    ));
    live.acls.insert(b(
        "User:orders",
        ResourceType::Topic,
        "shop.orders.legacy",
        PatternType::Literal,
        Operation::Write,
    ));
    desired.acls.insert(b(
        "User:orders",
        ResourceType::Topic,
        "shop.orders.events",
        PatternType::Literal,
        Operation::Write,
    ));
    desired.acls.insert(b(
        "User:orders",
        ResourceType::Cluster,
        "kafka-cluster",
        PatternType::Literal,
        Operation::IdempotentWrite,
    ));
    desired.acls.insert(b(
        "User:reporting",
        ResourceType::Topic,
        "shop.",
        PatternType::Prefixed,
        Operation::Read,
    ));
    desired.acls.insert(b(
        "User:reporting",
        ResourceType::Group,
        "reporting",
        PatternType::Literal,
        Operation::Read,
    ));
    use crate::model::scram_credential::ScramMechanismKind;
    use crate::model::user::{Credential, User};
    let cred = |password: Option<&str>, matches| Credential {
        iterations: 8192,
        password: password.map(crate::model::secret::Secret::new),
        source: "$PW".into(),
        password_matches: matches,
    };
    let one = |name: &str, c: Credential| User {
        name: name.into(),
        credentials: [(ScramMechanismKind::Sha512, c)].into(),
    };
    live.users
        .insert("orders".into(), one("orders", cred(None, Some(false))));
    desired
        .users
        .insert("orders".into(), one("orders", cred(Some("s3cret-never-shown"), None)));
    desired.users.insert(
        "reporting".into(),
        one("reporting", cred(Some("s3cret-never-shown"), None)),
    );
    let entity = vec![crate::model::quota::QuotaEntityPart {
        entity_type: "user".into(),
        name: Some("orders".into()),
    }];
    live.quotas
        .insert(entity.clone(), [("producer_byte_rate".to_owned(), 1_048_576.0)].into());
    desired.quotas.insert(
        entity,
        [
            ("producer_byte_rate".to_owned(), 2_097_152.0),
            ("request_percentage".to_owned(), 50.0),
        ]
        .into(),
    );
    use crate::model::subject::{SchemaType, Subject};
    let subject = |name: &str, schema: &str, compatibility: Option<&str>| Subject {
        name: name.into(),
        schema_type: SchemaType::Avro,
        schema: schema.into(),
        compatibility: compatibility.map(str::to_owned),
        references: Vec::new(),
        version: Some(3),
        check: Some(Ok(())),
    };
    let v1 = r#"{"type":"record","name":"OrderEvent","fields":[{"name":"id","type":"string"}]}"#;
    let v2 = r#"{"type":"record","name":"OrderEvent","fields":[{"name":"id","type":"string"},{"name":"coupon","type":["null","string"],"default":null}]}"#;
    live.subjects.insert(
        "shop.orders.events-value".into(),
        subject("shop.orders.events-value", v1, Some("NONE")),
    );
    desired.subjects.insert(
        "shop.orders.events-value".into(),
        subject("shop.orders.events-value", v2, Some("BACKWARD")),
    );
    desired.subjects.insert(
        "shop.orders.dlq-value".into(),
        subject("shop.orders.dlq-value", v1, None),
    );
    let mut p = plan(
        &live,
        &desired,
        &Options {
            environment: "dev".into(),
            prune: true,
            owns: vec!["shop.".into()],
            hard_delete: false,
            ..Options::default()
        },
    );
    // A note is only made without prune; add one so every section renders.
    let without_prune = plan(
        &live,
        &desired,
        &Options {
            environment: "dev".into(),
            prune: false,
            owns: vec!["shop.".into()],
            hard_delete: false,
            ..Options::default()
        },
    );
    p.notes = without_prune.notes;
    p
}
