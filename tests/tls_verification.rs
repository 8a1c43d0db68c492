//! Broker certificate verification against the test cluster's SSL listener (mutual TLS). Its certificate names
//! `127.0.0.1` and `localhost` (`scripts/kafka gen_certs`); the listener is reached as well under the IPv4-mapped
//! IPv6 address `::ffff:127.0.0.1`, a name the certificate does not hold. So: an empty
//! `ssl.endpoint.identification.algorithm` skips only the host-name check (as in Kafka), the chain is still
//! verified against the CA, and without the property the name mismatch is refused. Also: mutual TLS with a PKCS#1 RSA
//! key.

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

/// `cluster info` over SSL, which must exit with `status`.
fn cluster_info(c: &Cluster, ca: &Path, extra: &[&str], status: i32) -> Ran {
    cluster_info_at(&unnamed_bootstrap(c), ca, &env_path("KAFKA_CLIENT_KEY"), extra, status)
}

fn cluster_info_at(bootstrap: &str, ca: &Path, key: &str, extra: &[&str], status: i32) -> Ran {
    let mut args = vec![
        "cluster".to_owned(),
        "info".into(),
        "--bootstrap".into(),
        bootstrap.to_owned(),
    ];
    for prop in [
        "security.protocol=SSL".to_owned(),
        format!("ssl.ca.location={}", ca.display()),
        format!("ssl.certificate.location={}", env_path("KAFKA_CLIENT_CERT")),
        format!("ssl.key.location={key}"),
    ] {
        args.extend(["-X".to_owned(), prop]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    Test::new().status(status).args(args).run()
}

fn openssl(args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(status.success(), "openssl {args:?}");
}

/// A CA that did not sign the broker's certificate.
fn other_ca(dir: &Path) -> PathBuf {
    let ca = dir.join("other-ca.pem");
    let key = dir.join("other-ca.key");
    let (ca_path, key_path) = (ca.to_str().unwrap(), key.to_str().unwrap());
    let new_ec_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    let mut args = vec!["req", "-x509", "-days", "1", "-subj", "/CN=not the topicctl test CA"];
    args.extend(new_ec_key);
    args.extend(["-keyout", key_path, "-out", ca_path]);
    openssl(&args);
    ca
}

const NO_NAME_CHECK: [&str; 2] = ["-X", "ssl.endpoint.identification.algorithm="];

#[test]
fn empty_identification_algorithm_accepts_a_certificate_for_another_name() {
    let c = cluster();
    let ran = cluster_info(&c, &c.ca_file, &NO_NAME_CHECK, 0);
    assert!(ran.stdout.contains("127.0.0.1:"), "{}\n{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.is_empty(), "{}", ran.stderr);
}

#[test]
fn empty_identification_algorithm_still_verifies_the_chain() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let ran = cluster_info(&c, &other_ca(dir.path()), &NO_NAME_CHECK, 1);
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
    let ran = cluster_info(&c, &c.ca_file, &[], 1);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);
    assert!(ran.stderr.contains("certificate not valid for name"), "{}", ran.stderr);
}

/// The client's RSA key in the traditional PKCS#1 form (`BEGIN RSA PRIVATE KEY`) signs for mutual TLS as well as
/// the PKCS#8 one the other tests use.
#[test]
fn mutual_tls_with_a_pkcs1_rsa_key() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let pkcs1 = dir.path().join("client.pkcs1.key");
    let pkcs1 = pkcs1.to_str().unwrap();
    openssl(&[
        "rsa",
        "-in",
        &env_path("KAFKA_CLIENT_KEY"),
        "-traditional",
        "-out",
        pkcs1,
    ]);
    assert!(
        std::fs::read_to_string(pkcs1)
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    let bootstrap = c.ssl_bootstrap.split(',').next().unwrap();
    let ran = cluster_info_at(bootstrap, &c.ca_file, pkcs1, &[], 0);
    assert!(ran.stdout.contains("Cluster ID:"), "{}\n{}", ran.stdout, ran.stderr);
}
