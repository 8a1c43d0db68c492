//! plan and apply through the real binary against the real cluster.

use std::path::Path;

use serde_json::Value;
use topicctl::cluster::ops::configs::{ConfigOp, ConfigResource};
use topicctl::cluster::ops::topics::NewTopic;

use crate::common::{Test, admin, cluster, unique};

/// A spec folder of its own: a `dev` environment owning `prefix`, and the given topic documents.
struct Specs {
    dir: tempfile::TempDir,
    prefix: String,
}

impl Specs {
    fn new(name: &str) -> Specs {
        let specs = Specs {
            dir: tempfile::tempdir().unwrap(),
            prefix: format!("{}.", unique(name)),
        };
        let env = format!(
            "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\n\
             defaults: {{partitions: 3, replicationFactor: 3}}\nowns: [\"{}\"]\n",
            specs.prefix
        );
        std::fs::write(specs.dir.path().join("environment.yaml"), env).unwrap();
        specs
    }

    /// Replace the topics with these documents; `{p}` stands for the prefix.
    fn topics(&self, yaml: &str) -> &Self {
        std::fs::write(self.dir.path().join("topics.yaml"), yaml.replace("{p}", &self.prefix)).unwrap();
        self
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    fn name(&self, short: &str) -> String {
        format!("{}{short}", self.prefix)
    }

    fn plan(&self, extra: &[&str], status: i32) -> crate::common::Ran {
        Test::new()
            .args(["plan", "--env", "dev", "-f", self.path(), "--detailed-exitcode"])
            .args(extra.iter().copied())
            .status(status)
            .run()
    }

    fn plan_json(&self, extra: &[&str], status: i32) -> Value {
        let ran = self.plan(&[&["--format", "json"], extra].concat(), status);
        serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stdout))
    }

    /// A plan whose exit status is not checked (for polling until the brokers caught up).
    fn plan_any(&self, extra: &[&str]) -> crate::common::Ran {
        Test::new()
            .args(["plan", "--env", "dev", "-f", self.path(), "--detailed-exitcode"])
            .args(extra.iter().copied())
            .status_any()
            .run()
    }

    fn apply(&self, extra: &[&str], status: i32) -> crate::common::Ran {
        Test::new()
            .args(["apply", "--env", "dev", "-f", self.path(), "--auto-approve"])
            .args(extra.iter().copied())
            .status(status)
            .run()
    }
}

fn summary(plan: &Value) -> (u64, u64, u64, u64) {
    let s = &plan["summary"];
    (
        s["create"].as_u64().unwrap(),
        s["update"].as_u64().unwrap(),
        s["delete"].as_u64().unwrap(),
        s["blocked"].as_u64().unwrap(),
    )
}

const V1: &str = "kind: Topic\nname: {p}orders\npartitions: 3\nconfig: {retention.ms: 1d, cleanup.policy: delete}\n---\n\
                  kind: Topic\nname: {p}payments\nconfig: {min.insync.replicas: 2}\n";

#[test]
fn every_example_applies_to_dev_and_then_plans_no_changes() {
    let _ = cluster();
    let examples = crate::common::examples();
    for example in examples {
        let dir = example.to_str().unwrap();
        let ran = Test::new()
            .args(["apply", "--env", "dev", "-f", dir, "--auto-approve"])
            .run();
        assert!(
            ran.stdout.contains("Apply complete") || ran.stdout.contains("No changes"),
            "{dir}: {}",
            ran.stdout
        );
        let ran = Test::new()
            .args(["plan", "--env", "dev", "-f", dir, "--detailed-exitcode"])
            .run();
        assert!(
            ran.stdout.contains("No changes. The cluster matches the specs."),
            "{dir}: {}",
            ran.stdout
        );
    }

    // The paklog principals are real grants: the fulfilment service (a consumer) reads inventory.events as its
    // SCRAM user and is refused a write there.
    let c = cluster();
    let password = format!("fulfilment-{}", std::process::id());
    c.scram_user("fulfilment-service", &password);
    let out = c.java_tool(
        "org.apache.kafka.tools.ConsoleProducer",
        &["--bootstrap-server", &c.bootstrap, "--topic", "inventory.events"],
        Some("stock-changed\n"),
    );
    assert!(out.status.success(), "{out:?}");
    let dir = tempfile::tempdir().unwrap();
    let props = c.sasl_properties(dir.path(), "fulfilment-service", &password);
    let props = props.to_str().unwrap();
    crate::common::eventually_sync(|| c.consume_one(props, "inventory.events", "fulfilment-service-group"));
    let refused = c.produce_as(props, "inventory.events");
    assert!(refused.contains("TopicAuthorizationException"), "{refused}");
}

