//! The diff on hand-made states: every change kind, blocked changes, drift notes, prune and ownership.

use std::collections::BTreeMap;

use crate::diff::{
    Action, BlockedReason, ChangeKind, ConfigChange, CredentialReason, NoteKind, Options, Resource, plan,
};
use crate::model::state::State;
use crate::model::topic::Topic;

pub fn topic(name: &str, partitions: i32, rf: i16, config: &[(&str, &str)]) -> Topic {
    Topic {
        name: name.into(),
        partitions,
        replication_factor: rf,
        config: config
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        labels: BTreeMap::new(),
        id: None,
        placement: None,
    }
}

pub fn state(topics: Vec<Topic>) -> State {
    State {
        topics: topics.into_iter().map(|t| (t.name.clone(), t)).collect(),
        ..State::default()
    }
}

fn options(prune: bool) -> Options {
    Options {
        environment: "dev".into(),
        prune,
        owns: vec!["shop.".into()],
        hard_delete: false,
        ..Options::default()
    }
}

#[test]
fn identical_states_plan_nothing_even_with_list_order_differences() {
    let live = state(vec![topic(
        "shop.a",
        3,
        3,
        &[("cleanup.policy", "delete,compact"), ("retention.ms", "604800000")],
    )]);
    let desired = state(vec![topic(
        "shop.a",
        3,
        3,
        &[("cleanup.policy", "compact,delete"), ("retention.ms", "604800000")],
    )]);
    let p = plan(&live, &desired, &options(true));
    assert!(p.is_empty(), "{p:?}");
    assert!(
        crate::diff::is_current_encoding(&p.live_fingerprint),
        "{}",
        p.live_fingerprint
    );
}

#[test]
fn the_live_fingerprint_covers_what_the_plan_observes() {
    let desired = state(vec![topic("shop.a", 3, 3, &[])]);
    let fingerprint = |live: &State, prune: bool| plan(live, &desired, &options(prune)).live_fingerprint;
    let declared = state(vec![topic("shop.a", 3, 3, &[("retention.ms", "1")])]);
    let with_owned = |config: &[(&str, &str)]| {
        state(vec![
            topic("shop.a", 3, 3, &[("retention.ms", "1")]),
            topic("shop.old", 1, 3, config),
            topic("other.x", 1, 3, &[]),
        ])
    };
    // Without prune an owned, undeclared topic is not read, so it does not count.
    assert_eq!(fingerprint(&declared, false), fingerprint(&with_owned(&[]), false));
    // With prune it counts (it would be deleted), but not its configs, which are not read.
    assert_ne!(fingerprint(&declared, true), fingerprint(&with_owned(&[]), true));
    assert_eq!(
        fingerprint(&with_owned(&[]), true),
        fingerprint(&with_owned(&[("retention.ms", "2")]), true)
    );
    // A declared topic's configs count.
    assert_ne!(
        fingerprint(&declared, false),
        fingerprint(&state(vec![topic("shop.a", 3, 3, &[])]), false)
    );
}

#[test]
fn creates_updates_and_notes_unmanaged_overrides() {
    let live = state(vec![topic(
        "shop.a",
        3,
        3,
        &[("retention.ms", "86400000"), ("segment.ms", "3600000")],
    )]);
    let desired = state(vec![
        topic(
            "shop.a",
            6,
            3,
            &[("retention.ms", "604800000"), ("compression.type", "lz4")],
        ),
        topic("shop.b", 1, 3, &[]),
    ]);
    let p = plan(&live, &desired, &options(false));
    assert_eq!(p.changes.len(), 2);
    assert_eq!(p.changes[0].resource, Resource::Topic("shop.a".into()));
    let ChangeKind::UpdateTopic {
        partitions,
        config,
        unchanged,
    } = &p.changes[0].kind
    else {
        panic!("{p:?}")
    };
    assert_eq!(*partitions, Some((3, 6)));
    assert_eq!(
        config,
        &[
            ConfigChange {
                key: "compression.type".into(),
                before: None,
                after: Some("lz4".into())
            },
            ConfigChange {
                key: "retention.ms".into(),
                before: Some("86400000".into()),
                after: Some("604800000".into())
            },
        ]
    );
    assert_eq!(*unchanged, 1, "the replication factor");
    assert!(matches!(p.changes[1].kind, ChangeKind::CreateTopic(_)));
    assert_eq!(p.notes.len(), 1);
    assert_eq!(
        p.notes[0].what,
        NoteKind::UnmanagedConfig {
            key: "segment.ms".into(),
            value: "3600000".into()
        }
    );

    // With prune, the unmanaged override is removed instead.
    let p = plan(&live, &desired, &options(true));
    let ChangeKind::UpdateTopic { config, .. } = &p.changes[0].kind else {
        panic!()
    };
    assert!(config.contains(&ConfigChange {
        key: "segment.ms".into(),
        before: Some("3600000".into()),
        after: None
    }));
    assert!(p.notes.is_empty());
}

