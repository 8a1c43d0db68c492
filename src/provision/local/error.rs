//! What can go wrong with a local cluster, each with a stable code (`topicctl::provision::local::…`).

use std::process::ExitStatus;

/// The fix for every missing or unusable Java.
const JAVA_HELP: &str = "install a Java 17+ runtime (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless; \
macOS: brew install openjdk@17) or point JAVA_HOME at one";

/// The fix for every bootstrap problem.
const BOOTSTRAP_HELP: &str = "give the environment `bootstrap: 127.0.0.1:<port>`: the first local broker listens there";

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LocalError {
    #[error("environment `{env}` provisions a local cluster but has no `bootstrap`")]
    #[diagnostic(code(topicctl::provision::local::no_bootstrap), help("{}", BOOTSTRAP_HELP))]
    NoBootstrap { env: String },

    #[error("bootstrap `{bootstrap}` is not HOST:PORT")]
    #[diagnostic(code(topicctl::provision::local::bad_bootstrap), help("{}", BOOTSTRAP_HELP))]
    BadBootstrap { bootstrap: String },

    #[error("a local cluster listens on this machine only, but `{env}` bootstraps from {bootstrap}")]
    #[diagnostic(code(topicctl::provision::local::remote_bootstrap), help("{}", BOOTSTRAP_HELP))]
    RemoteBootstrap { env: String, bootstrap: String },

    #[error(
        "the local cluster of `{env}` has {nodes} node(s) but the spec asks for {brokers}: a KRaft quorum cannot be \
         resized here"
    )]
    #[diagnostic(
        code(topicctl::provision::local::resize),
        help("run `topicctl cluster down {env}` first, then `cluster up` again")
    )]
    Resize { env: String, nodes: usize, brokers: u32 },

    #[error("{host}:{port} is in use by something that is not a Kafka cluster")]
    #[diagnostic(
        code(topicctl::provision::local::port_in_use),
        help("stop what uses the port, or change the environment's `bootstrap`")
    )]
    PortInUse { host: String, port: u16 },

    #[error("node {node} cannot restart: {host}:{port} is taken by another process")]
    #[diagnostic(
        code(topicctl::provision::local::port_in_use),
        help("stop what uses it, or `topicctl cluster down {env}` and up again")
    )]
    RestartPortTaken {
        node: u32,
        host: String,
        port: u16,
        env: String,
    },

    #[error("no free ports on {host} after {after} for {count} listeners")]
    #[diagnostic(
        code(topicctl::provision::local::no_free_ports),
        help("free some ports above the bootstrap port, or move `bootstrap` to another range")
    )]
    NoFreePorts { host: String, after: u16, count: usize },

    #[error("HOME is not set")]
    #[diagnostic(
        code(topicctl::provision::local::no_home),
        help("set {variable} to a folder topicctl may write to")
    )]
    NoHome { variable: &'static str },

    #[error("the local cluster state {path} is unreadable: {reason}")]
    #[diagnostic(
        code(topicctl::provision::local::state_unreadable),
        help("remove {folder} and its node folders to start afresh")
    )]
    StateUnreadable {
        path: String,
        folder: String,
        reason: String,
    },

    /// A file or process operation that failed; `doing` says what (`cannot read …`), the cause follows.
    #[error("{doing}")]
    #[diagnostic(code(topicctl::provision::local::io))]
    Io {
        doing: String,
        #[source]
        source: std::io::Error,
    },

    /// A file operation's own error, exactly as the operating system says it.
    #[error(transparent)]
    #[diagnostic(code(topicctl::provision::local::io))]
    Os(#[from] std::io::Error),

    /// The state could not be written as JSON, as serde says it.
    #[error(transparent)]
    #[diagnostic(code(topicctl::provision::local::state_json))]
    Json(serde_json::Error),

    #[error("JAVA_HOME is {home} but it has no bin/java")]
    #[diagnostic(code(topicctl::provision::local::no_java), help("{}", JAVA_HELP))]
    JavaHomeWithoutJava { home: String },

    #[error("no `java` on the PATH")]
    #[diagnostic(code(topicctl::provision::local::no_java), help("{}", JAVA_HELP))]
    NoJava,

    #[error("cannot run {java}: {reason}")]
    #[diagnostic(code(topicctl::provision::local::java_unusable), help("{}", JAVA_HELP))]
    JavaUnusable { java: String, reason: String },

    #[error("cannot tell the version of {java} from: {output}")]
    #[diagnostic(code(topicctl::provision::local::java_unusable), help("{}", JAVA_HELP))]
    JavaVersionUnknown { java: String, output: String },

    #[error("Kafka needs Java {minimum} or newer; {java} is Java {version}")]
    #[diagnostic(code(topicctl::provision::local::java_too_old), help("{}", JAVA_HELP))]
    JavaTooOld {
        minimum: u32,
        java: String,
        version: String,
    },

    #[error("formatting node {node} failed ({status}):\n{stdout}{stderr}")]
    #[diagnostic(
        code(topicctl::provision::local::format_failed),
        help("the storage tool's output above says why; `topicctl cluster down` removes the half-made cluster")
    )]
    FormatFailed {
        node: u32,
        status: ExitStatus,
        stdout: String,
        stderr: String,
    },

    #[error("node {node} exited while starting ({status})\n{log}")]
    #[diagnostic(
        code(topicctl::provision::local::node_exited),
        help("the node's log above says why; `topicctl cluster down` removes what was started")
    )]
    NodeExited { node: u32, status: ExitStatus, log: String },

    #[error("only {registered} of {brokers} brokers registered within {seconds} s\n{logs}")]
    #[diagnostic(
        code(topicctl::provision::local::start_timeout),
        help("the nodes' logs above say why; a slow machine may need `cluster up` again, which completes what runs")
    )]
    StartTimeout {
        registered: usize,
        brokers: usize,
        seconds: u64,
        logs: String,
    },

    #[error("node(s) {nodes:?} of `{env}` would not stop; the state in {folder} is kept")]
    #[diagnostic(
        code(topicctl::provision::local::would_not_stop),
        help("stop those processes (their pids are in the state folder), then run `cluster down` again")
    )]
    WouldNotStop {
        nodes: Vec<u32>,
        env: String,
        folder: String,
    },

    #[error("no randomness for a cluster id: {reason}")]
    #[diagnostic(code(topicctl::provision::local::no_randomness))]
    NoRandomness { reason: String },

    #[error("KAFKA_HOME is {home} but {libs} holds no Kafka jars")]
    #[diagnostic(
        code(topicctl::provision::local::kafka_home),
        help("point KAFKA_HOME at an unpacked Kafka release (the folder holding libs/), or unset it")
    )]
    KafkaHomeWithoutJars { home: String, libs: String },

    #[error("cannot download Kafka {version}: {tried}")]
    #[diagnostic(
        code(topicctl::provision::local::no_distribution),
        help(
            "set KAFKA_HOME to an unpacked Kafka {version}, or use kafkaVersion 4.1.2 (its jars come from Maven Central)"
        )
    )]
    NoDistribution { version: String, tried: String },

    /// The HTTP client for downloads could not be built (`what` is `TLS set-up` or `cannot build the HTTP client`).
    #[error("{what}: {reason}")]
    #[diagnostic(code(topicctl::provision::local::http_client))]
    HttpClient { what: &'static str, reason: String },

    #[error("cannot download {url}: {reason}")]
    #[diagnostic(
        code(topicctl::provision::local::download),
        help("check the network, or set KAFKA_HOME")
    )]
    Unreachable { url: String, reason: String },

    #[error("cannot download {url}: {reason}")]
    #[diagnostic(code(topicctl::provision::local::download))]
    Download { url: String, reason: String },

    #[error("a download task failed: {reason}")]
    #[diagnostic(code(topicctl::provision::local::download))]
    DownloadTask { reason: String },

    #[error("{url}.sha512 holds no SHA-512 checksum: {first_line}")]
    #[diagnostic(code(topicctl::provision::local::checksum))]
    NoChecksum { url: String, first_line: String },

    #[error("{file} does not match its published SHA-512 (expected {expected}, got {actual})")]
    #[diagnostic(
        code(topicctl::provision::local::checksum),
        help("a mirror or proxy served a different file; nothing was unpacked. Retry, or set KAFKA_HOME")
    )]
    PublishedChecksum {
        file: String,
        expected: String,
        actual: String,
    },

    #[error("{url} does not match its pinned SHA-256 (expected {expected}, got {actual})")]
    #[diagnostic(code(topicctl::provision::local::checksum))]
    PinnedChecksum {
        url: String,
        expected: String,
        actual: String,
    },

    #[error("the Kafka archive has no libs/*.jar")]
    #[diagnostic(code(topicctl::provision::local::bad_archive))]
    NoJarsInArchive,

    #[error("{path} belongs to another user; topicctl keeps its state and cache in folders only it can read")]
    #[diagnostic(
        code(topicctl::provision::local::not_owner),
        help("point TOPICCTL_STATE_DIR or TOPICCTL_CACHE at a folder of your own")
    )]
    NotOwner { path: String },

    #[error("node {node}'s folder {dir} in the state of `{env}` is outside its state folder {folder}")]
    #[diagnostic(
        code(topicctl::provision::local::outside_state),
        help("the state file was edited or damaged; nothing was stopped or removed. Check {folder} yourself")
    )]
    OutsideState {
        node: u32,
        dir: String,
        env: String,
        folder: String,
    },

    #[error("{what} `{name}` is not a plain file name")]
    #[diagnostic(
        code(topicctl::provision::local::unsafe_name),
        help("a name that becomes a path in the cache may not be empty, start with `.`, or hold `/`, `\\` or `..`")
    )]
    UnsafeName { what: &'static str, name: String },

    #[error("node {node} is gone: pid {pid} is {reason}, not this node's Kafka; it was left alone")]
    #[diagnostic(code(topicctl::provision::local::foreign_process))]
    ForeignProcess { node: u32, pid: u32, reason: String },
}

impl LocalError {
    /// A failed file or process operation, said as `doing` (`cannot create /x`) with the I/O error as its cause.
    pub fn io(doing: impl Into<String>) -> impl FnOnce(std::io::Error) -> LocalError {
        let doing = doing.into();
        move |source| LocalError::Io { doing, source }
    }
}
