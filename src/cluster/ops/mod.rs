//! The admin operations, each batched: one request per broker or controller for many resources.

pub mod acls;
pub mod configs;
pub mod elect_leaders;
pub mod groups;
pub mod log_dirs;
pub mod offsets;
pub mod quotas;
pub mod reassignments;
pub mod scram_credentials;
pub mod topics;

use std::collections::BTreeMap;

use kafka_protocol::protocol::StrBytes;

use crate::cluster::client::AdminClient;
use crate::cluster::error::KafkaError;

/// The outcome for each resource of a batched change, by resource name.
pub type PerResource = BTreeMap<String, Result<(), KafkaError>>;

pub(crate) fn text(s: &Option<StrBytes>) -> Option<String> {
    s.as_ref().map(|m| m.to_string()).filter(|m| !m.is_empty())
}

pub(crate) fn str_bytes(s: &str) -> StrBytes {
    StrBytes::from_string(s.to_owned())
}

/// Run futures concurrently on this task and collect their outputs in order (a bounded fan-out: the caller
/// decides how many there are).
pub(crate) async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut futures: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// `Ok` for code 0, else the error for `resource`.
/// The client's request time-out as the `timeout_ms` field of an admin request.
pub(crate) fn timeout_ms(client: &AdminClient) -> i32 {
    i32::try_from(client.config().request_timeout.as_millis()).unwrap_or(i32::MAX)
}

pub(crate) fn outcome(
    api: &'static str,
    resource: &str,
    code: i16,
    message: &Option<StrBytes>,
) -> Result<(), KafkaError> {
    if code == 0 {
        Ok(())
    } else {
        Err(KafkaError::new(api, code, text(message)).for_resource(resource.to_owned()))
    }
}

/// Partitions grouped by topic, each topic's indexes sorted without duplicates.
pub(crate) fn by_topic(partitions: &[(String, i32)]) -> BTreeMap<&str, Vec<i32>> {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (topic, partition) in partitions {
        by_topic.entry(topic).or_default().push(*partition);
    }
    for indexes in by_topic.values_mut() {
        indexes.sort_unstable();
        indexes.dedup();
    }
    by_topic
}