#[test]
fn partition_decrease_and_replication_change_are_blocked_not_recreated() {
    let live = state(vec![topic("shop.a", 12, 3, &[])]);
    let desired = state(vec![topic("shop.a", 6, 1, &[])]);
    let p = plan(&live, &desired, &options(true));
    assert!(p.changes.is_empty(), "no delete-and-recreate: {p:?}");
    let wanted: Vec<&BlockedReason> = p.blocked.iter().map(|b| &b.why).collect();
    assert_eq!(
        wanted,
        [
            &BlockedReason::PartitionDecrease { from: 12, to: 6 },
            &BlockedReason::ReplicationFactorChange { from: 3, to: 1 }
        ]
    );
}

#[test]
fn deletes_only_with_prune_only_owned_never_internal() {
    let live = state(vec![
        topic("shop.old", 3, 3, &[]),
        topic("billing.old", 3, 3, &[]),
        topic("__consumer_offsets", 50, 3, &[]),
        topic("shop.keep", 1, 1, &[]),
    ]);
    let desired = state(vec![topic("shop.keep", 1, 1, &[])]);
    assert!(plan(&live, &desired, &options(false)).is_empty());
    let mut with_internal_owned = options(true);
    with_internal_owned.owns.push("__".into());
    let p = plan(&live, &desired, &with_internal_owned);
    let deleted: Vec<&str> = p.changes.iter().map(|c| c.resource.name()).collect();
    assert_eq!(deleted, ["shop.old"]);
    assert!(matches!(
        p.changes[0].kind,
        ChangeKind::DeleteTopic {
            partitions: 3,
            replication_factor: 3,
            ..
        }
    ));
}

fn binding(principal: &str, topic: &str, op: crate::model::acl::Operation) -> crate::model::acl::AclBinding {
    use crate::model::acl::{AclBinding, PatternType, Permission, ResourceType};
    AclBinding {
        resource_type: ResourceType::Topic,
        resource_name: topic.into(),
        pattern_type: PatternType::Literal,
        principal: principal.into(),
        host: "*".into(),
        operation: op,
        permission: Permission::Allow,
    }
}

