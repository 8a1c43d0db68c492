//! Files a spec names, and the files of the spec folder itself: a schema outside the `-f` folder (absolute, `..`,
//! a link out) is refused before it is read, devices and FIFOs are refused instead of read or waited on, and
//! links in the spec folder are followed while they stay inside it, errors otherwise, never skipped.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::common::{Ran, Test};

const ENV: &str =
    "kind: Environment\nname: dev\nbootstrap: 127.0.0.1:9\ndefaults: {partitions: 1, replicationFactor: 1}\n";
/// What a secret of the CI runner looks like; it must never be shown.
const SECRET: &str = "{\"type\": \"string\", \"doc\": \"s3cr3t-ci-token\"}";

/// A spec folder `specs/` (with an Environment) inside a temporary folder that also holds `outside/secret.json`.
struct Specs {
    _dir: tempfile::TempDir,
    specs: PathBuf,
    secret: PathBuf,
}

fn specs() -> Specs {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("schemas")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    let secret = dir.path().join("outside/secret.json");
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(specs.join("env.yaml"), ENV).unwrap();
    Specs {
        _dir: dir,
        specs,
        secret,
    }
}

impl Specs {
    fn subject(&self, schema: &str) -> &Self {
        let doc = format!("kind: Subject\nname: orders-value\ntype: avro\nschema: {schema}\n");
        std::fs::write(self.specs.join("subject.yaml"), doc).unwrap();
        self
    }

    fn validate(&self, status: i32) -> Ran {
        let ran = Test::new()
            .confined()
            .args(["validate", "-f", self.specs.to_str().unwrap()])
            .status(status)
            .run();
        assert!(
            !ran.stdout.contains("s3cr3t") && !ran.stderr.contains("s3cr3t"),
            "{}",
            ran.stderr
        );
        ran
    }
}

fn fails_with(specs: &Specs, code: &str) -> Ran {
    let ran = specs.validate(1);
    assert!(ran.stderr.contains(code), "expected {code}:\n{}", ran.stderr);
    ran
}

fn fifo(path: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, path, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
}

#[test]
fn an_absolute_schema_path_is_refused() {
    let s = specs();
    let ran = fails_with(s.subject(s.secret.to_str().unwrap()), "topicctl::schema_outside_specs");
    // file:line:col of the `schema:` field.
    assert!(ran.stderr.contains("subject.yaml:4:9"), "{}", ran.stderr);
}

#[test]
fn a_schema_path_climbing_out_is_refused() {
    let s = specs();
    fails_with(s.subject("../outside/secret.json"), "topicctl::schema_outside_specs");
    fails_with(
        s.subject("schemas/../../../../../../etc/hostname"),
        "topicctl::schema_outside_specs",
    );
}

#[test]
fn a_schema_link_leading_out_is_refused() {
    let s = specs();
    symlink(&s.secret, s.specs.join("schemas/orders.avsc")).unwrap();
    fails_with(s.subject("schemas/orders.avsc"), "topicctl::schema_outside_specs");
}

#[test]
fn a_schema_that_is_a_device_or_a_fifo_is_refused_not_read() {
    let s = specs();
    symlink("/dev/zero", s.specs.join("schemas/zero.avsc")).unwrap();
    fails_with(s.subject("schemas/zero.avsc"), "topicctl::schema_outside_specs");
    fifo(&s.specs.join("schemas/pipe.avsc"));
    fails_with(s.subject("schemas/pipe.avsc"), "topicctl::file::not_regular");
}

#[test]
fn a_fifo_spec_file_is_an_error_not_a_hang() {
    let s = specs();
    fifo(&s.specs.join("pipe.yaml"));
    fails_with(&s, "topicctl::file::not_regular");
}

