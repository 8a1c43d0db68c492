//! The MSK configuration holding `provision.msk.serverProperties`: named `<cluster>-topicctl`, created when
//! missing, given a new revision when its latest revision holds other properties.

use std::collections::BTreeMap;

use aws_sdk_kafka::Client;
use aws_sdk_kafka::primitives::Blob;

use crate::cluster::aws::errors::sdk_error;
use crate::provision::msk::errors::MskError;
use crate::provision::progress::Progress;

/// An MSK configuration revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub arn: String,
    pub revision: i64,
}

pub fn configuration_name(cluster_name: &str) -> String {
    format!("{cluster_name}-topicctl")
}

/// `key=value` lines, sorted: the `server.properties` text MSK stores.
pub fn properties_text(props: &BTreeMap<String, String>) -> String {
    props.iter().map(|(k, v)| format!("{k}={v}\n")).collect()
}

/// Parses `server.properties` text (comments and blank lines ignored).
pub fn parse_properties(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// The configuration revision holding `props`: `None` when there are none to hold.
pub async fn ensure(
    client: &Client,
    cluster_name: &str,
    kafka_version: &str,
    props: &BTreeMap<String, String>,
    progress: &dyn Progress,
) -> miette::Result<Option<Revision>> {
    if props.is_empty() {
        return Ok(None);
    }
    let name = configuration_name(cluster_name);
    let text = properties_text(props);
    let Some((arn, latest)) = find(client, &name).await? else {
        progress.step(&format!(
            "creating MSK configuration {name} ({} properties)",
            props.len()
        ));
        let out = client
            .create_configuration()
            .name(&name)
            .description("server properties managed by topicctl")
            .kafka_versions(kafka_version)
            .server_properties(Blob::new(text.into_bytes()))
            .send()
            .await
            .map_err(|e| sdk_error("CreateConfiguration", e))?;
        let arn = out.arn().ok_or(MskError::Incomplete {
            operation: "CreateConfiguration",
            missing: "ARN",
        })?;
        let revision = out.latest_revision().and_then(|r| r.revision()).unwrap_or(1);
        return Ok(Some(Revision {
            arn: arn.to_owned(),
            revision,
        }));
    };
    let current = client
        .describe_configuration_revision()
        .arn(&arn)
        .revision(latest)
        .send()
        .await
        .map_err(|e| sdk_error("DescribeConfigurationRevision", e))?;
    let stored = current
        .server_properties()
        .map(|b| parse_properties(&String::from_utf8_lossy(b.as_ref())))
        .unwrap_or_default();
    if &stored == props {
        return Ok(Some(Revision { arn, revision: latest }));
    }
    progress.step(&format!(
        "updating MSK configuration {name}: new revision after {latest}"
    ));
    let out = client
        .update_configuration()
        .arn(&arn)
        .description("server properties managed by topicctl")
        .server_properties(Blob::new(text.into_bytes()))
        .send()
        .await
        .map_err(|e| sdk_error("UpdateConfiguration", e))?;
    let revision = out
        .latest_revision()
        .and_then(|r| r.revision())
        .ok_or(MskError::Incomplete {
            operation: "UpdateConfiguration",
            missing: "revision",
        })?;
    Ok(Some(Revision { arn, revision }))
}

/// The ARN and latest revision of the configuration named `name`.
async fn find(client: &Client, name: &str) -> miette::Result<Option<(String, i64)>> {
    let mut next: Option<String> = None;
    loop {
        let out = client
            .list_configurations()
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| sdk_error("ListConfigurations", e))?;
        for c in out.configurations() {
            if c.name() == Some(name) {
                let arn = c.arn().unwrap_or_default().to_owned();
                let revision = c.latest_revision().and_then(|r| r.revision()).unwrap_or(1);
                return Ok(Some((arn, revision)));
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => next = Some(t.to_owned()),
            _ => return Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{parse_properties, properties_text};

    #[test]
    fn properties_round_trip_sorted() {
        let props: BTreeMap<String, String> = [("num.partitions", "6"), ("auto.create.topics.enable", "false")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let text = properties_text(&props);
        assert_eq!(text, "auto.create.topics.enable=false\nnum.partitions=6\n");
        assert_eq!(parse_properties(&format!("# MSK adds comments\n\n{text}")), props);
    }
}