#[test]
fn a_changed_spec_plans_exactly_the_changes_and_apply_converges() {
    let specs = Specs::new("plan.change");
    specs.topics(V1);
    assert_eq!(summary(&specs.plan_json(&[], 2)), (2, 0, 0, 0));
    let ran = specs.apply(&[], 0);
    assert!(ran.stdout.contains("Apply complete: 2 applied."), "{}", ran.stdout);
    specs.plan(&[], 0);

    specs.topics(
        "kind: Topic\nname: {p}orders\npartitions: 6\nconfig: {retention.ms: 7d, cleanup.policy: delete, compression.type: lz4}\n---\n\
         kind: Topic\nname: {p}payments\nconfig: {min.insync.replicas: 2}\n---\nkind: Topic\nname: {p}refunds\npartitions: 1\n",
    );
    let plan = specs.plan_json(&[], 2);
    assert_eq!(summary(&plan), (1, 1, 0, 0));
    let changes = plan["changes"].as_array().unwrap();
    assert_eq!(changes[0]["resource"]["name"], specs.name("orders"));
    assert_eq!(changes[0]["before"]["partitions"], 3);
    assert_eq!(changes[0]["after"]["partitions"], 6);
    let keys: Vec<(&str, Value, Value)> = changes[0]["config_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap(), c["before"].clone(), c["after"].clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("compression.type", Value::Null, Value::from("lz4")),
            ("retention.ms", Value::from("86400000"), Value::from("604800000")),
        ]
    );
    assert_eq!(changes[1]["resource"]["name"], specs.name("refunds"));
    assert_eq!(changes[1]["actions"][0], "create");

    let text = specs.plan(&[], 2).stdout;
    assert!(
        text.contains("~ retention.ms: 86400000 (1d) → 604800000 (7d)"),
        "{text}"
    );
    assert!(
        text.ends_with("Plan: 1 to create, 1 to change, 0 to destroy, 0 blocked.\n"),
        "{text}"
    );
    specs.apply(&[], 0);
    specs.plan(&[], 0);
}

#[test]
fn config_changed_behind_topicctls_back_shows_up_as_drift() {
    let specs = Specs::new("plan.drift");
    specs.topics(V1);
    specs.apply(&[], 0);
    let orders = specs.name("orders");
    admin(&cluster().bootstrap, async |client| {
        let changes = [(
            orders.clone(),
            [
                ("retention.ms".to_owned(), ConfigOp::Set("3600000".into())),
                ("segment.ms".to_owned(), ConfigOp::Set("7200000".into())),
            ]
            .into(),
        )]
        .into();
        client
            .alter_configs(ConfigResource::Topic, &changes, false)
            .await
            .unwrap();
    });
    // The brokers apply a config change one after another: until the one topicctl asks has it, the plan is empty.
    let plan = crate::common::eventually_sync(|| {
        let ran = specs.plan_any(&["--format", "json"]);
        let plan: Value = serde_json::from_str(&ran.stdout).map_err(|e| format!("{e}: {}", ran.stdout))?;
        if plan["notes"].as_array().is_some_and(|n| !n.is_empty()) {
            Ok(plan)
        } else {
            Err(plan.to_string())
        }
    });
    assert_eq!(summary(&plan), (0, 1, 0, 0));
    assert_eq!(
        specs.plan_json(&[], 2)["changes"],
        plan["changes"],
        "drift means exit 2"
    );
    let change = &plan["changes"][0]["config_changes"][0];
    assert_eq!(
        (
            change["key"].as_str(),
            change["before"].as_str(),
            change["after"].as_str()
        ),
        (Some("retention.ms"), Some("3600000"), Some("86400000"))
    );
    let note = plan["notes"][0]["message"].as_str().unwrap();
    assert!(
        note.starts_with("segment.ms = 7200000 is set on the cluster but not in the specs"),
        "{note}"
    );

    // --prune removes the unmanaged override too; after apply nothing is left.
    let plan = specs.plan_json(&["--prune"], 2);
    assert_eq!(plan["changes"][0]["config_changes"].as_array().unwrap().len(), 2);
    specs.apply(&["--prune"], 0);
    crate::common::eventually_sync(|| {
        let ran = specs.plan_any(&["--prune"]);
        if ran.stdout.contains("No changes") {
            Ok(())
        } else {
            Err(ran.stdout)
        }
    });
}