#[test]
fn linked_spec_files_and_folders_inside_the_root_are_validated() {
    let s = specs();
    let topic = |name: &str| format!("kind: Topic\nname: {name}\n");
    std::fs::create_dir_all(s.specs.join("teams/a")).unwrap();
    std::fs::write(s.specs.join("teams/a/t.yaml"), topic("team.a.one")).unwrap();
    std::fs::create_dir_all(s.specs.join("shared")).unwrap();
    std::fs::write(s.specs.join("shared/t.yaml"), topic("shared.one")).unwrap();
    symlink(s.specs.join("shared"), s.specs.join("teams/shared")).unwrap();
    std::fs::write(s.specs.join("real.yml"), topic("linked.file")).unwrap();
    symlink("../real.yml", s.specs.join("teams/link.yaml")).unwrap();
    symlink("real.yml", s.specs.join("again.yaml")).unwrap();
    let ran = s.validate(0);
    // Three topics, each once (a file reached twice is loaded once).
    assert!(ran.stdout.contains("dev: 3 topics"), "{}", ran.stdout);
    std::fs::remove_dir_all(s.specs.join("shared")).unwrap();
    std::fs::write(s.specs.join("real.yml"), "").unwrap();
    fails_with(&s, "topicctl::spec_link_dangling");
}

#[test]
fn a_spec_link_leading_out_is_an_error() {
    let s = specs();
    let outside = s.secret.parent().unwrap();
    std::fs::write(outside.join("t.yaml"), "kind: Topic\nname: outside.one\n").unwrap();
    symlink(outside, s.specs.join("more")).unwrap();
    fails_with(&s, "topicctl::spec_link_outside");
}

#[test]
fn a_spec_link_loop_is_an_error() {
    let s = specs();
    symlink(&s.specs, s.specs.join("schemas/again")).unwrap();
    fails_with(&s, "topicctl::spec_link_loop");
}

#[test]
fn a_password_file_that_is_a_device_is_refused() {
    let s = specs();
    let user = "kind: User\nname: app\ncredentials:\n  - {mechanism: SCRAM-SHA-512, passwordFile: /dev/zero}\n";
    std::fs::write(s.specs.join("user.yaml"), user).unwrap();
    let ran = fails_with(&s, "topicctl::file::not_regular");
    assert!(ran.stderr.contains("user.yaml:4:"), "{}", ran.stderr);
}

/// Registry subject names are not trusted either: `import` writes each schema file inside `schemas/`, under a safe
/// name, and the spec it writes names that file (planning the import shows no changes).
#[test]
fn import_names_schema_files_safely_whatever_the_subject() {
    let _ = crate::common::cluster();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("schemas")).unwrap();
    let prefix = crate::common::unique("import");
    let subject = format!("{prefix}/../../x ä");
    let env =
        "kind: Environment\nname: dev\nbootstrap: ${KAFKA_BOOTSTRAP}\nschemaRegistry:\n  url: ${SCHEMA_REGISTRY_URL}\n";
    std::fs::write(
        specs.join("specs.yaml"),
        format!("{env}---\nkind: Subject\nname: '{subject}'\ntype: avro\nschema: schemas/s.avsc\n"),
    )
    .unwrap();
    std::fs::write(specs.join("schemas/s.avsc"), "\"string\"").unwrap();
    let specs = specs.to_str().unwrap();
    Test::new()
        .args(["apply", "--env", "dev", "-f", specs, "--auto-approve"])
        .run();

    let imported = dir.path().join("imported");
    std::fs::create_dir_all(&imported).unwrap();
    std::fs::write(imported.join("env.yaml"), env).unwrap();
    let out = imported.join("imported.yaml");
    Test::new()
        .confined()
        .args(["import", "--env", "dev", "-f", specs, "--match", &prefix])
        .args(["--out", out.to_str().unwrap()])
        .run();
    let file = format!("schemas/{}_2F.._2F.._2Fx_20_C3_A4.avsc", prefix.replace('/', "_2F"));
    assert!(imported.join(&file).is_file(), "{file}");
    assert!(!dir.path().join("x ä.avsc").exists() && !Path::new("x ä.avsc").exists());
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains(&format!("schema: {file}")), "{yaml}");
    let ran = Test::new()
        .args([
            "plan",
            "--env",
            "dev",
            "-f",
            imported.to_str().unwrap(),
            "--detailed-exitcode",
        ])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}
