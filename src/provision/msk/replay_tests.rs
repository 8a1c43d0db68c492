//! The MSK flows against replayed AWS responses (the SDK's `StaticReplayClient`): the calls moto does not
//! implement — configurations, GetBootstrapBrokers, the updates — and a cluster that becomes ACTIVE. Each test
//! checks the requests the SDK sent (method, path, body) and what topicctl made of the answers.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_sdk_kafka::config::{BehaviorVersion, Region};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;

use crate::model::cluster_status::ClusterState;
use crate::model::environment::{Environment, Msk};
use crate::model::provision::MskProvision;
use crate::provision::msk::wait::WaitSettings;
use crate::provision::msk::{down_with, up_with};
use crate::provision::progress::Progress;

const ARN: &str = "arn:aws:kafka:eu-central-1:123456789012:cluster/paklog-prod/3f9a-2";
const ARN_PATH: &str = "arn%3Aaws%3Akafka%3Aeu-central-1%3A123456789012%3Acluster%2Fpaklog-prod%2F3f9a-2";
const CONFIG_ARN: &str = "arn:aws:kafka:eu-central-1:123456789012:configuration/paklog-prod-topicctl/c1";

#[derive(Default)]
struct Lines(Mutex<Vec<String>>);

impl Progress for Lines {
    fn step(&self, message: &str) {
        self.0.lock().unwrap().push(message.to_owned());
    }
}

fn event(method: &str, path: &str, status: u16, body: &str) -> ReplayEvent {
    ReplayEvent::new(
        http::Request::builder()
            .method(method)
            .uri(format!("https://kafka.eu-central-1.amazonaws.com{path}"))
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(SdkBody::from(body.to_owned()))
            .unwrap(),
    )
}

/// DescribeClusterV2 of the cluster answering with `state`, `brokers` and configuration `revision`.
fn describe(state: &str, brokers: u32, revision: i64) -> ReplayEvent {
    event(
        "GET",
        &format!("/api/v2/clusters/{ARN_PATH}"),
        200,
        &format!(r#"{{"clusterInfo":{}}}"#, cluster(state, brokers, revision)),
    )
}

fn client(http: &StaticReplayClient) -> aws_sdk_kafka::Client {
    let config = aws_sdk_kafka::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-central-1"))
        .credentials_provider(Credentials::new("AKIDREPLAY", "replaySecret", None, None, "test"))
        .http_client(http.clone())
        .build();
    aws_sdk_kafka::Client::from_conf(config)
}

fn env() -> Environment {
    Environment {
        msk: Some(Msk {
            cluster_arn: ARN.into(),
            region: Some("eu-central-1".into()),
        }),
        ..Environment::named("prod")
    }
}

fn provision(brokers: u32) -> MskProvision {
    MskProvision {
        cluster_name: "paklog-prod".into(),
        region: None,
        serverless: false,
        broker_type: "kafka.m7g.large".into(),
        brokers,
        kafka_version: "3.9.x".into(),
        storage_gib: 1000,
        subnets: vec!["subnet-a".into(), "subnet-b".into(), "subnet-c".into()],
        security_groups: vec!["sg-1".into()],
        authentication: vec!["iam".into(), "scram".into()],
        server_properties: BTreeMap::from([("auto.create.topics.enable".into(), "false".into())]),
    }
}

fn cluster(state: &str, brokers: u32, revision: i64) -> String {
    format!(
        r#"{{"clusterArn":"{ARN}","clusterName":"paklog-prod","clusterType":"PROVISIONED","state":"{state}",
        "currentVersion":"K{revision}{brokers}","creationTime":"2025-01-01T00:00:00Z",
        "provisioned":{{"numberOfBrokerNodes":{brokers},
        "brokerNodeGroupInfo":{{"instanceType":"kafka.m7g.large","clientSubnets":["subnet-a","subnet-b","subnet-c"],
        "storageInfo":{{"ebsStorageInfo":{{"volumeSize":1000}}}}}},
        "currentBrokerSoftwareInfo":{{"kafkaVersion":"3.9.x","configurationArn":"{CONFIG_ARN}","configurationRevision":{revision}}}}}}}"#
    )
}

