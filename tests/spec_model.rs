//! What the specs mean: per-environment resolution of defaults, overrides and disabled topics, normalised
//! config values, and the ACL bindings principals expand to.

use std::path::PathBuf;

use topicctl::model::acl::{Operation, PatternType, ResourceType};
use topicctl::spec::load::load;
use topicctl::spec::validate::{Validated, Variables, validate};

fn validated(folder: &str, vars: &[(&str, &str)]) -> Validated {
    let loaded = load(&[PathBuf::from(folder)]);
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let lookup = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let v = validate(
        &loaded,
        None,
        &Variables::new(&lookup, vars.iter().map(|(k, _)| k.clone())),
    );
    assert!(!v.has_errors(), "{:?}", v.diagnostics);
    v
}

#[test]
fn environments_resolve_partitions_replication_and_config() {
    let v = validated("examples/paklog", &[]);
    let dev = &v.environments["dev"].state.topics["inventory.events"];
    let prod = &v.environments["prod"].state.topics["inventory.events"];
    assert_eq!((dev.replication_factor, prod.replication_factor), (1, 3));
    assert_eq!(
        dev.config["min.insync.replicas"], "1",
        "dev overrides force min.insync.replicas"
    );
    assert_eq!(prod.config["min.insync.replicas"], "2");
    assert_eq!(prod.partitions, 12);
    assert_eq!(prod.config["retention.ms"], "604800000", "7d is stored as milliseconds");
    assert_eq!(
        v.environments["prod"].state.topics["inventory.stock.snapshots"].config["cleanup.policy"],
        "compact"
    );
}

#[test]
fn bootstrap_is_interpolated_from_the_environment_or_its_default() {
    let v = validated("examples/paklog", &[("KAFKA_BOOTSTRAP", "10.0.0.1:9092")]);
    assert_eq!(
        v.environments["dev"].environment.bootstrap.as_deref(),
        Some("10.0.0.1:9092")
    );
    let v = validated("examples/paklog", &[]);
    assert_eq!(
        v.environments["dev"].environment.bootstrap.as_deref(),
        Some("127.0.0.1:9092")
    );
}

#[test]
fn principals_expand_into_concrete_bindings() {
    let v = validated("examples/paklog", &[]);
    let acls = &v.environments["dev"].state.acls;
    let of = |principal: &str| acls.iter().filter(|b| b.principal == principal).collect::<Vec<_>>();
    let order = of("User:order-service");
    assert!(order.iter().any(|b| b.resource_type == ResourceType::Topic
        && b.resource_name == "inventory.events"
        && b.operation == Operation::Read
        && b.pattern_type == PatternType::Literal));
    assert!(
        order
            .iter()
            .any(|b| b.resource_type == ResourceType::Group && b.operation == Operation::Read)
    );
    let inventory = of("User:inventory-service");
    assert!(
        inventory
            .iter()
            .any(|b| b.resource_type == ResourceType::Cluster && b.operation == Operation::IdempotentWrite)
    );
    assert!(
        inventory
            .iter()
            .any(|b| b.operation == Operation::Write && b.resource_name == "inventory.events")
    );
}

#[test]
fn a_topic_disabled_in_an_environment_is_absent_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("specs.yaml"),
        "kind: Environment\nname: dev\nbootstrap: a:1\ndefaults: {partitions: 1, replicationFactor: 1}\n---\n\
         kind: Environment\nname: staging\nbootstrap: b:1\ndefaults: {partitions: 6, replicationFactor: 3}\n---\n\
         kind: Topic\nname: a.b.c\nconfig: {retention.ms: 2w, cleanup.policy: 'delete,compact'}\nenvironments:\n  staging: {enabled: false}\n",
    )
    .unwrap();
    let v = validated(dir.path().to_str().unwrap(), &[]);
    assert!(v.environments["staging"].state.topics.is_empty());
    let dev = &v.environments["dev"].state.topics["a.b.c"];
    assert_eq!((dev.partitions, dev.replication_factor), (1, 1), "defaults apply");
    assert_eq!(dev.config["retention.ms"], "1209600000");
    assert_eq!(dev.config["cleanup.policy"], "compact,delete");
}

