//! Environment documents: interpolation, connection settings, provisioning, defaults, policy and ownership.

use std::collections::BTreeMap;

use crate::spec::raw::Sp;

mod problems;
pub mod replicas;
mod security;
pub mod variables;

use crate::model::environment::{Environment, Field, Msk, Policy, SchemaRegistry, Security, Shown};
use crate::model::secret::Secret;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::interpolate::{Expanded, expand};
use crate::spec::raw::RawEnvironment;
use crate::spec::validate::at::At;
use crate::spec::validate::config::{self, ConfigValue};
use crate::spec::validate::environment::variables::Variables;
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

fn text(value: &Sp<String>, at: At<'_>, vars: &Variables<'_>, out: &mut Vec<SpecDiagnostic>) -> String {
    expanded(value, at, vars, out).unwrap_or_default()
}

/// `value` with its variables expanded; `None` (and a diagnostic) when one is not allowed or not set, or when the
/// result would be too large.
pub(super) fn expanded(
    value: &Sp<String>,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<String> {
    expanded_from(value, at, vars, out).map(|e| e.text)
}

fn expanded_from(
    value: &Sp<String>,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<Expanded> {
    match expand(&value.value, &|name| vars.lookup(name), vars.room()) {
        Ok(e) => {
            vars.spend(e.text.len());
            Some(e)
        }
        Err(failed) => {
            out.extend(problems::diagnostics(&failed, value, at));
            None
        }
    }
}

/// The spec's text of the `security` fields filled from variables (they are expanded, and problems reported, in
/// `security`).
fn remember_security(raw: &RawEnvironment, vars: &Variables<'_>, shown: &mut Shown) {
    let Some(s) = raw.security.as_ref().map(|s| &s.value) else {
        return;
    };
    let sasl = s.sasl.as_ref().map(|x| &x.value);
    let tls = s.tls.as_ref().map(|x| &x.value);
    for (field, value) in [
        (Field::SaslUsername, sasl.and_then(|x| x.username.as_ref())),
        (Field::TlsCa, tls.and_then(|x| x.ca.as_ref())),
        (Field::TlsCert, tls.and_then(|x| x.cert.as_ref())),
        (Field::TlsKey, tls.and_then(|x| x.key.as_ref())),
    ] {
        let Some(v) = value else { continue };
        if expand(&v.value, &|name| vars.lookup(name), vars.room()).is_ok_and(|e| e.from_variable) {
            shown.0.insert(field, v.value.clone());
        }
    }
}

/// A user's `passwordEnv` naming a variable the command line does not allow.
pub fn password_env_not_allowed(var: &Sp<String>, at: At<'_>) -> SpecDiagnostic {
    let failed = crate::spec::interpolate::Failed {
        not_allowed: vec![var.value.clone()],
        ..Default::default()
    };
    let mut d = problems::diagnostics(&failed, var, at).remove(0);
    d.help = Some(format!(
        "the command line decides which variables specs may read: pass `--var {0}` or set `TOPICCTL_VARS={0}` (or \
         name the variable `{1}…`)",
        var.value,
        variables::PREFIX
    ));
    d
}

/// The text of `value` as [`text`], and the spec's text remembered for `field` when a variable filled it.
fn shown_text(
    field: Field,
    value: &Sp<String>,
    shown: &mut Shown,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> String {
    let e = expanded_from(value, at, vars, out);
    if e.as_ref().is_some_and(|e| e.from_variable) {
        shown.0.insert(field, value.value.clone());
    }
    e.map(|e| e.text).unwrap_or_default()
}

fn opt_shown_text(
    field: Field,
    value: &Option<Sp<String>>,
    shown: &mut Shown,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<String> {
    value.as_ref().map(|v| shown_text(field, v, shown, at, vars, out))
}

pub(super) fn opt_text(
    value: &Option<Sp<String>>,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<String> {
    value.as_ref().map(|v| text(v, at, vars, out))
}

pub fn check<'a>(
    raw: &'a RawEnvironment,
    at: At<'a>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> CheckedEnvironment<'a> {
    let name = raw.name.value.clone();
    let dir = &at.file.dir;
    let path = |v: Option<String>| v.filter(|p| !p.is_empty()).map(|p| dir.join(p));
    let mut shown = Shown::default();
    remember_security(raw, vars, &mut shown);
    let security = raw
        .security
        .as_ref()
        .map_or_else(Security::default, |s| security::check(raw, s, at, vars, out));
    let msk = raw.msk.as_ref().map(|m| Msk {
        cluster_arn: shown_text(Field::MskClusterArn, &m.value.cluster_arn, &mut shown, at, vars, out),
        region: opt_shown_text(Field::MskRegion, &m.value.region, &mut shown, at, vars, out),
    });
    let schema_registry = raw.schema_registry.as_ref().map(|r| SchemaRegistry {
        url: shown_text(Field::RegistryUrl, &r.value.url, &mut shown, at, vars, out),
        username: opt_shown_text(Field::RegistryUsername, &r.value.username, &mut shown, at, vars, out),
        password: opt_text(&r.value.password, at, vars, out).map(Secret::new),
        ca_file: path(opt_shown_text(
            Field::RegistryCa,
            &r.value.ca,
            &mut shown,
            at,
            vars,
            out,
        )),
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
                    out.push(
                        at.on(
                            SpecDiagnostic::error(
                                "topicctl::invalid_policy",
                                format!("policy.topicName is not a valid regular expression: {e}"),
                            )
                            .help(
                                "write a regular expression in Rust's `regex` syntax, in single quotes so YAML keeps \
                             backslashes, e.g. '^[a-z0-9-]+\\.[a-z0-9-]+$'",
                            ),
                            pattern,
                            "this pattern",
                        ),
                    );
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
            bootstrap: opt_shown_text(Field::Bootstrap, &raw.bootstrap, &mut shown, at, vars, out),
            security,
            msk,
            cluster_id: opt_shown_text(Field::ClusterId, &raw.cluster_id, &mut shown, at, vars, out),
            schema_registry,
            provision,
            default_partitions,
            default_replication_factor: default_rf,
            policy,
            owns,
            replicas: raw
                .replicas
                .as_ref()
                .map(|r| replicas::check(r, at, out))
                .unwrap_or_default(),
            shown,
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
