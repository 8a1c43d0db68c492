//! A connection error as people may see it: the fields of the environment that came from variables (a bootstrap
//! address, a user name) replaced by the spec's text (`${KAFKA_BOOTSTRAP}`), the error's kind and code kept.

use crate::cluster::error::ClusterError;
use crate::model::environment::Environment;

pub fn hide(env: &Environment, e: ClusterError) -> ClusterError {
    if env.shown.0.is_empty() {
        return e;
    }
    let h = |s: String| env.hide(&s);
    match e {
        ClusterError::Config(m) => ClusterError::Config(h(m)),
        ClusterError::File(f) => {
            let path = h(f.path().display().to_string()).into();
            ClusterError::File(f.with_path(path))
        }
        ClusterError::Connect { addr, message } => ClusterError::Connect {
            addr: h(addr),
            message: h(message),
        },
        ClusterError::Timeout { addr, what, timeout } => ClusterError::Timeout {
            addr: h(addr),
            what,
            timeout,
        },
        ClusterError::Tls { addr, message } => ClusterError::Tls {
            addr: h(addr),
            message: h(message),
        },
        ClusterError::Authentication {
            addr,
            mechanism,
            user,
            message,
        } => ClusterError::Authentication {
            addr: h(addr),
            mechanism,
            user: h(user),
            message: h(message),
        },
        ClusterError::ConnectionLost { addr, message } => ClusterError::ConnectionLost {
            addr: h(addr),
            message: h(message),
        },
        ClusterError::Protocol { addr, message } => ClusterError::Protocol {
            addr: h(addr),
            message: h(message),
        },
        ClusterError::Unsupported {
            addr,
            api,
            ours,
            theirs,
        } => ClusterError::Unsupported {
            addr: h(addr),
            api,
            ours,
            theirs,
        },
        ClusterError::NoBroker(inner) => ClusterError::NoBroker(Box::new(hide(env, *inner))),
        other @ ClusterError::Kafka(_) => other,
    }
}
