//! `topicctl cluster up / up again / down` for a 3-broker local environment, with the jars already cached: how long
//! until the brokers are ready (target: under 30 s on a 2-core machine), how long a second `up` takes when the
//! cluster runs (target: under 1 s) and how long `down` takes (target: under 20 s). Ports 27092+; run with
//! `cargo bench --bench local_cluster` (the first round downloads the jars if the cache is empty).

use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;

fn topicctl(args: &[&str], dir: &std::path::Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_topicctl"))
        .args(args)
        .arg("-f")
        .arg(dir.join("specs"))
        .env("TOPICCTL_STATE_DIR", dir.join("state"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run topicctl");
    assert!(
        out.status.success(),
        "topicctl {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    std::fs::write(
        dir.path().join("specs/env.yaml"),
        "kind: Environment\nname: bench\nbootstrap: 127.0.0.1:27092\nprovision: {local: {brokers: 3}}\n",
    )
    .unwrap();
    let (mut up, mut again, mut down) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        up.push(topicctl(&["cluster", "up", "bench"], dir.path()));
        again.push(topicctl(&["cluster", "up", "bench"], dir.path()));
        down.push(topicctl(&["cluster", "down", "bench", "--force"], dir.path()));
        println!(
            "round {round}: up {:.1} s, up again {:.2} s, down {:.1} s",
            up[round].as_secs_f64(),
            again[round].as_secs_f64(),
            down[round].as_secs_f64()
        );
    }
    println!(
        "local_cluster: 3 brokers, median of {ROUNDS}: up {:.1} s, up again {:.2} s, down {:.1} s",
        median(up).as_secs_f64(),
        median(again).as_secs_f64(),
        median(down).as_secs_f64()
    );
}