#[test]
fn a_partition_decrease_is_blocked_and_apply_changes_nothing() {
    let specs = Specs::new("plan.blocked");
    specs.topics(V1);
    specs.apply(&[], 0);
    specs.topics(
        "kind: Topic\nname: {p}orders\npartitions: 1\nconfig: {retention.ms: 1d, cleanup.policy: delete}\n---\n\
         kind: Topic\nname: {p}payments\nconfig: {min.insync.replicas: 2, retention.ms: 2d}\n",
    );
    let ran = specs.plan(&[], 1);
    assert!(
        ran.stdout.contains("! topic") && ran.stdout.contains("partitions 3 → 1"),
        "{}",
        ran.stdout
    );
    assert!(ran.stderr.contains("1 change is blocked"), "{}", ran.stderr);
    let ran = specs.apply(&[], 1);
    assert!(ran.stderr.contains("blocked; nothing was applied"), "{}", ran.stderr);
    let payments = specs.name("payments");
    let retention = admin(&cluster().bootstrap, async |client| {
        let configs = client
            .describe_configs(ConfigResource::Topic, std::slice::from_ref(&payments))
            .await
            .unwrap();
        configs[&payments].as_ref().unwrap()["retention.ms"].clone()
    });
    assert!(
        !retention.source.is_override(),
        "the unblocked config change must not have been applied: {retention:?}"
    );
}

#[test]
fn deletes_happen_only_with_prune_and_only_inside_owns() {
    let specs = Specs::new("plan.prune");
    specs.topics(V1);
    specs.apply(&[], 0);
    let outside = unique("plan.outside");
    admin(&cluster().bootstrap, async |client| {
        let t = NewTopic {
            name: outside.clone(),
            partitions: Some(1),
            replication_factor: Some(1),
            ..Default::default()
        };
        client.create_topics(&[t], false).await.unwrap();
    });
    specs.topics("kind: Topic\nname: {p}orders\npartitions: 3\nconfig: {retention.ms: 1d, cleanup.policy: delete}\n");
    let ran = specs.plan(&[], 0);
    assert!(
        ran.stdout.contains("No changes"),
        "without --prune nothing is deleted: {}",
        ran.stdout
    );
    let plan = specs.plan_json(&["--prune"], 2);
    assert_eq!(summary(&plan), (0, 0, 1, 0));
    assert_eq!(plan["changes"][0]["resource"]["name"], specs.name("payments"));
    let ran = specs.apply(&["--prune"], 0);
    assert!(
        ran.stdout
            .contains(&format!("applied        delete topic {}", specs.name("payments"))),
        "{}",
        ran.stdout
    );
    let listing = admin(&cluster().bootstrap, async |client| {
        client
            .list_topics(Some(&[outside.clone(), specs.name("payments")]))
            .await
            .unwrap()
    });
    assert!(
        listing.topics.contains_key(&outside),
        "a topic outside `owns` is never deleted"
    );
}

