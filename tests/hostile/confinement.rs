//! The confinement itself: a well-behaved run is unaffected, and a run over the limit fails instead of taking the
//! machine with it.

use crate::common::{Ran, Test};

fn validate_one_environment(test: Test) -> Ran {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("env.yaml"),
        "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\n",
    )
    .unwrap();
    test.args(["validate", "-f", dir.path().to_str().unwrap()]).run()
}

#[test]
fn a_confined_run_behaves_like_a_normal_one() {
    let ran = validate_one_environment(Test::new().confined());
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
    let ran = validate_one_environment(Test::new().confined_to(8 * 1024 * 1024).status_any());
    assert!(!ran.stdout.contains("Specs are valid"), "{}", ran.stdout);
}
