//! Principal documents expand into concrete ACL bindings: `consumes` → READ + DESCRIBE on topics, `groups` →
//! READ on groups, `produces` → WRITE + DESCRIBE on topics and IDEMPOTENT_WRITE on the cluster,
//! `transactionalIds` → WRITE + DESCRIBE, raw `acls` as written. A name ending in `*` is a prefix.

use std::collections::BTreeSet;

use crate::spec::raw::Sp;

use crate::model::acl::{AclBinding, Operation, PatternType, Permission, ResourceType};
use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::RawPrincipal;
use crate::spec::validate::at::At;

/// Expanded bindings, and the topic names (or prefixes) it refers to, for the "defined somewhere?" check.
pub struct CheckedPrincipal<'a> {
    pub bindings: BTreeSet<AclBinding>,
    pub topic_refs: Vec<(&'a Sp<String>, At<'a>)>,
}

fn name_and_pattern(name: &str) -> (String, PatternType) {
    match name.strip_suffix('*') {
        Some(prefix) => (prefix.to_owned(), PatternType::Prefixed),
        None => (name.to_owned(), PatternType::Literal),
    }
}

fn parse_enum<T: Copy>(
    value: &Sp<String>,
    what: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    parse: impl Fn(&str) -> Option<T>,
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<T> {
    let found = parse(&value.value);
    if found.is_none() {
        let names: Vec<&str> = all
            .iter()
            .map(|v| name(*v))
            .filter(|n| *n != "any" && *n != "match")
            .collect();
        let help = match closest(&value.value, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("one of {}", names.join(", ")),
        };
        out.push(at.on(
            SpecDiagnostic::error("topicctl::invalid_acl", format!("unknown {what} `{}`", value.value)).help(help),
            value,
            format!(
                "not a{} {what}",
                if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "n"
                } else {
                    ""
                }
            ),
        ));
    }
    found
}

pub fn check<'a>(raw: &'a RawPrincipal, at: At<'a>, out: &mut Vec<SpecDiagnostic>) -> CheckedPrincipal<'a> {
    let principal = raw.name.value.clone();
    if !principal
        .split_once(':')
        .is_some_and(|(t, n)| !t.is_empty() && !n.is_empty())
    {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::invalid_principal",
                    format!("`{principal}` is not a principal"),
                )
                .help(format!("write the type and the name, e.g. `User:{principal}`")),
                &raw.name,
                "expected Type:name",
            ),
        );
    }
    let mut bindings = BTreeSet::new();
    let mut topic_refs = Vec::new();
    let mut add = |resource_type, name: &str, operation| {
        let (resource_name, pattern_type) = name_and_pattern(name);
        bindings.insert(AclBinding {
            resource_type,
            resource_name,
            pattern_type,
            principal: principal.clone(),
            host: "*".to_owned(),
            operation,
            permission: Permission::Allow,
        });
    };
    for topic in raw.consumes.iter().flatten() {
        add(ResourceType::Topic, &topic.value, Operation::Read);
        add(ResourceType::Topic, &topic.value, Operation::Describe);
        topic_refs.push((topic, at));
    }
    for group in raw.groups.iter().flatten() {
        add(ResourceType::Group, &group.value, Operation::Read);
    }
    for topic in raw.produces.iter().flatten() {
        add(ResourceType::Topic, &topic.value, Operation::Write);
        add(ResourceType::Topic, &topic.value, Operation::Describe);
        topic_refs.push((topic, at));
    }
    if raw.produces.as_ref().is_some_and(|p| !p.is_empty()) {
        add(ResourceType::Cluster, "kafka-cluster", Operation::IdempotentWrite);
    }
    for id in raw.transactional_ids.iter().flatten() {
        add(ResourceType::TransactionalId, &id.value, Operation::Write);
        add(ResourceType::TransactionalId, &id.value, Operation::Describe);
    }
    for acl in raw.acls.iter().flatten() {
        let a = &acl.value;
        let resource = parse_enum(
            &a.resource,
            "resource type",
            ResourceType::ALL,
            ResourceType::as_str,
            ResourceType::parse,
            at,
            out,
        );
        let pattern = match &a.pattern {
            Some(p) => parse_enum(
                p,
                "pattern",
                &[PatternType::Literal, PatternType::Prefixed],
                PatternType::as_str,
                PatternType::parse,
                at,
                out,
            ),
            None => Some(PatternType::Literal),
        };
        let permission = match &a.permission {
            Some(p) => parse_enum(
                p,
                "permission",
                &[Permission::Allow, Permission::Deny],
                Permission::as_str,
                Permission::parse,
                at,
                out,
            ),
            None => Some(Permission::Allow),
        };
        if a.operations.is_empty() {
            out.push(
                at.on(
                    SpecDiagnostic::error("topicctl::invalid_acl", "an ACL entry needs at least one operation")
                        .help("list what the principal may do, e.g. `operations: [read, describe]`"),
                    acl,
                    "no operations",
                ),
            );
        }
        let host = a.host.as_ref().map_or_else(|| "*".to_owned(), |h| h.value.clone());
        for op in &a.operations {
            let operation = parse_enum(
                op,
                "operation",
                Operation::ALL,
                Operation::as_str,
                Operation::parse,
                at,
                out,
            );
            if let (Some(resource_type), Some(pattern_type), Some(permission), Some(operation)) =
                (resource, pattern, permission, operation)
            {
                if matches!(pattern_type, PatternType::Any | PatternType::Match)
                    || matches!(resource_type, ResourceType::Any)
                    || matches!(operation, Operation::Any)
                    || matches!(permission, Permission::Any)
                {
                    continue;
                }
                bindings.insert(AclBinding {
                    resource_type,
                    resource_name: a.name.value.clone(),
                    pattern_type,
                    principal: principal.clone(),
                    host: host.clone(),
                    operation,
                    permission,
                });
            }
        }
    }
    CheckedPrincipal { bindings, topic_refs }
}
