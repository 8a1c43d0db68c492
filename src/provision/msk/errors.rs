//! What can go wrong with an MSK cluster, each with a stable code (`topicctl::provision::msk::…`).
//!
//! SDK errors become one-line messages: the operation, then the service's code and message, or the cause of a
//! failure to reach or understand the service (never the raw response, never request headers, where signatures
//! travel).

use aws_sdk_kafka::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum MskError {
    /// An SDK call failed: `detail` is the service's `code: message`, or why the service was not reached.
    #[error("MSK {operation} failed: {detail}")]
    #[diagnostic(code(topicctl::provision::msk::sdk))]
    Sdk { operation: String, detail: String },

    #[error("MSK {operation} failed: no AWS credentials were found")]
    #[diagnostic(
        code(topicctl::provision::msk::no_credentials),
        help(
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role (web identity, ECS, \
             instance profile) provides credentials"
        )
    )]
    NoCredentials { operation: String },

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

/// A failed SDK call as a typed error.
pub fn sdk_failure<E, R>(operation: &str, e: SdkError<E, R>) -> MskError
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let operation = operation.to_string();
    let detail = match e {
        SdkError::ServiceError(se) => {
            let err = se.into_err();
            match (err.code(), err.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_string(),
                _ => DisplayErrorContext(err).to_string(),
            }
        }
        other => {
            let chain = crate::error::one_line(&other);
            if chain.contains("no credentials found in chain") || chain.contains("CredentialsNotLoaded") {
                return MskError::NoCredentials { operation };
            }
            chain
        }
    };
    MskError::Sdk { operation, detail }
}

/// [`sdk_failure`] as a report, for callers that return `miette::Result`.
pub fn sdk_error<E, R>(operation: &str, e: SdkError<E, R>) -> miette::Report
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    sdk_failure(operation, e).into()
}

#[cfg(test)]
mod tests {
    use aws_sdk_kafka::error::SdkError;

    use super::{MskError, sdk_failure};

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

    #[test]
    fn missing_credentials_are_named_with_the_fix() {
        let e: SdkError<aws_sdk_kafka::operation::list_clusters_v2::ListClustersV2Error, ()> =
            SdkError::construction_failure("no credentials found in chain");
        let error = sdk_failure("ListClustersV2", e);
        assert_eq!(
            error.to_string(),
            "MSK ListClustersV2 failed: no AWS credentials were found"
        );
        assert!(matches!(error, MskError::NoCredentials { .. }), "{error:?}");
    }
}
