//! Why a field's variables could not be expanded, as diagnostics at the field: a variable the command line does
//! not allow, one allowed but not set, or a result over the cap. Never a variable's value.

use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::interpolate::Failed;
use crate::spec::raw::Sp;
use crate::spec::validate::at::At;
use crate::spec::validate::environment::variables::{FIELD_CAP, PREFIX, TOTAL_CAP};

pub const NOT_ALLOWED: &str = "topicctl::variable_not_allowed";
pub const UNSET: &str = "topicctl::unset_variable";
pub const TOO_LARGE: &str = "topicctl::variable_too_large";

fn quoted(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|m| format!("`{m}`")).collect();
    names.join(", ")
}

pub fn diagnostics(failed: &Failed, value: &Sp<String>, at: At<'_>) -> Vec<SpecDiagnostic> {
    let mut out = Vec::new();
    if let Some(first) = failed.not_allowed.first() {
        let one = failed.not_allowed.len() == 1;
        out.push(
            at.on(
                SpecDiagnostic::error(
                    NOT_ALLOWED,
                    format!(
                        "{} {} not among the variables the specs may read",
                        quoted(&failed.not_allowed),
                        if one { "is" } else { "are" },
                    ),
                ),
                value,
                "not allowed",
            )
            .help(format!(
                "the command line decides which variables specs may read: pass `--var {first}` or set \
                 `TOPICCTL_VARS={first}` (or name the variable `{PREFIX}…`); or give a default: `${{{first}:-value}}`"
            )),
        );
    }
    if let Some(first) = failed.unset.first() {
        let one = failed.unset.len() == 1;
        out.push(
            at.on(
                SpecDiagnostic::error(
                    UNSET,
                    format!(
                        "{} {} not set and {} no default",
                        quoted(&failed.unset),
                        if one { "is" } else { "are" },
                        if one { "has" } else { "have" }
                    ),
                ),
                value,
                "used here",
            )
            .help(format!("set the variable, or give a default: `${{{first}:-value}}`")),
        );
    }
    if failed.too_long {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    TOO_LARGE,
                    format!(
                        "this field would be over {} KiB with its variables expanded (all fields together: at most {} \
                         KiB)",
                        FIELD_CAP / 1024,
                        TOTAL_CAP / 1024
                    ),
                ),
                value,
                "expands too far",
            )
            .help("variables fill connection settings (addresses, names, passwords): check what they hold"),
        );
    }
    out
}
