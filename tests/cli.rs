use crate::common::Test;

#[test]
fn unknown_subcommand_is_an_error_with_exit_code_1_not_2() {
    let ran = Test::new().args(["frobnicate"]).status(1).run();
    assert!(
        ran.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        ran.stderr
    );
}

mod cluster_info {
    use crate::common::{Test, cluster};

    #[test]
    fn prints_cluster_id_controller_and_brokers_with_racks() {
        let c = cluster();
        let ran = Test::new().args(["cluster", "info", "--bootstrap", &c.bootstrap]).run();
        assert!(ran.stdout.starts_with("Cluster ID: "), "{}", ran.stdout);
        assert!(ran.stdout.contains("Brokers:    3"), "{}", ran.stdout);
        for (i, addr) in c.bootstrap.split(',').enumerate() {
            let rack = ["rack-a", "rack-b", "rack-c"][i];
            let row = format!("  {i}   {addr}  {rack}");
            assert!(
                ran.stdout.lines().any(|l| l == row),
                "missing `{row}` in\n{}",
                ran.stdout
            );
        }
    }

    #[test]
    fn json_over_sasl_ssl_with_a_command_config_file() {
        let c = cluster();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("client.properties");
        std::fs::write(
            &file,
            format!(
                "# as for Kafka's own tools\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n\
                 sasl.username={}\nsasl.password={}\nssl.ca.location={}\n",
                c.admin_user,
                c.admin_password,
                c.ca_file.display()
            ),
        )
        .unwrap();
        let ran = Test::new()
            .args(["cluster", "info", "--format", "json", "--bootstrap", &c.sasl_bootstrap])
            .args(["--command-config", file.to_str().unwrap()])
            .run();
        let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
        let racks: Vec<&str> = json["brokers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["rack"].as_str().unwrap())
            .collect();
        assert_eq!(racks, ["rack-a", "rack-b", "rack-c"]);
        assert!(!ran.stdout.contains(&c.admin_password));
    }

    #[test]
    fn wrong_password_exits_1_with_a_clear_error_and_no_secret() {
        let c = cluster();
        let ca = format!("ssl.ca.location={}", c.ca_file.display());
        let user = format!("sasl.username={}", c.admin_user);
        let ran = Test::new()
            .args([
                "cluster",
                "info",
                "--bootstrap",
                &c.sasl_bootstrap,
                "-X",
                "security.protocol=SASL_SSL",
            ])
            .args([
                "-X",
                "sasl.mechanism=SCRAM-SHA-512",
                "-X",
                &user,
                "-X",
                "sasl.password=wrong-secret-42",
                "-X",
                &ca,
            ])
            .status(1)
            .run();
        assert!(
            ran.stderr
                .contains("authentication with SCRAM-SHA-512 as `topicctl-admin` failed"),
            "{}",
            ran.stderr
        );
        assert!(!ran.stderr.contains("wrong-secret-42") && !ran.stdout.contains("wrong-secret-42"));
    }

    #[test]
    fn unknown_client_property_suggests_the_right_name() {
        let ran = Test::new()
            .args([
                "cluster",
                "info",
                "--bootstrap",
                "127.0.0.1:9",
                "-X",
                "security.protocl=SSL",
            ])
            .status(1)
            .run();
        assert!(
            ran.stderr.contains("did you mean `security.protocol`?"),
            "{}",
            ran.stderr
        );
    }
}
