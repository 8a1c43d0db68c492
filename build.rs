//! Build-time facts for `topicctl --version`: the git commit, and the Kafka version the tests run (read from
//! `scripts/kafka`, its one source of truth, and also the default of local clusters).

use std::process::Command;

fn main() {
    println!("cargo:rustc-env=TOPICCTL_COMMIT={}", commit());
    println!("cargo:rustc-env=TOPICCTL_KAFKA_VERSION={}", kafka_version());
}

/// `git rev-parse --short=12 HEAD`, else `TOPICCTL_COMMIT`, else `unknown`.
fn commit() -> String {
    println!("cargo:rerun-if-env-changed=TOPICCTL_COMMIT");
    if let Some(hash) = git(&["rev-parse", "--short=12", "HEAD"]) {
        // Rebuild when HEAD moves: HEAD itself (another branch) and the ref it names (a new commit), loose or packed.
        let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
        watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
        for name in watched {
            // A missing file would make cargo run this script on every build.
            if let Some(path) = git(&["rev-parse", "--git-path", &name]).filter(|p| std::path::Path::new(p).exists()) {
                println!("cargo:rerun-if-changed={path}");
            }
        }
        return hash;
    }
    match std::env::var("TOPICCTL_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_owned(),
        _ => "unknown".to_owned(),
    }
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// The default of `KAFKA_VERSION=${KAFKA_VERSION:-4.1.2}` in `scripts/kafka`.
fn kafka_version() -> String {
    const SCRIPT: &str = "scripts/kafka";
    const PREFIX: &str = "KAFKA_VERSION=${KAFKA_VERSION:-";
    println!("cargo:rerun-if-changed={SCRIPT}");
    let text = std::fs::read_to_string(SCRIPT).unwrap_or_else(|e| panic!("{SCRIPT}: {e}"));
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(PREFIX)?
                .split_once('}')
                .map(|(v, _)| v.to_owned())
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("{SCRIPT} has no `{PREFIX}VERSION}}` line"))
}
