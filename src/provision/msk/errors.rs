//! SDK errors as one-line messages: the operation, then the service's code and message (never request headers,
//! where signatures travel).

use aws_sdk_kafka::error::{DisplayErrorContext, SdkError};

pub fn sdk_error<E, R>(operation: &str, e: SdkError<E, R>) -> miette::Report
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    miette::miette!("MSK {operation} failed: {}", DisplayErrorContext(e))
}
