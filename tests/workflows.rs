//! The GitHub side: the workflows pass actionlint (with shellcheck on their `run:` scripts), action.yml matches
//! SchemaStore's schema for action metadata, and the action's scripts (plan-comment shortening, the plan step's
//! outputs, the installer's checksum check) do what they say. Each checker has a negative control: a broken copy in
//! a temp dir is rejected.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(out: &Output) -> String {
    format!(
        "--- status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn script(name: &str) -> Command {
    let mut c = Command::new(root().join("scripts").join(name));
    c.current_dir(root());
    c
}

#[test]
fn workflows_pass_actionlint_and_shellcheck() {
    let out = run(&mut script("actionlint"));
    assert!(out.status.success(), "scripts/actionlint failed\n{}", text(&out));
}

#[test]
fn actionlint_rejects_a_runs_on_typo() {
    let dir = tempfile::tempdir().unwrap();
    let ci = fs::read_to_string(root().join(".github/workflows/ci.yml")).unwrap();
    assert!(ci.contains("runs-on:"));
    let broken = dir.path().join("ci.yml");
    fs::write(&broken, ci.replacen("runs-on:", "runs_on:", 1)).unwrap();
    let out = run(script("actionlint").arg(&broken));
    assert!(
        !out.status.success(),
        "actionlint accepted a job without runs-on\n{}",
        text(&out)
    );
    assert!(text(&out).contains("runs_on"), "{}", text(&out));
}

#[test]
fn actionlint_runs_shellcheck_on_run_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("bad-shell.yml");
    fs::write(
        &broken,
        "name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: for f in $(ls *.yml); do cat $f; done\n",
    )
    .unwrap();
    let out = run(script("actionlint").arg(&broken));
    assert!(!out.status.success(), "unquoted expansions passed\n{}", text(&out));
    assert!(text(&out).contains("shellcheck reported issue"), "{}", text(&out));
}

#[test]
fn action_metadata_matches_the_schemastore_schema() {
    let out = run(&mut script("check-action"));
    assert!(out.status.success(), "scripts/check-action failed\n{}", text(&out));
}

#[test]
fn schema_rejects_an_action_without_runs() {
    let dir = tempfile::tempdir().unwrap();
    let action = fs::read_to_string(root().join("action.yml")).unwrap();
    let cut = action.find("\nruns:\n").expect("action.yml has a runs: section");
    let broken = dir.path().join("action.yml");
    fs::write(&broken, &action[..cut + 1]).unwrap();
    let out = run(script("check-action").arg(&broken));
    assert!(
        !out.status.success(),
        "an action without runs passed the schema\n{}",
        text(&out)
    );
    assert!(text(&out).contains("runs"), "{}", text(&out));
}

