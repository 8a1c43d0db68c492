//! topicctl's own admin client against the real 3-broker cluster, over every listener and mechanism.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use topicctl::cluster::client::AdminClient;
use topicctl::cluster::config::{
    ClientConfig, OAuthToken, SaslConfig, SaslCredentials, SaslMechanism, SecurityProtocol, TokenFuture, TokenProvider,
};
use topicctl::cluster::error::ClusterError;
use topicctl::cluster::ops::configs::{ConfigOp, ConfigResource};
use topicctl::cluster::ops::quotas::QuotaMatch;
use topicctl::cluster::ops::scram_credentials::ScramCredentialChange;
use topicctl::cluster::ops::topics::{NewPartitions, NewTopic};
use topicctl::model::acl::{AclBinding, AclFilter, Operation, PatternType, Permission, ResourceType};
use topicctl::model::config_entry::ConfigSource;
use topicctl::model::quota::{QuotaChange, QuotaEntityPart};
use topicctl::model::scram_credential::{ScramCredentialInfo, ScramMechanismKind};
use topicctl::model::secret::Secret;

use crate::common::{Cluster, cluster, eventually, unique};

fn quota_changes(keys: &[(&str, Option<f64>)]) -> Vec<QuotaChange> {
    keys.iter()
        .map(|(key, after)| QuotaChange {
            key: (*key).to_owned(),
            before: None,
            after: *after,
        })
        .collect()
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn plaintext(c: &Cluster) -> ClientConfig {
    ClientConfig::new(&c.bootstrap).unwrap()
}

fn scram(c: &Cluster, mechanism: &str, user: &str, password: &str) -> ClientConfig {
    ClientConfig::new(&c.sasl_bootstrap)
        .unwrap()
        .with_properties(&props(&[
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", mechanism),
            ("sasl.username", user),
            ("sasl.password", password),
            ("ssl.ca.location", c.ca_file.to_str().unwrap()),
        ]))
        .unwrap()
}

fn admin_sasl(c: &Cluster) -> ClientConfig {
    scram(c, "SCRAM-SHA-512", &c.admin_user, &c.admin_password)
}

async fn connect(cfg: ClientConfig) -> AdminClient {
    AdminClient::connect(cfg).await.expect("connect")
}

async fn assert_three_brokers_on_three_racks(client: &AdminClient) {
    let info = client.describe_cluster().await.unwrap();
    assert!(!info.cluster_id.is_empty());
    let racks: Vec<_> = info
        .brokers
        .iter()
        .map(|b| b.rack.clone().unwrap_or_default())
        .collect();
    assert_eq!(racks, ["rack-a", "rack-b", "rack-c"]);
    let ids: Vec<i32> = info.brokers.iter().map(|b| b.id).collect();
    assert!(ids.contains(&info.controller_id.expect("a controller")), "{info:?}");
}

#[tokio::test]
async fn describe_cluster_over_plaintext() {
    let client = connect(plaintext(&cluster())).await;
    assert_three_brokers_on_three_racks(&client).await;
}

#[tokio::test]
async fn describe_cluster_over_sasl_ssl_with_scram_sha_512_and_256() {
    let c = cluster();
    for mechanism in ["SCRAM-SHA-512", "SCRAM-SHA-256"] {
        let client = connect(scram(&c, mechanism, &c.admin_user, &c.admin_password)).await;
        assert_three_brokers_on_three_racks(&client).await;
        let info = client.describe_cluster().await.unwrap();
        let ports: Vec<String> = info.brokers.iter().map(|b| b.address()).collect();
        assert_eq!(
            ports.join(","),
            c.sasl_bootstrap,
            "brokers advertise the SASL_SSL listener they were asked on"
        );
    }
}

#[tokio::test]
async fn describe_cluster_over_sasl_plain() {
    let c = cluster();
    let user = std::env::var("KAFKA_PLAIN_USER").unwrap();
    let password = std::env::var("KAFKA_PLAIN_PASSWORD").unwrap();
    let client = connect(scram(&c, "PLAIN", &user, &password)).await;
    assert_three_brokers_on_three_racks(&client).await;
}

/// Kafka's unsecured OAUTHBEARER tokens (test-only): proves the token-provider hook carries a token.
struct UnsecuredJwt {
    subject: String,
    calls: std::sync::atomic::AtomicU32,
}

impl TokenProvider for UnsecuredJwt {
    fn token(&self) -> TokenFuture<'_> {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let header = b64.encode(r#"{"alg":"none"}"#);
            let claims = b64.encode(format!(
                r#"{{"sub":"{}","iat":{now},"exp":{}}}"#,
                self.subject,
                now + 600
            ));
            Ok(OAuthToken {
                value: Secret::new(format!("{header}.{claims}.")),
                principal: self.subject.clone(),
                extensions: BTreeMap::new(),
            })
        })
    }
}

