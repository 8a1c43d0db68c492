//! A create that meets a topic that exists already (`TOPIC_ALREADY_EXISTS`, e.g. another apply of the same specs
//! ran at the same time): read the topic back and count the step as converged when it is what the step asks for
//! (partitions, replication factor, the configs the step sets); otherwise it stays a failure that says how it differs.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::apply::step::StepId;
use crate::cluster::client::AdminClient;
use crate::cluster::ops::PerResource;
use crate::cluster::ops::configs::ConfigResource;
use crate::cluster::ops::topics::NewTopic;
use crate::model::config_entry::Configs;
use crate::model::topic_config::stored_form;
use crate::model::topic_description::TopicDescription;

/// How long a topic created by someone else may take to show in the metadata of the broker asked.
const VISIBLE_WITHIN: Duration = Duration::from_secs(10);

const UNREAD: &str = "the topic exists already and could not be read";

/// The outcomes of the create steps the broker answered `TOPIC_ALREADY_EXISTS`, by step: `Ok` when the topic is what
/// the step creates, else why not. The same for the brokers' check (`validate_only`), so a topic that exists and
/// differs is refused before anything changes.
pub async fn existing_topics(
    client: &AdminClient,
    topics: &[(StepId, &NewTopic)],
    answers: &PerResource,
) -> BTreeMap<StepId, Result<(), String>> {
    let exist: Vec<(StepId, &NewTopic)> = topics
        .iter()
        .filter(|(_, t)| matches!(answers.get(&t.name), Some(Err(e)) if e.name() == "TOPIC_ALREADY_EXISTS"))
        .copied()
        .collect();
    if exist.is_empty() {
        return BTreeMap::new();
    }
    let compared = compare(client, &exist.iter().map(|(_, t)| *t).collect::<Vec<_>>()).await;
    exist
        .iter()
        .map(|(id, t)| (*id, compared.get(&t.name).cloned().unwrap_or(Err(UNREAD.to_owned()))))
        .collect()
}

/// For each topic (all of which the broker said exist): `Ok` when it matches, else why not.
async fn compare(client: &AdminClient, topics: &[&NewTopic]) -> BTreeMap<String, Result<(), String>> {
    let names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    let read = async {
        let listing = client.wait_for_topics(&names, VISIBLE_WITHIN).await?;
        let configs = client.describe_configs(ConfigResource::Topic, &names).await?;
        Ok::<_, crate::cluster::error::ClusterError>((listing, configs))
    };
    let (listing, configs) = match read.await {
        Ok(read) => read,
        Err(e) => {
            return topics
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        Err(format!("the topic exists already and could not be read: {e}")),
                    )
                })
                .collect();
        }
    };
    topics
        .iter()
        .map(|t| {
            let result = match (listing.topics.get(&t.name), configs.get(&t.name)) {
                (Some(description), Some(Ok(configs))) => differences(t, description, configs),
                (_, Some(Err(e))) => Err(format!("the topic exists already and could not be read: {e}")),
                _ => Err(UNREAD.to_owned()),
            };
            (t.name.clone(), result)
        })
        .collect()
}

/// `Ok` when the live topic is what `want` creates; else a message listing the differences.
fn differences(want: &NewTopic, have: &TopicDescription, configs: &Configs) -> Result<(), String> {
    let mut differ = Vec::new();
    let partitions = have.partitions.len() as i32;
    if let Some(p) = want.partitions.filter(|p| *p != partitions) {
        differ.push(format!("partitions {partitions}, not {p}"));
    }
    let rf = have.replication_factor() as i16;
    if let Some(r) = want.replication_factor.filter(|r| *r != rf) {
        differ.push(format!("replication factor {rf}, not {r}"));
    }
    for (key, value) in &want.configs {
        let live = configs
            .get(key)
            .filter(|e| e.source.is_override())
            .and_then(|e| e.value.as_deref());
        if live.map(|v| stored_form(key, v)) != Some(stored_form(key, value)) {
            differ.push(format!("{key} {}, not {value}", live.unwrap_or("(not set)")));
        }
    }
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!("the topic exists already and differs: {}", differ.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::differences;
    use crate::cluster::ops::topics::NewTopic;
    use crate::model::config_entry::{ConfigEntry, ConfigSource, Configs};
    use crate::model::topic_description::{PartitionInfo, TopicDescription};

    fn live(partitions: i32, rf: i32) -> TopicDescription {
        TopicDescription {
            name: "t".into(),
            topic_id: None,
            internal: false,
            partitions: (0..partitions)
                .map(|p| PartitionInfo {
                    partition: p,
                    leader: Some(0),
                    replicas: (0..rf).collect(),
                    isr: (0..rf).collect(),
                    offline: Vec::new(),
                })
                .collect(),
        }
    }

    fn configs(entries: &[(&str, &str, ConfigSource)]) -> Configs {
        entries
            .iter()
            .map(|(k, v, source)| {
                let entry = ConfigEntry {
                    name: (*k).into(),
                    value: Some((*v).into()),
                    source: *source,
                    sensitive: false,
                    read_only: false,
                };
                ((*k).to_owned(), entry)
            })
            .collect()
    }

    fn want() -> NewTopic {
        NewTopic {
            name: "t".into(),
            partitions: Some(3),
            replication_factor: Some(3),
            configs: [("cleanup.policy".to_owned(), "delete,compact".to_owned())].into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_existing_topic_matches_when_partitions_rf_and_the_configs_set_agree() {
        let set = configs(&[
            ("cleanup.policy", "compact,delete", ConfigSource::DynamicTopic),
            ("retention.ms", "1", ConfigSource::DynamicTopic),
        ]);
        assert_eq!(differences(&want(), &live(3, 3), &set), Ok(()));
        assert_eq!(
            differences(&want(), &live(1, 2), &configs(&[])),
            Err(
                "the topic exists already and differs: partitions 1, not 3, replication factor 2, not 3, \
                 cleanup.policy (not set), not delete,compact"
                    .into()
            )
        );
        // A broker default with the same value is not the topic's own setting.
        let default = configs(&[("cleanup.policy", "compact,delete", ConfigSource::DynamicBroker)]);
        assert!(differences(&want(), &live(3, 3), &default).is_err());
    }
}
