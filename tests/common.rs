//! Shared test helpers: a builder that runs the real binary, the test cluster's coordinates, unique names,
//! and Kafka's own Java tools (via `scripts/kafka run-class`) as an independent client.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs the `topicctl` binary with arguments, environment and stdin, and checks its exit status.
pub struct Test {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
    /// `None`: any exit status is fine (the caller checks the output).
    status: Option<i32>,
    /// Run under this address-space limit and a time-out (hostile input: a blow-up or a hang fails the test).
    confined: Option<u64>,
}

/// The address-space limit of a confined run: far above what topicctl needs, far below a runaway allocation.
pub const CONFINED_MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The time-out of a confined run: generous, it only catches hangs (these are not speed tests).
pub const CONFINED_SECONDS: u32 = 120;

pub struct Ran {
    pub stdout: String,
    pub stderr: String,
}

/// The variables the test specs read, allowed as CI allows its own (`TOPICCTL_VARS`); any other is refused
/// (tests/hostile/variables.rs), unless named with `--var` or prefixed `TOPICCTL_VAR_`.
pub const TEST_VARS: &str = "KAFKA_BOOTSTRAP,KAFKA_SASL_BOOTSTRAP,KAFKA_SSL_BOOTSTRAP,KAFKA_CA_FILE,\
                             KAFKA_SCRAM_USER,KAFKA_SCRAM_PASSWORD,SCHEMA_REGISTRY_URL,LAB_ORDER_PASSWORD,\
                             TOPICCTL_TEST_UNSET_BOOTSTRAP";

impl Test {
    pub fn new() -> Self {
        Test {
            args: Vec::new(),
            env: vec![
                ("NO_COLOR".into(), "1".into()),
                ("TOPICCTL_VARS".into(), TEST_VARS.into()),
            ],
            stdin: None,
            status: Some(0),
            confined: None,
        }
    }

    /// Run under `prlimit --as` and `timeout`: for hostile input, where a huge allocation or a hang must fail.
    pub fn confined(self) -> Self {
        self.confined_to(CONFINED_MEMORY_BYTES)
    }

