//! Topic specs for existing topics, as `import` writes them: only real overrides, in human units.

use std::fmt::Write;

use crate::model::state::State;
use crate::model::topic_config::humanise;

fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ','))
        && !matches!(value, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~");
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

pub fn render(state: &State) -> String {
    let mut out =
        String::from("# yaml-language-server: $schema=topicctl.schema.json\n# Imported by `topicctl import`.\n");
    for topic in state.topics.values() {
        out.push_str("---\nkind: Topic\n");
        let _ = writeln!(out, "name: {}", scalar(&topic.name));
        let _ = writeln!(out, "partitions: {}", topic.partitions);
        let _ = writeln!(out, "replicationFactor: {}", topic.replication_factor);
        if !topic.config.is_empty() {
            out.push_str("config:\n");
            for (k, v) in &topic.config {
                let shown = humanise(k, v).unwrap_or_else(|| v.clone());
                let _ = writeln!(out, "  {k}: {}", scalar(&shown));
            }
        }
    }
    out
}
