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
    assert!(ran.stdout.contains("valid"), "{}", ran.stdout);
}