    /// [`Test::confined`] with another address-space limit (for the negative control of the confinement).
    pub fn confined_to(mut self, bytes: u64) -> Self {
        self.confined = Some(bytes);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn stdin(mut self, input: &str) -> Self {
        self.stdin = Some(input.into());
        self
    }

    pub fn status(mut self, status: i32) -> Self {
        self.status = Some(status);
        self
    }

    pub fn status_any(mut self) -> Self {
        self.status = None;
        self
    }

    /// Run the binary and assert the exit status; returns what it printed.
    pub fn run(self) -> Ran {
        let mut cmd = if let Some(bytes) = self.confined {
            let mut c = Command::new("prlimit");
            c.arg(format!("--as={bytes}"))
                .arg("--")
                .arg("timeout")
                .args(["-s", "KILL", &CONFINED_SECONDS.to_string()])
                .arg(env!("CARGO_BIN_EXE_topicctl"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_topicctl"))
        };
        cmd.args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = feed(cmd, self.stdin.as_deref());
        let ran = Ran {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        if let Some(status) = self.status {
            assert_eq!(
                out.status.code(),
                Some(status),
                "topicctl {:?} exited with {:?}\n--- stdout\n{}\n--- stderr\n{}",
                self.args,
                out.status,
                ran.stdout,
                ran.stderr
            );
        }
        ran
    }
}

fn feed(mut cmd: Command, stdin: Option<&str>) -> Output {
    let mut child = cmd.spawn().expect("spawn process");
    let mut pipe = child.stdin.take().expect("stdin pipe");
    if let Some(input) = stdin {
        pipe.write_all(input.as_bytes()).expect("write stdin");
    }
    drop(pipe);
    child.wait_with_output().expect("wait for process")
}

/// The test cluster started by `scripts/test` (or `scripts/kafka up` and `source target/kafka/env`).
pub struct Cluster {
    pub bootstrap: String,
    pub sasl_bootstrap: String,
    pub ssl_bootstrap: String,
    pub ca_file: PathBuf,
    pub admin_user: String,
    pub admin_password: String,
    pub app_user: String,
    pub app_password: String,
    pub script: PathBuf,
    /// The IAM listener (SASL_SSL, OAUTHBEARER with AWS MSK IAM tokens only) and the test-only AWS credentials it
    /// knows: long-term, and temporary (with a session token). Both access key ids are super users.
    pub iam_bootstrap: String,
    pub iam_access_key_id: String,
    pub iam_secret_access_key: String,
    pub iam_session_access_key_id: String,
    pub iam_session_secret_access_key: String,
    pub iam_session_token: String,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: this test needs the real Kafka test cluster. Run the tests with `scripts/test`, \
             or `scripts/kafka up && source target/kafka/env` first."
        )
    })
}

pub fn cluster() -> Cluster {
    Cluster {
        bootstrap: var("KAFKA_BOOTSTRAP"),
        sasl_bootstrap: var("KAFKA_SASL_BOOTSTRAP"),
        ssl_bootstrap: var("KAFKA_SSL_BOOTSTRAP"),
        ca_file: var("KAFKA_CA_FILE").into(),
        admin_user: var("KAFKA_SCRAM_USER"),
        admin_password: var("KAFKA_SCRAM_PASSWORD"),
        app_user: var("KAFKA_APP_USER"),
        app_password: var("KAFKA_APP_PASSWORD"),
        script: var("KAFKA_SCRIPT").into(),
        iam_bootstrap: var("KAFKA_IAM_BOOTSTRAP"),
        iam_access_key_id: var("KAFKA_IAM_ACCESS_KEY_ID"),
        iam_secret_access_key: var("KAFKA_IAM_SECRET_ACCESS_KEY"),
        iam_session_access_key_id: var("KAFKA_IAM_SESSION_ACCESS_KEY_ID"),
        iam_session_secret_access_key: var("KAFKA_IAM_SESSION_SECRET_ACCESS_KEY"),
        iam_session_token: var("KAFKA_IAM_SESSION_TOKEN"),
    }
}

/// A name no other test (or earlier run against the same cluster) uses, so tests can run in parallel.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t.{prefix}.{}-{}-{nanos:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl Cluster {
    /// Whether `user` logs in with `password` over the SASL_SSL listener (SCRAM-SHA-512), through our client.
    pub fn scram_login(&self, user: &str, password: &str) -> bool {
        let props: std::collections::BTreeMap<String, String> = [
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", "SCRAM-SHA-512"),
            ("sasl.username", user),
            ("sasl.password", password),
            ("ssl.ca.location", self.ca_file.to_str().unwrap()),
            ("retries", "0"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let cfg = topicctl::cluster::config::ClientConfig::new(&self.sasl_bootstrap)
            .unwrap()
            .with_properties(&props)
            .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(topicctl::cluster::client::AdminClient::connect(cfg))
            .is_ok()
    }

    /// Java client properties for a SCRAM-SHA-512 user on the SASL_SSL listener, written into `dir`.
    pub fn sasl_properties(&self, dir: &Path, user: &str, password: &str) -> PathBuf {
        let path = dir.join(format!("{user}.properties"));
        let body = format!(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
             username=\"{user}\" password=\"{password}\";\n\
             ssl.truststore.type=PEM\nssl.truststore.location={}\n",
            self.ca_file.display()
        );
        std::fs::write(&path, body).expect("write client properties");
        path
    }

    /// Run one of Kafka's own Java tools (an independent client to check our work against).
    pub fn java_tool(&self, class: &str, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(&self.script);
        cmd.arg("run-class").arg(class).args(args);
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        feed(cmd, stdin)
    }
}

/// Poll `check` until it passes (the cluster's metadata reaches every broker a little after a change is
/// committed), failing the test with the last reason after 20 seconds.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match check().await {
            Ok(value) => return value,
            Err(reason) if std::time::Instant::now() < deadline => {
                let _ = reason;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(reason) => panic!("{what}: {reason}"),
        }
    }
}

/// `eventually` for blocking checks (e.g. running the binary).
pub fn eventually_sync<T>(mut check: impl FnMut() -> Result<T, String>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match check() {
            Ok(value) => return value,
            Err(_) if std::time::Instant::now() < deadline => std::thread::sleep(std::time::Duration::from_millis(200)),
            Err(reason) => panic!("condition not reached in 20s: {reason}"),
        }
    }
}

