//! SDK errors as one-line messages: the operation, then the service's code and message, or the cause of a failure
//! to reach or understand the service (never the raw response, never request headers, where signatures travel).

use aws_sdk_kafka::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

pub fn sdk_error<E, R>(operation: &str, e: SdkError<E, R>) -> miette::Report
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match e {
        SdkError::ServiceError(se) => {
            let err = se.into_err();
            match (err.code(), err.message()) {
                (Some(code), Some(message)) => miette::miette!("MSK {operation} failed: {code}: {message}"),
                (Some(code), None) => miette::miette!("MSK {operation} failed: {code}"),
                _ => miette::miette!("MSK {operation} failed: {}", DisplayErrorContext(err)),
            }
        }
        other => {
            let chain = crate::error::one_line(&other);
            if chain.contains("no credentials found in chain") || chain.contains("CredentialsNotLoaded") {
                miette::miette!(
                    help = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role \
                            (web identity, ECS, instance profile) provides credentials",
                    "MSK {operation} failed: no AWS credentials were found"
                )
            } else {
                miette::miette!("MSK {operation} failed: {chain}")
            }
        }
    }
}
