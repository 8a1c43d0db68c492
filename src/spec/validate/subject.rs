//! Subject documents: type, compatibility level, references, and a schema file that exists inside the spec
//! folder (relative to the spec file, see `named_file`) and parses as its type.

use crate::model::subject::{COMPATIBILITY_LEVELS, SchemaReference, SchemaType, Subject};
use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::RawSubject;
use crate::spec::validate::at::At;
use crate::spec::validate::named_file::read_schema;
use crate::spec::validate::range;

pub fn check(raw: &RawSubject, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<Subject> {
    let schema_type = SchemaType::parse(&raw.schema_type.value);
    if schema_type.is_none() {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    "topicctl::invalid_value",
                    format!("unknown schema type `{}`", raw.schema_type.value),
                )
                .help("one of avro, protobuf, json"),
                &raw.schema_type,
                "not a schema type",
            ),
        );
    }
    let compatibility = raw.compatibility.as_ref().and_then(|c| {
        let upper = c.value.to_ascii_uppercase();
        if COMPATIBILITY_LEVELS.contains(&upper.as_str()) {
            Some(upper)
        } else {
            let help = match closest(&upper, COMPATIBILITY_LEVELS.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("one of {}", COMPATIBILITY_LEVELS.join(", ")),
            };
            out.push(
                at.on(
                    SpecDiagnostic::error(
                        "topicctl::invalid_value",
                        format!("unknown compatibility level `{}`", c.value),
                    )
                    .help(help),
                    c,
                    "not a compatibility level",
                ),
            );
            None
        }
    });
    let schema = read_schema(at, &raw.schema).map_err(|d| out.push(*d)).ok();
    let references = raw
        .references
        .iter()
        .flatten()
        .filter_map(|r| {
            let version = range::checked(
                &r.value.version,
                "version",
                "topicctl::invalid_value",
                (1, i32::MAX),
                at,
                out,
            )?;
            Some(SchemaReference {
                name: r.value.name.value.clone(),
                subject: r.value.subject.value.clone(),
                version,
            })
        })
        .collect();
    let (schema_type, schema) = (schema_type?, schema?);
    if let Err(reason) = parses(schema_type, &schema) {
        out.push(at.on(
            SpecDiagnostic::error(
                "topicctl::schema_invalid",
                format!(
                    "{} does not parse as {}: {reason}",
                    at.file.dir.join(&raw.schema.value).display(),
                    raw.schema_type.value
                ),
            )
            .help("fix the schema file where the reason says, or set `type:` to the schema's language (avro, protobuf, json)"),
            &raw.schema,
            "schema file",
        ));
        return None;
    }
    Some(Subject {
        name: raw.name.value.clone(),
        schema_type,
        schema,
        compatibility,
        references,
        version: None,
        check: None,
    })
}

/// A structural check of the schema text for its type.
fn parses(schema_type: SchemaType, text: &str) -> Result<(), String> {
    match schema_type {
        SchemaType::Avro => {
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
            avro(&value)
        }
        SchemaType::Json => {
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
            if value.is_object() || value.is_boolean() {
                Ok(())
            } else {
                Err("a JSON Schema is an object or a boolean".into())
            }
        }
        SchemaType::Protobuf => protobuf(text),
    }
}

const AVRO_PRIMITIVES: &[&str] = &["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

fn avro(value: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    match value {
        Value::String(_) => Ok(()),
        Value::Array(items) => items.iter().try_for_each(avro),
        Value::Object(map) => {
            let Some(Value::String(t)) = map.get("type") else {
                return match map.get("type") {
                    Some(inner) => avro(inner),
                    None => Err("an Avro schema object needs a \"type\"".into()),
                };
            };
            match t.as_str() {
                "record" | "error" => {
                    if !map.get("name").is_some_and(Value::is_string) {
                        return Err("a record needs a \"name\"".into());
                    }
                    let Some(Value::Array(fields)) = map.get("fields") else {
                        return Err(format!("record {} needs a \"fields\" array", map["name"]));
                    };
                    for f in fields {
                        if !f.get("name").is_some_and(Value::is_string) {
                            return Err("every field needs a \"name\"".into());
                        }
                        avro(
                            f.get("type")
                                .ok_or_else(|| format!("field {} needs a \"type\"", f["name"]))?,
                        )?;
                    }
                    Ok(())
                }
                "enum" => map
                    .get("symbols")
                    .filter(|s| s.is_array())
                    .map(|_| ())
                    .ok_or_else(|| "an enum needs \"symbols\"".into()),
                "array" => avro(map.get("items").ok_or("an array needs \"items\"")?),
                "map" => avro(map.get("values").ok_or("a map needs \"values\"")?),
                "fixed" => map
                    .get("size")
                    .filter(|s| s.is_u64())
                    .map(|_| ())
                    .ok_or_else(|| "a fixed needs a \"size\"".into()),
                p if AVRO_PRIMITIVES.contains(&p) => Ok(()),
                _ => Ok(()), // a named type defined elsewhere
            }
        }
        _ => Err("an Avro schema is a JSON string, object or array".into()),
    }
}

/// Balanced braces, a `syntax` line if any names proto2/proto3, and at least one message/enum/service.
fn protobuf(text: &str) -> Result<(), String> {
    let mut depth = 0i64;
    let mut in_string = false;
    for (line_no, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for c in code.chars() {
            match c {
                '"' => in_string = !in_string,
                '{' if !in_string => depth += 1,
                '}' if !in_string => {
                    depth -= 1;
                    if depth < 0 {
                        return Err(format!("unbalanced `}}` on line {}", line_no + 1));
                    }
                }
                _ => {}
            }
        }
    }
    if depth != 0 {
        return Err("unbalanced braces: a `{` is never closed".into());
    }
    if let Some(line) = text.lines().find(|l| l.trim_start().starts_with("syntax"))
        && !(line.contains("\"proto3\"") || line.contains("\"proto2\""))
    {
        return Err(format!("unknown syntax line `{}`", line.trim()));
    }
    let has_type = text
        .split_whitespace()
        .any(|w| matches!(w, "message" | "enum" | "service"));
    if has_type {
        Ok(())
    } else {
        Err("no message, enum or service is defined".into())
    }
}
