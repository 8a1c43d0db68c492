//! Local clusters: N Apache Kafka nodes in KRaft mode (combined broker + controller) as processes on this machine.
//! The first node listens where the environment's `bootstrap` says, the others on the next free ports. What was
//! started is kept in a state folder (`state.rs`), so `status` and `down` work from any shell, and `up` on a
//! running cluster changes nothing (it restarts nodes that stopped).

mod backend;
mod cache;
mod confine;
mod distribution;
mod error;
mod identity;
mod java;
mod node_config;
mod ports;
mod private;
mod process;
mod readiness;
mod report;
mod state;

pub use error::LocalError;

use std::process::Child;
use std::time::Duration;

use base64::Engine;

use crate::model::cluster_status::{ClusterState, ClusterStatus};
use crate::model::environment::Environment;
use crate::model::provision::Local;
use crate::provision::progress::Progress;
use readiness::{probe, wait_ready};
use report::{describe, external};
use state::{NodeState, SavedCluster};

/// How long nodes get to stop after SIGTERM before they are killed.
const STOP_GRACE: Duration = Duration::from_secs(15);

pub async fn up(env: &Environment, local: &Local, progress: &dyn Progress) -> miette::Result<ClusterStatus> {
    let (host, port) = bootstrap_address(env)?;
    let folder = state::folder(&state::root()?, &env.name, port);
    let cluster = match state::load(&folder)? {
        Some(cluster) => {
            if cluster.nodes.len() != local.brokers as usize {
                return Err(LocalError::Resize {
                    env: env.name.clone(),
                    nodes: cluster.nodes.len(),
                    brokers: local.brokers,
                }
                .into());
            }
            if cluster.kafka_version != local.kafka_version {
                progress.step(&format!(
                    "the cluster runs Kafka {} (the spec says {}): `cluster down` then `cluster up` to change it",
                    cluster.kafka_version, local.kafka_version
                ));
            }
            restart_stopped(cluster, &folder, progress).await?
        }
        None => {
            if !ports::is_free(&host, port) {
                return match probe(&format!("{host}:{port}")).await {
                    Some(info) => {
                        progress.step(&format!(
                            "a Kafka cluster topicctl did not start already answers on {host}:{port}; leaving it alone"
                        ));
                        Ok(external(env, &host, port, &info))
                    }
                    None => Err(LocalError::PortInUse { host, port }.into()),
                };
            }
            start_fresh(env, local, &host, port, &folder, progress).await?
        }
    };
    Ok(describe(env, &folder, &cluster).await)
}

pub async fn status(env: &Environment, local: &Local) -> miette::Result<ClusterStatus> {
    let _ = local;
    let (host, port) = bootstrap_address(env)?;
    let folder = state::folder(&state::root()?, &env.name, port);
    Ok(match state::load(&folder)? {
        Some(cluster) => describe(env, &folder, &cluster).await,
        None => match probe(&format!("{host}:{port}")).await {
            Some(info) => external(env, &host, port, &info),
            None => ClusterStatus {
                environment: env.name.clone(),
                kind: "local",
                location: folder.display().to_string(),
                state: ClusterState::Absent,
                bootstrap: None,
                members: Vec::new(),
                details: Vec::new(),
            },
        },
    })
}

pub async fn down(env: &Environment, local: &Local, progress: &dyn Progress) -> miette::Result<()> {
    let _ = local;
    let (host, port) = bootstrap_address(env)?;
    let folder = state::folder(&state::root()?, &env.name, port);
    let Some(cluster) = state::load(&folder)? else {
        if probe(&format!("{host}:{port}")).await.is_some() {
            progress.step(&format!(
                "topicctl started nothing for `{}`; the Kafka cluster answering on {host}:{port} is not ours and is left alone",
                env.name
            ));
        } else {
            progress.step(&format!("no local cluster of `{}` to remove", env.name));
        }
        return Ok(());
    };
    progress.step(&format!("stopping {} node(s)", cluster.nodes.len()));
    // The data goes with the cluster, so a short grace: a KRaft node whose quorum already left can hang in its
    // controlled shutdown.
    let outcomes = process::stop_all(&folder, &cluster.nodes, STOP_GRACE);
    let mut survivors = Vec::new();
    for (node, outcome) in cluster.nodes.iter().zip(outcomes) {
        match outcome {
            process::StopOutcome::NotRunning => progress.step(&format!("node {} was not running", node.id)),
            process::StopOutcome::Foreign(why) => warn(
                progress,
                &LocalError::ForeignProcess {
                    node: node.id,
                    pid: node.pid.unwrap_or_default(),
                    reason: why.to_string(),
                },
            ),
            process::StopOutcome::Stopped => progress.step(&format!("node {} stopped", node.id)),
            process::StopOutcome::Killed if process::alive(&folder, node) => survivors.push(node.id),
            process::StopOutcome::Killed => progress.step(&format!(
                "node {} did not stop within {} s and was killed",
                node.id,
                STOP_GRACE.as_secs()
            )),
        }
    }
    if !survivors.is_empty() {
        return Err(LocalError::WouldNotStop {
            nodes: survivors,
            env: env.name.clone(),
            folder: folder.display().to_string(),
        }
        .into());
    }
    std::fs::remove_dir_all(&folder).map_err(LocalError::Os)?;
    progress.step(&format!("removed {}", folder.display()));
    Ok(())
}

/// A problem that does not stop the command, as a progress line with its stable code.
fn warn(progress: &dyn Progress, problem: &LocalError) {
    let code = miette::Diagnostic::code(problem)
        .map(|c| c.to_string())
        .unwrap_or_default();
    progress.step(&format!("warning [{code}]: {problem}"));
}