const BOOTSTRAP: &str = r#"{"bootstrapBrokerStringSaslIam":"b-1.paklog.kafka.eu-central-1.amazonaws.com:9098,b-2.paklog.kafka.eu-central-1.amazonaws.com:9098",
    "bootstrapBrokerStringSaslScram":"b-1.paklog.kafka.eu-central-1.amazonaws.com:9096",
    "bootstrapBrokerStringTls":"b-1.paklog.kafka.eu-central-1.amazonaws.com:9094"}"#;

fn fast() -> WaitSettings {
    WaitSettings {
        poll: Duration::from_millis(1),
        timeout: Duration::from_secs(30),
    }
}

fn sent(http: &StaticReplayClient) -> Vec<(String, String, String)> {
    http.actual_requests()
        .map(|r| {
            let path = r.uri().split_once(".amazonaws.com").map(|(_, p)| p).unwrap_or(r.uri());
            let body = r
                .body()
                .bytes()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            (r.method().to_owned(), path.to_owned(), body)
        })
        .collect()
}

#[tokio::test]
async fn create_wait_bootstrap_then_delete() {
    let http = StaticReplayClient::new(vec![
        event("GET", "/v1/configurations", 200, r#"{"configurations":[]}"#),
        event(
            "POST",
            "/v1/configurations",
            200,
            &format!(r#"{{"arn":"{CONFIG_ARN}","name":"paklog-prod-topicctl","latestRevision":{{"revision":1}}}}"#),
        ),
        event("GET", "/api/v2/clusters", 200, r#"{"clusterInfoList":[]}"#),
        event(
            "POST",
            "/api/v2/clusters",
            200,
            &format!(r#"{{"clusterArn":"{ARN}","clusterName":"paklog-prod","state":"CREATING"}}"#),
        ),
        describe("CREATING", 3, 1),
        describe("CREATING", 3, 1),
        describe("ACTIVE", 3, 1),
        event(
            "GET",
            &format!("/v1/clusters/{ARN_PATH}/bootstrap-brokers"),
            200,
            BOOTSTRAP,
        ),
        // down
        event(
            "GET",
            "/api/v2/clusters",
            200,
            &format!(r#"{{"clusterInfoList":[{}]}}"#, cluster("ACTIVE", 3, 1)),
        ),
        event(
            "DELETE",
            &format!("/v1/clusters/{ARN_PATH}"),
            200,
            &format!(r#"{{"clusterArn":"{ARN}","state":"DELETING"}}"#),
        ),
        event(
            "GET",
            "/api/v2/clusters",
            200,
            &format!(r#"{{"clusterInfoList":[{}]}}"#, cluster("DELETING", 3, 1)),
        ),
        event("GET", "/api/v2/clusters", 200, r#"{"clusterInfoList":[]}"#),
    ]);
    let client = client(&http);
    let lines = Lines::default();
    let m = provision(3);
    let status = up_with(&client, "eu-central-1", &env(), &m, fast(), &lines)
        .await
        .unwrap();
    assert_eq!(status.state, ClusterState::Ready);
    assert_eq!(status.location, ARN);
    assert_eq!(
        status.bootstrap.as_deref(),
        Some("b-1.paklog.kafka.eu-central-1.amazonaws.com:9098,b-2.paklog.kafka.eu-central-1.amazonaws.com:9098")
    );
    assert!(status.details.contains(&(
        "bootstrap scram".into(),
        "b-1.paklog.kafka.eu-central-1.amazonaws.com:9096".into()
    )));
    assert!(
        status
            .details
            .contains(&("config".into(), format!("{CONFIG_ARN} revision 1")))
    );
    down_with(&client, &m, fast(), &lines).await.unwrap();
    assert_eq!(
        *lines.0.lock().unwrap(),
        [
            "creating MSK configuration paklog-prod-topicctl (1 properties)",
            "creating MSK cluster paklog-prod in eu-central-1 (3 x kafka.m7g.large, Kafka 3.9.x)",
            &format!("created {ARN}"),
            "cluster paklog-prod: CREATING",
            "cluster paklog-prod: ACTIVE",
            "bootstrap brokers: b-1.paklog.kafka.eu-central-1.amazonaws.com:9098,b-2.paklog.kafka.eu-central-1.amazonaws.com:9098",
            &format!("deleting {ARN}"),
            "cluster paklog-prod: DELETING",
            "cluster paklog-prod: deleted",
        ]
    );
    let sent = sent(&http);
    let calls: Vec<(&str, &str)> = sent
        .iter()
        .map(|(m, p, _)| (m.as_str(), p.split('?').next().unwrap()))
        .collect();
    assert_eq!(calls.len(), 12, "{calls:?}");
    assert_eq!(calls[3], ("POST", "/api/v2/clusters"));
    assert_eq!(calls[9], ("DELETE", &*format!("/v1/clusters/{ARN_PATH}")));
    assert!(sent[0].1.contains("/v1/configurations"));
    assert!(sent[2].1.contains("clusterNameFilter=paklog-prod"), "{:?}", sent[2]);
    let config: serde_json::Value = serde_json::from_str(&sent[1].2).unwrap();
    assert_eq!(config["name"], "paklog-prod-topicctl");
    assert_eq!(config["kafkaVersions"], serde_json::json!(["3.9.x"]));
    // serverProperties is a blob: base64 of the properties text.
    assert_eq!(
        config["serverProperties"],
        "YXV0by5jcmVhdGUudG9waWNzLmVuYWJsZT1mYWxzZQo="
    );
    let create: serde_json::Value = serde_json::from_str(&sent[3].2).unwrap();
    let p = &create["provisioned"];
    assert_eq!(create["clusterName"], "paklog-prod");
    assert_eq!(p["numberOfBrokerNodes"], 3);
    assert_eq!(p["kafkaVersion"], "3.9.x");
    assert_eq!(p["brokerNodeGroupInfo"]["instanceType"], "kafka.m7g.large");
    assert_eq!(
        p["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"],
        1000
    );
    assert_eq!(
        p["brokerNodeGroupInfo"]["clientSubnets"],
        serde_json::json!(["subnet-a", "subnet-b", "subnet-c"])
    );
    assert_eq!(p["brokerNodeGroupInfo"]["securityGroups"], serde_json::json!(["sg-1"]));
    assert_eq!(p["clientAuthentication"]["sasl"]["iam"]["enabled"], true);
    assert_eq!(p["clientAuthentication"]["sasl"]["scram"]["enabled"], true);
    assert_eq!(p["clientAuthentication"]["unauthenticated"]["enabled"], false);
    assert_eq!(
        p["configurationInfo"],
        serde_json::json!({"arn": CONFIG_ARN, "revision": 1})
    );
}

#[tokio::test]
async fn existing_cluster_gets_a_new_configuration_revision_and_more_brokers() {
    let http = StaticReplayClient::new(vec![
        event(
            "GET",
            "/v1/configurations",
            200,
            &format!(
                r#"{{"configurations":[{{"arn":"{CONFIG_ARN}","name":"paklog-prod-topicctl","latestRevision":{{"revision":1}}}}]}}"#
            ),
        ),
        // Revision 1 holds other properties (base64 of "auto.create.topics.enable=true\n").
        event(
            "GET",
            &format!(
                "/v1/configurations/{}/revisions/1",
                CONFIG_ARN.replace(':', "%3A").replace('/', "%2F")
            ),
            200,
            &format!(
                r#"{{"arn":"{CONFIG_ARN}","revision":1,"serverProperties":"YXV0by5jcmVhdGUudG9waWNzLmVuYWJsZT10cnVlCg=="}}"#
            ),
        ),
        event(
            "PUT",
            &format!(
                "/v1/configurations/{}",
                CONFIG_ARN.replace(':', "%3A").replace('/', "%2F")
            ),
            200,
            &format!(r#"{{"arn":"{CONFIG_ARN}","latestRevision":{{"revision":2}}}}"#),
        ),
        event(
            "GET",
            "/api/v2/clusters",
            200,
            &format!(r#"{{"clusterInfoList":[{}]}}"#, cluster("ACTIVE", 3, 1)),
        ),
        describe("ACTIVE", 3, 1),
        event(
            "PUT",
            &format!("/v1/clusters/{ARN_PATH}/configuration"),
            200,
            r#"{"clusterArn":"x"}"#,
        ),
        describe("ACTIVE", 3, 2),
        event(
            "PUT",
            &format!("/v1/clusters/{ARN_PATH}/nodes/count"),
            200,
            r#"{"clusterArn":"x"}"#,
        ),
        describe("UPDATING", 3, 2),
        describe("ACTIVE", 6, 2),
        event(
            "GET",
            &format!("/v1/clusters/{ARN_PATH}/bootstrap-brokers"),
            200,
            BOOTSTRAP,
        ),
    ]);
    let client = client(&http);
    let lines = Lines::default();
    let status = up_with(&client, "eu-central-1", &env(), &provision(6), fast(), &lines)
        .await
        .unwrap();
    assert_eq!(status.state, ClusterState::Ready);
    assert!(
        status
            .details
            .contains(&("brokers".into(), "6 x kafka.m7g.large".into()))
    );
    let lines = lines.0.lock().unwrap().clone();
    assert!(
        lines.contains(&"updating MSK configuration paklog-prod-topicctl: new revision after 1".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"applying configuration revision 2".to_owned()),
        "{lines:?}"
    );
    assert!(lines.contains(&"changing broker count 3 -> 6".to_owned()), "{lines:?}");
    let sent = sent(&http);
    assert_eq!(sent.len(), 11, "{sent:?}");
    let update_config: serde_json::Value = serde_json::from_str(&sent[5].2).unwrap();
    assert_eq!(
        update_config["configurationInfo"],
        serde_json::json!({"arn": CONFIG_ARN, "revision": 2})
    );
    assert_eq!(update_config["currentVersion"], "K13");
    let count: serde_json::Value = serde_json::from_str(&sent[7].2).unwrap();
    assert_eq!(count["targetNumberOfBrokerNodes"], 6);
    assert_eq!(count["currentVersion"], "K23");
}

#[tokio::test]
async fn shrinking_storage_is_refused_before_any_update() {
    let mut m = provision(3);
    m.server_properties.clear();
    m.storage_gib = 500;
    let http = StaticReplayClient::new(vec![
        event(
            "GET",
            "/api/v2/clusters",
            200,
            &format!(r#"{{"clusterInfoList":[{}]}}"#, cluster("ACTIVE", 3, 1)),
        ),
        describe("ACTIVE", 3, 1),
    ]);
    let err = up_with(&client(&http), "eu-central-1", &env(), &m, fast(), &Lines::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "storageGiB 500 is less than the cluster's 1000 GiB: MSK cannot shrink broker storage"
    );
    assert_eq!(sent(&http).len(), 2);
}

#[tokio::test]
async fn service_errors_name_the_call_and_keep_the_message() {
    let http = StaticReplayClient::new(vec![event(
        "GET",
        "/api/v2/clusters",
        403,
        r#"{"message":"User is not authorized to perform kafka:ListClustersV2"}"#,
    )]);
    let mut m = provision(3);
    m.server_properties.clear();
    let err = up_with(&client(&http), "eu-central-1", &env(), &m, fast(), &Lines::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("MSK ListClustersV2 failed: "), "{err}");
    assert!(
        err.contains("User is not authorized to perform kafka:ListClustersV2"),
        "{err}"
    );
    assert!(!err.contains("replaySecret"), "{err}");
}
