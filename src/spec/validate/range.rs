//! Numbers from specs are `i64` as YAML gives them; each is range-checked where it is read and converted with a
//! checked conversion, so a value that does not fit (`partitions: 4294967297`) is a spec error with the valid
//! range, never a silent truncation.

use std::fmt::Display;

use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::Sp;
use crate::spec::validate::at::At;

/// Kafka's partition count is an `int32`.
pub const PARTITIONS: (i32, i32) = (1, i32::MAX);
/// Kafka's replication factor is an `int16`.
pub const REPLICATION_FACTOR: (i16, i16) = (1, i16::MAX);

/// `value` as a `T` within `min..=max`; otherwise a `code` error naming `what` and the range, and `None`.
pub fn checked<T>(
    value: &Sp<i64>,
    what: &str,
    code: &'static str,
    (min, max): (T, T),
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<T>
where
    T: TryFrom<i64> + Into<i64> + Display + Copy,
{
    match T::try_from(value.value) {
        Ok(v) if (min.into()..=max.into()).contains(&value.value) => Some(v),
        _ => {
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        code,
                        format!("{what} must be between {min} and {max}, not {}", value.value),
                    ),
                    value,
                    "out of range",
                )
                .help(format!("use a value from {min} to {max}")),
            );
            None
        }
    }
}

/// Partitions, where given: `topicctl::invalid_partitions` outside 1..=2147483647.
pub fn partitions(value: Option<&Sp<i64>>, what: &str, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<i32> {
    checked(value?, what, "topicctl::invalid_partitions", PARTITIONS, at, out)
}

/// A replication factor, where given: `topicctl::invalid_replication_factor` outside 1..=32767.
pub fn replication_factor(
    value: Option<&Sp<i64>>,
    what: &str,
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<i16> {
    checked(
        value?,
        what,
        "topicctl::invalid_replication_factor",
        REPLICATION_FACTOR,
        at,
        out,
    )
}
