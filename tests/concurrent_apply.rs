//! Applies that overlap with other changes to the cluster: a topic deleted and re-created between plan and apply is
//! never deleted (deletes name the topic id the plan saw), and two applies of the same specs at once both succeed.

use std::path::Path;

use topicctl::apply::execute;
use topicctl::cluster::client::AdminClient;
use topicctl::cluster::ops::topics::NewTopic;
use topicctl::diff::{Change, ChangeKind, Plan, Resource};
use topicctl::model::apply_report::{Outcome, Report};
use topicctl::model::topic::{Topic, TopicId};

use crate::common::{Test, cluster, connect, eventually, unique};

fn new_topic(name: &str, partitions: i32) -> NewTopic {
    NewTopic {
        name: name.into(),
        partitions: Some(partitions),
        replication_factor: Some(3),
        ..Default::default()
    }
}

/// The topic's id once at least three reads in a row show one other than `not` (metadata reaches every broker a
/// little after a change).
async fn settled_id(client: &AdminClient, name: &str, not: Option<&TopicId>) -> TopicId {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = 0;
    loop {
        match id_of(client, name).await {
            Some(id) if Some(&id) != not => {
                seen += 1;
                if seen >= 3 {
                    return id;
                }
            }
            other => {
                assert!(std::time::Instant::now() < deadline, "{name} still has id {other:?}");
                seen = 0;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The topic's id as one broker's metadata shows it (`None` when the topic is not there).
async fn id_of(client: &AdminClient, name: &str) -> Option<TopicId> {
    let listing = client.list_topics(Some(&[name.to_owned()])).await.unwrap();
    listing.topics.get(name).and_then(|t| t.topic_id.clone())
}

/// Delete `name` and create it again with `partitions`: the same topic to the eye, with a new id.
async fn recreate(client: &AdminClient, name: &str, partitions: i32) {
    let names = [name.to_owned()];
    client.delete_topics(&names).await.unwrap()[name].clone().unwrap();
    eventually("the topic created again", || async {
        match client.create_topics(&[new_topic(name, partitions)], false).await {
            Ok(answers) => answers[name].clone().map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    })
    .await;
}

fn delete_plan(name: &str, id: Option<TopicId>) -> Plan {
    Plan {
        environment: "dev".into(),
        prune: true,
        changes: vec![Change {
            resource: Resource::Topic(name.into()),
            kind: ChangeKind::DeleteTopic {
                partitions: 1,
                replication_factor: 3,
                id,
            },
        }],
        ..Plan::default()
    }
}

async fn run(client: &AdminClient, plan: &Plan) -> Report {
    execute(plan, client, None, 50, &mut |_, _| {}).await
}

#[tokio::test]
async fn a_delete_names_the_topic_id_the_plan_saw_and_spares_a_topic_recreated_since() {
    let client = connect(&cluster().bootstrap).await;
    let name = unique("concurrent.recreated");
    client.create_topics(&[new_topic(&name, 1)], false).await.unwrap()[&name]
        .clone()
        .unwrap();
    let old = settled_id(&client, &name, None).await;
    recreate(&client, &name, 1).await;
    let new = settled_id(&client, &name, Some(&old)).await;

    let report = run(&client, &delete_plan(&name, Some(old))).await;
    match &report.steps[0].outcome {
        Outcome::Failed(why) => assert!(why.contains("UNKNOWN_TOPIC_ID"), "{why}"),
        other => panic!("a delete by an id that no longer exists must fail, not {other:?}"),
    }
    assert_eq!(
        id_of(&client, &name).await,
        Some(new.clone()),
        "the re-created topic is kept"
    );

    // By the id it has now, the delete goes through.
    let report = run(&client, &delete_plan(&name, Some(new))).await;
    assert_eq!(report.steps[0].outcome, Outcome::Applied, "{report:?}");
    eventually("the topic gone", || async {
        let listing = client
            .list_topics(Some(std::slice::from_ref(&name)))
            .await
            .map_err(|e| e.to_string())?;
        if listing.topics.contains_key(&name) {
            Err("still there".to_owned())
        } else {
            Ok(())
        }
    })
    .await;
}

#[tokio::test]
async fn a_create_that_meets_an_existing_topic_converges_only_if_it_matches() {
    let client = connect(&cluster().bootstrap).await;
    let same = unique("concurrent.same");
    let other = unique("concurrent.other");
    for t in [new_topic(&same, 3), new_topic(&other, 1)] {
        let name = t.name.clone();
        client.create_topics(&[t], false).await.unwrap()[&name].clone().unwrap();
    }
    let create = |name: &str| Change {
        resource: Resource::Topic(name.into()),
        kind: ChangeKind::CreateTopic(Topic {
            name: name.into(),
            partitions: 3,
            replication_factor: 3,
            config: Default::default(),
            labels: Default::default(),
            id: None,
            placement: None,
        }),
    };
    let plan = |changes| Plan {
        environment: "dev".into(),
        changes,
        ..Plan::default()
    };
    let report = run(&client, &plan(vec![create(&same)])).await;
    assert_eq!(report.steps[0].outcome, Outcome::Applied, "{report:?}");
    // One that differs is refused by the check before anything changes.
    let report = run(&client, &plan(vec![create(&same), create(&other)])).await;
    assert_eq!(report.steps[0].outcome, Outcome::NotAttempted, "{report:?}");
    match &report.steps[1].outcome {
        Outcome::Failed(why) => assert!(
            why.contains("nothing was changed: the topic exists already and differs: partitions 1, not 3"),
            "{why}"
        ),
        other => panic!("a topic that differs is a failure, not {other:?}"),
    }
}

/// A spec folder: a `dev` environment owning `prefix`, and `topics`.
fn specs(dir: &Path, prefix: &str, topics: &str) {
    let env = format!(
        "kind: Environment\nname: dev\nbootstrap: ${{KAFKA_BOOTSTRAP}}\n\
         defaults: {{partitions: 1, replicationFactor: 3}}\nowns: [\"{prefix}\"]\n"
    );
    std::fs::write(dir.join("environment.yaml"), env).unwrap();
    std::fs::write(dir.join("topics.yaml"), topics).unwrap();
}

#[tokio::test]
async fn a_saved_plan_is_stale_once_a_topic_it_deletes_was_recreated() {
    let client = connect(&cluster().bootstrap).await;
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("{}.", unique("concurrent.saved"));
    let old = format!("{prefix}old");
    specs(dir.path(), &prefix, &format!("kind: Topic\nname: {prefix}keep\n"));
    client.create_topics(&[new_topic(&old, 1)], false).await.unwrap()[&old]
        .clone()
        .unwrap();
    let first = settled_id(&client, &old, None).await;
    let path = dir.path().to_str().unwrap();
    let file = dir.path().join("plan.json");
    let file = file.to_str().unwrap();
    Test::new()
        .args([
            "plan",
            "--env",
            "dev",
            "-f",
            path,
            "--prune",
            "--out",
            file,
            "--detailed-exitcode",
        ])
        .status(2)
        .run();

    recreate(&client, &old, 1).await;
    let second = settled_id(&client, &old, Some(&first)).await;
    let ran = Test::new()
        .args(["apply", "--env", "dev", "-f", path, file])
        .status(1)
        .run();
    assert!(
        ran.stderr
            .contains("the saved plan is stale: the cluster changed since it was made"),
        "{}",
        ran.stderr
    );
    assert_eq!(id_of(&client, &old).await, Some(second));
}

#[test]
fn two_applies_of_the_same_specs_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("{}.", unique("concurrent.twice"));
    let topics: String = (0..30)
        .map(|i| format!("kind: Topic\nname: {prefix}t{i:02}\nconfig: {{retention.ms: 1d}}\n---\n"))
        .collect();
    specs(dir.path(), &prefix, &topics);
    let path = dir.path().to_str().unwrap();
    let apply = || {
        Test::new()
            .args([
                "apply",
                "--env",
                "dev",
                "-f",
                path,
                "--auto-approve",
                "--batch-size",
                "5",
            ])
            .run()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(apply);
        let b = s.spawn(apply);
        (a.join().unwrap(), b.join().unwrap())
    });
    // Both exit 0 (checked by `run`); the one that planned before the other created anything applies all 30.
    for ran in [&a, &b] {
        assert!(
            ran.stdout.contains("Apply complete:") || ran.stdout.contains("No changes"),
            "{}",
            ran.stdout
        );
    }
    let ran = Test::new()
        .args(["plan", "--env", "dev", "-f", path, "--detailed-exitcode"])
        .run();
    assert!(ran.stdout.contains("No changes"), "{}", ran.stdout);
}
