//! Topic documents: names, partitions, replication, configs, per-environment overrides; then each topic is
//! resolved for every environment it is enabled in, with the environment's defaults, overrides and policy.

use std::collections::BTreeMap;

use crate::spec::raw::Sp;

use crate::model::replicas::PlacementRule;
use crate::model::topic::Topic;
use crate::model::topic_name;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{RawTopic, RawTopicEnvironment};
use crate::spec::validate::at::At;
use crate::spec::validate::config::{self, ConfigValue};
use crate::spec::validate::environment::CheckedEnvironment;
use crate::spec::validate::environment::replicas::placement_rule;
use crate::spec::validate::range;

pub struct CheckedTopic<'a> {
    pub raw: &'a RawTopic,
    pub at: At<'a>,
    pub config: BTreeMap<String, ConfigValue<'a>>,
    /// Per environment name: the override block and its checked config.
    pub environments: BTreeMap<String, (&'a RawTopicEnvironment, BTreeMap<String, ConfigValue<'a>>)>,
    /// The topic's placement rule, and per environment name the one its block sets.
    pub placement: Option<PlacementRule>,
    pub env_placement: BTreeMap<String, PlacementRule>,
}

/// Partitions and replication factor in their ranges, where given.
fn check_counts(
    partitions: &Option<Sp<i64>>,
    replication_factor: &Option<Sp<i64>>,
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) {
    range::partitions(partitions.as_ref(), "partitions", at, out);
    range::replication_factor(replication_factor.as_ref(), "replicationFactor", at, out);
}

/// Checks that need no environment. `env_names` is `None` when some document could not be read: a block for an
/// environment not found is then not reported (it may be in that document).
pub fn check<'a>(
    raw: &'a RawTopic,
    at: At<'a>,
    env_names: Option<&[&str]>,
    out: &mut Vec<SpecDiagnostic>,
) -> CheckedTopic<'a> {
    if let Err(reason) = topic_name::check(&raw.name.value) {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::invalid_topic_name",
                    format!("invalid topic name `{}`: {reason}", raw.name.value),
                )
                .help("Kafka topic names use ASCII letters, digits, `.`, `_` and `-` only, at most 249 of them"),
                &raw.name,
                "not a legal Kafka topic name",
            ),
        );
    }
    if let Some(why) = topic_name::reserved(&raw.name.value) {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::reserved_topic_name",
                    format!("`{}` is reserved: {why}", raw.name.value),
                )
                .help("topicctl leaves internal topics to the brokers and the registry: choose another name"),
                &raw.name,
                "reserved name",
            ),
        );
    }
    check_counts(&raw.partitions, &raw.replication_factor, at, out);
    let config = config::check(raw.config.as_ref(), at, out);
    let placement = raw.placement.as_ref().and_then(|p| placement_rule(p, at, out));
    let mut env_placement = BTreeMap::new();
    let mut environments = BTreeMap::new();
    let mut entries: Vec<_> = raw.environments.iter().flatten().collect();
    entries.sort_by_key(|(k, _)| k.referenced.span().offset());
    for (name, block) in entries {
        if let Some(env_names) = env_names
            && !env_names.contains(&name.value.as_str())
        {
            let mut d = at.on(
                SpecDiagnostic::error(
                    "topicctl::unknown_environment",
                    format!("no environment is named `{}`", name.value),
                ),
                name,
                "unknown environment",
            );
            d = match crate::model::suggest::closest(&name.value, env_names.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None if env_names.is_empty() => d.help("no Environment document was found"),
                None => d.help(format!("the environments are: {}", env_names.join(", "))),
            };
            out.push(d);
            continue;
        }
        let b = &block.value;
        check_counts(&b.partitions, &b.replication_factor, at, out);
        let env_config = config::check(b.config.as_ref(), at, out);
        if let Some(rule) = b.placement.as_ref().and_then(|p| placement_rule(p, at, out)) {
            env_placement.insert(name.value.clone(), rule);
        }
        environments.insert(name.value.clone(), (b, env_config));
    }
    CheckedTopic {
        raw,
        at,
        config,
        environments,
        placement,
        env_placement,
    }
}

