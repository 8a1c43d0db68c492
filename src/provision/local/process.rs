//! Starting, recognising and stopping the Java processes of local nodes. A pid is only trusted when the process
//! behind it started when the node did and runs this node's config (`identity.rs`), so a recycled pid or a
//! hand-edited state never gets an unrelated process signalled.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::io::Errno;
use rustix::process::{Pid, Signal, kill_process, test_kill_process};

use crate::provision::local::error::LocalError;
use crate::provision::local::identity::{self, Mismatch, Observed, Verdict};
use crate::provision::local::java::Java;
use crate::provision::local::private;
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
    // A node of a cluster started before folders were private is made private when it restarts.
    for sub in ["data", "logs"] {
        private::dir(&node.dir.join(sub))?;
    }
    private::dir(&node.dir)?;
    let logs = node.dir.join("logs");
    let out = private::create(&logs.join("stdout.log"))?;
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

/// The start time of process `pid` (field 22 of `/proc/<pid>/stat`), to record with it; None without `/proc`.
pub fn start_time(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| identity::start_time(&stat))
}

/// Whether the node's recorded pid is this node's Kafka process (`identity::judge`), a process that is not, or
/// none. `folder` is the environment's state folder.
pub fn identify(folder: &Path, node: &NodeState) -> Verdict {
    let Some(pid) = pid(node) else { return Verdict::Gone };
    match test_kill_process(pid) {
        Ok(()) => {}
        Err(Errno::PERM) => return Verdict::Foreign(Mismatch::OtherUser),
        Err(_) => return Verdict::Gone,
    }
    // No /proc (macOS): the signal test is all there is.
    if !Path::new("/proc/self").exists() {
        return Verdict::Ours;
    }
    let proc = Path::new("/proc").join(pid.as_raw_nonzero().to_string());
    match (
        std::fs::read_to_string(proc.join("stat")),
        std::fs::read(proc.join("cmdline")),
    ) {
        (Ok(stat), Ok(cmdline)) => {
            let seen = Observed {
                stat: &stat,
                cmdline: &cmdline,
            };
            identity::judge(&node.config_file(), folder, node.started, Some(&seen))
        }
        _ => Verdict::Gone,
    }
}

/// Whether the node's recorded pid is a live process running this node's config.
pub fn alive(folder: &Path, node: &NodeState) -> bool {
    identify(folder, node) == Verdict::Ours
}

/// Stop all the nodes together (a KRaft node alone cannot shut down cleanly once its quorum is gone): SIGTERM to
/// every running node, then SIGKILL to those still running after `grace`. Returns each node's outcome. A pid that
/// is not the node's own process is never signalled.
pub fn stop_all(folder: &Path, nodes: &[NodeState], grace: Duration) -> Vec<StopOutcome> {
    let verdicts: Vec<Verdict> = nodes.iter().map(|n| identify(folder, n)).collect();
    for (node, verdict) in nodes.iter().zip(&verdicts) {
        if let (Verdict::Ours, Some(pid)) = (verdict, pid(node)) {
            let _ = kill_process(pid, Signal::TERM);
        }
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline && nodes.iter().any(|n| alive(folder, n)) {
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut outcomes = Vec::with_capacity(nodes.len());
    for (node, verdict) in nodes.iter().zip(verdicts) {
        outcomes.push(match verdict {
            Verdict::Gone => StopOutcome::NotRunning,
            Verdict::Foreign(why) => StopOutcome::Foreign(why),
            Verdict::Ours if !alive(folder, node) => StopOutcome::Stopped,
            Verdict::Ours => {
                if let Some(pid) = pid(node) {
                    let _ = kill_process(pid, Signal::KILL);
                }
                StopOutcome::Killed
            }
        });
    }
    if outcomes.contains(&StopOutcome::Killed) {
        std::thread::sleep(Duration::from_millis(500));
    }
    outcomes
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopOutcome {
    NotRunning,
    Stopped,
    Killed,
    /// The recorded pid is another process, left alone.
    Foreign(Mismatch),
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
