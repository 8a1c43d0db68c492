//! MSK IAM end to end: a token is generated, sent in a real SASL/OAUTHBEARER exchange and validated by a real
//! broker. The test cluster's IAM listener (`scripts/kafka`, validator in `scripts/kafka-iam/MskIamValidator.java`)
//! recomputes the SigV4 signature with the secret of a test-only access key, checks the expiry and makes the access
//! key id the principal. Covered: `cluster info -X sasl.mechanism=AWS_MSK_IAM` with the default AWS credentials chain
//! (long-term and session credentials), refusals (wrong secret, missing session token, expired token, no region),
//! and a token from AWS's official Python signer accepted by the same broker.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::{
    ClientConfig, OAuthToken, SaslConfig, SaslCredentials, SaslMechanism, SecurityProtocol, TokenFuture, TokenProvider,
};
use topicctl::cluster::error::ClusterError;
use topicctl::cluster::msk_iam::MskIamTokenProvider;
use topicctl::model::secret::Secret;

use crate::common::{Cluster, cluster, moto};

const REGION: &str = "eu-central-1";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `topicctl cluster info` over the IAM listener with `-X sasl.mechanism=AWS_MSK_IAM`, in a clean environment: only
/// the AWS variables given (no profile files, no instance metadata), so the default chain sees exactly those.
fn cluster_info(c: &Cluster, extra: &[&str], aws_env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_topicctl"));
    cmd.args(["cluster", "info", "--bootstrap", &c.iam_bootstrap])
        .args(["-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanism=AWS_MSK_IAM"])
        .arg("-X")
        .arg(format!("ssl.ca.location={}", c.ca_file.display()))
        .args(extra)
        .env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_CONFIG_FILE", "/nonexistent/topicctl-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/topicctl-test/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(aws_env.iter().copied())
        .stdin(Stdio::null());
    let out = cmd.output().expect("run topicctl");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The three brokers as advertised on the IAM listener, in the order `cluster info` lists them.
fn assert_lists_the_iam_brokers(c: &Cluster, run: &Run) {
    assert_eq!(run.code, Some(0), "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Brokers:    3"), "{}", run.stdout);
    for addr in c.iam_bootstrap.split(',') {
        assert!(run.stdout.contains(addr), "{addr} missing from:\n{}", run.stdout);
    }
    for rack in ["rack-a", "rack-b", "rack-c"] {
        assert!(run.stdout.contains(rack), "{rack} missing from:\n{}", run.stdout);
    }
}

