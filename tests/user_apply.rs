//! SCRAM users and quotas from the specs: a user topicctl creates can authenticate; a changed password is
//! detected (by a SCRAM login with the desired one) and applied without ever appearing in output or plan files.

use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::ClientConfig;
use topicctl::cluster::ops::quotas::QuotaMatch;

use crate::common::{Test, cluster, unique};

#[test]
fn scram_users_authenticate_and_password_changes_never_show() {
    let c = cluster();
    let user = unique("scram").replace('.', "-");
    let var = format!("TOPICCTL_VAR_TEST_PASSWORD_{}", std::process::id());
    let (first, second) = ("first-Secret-9c1f", "second-Secret-4b7e");
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().to_str().unwrap().to_owned();
    std::fs::write(
        dir.path().join("specs.yaml"),
        format!(
            "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_SASL_BOOTSTRAP}}\nsecurity:\n  protocol: SASL_SSL\n  sasl:\n    \
             mechanism: SCRAM-SHA-512\n    username: ${{KAFKA_SCRAM_USER}}\n    password: ${{KAFKA_SCRAM_PASSWORD}}\n  tls:\n    \
             ca: ${{KAFKA_CA_FILE}}\n---\nkind: User\nname: {user}\ncredentials:\n  - {{mechanism: SCRAM-SHA-512, passwordEnv: {var}}}\n\
             quotas: {{producer_byte_rate: 1MiB, request_percentage: 50}}\n"
        ),
    )
    .unwrap();
    let mut printed = String::new();
    let mut run = |t: Test| {
        let ran = t.run();
        printed.push_str(&ran.stdout);
        printed.push_str(&ran.stderr);
        ran
    };

    let ran = run(Test::new()
        .env(&var, first)
        .args(["plan", "--env", "dev", "-f", &specs, "--detailed-exitcode"])
        .status(2));
    assert!(
        ran.stdout.contains(&format!("+ user {user}")) && ran.stdout.contains("SCRAM-SHA-512 credential: set (new"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("+ producer_byte_rate: 1048576"), "{}", ran.stdout);
    let ran = run(Test::new()
        .env(&var, first)
        .args(["apply", "--env", "dev", "-f", &specs, "--auto-approve"]));
    assert!(
        ran.stdout.contains("Verified: the cluster matches the specs."),
        "{}",
        ran.stdout
    );
    assert!(c.scram_login(&user, first), "the user topicctl created authenticates");

    // A new password: detected by a login with it, planned, saved, applied.
    let plan_file = dir.path().join("plan.json");
    let ran = run(Test::new()
        .env(&var, second)
        .args([
            "plan",
            "--env",
            "dev",
            "-f",
            &specs,
            "--detailed-exitcode",
            "--out",
            plan_file.to_str().unwrap(),
        ])
        .status(2));
    assert!(
        ran.stdout.contains("~ SCRAM-SHA-512 credential: set (password changed"),
        "{}",
        ran.stdout
    );
    let ran =
        run(Test::new()
            .env(&var, second)
            .args(["apply", "--env", "dev", "-f", &specs, plan_file.to_str().unwrap()]));
    assert!(ran.stdout.contains("Verified"), "{}", ran.stdout);
    assert!(c.scram_login(&user, second) && !c.scram_login(&user, first));
    let ran = run(Test::new()
        .env(&var, second)
        .args(["plan", "--env", "dev", "-f", &specs, "--detailed-exitcode"]));
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);

    // The quotas are on the cluster.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let quotas = rt.block_on(async {
        let client = AdminClient::connect(ClientConfig::new(&c.bootstrap).unwrap())
            .await
            .unwrap();
        client
            .describe_client_quotas(&[("user".to_owned(), QuotaMatch::Exact(user.clone()))], true)
            .await
            .unwrap()
    });
    assert_eq!(quotas[0].1["producer_byte_rate"], 1_048_576.0);

    // validate does not need the password: without it, a warning.
    let ran = Test::new().env(&var, "").args(["validate", "-f", &specs]).run();
    assert!(ran.stderr.contains("topicctl::password_unavailable"), "{}", ran.stderr);

    let plan_text = std::fs::read_to_string(&plan_file).unwrap();
    for secret in [first, second] {
        assert!(!printed.contains(secret), "a password appeared in the output");
        assert!(!plan_text.contains(secret), "a password appeared in the saved plan");
    }
}
