//! The table of Kafka 4.x topic configs: type, unit and valid range of each key, used both to validate specs and
//! to normalise values to the form Kafka stores (`7d` → `604800000`), so the two sides of a diff compare equal.

/// What kind of value a config takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// An integer, optionally with a unit that lets specs write `7d` or `1GiB`.
    Int {
        unit: Unit,
        min: i64,
        max: i64,
    },
    Double {
        min: f64,
        max: f64,
    },
    Bool,
    /// One of a fixed set of values.
    Enum(&'static [&'static str]),
    /// A comma-separated list; `allowed` empty means any items. Order carries no meaning.
    List(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    None,
    Millis,
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicConfig {
    pub name: &'static str,
    pub kind: Kind,
}

const LONG: i64 = i64::MAX;
const INT: i64 = i32::MAX as i64;

const fn int(name: &'static str, unit: Unit, min: i64, max: i64) -> TopicConfig {
    TopicConfig {
        name,
        kind: Kind::Int { unit, min, max },
    }
}

pub use crate::model::suggest::closest;

/// Every topic-level config of Apache Kafka 4.x, sorted by name.
pub const TOPIC_CONFIGS: &[TopicConfig] = &[
    TopicConfig {
        name: "cleanup.policy",
        kind: Kind::List(&["compact", "delete"]),
    },
    int("compression.gzip.level", Unit::None, -1, 9),
    int("compression.lz4.level", Unit::None, 1, 17),
    TopicConfig {
        name: "compression.type",
        kind: Kind::Enum(&["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
    },
    int("compression.zstd.level", Unit::None, -131072, 22),
    int("delete.retention.ms", Unit::Millis, 0, LONG),
    int("file.delete.delay.ms", Unit::Millis, 0, LONG),
    int("flush.messages", Unit::None, 1, LONG),
    int("flush.ms", Unit::Millis, 0, LONG),
    TopicConfig {
        name: "follower.replication.throttled.replicas",
        kind: Kind::List(&[]),
    },
    int("index.interval.bytes", Unit::Bytes, 0, INT),
    TopicConfig {
        name: "leader.replication.throttled.replicas",
        kind: Kind::List(&[]),
    },
    int("local.retention.bytes", Unit::Bytes, -2, LONG),
    int("local.retention.ms", Unit::Millis, -2, LONG),
    int("max.compaction.lag.ms", Unit::Millis, 1, LONG),
    int("max.message.bytes", Unit::Bytes, 0, INT),
    int("message.timestamp.after.max.ms", Unit::Millis, 0, LONG),
    int("message.timestamp.before.max.ms", Unit::Millis, 0, LONG),
    TopicConfig {
        name: "message.timestamp.type",
        kind: Kind::Enum(&["CreateTime", "LogAppendTime"]),
    },
    TopicConfig {
        name: "min.cleanable.dirty.ratio",
        kind: Kind::Double { min: 0.0, max: 1.0 },
    },
    int("min.compaction.lag.ms", Unit::Millis, 0, LONG),
    int("min.insync.replicas", Unit::None, 1, INT),
    TopicConfig {
        name: "preallocate",
        kind: Kind::Bool,
    },
    TopicConfig {
        name: "remote.log.copy.disable",
        kind: Kind::Bool,
    },
    TopicConfig {
        name: "remote.log.delete.on.disable",
        kind: Kind::Bool,
    },
    TopicConfig {
        name: "remote.storage.enable",
        kind: Kind::Bool,
    },
    int("retention.bytes", Unit::Bytes, -1, LONG),
    int("retention.ms", Unit::Millis, -1, LONG),
    int("segment.bytes", Unit::Bytes, 1024 * 1024, INT),
    int("segment.index.bytes", Unit::Bytes, 4, INT),
    int("segment.jitter.ms", Unit::Millis, 0, LONG),
    int("segment.ms", Unit::Millis, 1, LONG),
    TopicConfig {
        name: "unclean.leader.election.enable",
        kind: Kind::Bool,
    },
];

pub fn lookup(name: &str) -> Option<&'static TopicConfig> {
    TOPIC_CONFIGS
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &TOPIC_CONFIGS[i])
}

/// Why a value does not fit its key, with a hint where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    pub message: String,
    pub help: Option<String>,
}

fn invalid(message: String, help: Option<String>) -> InvalidValue {
    InvalidValue { message, help }
}

