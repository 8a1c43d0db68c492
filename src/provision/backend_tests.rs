//! The seam picks the backend of the `provision` block, and the errors behind it carry stable codes.

use std::collections::BTreeMap;

use crate::model::environment::Environment;
use crate::model::provision::{Kubernetes, Local, MskProvision, Provision};
use crate::model::state::State;
use crate::provision::backend::{UpOptions, backend, removal, render, up};
use crate::provision::progress::Progress;

struct Silent;

impl Progress for Silent {
    fn step(&self, _message: &str) {}
}

fn env(provision: Option<Provision>) -> Environment {
    Environment {
        provision,
        ..Environment::named("lab")
    }
}

fn local() -> Provision {
    Provision::Local(Local {
        brokers: 3,
        kafka_version: "4.1.2".into(),
    })
}

fn kubernetes() -> Provision {
    Provision::Kubernetes(Kubernetes {
        context: None,
        namespace: "kafka".into(),
        cluster_name: "lab".into(),
        brokers: 3,
        controllers: 3,
        storage: "10Gi".into(),
        storage_class: None,
        kafka_version: None,
        racks: Vec::new(),
        topics: true,
        users: false,
    })
}

fn msk() -> Provision {
    Provision::Msk(MskProvision {
        cluster_name: "lab-msk".into(),
        region: None,
        serverless: false,
        broker_type: "kafka.m7g.large".into(),
        brokers: 3,
        kafka_version: "3.9.x".into(),
        storage_gib: 100,
        subnets: Vec::new(),
        security_groups: Vec::new(),
        authentication: vec!["iam".into()],
        server_properties: BTreeMap::new(),
    })
}

fn code(report: &miette::Report) -> String {
    report.code().map(|c| c.to_string()).unwrap_or_default()
}

/// The error as a person sees it, without colour or wrapping.
fn rendered(report: &miette::Report) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(200)
        .render_report(&mut out, report.as_ref())
        .unwrap();
    out
}

#[test]
fn an_environment_without_provision_block_has_no_backend() {
    let env = env(None);
    let Err(error) = backend(&env) else {
        panic!("a backend without a provision block")
    };
    let report = miette::Report::new(error);
    assert_eq!(code(&report), "topicctl::provision::no_provision_block");
    assert_eq!(
        rendered(&report),
        "topicctl::provision::no_provision_block\n\n  × environment `lab` has no `provision` block, so topicctl does not \
         manage its cluster\n  help: add `provision: {local: {brokers: 3}}` (or kubernetes / msk) to the Environment \
         document\n"
    );
}

#[test]
fn each_backend_says_what_down_removes() {
    let cases = [
        (local(), "the 3 local Kafka node(s) and their data"),
        (
            kubernetes(),
            "the Strimzi cluster `lab` in namespace `kafka` with its KafkaTopics (Kafka deletes those topics) and \
             KafkaUsers (its PersistentVolumeClaims are kept)",
        ),
        (msk(), "the MSK cluster `lab-msk` and all its data"),
    ];
    for (provision, what) in cases {
        let env = env(Some(provision));
        assert_eq!(removal(&env).expect("a backend"), what);
    }
}

#[test]
fn only_kubernetes_renders_manifests() {
    let desired = State::default();
    for provision in [local(), msk()] {
        let env = env(Some(provision));
        let report = render(&env, &desired).unwrap_err();
        assert_eq!(code(&report), "topicctl::provision::not_kubernetes");
        assert_eq!(
            report.to_string(),
            "environment `lab` is not provisioned on Kubernetes: there are no manifests to render"
        );
    }
    let env = env(Some(kubernetes()));
    let yaml = render(&env, &desired).unwrap();
    assert!(yaml.contains("kind: Kafka\n"), "{yaml}");
}

#[test]
fn a_backend_error_keeps_its_message_and_gains_a_code() {
    let mut env = env(Some(kubernetes()));
    env.security.protocol = Some(crate::model::security::SecurityProtocol::SaslSsl);
    env.security.sasl_mechanism = Some(crate::model::security::SaslMechanism::ScramSha256);
    let report = render(&env, &State::default()).unwrap_err();
    assert_eq!(code(&report), "topicctl::provision::kubernetes::listener");
    assert_eq!(
        report.to_string(),
        "Strimzi listeners cannot authenticate with SASL mechanism `SCRAM-SHA-256`"
    );
    assert_eq!(
        report.help().map(|h| h.to_string()).as_deref(),
        Some("use `sasl: {mechanism: SCRAM-SHA-512}`, the SASL mechanism Strimzi listeners offer")
    );
}

#[test]
fn a_local_cluster_needs_a_bootstrap_before_anything_starts() {
    let env = env(Some(local()));
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let report = runtime
        .block_on(up(&env, &State::default(), UpOptions::default(), &Silent))
        .unwrap_err();
    assert_eq!(code(&report), "topicctl::provision::local::no_bootstrap");
    assert_eq!(
        report.to_string(),
        "environment `lab` provisions a local cluster but has no `bootstrap`"
    );
}
