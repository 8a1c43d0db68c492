//! What can go wrong with a Strimzi cluster, each with a stable code (`topicctl::provision::kubernetes::…`).

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum KubernetesError {
    #[error("cannot use kube context `{context}` for namespace `{namespace}`: {reason}")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::kubeconfig),
        help(
            "check KUBECONFIG (or ~/.kube/config) and `kubectl config get-contexts`; set provision.kubernetes.context \
             to one of them"
        )
    )]
    KubeConfig {
        context: String,
        namespace: String,
        reason: String,
    },

    /// An `http://` API server with credentials in the kubeconfig: they would cross the network unencrypted.
    #[error(
        "kube context `{context}` names the API server {server} over plain HTTP: its credentials would be sent \
         unencrypted, so topicctl does not connect"
    )]
    #[diagnostic(
        code(topicctl::provision::kubernetes::insecure_server),
        help(
            "give the cluster's https:// address (and its certificate-authority) in the kubeconfig; plain http:// is \
             used only by a context without credentials, such as one for `kubectl proxy`"
        )
    )]
    InsecureServer { context: String, server: String },

    /// The context was found but cannot be used: `problem` is `cannot set up TLS to …`, `bad tls-server-name …`
    /// or `cannot authenticate: …`.
    #[error("kube context `{context}`: {problem}")]
    #[diagnostic(code(topicctl::provision::kubernetes::context))]
    Context { context: String, problem: String },

    #[error(
        "topicctl cannot {doing}: the API server does not know {crd} ({api_version}/{kind}): the Strimzi CRDs are not \
         installed in `{location}`"
    )]
    #[diagnostic(
        code(topicctl::provision::kubernetes::crds_missing),
        help(
            "install the Strimzi operator (its CRDs) in the cluster first, e.g. `kubectl create -f \
             'https://strimzi.io/install/latest?namespace={{}}'`"
        )
    )]
    CrdsMissing {
        doing: String,
        crd: String,
        api_version: &'static str,
        kind: &'static str,
        location: String,
    },

    /// Server-side apply met fields another field manager owns: `reason` is the API server's list of them.
    #[error("cannot {doing} in `{location}`: {reason}")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::conflict),
        help(
            "another field manager (Argo CD, Flux, kubectl) owns these fields. Change them there, or let topicctl \
             take them over with `topicctl cluster up --force-conflicts`"
        )
    )]
    Conflict {
        doing: String,
        location: String,
        reason: String,
    },

    /// RBAC refused the call: `reason` is the API server's message naming the user, verb and resource.
    #[error("cannot {doing} in `{location}`: {reason}")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::forbidden),
        help(
            "the kubeconfig's user needs a Role (or ClusterRole) binding that allows this verb on this resource in \
             the namespace; `kubectl auth can-i --list -n <namespace>` shows what it may do"
        )
    )]
    Forbidden {
        doing: String,
        location: String,
        reason: String,
    },

    /// A call to the API server failed: `doing` is e.g. ``apply Kafka `paklog` `` or `list Secrets`.
    #[error("cannot {doing} in `{location}`: {reason}")]
    #[diagnostic(code(topicctl::provision::kubernetes::api))]
    Api {
        doing: String,
        location: String,
        reason: String,
    },

    #[error("Kafka `{cluster}` in `{location}` is not Ready after {waited}: {last}")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::not_ready),
        help(
            "look at `kubectl -n {namespace} describe kafka {cluster}` and the Strimzi cluster operator's log; run \
             `topicctl cluster up` again to keep waiting"
        )
    )]
    NotReady {
        cluster: String,
        namespace: String,
        location: String,
        waited: String,
        last: String,
    },

    #[error("{left} KafkaTopic/KafkaUser resource(s) in `{location}` are still there after {waited}: {stuck}")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::not_removed),
        help(
            "they wait for their finalizers; the Strimzi entity operator clears its own (check that it runs), \
             others belong to whoever added them. Nothing after them was deleted: run `cluster down` again once \
             they are gone"
        )
    )]
    NotRemoved {
        left: usize,
        location: String,
        waited: String,
        /// Each one left, with its finalizers: ``KafkaTopic `orders` (finalizers: strimzi.io/topic-operator)``.
        stuck: String,
    },

    #[error("the password of user `{user}` ({source_name}) is not available, so Secret `{secret}` cannot be written")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::password_unavailable),
        help("make the password available (its variable or file), or create the Secret yourself")
    )]
    PasswordUnavailable {
        user: String,
        source_name: String,
        secret: String,
    },

    #[error("cannot render KafkaUsers:\n  - {}", .problems.join("\n  - "))]
    #[diagnostic(
        code(topicctl::provision::kubernetes::users),
        help("turn `users` off in provision.kubernetes to manage these with topicctl's own ACL and user commands")
    )]
    Users { problems: Vec<String> },

    #[error("Strimzi listeners cannot authenticate with SASL mechanism `{mechanism}`")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::listener),
        help("use `sasl: {{mechanism: SCRAM-SHA-512}}`, the SASL mechanism Strimzi listeners offer")
    )]
    SaslMechanism { mechanism: String },

    #[error("security protocol `{protocol}` has no Strimzi listener")]
    #[diagnostic(
        code(topicctl::provision::kubernetes::listener),
        help("use PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT")
    )]
    SecurityProtocol { protocol: String },

    #[error("cannot write a manifest as YAML: {reason}")]
    #[diagnostic(code(topicctl::provision::kubernetes::yaml))]
    Yaml { reason: String },

    #[error("internal: no Strimzi kind {kind:?}")]
    #[diagnostic(code(topicctl::provision::kubernetes::internal))]
    UnknownKind { kind: Option<String> },
}
