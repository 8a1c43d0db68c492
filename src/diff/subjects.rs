//! Schema Registry subjects: a new version when the schema changed *semantically* (canonical forms differ), blocked
//! when the registry says it is incompatible; compatibility levels; deletes only with prune and only for subjects the
//! environment owns.

use similar::TextDiff;

use crate::diff::blocked::{Blocked, BlockedReason};
use crate::diff::change::{Change, ChangeKind, Resource, SchemaVersion};
use crate::diff::options::Options;
use crate::diff::plan::Plan;
use crate::model::schema_canonical::canonical;
use crate::model::state::State;
use crate::model::subject::{SchemaType, Subject};

/// The text shown in diffs: JSON pretty-printed with sorted keys, Protobuf as written.
fn display(schema_type: SchemaType, text: &str) -> String {
    match schema_type {
        SchemaType::Avro | SchemaType::Json => serde_json::from_str::<serde_json::Value>(&canonical(schema_type, text))
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| text.to_owned()),
        SchemaType::Protobuf => text.trim_end().to_owned(),
    }
}

fn same_schema(a: &Subject, b: &Subject) -> bool {
    a.schema_type == b.schema_type
        && a.references == b.references
        && canonical(a.schema_type, &a.schema) == canonical(b.schema_type, &b.schema)
}

pub fn diff(live: &State, desired: &State, options: &Options, plan: &mut Plan) {
    for (name, want) in &desired.subjects {
        let resource = Resource::Subject(name.clone());
        let have = live.subjects.get(name);
        let mut register = None;
        match have {
            None => {
                register = Some(SchemaVersion {
                    schema_type: want.schema_type,
                    schema: want.schema.clone(),
                    references: want.references.clone(),
                    diff: None,
                })
            }
            Some(h) if !same_schema(h, want) => match &h.check {
                Some(Err(reasons)) => plan.blocked.push(Blocked {
                    resource: resource.clone(),
                    why: BlockedReason::IncompatibleSchema {
                        after_version: h.version.unwrap_or_default(),
                        reasons: reasons.clone(),
                    },
                }),
                _ => {
                    let before = display(h.schema_type, &h.schema) + "\n";
                    let after = display(want.schema_type, &want.schema) + "\n";
                    let diff = TextDiff::from_lines(&before, &after)
                        .unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("{name} (version {})", h.version.unwrap_or_default()),
                            &format!("{name} (new)"),
                        )
                        .to_string();
                    register = Some(SchemaVersion {
                        schema_type: want.schema_type,
                        schema: want.schema.clone(),
                        references: want.references.clone(),
                        diff: Some(diff),
                    });
                }
            },
            Some(_) => {}
        }
        let current = have.and_then(|h| h.compatibility.clone());
        let compatibility = want
            .compatibility
            .as_ref()
            .filter(|w| current.as_ref() != Some(*w))
            .map(|w| (current, w.clone()));
        if register.is_some() || compatibility.is_some() {
            plan.changes.push(Change {
                resource,
                kind: ChangeKind::UpdateSubject {
                    exists: have.is_some(),
                    register,
                    compatibility,
                },
            });
        }
    }
    if options.prune {
        for name in live.subjects.keys() {
            if !desired.subjects.contains_key(name) && options.owned(name) {
                plan.changes.push(Change {
                    resource: Resource::Subject(name.clone()),
                    kind: ChangeKind::DeleteSubject {
                        permanent: options.hard_delete,
                    },
                });
            }
        }
    }
}
