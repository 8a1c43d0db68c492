//! The record of the throttles topicctl set for the reassignments it started, one JSON file per environment in
//! the state folder (`throttles/<environment>.json`), so it removes exactly those entries and rates and no one
//! else's. Written before the throttles are set and removed after they are gone: a crash in between leaves a
//! record of more than is set, never less. A lost record (another machine, a fresh CI runner) makes the entries
//! unrecorded: the plan notes them and `--prune` removes them when nothing is moving. The one reader: commands
//! read it and hand it to `workflow::live_plan` (which does no file I/O of its own).

use std::path::PathBuf;

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::model::layout::ThrottleRecord;

fn path(environment: &str) -> Option<PathBuf> {
    crate::files::state_file("throttles", environment, "json")
}

/// The record, or an empty one when there is none (or no state folder).
pub fn read(environment: &str) -> miette::Result<ThrottleRecord> {
    let Some(path) = path(environment) else {
        return Ok(ThrottleRecord::default());
    };
    match crate::files::read_state_text(&path)? {
        None => Ok(ThrottleRecord::default()),
        Some(text) => ThrottleRecord::from_json(&text).map_err(|e| {
            miette!(
                help = "delete it if it is damaged: the throttles it listed then show as unrecorded notes in \
                            `plan`, and `--prune` removes them once nothing moves",
                "{} is not a throttle record: {e}",
                path.display()
            )
        }),
    }
}

/// Replace the record (atomically); an empty record removes the file.
pub fn write(environment: &str, record: &ThrottleRecord) -> miette::Result<()> {
    let path = path(environment)
        .ok_or_else(|| miette!("no state folder for the throttle record: set TOPICCTL_STATE_DIR (or HOME)"))?;
    if record.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e)
                .into_diagnostic()
                .wrap_err(format!("removing {}", path.display())),
            _ => Ok(()),
        };
    }
    let dir = path.parent().expect("the record is in a folder");
    std::fs::create_dir_all(dir)
        .into_diagnostic()
        .wrap_err(format!("creating {}", dir.display()))?;
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(record).into_diagnostic()?;
    std::fs::write(&tmp, text)
        .into_diagnostic()
        .wrap_err(format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path)
        .into_diagnostic()
        .wrap_err(format!("writing {}", path.display()))
}