impl Cluster {
    /// Create (or reset) a SCRAM-SHA-512 credential, as the super user.
    pub fn scram_user(&self, user: &str, password: &str) {
        use topicctl::cluster::ops::scram_credentials::ScramCredentialChange;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let cfg = topicctl::cluster::config::ClientConfig::new(&self.bootstrap).unwrap();
            let client = topicctl::cluster::client::AdminClient::connect(cfg).await.unwrap();
            let set = ScramCredentialChange::Upsert {
                user: user.to_owned(),
                mechanism: topicctl::model::scram_credential::ScramMechanismKind::Sha512,
                iterations: 8192,
                password: topicctl::model::secret::Secret::new(password),
            };
            client.alter_user_scram_credentials(&[set]).await.unwrap();
        });
    }

    /// Read one record from the start of `topic` over SASL_SSL as the user of `props`, in `group`.
    pub fn consume_one(&self, props: &str, topic: &str, group: &str) -> Result<String, String> {
        let out = self.java_tool(
            "org.apache.kafka.tools.consumer.ConsoleConsumer",
            &[
                "--bootstrap-server",
                &self.sasl_bootstrap,
                "--topic",
                topic,
                "--group",
                group,
                "--from-beginning",
                "--max-messages",
                "1",
                "--timeout-ms",
                "20000",
                "--consumer.config",
                props,
            ],
            None,
        );
        let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if stdout.is_empty() {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        } else {
            Ok(stdout)
        }
    }

    /// Try to write one record over SASL_SSL as the user of `props` (without idempotence, so a refusal is about
    /// the topic's WRITE); returns the tool's stderr.
    pub fn produce_as(&self, props: &str, topic: &str) -> String {
        let out = self.java_tool(
            "org.apache.kafka.tools.ConsoleProducer",
            &[
                "--bootstrap-server",
                &self.sasl_bootstrap,
                "--topic",
                topic,
                "--producer.config",
                props,
                "--producer-property",
                "enable.idempotence=false",
            ],
            Some("attempt\n"),
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

/// The example folders, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut examples: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    examples.sort();
    examples
}

/// moto in server mode and the pinned venv beside it (AWS's official MSK IAM signer), from `scripts/moto up`.
pub struct Moto {
    pub url: String,
    pub python: PathBuf,
}

pub fn moto() -> Moto {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: this test needs moto (a fake AWS). Run the tests with `scripts/test`, or \
                 `scripts/moto up && source target/moto/env` first."
            )
        })
    };
    Moto {
        url: var("MOTO_URL"),
        python: var("MOTO_PYTHON").into(),
    }
}

/// Create topics of one partition and one replica, and wait until every broker knows them.
pub async fn create_topics(client: &topicctl::cluster::client::AdminClient, names: &[String]) {
    let topics: Vec<topicctl::cluster::ops::topics::NewTopic> = names
        .iter()
        .map(|n| topicctl::cluster::ops::topics::NewTopic {
            name: n.clone(),
            partitions: Some(1),
            replication_factor: Some(1),
            ..Default::default()
        })
        .collect();
    let created = client.create_topics(&topics, false).await.unwrap();
    assert!(created.values().all(Result::is_ok), "{created:?}");
    client
        .wait_for_topics(names, std::time::Duration::from_secs(20))
        .await
        .unwrap();
}

/// Tests that move replicas or set throttle rates on the shared cluster run one at a time: throttled rates are one
/// per broker, shared by every move on it, and apply removes them only when nothing moves on the cluster.
pub fn reassignments_serially() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A client of the cluster at `bootstrap` (no security), connected.
pub async fn connect(bootstrap: &str) -> topicctl::cluster::client::AdminClient {
    let config = topicctl::cluster::config::ClientConfig::new(bootstrap).expect("a client config");
    topicctl::cluster::client::AdminClient::connect(config)
        .await
        .expect("connect")
}

/// Run `f` with a client of `bootstrap`, from a test that is not async.
pub fn admin<T>(bootstrap: &str, f: impl AsyncFnOnce(&topicctl::cluster::client::AdminClient) -> T) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async { f(&connect(bootstrap).await).await })
}
