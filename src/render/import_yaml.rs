//! Topic specs for existing topics, as `import` writes them: only real overrides, in human units.

use std::fmt::Write;

use crate::model::state::State;
use crate::model::subject::{SchemaReference, SchemaType};
use crate::model::topic_config::humanise;
use crate::spec::principal_import::PrincipalSpec;

fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ',' | ':' | '*' | '/'))
        && !value.ends_with(':')
        && !value.starts_with(['*', ':', '-'])
        && !matches!(value, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~");
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

fn list(items: &[String]) -> String {
    // Inside a flow sequence a comma would split the item: quote those.
    items
        .iter()
        .map(|i| {
            if i.contains(',') {
                format!("'{}'", i.replace('\'', "''"))
            } else {
                scalar(i)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn principal(out: &mut String, p: &PrincipalSpec) {
    out.push_str("---\nkind: Principal\n");
    let _ = writeln!(out, "name: {}", scalar(&p.name));
    for (key, items) in [
        ("consumes", &p.consumes),
        ("produces", &p.produces),
        ("groups", &p.groups),
        ("transactionalIds", &p.transactional_ids),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "{key}: [{}]", list(items));
        }
    }
    if !p.acls.is_empty() {
        out.push_str("acls:\n");
        for a in &p.acls {
            let ops: Vec<String> = a.operations.iter().map(|o| o.to_string()).collect();
            let _ = writeln!(
                out,
                "  - {{resource: {}, name: {}, pattern: {}, operations: [{}], permission: {}, host: {}}}",
                a.resource,
                scalar(&a.name),
                a.pattern,
                ops.join(", "),
                a.permission,
                scalar(&a.host)
            );
        }
    }
}

/// A subject as `import` writes it: its schema lives in `file` (relative to the spec file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectSpec {
    pub name: String,
    pub schema_type: SchemaType,
    pub file: String,
    pub compatibility: Option<String>,
    pub references: Vec<SchemaReference>,
}

/// Topic, Principal and Subject documents.
pub fn render_all(state: &State, principals: &[PrincipalSpec], subjects: &[SubjectSpec]) -> String {
    let mut out = render(state);
    for p in principals {
        principal(&mut out, p);
    }
    for s in subjects {
        out.push_str("---\nkind: Subject\n");
        let _ = writeln!(out, "name: {}", scalar(&s.name));
        let kind = match s.schema_type {
            SchemaType::Avro => "avro",
            SchemaType::Protobuf => "protobuf",
            SchemaType::Json => "json",
        };
        let _ = writeln!(out, "type: {kind}");
        let _ = writeln!(out, "schema: {}", scalar(&s.file));
        if let Some(level) = &s.compatibility {
            let _ = writeln!(out, "compatibility: {level}");
        }
        if !s.references.is_empty() {
            out.push_str("references:\n");
            for r in &s.references {
                let _ = writeln!(
                    out,
                    "  - {{name: {}, subject: {}, version: {}}}",
                    scalar(&r.name),
                    scalar(&r.subject),
                    r.version
                );
            }
        }
    }
    out
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