/// The first bootstrap address, which must be on this machine.
fn bootstrap_address(env: &Environment) -> miette::Result<(String, u16)> {
    let bootstrap = env
        .bootstrap
        .as_deref()
        .ok_or_else(|| LocalError::NoBootstrap { env: env.name.clone() })?;
    let first = bootstrap.split(',').next().unwrap_or("").trim();
    let (host, port) = first
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.trim_start_matches('[').trim_end_matches(']'), p.parse::<u16>().ok()?)))
        .ok_or_else(|| LocalError::BadBootstrap {
            bootstrap: first.to_string(),
        })?;
    if !["127.0.0.1", "localhost", "::1"].contains(&host) {
        return Err(LocalError::RemoteBootstrap {
            env: env.name.clone(),
            bootstrap: first.to_string(),
        }
        .into());
    }
    Ok((host.to_string(), port))
}

async fn start_fresh(
    env: &Environment,
    local: &Local,
    host: &str,
    port: u16,
    folder: &std::path::Path,
    progress: &dyn Progress,
) -> miette::Result<SavedCluster> {
    let java = java::find()?;
    progress.step(&format!("Java {} ({})", java.version, java.path.display()));
    let dist = distribution::locate(&local.kafka_version, progress).await?;
    progress.step(&format!("Kafka {} from {}", local.kafka_version, dist.source));
    let n = local.brokers as usize;
    let mut broker_ports = vec![port];
    broker_ports.extend(ports::next_free(host, port, n - 1, &[])?);
    let last = *broker_ports.iter().max().unwrap_or(&port);
    let controller_ports = ports::next_free(host, last, n, &broker_ports)?;
    let nodes: Vec<NodeState> = (0..n)
        .map(|i| NodeState {
            id: i as u32,
            host: host.to_string(),
            port: broker_ports[i],
            controller_port: controller_ports[i],
            rack: format!("rack-{}", (b'a' + (i % 26) as u8) as char),
            dir: folder.join(format!("node-{i}")),
            pid: None,
            started: None,
        })
        .collect();
    let mut cluster = SavedCluster {
        environment: env.name.clone(),
        kafka_version: local.kafka_version.clone(),
        cluster_id: cluster_id()?,
        libs: dist.libs,
        nodes,
    };
    private::dir(folder)?;
    for node in &cluster.nodes {
        for sub in ["logs", "data"] {
            private::dir(&node.dir.join(sub))?;
        }
        private::write(
            &node.config_file(),
            node_config::server_properties(&cluster, node).as_bytes(),
        )?;
        private::write(
            &node.dir.join("log4j2.properties"),
            node_config::log4j2(node).as_bytes(),
        )?;
    }
    // Saved before anything starts: a failed start can still be taken down.
    state::save(folder, &cluster)?;
    for node in &cluster.nodes {
        progress.step(&format!(
            "formatting node {} (cluster id {})",
            node.id, cluster.cluster_id
        ));
        process::format(&java, &cluster.libs, node, &cluster.cluster_id)?;
    }
    let ids: Vec<usize> = (0..n).collect();
    start_nodes(&mut cluster, &ids, &java, folder, progress).await?;
    Ok(cluster)
}

/// Start the nodes that are not running (none: nothing happens).
async fn restart_stopped(
    mut cluster: SavedCluster,
    folder: &std::path::Path,
    progress: &dyn Progress,
) -> miette::Result<SavedCluster> {
    let stopped: Vec<usize> = (0..cluster.nodes.len())
        .filter(|i| !process::alive(folder, &cluster.nodes[*i]))
        .collect();
    if stopped.is_empty() {
        progress.step(&format!(
            "the local cluster of `{}` already runs ({} nodes); nothing to do",
            cluster.environment,
            cluster.nodes.len()
        ));
        return Ok(cluster);
    }
    for i in &stopped {
        let node = &cluster.nodes[*i];
        for p in [node.port, node.controller_port] {
            if !ports::is_free(&node.host, p) {
                return Err(LocalError::RestartPortTaken {
                    node: node.id,
                    host: node.host.clone(),
                    port: p,
                    env: cluster.environment.clone(),
                }
                .into());
            }
        }
    }
    let java = java::find()?;
    if !cluster.libs.is_dir() || !distribution::is_trusted(&cluster.libs) {
        let dist = distribution::locate(&cluster.kafka_version, progress).await?;
        cluster.libs = dist.libs;
    }
    start_nodes(&mut cluster, &stopped, &java, folder, progress).await?;
    Ok(cluster)
}

async fn start_nodes(
    cluster: &mut SavedCluster,
    which: &[usize],
    java: &java::Java,
    folder: &std::path::Path,
    progress: &dyn Progress,
) -> miette::Result<()> {
    let mut children: Vec<(usize, Child)> = Vec::new();
    for &i in which {
        let child = process::start(java, &cluster.libs, &cluster.nodes[i])?;
        let node = &mut cluster.nodes[i];
        node.pid = Some(child.id());
        node.started = process::start_time(child.id());
        progress.step(&format!(
            "started node {} (pid {}) on {}, rack {}",
            node.id,
            child.id(),
            node.address(),
            node.rack
        ));
        children.push((i, child));
    }
    state::save(folder, cluster)?;
    wait_ready(cluster, &mut children, progress).await
}

/// A 16-byte random id in Kafka's base64url form, never starting with `-` (which a command line would read as an
/// option).
fn cluster_id() -> miette::Result<String> {
    loop {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| LocalError::NoRandomness { reason: e.to_string() })?;
        let id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        if id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Ok(id);
        }
    }
}
