//! The schedule of a plan holding every change kind: the order, the phases and the steps' ids, snapshotted.

use std::fmt::Write;

use crate::apply::describe::describe;
use crate::apply::schedule::schedule;
use crate::apply::step::Phase;
use crate::diff::example_plan::every_kind;
use crate::diff::{Change, ChangeKind, Plan, Resource, SchemaVersion};
use crate::model::scram_credential::ScramMechanismKind;
use crate::model::subject::{SchemaReference, SchemaType};

fn listing(plan: &Plan) -> String {
    let mut out = String::new();
    for step in schedule(plan) {
        let _ = writeln!(
            out,
            "{:>2} {:<17} {:?}: {}",
            step.id.0,
            format!("{:?}", step.phase()),
            step.resource,
            describe(&step.payload)
        );
    }
    out
}

/// The fixture plus the two kinds it lacks: a credential delete and a subject delete.
fn with_deletes() -> Plan {
    let mut plan = every_kind();
    plan.changes.push(Change {
        resource: Resource::User("legacy".into()),
        kind: ChangeKind::Credentials {
            set: Vec::new(),
            delete: vec![ScramMechanismKind::Sha256],
            had: 1,
        },
    });
    plan.changes.push(Change {
        resource: Resource::Subject("shop.retired-value".into()),
        kind: ChangeKind::DeleteSubject { permanent: false },
    });
    plan.changes.sort_by(|a, b| a.resource.cmp(&b.resource));
    plan
}

#[test]
fn every_change_kind_in_order() {
    insta::assert_snapshot!(listing(&with_deletes()));
}

#[test]
fn ids_follow_the_order_and_phases_never_go_back() {
    let steps = schedule(&with_deletes());
    assert!(!steps.is_empty());
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s.id.0, i);
    }
    let phases: Vec<Phase> = steps.iter().map(|s| s.phase()).collect();
    let mut sorted = phases.clone();
    sorted.sort();
    assert_eq!(phases, sorted);
}

fn register(name: &str, references: &[&str]) -> Change {
    Change {
        resource: Resource::Subject(name.into()),
        kind: ChangeKind::UpdateSubject {
            exists: false,
            register: Some(SchemaVersion {
                schema_type: SchemaType::Avro,
                schema: "\"string\"".into(),
                references: references
                    .iter()
                    .map(|r| SchemaReference {
                        name: (*r).into(),
                        subject: (*r).into(),
                        version: 1,
                    })
                    .collect(),
                diff: None,
            }),
            compatibility: Some((None, "FULL".into())),
        },
    }
}

#[test]
fn referenced_subjects_are_registered_first() {
    let plan = Plan {
        changes: vec![
            register("a-value", &["c-value"]),
            register("b-value", &[]),
            register("c-value", &["b-value"]),
        ],
        ..Plan::default()
    };
    let order: Vec<String> = schedule(&plan).iter().map(|s| describe(&s.payload)).collect();
    assert_eq!(
        order,
        [
            "set the compatibility of subject b-value to FULL",
            "register a new version of subject b-value",
            "set the compatibility of subject c-value to FULL",
            "register a new version of subject c-value",
            "set the compatibility of subject a-value to FULL",
            "register a new version of subject a-value",
        ]
    );
}

#[test]
fn a_reference_cycle_keeps_the_given_order() {
    let plan = Plan {
        changes: vec![register("a-value", &["b-value"]), register("b-value", &["a-value"])],
        ..Plan::default()
    };
    let subjects: Vec<String> = schedule(&plan).iter().map(|s| s.resource.name().to_owned()).collect();
    assert_eq!(subjects, ["a-value", "a-value", "b-value", "b-value"]);
}
