//! Turns a plan into text for people, JSON for machines and Markdown for pull-request comments. No I/O.

pub mod apply_report;
pub mod cluster_info;
pub mod cluster_status;
pub mod diagnostics;
pub mod escape;
pub mod excerpt;
pub mod health;
pub mod import_yaml;
pub mod plan_json;
pub mod plan_markdown;
pub mod plan_text;
pub mod plan_words;
pub mod replica_words;
pub mod schema_file_names;

#[cfg(test)]
mod plan_snapshots;