fn assert_no_secret(run: &Run, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret was printed:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn cluster_info_authenticates_with_an_msk_iam_token() {
    let c = cluster();
    let run = cluster_info(
        &c,
        &["-X", &format!("aws.region={REGION}")],
        &[
            ("AWS_ACCESS_KEY_ID", &c.iam_access_key_id),
            ("AWS_SECRET_ACCESS_KEY", &c.iam_secret_access_key),
        ],
    );
    assert_lists_the_iam_brokers(&c, &run);
    assert_no_secret(&run, &[&c.iam_secret_access_key]);
}

#[test]
fn cluster_info_with_session_credentials_and_the_region_from_the_environment() {
    let c = cluster();
    let run = cluster_info(
        &c,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", &c.iam_session_access_key_id),
            ("AWS_SECRET_ACCESS_KEY", &c.iam_session_secret_access_key),
            ("AWS_SESSION_TOKEN", &c.iam_session_token),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    assert_lists_the_iam_brokers(&c, &run);
    assert_no_secret(&run, &[&c.iam_session_secret_access_key, &c.iam_session_token]);
}

#[test]
fn a_wrong_secret_is_refused_by_the_broker_with_its_reason() {
    let c = cluster();
    let wrong = "wrongSecretNeverPrinted/0123456789abcdefghij";
    let run = cluster_info(
        &c,
        &["-X", &format!("aws.region={REGION}")],
        &[
            ("AWS_ACCESS_KEY_ID", &c.iam_access_key_id),
            ("AWS_SECRET_ACCESS_KEY", wrong),
        ],
    );
    assert_eq!(run.code, Some(1), "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("authentication with OAUTHBEARER") && run.stderr.contains("signature does not match"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("Brokers:"), "{}", run.stdout);
    assert_no_secret(&run, &[wrong, &c.iam_secret_access_key]);
}

#[test]
fn session_credentials_without_their_session_token_are_refused() {
    let c = cluster();
    let run = cluster_info(
        &c,
        &["-X", &format!("aws.region={REGION}")],
        &[
            ("AWS_ACCESS_KEY_ID", &c.iam_session_access_key_id),
            ("AWS_SECRET_ACCESS_KEY", &c.iam_session_secret_access_key),
        ],
    );
    assert_eq!(run.code, Some(1), "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("session token is missing or wrong"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run, &[&c.iam_session_secret_access_key]);
}

#[test]
fn no_region_is_a_clear_error() {
    let c = cluster();
    let run = cluster_info(
        &c,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", &c.iam_access_key_id),
            ("AWS_SECRET_ACCESS_KEY", &c.iam_secret_access_key),
        ],
    );
    assert_eq!(run.code, Some(1), "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("no AWS region for MSK IAM") && run.stderr.contains("aws.region"),
        "{}",
        run.stderr
    );
}

#[test]
fn aws_msk_iam_needs_sasl_ssl() {
    let c = cluster();
    let run = cluster_info(&c, &["-X", "security.protocol=SASL_PLAINTEXT"], &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("needs security.protocol SASL_SSL"),
        "{}",
        run.stderr
    );
}

fn iam_config(c: &Cluster, provider: Arc<dyn TokenProvider>) -> ClientConfig {
    let props = BTreeMap::from([("ssl.ca.location".to_owned(), c.ca_file.display().to_string())]);
    let mut cfg = ClientConfig::new(&c.iam_bootstrap)
        .unwrap()
        .with_properties(&props)
        .unwrap();
    cfg.protocol = SecurityProtocol::SaslSsl;
    cfg.sasl = Some(SaslConfig {
        mechanism: SaslMechanism::OAuthBearer,
        credentials: SaslCredentials::OAuth(provider),
    });
    cfg
}

fn static_credentials(c: &Cluster) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new(
        &c.iam_access_key_id,
        &c.iam_secret_access_key,
        None,
        None,
        "test",
    ))
}

#[tokio::test]
async fn admin_client_with_the_token_provider_describes_the_cluster() {
    let c = cluster();
    let provider = Arc::new(MskIamTokenProvider::new(static_credentials(&c), REGION));
    let client = AdminClient::connect(iam_config(&c, provider)).await.expect("connect");
    let info = client
        .describe_cluster()
        .await
        .expect("DescribeCluster as the IAM principal");
    let addrs: Vec<String> = info.brokers.iter().map(|b| b.address()).collect();
    assert_eq!(addrs.join(","), c.iam_bootstrap);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let c = cluster();
    // Signed 20 minutes ago: valid for 15, so expired for 5 (beyond the validator's 1 minute of skew).
    let past = SystemTime::now() - Duration::from_secs(20 * 60);
    let provider = Arc::new(MskIamTokenProvider::with_clock(
        static_credentials(&c),
        REGION,
        Arc::new(move || past),
    ));
    let err = match AdminClient::connect(iam_config(&c, provider)).await {
        Ok(client) => client
            .describe_cluster()
            .await
            .expect_err("an expired token must be refused"),
        Err(e) => e,
    };
    assert!(
        matches!(&err, ClusterError::Authentication { message, .. } if message.contains("expired")),
        "{err:?}"
    );
}

/// A token made once, elsewhere.
struct Fixed(String);

impl TokenProvider for Fixed {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            Ok(OAuthToken {
                value: Secret::new(self.0.clone()),
                principal: "official-signer".into(),
                extensions: BTreeMap::new(),
            })
        })
    }
}

/// The broker-side validator is checked against AWS's own signer, not only against ours: a token from
/// `aws-msk-iam-sasl-signer-python` (session credentials) is accepted.
#[tokio::test]
async fn a_token_from_the_official_python_signer_is_accepted() {
    let c = cluster();
    let m = moto();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/msk/official_token.py");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let out = Command::new(&m.python)
        .arg(script)
        .args([REGION, &now.to_string()])
        .env("MSK_TEST_ACCESS_KEY", &c.iam_session_access_key_id)
        .env("MSK_TEST_SECRET_KEY", &c.iam_session_secret_access_key)
        .env("MSK_TEST_SESSION_TOKEN", &c.iam_session_token)
        .output()
        .expect("run the official signer");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let client = AdminClient::connect(iam_config(&c, Arc::new(Fixed(token))))
        .await
        .expect("connect");
    let info = client
        .describe_cluster()
        .await
        .expect("DescribeCluster with the official token");
    assert_eq!(info.brokers.len(), 3);
}
