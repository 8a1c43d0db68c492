//! The reverse of the Principal expansion, for `import`: a principal's live bindings written the way teams think
//! about them (`consumes`, `produces`, `groups`, `transactionalIds`), everything else as raw `acls`. Expanding the
//! result gives back exactly the same bindings.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::acl::{AclBinding, Operation, PatternType, Permission, ResourceType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAclSpec {
    pub resource: ResourceType,
    pub name: String,
    pub pattern: PatternType,
    pub operations: Vec<Operation>,
    pub permission: Permission,
    pub host: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrincipalSpec {
    pub name: String,
    pub consumes: Vec<String>,
    pub produces: Vec<String>,
    pub groups: Vec<String>,
    pub transactional_ids: Vec<String>,
    pub acls: Vec<RawAclSpec>,
}

fn spec_name(b: &AclBinding) -> String {
    match b.pattern_type {
        PatternType::Prefixed => format!("{}*", b.resource_name),
        _ => b.resource_name.clone(),
    }
}

/// One principal's bindings as a spec. `bindings` must all belong to `principal`.
pub fn from_bindings(principal: &str, bindings: &BTreeSet<AclBinding>) -> PrincipalSpec {
    let simple = |b: &AclBinding| {
        b.permission == Permission::Allow
            && b.host == "*"
            && matches!(b.pattern_type, PatternType::Literal | PatternType::Prefixed)
            // A literal name ending in `*` would read back as a prefix.
            && !(b.pattern_type == PatternType::Literal && b.resource_name.ends_with('*'))
    };
    let ops_of = |rt: ResourceType| {
        let mut by_name: BTreeMap<String, BTreeSet<Operation>> = BTreeMap::new();
        for b in bindings.iter().filter(|b| b.resource_type == rt && simple(b)) {
            by_name.entry(spec_name(b)).or_default().insert(b.operation);
        }
        by_name
    };
    let idempotent = AclBinding {
        resource_type: ResourceType::Cluster,
        resource_name: "kafka-cluster".into(),
        pattern_type: PatternType::Literal,
        principal: principal.into(),
        host: "*".into(),
        operation: Operation::IdempotentWrite,
        permission: Permission::Allow,
    };
    let has_idempotent = bindings.contains(&idempotent);
    let mut spec = PrincipalSpec {
        name: principal.to_owned(),
        ..Default::default()
    };
    let mut covered: BTreeSet<AclBinding> = BTreeSet::new();
    let mut cover = |rt: ResourceType, name: &str, op: Operation| {
        let (resource_name, pattern_type) = match name.strip_suffix('*') {
            Some(prefix) => (prefix.to_owned(), PatternType::Prefixed),
            None => (name.to_owned(), PatternType::Literal),
        };
        covered.insert(AclBinding {
            resource_type: rt,
            resource_name,
            pattern_type,
            principal: principal.into(),
            host: "*".into(),
            operation: op,
            permission: Permission::Allow,
        });
    };
    for (name, ops) in ops_of(ResourceType::Topic) {
        if ops.contains(&Operation::Read) && ops.contains(&Operation::Describe) {
            spec.consumes.push(name.clone());
            cover(ResourceType::Topic, &name, Operation::Read);
            cover(ResourceType::Topic, &name, Operation::Describe);
        }
        if has_idempotent && ops.contains(&Operation::Write) && ops.contains(&Operation::Describe) {
            spec.produces.push(name.clone());
            cover(ResourceType::Topic, &name, Operation::Write);
            cover(ResourceType::Topic, &name, Operation::Describe);
        }
    }
    if !spec.produces.is_empty() {
        cover(ResourceType::Cluster, "kafka-cluster", Operation::IdempotentWrite);
    }
    for (name, ops) in ops_of(ResourceType::Group) {
        if ops.contains(&Operation::Read) {
            spec.groups.push(name.clone());
            cover(ResourceType::Group, &name, Operation::Read);
        }
    }
    for (name, ops) in ops_of(ResourceType::TransactionalId) {
        if ops.contains(&Operation::Write) && ops.contains(&Operation::Describe) {
            spec.transactional_ids.push(name.clone());
            cover(ResourceType::TransactionalId, &name, Operation::Write);
            cover(ResourceType::TransactionalId, &name, Operation::Describe);
        }
    }
    let covered = covered;
    let mut raw: BTreeMap<(ResourceType, String, PatternType, Permission, String), Vec<Operation>> = BTreeMap::new();
    for b in bindings.iter().filter(|b| !covered.contains(*b)) {
        raw.entry((
            b.resource_type,
            b.resource_name.clone(),
            b.pattern_type,
            b.permission,
            b.host.clone(),
        ))
        .or_default()
        .push(b.operation);
    }
    spec.acls = raw
        .into_iter()
        .map(|((resource, name, pattern, permission, host), operations)| RawAclSpec {
            resource,
            name,
            pattern,
            operations,
            permission,
            host,
        })
        .collect();
    spec
}
