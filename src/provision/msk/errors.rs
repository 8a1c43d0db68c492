//! What can go wrong while provisioning an MSK cluster, each with a stable code (`topicctl::provision::msk::…`);
//! failed AWS calls are the cluster layer's `AwsError`.

use crate::cluster::aws::errors::AwsError;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum MskError {
    /// An AWS call failed (`MSK CreateClusterV2 failed: …`).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Aws(#[from] AwsError),

    /// An answer without what it must hold (`MSK CreateConfiguration returned no ARN`).
    #[error("MSK {operation} returned no {missing}")]
    #[diagnostic(code(topicctl::provision::msk::incomplete_answer))]
    Incomplete {
        operation: &'static str,
        missing: &'static str,
    },

    #[error("MSK listed cluster {cluster} without an ARN")]
    #[diagnostic(code(topicctl::provision::msk::incomplete_answer))]
    ListedWithoutArn { cluster: String },

    #[error("{name}=`{text}` is not a number of seconds")]
    #[diagnostic(code(topicctl::provision::msk::bad_setting))]
    BadSeconds { name: String, text: String },

    #[error("MSK Serverless supports IAM authentication only, but `authentication` is [{}]", .authentication.join(", "))]
    #[diagnostic(code(topicctl::provision::msk::serverless_authentication))]
    ServerlessAuthentication { authentication: Vec<String> },

    /// A size the MSK API cannot carry: `brokers 4294967295 is too many`, `storageGiB … is too large`.
    #[error("{field} {value} is {too}")]
    #[diagnostic(code(topicctl::provision::msk::out_of_range))]
    OutOfRange {
        field: &'static str,
        value: u64,
        too: &'static str,
    },

    #[error("storageGiB {want} is less than the cluster's {have} GiB: MSK cannot shrink broker storage")]
    #[diagnostic(code(topicctl::provision::msk::storage_shrink))]
    StorageShrink { want: i32, have: i32 },

    #[error("MSK cluster {cluster} failed{}", .reason.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    #[diagnostic(code(topicctl::provision::msk::cluster_failed))]
    ClusterFailed { cluster: String, reason: Option<String> },

    #[error("MSK cluster {cluster} is being deleted")]
    #[diagnostic(code(topicctl::provision::msk::being_deleted))]
    BeingDeleted { cluster: String },

    #[error("MSK cluster {cluster} is still {state} after {seconds}s")]
    #[diagnostic(
        code(topicctl::provision::msk::timeout),
        help("raise TOPICCTL_MSK_TIMEOUT_SECONDS, or run `topicctl cluster status` later")
    )]
    NotActive {
        cluster: String,
        state: String,
        seconds: u64,
    },

    #[error("MSK cluster {cluster} is still {state} after {seconds}s")]
    #[diagnostic(code(topicctl::provision::msk::timeout))]
    NotGone {
        cluster: String,
        state: String,
        seconds: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::MskError;

    #[test]
    fn messages_read_as_before_and_carry_codes() {
        let cases = [
            (
                MskError::ClusterFailed {
                    cluster: "lab".into(),
                    reason: Some("subnet full".into()),
                },
                "MSK cluster lab failed: subnet full",
                "topicctl::provision::msk::cluster_failed",
            ),
            (
                MskError::ClusterFailed {
                    cluster: "lab".into(),
                    reason: None,
                },
                "MSK cluster lab failed",
                "topicctl::provision::msk::cluster_failed",
            ),
            (
                MskError::Incomplete {
                    operation: "CreateConfiguration",
                    missing: "ARN",
                },
                "MSK CreateConfiguration returned no ARN",
                "topicctl::provision::msk::incomplete_answer",
            ),
            (
                MskError::OutOfRange {
                    field: "storageGiB",
                    value: 3_000_000_000,
                    too: "too large",
                },
                "storageGiB 3000000000 is too large",
                "topicctl::provision::msk::out_of_range",
            ),
            (
                MskError::ServerlessAuthentication {
                    authentication: vec!["iam".into(), "scram".into()],
                },
                "MSK Serverless supports IAM authentication only, but `authentication` is [iam, scram]",
                "topicctl::provision::msk::serverless_authentication",
            ),
        ];
        for (error, message, code) in cases {
            assert_eq!(error.to_string(), message);
            let report = miette::Report::new(error);
            assert_eq!(report.code().map(|c| c.to_string()).as_deref(), Some(code));
        }
    }
}
