//! Retry `429 Too Many Requests` and `503 Service Unavailable` as client-go does: wait what the API server's
//! `Retry-After` says (1 s when it says nothing, at most [`MAX_WAIT`] per try), up to [`TRIES`] tries; then the
//! last answer goes to the caller. An API server that is starting (`storage is (re)initializing`) or shedding load
//! (priority and fairness) answers so. Requests are re-sent whole: their bodies are in memory (kube's `Once`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Request, Response, StatusCode};
use kube::client::Body;
use tower::Service;

/// Tries in all, the first included.
pub const TRIES: usize = 5;
/// The longest wait before one retry, whatever `Retry-After` asks.
pub const MAX_WAIT: Duration = Duration::from_secs(10);

/// The wait an answer asks for, when it is one to retry.
pub fn wait_for(status: StatusCode, retry_after: Option<&http::HeaderValue>) -> Option<Duration> {
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
        return None;
    }
    let seconds = retry_after
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Some(Duration::from_secs(seconds).clamp(Duration::from_millis(100), MAX_WAIT))
}

#[derive(Clone)]
pub struct RetryBusy<S> {
    inner: S,
}

impl<S> RetryBusy<S> {
    pub fn new(inner: S) -> Self {
        RetryBusy { inner }
    }
}

/// A copy of a request whose body is in memory; `None` for a streamed body (sent once, never retried).
fn copy(request: &Request<Body>) -> Option<Request<Body>> {
    let body = request.body().try_clone()?;
    let mut out = Request::new(body);
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    Some(out)
}

impl<S, B> Service<Request<Body>> for RetryBusy<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<B>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<B>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        // The ready service answers this call; clones (made ready again) answer the retries.
        let clone = self.inner.clone();
        let mut first = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let mut spare = copy(&request);
            let mut response = first.call(request).await?;
            for _ in 1..TRIES {
                let Some(wait) = wait_for(response.status(), response.headers().get(http::header::RETRY_AFTER)) else {
                    break;
                };
                let Some(again) = spare.take() else { break };
                spare = copy(&again);
                tokio::time::sleep(wait).await;
                let mut service = first.clone();
                std::future::poll_fn(|cx| service.poll_ready(cx)).await?;
                response = service.call(again).await?;
            }
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::{HeaderValue, StatusCode};

    use super::{MAX_WAIT, wait_for};

    #[test]
    fn only_busy_answers_are_retried_after_what_they_ask_within_a_bound() {
        assert_eq!(wait_for(StatusCode::OK, None), None);
        assert_eq!(wait_for(StatusCode::CONFLICT, None), None);
        assert_eq!(
            wait_for(StatusCode::TOO_MANY_REQUESTS, None),
            Some(Duration::from_secs(1))
        );
        let two = HeaderValue::from_static("2");
        assert_eq!(
            wait_for(StatusCode::SERVICE_UNAVAILABLE, Some(&two)),
            Some(Duration::from_secs(2))
        );
        let long = HeaderValue::from_static("3600");
        assert_eq!(wait_for(StatusCode::TOO_MANY_REQUESTS, Some(&long)), Some(MAX_WAIT));
    }
}
