//! `provision` blocks: which of local / kubernetes / msk, with every default filled in and every value checked.

use crate::model::provision::{DEFAULT_LOCAL_KAFKA_VERSION, Kubernetes, Local, MskProvision, Provision};
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{RawProvision, RawProvisionKubernetes, RawProvisionMsk, Sp};
use crate::spec::validate::at::At;

const INVALID: &str = "topicctl::invalid_value";

pub fn check(name: &str, raw: &Sp<RawProvision>, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Option<Provision> {
    let p = &raw.value;
    let chosen = [p.local.is_some(), p.kubernetes.is_some(), p.msk.is_some()];
    if chosen.iter().filter(|x| **x).count() > 1 {
        out.push(
            at.on(
                SpecDiagnostic::error(INVALID, format!("environment `{name}` provisions in more than one way")),
                raw,
                "here",
            )
            .help("choose one of provision.local, provision.kubernetes, provision.msk"),
        );
    }
    if let Some(local) = &p.local {
        let l = &local.value;
        Some(Provision::Local(Local {
            brokers: count(l.brokers.as_ref(), "provision.local.brokers", 1, 9, at, out).unwrap_or(1),
            kafka_version: l
                .kafka_version
                .as_ref()
                .map_or_else(|| DEFAULT_LOCAL_KAFKA_VERSION.to_string(), |v| v.value.clone()),
        }))
    } else if let Some(k) = &p.kubernetes {
        Some(Provision::Kubernetes(kubernetes(name, &k.value, at, out)))
    } else {
        p.msk.as_ref().map(|m| Provision::Msk(msk(name, &m.value, at, out)))
    }
}

fn kubernetes(name: &str, k: &RawProvisionKubernetes, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> Kubernetes {
    let namespace = k.namespace.as_ref().map_or("kafka", |v| v.value.as_str());
    if let Some(ns) = &k.namespace {
        dns_label(ns, "provision.kubernetes.namespace", at, out);
    }
    let cluster_name = k.cluster_name.as_ref().map_or(name, |v| v.value.as_str());
    match &k.cluster_name {
        Some(n) => dns_label(n, "provision.kubernetes.clusterName", at, out),
        None if !is_dns_label(name) => out.push(
            at.on_doc(
                SpecDiagnostic::error(
                    INVALID,
                    format!("environment name `{name}` cannot name a Kubernetes resource"),
                ),
                "this environment",
            )
            .help("set provision.kubernetes.clusterName to lower-case letters, digits and '-'"),
        ),
        None => {}
    }
    if let Some(s) = &k.storage
        && !is_quantity(&s.value)
    {
        out.push(
            at.on(
                SpecDiagnostic::error(INVALID, format!("`{}` is not a Kubernetes storage quantity", s.value)),
                s,
                "here",
            )
            .help("write a size such as 100Gi or 1Ti"),
        );
    }
    for rack in k.racks.iter().flatten() {
        if rack.value.trim().is_empty() {
            out.push(
                at.on(
                    SpecDiagnostic::error(INVALID, "a rack (zone) name is empty")
                        .help("name each zone, e.g. `racks: [eu-central-1a, eu-central-1b]`, or leave `racks` out"),
                    rack,
                    "here",
                ),
            );
        }
    }
    Kubernetes {
        context: k.context.as_ref().map(|v| v.value.clone()),
        namespace: namespace.to_string(),
        cluster_name: cluster_name.to_string(),
        brokers: count(k.brokers.as_ref(), "provision.kubernetes.brokers", 1, 1000, at, out).unwrap_or(3),
        controllers: count(
            k.controllers.as_ref(),
            "provision.kubernetes.controllers",
            1,
            9,
            at,
            out,
        )
        .unwrap_or(3),
        storage: k
            .storage
            .as_ref()
            .map_or_else(|| "100Gi".to_string(), |v| v.value.clone()),
        storage_class: k.storage_class.as_ref().map(|v| v.value.clone()),
        kafka_version: k.kafka_version.as_ref().map(|v| v.value.clone()),
        racks: k.racks.iter().flatten().map(|r| r.value.clone()).collect(),
        topics: k.topics.as_ref().is_some_and(|v| v.value),
        users: k.users.as_ref().is_some_and(|v| v.value),
    }
}

const MSK_AUTH: [&str; 4] = ["iam", "scram", "tls", "unauthenticated"];

fn msk(name: &str, m: &RawProvisionMsk, at: At<'_>, out: &mut Vec<SpecDiagnostic>) -> MskProvision {
    let serverless = m.serverless.as_ref().is_some_and(|v| v.value);
    let subnets: Vec<String> = m.subnets.iter().flatten().map(|s| s.value.clone()).collect();
    let brokers = count(m.brokers.as_ref(), "provision.msk.brokers", 1, 1000, at, out).unwrap_or(3);
    let cluster_name = m.cluster_name.as_ref().map_or(name, |v| v.value.as_str());
    let name_ok = |n: &str| !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name_ok(cluster_name) {
        let d = SpecDiagnostic::error(INVALID, format!("`{cluster_name}` cannot name an MSK cluster"))
            .help("MSK cluster names are 1-64 letters, digits and '-': set provision.msk.clusterName");
        out.push(match &m.cluster_name {
            Some(n) => at.on(d, n, "here"),
            None => at.on_doc(d, "this environment"),
        });
    }
    if subnets.is_empty() {
        out.push(
            at.on_doc(
                SpecDiagnostic::error(INVALID, format!("MSK environment `{name}` has no subnets")),
                "this environment",
            )
            .help("list the client subnets, one per availability zone: provision.msk.subnets: [subnet-…, subnet-…]"),
        );
    } else if !serverless
        && (subnets.len() < 2 || !usize::try_from(brokers).is_ok_and(|b| b.is_multiple_of(subnets.len())))
    {
        let d = SpecDiagnostic::error(
            INVALID,
            format!(
                "MSK places brokers evenly over 2 or 3 subnets: {brokers} brokers over {} subnet(s) cannot be",
                subnets.len()
            ),
        )
        .help("give 2 or 3 subnets in different zones and a broker count that is a multiple of their number");
        out.push(match &m.brokers {
            Some(b) => at.on(d, b, "here"),
            None => at.on_doc(d, "this environment"),
        });
    }
    let mut authentication = Vec::new();
    for a in m.authentication.iter().flatten() {
        let lower = a.value.to_ascii_lowercase();
        if MSK_AUTH.contains(&lower.as_str()) {
            if !authentication.contains(&lower) {
                authentication.push(lower);
            }
        } else {
            out.push(
                at.on(
                    SpecDiagnostic::error(INVALID, format!("unknown MSK client authentication `{}`", a.value)),
                    a,
                    "here",
                )
                .help("one of iam, scram, tls, unauthenticated"),
            );
        }
    }
    if authentication.is_empty() {
        authentication.push("iam".to_string());
    }
    authentication.sort();
    let storage_gib = count(m.storage_gib.as_ref(), "storageGiB", 1, 16384, at, out);
    MskProvision {
        cluster_name: cluster_name.to_string(),
        region: m.region.as_ref().map(|v| v.value.clone()),
        serverless,
        broker_type: m
            .broker_type
            .as_ref()
            .map_or_else(|| "kafka.m7g.large".to_string(), |v| v.value.clone()),
        brokers,
        kafka_version: m
            .kafka_version
            .as_ref()
            .map_or_else(|| "3.9.x".to_string(), |v| v.value.clone()),
        storage_gib: storage_gib.unwrap_or(100),
        subnets,
        security_groups: m.security_groups.iter().flatten().map(|s| s.value.clone()).collect(),
        authentication,
        server_properties: m
            .server_properties
            .iter()
            .flatten()
            .map(|(k, v)| (k.value.clone(), v.value.0.clone()))
            .collect(),
    }
}

fn count(
    value: Option<&Sp<i64>>,
    what: &str,
    min: i64,
    max: i64,
    at: At<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<u32> {
    let v = value?;
    match u32::try_from(v.value) {
        Ok(n) if (min..=max).contains(&v.value) => Some(n),
        _ => {
            out.push(
                at.on(
                    SpecDiagnostic::error(INVALID, format!("{what} must be {min} to {max}, not {}", v.value))
                        .help(format!("use a value from {min} to {max}")),
                    v,
                    "out of range",
                ),
            );
            None
        }
    }
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn dns_label(value: &Sp<String>, what: &str, at: At<'_>, out: &mut Vec<SpecDiagnostic>) {
    if !is_dns_label(&value.value) {
        out.push(
            at.on(
                SpecDiagnostic::error(
                    INVALID,
                    format!("{what} `{}` is not a valid Kubernetes name", value.value),
                ),
                value,
                "here",
            )
            .help("use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit"),
        );
    }
}

fn is_quantity(s: &str) -> bool {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    !digits.is_empty()
        && digits.parse::<f64>().is_ok_and(|n| n > 0.0)
        && ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E"].contains(&suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_names() {
        assert!(is_quantity("100Gi") && is_quantity("1.5Ti") && is_quantity("500"));
        assert!(!is_quantity("100GB") && !is_quantity("Gi") && !is_quantity("0Gi"));
        assert!(is_dns_label("paklog-staging") && !is_dns_label("Paklog") && !is_dns_label("-a"));
    }
}
