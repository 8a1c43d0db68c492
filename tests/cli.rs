use crate::common::Test;

#[test]
fn version_names_the_binary_and_crate_version() {
    let ran = Test::new().args(["--version"]).run();
    assert_eq!(
        ran.stdout.trim(),
        format!("topicctl {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_subcommand_is_an_error_with_exit_code_1_not_2() {
    let ran = Test::new().args(["frobnicate"]).status(1).run();
    assert!(
        ran.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        ran.stderr
    );
}
