//! Shell completions, manual pages and `--version`, through the real binary and the real tools: `bash` runs the
//! script `topicctl completions bash` prints, `zsh -n` / `fish --no-execute` parse theirs, `man` and `groff` render
//! every page. A missing tool fails the test with what to install (never a skip).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Test;

/// Two environments, `dev` and `prod`, one reading a variable that is unset during completion.
const ENVIRONMENTS: &str = "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9092\n---\n\
                            kind: Environment\nname: prod\nbootstrap: ${KAFKA_BOOTSTRAP}\n";

/// The path of `program`, or a failure saying which Debian package to install.
fn tool(program: &str, package: &str) -> PathBuf {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .expect("run sh");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        out.status.success() && !path.is_empty(),
        "`{program}` is not installed: this test needs it (apt-get install -y {package}; .ci/run installs it)"
    );
    PathBuf::from(path)
}

fn script(shell: &str) -> String {
    Test::new().args(["completions", shell]).run().stdout
}

/// A folder with `specs/envs.yaml` (the default spec folder of a command run there).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    std::fs::write(dir.path().join("specs/envs.yaml"), ENVIRONMENTS).unwrap();
    dir
}

/// What bash offers for the last of `words` (the word being completed), run in `cwd` as a user's shell would: the
/// bash-completion framework loaded, the script sourced, its function called with `COMP_WORDS` / `COMP_CWORD`.
fn bash_complete(cwd: &Path, words: &[&str]) -> Vec<String> {
    let bash = tool("bash", "bash");
    let framework = Path::new("/usr/share/bash-completion/bash_completion");
    assert!(
        framework.exists(),
        "{} is missing: install it (apt-get install -y bash-completion; .ci/run installs it)",
        framework.display()
    );
    let file = cwd.join("topicctl.bash");
    std::fs::write(&file, script("bash")).unwrap();
    let driver = r#"
        source /usr/share/bash-completion/bash_completion
        source "$1"; shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(( $# - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _clap_complete_topicctl topicctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let out = Command::new(bash)
        .current_dir(cwd)
        .args(["--norc", "--noprofile", "-c", driver, "bash"])
        .arg(&file)
        .args(words)
        .env_remove("TOPICCTL_COMPLETE")
        .output()
        .expect("run bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "bash: {:?}\n{stderr}",
        out.status
    );
    let mut offered: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    offered.sort();
    offered
}

#[test]
fn bash_completes_a_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(bash_complete(dir.path(), &["topicctl", "pl"]), ["plan"]);
}

#[test]
fn bash_completes_environment_names_from_the_spec_folder_given() {
    let dir = project();
    let specs = dir.path().join("specs");
    let specs = specs.to_str().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let all = bash_complete(elsewhere.path(), &["topicctl", "plan", "-f", specs, "--env", ""]);
    assert_eq!(all, ["dev", "prod"]);
    let prefixed = bash_complete(elsewhere.path(), &["topicctl", "plan", "-f", specs, "--env", "p"]);
    assert_eq!(prefixed, ["prod"]);
    let import = bash_complete(elsewhere.path(), &["topicctl", "import", "--file", specs, "--env", "d"]);
    assert_eq!(import, ["dev"]);
}

#[test]
fn bash_completes_the_positional_environment_from_the_default_spec_folder() {
    let dir = project();
    for words in [
        &["topicctl", "up", ""][..],
        &["topicctl", "cluster", "up", ""],
        &["topicctl", "cluster", "down", ""],
        &["topicctl", "cluster", "status", ""],
        &["topicctl", "cluster", "render", ""],
    ] {
        let offered = bash_complete(dir.path(), words);
        assert!(
            offered.contains(&"dev".to_owned()) && offered.contains(&"prod".to_owned()),
            "{words:?}: {offered:?}"
        );
    }
}

#[test]
fn without_specs_there_are_no_environment_names_and_no_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(bash_complete(dir.path(), &["topicctl", "plan", "--env", ""]).is_empty());
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "kind: [unclosed\n").unwrap();
    let words = ["topicctl", "plan", "-f", broken.to_str().unwrap(), "--env", ""];
    assert!(bash_complete(dir.path(), &words).is_empty());
}

