//! `topicctl validate` on one folder per problem: each exits as expected and its report (code, file:line:col,
//! the offending span, the fix) is a reviewed snapshot. Examples must validate clean.

use std::path::Path;

use crate::common::Test;

fn cases(group: &str) -> Vec<String> {
    let dir = Path::new("tests/cases").join(group);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    names
}

fn check_group(group: &str, status: i32) {
    for name in cases(group) {
        let dir = format!("tests/cases/{group}/{name}");
        let ran = Test::new().args(["validate", "-f", &dir]).status(status).run();
        assert!(
            ran.stderr.contains(&format!("─[{dir}/specs.yaml:")),
            "{name}: the report must name file:line:col\n{}",
            ran.stderr
        );
        assert!(
            ran.stderr.contains("topicctl::"),
            "{name}: a stable code\n{}",
            ran.stderr
        );
        insta::assert_snapshot!(format!("{group}__{name}"), ran.stderr);
    }
}

#[test]
fn each_invalid_case_exits_1_with_its_diagnostic() {
    check_group("invalid", 1);
}

#[test]
fn warnings_do_not_fail_validation() {
    check_group("warnings", 0);
}

#[test]
fn every_example_validates_clean() {
    let examples = crate::common::examples();
    assert_eq!(examples.len(), 5, "{examples:?}");
    for example in examples {
        let ran = Test::new().args(["validate", "-f", example.to_str().unwrap()]).run();
        assert!(ran.stderr.is_empty(), "{}: {}", example.display(), ran.stderr);
        assert!(
            ran.stdout.contains("Specs are valid (0 errors, 0 warnings)."),
            "{}",
            ran.stdout
        );
        assert!(
            ran.stdout.contains("dev: ") && ran.stdout.contains("prod: "),
            "{}",
            ran.stdout
        );
    }
}

#[test]
fn the_default_spec_folder_validates() {
    let ran = Test::new().args(["validate"]).run();
    assert!(ran.stdout.contains("dev: 2 topics"), "{}", ran.stdout);
}

#[test]
fn unknown_environment_is_an_error_with_a_suggestion() {
    let ran = Test::new()
        .args(["validate", "-f", "examples/paklog", "--env", "stagign"])
        .status(1)
        .run();
    assert!(
        ran.stderr.contains("no environment is named `stagign`") && ran.stderr.contains("did you mean `staging`?"),
        "{}",
        ran.stderr
    );
}

#[test]
fn the_committed_json_schema_is_current() {
    let ran = Test::new().args(["schema"]).run();
    let committed = std::fs::read_to_string("specs/topicctl.schema.json").expect("specs/topicctl.schema.json");
    assert!(
        ran.stdout == committed,
        "specs/topicctl.schema.json is stale: run `cargo run -- schema > specs/topicctl.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let topic = &schema["definitions"]["Topic"];
    assert_eq!(topic["properties"]["kind"]["const"], "Topic");
    assert_eq!(topic["additionalProperties"], false);
    assert!(topic["properties"]["replicationFactor"].is_object());
}

#[test]
fn huge_scalars_huge_files_and_binary_files_are_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let env = "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9092\n";
    std::fs::write(dir.path().join("env.yaml"), env).unwrap();
    let huge_scalar = format!(
        "kind: Topic\nname: t.a.b\npartitions: 1\nreplicationFactor: 1\nlabels: {{x: {}}}\n",
        "y".repeat(6 << 20)
    );
    std::fs::write(dir.path().join("scalar.yaml"), huge_scalar).unwrap();
    std::fs::write(dir.path().join("big.yaml"), "#".repeat(17 << 20)).unwrap();
    std::fs::write(dir.path().join("binary.yaml"), [0xff, 0xfe, 0x00, 0x01, 0x80]).unwrap();
    let started = std::time::Instant::now();
    let ran = Test::new()
        .args(["validate", "-f", dir.path().to_str().unwrap()])
        .status(1)
        .run();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(ran.stderr.contains("topicctl::yaml_limits"), "{}", ran.stderr);
    assert!(ran.stderr.contains("topicctl::file::too_large"), "{}", ran.stderr);
    assert!(ran.stderr.contains("topicctl::file::not_text"), "{}", ran.stderr);
    assert!(ran.stderr.contains("3 errors"), "{}", ran.stderr);
}

/// A syntax error in the file that holds the Environment is the one problem reported: not also "no Environment
/// document", "no environment is named `dev`" or a topic's block for an unknown environment (its cascades).
#[test]
fn an_unreadable_environment_file_reports_only_the_root_cause() {
    let dir = "tests/cases/invalid/yaml_error_hides_the_environment";
    for args in [vec!["validate", "-f", dir], vec!["validate", "-f", dir, "--env", "dev"]] {
        let ran = Test::new().args(args).status(1).run();
        assert_eq!(ran.stderr.matches("topicctl::").count(), 1, "{}", ran.stderr);
        assert!(ran.stderr.contains("topicctl::yaml_syntax"), "{}", ran.stderr);
        assert!(ran.stderr.contains("1 error"), "{}", ran.stderr);
    }
}
