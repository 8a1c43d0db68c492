//! Port choice: the first broker listens where the environment's `bootstrap` says; every other listener takes the
//! next free port after it.

use std::net::TcpListener;

use crate::provision::local::error::LocalError;

pub fn is_free(host: &str, port: u16) -> bool {
    TcpListener::bind((host, port)).is_ok()
}

/// `count` free ports after `after`, skipping ports that are taken or already chosen.
pub fn next_free(host: &str, after: u16, count: usize, taken: &[u16]) -> miette::Result<Vec<u16>> {
    let mut chosen = Vec::with_capacity(count);
    let mut port = after;
    while chosen.len() < count {
        port = port.checked_add(1).ok_or_else(|| LocalError::NoFreePorts {
            host: host.to_string(),
            after,
            count,
        })?;
        if !taken.contains(&port) && is_free(host, port) {
            chosen.push(port);
        }
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_ports_are_skipped() {
        let busy = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = busy.local_addr().unwrap().port();
        assert!(!is_free("127.0.0.1", port));
        let chosen = next_free("127.0.0.1", port - 1, 2, &[port + 1]).unwrap();
        assert!(!chosen.contains(&port) && !chosen.contains(&(port + 1)), "{chosen:?}");
        assert!(chosen[0] > port + 1 && chosen[1] > chosen[0]);
    }
}
