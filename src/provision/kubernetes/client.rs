//! A `kube::Client` for the environment's kube context, with TLS through rustls and topicctl's crypto provider
//! (`ring`): the kubeconfig (read by `kubeconfig`, its files through `files::read_regular`), its CA and client
//! certificate, or its bearer token / exec credentials through kube's own auth layer. An `http://` API server is
//! refused when the context has credentials.

use std::path::Path;

use base64::Engine;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kube::api::{Api, DynamicObject};
use kube::client::ConfigExt;
use kube::config::{AuthInfo, KubeConfigOptions};
use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tower::ServiceBuilder;

use crate::files;
use crate::model::provision::Kubernetes;
use crate::provision::kubernetes::api_words;
use crate::provision::kubernetes::error::KubernetesError;
use crate::provision::kubernetes::kubeconfig::{self, Failure};
use crate::provision::kubernetes::resources::{API_VERSION, Kind};
use crate::provision::kubernetes::retry::RetryBusy;

pub struct KubeClient {
    client: kube::Client,
    pub namespace: String,
    /// `context/namespace`, for messages.
    pub location: String,
}

fn context_name(k: &Kubernetes) -> String {
    k.context.clone().unwrap_or_else(|| "(current context)".into())
}

impl KubeClient {
    pub async fn connect(k: &Kubernetes) -> miette::Result<KubeClient> {
        let context = context_name(k);
        let options = KubeConfigOptions {
            context: k.context.clone(),
            ..KubeConfigOptions::default()
        };
        let invalid = |reason: String| KubernetesError::KubeConfig {
            context: context.clone(),
            namespace: k.namespace.clone(),
            reason,
        };
        let kubeconfig = kubeconfig::read().map_err(|failure| match failure {
            Failure::File(e) => miette::Report::new(e),
            Failure::Invalid(reason) => invalid(reason).into(),
        })?;
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .map_err(|e| invalid(api_words::chain(&e)))?;
        refuse_credentials_over_http(&config, &context)?;
        let unusable = |problem: String| KubernetesError::Context {
            context: context.clone(),
            problem,
        };
        let tls =
            tls_config(&config).map_err(|e| unusable(format!("cannot set up TLS to {}: {e}", config.cluster_url)))?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(config.connect_timeout);
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http();
        let builder = match &config.tls_server_name {
            Some(name) => {
                let name = rustls_pki_types::ServerName::try_from(name.clone())
                    .map_err(|e| unusable(format!("bad tls-server-name `{name}`: {e}")))?;
                builder.with_server_name_resolver(hyper_rustls::FixedServerNameResolver::new(name))
            }
            None => builder,
        };
        let https = builder.enable_http1().wrap_connector(http);
        let hyper = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(https);
        let auth = config
            .auth_layer()
            .map_err(|e| unusable(format!("cannot authenticate: {}", api_words::describe(&e))))?;
        // Busy answers are retried outermost, so each try is authenticated afresh (an exec credential may expire).
        let service = ServiceBuilder::new()
            .layer(tower::layer::layer_fn(RetryBusy::new))
            .layer(config.base_uri_layer())
            .option_layer(auth)
            .map_err(tower::BoxError::from)
            .service(hyper);
        Ok(KubeClient {
            client: kube::Client::new(service, k.namespace.clone()),
            namespace: k.namespace.clone(),
            location: format!("{context}/{}", k.namespace),
        })
    }

    pub fn api(&self, kind: Kind) -> Api<DynamicObject> {
        Api::namespaced_with(self.client.clone(), &self.namespace, &kind.api_resource())
    }

    pub fn secrets(&self) -> Api<k8s_openapi::api::core::v1::Secret> {
        Api::namespaced(self.client.clone(), &self.namespace)
    }

    /// The object, `None` when it does not exist; a missing CRD is an error (kube's own `get_opt` hides it).
    pub async fn get_opt(&self, kind: Kind, name: &str) -> miette::Result<Option<DynamicObject>> {
        match self.api(kind).get(name).await {
            Ok(object) => Ok(Some(object)),
            Err(e) if is_not_found(&e) && !is_missing_resource_type(&e) => Ok(None),
            Err(e) => Err(self.error(kind, &format!("read {} `{name}`", kind.as_str()), e).into()),
        }
    }

    /// A clear report for a failed call: a 404 on a Strimzi path means the CRDs are not installed.
    pub fn error(&self, kind: Kind, doing: &str, e: kube::Error) -> KubernetesError {
        if is_missing_resource_type(&e) {
            return KubernetesError::CrdsMissing {
                doing: doing.to_string(),
                crd: kind.crd_name(),
                api_version: API_VERSION,
                kind: kind.as_str(),
                location: self.location.clone(),
            };
        }
        self.api_error(doing, e)
    }

