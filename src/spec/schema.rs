//! The JSON Schema of a spec document, generated from the raw types, for editors (YAML language server).

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::spec::raw::{RawEnvironment, RawPrincipal, RawQuota, RawSubject, RawTopic, RawUser};

/// The schema as pretty JSON (stable: keys sorted, ends with a newline).
pub fn json_schema() -> String {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft07());
    let mut one_of = Vec::new();
    for (kind, schema) in [
        ("Environment", generator.subschema_for::<RawEnvironment>()),
        ("Topic", generator.subschema_for::<RawTopic>()),
        ("Principal", generator.subschema_for::<RawPrincipal>()),
        ("Subject", generator.subschema_for::<RawSubject>()),
        ("User", generator.subschema_for::<RawUser>()),
        ("Quota", generator.subschema_for::<RawQuota>()),
    ] {
        one_of.push((kind, schema.to_value()));
    }
    let mut definitions = generator.take_definitions(true);
    // Each kind's `kind` field takes exactly its own name.
    for (kind, reference) in &one_of {
        let name = reference["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .unwrap_or_default()
            .to_owned();
        if let Some(props) = definitions.get_mut(&name).and_then(|d| d.get_mut("properties")) {
            props["kind"] = json!({ "const": kind });
        }
    }
    let root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "topicctl spec document",
        "description": "One YAML document of a topicctl spec: an Environment, Topic, Principal, Subject, User or Quota.",
        "oneOf": one_of.iter().map(|(_, r)| r.clone()).collect::<Vec<Value>>(),
        "definitions": Value::Object(definitions),
    });
    let sorted: Value = serde_json::from_str(&root.to_string()).unwrap_or(root);
    serde_json::to_string_pretty(&sorted).unwrap_or_default() + "\n"
}
