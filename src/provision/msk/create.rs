//! The CreateClusterV2 request for a `provision.msk` block: provisioned (brokers, EBS storage, Kafka version,
//! subnets, security groups, client authentication, configuration) or serverless (IAM only).

use aws_sdk_kafka::Client;
use aws_sdk_kafka::types::{
    BrokerNodeGroupInfo, ClientAuthentication, ConfigurationInfo, EbsStorageInfo, Iam, ProvisionedRequest, Sasl, Scram,
    ServerlessClientAuthentication, ServerlessRequest, ServerlessSasl, StorageInfo, Tls, Unauthenticated, VpcConfig,
};

use crate::cluster::aws::errors::sdk_error;
use crate::model::provision::MskProvision;
use crate::provision::msk::configuration::Revision;
use crate::provision::msk::errors::MskError;

/// Client authentication from the sorted, lower-case `authentication` list.
pub fn client_authentication(authentication: &[String]) -> ClientAuthentication {
    let on = |name: &str| authentication.iter().any(|a| a == name);
    let mut auth = ClientAuthentication::builder();
    if on("iam") || on("scram") {
        let mut sasl = Sasl::builder();
        if on("iam") {
            sasl = sasl.iam(Iam::builder().enabled(true).build());
        }
        if on("scram") {
            sasl = sasl.scram(Scram::builder().enabled(true).build());
        }
        auth = auth.sasl(sasl.build());
    }
    if on("tls") {
        auth = auth.tls(Tls::builder().enabled(true).build());
    }
    auth.unauthenticated(Unauthenticated::builder().enabled(on("unauthenticated")).build())
        .build()
}

/// Creates the cluster; returns its ARN.
pub async fn create(client: &Client, m: &MskProvision, configuration: Option<&Revision>) -> miette::Result<String> {
    let mut request = client.create_cluster_v2().cluster_name(&m.cluster_name);
    if m.serverless {
        if !m.authentication.iter().all(|a| a == "iam") {
            return Err(MskError::ServerlessAuthentication {
                authentication: m.authentication.clone(),
            }
            .into());
        }
        let vpc = VpcConfig::builder()
            .set_subnet_ids(Some(m.subnets.clone()))
            .set_security_group_ids((!m.security_groups.is_empty()).then(|| m.security_groups.clone()))
            .build();
        request = request.serverless(
            ServerlessRequest::builder()
                .vpc_configs(vpc)
                .client_authentication(
                    ServerlessClientAuthentication::builder()
                        .sasl(
                            ServerlessSasl::builder()
                                .iam(Iam::builder().enabled(true).build())
                                .build(),
                        )
                        .build(),
                )
                .build(),
        );
    } else {
        let brokers = i32::try_from(m.brokers).map_err(|_| MskError::OutOfRange {
            field: "brokers",
            value: m.brokers.into(),
            too: "too many",
        })?;
        let storage = i32::try_from(m.storage_gib).map_err(|_| MskError::OutOfRange {
            field: "storageGiB",
            value: m.storage_gib.into(),
            too: "too large",
        })?;
        let nodes = BrokerNodeGroupInfo::builder()
            .instance_type(&m.broker_type)
            .set_client_subnets(Some(m.subnets.clone()))
            .set_security_groups((!m.security_groups.is_empty()).then(|| m.security_groups.clone()))
            .storage_info(
                StorageInfo::builder()
                    .ebs_storage_info(EbsStorageInfo::builder().volume_size(storage).build())
                    .build(),
            )
            .build();
        let mut provisioned = ProvisionedRequest::builder()
            .broker_node_group_info(nodes)
            .kafka_version(&m.kafka_version)
            .number_of_broker_nodes(brokers)
            .client_authentication(client_authentication(&m.authentication));
        if let Some(rev) = configuration {
            provisioned = provisioned.configuration_info(
                ConfigurationInfo::builder()
                    .arn(&rev.arn)
                    .revision(rev.revision)
                    .build(),
            );
        }
        request = request.provisioned(provisioned.build());
    }
    let out = request.send().await.map_err(|e| sdk_error("CreateClusterV2", e))?;
    out.cluster_arn().map(str::to_owned).ok_or_else(|| {
        MskError::Incomplete {
            operation: "CreateClusterV2",
            missing: "cluster ARN",
        }
        .into()
    })
}
