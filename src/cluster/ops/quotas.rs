//! Client quotas per user and/or client id: describe and alter.

use kafka_protocol::messages::describe_client_quotas_request::ComponentData;
use kafka_protocol::messages::{AlterClientQuotasRequest, DescribeClientQuotasRequest, alter_client_quotas_request};

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{KafkaError, Result};
use crate::cluster::ops::{outcome, str_bytes};
use crate::model::quota::{QuotaChange, QuotaEntity, QuotaEntityPart, QuotaValues, entity_name};

/// How a describe filter matches one entity type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaMatch {
    Exact(String),
    Default,
    Any,
}

fn label(entity: &QuotaEntity) -> String {
    format!("quota [{}]", entity_name(entity))
}

impl AdminClient {
    /// Quotas matching the filter (e.g. `[("user", Any)]`), sorted by entity. `strict` excludes entities that
    /// have other entity types too.
    pub async fn describe_client_quotas(
        &self,
        filter: &[(String, QuotaMatch)],
        strict: bool,
    ) -> Result<Vec<(QuotaEntity, QuotaValues)>> {
        let request = DescribeClientQuotasRequest::default()
            .with_strict(strict)
            .with_components(
                filter
                    .iter()
                    .map(|(entity_type, m)| {
                        let c = ComponentData::default().with_entity_type(str_bytes(entity_type));
                        match m {
                            QuotaMatch::Exact(name) => c.with_match_type(0).with_match(Some(str_bytes(name))),
                            QuotaMatch::Default => c.with_match_type(1).with_match(None),
                            QuotaMatch::Any => c.with_match_type(2).with_match(None),
                        }
                    })
                    .collect(),
            );
        let response = self
            .call(Target::Any, &request, |r| {
                check_response::<DescribeClientQuotasRequest>(r.error_code, &r.error_message)
            })
            .await?;
        let mut out: Vec<(QuotaEntity, QuotaValues)> = response
            .entries
            .iter()
            .flatten()
            .map(|e| {
                let mut entity: QuotaEntity = e
                    .entity
                    .iter()
                    .map(|p| QuotaEntityPart {
                        entity_type: p.entity_type.to_string(),
                        name: p.entity_name.as_ref().map(|n| n.to_string()),
                    })
                    .collect();
                entity.sort();
                (entity, e.values.iter().map(|v| (v.key.to_string(), v.value)).collect())
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Set or remove quota keys (each change's `after`) for entities in one request; the outcome per entity.
    pub async fn alter_client_quotas(
        &self,
        changes: &[(QuotaEntity, Vec<QuotaChange>)],
        validate_only: bool,
    ) -> Result<Vec<(QuotaEntity, Result<(), KafkaError>)>> {
        let request = AlterClientQuotasRequest::default()
            .with_validate_only(validate_only)
            .with_entries(
                changes
                    .iter()
                    .map(|(entity, ops)| {
                        alter_client_quotas_request::EntryData::default()
                            .with_entity(
                                entity
                                    .iter()
                                    .map(|p| {
                                        alter_client_quotas_request::EntityData::default()
                                            .with_entity_type(str_bytes(&p.entity_type))
                                            .with_entity_name(p.name.as_deref().map(str_bytes))
                                    })
                                    .collect(),
                            )
                            .with_ops(
                                ops.iter()
                                    .map(|c| {
                                        alter_client_quotas_request::OpData::default()
                                            .with_key(str_bytes(&c.key))
                                            .with_value(c.after.unwrap_or(0.0))
                                            .with_remove(c.after.is_none())
                                    })
                                    .collect(),
                            )
                    })
                    .collect(),
            );
        let response = self.call(Target::Any, &request, |_| Ok(())).await?;
        Ok(changes
            .iter()
            .zip(response.entries.iter())
            .map(|((entity, _), r)| {
                (
                    entity.clone(),
                    outcome("AlterClientQuotas", &label(entity), r.error_code, &r.error_message),
                )
            })
            .collect())
    }
}
