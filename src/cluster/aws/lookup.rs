//! Finding an MSK cluster by name (ListClustersV2 filters by prefix: the name must match exactly).

use aws_sdk_kafka::Client;
use aws_sdk_kafka::types::Cluster;

use crate::cluster::aws::errors::{AwsError, sdk_error};

/// The cluster named exactly `name`, if any.
pub async fn find_by_name(client: &Client, name: &str) -> miette::Result<Option<Cluster>> {
    let mut next: Option<String> = None;
    loop {
        let out = client
            .list_clusters_v2()
            .cluster_name_filter(name)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| sdk_error("ListClustersV2", e))?;
        if let Some(c) = out.cluster_info_list().iter().find(|c| c.cluster_name() == Some(name)) {
            return Ok(Some(c.clone()));
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => next = Some(t.to_owned()),
            _ => return Ok(None),
        }
    }
}

pub async fn describe(client: &Client, arn: &str) -> miette::Result<Cluster> {
    let out = client
        .describe_cluster_v2()
        .cluster_arn(arn)
        .send()
        .await
        .map_err(|e| sdk_error("DescribeClusterV2", e))?;
    out.cluster_info().cloned().ok_or_else(|| {
        AwsError::NoCluster {
            operation: "DescribeClusterV2",
            arn: arn.to_owned(),
        }
        .into()
    })
}
