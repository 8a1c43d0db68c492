//! Typed errors of the admin client. Kafka error codes keep their protocol name and the broker's message.

use std::time::Duration;

use kafka_protocol::error::ResponseError;

use crate::files::FileError;

/// An error returned by a broker for one request or one resource in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KafkaError {
    /// The API that failed, e.g. `CreateTopics`.
    pub api: String,
    /// The resource it failed for (a topic name, an ACL filter, a user), when the error is per resource.
    pub resource: Option<String>,
    pub code: i16,
    /// The broker's own message, when it sent one.
    pub message: Option<String>,
}

impl KafkaError {
    pub fn new(api: impl Into<String>, code: i16, message: Option<String>) -> Self {
        KafkaError {
            api: api.into(),
            resource: None,
            code,
            message,
        }
    }

    pub fn for_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    pub fn kind(&self) -> Option<ResponseError> {
        ResponseError::try_from_code(self.code)
    }

    /// The protocol name of the error, e.g. `TOPIC_ALREADY_EXISTS`.
    pub fn name(&self) -> String {
        match self.kind() {
            Some(kind) => screaming_snake(&format!("{kind:?}")),
            None => format!("ERROR_{}", self.code),
        }
    }

    pub fn is_retriable(&self) -> bool {
        self.kind().is_some_and(|k| k.is_retriable())
    }
}

impl std::fmt::Display for KafkaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} failed", self.api)?;
        if let Some(resource) = &self.resource {
            write!(f, " for {resource}")?;
        }
        write!(f, ": {}", self.name())?;
        match (&self.message, self.kind()) {
            (Some(m), _) if !m.is_empty() => write!(f, ": {m}"),
            (_, Some(kind)) => write!(f, ": {kind}"),
            _ => Ok(()),
        }
    }
}

fn screaming_snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ClusterError {
    #[error("invalid client configuration: {0}")]
    #[diagnostic(code(topicctl::client_config))]
    Config(String),

    #[error("cannot connect to {addr}: {message}")]
    #[diagnostic(
        code(topicctl::connect),
        help("check the bootstrap address and that the broker is running")
    )]
    Connect { addr: String, message: String },

    #[error("{addr} did not answer {what} within {}", humantime(*.timeout))]
    #[diagnostic(
        code(topicctl::timeout),
        help("check the address, the listener's security protocol and the network")
    )]
    Timeout {
        addr: String,
        what: String,
        timeout: Duration,
    },

    #[error("TLS with {addr} failed: {message}")]
    #[diagnostic(
        code(topicctl::tls),
        help(
            "check ssl.ca.location (the CA that signed the broker's certificate) and that the certificate names the \
             bootstrap host; an empty ssl.endpoint.identification.algorithm skips only the host-name check"
        )
    )]
    Tls { addr: String, message: String },

    #[error("authentication with {mechanism} as `{user}` failed at {addr}: {message}")]
    #[diagnostic(
        code(topicctl::authentication),
        help("check the user name and password (or token) for this listener")
    )]
    Authentication {
        addr: String,
        mechanism: String,
        user: String,
        message: String,
    },

    #[error("connection to {addr} was lost: {message}")]
    #[diagnostic(
        code(topicctl::connection_lost),
        help("the broker closed the connection: check that the listener's security protocol matches `security`")
    )]
    ConnectionLost { addr: String, message: String },

    #[error("protocol error with {addr}: {message}")]
    #[diagnostic(code(topicctl::protocol))]
    Protocol { addr: String, message: String },

    #[error("{addr} does not support {api} (versions we speak: {ours}, broker: {theirs})")]
    #[diagnostic(
        code(topicctl::unsupported_version),
        help(
            "the brokers are older than this request needs (topicctl is tested with Apache Kafka {}); upgrade them",
            crate::model::provision::DEFAULT_LOCAL_KAFKA_VERSION
        )
    )]
    Unsupported {
        addr: String,
        api: String,
        ours: String,
        theirs: String,
    },

    #[error("{0}")]
    #[diagnostic(code(topicctl::kafka))]
    Kafka(KafkaError),

    /// A file the client configuration names (CA, certificate, key) that cannot be read safely.
    #[error(transparent)]
    #[diagnostic(transparent)]
    File(#[from] FileError),

    #[error("no broker answered; last error: {0}")]
    #[diagnostic(
        code(topicctl::no_broker),
        help("check the bootstrap addresses, that the brokers run, and the listener's security protocol")
    )]
    NoBroker(Box<ClusterError>),
}

fn humantime(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

impl ClusterError {
    /// Worth trying again (after a back-off, maybe on another broker): lost connections, time-outs and the
    /// error codes Kafka marks retriable (`NOT_CONTROLLER`, `LEADER_NOT_AVAILABLE`, `REQUEST_TIMED_OUT`, …).
    pub fn is_retriable(&self) -> bool {
        match self {
            ClusterError::Connect { .. } | ClusterError::Timeout { .. } | ClusterError::ConnectionLost { .. } => true,
            ClusterError::Kafka(e) => e.is_retriable(),
            _ => false,
        }
    }

    /// The connection this error came from can no longer be used.
    pub fn breaks_connection(&self) -> bool {
        matches!(
            self,
            ClusterError::Timeout { .. } | ClusterError::ConnectionLost { .. } | ClusterError::Protocol { .. }
        )
    }

    pub fn kafka_code(&self) -> Option<i16> {
        match self {
            ClusterError::Kafka(e) => Some(e.code),
            _ => None,
        }
    }
}

impl From<KafkaError> for ClusterError {
    fn from(e: KafkaError) -> Self {
        ClusterError::Kafka(e)
    }
}

pub type Result<T, E = ClusterError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::KafkaError;

    #[test]
    fn kafka_errors_name_the_code_and_keep_the_broker_message() {
        let e = KafkaError::new("CreateTopics", 36, Some("Topic 'a' already exists.".into())).for_resource("topic a");
        assert_eq!(
            e.to_string(),
            "CreateTopics failed for topic a: TOPIC_ALREADY_EXISTS: Topic 'a' already exists."
        );
        assert!(!e.is_retriable());
        let e = KafkaError::new("CreateTopics", 41, None);
        assert_eq!(e.name(), "NOT_CONTROLLER");
        assert!(e.is_retriable());
    }
}