impl TopicConfig {
    /// The value as Kafka stores it, or why it is not valid for this key.
    pub fn normalise(&self, raw: &str) -> Result<String, InvalidValue> {
        let value = raw.trim();
        match self.kind {
            Kind::Int { unit, min, max } => {
                let n = parse_amount(value, unit).map_err(|m| invalid(m, unit_help(unit)))?;
                if n < min || n > max {
                    let range = match (min, max) {
                        (-1, LONG) => "-1 (unlimited) or a positive number".to_owned(),
                        (-2, LONG) => "-2 (use retention), -1 (unlimited) or a positive number".to_owned(),
                        (min, LONG) | (min, INT) => format!("at least {min}"),
                        (min, max) => format!("between {min} and {max}"),
                    };
                    return Err(invalid(
                        format!("`{raw}` is out of range for {}: must be {range}", self.name),
                        None,
                    ));
                }
                Ok(n.to_string())
            }
            Kind::Double { min, max } => match value.parse::<f64>() {
                Ok(x) if x >= min && x <= max => Ok(value.to_owned()),
                Ok(_) => Err(invalid(
                    format!(
                        "`{raw}` is out of range for {}: must be between {min} and {max}",
                        self.name
                    ),
                    None,
                )),
                Err(_) => Err(invalid(format!("`{raw}` is not a number"), None)),
            },
            Kind::Bool => match value.to_ascii_lowercase().as_str() {
                "true" => Ok("true".to_owned()),
                "false" => Ok("false".to_owned()),
                _ => Err(invalid(format!("`{raw}` is not true or false"), None)),
            },
            Kind::Enum(allowed) => allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(value))
                .map(|a| (*a).to_owned())
                .ok_or_else(|| {
                    invalid(
                        format!("`{raw}` is not a valid {}", self.name),
                        Some(choices(value, allowed)),
                    )
                }),
            Kind::List(allowed) => {
                let mut items: Vec<String> = Vec::new();
                for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let item = if allowed.is_empty() {
                        item.to_owned()
                    } else {
                        allowed
                            .iter()
                            .find(|a| a.eq_ignore_ascii_case(item))
                            .map(|a| (*a).to_owned())
                            .ok_or_else(|| {
                                invalid(
                                    format!("`{item}` is not a valid {}", self.name),
                                    Some(choices(item, allowed)),
                                )
                            })?
                    };
                    if !items.contains(&item) {
                        items.push(item);
                    }
                }
                items.sort();
                Ok(items.join(","))
            }
        }
    }

    pub fn unit(&self) -> Unit {
        match self.kind {
            Kind::Int { unit, .. } => unit,
            _ => Unit::None,
        }
    }
}

fn choices(value: &str, allowed: &[&str]) -> String {
    match closest(value, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? (one of {})", allowed.join(", ")),
        None => format!("one of {}", allowed.join(", ")),
    }
}

fn unit_help(unit: Unit) -> Option<String> {
    match unit {
        Unit::Millis => Some("write milliseconds, or a duration such as 500ms, 30s, 15m, 12h, 7d, 2w".into()),
        Unit::Bytes => Some("write bytes, or a size such as 512KiB, 64MiB, 1GiB (binary) or 100MB (decimal)".into()),
        Unit::None => None,
    }
}

/// `-1`, `604800000`, `7d`, `1GiB`: a number with an optional unit suffix allowed for the key's unit.
fn parse_amount(value: &str, unit: Unit) -> Result<i64, String> {
    if let Ok(n) = value.parse::<i64>() {
        return Ok(n);
    }
    let split = value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len());
    let (digits, suffix) = value.split_at(split);
    let factor: i64 = match (unit, suffix.trim()) {
        (Unit::Millis, "ms") => 1,
        (Unit::Millis, "s") => 1_000,
        (Unit::Millis, "m" | "min") => 60_000,
        (Unit::Millis, "h") => 3_600_000,
        (Unit::Millis, "d") => 86_400_000,
        (Unit::Millis, "w") => 604_800_000,
        (Unit::Bytes, "B") => 1,
        (Unit::Bytes, "KiB") => 1 << 10,
        (Unit::Bytes, "MiB") => 1 << 20,
        (Unit::Bytes, "GiB") => 1 << 30,
        (Unit::Bytes, "TiB") => 1 << 40,
        (Unit::Bytes, "KB" | "kB") => 1_000,
        (Unit::Bytes, "MB") => 1_000_000,
        (Unit::Bytes, "GB") => 1_000_000_000,
        (Unit::Bytes, "TB") => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "`{value}` is not a number{}",
                match unit {
                    Unit::Millis => " or a duration",
                    Unit::Bytes => " or a size",
                    Unit::None => "",
                }
            ));
        }
    };
    digits
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("`{value}` is not a number or is too large"))
}