#[tokio::test]
async fn describe_cluster_over_sasl_oauthbearer_with_a_token_provider() {
    let c = cluster();
    let provider = Arc::new(UnsecuredJwt {
        subject: "topicctl-oauth".into(),
        calls: Default::default(),
    });
    let mut cfg = ClientConfig::new(&c.sasl_bootstrap)
        .unwrap()
        .with_properties(&props(&[("ssl.ca.location", c.ca_file.to_str().unwrap())]))
        .unwrap();
    cfg.protocol = SecurityProtocol::SaslSsl;
    cfg.sasl = Some(SaslConfig {
        mechanism: SaslMechanism::OAuthBearer,
        credentials: SaslCredentials::OAuth(provider.clone()),
    });
    let client = connect(cfg).await;
    assert_three_brokers_on_three_racks(&client).await;
    assert!(provider.calls.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}

#[tokio::test]
async fn describe_cluster_over_mutual_tls() {
    let c = cluster();
    let cfg = ClientConfig::new(&c.ssl_bootstrap)
        .unwrap()
        .with_properties(&props(&[
            ("security.protocol", "SSL"),
            ("ssl.ca.location", c.ca_file.to_str().unwrap()),
            ("ssl.certificate.location", &std::env::var("KAFKA_CLIENT_CERT").unwrap()),
            ("ssl.key.location", &std::env::var("KAFKA_CLIENT_KEY").unwrap()),
        ]))
        .unwrap();
    assert_three_brokers_on_three_racks(&connect(cfg).await).await;
}

#[tokio::test]
async fn tls_without_the_ca_is_refused_and_names_the_problem() {
    let c = cluster();
    let dir = tempfile::tempdir().unwrap();
    let other_ca = dir.path().join("other.pem");
    // A valid certificate that did not sign the broker's: the client cert itself.
    std::fs::copy(std::env::var("KAFKA_CLIENT_CERT").unwrap(), &other_ca).unwrap();
    let mut cfg = admin_sasl(&c);
    cfg.tls.ca_file = Some(other_ca);
    cfg.retries = 0;
    let err = AdminClient::connect(cfg).await.err().expect("must fail");
    let text = err.to_string();
    assert!(
        text.contains("TLS with 127.0.0.1") && text.contains("certificate"),
        "{text}"
    );
}

#[tokio::test]
async fn wrong_password_is_a_clear_authentication_error_without_hanging() {
    let c = cluster();
    let started = Instant::now();
    let err = AdminClient::connect(scram(&c, "SCRAM-SHA-512", &c.admin_user, "not-the-password"))
        .await
        .err()
        .expect("must fail");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        matches!(err, ClusterError::NoBroker(_) | ClusterError::Authentication { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("authentication with SCRAM-SHA-512 as `topicctl-admin` failed"),
        "{text}"
    );
    assert!(!text.contains("not-the-password"), "{text}");
}

#[tokio::test]
async fn an_address_that_does_not_answer_times_out_within_the_configured_time() {
    // A socket that accepts connections but never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let mut cfg = ClientConfig::new(&addr).unwrap();
    cfg.connect_timeout = Duration::from_millis(1500);
    cfg.request_timeout = Duration::from_millis(1500);
    cfg.retries = 0;
    let started = Instant::now();
    let err = AdminClient::connect(cfg).await.err().expect("must time out");
    let elapsed = started.elapsed();
    silent.abort();
    assert!(
        elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_secs(4),
        "took {elapsed:?}"
    );
    assert!(
        err.to_string()
            .contains(&format!("{addr} did not answer ApiVersions within 1500ms")),
        "{err}"
    );
}

#[tokio::test]
async fn plaintext_client_on_a_tls_listener_gets_a_hint() {
    let c = cluster();
    let mut cfg = ClientConfig::new(&c.ssl_bootstrap).unwrap();
    cfg.connect_timeout = Duration::from_secs(3);
    cfg.request_timeout = Duration::from_secs(3);
    cfg.retries = 0;
    let err = AdminClient::connect(cfg).await.err().expect("must fail");
    let text = err.to_string();
    assert!(
        text.contains("this listener needs security.protocol SSL or SASL_SSL"),
        "{text}"
    );
}

async fn topic_lifecycle(client: &AdminClient, prefix: &str) {
    let name = unique(prefix);
    let topic = NewTopic {
        name: name.clone(),
        partitions: Some(3),
        replication_factor: Some(3),
        assignment: None,
        configs: [
            ("retention.ms".to_owned(), "86400000".to_owned()),
            ("cleanup.policy".to_owned(), "delete".to_owned()),
        ]
        .into(),
    };

    // validate_only creates nothing.
    let checked = client.create_topics(std::slice::from_ref(&topic), true).await.unwrap();
    assert_eq!(checked[&name], Ok(()));
    assert!(
        client
            .list_topics(Some(std::slice::from_ref(&name)))
            .await
            .unwrap()
            .topics
            .is_empty()
    );

    let created = client.create_topics(std::slice::from_ref(&topic), false).await.unwrap();
    assert_eq!(created[&name], Ok(()));
    let again = client.create_topics(std::slice::from_ref(&topic), false).await.unwrap();
    let err = again[&name].clone().unwrap_err();
    assert_eq!(err.name(), "TOPIC_ALREADY_EXISTS", "{err}");

    let listing = client
        .wait_for_topics(std::slice::from_ref(&name), Duration::from_secs(20))
        .await
        .unwrap();
    let described = &listing.topics[&name];
    assert_eq!(described.partitions.len(), 3);
    for p in &described.partitions {
        assert_eq!(p.replicas.len(), 3, "{p:?}");
        assert!(p.leader.is_some_and(|l| p.replicas.contains(&l)), "{p:?}");
        assert!(!p.isr.is_empty(), "{p:?}");
    }
    assert!(!described.internal);

    // Configs with their source: the override is told apart from defaults.
    let configs = client
        .describe_configs(ConfigResource::Topic, std::slice::from_ref(&name))
        .await
        .unwrap();
    let configs = configs[&name].as_ref().unwrap();
    assert_eq!(configs["retention.ms"].value.as_deref(), Some("86400000"));
    assert_eq!(configs["retention.ms"].source, ConfigSource::DynamicTopic);
    assert_ne!(configs["segment.bytes"].source, ConfigSource::DynamicTopic);

    // Incremental changes: SET one key, DELETE another; validate_only changes nothing.
    let changes = BTreeMap::from([(
        name.clone(),
        BTreeMap::from([
            ("retention.ms".to_owned(), ConfigOp::Delete),
            ("compression.type".to_owned(), ConfigOp::Set("lz4".into())),
        ]),
    )]);
    assert_eq!(
        client
            .alter_configs(ConfigResource::Topic, &changes, true)
            .await
            .unwrap()[&name],
        Ok(())
    );
    let unchanged = client
        .describe_configs(ConfigResource::Topic, std::slice::from_ref(&name))
        .await
        .unwrap();
    assert_eq!(
        unchanged[&name].as_ref().unwrap()["retention.ms"].source,
        ConfigSource::DynamicTopic
    );
    assert_eq!(
        client
            .alter_configs(ConfigResource::Topic, &changes, false)
            .await
            .unwrap()[&name],
        Ok(())
    );
    eventually("the altered configs", || async {
        let after = client
            .describe_configs(ConfigResource::Topic, std::slice::from_ref(&name))
            .await
            .unwrap();
        let after = after[&name].as_ref().unwrap();
        let seen = (
            after["compression.type"].value.clone(),
            after["compression.type"].source,
            after["retention.ms"].source,
        );
        match seen {
            (Some(v), ConfigSource::DynamicTopic, retention)
                if v == "lz4" && retention != ConfigSource::DynamicTopic =>
            {
                Ok(())
            }
            other => Err(format!("{other:?}")),
        }
    })
    .await;

    // Add partitions, the last one placed explicitly.
    let grow = NewPartitions {
        topic: name.clone(),
        total: 5,
        assignment: Some(vec![vec![0, 1, 2], vec![2, 1, 0]]),
    };
    assert_eq!(client.create_partitions(&[grow], false).await.unwrap()[&name], Ok(()));
    let parts = eventually("five partitions", || async {
        let listing = client.list_topics(Some(std::slice::from_ref(&name))).await.unwrap();
        let parts = listing.topics[&name].partitions.clone();
        if parts.len() == 5 {
            Ok(parts)
        } else {
            Err(format!("{} partitions", parts.len()))
        }
    })
    .await;
    assert_eq!(parts[4].replicas, [2, 1, 0]);

    assert_eq!(
        client.delete_topics(std::slice::from_ref(&name)).await.unwrap()[&name],
        Ok(())
    );
    let gone = client.delete_topics(std::slice::from_ref(&name)).await.unwrap();
    assert_eq!(gone[&name].clone().unwrap_err().name(), "UNKNOWN_TOPIC_OR_PARTITION");
}

#[tokio::test]
async fn topic_lifecycle_over_plaintext() {
    topic_lifecycle(&connect(plaintext(&cluster())).await, "client.lifecycle.plain").await;
}

#[tokio::test]
async fn topic_lifecycle_over_sasl_ssl() {
    topic_lifecycle(&connect(admin_sasl(&cluster())).await, "client.lifecycle.sasl").await;
}

async fn explicit_replica_assignment_is_honoured(client: &AdminClient) {
    let name = unique("client.assignment");
    let topic = NewTopic {
        name: name.clone(),
        assignment: Some(vec![vec![2, 0], vec![1, 2]]),
        ..Default::default()
    };
    assert_eq!(client.create_topics(&[topic], false).await.unwrap()[&name], Ok(()));
    let listing = client
        .wait_for_topics(std::slice::from_ref(&name), Duration::from_secs(20))
        .await
        .unwrap();
    let replicas: Vec<Vec<i32>> = listing.topics[&name]
        .partitions
        .iter()
        .map(|p| p.replicas.clone())
        .collect();
    assert_eq!(replicas, [vec![2, 0], vec![1, 2]]);
}

async fn unknown_topics_and_invalid_configs_surface_the_brokers_message(client: &AdminClient) {
    let missing = unique("client.missing");
    let listing = client.list_topics(Some(std::slice::from_ref(&missing))).await.unwrap();
    assert_eq!(listing.errors[&missing].name(), "UNKNOWN_TOPIC_OR_PARTITION");

    let name = unique("client.badconfig");
    let topic = NewTopic {
        name: name.clone(),
        partitions: Some(1),
        replication_factor: Some(1),
        configs: [("cleanup.policy".to_owned(), "compcat".to_owned())].into(),
        ..Default::default()
    };
    let err = client.create_topics(&[topic], false).await.unwrap()[&name]
        .clone()
        .unwrap_err();
    assert_eq!(err.name(), "INVALID_CONFIG", "{err}");
    assert!(
        err.to_string().contains("compcat"),
        "the broker's message is kept: {err}"
    );

    let rf = NewTopic {
        name: unique("client.rf"),
        partitions: Some(1),
        replication_factor: Some(4),
        ..Default::default()
    };
    let err = client.create_topics(std::slice::from_ref(&rf), false).await.unwrap()[&rf.name]
        .clone()
        .unwrap_err();
    assert_eq!(err.name(), "INVALID_REPLICATION_FACTOR", "{err}");
}

async fn many_topics_with_configs_are_described_in_two_requests(client: &AdminClient) {
    let names: Vec<String> = (0..40).map(|i| unique(&format!("client.batch{i}"))).collect();
    crate::common::create_topics(client, &names).await;
    let before = client.requests_sent();
    let listing = client.list_topics(Some(&names)).await.unwrap();
    let configs = client.describe_configs(ConfigResource::Topic, &names).await.unwrap();
    assert_eq!(
        client.requests_sent() - before,
        2,
        "one Metadata and one DescribeConfigs request for 40 topics"
    );
    assert_eq!(listing.topics.len(), 40);
    assert!(configs.values().all(Result::is_ok));
    assert!(
        client.open_connections().await <= 3,
        "one pooled connection per broker at most"
    );
    client.delete_topics(&names).await.unwrap();
}

async fn acls_are_created_described_and_deleted_for_every_resource_type(client: &AdminClient) {
    let principal = format!("User:{}", unique("acl-user"));
    let b = |resource_type, name: &str, pattern_type, operation, permission| AclBinding {
        resource_type,
        resource_name: name.to_owned(),
        pattern_type,
        principal: principal.clone(),
        host: "*".to_owned(),
        operation,
        permission,
    };
    let mut bindings = vec![
        b(
            ResourceType::Topic,
            "orders.events",
            PatternType::Literal,
            Operation::Read,
            Permission::Allow,
        ),
        b(
            ResourceType::Topic,
            "orders.",
            PatternType::Prefixed,
            Operation::DescribeConfigs,
            Permission::Allow,
        ),
        b(
            ResourceType::Group,
            "orders-service",
            PatternType::Literal,
            Operation::Read,
            Permission::Allow,
        ),
        b(
            ResourceType::Cluster,
            "kafka-cluster",
            PatternType::Literal,
            Operation::IdempotentWrite,
            Permission::Allow,
        ),
        b(
            ResourceType::TransactionalId,
            "orders-tx-",
            PatternType::Prefixed,
            Operation::Write,
            Permission::Allow,
        ),
        b(
            ResourceType::Topic,
            "orders.secret",
            PatternType::Literal,
            Operation::All,
            Permission::Deny,
        ),
        b(
            ResourceType::DelegationToken,
            "token-1",
            PatternType::Literal,
            Operation::Describe,
            Permission::Allow,
        ),
        b(
            ResourceType::User,
            "alice",
            PatternType::Literal,
            Operation::CreateTokens,
            Permission::Allow,
        ),
    ];
    bindings.sort();
    let created = client.create_acls(&bindings).await.unwrap();
    assert!(created.iter().all(|(_, r)| r.is_ok()), "{created:?}");

    let filter = AclFilter {
        principal: Some(principal.clone()),
        ..AclFilter::any()
    };
    eventually("the new ACLs", || async {
        let found = client.describe_acls(&filter).await.unwrap();
        if found == bindings {
            Ok(())
        } else {
            Err(format!("{found:?}"))
        }
    })
    .await;

    let topics_only = AclFilter {
        resource_type: ResourceType::Topic,
        ..filter.clone()
    };
    assert_eq!(client.describe_acls(&topics_only).await.unwrap().len(), 3);

    // A bad binding is refused with the broker's reason.
    let bad = b(
        ResourceType::Cluster,
        "not-kafka-cluster",
        PatternType::Literal,
        Operation::Read,
        Permission::Allow,
    );
    let refused = client.create_acls(&[bad]).await.unwrap();
    assert!(refused[0].1.is_err(), "{refused:?}");

    let deleted = client.delete_acls(&[AclFilter::exact(&bindings[0])]).await.unwrap();
    assert_eq!(deleted, [bindings[0].clone()]);
    let deleted = client.delete_acls(std::slice::from_ref(&filter)).await.unwrap();
    assert_eq!(deleted, bindings[1..]);
    eventually("the ACLs removed", || async {
        let found = client.describe_acls(&filter).await.unwrap();
        if found.is_empty() {
            Ok(())
        } else {
            Err(format!("{found:?}"))
        }
    })
    .await;
}

async fn partition_reassignment_moves_a_replica_and_cancel_without_one_is_an_error(client: &AdminClient) {
    let name = unique("client.reassign");
    let topic = NewTopic {
        name: name.clone(),
        assignment: Some(vec![vec![0]]),
        ..Default::default()
    };
    assert_eq!(client.create_topics(&[topic], false).await.unwrap()[&name], Ok(()));
    client
        .wait_for_topics(std::slice::from_ref(&name), Duration::from_secs(20))
        .await
        .unwrap();

    let moves = BTreeMap::from([((name.clone(), 0), Some(vec![1]))]);
    let result = client.alter_partition_reassignments(&moves).await.unwrap();
    assert_eq!(result[&(name.clone(), 0)], Ok(()));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let in_progress = client
            .list_partition_reassignments(Some(&[(name.clone(), 0)]))
            .await
            .unwrap();
        let listing = client.list_topics(Some(std::slice::from_ref(&name))).await.unwrap();
        if in_progress.is_empty() && listing.topics[&name].partitions[0].replicas == [1] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "reassignment did not finish: {in_progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let cancel = BTreeMap::from([((name.clone(), 0), None)]);
    let result = client.alter_partition_reassignments(&cancel).await.unwrap();
    assert_eq!(
        result[&(name, 0)].clone().unwrap_err().name(),
        "NO_REASSIGNMENT_IN_PROGRESS"
    );
}

async fn scram_credentials_set_by_the_client_authenticate_and_can_be_removed(client: &AdminClient) {
    let c = cluster();
    let user = unique("scram-user").replace('.', "-");
    let password = "first-password-123";
    let set = ScramCredentialChange::Upsert {
        user: user.clone(),
        mechanism: ScramMechanismKind::Sha512,
        iterations: 8192,
        password: Secret::new(password),
    };
    assert_eq!(
        client.alter_user_scram_credentials(&[set]).await.unwrap()[&user],
        Ok(())
    );
    let expected = Ok(vec![ScramCredentialInfo {
        mechanism: ScramMechanismKind::Sha512,
        iterations: 8192,
    }]);
    eventually("the new credential", || async {
        let described = client
            .describe_user_scram_credentials(Some(std::slice::from_ref(&user)))
            .await
            .unwrap();
        if described[&user] == expected {
            Ok(())
        } else {
            Err(format!("{described:?}"))
        }
    })
    .await;

    // The new user can authenticate (DescribeCluster needs no ACL).
    let mut as_user = scram(&c, "SCRAM-SHA-512", &user, password);
    as_user.retries = 0;
    let as_user_client = eventually("authenticating as the new user", || async {
        AdminClient::connect(as_user.clone()).await.map_err(|e| e.to_string())
    })
    .await;
    assert_three_brokers_on_three_racks(&as_user_client).await;

    let delete = ScramCredentialChange::Delete {
        user: user.clone(),
        mechanism: ScramMechanismKind::Sha512,
    };
    assert_eq!(
        client.alter_user_scram_credentials(&[delete]).await.unwrap()[&user],
        Ok(())
    );
    eventually("the credential gone", || async {
        let described = client
            .describe_user_scram_credentials(Some(std::slice::from_ref(&user)))
            .await
            .unwrap();
        match &described[&user] {
            Err(e) if e.name() == "RESOURCE_NOT_FOUND" => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
    let err = eventually("removed credentials refused", || async {
        match AdminClient::connect(as_user.clone()).await {
            Ok(_) => Err("still authenticates".to_owned()),
            Err(e) => Ok(e),
        }
    })
    .await;
    assert!(err.to_string().contains("authentication with SCRAM-SHA-512"), "{err}");
}

async fn client_quotas_are_set_described_and_removed(client: &AdminClient) {
    let user = unique("quota-user");
    let entity = vec![
        QuotaEntityPart {
            entity_type: "client-id".into(),
            name: Some("reporting".into()),
        },
        QuotaEntityPart {
            entity_type: "user".into(),
            name: Some(user.clone()),
        },
    ];
    let set = quota_changes(&[
        ("producer_byte_rate", Some(1_048_576.0)),
        ("consumer_byte_rate", Some(2_097_152.0)),
        ("request_percentage", Some(50.0)),
    ]);
    let result = client
        .alter_client_quotas(&[(entity.clone(), set)], false)
        .await
        .unwrap();
    assert!(result[0].1.is_ok(), "{result:?}");

    let filter = [
        ("user".to_owned(), QuotaMatch::Exact(user.clone())),
        ("client-id".to_owned(), QuotaMatch::Any),
    ];
    let found = eventually("the quota", || async {
        let found = client.describe_client_quotas(&filter, false).await.unwrap();
        if found.len() == 1 {
            Ok(found)
        } else {
            Err(format!("{found:?}"))
        }
    })
    .await;
    assert_eq!(found[0].0, entity);
    assert_eq!(found[0].1["producer_byte_rate"], 1_048_576.0);
    assert_eq!(found[0].1["request_percentage"], 50.0);

    let remove = quota_changes(&[
        ("producer_byte_rate", None),
        ("consumer_byte_rate", None),
        ("request_percentage", None),
    ]);
    assert!(
        client.alter_client_quotas(&[(entity, remove)], false).await.unwrap()[0]
            .1
            .is_ok()
    );
    eventually("the quota removed", || async {
        let found = client.describe_client_quotas(&filter, false).await.unwrap();
        if found.is_empty() {
            Ok(())
        } else {
            Err(format!("{found:?}"))
        }
    })
    .await;

    let bad = vec![QuotaEntityPart {
        entity_type: "user".into(),
        name: Some(user),
    }];
    let bad_key = quota_changes(&[("producer_byte_rat", Some(1.0))]);
    let result = client.alter_client_quotas(&[(bad, bad_key)], false).await.unwrap();
    assert!(result[0].1.is_err(), "an unknown quota key is refused: {result:?}");
}

/// Each operation runs over the PLAINTEXT listener and over SASL_SSL with SCRAM-SHA-512.
macro_rules! over_both_listeners {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::{admin_sasl, cluster, connect, plaintext};

            #[tokio::test]
            async fn over_plaintext() {
                super::$name(&connect(plaintext(&cluster())).await).await;
            }

            #[tokio::test]
            async fn over_sasl_ssl() {
                super::$name(&connect(admin_sasl(&cluster())).await).await;
            }
        }
    )*};
}

over_both_listeners!(
    explicit_replica_assignment_is_honoured,
    unknown_topics_and_invalid_configs_surface_the_brokers_message,
    many_topics_with_configs_are_described_in_two_requests,
    acls_are_created_described_and_deleted_for_every_resource_type,
    partition_reassignment_moves_a_replica_and_cancel_without_one_is_an_error,
    scram_credentials_set_by_the_client_authenticate_and_can_be_removed,
    client_quotas_are_set_described_and_removed,
);