#[test]
fn acls_are_added_for_managed_principals_and_removed_only_with_prune() {
    use crate::model::acl::Operation::{Describe, Read, Write};
    let mut live = State::default();
    live.acls.insert(binding("User:orders", "shop.a", Read));
    live.acls.insert(binding("User:orders", "shop.old", Read));
    live.acls.insert(binding("User:someone-else", "shop.a", Write));
    let mut desired = State::default();
    desired.acls.insert(binding("User:orders", "shop.a", Read));
    desired.acls.insert(binding("User:orders", "shop.a", Describe));
    desired.acls.insert(binding("User:billing", "shop.a", Read));

    let p = plan(&live, &desired, &options(false));
    let summary: Vec<(&str, Action, usize, usize)> = p
        .changes
        .iter()
        .map(|c| match &c.kind {
            ChangeKind::Acls { add, remove, .. } => (c.resource.name(), c.action(), add.len(), remove.len()),
            _ => panic!("{c:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("User:billing", Action::Create, 1, 0),
            ("User:orders", Action::Update, 1, 0)
        ]
    );
    assert_eq!(p.notes.len(), 1, "the extra binding of User:orders is unmanaged drift");

    let p = plan(&live, &desired, &options(true));
    let ChangeKind::Acls { remove, .. } = &p.changes[1].kind else {
        panic!()
    };
    assert_eq!(remove, &[binding("User:orders", "shop.old", Read)]);
    assert!(
        p.changes.iter().all(|c| c.resource.name() != "User:someone-else"),
        "unmanaged principals are never touched"
    );
}

fn credential(iterations: i32, password: Option<&str>, matches: Option<bool>) -> crate::model::user::Credential {
    crate::model::user::Credential {
        iterations,
        password: password.map(crate::model::secret::Secret::new),
        source: "$PW".into(),
        password_matches: matches,
    }
}

fn user(
    name: &str,
    creds: Vec<(
        crate::model::scram_credential::ScramMechanismKind,
        crate::model::user::Credential,
    )>,
) -> crate::model::user::User {
    crate::model::user::User {
        name: name.into(),
        credentials: creds.into_iter().collect(),
    }
}

#[test]
fn scram_credentials_set_when_new_changed_or_reiterated_and_blocked_without_a_password() {
    use crate::model::scram_credential::ScramMechanismKind::{Sha256, Sha512};
    let mut live = State::default();
    live.users.insert(
        "same".into(),
        user("same", vec![(Sha512, credential(8192, None, Some(true)))]),
    );
    live.users.insert(
        "changed".into(),
        user("changed", vec![(Sha512, credential(8192, None, Some(false)))]),
    );
    live.users.insert(
        "old".into(),
        user(
            "old",
            vec![
                (Sha512, credential(4096, None, Some(true))),
                (Sha256, credential(4096, None, None)),
            ],
        ),
    );
    let mut desired = State::default();
    for name in ["same", "changed", "old", "new"] {
        desired.users.insert(
            name.into(),
            user(name, vec![(Sha512, credential(8192, Some("pw"), None))]),
        );
    }
    desired.users.insert(
        "nopass".into(),
        user("nopass", vec![(Sha512, credential(8192, None, None))]),
    );

    let p = plan(&live, &desired, &options(true));
    let reasons: Vec<(&str, Action, Vec<CredentialReason>, usize)> = p
        .changes
        .iter()
        .map(|c| match &c.kind {
            ChangeKind::Credentials { set, delete, .. } => (
                c.resource.name(),
                c.action(),
                set.iter().map(|s| s.reason).collect(),
                delete.len(),
            ),
            _ => panic!("{c:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("changed", Action::Update, vec![CredentialReason::PasswordChanged], 0),
            ("new", Action::Create, vec![CredentialReason::New], 0),
            (
                "old",
                Action::Update,
                vec![CredentialReason::Iterations { from: 4096, to: 8192 }],
                1
            ),
        ]
    );
    assert_eq!(p.blocked.len(), 1);
    assert!(
        matches!(&p.blocked[0].why, BlockedReason::PasswordUnavailable { source, .. } if source == "$PW"),
        "{:?}",
        p.blocked
    );
    assert!(
        !format!("{p:?}").contains("\"pw\""),
        "the password never shows in Debug either"
    );
}

#[test]
fn quotas_set_changed_and_pruned_keys() {
    let entity = vec![crate::model::quota::QuotaEntityPart {
        entity_type: "user".into(),
        name: Some("svc".into()),
    }];
    let mut live = State::default();
    live.quotas.insert(
        entity.clone(),
        [
            ("producer_byte_rate".to_owned(), 1024.0),
            ("request_percentage".to_owned(), 50.0),
        ]
        .into(),
    );
    let mut desired = State::default();
    desired.quotas.insert(
        entity.clone(),
        [
            ("producer_byte_rate".to_owned(), 2048.0),
            ("consumer_byte_rate".to_owned(), 4096.0),
        ]
        .into(),
    );
    let p = plan(&live, &desired, &options(false));
    let ChangeKind::Quotas { changes, .. } = &p.changes[0].kind else {
        panic!()
    };
    assert_eq!(changes.len(), 2);
    assert_eq!(p.notes.len(), 1, "request_percentage is unmanaged");
    let p = plan(&live, &desired, &options(true));
    let ChangeKind::Quotas { changes, .. } = &p.changes[0].kind else {
        panic!()
    };
    assert_eq!(
        changes.iter().map(|c| (c.key.as_str(), c.after)).collect::<Vec<_>>(),
        [
            ("consumer_byte_rate", Some(4096.0)),
            ("producer_byte_rate", Some(2048.0)),
            ("request_percentage", None)
        ]
    );
    assert_eq!(p.changes[0].resource.name(), "user=svc");
}

fn subject(
    name: &str,
    schema: &str,
    compatibility: Option<&str>,
    check: Option<Result<(), Vec<String>>>,
) -> crate::model::subject::Subject {
    crate::model::subject::Subject {
        name: name.into(),
        schema_type: crate::model::subject::SchemaType::Avro,
        schema: schema.into(),
        compatibility: compatibility.map(str::to_owned),
        references: Vec::new(),
        version: Some(1),
        check,
    }
}

#[test]
fn subjects_change_only_semantically_and_incompatible_versions_are_blocked() {
    let v1 = r#"{"type":"record","name":"E","fields":[{"name":"id","type":"string"}]}"#;
    let v1_reformatted =
        "{\n  \"fields\": [{\"type\": \"string\", \"name\": \"id\"}],\n  \"name\": \"E\", \"type\": \"record\"\n}";
    let v2 = r#"{"type":"record","name":"E","fields":[{"name":"id","type":"string"},{"name":"n","type":["null","int"],"default":null}]}"#;
    let mut live = State::default();
    for name in ["shop.a-value", "shop.b-value", "shop.c-value", "shop.old-value"] {
        live.subjects
            .insert(name.into(), subject(name, v1, Some("BACKWARD"), None));
    }
    live.subjects.get_mut("shop.b-value").unwrap().check = Some(Ok(()));
    live.subjects.get_mut("shop.c-value").unwrap().check = Some(Err(vec!["READER_FIELD_MISSING_DEFAULT_VALUE".into()]));
    let mut desired = State::default();
    desired.subjects.insert(
        "shop.a-value".into(),
        subject("shop.a-value", v1_reformatted, Some("BACKWARD"), None),
    );
    desired
        .subjects
        .insert("shop.b-value".into(), subject("shop.b-value", v2, Some("FULL"), None));
    desired.subjects.insert(
        "shop.c-value".into(),
        subject("shop.c-value", v2, Some("BACKWARD"), None),
    );
    desired
        .subjects
        .insert("shop.new-value".into(), subject("shop.new-value", v1, None, None));

    let p = plan(&live, &desired, &options(true));
    let names: Vec<(&str, Action)> = p.changes.iter().map(|c| (c.resource.name(), c.action())).collect();
    assert_eq!(
        names,
        [
            ("shop.b-value", Action::Update),
            ("shop.new-value", Action::Create),
            ("shop.old-value", Action::Delete)
        ]
    );
    let ChangeKind::UpdateSubject {
        register,
        compatibility,
        ..
    } = &p.changes[0].kind
    else {
        panic!()
    };
    let diff = register.as_ref().unwrap().diff.as_ref().unwrap();
    assert!(diff.contains("+      \"name\": \"n\","), "{diff}");
    assert_eq!(compatibility, &Some((Some("BACKWARD".to_owned()), "FULL".to_owned())));
    assert_eq!(p.blocked.len(), 1);
    assert!(
        matches!(&p.blocked[0].why, BlockedReason::IncompatibleSchema { reasons, .. }
            if reasons.iter().any(|r| r.contains("READER_FIELD_MISSING_DEFAULT_VALUE"))),
        "{:?}",
        p.blocked
    );
    assert!(
        !plan(&live, &desired, &options(false))
            .changes
            .iter()
            .any(|c| c.action() == Action::Delete)
    );
}
