//! Environment documents: interpolation, connection settings, provisioning, defaults, policy and ownership.

use std::collections::BTreeMap;

use crate::spec::raw::Sp;

mod security;

use crate::model::environment::{Environment, Msk, Policy, SchemaRegistry, Security};
use crate::model::secret::Secret;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::interpolate::expand;
use crate::spec::raw::RawEnvironment;
use crate::spec::validate::at::At;
use crate::spec::validate::config::{self, ConfigValue};
use crate::spec::validate::range;

/// The code of a policy value that cannot be met or read.
const POLICY: &str = "topicctl::invalid_policy";

/// An environment with what its topics inherit, and where each part was written.
pub struct CheckedEnvironment<'a> {
    pub environment: Environment,
    pub at: At<'a>,
    pub raw: &'a RawEnvironment,
    pub default_config: BTreeMap<String, ConfigValue<'a>>,
    pub override_config: BTreeMap<String, ConfigValue<'a>>,
    pub override_partitions: Option<&'a Sp<i64>>,
    pub override_replication_factor: Option<&'a Sp<i64>>,
    pub topic_name_pattern: Option<regex::Regex>,
}

pub struct Vars<'a>(pub &'a dyn Fn(&str) -> Option<String>);

fn text(value: &Sp<String>, at: At<'_>, vars: &Vars<'_>, out: &mut Vec<SpecDiagnostic>) -> String {
    expanded(value, at, vars, out).unwrap_or_default()
}

/// `value` with its variables expanded; `None` (and a diagnostic) when one is not set.
fn expanded(value: &Sp<String>, at: At<'_>, vars: &Vars<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<String> {
    match expand(&value.value, vars.0) {
        Ok(v) => Some(v),
        Err(missing) => {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::unset_variable",
                        format!(
                            "{} {} not set and {} no default",
                            names.join(", "),
                            if names.len() == 1 { "is" } else { "are" },
                            if names.len() == 1 { "has" } else { "have" }
                        ),
                    ),
                    value,
                    "used here",
                )
                .help(format!(
                    "set the variable, or give a default: `${{{}:-value}}`",
                    missing[0]
                )),
            );
            None
        }
    }
}

fn opt_text(value: &Option<Sp<String>>, at: At<'_>, vars: &Vars<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<String> {
    value.as_ref().map(|v| text(v, at, vars, out))
}

pub fn check<'a>(
    raw: &'a RawEnvironment,
    at: At<'a>,
    vars: &Vars<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> CheckedEnvironment<'a> {
    let name = raw.name.value.clone();
    let dir = &at.file.dir;
    let path = |v: Option<String>| v.filter(|p| !p.is_empty()).map(|p| dir.join(p));
    let security = raw
        .security
        .as_ref()
        .map_or_else(Security::default, |s| security::check(raw, s, at, vars, out));
    let msk = raw.msk.as_ref().map(|m| Msk {
        cluster_arn: text(&m.value.cluster_arn, at, vars, out),
        region: opt_text(&m.value.region, at, vars, out),
    });
    let schema_registry = raw.schema_registry.as_ref().map(|r| SchemaRegistry {
        url: text(&r.value.url, at, vars, out),
        username: opt_text(&r.value.username, at, vars, out),
        password: opt_text(&r.value.password, at, vars, out).map(Secret::new),
        ca_file: path(opt_text(&r.value.ca, at, vars, out)),
    });
    let provision = raw
        .provision
        .as_ref()
        .and_then(|p| super::provision::check(&name, p, at, out));
    let defaults = raw.defaults.as_ref().map(|d| &d.value);
    let overrides = raw.overrides.as_ref().map(|o| &o.value);
    let default_partitions = range::partitions(
        defaults.and_then(|d| d.partitions.as_ref()),
        "defaults.partitions",
        at,
        out,
    );
    let default_rf = range::replication_factor(
        defaults.and_then(|d| d.replication_factor.as_ref()),
        "defaults.replicationFactor",
        at,
        out,
    );
    let override_partitions = overrides.and_then(|o| o.partitions.as_ref());
    let override_replication_factor = overrides.and_then(|o| o.replication_factor.as_ref());
    range::partitions(override_partitions, "overrides.partitions", at, out);
    range::replication_factor(override_replication_factor, "overrides.replicationFactor", at, out);
    let default_config = config::check(defaults.and_then(|d| d.config.as_ref()), at, out);
    let override_config = config::check(overrides.and_then(|o| o.config.as_ref()), at, out);
    let policy_raw = raw.policy.as_ref().map(|p| &p.value);
    let topic_name_pattern =
        policy_raw
            .and_then(|p| p.topic_name.as_ref())
            .and_then(|pattern| match regex::Regex::new(&pattern.value) {
                Ok(re) => Some(re),
                Err(e) => {
                    out.push(at.on(
                        SpecDiagnostic::error(
                            "topicctl::invalid_policy",
                            format!("policy.topicName is not a valid regular expression: {e}"),
                        ),
                        pattern,
                        "this pattern",
                    ));
                    None
                }
            });
    let policy = Policy {
        topic_name: policy_raw.and_then(|p| p.topic_name.as_ref()).map(|p| p.value.clone()),
        min_replication_factor: policy_raw
            .and_then(|p| p.min_replication_factor.as_ref())
            .and_then(|v| {
                range::checked(
                    v,
                    "policy.minReplicationFactor",
                    POLICY,
                    range::REPLICATION_FACTOR,
                    at,
                    out,
                )
            })
            .map(i64::from),
        min_insync_replicas: policy_raw
            .and_then(|p| p.min_insync_replicas.as_ref())
            .and_then(|v| {
                range::checked(
                    v,
                    "policy.minInsyncReplicas",
                    POLICY,
                    range::REPLICATION_FACTOR,
                    at,
                    out,
                )
            })
            .map(i64::from),
    };
    let owns: Vec<String> = raw.owns.iter().flatten().map(|o| o.value.clone()).collect();
    for o in raw.owns.iter().flatten() {
        if o.value.is_empty() {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::invalid_value",
                        "an empty `owns` prefix would own every topic",
                    )
                    .help("name the prefixes of the topics this spec set manages, e.g. \"orders.\""),
                    o,
                    "empty prefix",
                ),
            );
        }
    }
    CheckedEnvironment {
        environment: Environment {
            name,
            bootstrap: opt_text(&raw.bootstrap, at, vars, out),
            security,
            msk,
            cluster_id: opt_text(&raw.cluster_id, at, vars, out),
            schema_registry,
            provision,
            default_partitions,
            default_replication_factor: default_rf,
            policy,
            owns,
        },
        at,
        raw,
        default_config,
        override_config,
        override_partitions,
        override_replication_factor,
        topic_name_pattern,
    }
}
