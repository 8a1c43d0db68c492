//! The TLS files and the client property file named on the command line (CA, certificate, key,
//! `--command-config`) are read as regular files of bounded size: a device such as `/dev/zero` is refused before it
//! is read, instead of filling memory until the process aborts.

use crate::common::Test;

/// `cluster info` against an address nothing listens on: the files are read before any connection.
fn cluster_info(extra: &[&str]) -> String {
    let mut args = vec![
        "cluster",
        "info",
        "--bootstrap",
        "127.0.0.1:9",
        "-X",
        "security.protocol=SSL",
    ];
    args.extend_from_slice(extra);
    Test::new().confined().status(1).args(args).run().stderr
}

fn assert_not_regular(stderr: &str) {
    assert!(stderr.contains("topicctl::file::not_regular"), "{stderr}");
    assert!(
        stderr.contains("/dev/zero is not a regular file (it is a device)"),
        "{stderr}"
    );
}

#[test]
fn a_device_as_the_ca_file_is_refused() {
    assert_not_regular(&cluster_info(&["-X", "ssl.ca.location=/dev/zero"]));
}

#[test]
fn a_device_as_the_client_certificate_or_key_is_refused() {
    // No CA file to read first: verification off. The key is read before the certificate is parsed.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.pem");
    std::fs::write(&junk, "not PEM").unwrap();
    let junk = junk.to_str().unwrap();
    for (cert, key) in [("/dev/zero", junk), (junk, "/dev/zero")] {
        assert_not_regular(&cluster_info(&[
            "-X",
            "enable.ssl.certificate.verification=false",
            "-X",
            &format!("ssl.certificate.location={cert}"),
            "-X",
            &format!("ssl.key.location={key}"),
        ]));
    }
}

#[test]
fn a_device_as_the_command_config_is_refused() {
    let stderr = Test::new()
        .confined()
        .status(1)
        .args([
            "cluster",
            "info",
            "--bootstrap",
            "127.0.0.1:9",
            "--command-config",
            "/dev/zero",
        ])
        .run()
        .stderr;
    assert_not_regular(&stderr);
}
