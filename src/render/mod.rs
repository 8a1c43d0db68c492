//! Turns a plan into text for people, JSON for machines and Markdown for pull-request comments. No I/O.

pub mod cluster_info;
pub mod diagnostics;
