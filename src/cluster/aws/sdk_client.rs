//! The AWS SDK's HTTP client, on reqwest with rustls and topicctl's crypto provider (`ring`), and the SDK
//! configuration (region, credentials chain, `AWS_ENDPOINT_URL*` overrides) built on it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;

/// (connect, read) time-outs.
type Timeouts = (Option<Duration>, Option<Duration>);

/// One reqwest client per (connect, read) time-out pair the SDK asks for (IMDS wants 1 s, the APIs more).
#[derive(Debug, Default, Clone)]
pub struct ReqwestHttpClient {
    clients: Arc<Mutex<HashMap<Timeouts, reqwest::Client>>>,
}

impl ReqwestHttpClient {
    pub fn shared() -> SharedHttpClient {
        SharedHttpClient::new(ReqwestHttpClient::default())
    }

    fn client(&self, connect: Option<Duration>, read: Option<Duration>) -> Result<reqwest::Client, String> {
        let mut clients = self
            .clients
            .lock()
            .map_err(|_| "HTTP client cache poisoned".to_owned())?;
        if let Some(c) = clients.get(&(connect, read)) {
            return Ok(c.clone());
        }
        crate::cluster::tls::install_default_provider();
        let tls = crate::cluster::tls::client_config(&crate::cluster::config::TlsConfig::default())
            .map_err(|e| e.to_string())?;
        let mut builder = reqwest::Client::builder().tls_backend_preconfigured(tls);
        if let Some(t) = connect {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = read {
            builder = builder.read_timeout(t);
        }
        let client = builder.build().map_err(|e| e.to_string())?;
        clients.insert((connect, read), client.clone());
        Ok(client)
    }
}

impl HttpClient for ReqwestHttpClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, _components: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(ReqwestConnector {
            client: self.client(settings.connect_timeout(), settings.read_timeout()),
        })
    }
}

#[derive(Debug)]
struct ReqwestConnector {
    client: Result<reqwest::Client, String>,
}

impl HttpConnector for ReqwestConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let client = self.client.clone();
        HttpConnectorFuture::new(async move {
            let client = client.map_err(|e| ConnectorError::other(e.into(), None))?;
            let request = request
                .try_into_http1x()
                .map_err(|e| ConnectorError::other(Box::new(e), None))?;
            let (parts, body) = request.into_parts();
            // The Kafka, STS and IMDS APIs send small in-memory bodies; a streaming body is refused, not dropped.
            let body = body
                .bytes()
                .map(<[u8]>::to_vec)
                .ok_or_else(|| ConnectorError::other("streaming request bodies are not supported".into(), None))?;
            let response = client
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(connector_error)?;
            let mut builder = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let bytes = response.bytes().await.map_err(connector_error)?;
            let response = builder
                .body(SdkBody::from(bytes))
                .map_err(|e| ConnectorError::other(Box::new(e), None))?;
            HttpResponse::try_from(response).map_err(|e| ConnectorError::other(Box::new(e), None))
        })
    }
}

fn connector_error(e: reqwest::Error) -> ConnectorError {
    // reqwest's message names the URL, never headers or bodies (where signatures and credentials travel).
    if e.is_timeout() {
        ConnectorError::timeout(Box::new(e))
    } else if e.is_connect() {
        ConnectorError::io(Box::new(e))
    } else {
        ConnectorError::other(Box::new(e), None)
    }
}

/// The SDK configuration: `region` when given, else the default chain (AWS_REGION, profile, IMDS); credentials
/// from the default chain (environment, profile, web identity through STS, ECS, IMDS); endpoint overrides from
/// `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_KAFKA`.
pub async fn sdk_config(region: Option<&str>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(ReqwestHttpClient::shared());
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    loader.load().await
}

/// A Kafka (MSK) API client; an error when no region can be found.
pub async fn kafka_client(region: Option<&str>) -> miette::Result<aws_sdk_kafka::Client> {
    let config = sdk_config(region).await;
    if config.region().is_none() {
        return Err(crate::cluster::aws::errors::AwsError::NoRegion.into());
    }
    Ok(aws_sdk_kafka::Client::new(&config))
}
