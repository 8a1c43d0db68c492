//! How often and how long to poll the API server. `TOPICCTL_KUBE_POLL_MS` and `TOPICCTL_KUBE_TIMEOUT_MS` override
//! the defaults (tests use them to run in milliseconds).

use std::time::Duration;

/// Strimzi takes a few minutes to roll out six pods; 15 minutes leaves room for image pulls and volume binding.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const DEFAULT_POLL: Duration = Duration::from_secs(5);

fn env_ms(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_millis)
}

pub fn poll_interval() -> Duration {
    env_ms("TOPICCTL_KUBE_POLL_MS").unwrap_or(DEFAULT_POLL)
}

pub fn timeout() -> Duration {
    env_ms("TOPICCTL_KUBE_TIMEOUT_MS").unwrap_or(DEFAULT_TIMEOUT)
}

/// `12s`, `1.5s`, `250ms`.
pub fn human(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}s", d.as_secs())
    }
}
