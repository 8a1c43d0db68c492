//! User documents (SCRAM credentials, with passwords from an environment variable or a file) and Quota documents.

use std::collections::BTreeMap;

use crate::files::{self, FileError};
use crate::model::quota::{QuotaEntity, QuotaEntityPart, QuotaValues};
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::secret::Secret;
use crate::model::suggest::closest;
use crate::model::topic_config::lookup;
use crate::model::user::{Credential, QUOTA_KEYS, User};
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::interpolate::Lookup;
use crate::spec::raw::{RawQuota, RawUser, Scalar, SpannedMap};
use crate::spec::validate::at::At;
use crate::spec::validate::environment::password_env_not_allowed;
use crate::spec::validate::environment::variables::Variables;
use crate::spec::validate::range;

/// Kafka's minimum and a ceiling well above what brokers accept by default.
const ITERATIONS: (i32, i32) = (4096, 16384);

pub fn check_user(raw: &RawUser, at: At<'_>, vars: &Variables<'_>, out: &mut Vec<SpecDiagnostic>) -> User {
    let mut user = User {
        name: raw.name.value.clone(),
        credentials: BTreeMap::new(),
    };
    for spanned in raw.credentials.iter().flatten() {
        let c = &spanned.value;
        let Some(mechanism) = ScramMechanismKind::parse(&c.mechanism.value) else {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::invalid_value",
                        format!("unknown SCRAM mechanism `{}`", c.mechanism.value),
                    )
                    .help("one of SCRAM-SHA-256, SCRAM-SHA-512"),
                    &c.mechanism,
                    "not a SCRAM mechanism",
                ),
            );
            continue;
        };
        let iterations = c.iterations.as_ref().map_or(Some(8192), |i| {
            range::checked(i, "iterations", "topicctl::invalid_value", ITERATIONS, at, out)
        });
        let (password, source) = match (&c.password_env, &c.password_file) {
            (Some(var), None) => match vars.lookup(&var.value) {
                Lookup::Value(p) => (Some(p), format!("${}", var.value)),
                Lookup::Unset => (None, format!("${}", var.value)),
                Lookup::NotAllowed => {
                    out.push(password_env_not_allowed(var, at));
                    continue;
                }
            },
            (None, Some(file)) => {
                // May be absolute (a mounted secret). Missing: a warning below; not a small regular text file:
                // an error. The content is never shown.
                let path = at.file.dir.join(&file.value);
                let password = match files::read_regular_text(&path, files::SMALL_CAP) {
                    Ok(text) => Some(text.trim_end_matches(['\n', '\r']).to_owned()),
                    Err(FileError::Io { .. }) => None,
                    Err(e) => {
                        out.push(at.on(SpecDiagnostic::file(&e, "password"), file, "password file"));
                        continue;
                    }
                };
                (password, path.display().to_string())
            }
            _ => {
                out.push(
                    at.on(
                        SpecDiagnostic::error(
                            "topicctl::password_source",
                            "a credential needs exactly one of passwordEnv or passwordFile",
                        )
                        .help("passwords never live in the YAML: name an environment variable or a file"),
                        spanned,
                        "where does the password come from?",
                    ),
                );
                continue;
            }
        };
        if password.is_none() {
            out.push(
                at.on(
                    SpecDiagnostic::warning(
                        "topicctl::password_unavailable",
                        format!("the password of user `{}` ({source}) is not available", user.name),
                    )
                    .help("validate does not need it; plan and apply do"),
                    spanned,
                    "password source",
                ),
            );
        }
        if user.credentials.contains_key(&mechanism) {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::duplicate_resource",
                        format!("user `{}` has two {} credentials", user.name, mechanism.name()),
                    )
                    .help("keep one entry per mechanism: remove this one or the first"),
                    &c.mechanism,
                    "again",
                ),
            );
        }
        user.credentials.insert(
            mechanism,
            Credential {
                iterations: iterations.unwrap_or(8192),
                password: password.map(Secret::new),
                source,
                password_matches: None,
            },
        );
    }
    user
}

/// Quota values: byte rates accept sizes (`1MiB` per second), the others plain numbers.
pub fn quota_values(map: &SpannedMap<Scalar>, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> QuotaValues {
    let mut values = QuotaValues::new();
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| k.referenced.span().offset());
    for (key, value) in entries {
        if !QUOTA_KEYS.contains(&key.value.as_str()) {
            let mut d = at.on(
                SpecDiagnostic::error("topicctl::unknown_quota_key", format!("unknown quota `{}`", key.value)),
                key,
                "not a client quota",
            );
            d = match closest(&key.value, QUOTA_KEYS.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!("one of {}", QUOTA_KEYS.join(", "))),
            };
            out.push(d);
            continue;
        }
        let parsed = if key.value.ends_with("_byte_rate") {
            // Same sizes as topic configs (`1MiB`), per second.
            lookup("retention.bytes")
                .and_then(|c| c.normalise(&value.value.0).ok())
                .and_then(|v| v.parse::<f64>().ok())
        } else {
            value.value.0.parse::<f64>().ok()
        };
        match parsed {
            Some(v) if v > 0.0 && v.is_finite() => {
                values.insert(key.value.clone(), v);
            }
            _ => out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::invalid_value",
                        format!("invalid value for quota `{}`: `{}`", key.value, value.value.0),
                    )
                    .help("a positive number; byte rates also accept sizes such as 1MiB (per second)"),
                    value,
                    "this value",
                ),
            ),
        }
    }
    values
}

fn part(entity_type: &str, name: &str) -> QuotaEntityPart {
    QuotaEntityPart {
        entity_type: entity_type.into(),
        name: (name != "<default>").then(|| name.to_owned()),
    }
}

pub fn user_entity(name: &str) -> QuotaEntity {
    vec![part("user", name)]
}

pub fn check_quota(raw: &RawQuota, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<(QuotaEntity, QuotaValues)> {
    let mut entity = Vec::new();
    if let Some(c) = &raw.client_id {
        entity.push(part("client-id", &c.value));
    }
    if let Some(u) = &raw.user {
        entity.push(part("user", &u.value));
    }
    if entity.is_empty() {
        out.push(
            at.on_doc(
                SpecDiagnostic::error("topicctl::missing_field", "a Quota names `clientId`, `user` or both")
                    .help("use `<default>` for the default entity"),
                "which clients?",
            ),
        );
        return None;
    }
    entity.sort();
    Some((entity, quota_values(&raw.quotas, at, out)))
}
