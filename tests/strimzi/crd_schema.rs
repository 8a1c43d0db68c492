//! Validate manifests the way the API server would, but stricter: the CRD of the document's kind must serve its
//! apiVersion, and the document must match that version's `openAPIV3Schema` with unknown fields as errors (the API
//! server would silently prune them) and `x-kubernetes-int-or-string` honoured.

use std::path::Path;

use serde_json::{Value, json};

pub struct Crds {
    crds: Vec<Value>,
}

impl Crds {
    pub fn load() -> Crds {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/strimzi");
        let mut crds = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let path = entry.expect("dir entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read CRD");
            let crd: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            crds.push(crd);
        }
        assert!(crds.len() >= 4, "expected the Strimzi CRDs in {}", dir.display());
        Crds { crds }
    }

    /// Every problem with `doc`, empty when it is valid.
    pub fn problems(&self, doc: &Value) -> Vec<String> {
        let kind = doc["kind"].as_str().unwrap_or_default();
        let Some(crd) = self
            .crds
            .iter()
            .find(|c| c["spec"]["names"]["kind"].as_str() == Some(kind))
        else {
            return vec![format!("no CRD for kind {kind:?}")];
        };
        let group = crd["spec"]["group"].as_str().unwrap_or_default();
        let api_version = doc["apiVersion"].as_str().unwrap_or_default();
        let Some(version) = crd["spec"]["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|v| format!("{group}/{}", v["name"].as_str().unwrap_or_default()) == api_version)
        else {
            return vec![format!("{kind}: the CRD has no version {api_version:?}")];
        };
        if version["served"] != json!(true) {
            return vec![format!("{kind}: {api_version} is not served")];
        }
        let mut schema = version["schema"]["openAPIV3Schema"].clone();
        strict(&mut schema);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{kind} schema does not compile: {e}"));
        let mut problems: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{kind} at {}: {e}", e.instance_path()))
            .collect();
        problems.sort();
        problems
    }
}

/// OpenAPI v3 (Kubernetes flavour) → JSON Schema that rejects what Kubernetes would prune.
fn strict(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else {
        if let Some(items) = schema.as_array_mut() {
            items.iter_mut().for_each(strict);
        }
        return;
    };
    if obj.remove("x-kubernetes-int-or-string") == Some(json!(true)) {
        obj.remove("type");
        obj.insert("anyOf".into(), json!([{"type": "integer"}, {"type": "string"}]));
    }
    let preserve = obj.get("x-kubernetes-preserve-unknown-fields") == Some(&json!(true));
    if obj.contains_key("properties") && !preserve && !obj.contains_key("additionalProperties") {
        obj.insert("additionalProperties".into(), json!(false));
    }
    // CEL rules and the other extensions are not JSON Schema.
    obj.retain(|k, _| !k.starts_with("x-kubernetes-"));
    for (key, value) in obj.iter_mut() {
        match key.as_str() {
            // Keyword values that are schemas (or maps/lists of them).
            "properties" | "patternProperties" => {
                if let Some(props) = value.as_object_mut() {
                    props.values_mut().for_each(strict);
                }
            }
            "items" | "additionalProperties" | "not" | "anyOf" | "oneOf" | "allOf" => strict(value),
            _ => {}
        }
    }
}

/// A multi-document YAML stream as JSON values.
pub fn documents(yaml: &str) -> Vec<Value> {
    let docs: Vec<Value> = serde_saphyr::from_multiple(yaml).unwrap_or_else(|e| panic!("bad YAML stream: {e}"));
    docs.into_iter().filter(|d| !d.is_null()).collect()
}
