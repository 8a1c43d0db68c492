//! Broker certificate verification against the test cluster's SSL listener (mutual TLS). Its certificate names
//! `127.0.0.1` and `localhost` (`scripts/kafka gen_certs`); the listener is reached as well under the IPv4-mapped
//! IPv6 address `::ffff:127.0.0.1`, a name the certificate does not hold. So: an empty
//! `ssl.endpoint.identification.algorithm` skips only the host-name check (as in Kafka), the chain is still
//! verified against the CA, and without the property the name mismatch is refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Cluster, Ran, Test, cluster};

/// The first SSL broker, under a name its certificate does not hold.
fn unnamed_bootstrap(c: &Cluster) -> String {
    let first = c.ssl_bootstrap.split(',').next().unwrap();
    let port = first.rsplit_once(':').unwrap().1;
    format!("[::ffff:127.0.0.1]:{port}")
}

fn env_path(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: source target/kafka/env"))
}

fn cluster_info(c: &Cluster, ca: &Path, extra: &[&str]) -> Ran {
    let mut args = vec![
        "cluster".to_owned(),
        "info".into(),
        "--bootstrap".into(),
        unnamed_bootstrap(c),
    ];
    for prop in [
        "security.protocol=SSL".to_owned(),
        format!("ssl.ca.location={}", ca.display()),
        format!("ssl.certificate.location={}", env_path("KAFKA_CLIENT_CERT")),
        format!("ssl.key.location={}", env_path("KAFKA_CLIENT_KEY")),
    ] {
        args.extend(["-X".to_owned(), prop]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    Test::new().status_any().env("NO_COLOR", "1").args(args).run()
}

/// A CA that did not sign the broker's certificate.
fn other_ca(dir: &Path) -> PathBuf {
    let ca = dir.join("other-ca.pem");
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ])
        .args(["-days", "1", "-subj", "/CN=not the topicctl test CA"])
        .arg("-keyout")
        .arg(dir.join("other-ca.key"))
        .arg("-out")
        .arg(&ca)
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(status.success());
    ca
}

const NO_NAME_CHECK: [&str; 2] = ["-X", "ssl.endpoint.identification.algorithm="];

#[test]
fn empty_identification_algorithm_accepts_a_certificate_for_another_name() {
    let c = cluster();
    let ran = cluster_info(&c, &c.ca_file, &NO_NAME_CHECK);
    assert!(ran.stdout.contains("127.0.0.1:"), "{}\n{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.is_empty(), "{}", ran.stderr);
}

#[test]
fn empty_identification_algorithm_still_verifies_the_chain() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let ran = cluster_info(&c, &other_ca(dir.path()), &NO_NAME_CHECK);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);
    assert!(
        ran.stderr.contains("invalid peer certificate: UnknownIssuer"),
        "{}",
        ran.stderr
    );
}

#[test]
fn without_the_property_a_certificate_for_another_name_is_refused() {
    let c = cluster();
    let ran = cluster_info(&c, &c.ca_file, &[]);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);
    assert!(ran.stderr.contains("certificate not valid for name"), "{}", ran.stderr);
}
