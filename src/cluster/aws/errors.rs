//! AWS SDK errors as one-line messages with stable codes: the operation, then the service's code and message, or the
//! cause of a failure to reach or understand the service (never the raw response, never request headers, where
//! signatures travel).

use aws_sdk_kafka::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum AwsError {
    /// An SDK call failed: `detail` is the service's `code: message`, or why the service was not reached.
    #[error("MSK {operation} failed: {detail}")]
    #[diagnostic(code(topicctl::aws::sdk))]
    Sdk { operation: String, detail: String },

    #[error("MSK {operation} failed: no AWS credentials were found")]
    #[diagnostic(
        code(topicctl::aws::no_credentials),
        help(
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role (web identity, ECS, \
             instance profile) provides credentials"
        )
    )]
    NoCredentials { operation: String },

    #[error("no AWS region: none is given and the default chain (AWS_REGION, profile) has none")]
    #[diagnostic(
        code(topicctl::aws::no_region),
        help("set `region` under provision.msk or msk, or AWS_REGION")
    )]
    NoRegion,

    #[error("MSK {operation} for {arn} returned no cluster")]
    #[diagnostic(code(topicctl::aws::incomplete_answer))]
    NoCluster { operation: &'static str, arn: String },
}

/// A failed SDK call as a typed error.
pub fn sdk_failure<E, R>(operation: &str, e: SdkError<E, R>) -> AwsError
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
                return AwsError::NoCredentials { operation };
            }
            chain
        }
    };
    AwsError::Sdk { operation, detail }
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

    use super::{AwsError, sdk_failure};

    #[test]
    fn missing_credentials_are_named_with_the_fix() {
        let e: SdkError<aws_sdk_kafka::operation::list_clusters_v2::ListClustersV2Error, ()> =
            SdkError::construction_failure("no credentials found in chain");
        let error = sdk_failure("ListClustersV2", e);
        assert_eq!(
            error.to_string(),
            "MSK ListClustersV2 failed: no AWS credentials were found"
        );
        assert!(matches!(error, AwsError::NoCredentials { .. }), "{error:?}");
    }
}