/// Kafka's stored form of a value (e.g. list order, `7d` as milliseconds), so equal values compare equal; an
/// unknown key or a value that does not parse is kept as it is.
pub fn stored_form(key: &str, value: &str) -> String {
    lookup(key)
        .and_then(|c| c.normalise(value).ok())
        .unwrap_or_else(|| value.to_owned())
}

/// A human rendering of a stored value for keys with units: `604800000` → `7d`, `1073741824` → `1GiB`.
pub fn humanise(name: &str, stored: &str) -> Option<String> {
    let config = lookup(name)?;
    let n: i64 = stored.parse().ok()?;
    if n <= 0 {
        return None;
    }
    let units: &[(i64, &str)] = match config.unit() {
        Unit::Millis => &[(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s")],
        Unit::Bytes => &[(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")],
        Unit::None => return None,
    };
    units
        .iter()
        .find(|(f, _)| n % f == 0)
        .map(|(f, s)| format!("{}{s}", n / f))
}

#[cfg(test)]
mod tests {
    use super::{TOPIC_CONFIGS, closest, humanise, lookup};

    fn norm(key: &str, value: &str) -> Result<String, String> {
        lookup(key).unwrap().normalise(value).map_err(|e| e.message)
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(TOPIC_CONFIGS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn durations_and_sizes_normalise_to_what_kafka_stores() {
        assert_eq!(norm("retention.ms", "7d").unwrap(), "604800000");
        assert_eq!(norm("retention.ms", "168h").unwrap(), "604800000");
        assert_eq!(norm("retention.ms", "-1").unwrap(), "-1");
        assert_eq!(norm("segment.ms", "2w").unwrap(), "1209600000");
        assert_eq!(norm("retention.bytes", "1GiB").unwrap(), "1073741824");
        assert_eq!(norm("max.message.bytes", "1MB").unwrap(), "1000000");
        assert_eq!(norm("cleanup.policy", "delete, compact").unwrap(), "compact,delete");
        assert_eq!(norm("compression.type", "LZ4").unwrap(), "lz4");
        assert_eq!(norm("unclean.leader.election.enable", "False").unwrap(), "false");
    }

    #[test]
    fn bad_values_are_explained() {
        assert_eq!(
            norm("retention.ms", "-5").unwrap_err(),
            "`-5` is out of range for retention.ms: must be -1 (unlimited) or a positive number"
        );
        assert_eq!(
            norm("retention.ms", "7 days").unwrap_err(),
            "`7 days` is not a number or a duration"
        );
        assert_eq!(
            norm("retention.bytes", "7d").unwrap_err(),
            "`7d` is not a number or a size"
        );
        assert!(
            norm("cleanup.policy", "compcat")
                .unwrap_err()
                .contains("not a valid cleanup.policy")
        );
        let help = lookup("compression.type")
            .unwrap()
            .normalise("brotli")
            .unwrap_err()
            .help
            .unwrap();
        assert_eq!(help, "one of uncompressed, zstd, lz4, snappy, gzip, producer");
        let help = lookup("cleanup.policy")
            .unwrap()
            .normalise("compcat")
            .unwrap_err()
            .help
            .unwrap();
        assert!(help.starts_with("did you mean `compact`?"), "{help}");
        assert!(norm("min.cleanable.dirty.ratio", "1.5").is_err());
        assert!(norm("min.insync.replicas", "0").is_err());
        assert!(norm("segment.bytes", "1KiB").is_err());
        assert!(norm("retention.ms", "99999999999999999999d").is_err());
    }

    #[test]
    fn suggestions_and_human_units() {
        assert_eq!(
            closest("retention.mss", TOPIC_CONFIGS.iter().map(|c| c.name)),
            Some("retention.ms")
        );
        assert_eq!(closest("totally.unrelated", TOPIC_CONFIGS.iter().map(|c| c.name)), None);
        assert_eq!(humanise("retention.ms", "604800000").as_deref(), Some("7d"));
        assert_eq!(humanise("retention.ms", "259200000").as_deref(), Some("3d"));
        assert_eq!(humanise("retention.bytes", "1073741824").as_deref(), Some("1GiB"));
        assert_eq!(humanise("min.insync.replicas", "2"), None);
    }
}