#[test]
fn a_saved_plan_applies_only_while_cluster_and_specs_are_unchanged() {
    let specs = Specs::new("plan.saved");
    specs.topics(V1);
    let file = specs.dir.path().join("plan.json");
    let file = file.to_str().unwrap();
    specs.plan(&["--out", file], 2);
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", specs.path(), file])
        .run();
    assert!(ran.stdout.contains("Apply complete: 2 applied."), "{}", ran.stdout);

    // The cluster moves after the plan is saved: refused.
    specs.topics("kind: Topic\nname: {p}orders\npartitions: 4\nconfig: {retention.ms: 1d, cleanup.policy: delete}\n---\nkind: Topic\nname: {p}payments\nconfig: {min.insync.replicas: 2}\n");
    specs.plan(&["--out", file], 2);
    let payments = specs.name("payments");
    admin(&cluster().bootstrap, async |client| {
        let changes = [(
            payments.clone(),
            [("retention.ms".to_owned(), ConfigOp::Set("1000".into()))].into(),
        )]
        .into();
        client
            .alter_configs(ConfigResource::Topic, &changes, false)
            .await
            .unwrap();
    });
    crate::common::eventually_sync(|| {
        let ran = Test::new()
            .args(["apply", "--env", "dev", "-f", specs.path(), file])
            .status_any()
            .run();
        if ran
            .stderr
            .contains("the saved plan is stale: the cluster changed since it was made")
        {
            Ok(())
        } else {
            Err(ran.stderr)
        }
    });

    // The specs move after the plan is saved: refused.
    specs.plan(&["--out", file, "--prune"], 2);
    specs.topics("kind: Topic\nname: {p}orders\npartitions: 5\n");
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", specs.path(), file])
        .status(1)
        .run();
    assert!(
        ran.stderr
            .contains("the saved plan is stale: the specs changed since it was made"),
        "{}",
        ran.stderr
    );
    assert!(Path::new(file).exists());
}

#[test]
fn apply_without_a_terminal_needs_auto_approve() {
    let specs = Specs::new("plan.confirm");
    specs.topics(V1);
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", specs.path()])
        .status(1)
        .run();
    assert!(
        ran.stderr.contains("there is no terminal to ask on") && ran.stderr.contains("pass --auto-approve"),
        "{}",
        ran.stderr
    );
    specs.plan(&[], 2);
}

#[test]
fn importing_existing_topics_then_planning_shows_no_changes() {
    let specs = Specs::new("plan.import");
    let principal = format!("User:{}", unique("import-svc").replace('.', "-"));
    specs.topics(&format!(
        "{V1}---\nkind: Principal\nname: {principal}\nconsumes: [{{p}}orders]\nproduces: [{{p}}payments]\ngroups: [{{p}}group]\n"
    ));
    specs.apply(&[], 0);
    let imported = Specs::new("plan.import-target");
    let out = imported.dir.path().join("topics.yaml");
    Test::new()
        .args([
            "import",
            "--env",
            "dev",
            "-f",
            specs.path(),
            "--match",
            &specs.prefix,
            "--out",
            out.to_str().unwrap(),
        ])
        .run();
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains(&format!("name: {}", specs.name("orders"))), "{yaml}");
    assert!(yaml.contains("retention.ms: 1d"), "overrides in human units: {yaml}");
    assert!(!yaml.contains("segment.bytes"), "only real overrides: {yaml}");
    assert!(
        yaml.contains(&format!("name: {principal}")) && yaml.contains("consumes: ["),
        "{yaml}"
    );
    assert_eq!(yaml.matches("kind: Topic").count(), 2, "{yaml}");
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", imported.path(), "--detailed-exitcode"])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}

#[test]
fn up_applies_the_specs_when_the_cluster_answers() {
    let specs = Specs::new("plan.up");
    specs.topics(V1);
    let ran = Test::new().args(["up", "dev", "-f", specs.path()]).run();
    assert!(
        ran.stdout.contains("Apply complete: 2 applied.") && ran.stdout.contains("Verified"),
        "{}",
        ran.stdout
    );
    specs.plan(&[], 0);
}

#[test]
fn a_cluster_with_another_id_than_the_environment_names_is_refused() {
    let specs = Specs::new("plan.clusterid");
    specs.topics(V1);
    let env = std::fs::read_to_string(specs.dir.path().join("environment.yaml")).unwrap();
    std::fs::write(
        specs.dir.path().join("environment.yaml"),
        format!("{env}clusterId: not-this-cluster\n"),
    )
    .unwrap();
    let ran = specs.apply(&[], 1);
    assert!(
        ran.stderr.contains("names cluster id not-this-cluster") && ran.stderr.contains("refusing to touch it"),
        "{}",
        ran.stderr
    );
}