/// The topic as `env` wants it, or `None` when disabled there or not resolvable (problems pushed to `out`).
pub fn resolve(topic: &CheckedTopic<'_>, env: &CheckedEnvironment<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<Topic> {
    let env_name = &env.environment.name;
    let at = topic.at;
    let name = &topic.raw.name;
    let block = topic.environments.get(env_name);
    if block.and_then(|(b, _)| b.enabled.as_ref()).is_some_and(|e| !e.value) {
        return None;
    }
    let in_env = |what: &str| format!("{what} in environment `{env_name}`");

    // The value and where it came from: environment override > topic's environment block > topic > defaults.
    let layered = |over: Option<&Sp<i64>>, in_block: Option<&Sp<i64>>, own: Option<&Sp<i64>>, default: Option<i64>| {
        over.map(|p| (p.value, env.at.span(p), env.at))
            .or_else(|| in_block.map(|p| (p.value, at.span(p), at)))
            .or_else(|| own.map(|p| (p.value, at.span(p), at)))
            .or_else(|| default.map(|d| (d, at.span(name), at)))
    };
    let partitions = layered(
        env.override_partitions,
        block.and_then(|(b, _)| b.partitions.as_ref()),
        topic.raw.partitions.as_ref(),
        env.environment.default_partitions.map(i64::from),
    );
    let rf = layered(
        env.override_replication_factor,
        block.and_then(|(b, _)| b.replication_factor.as_ref()),
        topic.raw.replication_factor.as_ref(),
        env.environment.default_replication_factor.map(i64::from),
    );
    let Some((partitions, _, _)) = partitions else {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::missing_partitions",
                    in_env(&format!("topic `{}` has no partition count", name.value)),
                )
                .help(format!(
                    "set `partitions:` on the topic, or `defaults: {{partitions: N}}` on environment `{env_name}`"
                )),
                name,
                "how many partitions?",
            ),
        );
        return None;
    };
    let Some((rf, rf_span, rf_at)) = rf else {
        out.push(at.on(
            SpecDiagnostic::error("topicctl::missing_replication_factor", in_env(&format!("topic `{}` has no replication factor", name.value)))
                .help(format!("set `replicationFactor:` on the topic, or `defaults: {{replicationFactor: N}}` on environment `{env_name}`")),
            name,
            "how many replicas?",
        ));
        return None;
    };

    let mut config: BTreeMap<String, &ConfigValue<'_>> = BTreeMap::new();
    for layer in [
        Some(&env.default_config),
        Some(&topic.config),
        block.map(|(_, c)| c),
        Some(&env.override_config),
    ]
    .into_iter()
    .flatten()
    {
        for (k, v) in layer {
            config.insert(k.clone(), v);
        }
    }

    // Every layer was range-checked where it was read; a value that still does not fit is not resolved.
    let (Ok(partitions), Ok(rf_narrow)) = (i32::try_from(partitions), i16::try_from(rf)) else {
        return None;
    };
    let mut ok = partitions >= 1 && rf_narrow >= 1;
    if let Some(isr) = config.get("min.insync.replicas") {
        let isr_value: i64 = isr.value.parse().unwrap_or(1);
        if isr_value > rf {
            ok = false;
            out.push(
                isr.at
                    .on(
                        SpecDiagnostic::error(
                            "topicctl::min_insync_above_replication",
                            in_env(&format!(
                                "topic `{}`: min.insync.replicas {isr_value} is larger than its replication factor {rf}",
                                name.value
                            )),
                        ),
                        isr.span,
                        "no write could ever be acknowledged with acks=all",
                    )
                    .help(format!("lower min.insync.replicas to at most {rf}, or raise the replication factor")),
            );
        }
        if let Some(min) = env.environment.policy.min_insync_replicas.filter(|m| isr_value < *m) {
            out.push(
                isr.at.on(
                    SpecDiagnostic::error(
                        "topicctl::policy_violation",
                        in_env(&format!(
                            "topic `{}`: min.insync.replicas {isr_value} is below the policy minimum {min}",
                            name.value
                        )),
                    )
                    .help(format!(
                        "set min.insync.replicas to at least {min} (policy.minInsyncReplicas of `{env_name}`)"
                    )),
                    isr.span,
                    "below policy",
                ),
            );
        }
    }
    if let Some(min) = env.environment.policy.min_replication_factor.filter(|m| rf < *m) {
        out.push(
            SpecDiagnostic::error(
                "topicctl::policy_violation",
                in_env(&format!(
                    "topic `{}`: replication factor {rf} is below the policy minimum {min}",
                    name.value
                )),
            )
            .at(rf_at.file, rf_span, "below policy")
            .help(format!(
                "use a replication factor of at least {min} (policy.minReplicationFactor of `{env_name}`)"
            )),
        );
    }
    if let Some(re) = &env.topic_name_pattern
        && !re.is_match(&name.value)
    {
        {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::policy_violation",
                        in_env(&format!("topic `{}` does not match the naming policy", name.value)),
                    )
                    .help(format!("names in `{env_name}` must match {}", re.as_str())),
                    name,
                    "does not match policy.topicName",
                ),
            );
        }
    }
    if !ok {
        return None;
    }
    let labels = topic
        .raw
        .labels
        .iter()
        .flatten()
        .map(|(k, v)| (k.value.clone(), v.value.0.clone()))
        .collect();
    Some(Topic {
        name: name.value.clone(),
        partitions,
        replication_factor: rf_narrow,
        config: config.into_iter().map(|(k, v)| (k, v.value.clone())).collect(),
        labels,
        id: None,
        placement: topic.env_placement.get(env_name.as_str()).copied().or(topic.placement),
    })
}
