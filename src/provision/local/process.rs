//! Starting, recognising and stopping the Java processes of local nodes. A pid is only trusted when the process
//! behind it still runs this node's config file, so a recycled pid is never signalled.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process, test_kill_process};

use crate::provision::local::error::LocalError;
use crate::provision::local::java::Java;
use crate::provision::local::state::NodeState;

/// JVM options: a modest heap (`TOPICCTL_KAFKA_HEAP` overrides it) and quick start-up over peak throughput.
fn jvm_options(node: &NodeState) -> Vec<String> {
    let heap = std::env::var("TOPICCTL_KAFKA_HEAP")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "-Xms128m -Xmx512m".to_string());
    let mut options: Vec<String> = heap.split_whitespace().map(str::to_string).collect();
    options.extend([
        "-XX:+UseSerialGC".to_string(),
        "-XX:TieredStopAtLevel=1".to_string(),
        "-Djava.awt.headless=true".to_string(),
        format!("-Dkafka.logs.dir={}", node.dir.join("logs").display()),
        format!(
            "-Dlog4j2.configurationFile={}",
            node.dir.join("log4j2.properties").display()
        ),
    ]);
    options
}

fn classpath(libs: &Path) -> String {
    format!("{}/*", libs.display())
}

/// Format the node's storage for `cluster_id` (once: an already formatted node is left as it is).
pub fn format(java: &Java, libs: &Path, node: &NodeState, cluster_id: &str) -> miette::Result<()> {
    if node.dir.join("data").join("meta.properties").is_file() {
        return Ok(());
    }
    let output = Command::new(&java.path)
        .args(jvm_options(node))
        .arg("-cp")
        .arg(classpath(libs))
        .arg("kafka.tools.StorageTool")
        .arg("format")
        .arg("--config")
        .arg(node.config_file())
        .arg(format!("--cluster-id={cluster_id}"))
        .arg("--ignore-formatted")
        .stdin(Stdio::null())
        .output()
        .map_err(LocalError::io("cannot run Kafka's storage formatter"))?;
    if !output.status.success() {
        return Err(LocalError::FormatFailed {
            node: node.id,
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
        .into());
    }
    Ok(())
}

/// Start the node in its own process group (a Ctrl-C in this shell does not reach it), output to its logs folder.
pub fn start(java: &Java, libs: &Path, node: &NodeState) -> Result<Child, LocalError> {
    use std::os::unix::process::CommandExt;
    let logs = node.dir.join("logs");
    std::fs::create_dir_all(&logs).map_err(LocalError::Os)?;
    let out = std::fs::File::create(logs.join("stdout.log")).map_err(LocalError::Os)?;
    let err = out.try_clone().map_err(LocalError::Os)?;
    Command::new(&java.path)
        .args(jvm_options(node))
        .arg("-cp")
        .arg(classpath(libs))
        .arg("kafka.Kafka")
        .arg(node.config_file())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(LocalError::io(format!("cannot start node {}", node.id)))
}

fn pid(node: &NodeState) -> Option<Pid> {
    node.pid.and_then(|p| i32::try_from(p).ok()).and_then(Pid::from_raw)
}

/// Whether the node's recorded pid is a live process running this node's config.
pub fn alive(node: &NodeState) -> bool {
    let Some(pid) = pid(node) else { return false };
    if test_kill_process(pid).is_err() {
        return false;
    }
    let proc = Path::new("/proc").join(pid.as_raw_nonzero().to_string());
    if let Ok(stat) = std::fs::read_to_string(proc.join("stat"))
        && stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
    {
        return false;
    }
    match std::fs::read(proc.join("cmdline")) {
        Ok(cmdline) => {
            let config = node.config_file();
            let wanted = config.to_string_lossy();
            cmdline.split(|b| *b == 0).any(|arg| arg == wanted.as_bytes())
        }
        // No /proc (macOS): the signal test is all there is.
        Err(_) => !Path::new("/proc/self").exists(),
    }
}

/// Stop all the nodes together (a KRaft node alone cannot shut down cleanly once its quorum is gone): SIGTERM to
/// every running node, then SIGKILL to those still running after `grace`. Returns each node's outcome.
pub fn stop_all(nodes: &[NodeState], grace: Duration) -> Vec<StopOutcome> {
    let running: Vec<bool> = nodes.iter().map(alive).collect();
    for (node, running) in nodes.iter().zip(&running) {
        if let (true, Some(pid)) = (*running, pid(node)) {
            let _ = kill_process(pid, Signal::TERM);
        }
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline && nodes.iter().any(alive) {
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut outcomes = Vec::with_capacity(nodes.len());
    for (node, running) in nodes.iter().zip(running) {
        outcomes.push(if !running {
            StopOutcome::NotRunning
        } else if !alive(node) {
            StopOutcome::Stopped
        } else {
            if let Some(pid) = pid(node) {
                let _ = kill_process(pid, Signal::KILL);
            }
            StopOutcome::Killed
        });
    }
    if outcomes.contains(&StopOutcome::Killed) {
        std::thread::sleep(Duration::from_millis(500));
    }
    outcomes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopOutcome {
    NotRunning,
    Stopped,
    Killed,
}

/// The last `n` lines of the node's logs, to explain a failed start.
pub fn log_tail(node: &NodeState, n: usize) -> String {
    let mut text = String::new();
    for file in [node.log_file(), node.dir.join("logs").join("stdout.log")] {
        if let Ok(content) = std::fs::read_to_string(&file) {
            let lines: Vec<&str> = content.lines().collect();
            let tail = lines[lines.len().saturating_sub(n)..].join("\n");
            if !tail.trim().is_empty() {
                text.push_str(&format!(
                    "--- {} (last {} lines)\n{tail}\n",
                    file.display(),
                    n.min(lines.len())
                ));
            }
        }
    }
    text
}
