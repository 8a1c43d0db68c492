//! Canonical forms of schema text, so that formatting never counts as a change: for Avro and JSON Schema the JSON
//! with sorted keys and no whitespace (field order, which is meaningful in Avro, is kept); for Protobuf the text
//! without comments and with whitespace collapsed.

use crate::model::subject::SchemaType;

pub fn canonical(schema_type: SchemaType, text: &str) -> String {
    match schema_type {
        SchemaType::Avro | SchemaType::Json => match serde_json::from_str::<serde_json::Value>(text) {
            // Sorted explicitly: serde_json keeps insertion order (feature preserve_order).
            Ok(value) => sorted(&value).to_string(),
            Err(_) => text.trim().to_owned(),
        },
        SchemaType::Protobuf => protobuf(text),
    }
}

fn sorted(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn protobuf(text: &str) -> String {
    // Drop // and /* */ comments outside strings.
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = in_string {
            out.push(c);
            if c == q {
                in_string = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"' | '\'', _) => {
                in_string = Some(c);
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                out.push('\n');
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for n in chars.by_ref() {
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    // Collapse whitespace; none around punctuation.
    let mut canonical = String::with_capacity(out.len());
    let mut pending_space = false;
    for c in out.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let punct = matches!(c, '{' | '}' | '(' | ')' | '[' | ']' | ';' | ',' | '=' | '<' | '>');
        let last_punct = canonical
            .chars()
            .last()
            .is_some_and(|l| matches!(l, '{' | '}' | '(' | ')' | '[' | ']' | ';' | ',' | '=' | '<' | '>'));
        if pending_space && !punct && !last_punct && !canonical.is_empty() {
            canonical.push(' ');
        }
        pending_space = false;
        canonical.push(c);
    }
    canonical
}

#[cfg(test)]
mod tests {
    use super::canonical;
    use crate::model::subject::SchemaType;

    #[test]
    fn avro_formatting_and_key_order_do_not_matter_but_field_order_does() {
        let a = r#"{"type":"record","name":"E","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0,"doc":"x"}]}"#;
        let b = "{\n  \"name\": \"E\",\n  \"type\": \"record\",\n  \"fields\": [\n    {\"type\": \"string\", \"name\": \"id\"},\n    {\"doc\": \"x\", \"default\": 0, \"name\": \"n\", \"type\": \"int\"}\n  ]\n}\n";
        assert_eq!(canonical(SchemaType::Avro, a), canonical(SchemaType::Avro, b));
        let swapped = r#"{"type":"record","name":"E","fields":[{"name":"n","type":"int","default":0,"doc":"x"},{"name":"id","type":"string"}]}"#;
        assert_ne!(canonical(SchemaType::Avro, a), canonical(SchemaType::Avro, swapped));
    }

    #[test]
    fn protobuf_comments_and_whitespace_do_not_matter() {
        let a = "syntax = \"proto3\";\npackage x.v1;\n\n// An event.\nmessage E {\n  string id = 1; /* key */\n  int64 ts = 2;\n}\n";
        let b = "syntax=\"proto3\"; package x.v1; message E { string id=1;\n\n int64   ts = 2; }";
        assert_eq!(canonical(SchemaType::Protobuf, a), canonical(SchemaType::Protobuf, b));
        let c = "syntax = \"proto3\"; package x.v1; message E { string id = 1; int64 ts = 3; }";
        assert_ne!(canonical(SchemaType::Protobuf, a), canonical(SchemaType::Protobuf, c));
        assert_eq!(
            canonical(
                SchemaType::Protobuf,
                "message  E {\n string s = 1; // \"not a string\n}"
            ),
            "message E{string s=1;}"
        );
    }
}
