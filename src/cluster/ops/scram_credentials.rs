//! SCRAM credentials of users: describe (mechanism and iterations, never secrets) and set or delete them. The
//! password is salted and hashed here; only the salted hash is sent, and it is never logged.

use std::collections::BTreeMap;

use bytes::Bytes;
use kafka_protocol::messages::alter_user_scram_credentials_request::{
    ScramCredentialDeletion, ScramCredentialUpsertion,
};
use kafka_protocol::messages::describe_user_scram_credentials_request::UserName;
use kafka_protocol::messages::{AlterUserScramCredentialsRequest, DescribeUserScramCredentialsRequest};

use crate::cluster::client::{AdminClient, Target, check_response};
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::ops::{outcome, str_bytes};
use crate::cluster::scram::salted_password;
use crate::model::scram_credential::{ScramCredentialInfo, ScramMechanismKind};
use crate::model::secret::Secret;

/// Kafka's minimum; also the default of its own tools.
pub const DEFAULT_ITERATIONS: i32 = 8192;

#[derive(Debug, Clone)]
pub enum ScramCredentialChange {
    Upsert {
        user: String,
        mechanism: ScramMechanismKind,
        iterations: i32,
        password: Secret,
    },
    Delete {
        user: String,
        mechanism: ScramMechanismKind,
    },
}

impl AdminClient {
    /// Credentials of the given users, or of every user with one (`None`).
    pub async fn describe_user_scram_credentials(
        &self,
        users: Option<&[String]>,
    ) -> Result<BTreeMap<String, Result<Vec<ScramCredentialInfo>, KafkaError>>> {
        let request = DescribeUserScramCredentialsRequest::default()
            .with_users(users.map(|u| u.iter().map(|n| UserName::default().with_name(str_bytes(n))).collect()));
        let response = self
            .call(Target::Any, &request, |r| {
                check_response::<DescribeUserScramCredentialsRequest>(r.error_code, &r.error_message)
            })
            .await?;
        Ok(response
            .results
            .iter()
            .map(|r| {
                let user = r.user.to_string();
                let infos = outcome(
                    "DescribeUserScramCredentials",
                    &format!("user {user}"),
                    r.error_code,
                    &r.error_message,
                )
                .map(|()| {
                    let mut v: Vec<ScramCredentialInfo> = r
                        .credential_infos
                        .iter()
                        .filter_map(|c| {
                            ScramMechanismKind::from_code(c.mechanism).map(|m| ScramCredentialInfo {
                                mechanism: m,
                                iterations: c.iterations,
                            })
                        })
                        .collect();
                    v.sort();
                    v
                });
                (user, infos)
            })
            .collect())
    }

    /// Apply credential changes in one request; the outcome per user.
    pub async fn alter_user_scram_credentials(
        &self,
        changes: &[ScramCredentialChange],
    ) -> Result<BTreeMap<String, Result<(), KafkaError>>> {
        let mut request = AlterUserScramCredentialsRequest::default();
        for change in changes {
            match change {
                ScramCredentialChange::Upsert {
                    user,
                    mechanism,
                    iterations,
                    password,
                } => {
                    let mut salt = [0u8; 32];
                    getrandom::fill(&mut salt)
                        .map_err(|e| ClusterError::Config(format!("no system randomness for a salt: {e}")))?;
                    let iterations_u32 = u32::try_from(*iterations)
                        .map_err(|_| ClusterError::Config(format!("SCRAM iterations {iterations} must be positive")))?;
                    let hashed = salted_password(*mechanism, password.expose(), &salt, iterations_u32);
                    request.upsertions.push(
                        ScramCredentialUpsertion::default()
                            .with_name(str_bytes(user))
                            .with_mechanism(mechanism.code())
                            .with_iterations(*iterations)
                            .with_salt(Bytes::copy_from_slice(&salt))
                            .with_salted_password(Bytes::from(hashed)),
                    );
                }
                ScramCredentialChange::Delete { user, mechanism } => request.deletions.push(
                    ScramCredentialDeletion::default()
                        .with_name(str_bytes(user))
                        .with_mechanism(mechanism.code()),
                ),
            }
        }
        let response = self.call(Target::Controller, &request, |_| Ok(())).await?;
        Ok(response
            .results
            .iter()
            .map(|r| {
                let user = r.user.to_string();
                let result = outcome(
                    "AlterUserScramCredentials",
                    &format!("user {user}"),
                    r.error_code,
                    &r.error_message,
                );
                (user, result)
            })
            .collect())
    }
}
