//! Topic config maps: keys checked against Kafka's topic configs, values normalised to what Kafka stores.

use std::collections::BTreeMap;

use crate::spec::raw::Sp;

use crate::model::topic_config::{TOPIC_CONFIGS, closest, lookup};
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{Scalar, SpannedMap};
use crate::spec::validate::at::At;

/// A checked config value and where it was written.
#[derive(Debug, Clone)]
pub struct ConfigValue<'a> {
    pub value: String,
    pub at: At<'a>,
    pub span: &'a Sp<Scalar>,
}

/// Check and normalise a config map; problems go to `out`, valid entries are returned sorted by key.
pub fn check<'a>(
    map: Option<&'a SpannedMap<Scalar>>,
    at: At<'a>,
    out: &mut Vec<SpecDiagnostic>,
) -> BTreeMap<String, ConfigValue<'a>> {
    let mut checked = BTreeMap::new();
    let Some(map) = map else { return checked };
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| k.referenced.span().offset());
    for (key, value) in entries {
        if crate::model::layout::is_throttle_key(&key.value) {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::operational_config",
                        format!("`{}` is set by reassignments, not declared", key.value),
                    ),
                    key,
                    "operational, not declared",
                )
                .help(
                    "remove it: `apply` sets and removes throttle entries around the replica moves it makes (the \
                     rate is `replicas.throttleMiBps` of the environment)",
                ),
            );
            continue;
        }
        let Some(config) = lookup(&key.value) else {
            let mut d = at.on(
                SpecDiagnostic::error(
                    "topicctl::unknown_config_key",
                    format!("unknown topic config `{}`", key.value),
                ),
                key,
                "not a Kafka topic config",
            );
            d = match closest(&key.value, TOPIC_CONFIGS.iter().map(|c| c.name)) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help("see the topic configs of Apache Kafka 4.x (`kafka-configs.sh --describe --all`)"),
            };
            out.push(d);
            continue;
        };
        match config.normalise(&value.value.0) {
            Ok(normalised) => {
                checked.insert(
                    key.value.clone(),
                    ConfigValue {
                        value: normalised,
                        at,
                        span: value,
                    },
                );
            }
            Err(invalid) => out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::invalid_config_value",
                        format!("invalid value for `{}`: {}", key.value, invalid.message),
                    ),
                    value,
                    "this value",
                )
                .with_help(invalid.help),
            ),
        }
    }
    checked
}
