//! Why an environment (or a bare `--bootstrap` with client properties) could not be turned into a connection,
//! with a stable code per reason. Messages name the environment; never a password or a token.

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConnectError {
    #[error("environment `{env}` has no `bootstrap` address")]
    #[diagnostic(
        code(topicctl::connect::no_bootstrap),
        help("set `bootstrap: host:port,…` in the Environment, or `msk.clusterArn` to discover the brokers")
    )]
    NoBootstrap { env: String },

    #[error("environment `{env}`: {message}")]
    #[diagnostic(code(topicctl::connect::security))]
    Security { env: String, message: String },

    #[error(
        "environment `{env}` names cluster id {expected}, but {bootstrap} answers as cluster {actual}: refusing to \
         touch it"
    )]
    #[diagnostic(
        code(topicctl::connect::cluster_id_mismatch),
        help(
            "the bootstrap address points at another cluster than the one the environment names: fix `bootstrap`, \
             or `clusterId` if the cluster was re-created (`topicctl cluster info` shows its id)"
        )
    )]
    ClusterIdMismatch {
        env: String,
        expected: String,
        bootstrap: String,
        actual: String,
    },

    #[error("environment `{env}`: there is no MSK cluster named `{name}`")]
    #[diagnostic(
        code(topicctl::connect::msk_cluster_not_found),
        help("create it with `topicctl cluster up {env}`, or set msk.clusterArn")
    )]
    MskClusterNotFound { env: String, name: String },

    #[error("environment `{env}`: MSK cluster {arn} has no {auth} bootstrap brokers (is that authentication enabled?)")]
    #[diagnostic(
        code(topicctl::connect::msk_no_brokers),
        help(
            "turn that client authentication on for the MSK cluster, or set `security` to one it has \
             (`aws kafka get-bootstrap-brokers --cluster-arn …` lists them)"
        )
    )]
    MskNoBrokers {
        env: String,
        arn: String,
        auth: &'static str,
    },

    /// An MSK API call of the discovery failed (the message is the SDK error's one line).
    #[error("environment `{env}`: {message}")]
    #[diagnostic(code(topicctl::connect::msk_discovery))]
    MskDiscovery { env: String, message: String },

    /// No MSK IAM token provider: no credentials chain or no region.
    #[error("{message}")]
    #[diagnostic(code(topicctl::connect::msk_iam))]
    MskIam { message: String },

    /// An address, URL or region the trusted side (`--allow-endpoint`, TOPICCTL_ALLOWED_ENDPOINTS) does not allow:
    /// refused before anything connects, naming the field and the spec's text (never a variable's value).
    #[error("environment `{env}`: {field} `{shown}` is not an allowed endpoint; refusing to send credentials there")]
    #[diagnostic(
        code(topicctl::connect::endpoint_not_allowed),
        help(
            "the endpoints that may receive credentials are set outside the specs: `--allow-endpoint HOST:PORT` \
             (`*` matches anything) or TOPICCTL_ALLOWED_ENDPOINTS=PATTERN,PATTERN"
        )
    )]
    EndpointNotAllowed {
        env: String,
        field: &'static str,
        shown: String,
    },

    /// `-X` properties that contradict each other around `sasl.mechanism=AWS_MSK_IAM`.
    #[error("{0}")]
    #[diagnostic(code(topicctl::connect::property))]
    Property(String),
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic;

    use super::ConnectError;

    #[test]
    fn each_reason_has_a_stable_code_and_the_message_names_the_environment() {
        let e = ConnectError::MskClusterNotFound {
            env: "prod".into(),
            name: "orders".into(),
        };
        assert_eq!(
            e.to_string(),
            "environment `prod`: there is no MSK cluster named `orders`"
        );
        assert_eq!(
            e.code().unwrap().to_string(),
            "topicctl::connect::msk_cluster_not_found"
        );
        assert_eq!(
            e.help().unwrap().to_string(),
            "create it with `topicctl cluster up prod`, or set msk.clusterArn"
        );
        let e = ConnectError::ClusterIdMismatch {
            env: "prod".into(),
            expected: "abc".into(),
            bootstrap: "b:9092".into(),
            actual: "xyz".into(),
        };
        assert_eq!(
            e.to_string(),
            "environment `prod` names cluster id abc, but b:9092 answers as cluster xyz: refusing to touch it"
        );
    }
}