/// `shell` parses the script without running it.
fn parses(shell: &Path, flag: &str, script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("topicctl.completion");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(shell)
        .arg(flag)
        .arg(&file)
        .output()
        .expect("run the shell");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{} {flag}: {:?}\n{}\n--- script\n{script}",
        shell.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn zsh_accepts_its_script() {
    let script = script("zsh");
    assert!(script.contains("topicctl"), "{script}");
    parses(&tool("zsh", "zsh"), "-n", &script);
}

#[test]
fn fish_accepts_its_script() {
    let script = script("fish");
    assert!(script.contains("topicctl"), "{script}");
    parses(&tool("fish", "fish"), "--no-execute", &script);
}

#[test]
fn fish_completes_environment_names() {
    let fish = tool("fish", "fish");
    let dir = project();
    let file = dir.path().join("topicctl.fish");
    std::fs::write(&file, script("fish")).unwrap();
    let out = Command::new(fish)
        .current_dir(dir.path())
        .args([
            "--no-config",
            "-c",
            "source $argv[1]; complete -C 'topicctl cluster status '",
        ])
        .arg(&file)
        .env_remove("TOPICCTL_COMPLETE")
        .output()
        .expect("run fish");
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names: Vec<&str> = offered.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert!(names.contains(&"dev") && names.contains(&"prod"), "{offered}");
}

#[test]
fn powershell_and_elvish_scripts_are_printed() {
    for shell in ["powershell", "elvish"] {
        assert!(script(shell).contains("TOPICCTL_COMPLETE"), "{shell}");
    }
}

#[test]
fn every_manual_page_renders_without_warnings() {
    let man = tool("man", "man-db");
    let groff = tool("groff", "groff-base");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    Test::new().args(["man", "--out", out.to_str().unwrap()]).run();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    let names: Vec<String> = pages
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "topicctl.1",
        "topicctl-plan.1",
        "topicctl-cluster-up.1",
        "topicctl-completions.1",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} is missing: {names:?}");
    }
    for page in &pages {
        let shown = Command::new(&man)
            .args(["--warnings", "-l"])
            .arg(page)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("run man");
        let stderr = String::from_utf8_lossy(&shown.stderr);
        assert!(
            shown.status.success() && stderr.is_empty(),
            "man -l {}: {:?}\n{stderr}",
            page.display(),
            shown.status
        );
        assert!(
            String::from_utf8_lossy(&shown.stdout).contains("NAME"),
            "{}",
            page.display()
        );
        let checked = Command::new(&groff)
            .args(["-z", "-ww", "-man"])
            .arg(page)
            .output()
            .expect("run groff");
        let stderr = String::from_utf8_lossy(&checked.stderr);
        assert!(
            checked.status.success() && stderr.is_empty(),
            "groff {}:\n{stderr}",
            page.display()
        );
    }
}

#[test]
fn man_prints_the_main_page() {
    let page = Test::new().args(["man"]).run().stdout;
    assert!(page.contains(".TH topicctl 1"), "{page}");
    assert!(page.contains("topicctl\\-plan(1)"), "{page}");
}

/// `KAFKA_VERSION`'s default in `scripts/kafka`.
fn tested_kafka() -> String {
    let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/kafka")).unwrap();
    let line = script
        .lines()
        .find_map(|l| l.strip_prefix("KAFKA_VERSION=${KAFKA_VERSION:-"))
        .unwrap();
    line.split('}').next().unwrap().to_owned()
}

#[test]
fn version_names_the_commit_and_the_kafka_tested() {
    let version = Test::new().args(["--version"]).run().stdout;
    let prefix = format!("topicctl {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = version.strip_prefix(&prefix).unwrap_or_else(|| panic!("{version}"));
    let commit = commit.split(',').next().unwrap();
    assert!(
        commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{version}"
    );
    tool("git", "git");
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run git");
    assert!(
        head.status.success(),
        "git rev-parse: {}",
        String::from_utf8_lossy(&head.stderr)
    );
    assert_eq!(commit, String::from_utf8_lossy(&head.stdout).trim(), "{version}");
    assert!(
        version.contains(&format!("tested with Apache Kafka {}", tested_kafka())),
        "{version}"
    );
}