#[test]
fn imported_principals_expand_back_to_exactly_the_same_bindings() {
    use std::collections::BTreeSet;

    use topicctl::model::acl::{AclBinding, Operation as Op, PatternType as Pt, Permission, ResourceType as Rt};
    use topicctl::spec::principal_import::from_bindings;

    let p = "User:svc";
    let b = |rt, name: &str, pt, op, permission, host: &str| AclBinding {
        resource_type: rt,
        resource_name: name.into(),
        pattern_type: pt,
        principal: p.into(),
        host: host.into(),
        operation: op,
        permission,
    };
    let bindings: BTreeSet<AclBinding> = [
        b(
            Rt::Topic,
            "orders.events",
            Pt::Literal,
            Op::Read,
            Permission::Allow,
            "*",
        ),
        b(
            Rt::Topic,
            "orders.events",
            Pt::Literal,
            Op::Describe,
            Permission::Allow,
            "*",
        ),
        b(Rt::Topic, "audit.", Pt::Prefixed, Op::Read, Permission::Allow, "*"),
        b(Rt::Topic, "audit.", Pt::Prefixed, Op::Describe, Permission::Allow, "*"),
        b(
            Rt::Topic,
            "payments.events",
            Pt::Literal,
            Op::Write,
            Permission::Allow,
            "*",
        ),
        b(
            Rt::Topic,
            "payments.events",
            Pt::Literal,
            Op::Describe,
            Permission::Allow,
            "*",
        ),
        b(
            Rt::Cluster,
            "kafka-cluster",
            Pt::Literal,
            Op::IdempotentWrite,
            Permission::Allow,
            "*",
        ),
        b(Rt::Group, "svc-group", Pt::Literal, Op::Read, Permission::Allow, "*"),
        b(
            Rt::TransactionalId,
            "svc-tx-",
            Pt::Prefixed,
            Op::Write,
            Permission::Allow,
            "*",
        ),
        b(
            Rt::TransactionalId,
            "svc-tx-",
            Pt::Prefixed,
            Op::Describe,
            Permission::Allow,
            "*",
        ),
        b(Rt::Topic, "secrets", Pt::Literal, Op::All, Permission::Deny, "*"),
        b(
            Rt::Topic,
            "orders.",
            Pt::Prefixed,
            Op::DescribeConfigs,
            Permission::Allow,
            "10.0.0.1",
        ),
        b(Rt::Topic, "lonely", Pt::Literal, Op::Write, Permission::Allow, "*"),
    ]
    .into();
    let spec = from_bindings(p, &bindings);
    assert_eq!(spec.consumes, ["audit.*", "orders.events"]);
    assert_eq!(spec.produces, ["payments.events"]);
    assert_eq!(spec.groups, ["svc-group"]);
    assert_eq!(spec.transactional_ids, ["svc-tx-*"]);
    assert_eq!(spec.acls.len(), 3, "{:?}", spec.acls);

    let yaml = topicctl::render::import_yaml::render_all(&Default::default(), &[spec], &[]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: a:1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("imported.yaml"), &yaml).unwrap();
    let loaded = load(&[dir.path().to_path_buf()]);
    let v = validate(&loaded, None, &Variables::new(&|_| None, Vec::<String>::new()));
    let errors: Vec<_> = v.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{yaml}");
    assert_eq!(v.environments["dev"].state.acls, bindings, "{yaml}");
}

/// `sasl.mechanism: AWS_MSK_IAM` (AWS's Java client's name) keeps meaning MSK IAM on an MSK environment, and is
/// refused, with the reason, anywhere else.
#[test]
fn aws_msk_iam_is_msk_only() {
    let dir = tempfile::tempdir().unwrap();
    let arn = "arn:aws:kafka:eu-west-1:123456789012:cluster/prod/1";
    std::fs::write(
        dir.path().join("env.yaml"),
        format!(
            "kind: Environment\nname: prod\nmsk: {{clusterArn: '{arn}'}}\n\
             security: {{protocol: SASL_SSL, sasl: {{mechanism: AWS_MSK_IAM}}}}\n"
        ),
    )
    .unwrap();
    let v = validated(dir.path().to_str().unwrap(), &[]);
    let security = &v.environments["prod"].environment.security;
    assert_eq!(
        security.sasl_mechanism,
        Some(topicctl::model::security::SaslMechanism::OAuthBearer)
    );

    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: a:1\n\
         security: {protocol: SASL_SSL, sasl: {mechanism: AWS_MSK_IAM}}\n",
    )
    .unwrap();
    let loaded = load(&[dir.path().to_path_buf()]);
    let v = validate(&loaded, None, &Variables::new(&|_| None, Vec::<String>::new()));
    let d = v
        .diagnostics
        .iter()
        .find(|d| d.code == "topicctl::invalid_value")
        .unwrap_or_else(|| panic!("{:?}", v.diagnostics));
    assert!(d.message.contains("AWS_MSK_IAM"), "{}", d.message);
    assert!(d.help.as_deref().is_some_and(|h| h.contains("msk.clusterArn")), "{d:?}");
}
