//! The confinement itself: a run that would exceed the memory limit fails instead of taking the machine with it,
//! and a well-behaved run is unaffected.

use crate::common::Test;

#[test]
fn a_confined_run_behaves_like_a_normal_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\n",
    )
    .unwrap();
    let ran = Test::new()
        .confined()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .run();
    assert!(
        ran.stdout.contains("Specs are valid (0 errors, 0 warnings)."),
        "{}",
        ran.stdout
    );
}

/// The negative control: the same run under a limit far below what any process needs fails, so the limit of
/// the hostile cases is really applied (and a runaway allocation there would fail the same way).
#[test]
fn a_run_over_the_limit_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\n",
    )
    .unwrap();
    let ran = Test::new()
        .confined_to(8 * 1024 * 1024)
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status_any()
        .run();
    assert!(!ran.stdout.contains("Specs are valid"), "{}", ran.stdout);
}