fn shorten(plan: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.md");
    fs::write(&file, plan).unwrap();
    let out = run(Command::new(root().join("action/shorten-plan.sh"))
        .arg(&file)
        .args(args));
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_long_plan_comment_is_shortened_at_a_line_with_a_note() {
    let mut plan = String::from("### topicctl plan `prod`\n\n```diff\n");
    let mut i = 0;
    while plan.chars().count() < 100_000 {
        plan.push_str(&format!("~ topic shop.orders.{i}: partitions 3 → 6\n"));
        i += 1;
    }
    plan.push_str("```\n\nPlan: 0 to create, many to change.\n");
    let note_where = "the artifact `topicctl-plan-prod`";
    let short = shorten(&plan, &["65536", note_where]);
    assert!(short.chars().count() <= 65_536, "{} characters", short.chars().count());
    assert!(short.len() <= 65_536, "{} bytes", short.len());
    assert!(short.len() > 60_000, "kept too little: {} bytes", short.len());
    let note_at = short.find("\n---\n> [!WARNING]").expect("the note");
    let note = &short[note_at..];
    assert!(
        note.trim_end()
            .ends_with(&format!("The whole plan is in {note_where}.")),
        "{note}"
    );
    // The head is whole lines of the plan, and the open ```diff block is closed before the note.
    let head = short[..note_at]
        .strip_suffix("```\n")
        .expect("the code block is closed");
    assert!(
        plan.starts_with(head) && head.ends_with('\n'),
        "not cut at a line boundary"
    );
}

#[test]
fn a_short_plan_comment_is_unchanged() {
    let plan = "### topicctl plan `dev`\n\nNo changes. The cluster matches the specs.\n";
    assert_eq!(shorten(plan, &[]), plan);
    let exact = "x".repeat(65_535) + "\n";
    assert_eq!(shorten(&exact, &[]), exact);
}

/// A stand-in `topicctl` for the action's plan step: `plan` writes a saved plan with FAKE_BLOCKED blocked changes
/// and exits FAKE_CODE (what the real one does is tested in plan_apply.rs; here: the step's outputs).
fn fake_topicctl(dir: &Path) {
    let bin = dir.join("topicctl");
    fs::write(
        &bin,
        r####"#!/bin/sh
[ "$1" = validate ] && exit 0
out=
while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done
changes=false; [ "$FAKE_CODE" = 2 ] && changes=true
[ "$FAKE_BLOCKED" -gt 0 ] && changes=true
[ "$FAKE_CODE" = 9 ] && { echo "error: cannot connect" >&2; exit 1; }
printf '{"format_version":"1.0","summary":{"create":0,"update":0,"delete":0,"blocked":%s,"has_changes":%s}}\n' "$FAKE_BLOCKED" "$changes" > "$out"
echo "### plan"
exit "$FAKE_CODE"
"####,
    )
    .unwrap();
    run(Command::new("chmod").arg("755").arg(&bin));
}

fn plan_step(code: u32, blocked: u32) -> (Option<i32>, String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    fake_topicctl(dir.path());
    let outputs = dir.path().join("outputs");
    let out = run(Command::new("bash")
        .arg(root().join("action/plan.sh"))
        .env(
            "PATH",
            format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap()),
        )
        .env("FAKE_CODE", code.to_string())
        .env("FAKE_BLOCKED", blocked.to_string())
        .env("ENV_NAME", "prod")
        .env("SPECS", "specs more-specs")
        .env("OUT_DIR", dir.path().join("plan"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", dir.path().join("summary")));
    let plan_dir = dir.path().join("plan");
    (out.status.code(), fs::read_to_string(outputs).unwrap(), plan_dir, dir)
}

#[test]
fn the_action_plan_step_maps_exit_codes_to_outputs() {
    let (status, outputs, plan_dir, _d) = plan_step(0, 0);
    assert_eq!(status, Some(0), "{outputs}");
    assert!(
        outputs.contains("exitcode=0\nhas-changes=false\nblocked=false\n"),
        "{outputs}"
    );
    assert!(
        outputs.contains(&format!("plan-file={}/plan.json\n", plan_dir.display())),
        "{outputs}"
    );
    assert!(
        outputs.contains(&format!("plan-markdown={}/plan.md\n", plan_dir.display())),
        "{outputs}"
    );

    let (status, outputs, plan_dir, _d) = plan_step(2, 0);
    assert_eq!(status, Some(0), "changes are not a failure: {outputs}");
    assert!(
        outputs.contains("exitcode=2\nhas-changes=true\nblocked=false\n"),
        "{outputs}"
    );
    assert_eq!(fs::read_to_string(plan_dir.join("plan.md")).unwrap(), "### plan\n");

    let (status, outputs, _, _d) = plan_step(1, 2);
    assert_eq!(status, Some(1), "blocked changes fail: {outputs}");
    assert!(
        outputs.contains("exitcode=1\nhas-changes=true\nblocked=true\n"),
        "{outputs}"
    );

    let (status, outputs, plan_dir, _d) = plan_step(9, 0);
    assert_eq!(status, Some(1), "an error fails: {outputs}");
    assert!(
        outputs.contains("exitcode=1\nhas-changes=false\nblocked=false\n"),
        "{outputs}"
    );
    assert!(
        fs::read_to_string(plan_dir.join("plan.md"))
            .unwrap()
            .contains("failed (exit 1)")
    );
}

fn host_target() -> String {
    let arch = String::from_utf8(run(Command::new("uname").arg("-m")).stdout).unwrap();
    let arch = match arch.trim() {
        "arm64" => "aarch64".to_string(),
        a => a.to_string(),
    };
    format!("{arch}-unknown-linux-musl")
}

/// A release folder as the release workflow makes it, with a stand-in binary.
fn release_dir(dir: &Path) -> String {
    let target = host_target();
    let name = format!("topicctl-{target}");
    let stage = dir.join("stage").join(&name);
    fs::create_dir_all(&stage).unwrap();
    fs::write(stage.join("topicctl"), "#!/bin/sh\necho topicctl 9.9.9\n").unwrap();
    run(Command::new("chmod").arg("755").arg(stage.join("topicctl")));
    let rel = dir.join("release");
    fs::create_dir_all(&rel).unwrap();
    let archive = format!("{name}.tar.gz");
    let out = run(Command::new("tar")
        .arg("-C")
        .arg(dir.join("stage"))
        .arg("-czf")
        .arg(rel.join(&archive))
        .arg(&name));
    assert!(out.status.success(), "{}", text(&out));
    let sum = run(Command::new("sha256sum").arg(&archive).current_dir(&rel));
    assert!(sum.status.success());
    fs::write(rel.join(format!("{archive}.sha256")), &sum.stdout).unwrap();
    archive
}

fn install(dir: &Path, into: &Path) -> Output {
    run(Command::new("sh")
        .arg(root().join("dist/topicctl-installer.sh"))
        .env(
            "TOPICCTL_DOWNLOAD_URL",
            format!("file://{}", dir.join("release").display()),
        )
        .env("TOPICCTL_INSTALL_DIR", into))
}

#[test]
fn the_installer_installs_a_verified_archive_and_refuses_a_wrong_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let archive = release_dir(dir.path());
    let good = dir.path().join("good-bin");
    let out = install(dir.path(), &good);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(&format!("verified {archive}")), "{}", text(&out));
    let ran = run(&mut Command::new(good.join("topicctl")));
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "topicctl 9.9.9\n");

    // The archive changes after its checksum was taken: refused, nothing installed.
    let sum_file = dir.path().join("release").join(format!("{archive}.sha256"));
    let sum = fs::read_to_string(&sum_file).unwrap();
    let flipped = if sum.starts_with('0') { "1" } else { "0" };
    fs::write(&sum_file, format!("{flipped}{}", &sum[1..])).unwrap();
    let bad = dir.path().join("bad-bin");
    let out = install(dir.path(), &bad);
    assert!(!out.status.success(), "a wrong checksum was accepted\n{}", text(&out));
    assert!(text(&out).contains("checksum mismatch"), "{}", text(&out));
    assert!(!bad.join("topicctl").exists(), "installed despite the mismatch");
}

#[test]
fn the_readme_workflow_examples_pass_actionlint() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("### GitHub Action\n")
        .expect("README has a GitHub Action section");
    let end = start
        + readme[start..]
            .find("### Releases and install")
            .expect("and a releases section");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, block) in readme[start..end].split("```yaml\n").skip(1).enumerate() {
        let yaml = &block[..block.find("```").unwrap()];
        let file = dir.path().join(format!("example{i}.yml"));
        fs::write(&file, yaml).unwrap();
        files.push(file);
    }
    assert_eq!(files.len(), 2, "the action example and the reusable-workflow example");
    let out = run(script("actionlint").args(&files));
    assert!(
        out.status.success(),
        "a README example fails actionlint\n{}",
        text(&out)
    );
}
