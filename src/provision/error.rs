//! What goes wrong before any backend runs: the environment names no backend, or not the one a verb needs.

/// Errors of the provisioning seam itself; each backend has its own (`LocalError`, `KubernetesError`, `MskError`).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ProvisionError {
    #[error("environment `{env}` has no `provision` block, so topicctl does not manage its cluster")]
    #[diagnostic(
        code(topicctl::provision::no_provision_block),
        help("add `provision: {{local: {{brokers: 3}}}}` (or kubernetes / msk) to the Environment document")
    )]
    NoProvision { env: String },

    #[error("environment `{env}` is not provisioned on Kubernetes: there are no manifests to render")]
    #[diagnostic(
        code(topicctl::provision::not_kubernetes),
        help("`cluster render` is for `provision.kubernetes` environments; use `cluster up` for the others")
    )]
    NotKubernetes { env: String },
}
