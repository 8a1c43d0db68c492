//! Which Schema Registry client a plan needs: one when the specs have subjects, or with prune when the
//! environment names a registry (its owned subjects may have to go); none otherwise. Its URL must be an endpoint
//! the trusted side allows, checked before anything connects.

use crate::cluster::config::TlsConfig;
use crate::cluster::connect::endpoints::Endpoints;
use crate::cluster::connect::error::ConnectError;
use crate::cluster::registry::{RegistryClient, RegistryConfig, RegistryError};
use crate::model::environment::Field;
use crate::spec::validate::EnvironmentState;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RegistryChoiceError {
    #[error("environment `{0}` has subjects but no `schemaRegistry`")]
    Missing(String),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Client(#[from] RegistryError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Endpoint(#[from] ConnectError),
}

pub fn registry_for(
    desired: &EnvironmentState,
    prune: bool,
    endpoints: &Endpoints,
) -> Result<Option<RegistryClient>, RegistryChoiceError> {
    let env = &desired.environment;
    let Some(r) = &env.schema_registry else {
        if desired.state.subjects.is_empty() {
            return Ok(None);
        }
        return Err(RegistryChoiceError::Missing(env.name.clone()));
    };
    if desired.state.subjects.is_empty() && !prune {
        return Ok(None);
    }
    endpoints.check_url(env, Field::RegistryUrl, &r.url)?;
    let cfg = RegistryConfig {
        url: r.url.clone(),
        username: r.username.clone(),
        password: r.password.clone(),
        tls: TlsConfig {
            ca_file: r.ca_file.clone(),
            ..Default::default()
        },
        timeout: std::time::Duration::from_secs(30),
    };
    let client = RegistryClient::new(&cfg).map_err(|e| match e {
        RegistryError::Config(message) => RegistryError::Config(env.hide(&message)),
        other => other,
    })?;
    Ok(Some(client))
}