    /// A failed call on a resource that is not a Strimzi one (a Secret), or one whose type exists: the server's
    /// words, with the fix where there is one (a conflict with another field manager, a refusal by RBAC).
    pub fn api_error(&self, doing: &str, e: kube::Error) -> KubernetesError {
        let (doing, location, reason) = (doing.to_string(), self.location.clone(), api_words::describe(&e));
        match api_words::code(&e) {
            Some(409) => KubernetesError::Conflict {
                doing,
                location,
                reason,
            },
            Some(403) => KubernetesError::Forbidden {
                doing,
                location,
                reason,
            },
            _ => KubernetesError::Api {
                doing,
                location,
                reason,
            },
        }
    }
}

/// Refuses an `http://` API server when the kubeconfig user has credentials (a token, a token file, a password, an
/// exec or auth-provider plugin): they would be sent in clear. Checked before any request.
fn refuse_credentials_over_http(config: &kube::Config, context: &str) -> Result<(), KubernetesError> {
    let url = &config.cluster_url;
    let user = &config.auth_info;
    let credentials = user.token.is_some()
        || user.token_file.is_some()
        || user.username.is_some()
        || user.password.is_some()
        || user.exec.is_some()
        || user.auth_provider.is_some();
    if url.scheme_str() != Some("http") || !credentials {
        return Ok(());
    }
    // Host and port only: a user:password@ part of the URL is never shown.
    let port = url.port_u16().map(|p| format!(":{p}")).unwrap_or_default();
    Err(KubernetesError::InsecureServer {
        context: context.to_owned(),
        server: format!("http://{}{port}", url.host().unwrap_or_default()),
    })
}

/// A 404 without a named object: the resource type itself is unknown to the API server.
pub fn is_missing_resource_type(e: &kube::Error) -> bool {
    match e {
        kube::Error::Api(status) => status.code == 404 && status.details.as_ref().is_none_or(|d| d.name.is_empty()),
        _ => false,
    }
}

/// Whether the error is a plain "this object does not exist".
pub fn is_not_found(e: &kube::Error) -> bool {
    matches!(e, kube::Error::Api(status) if status.code == 404)
}

fn tls_config(config: &kube::Config) -> Result<rustls::ClientConfig, String> {
    let provider = crate::cluster::tls::provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    if config.accept_invalid_certs {
        return Err("`insecure-skip-tls-verify` is not supported: give the cluster's certificate-authority".into());
    }
    let mut roots = RootCertStore::empty();
    match &config.root_cert {
        Some(certs) => {
            for der in certs {
                roots
                    .add(CertificateDer::from(der.clone()))
                    .map_err(|e| format!("bad certificate-authority: {e}"))?;
            }
        }
        None => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    let builder = builder.with_root_certificates(roots);
    match identity(&config.auth_info)? {
        Some((chain, key)) => builder.with_client_auth_cert(chain, key).map_err(|e| e.to_string()),
        None => Ok(builder.with_no_client_auth()),
    }
}

fn load(data: Option<&str>, file: Option<&String>, what: &str) -> Result<Option<Vec<u8>>, String> {
    if let Some(data) = data {
        return base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map(Some)
            .map_err(|e| format!("{what}-data is not base64: {e}"));
    }
    match file {
        Some(path) => files::read_regular(Path::new(path), files::SMALL_CAP)
            .map(Some)
            .map_err(|e| format!("{what}: {e}")),
        None => Ok(None),
    }
}

type Identity = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>);

/// The kubeconfig user's client certificate and key, when it has them.
fn identity(user: &AuthInfo) -> Result<Option<Identity>, String> {
    use secrecy::ExposeSecret;
    let cert = load(
        user.client_certificate_data.as_deref(),
        user.client_certificate.as_ref(),
        "client-certificate",
    )?;
    let key_data = user.client_key_data.as_ref().map(|s| s.expose_secret().to_owned());
    let key = load(key_data.as_deref(), user.client_key.as_ref(), "client-key")?;
    match (cert, key) {
        (Some(cert), Some(key)) => {
            let chain = CertificateDer::pem_slice_iter(&cert)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("bad client-certificate: {e}"))?;
            let key = PrivateKeyDer::from_pem_slice(&key).map_err(|_| "bad client-key (not PEM)".to_string())?;
            Ok(Some((chain, key)))
        }
        (None, None) => Ok(None),
        _ => Err("the kubeconfig user has a client certificate or a key, not both".into()),
    }
}
