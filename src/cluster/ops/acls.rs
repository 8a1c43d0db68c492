//! ACLs: create, describe and delete, every resource type, pattern type, operation and permission.

use kafka_protocol::messages::create_acls_request::AclCreation;
use kafka_protocol::messages::delete_acls_request::DeleteAclsFilter;
use kafka_protocol::messages::{CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest};
use kafka_protocol::protocol::StrBytes;

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::ops::{outcome, str_bytes};
use crate::model::acl::{AclBinding, AclFilter, Operation, PatternType, Permission, ResourceType};

fn binding(
    resource_type: i8,
    resource_name: &StrBytes,
    pattern_type: i8,
    principal: &StrBytes,
    host: &StrBytes,
    operation: i8,
    permission: i8,
) -> Result<AclBinding> {
    let bad = |what: &str, code: i8| ClusterError::Protocol {
        addr: "cluster".into(),
        message: format!("unknown ACL {what} code {code}"),
    };
    Ok(AclBinding {
        resource_type: ResourceType::from_code(resource_type).ok_or_else(|| bad("resource type", resource_type))?,
        resource_name: resource_name.to_string(),
        pattern_type: PatternType::from_code(pattern_type).ok_or_else(|| bad("pattern type", pattern_type))?,
        principal: principal.to_string(),
        host: host.to_string(),
        operation: Operation::from_code(operation).ok_or_else(|| bad("operation", operation))?,
        permission: Permission::from_code(permission).ok_or_else(|| bad("permission", permission))?,
    })
}

fn opt(s: &Option<String>) -> Option<StrBytes> {
    s.as_deref().map(str_bytes)
}

impl AdminClient {
    /// Create bindings in one request; the result for each binding, in the order given.
    pub async fn create_acls(&self, bindings: &[AclBinding]) -> Result<Vec<(AclBinding, Result<(), KafkaError>)>> {
        let request = CreateAclsRequest::default().with_creations(
            bindings
                .iter()
                .map(|b| {
                    AclCreation::default()
                        .with_resource_type(b.resource_type.code())
                        .with_resource_name(str_bytes(&b.resource_name))
                        .with_resource_pattern_type(b.pattern_type.code())
                        .with_principal(str_bytes(&b.principal))
                        .with_host(str_bytes(&b.host))
                        .with_operation(b.operation.code())
                        .with_permission_type(b.permission.code())
                })
                .collect(),
        );
        let response = self.call(Target::Any, &request, |_| Ok(())).await?;
        Ok(bindings
            .iter()
            .zip(response.results.iter())
            .map(|(b, r)| {
                (
                    b.clone(),
                    outcome("CreateAcls", &format!("ACL {b}"), r.error_code, &r.error_message),
                )
            })
            .collect())
    }

    /// The bindings matching a filter, sorted.
    pub async fn describe_acls(&self, filter: &AclFilter) -> Result<Vec<AclBinding>> {
        let request = DescribeAclsRequest::default()
            .with_resource_type_filter(filter.resource_type.code())
            .with_resource_name_filter(opt(&filter.resource_name))
            .with_pattern_type_filter(filter.pattern_type.code())
            .with_principal_filter(opt(&filter.principal))
            .with_host_filter(opt(&filter.host))
            .with_operation(filter.operation.code())
            .with_permission_type(filter.permission.code());
        let response = self
            .call(Target::Any, &request, |r| {
                check_response::<DescribeAclsRequest>(r.error_code, &r.error_message)
            })
            .await?;
        let mut out = Vec::new();
        for resource in &response.resources {
            for acl in &resource.acls {
                out.push(binding(
                    resource.resource_type,
                    &resource.resource_name,
                    resource.pattern_type,
                    &acl.principal,
                    &acl.host,
                    acl.operation,
                    acl.permission_type,
                )?);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Delete every binding matching any of the filters, in one request; returns what was deleted, sorted.
    pub async fn delete_acls(&self, filters: &[AclFilter]) -> Result<Vec<AclBinding>> {
        let request = DeleteAclsRequest::default().with_filters(
            filters
                .iter()
                .map(|f| {
                    DeleteAclsFilter::default()
                        .with_resource_type_filter(f.resource_type.code())
                        .with_resource_name_filter(opt(&f.resource_name))
                        .with_pattern_type_filter(f.pattern_type.code())
                        .with_principal_filter(opt(&f.principal))
                        .with_host_filter(opt(&f.host))
                        .with_operation(f.operation.code())
                        .with_permission_type(f.permission.code())
                })
                .collect(),
        );
        let response = self.call(Target::Any, &request, |_| Ok(())).await?;
        let mut deleted = Vec::new();
        for result in &response.filter_results {
            outcome("DeleteAcls", "an ACL filter", result.error_code, &result.error_message)?;
            for m in &result.matching_acls {
                outcome("DeleteAcls", "an ACL", m.error_code, &m.error_message)?;
                deleted.push(binding(
                    m.resource_type,
                    &m.resource_name,
                    m.pattern_type,
                    &m.principal,
                    &m.host,
                    m.operation,
                    m.permission_type,
                )?);
            }
        }
        deleted.sort();
        Ok(deleted)
    }
}
