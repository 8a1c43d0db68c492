//! A client for the Confluent Schema Registry REST API (also served by Apicurio, Karapace and Redpanda): subjects,
//! versions, compatibility levels and checks, with basic auth, TLS (the same rustls set-up as Kafka) and
//! a time-out on every call. Errors keep the registry's code and message.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cluster::config::TlsConfig;
use crate::cluster::tls;
use crate::model::secret::Secret;
use crate::model::subject::{SchemaReference, SchemaType};

#[derive(Debug, Clone)]
pub struct RegistryConfig {
    /// e.g. `http://127.0.0.1:8081` or `http://127.0.0.1:8080/apis/ccompat/v7`.
    pub url: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub tls: TlsConfig,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RegistryError {
    #[error("invalid Schema Registry settings: {0}")]
    #[diagnostic(code(topicctl::registry_config))]
    Config(String),
    #[error("the Schema Registry at {url} could not be reached: {message}")]
    #[diagnostic(
        code(topicctl::registry_unreachable),
        help("check schemaRegistry.url and that the registry runs")
    )]
    Unreachable { url: String, message: String },
    #[error("the Schema Registry answered {status} for {what}: {message}{}", code.map(|c| format!(" (error code {c})")).unwrap_or_default())]
    #[diagnostic(code(topicctl::registry))]
    Http {
        what: String,
        status: u16,
        code: Option<i64>,
        message: String,
    },
}

pub type Result<T, E = RegistryError> = std::result::Result<T, E>;

/// A version of a subject as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredSchema {
    pub subject: String,
    pub version: i32,
    pub id: i32,
    pub schema_type: SchemaType,
    pub schema: String,
    pub references: Vec<SchemaReference>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaBody<'a> {
    schema: &'a str,
    schema_type: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<JsonReference>,
}

#[derive(Serialize, Deserialize)]
struct JsonReference {
    name: String,
    subject: String,
    version: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionBody {
    subject: String,
    version: i32,
    id: i32,
    schema: String,
    #[serde(default)]
    schema_type: Option<String>,
    #[serde(default)]
    references: Vec<JsonReference>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error_code: Option<i64>,
    message: Option<String>,
}

pub struct RegistryClient {
    base: String,
    http: reqwest::Client,
    username: Option<String>,
    password: Option<Secret>,
}

/// `url` with its user info (`user:password@`) replaced by `***@`: registry URLs may carry credentials, and errors
/// show the URL.
pub fn redacted(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl RegistryClient {
    pub fn new(cfg: &RegistryConfig) -> Result<Self> {
        let base = cfg.url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(RegistryError::Config(format!(
                "`{}` is not an http:// or https:// URL",
                redacted(&cfg.url)
            )));
        }
        // reqwest wants a process-wide rustls provider even for plain HTTP.
        tls::install_default_provider();
        let mut builder = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout);
        if base.starts_with("https://") {
            let tls = tls::client_config(&cfg.tls).map_err(|e| RegistryError::Config(e.to_string()))?;
            builder = builder.tls_backend_preconfigured(tls);
        }
        let http = builder.build().map_err(|e| RegistryError::Config(e.to_string()))?;
        Ok(RegistryClient {
            base,
            http,
            username: cfg.username.clone(),
            password: cfg.password.clone(),
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        what: &str,
        body: Option<serde_json::Value>,
    ) -> Result<Option<serde_json::Value>> {
        let url = format!("{}{path}", self.base);
        let mut request = self
            .http
            .request(method, &url)
            .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if let Some(user) = &self.username {
            request = request.basic_auth(user, self.password.as_ref().map(|p| p.expose().to_owned()));
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .body(body.to_string());
        }
        let response = request.send().await.map_err(|e| RegistryError::Unreachable {
            url: redacted(&self.base),
            message: if e.is_timeout() {
                "timed out".to_owned()
            } else {
                redacted(&crate::error::one_line(&e.without_url()))
            },
        })?;
        let status = response.status();
        let text = response.text().await.map_err(|e| RegistryError::Unreachable {
            url: redacted(&self.base),
            message: e.without_url().to_string(),
        })?;
        if status.as_u16() == 404 {
            return Ok(None);
        }
        if !status.is_success() {
            let parsed: Option<ErrorBody> = serde_json::from_str(&text).ok();
            return Err(RegistryError::Http {
                what: what.to_owned(),
                status: status.as_u16(),
                code: parsed.as_ref().and_then(|e| e.error_code),
                message: parsed
                    .and_then(|e| e.message)
                    .unwrap_or_else(|| text.chars().take(300).collect()),
            });
        }
        if text.trim().is_empty() {
            return Ok(Some(serde_json::Value::Null));
        }
        serde_json::from_str(&text).map(Some).map_err(|e| RegistryError::Http {
            what: what.to_owned(),
            status: status.as_u16(),
            code: None,
            message: format!("the answer is not JSON: {e}"),
        })
    }

    pub async fn subjects(&self) -> Result<Vec<String>> {
        let value = self
            .call(reqwest::Method::GET, "/subjects", "the list of subjects", None)
            .await?;
        let mut subjects: Vec<String> = value.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        subjects.sort();
        Ok(subjects)
    }

    /// The latest version of a subject, or `None` when it does not exist.
    pub async fn latest(&self, subject: &str) -> Result<Option<RegisteredSchema>> {
        let path = format!("/subjects/{}/versions/latest", encode(subject));
        let Some(value) = self
            .call(reqwest::Method::GET, &path, &format!("subject {subject}"), None)
            .await?
        else {
            return Ok(None);
        };
        let body: VersionBody = serde_json::from_value(value).map_err(|e| RegistryError::Http {
            what: format!("subject {subject}"),
            status: 200,
            code: None,
            message: format!("unexpected answer: {e}"),
        })?;
        let schema_type = match body.schema_type.as_deref().map(str::to_ascii_uppercase).as_deref() {
            None | Some("AVRO") => SchemaType::Avro,
            Some("PROTOBUF") => SchemaType::Protobuf,
            Some("JSON") => SchemaType::Json,
            Some(other) => {
                return Err(RegistryError::Http {
                    what: format!("subject {subject}"),
                    status: 200,
                    code: None,
                    message: format!("unknown schema type {other}"),
                });
            }
        };
        Ok(Some(RegisteredSchema {
            subject: body.subject,
            version: body.version,
            id: body.id,
            schema_type,
            schema: body.schema,
            references: body
                .references
                .into_iter()
                .map(|r| SchemaReference {
                    name: r.name,
                    subject: r.subject,
                    version: r.version,
                })
                .collect(),
        }))
    }

    async fn post_schema(
        &self,
        path: &str,
        what: &str,
        schema: &str,
        schema_type: SchemaType,
        references: &[SchemaReference],
    ) -> Result<Option<serde_json::Value>> {
        self.call(
            reqwest::Method::POST,
            path,
            what,
            Some(Self::body(schema, schema_type, references)),
        )
        .await
    }

    fn body(schema: &str, schema_type: SchemaType, references: &[SchemaReference]) -> serde_json::Value {
        serde_json::to_value(SchemaBody {
            schema,
            schema_type: schema_type.registry_name(),
            references: references
                .iter()
                .map(|r| JsonReference {
                    name: r.name.clone(),
                    subject: r.subject.clone(),
                    version: r.version,
                })
                .collect(),
        })
        .unwrap_or_default()
    }

    /// Register a new version (or find the identical one); returns the schema id.
    pub async fn register(
        &self,
        subject: &str,
        schema: &str,
        schema_type: SchemaType,
        references: &[SchemaReference],
    ) -> Result<i64> {
        let path = format!("/subjects/{}/versions", encode(subject));
        let what = format!("registering a schema for {subject}");
        let value = self.post_schema(&path, &what, schema, schema_type, references).await?;
        value
            .and_then(|v| v.get("id").and_then(serde_json::Value::as_i64))
            .ok_or(RegistryError::Http {
                what,
                status: 404,
                code: None,
                message: "no id in the answer".into(),
            })
    }

    /// Whether `schema` may become the next version of `subject` under its compatibility level, and the registry's
    /// reasons when it may not.
    pub async fn check_compatibility(
        &self,
        subject: &str,
        schema: &str,
        schema_type: SchemaType,
        references: &[SchemaReference],
    ) -> Result<(bool, Vec<String>)> {
        let path = format!(
            "/compatibility/subjects/{}/versions/latest?verbose=true",
            encode(subject)
        );
        let what = format!("the compatibility check of {subject}");
        let value = self.post_schema(&path, &what, schema, schema_type, references).await?;
        let Some(value) = value else {
            return Ok((true, Vec::new()));
        };
        let ok = value
            .get("is_compatible")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let messages = value
            .get("messages")
            .and_then(|m| m.as_array())
            .map(|m| {
                m.iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Ok((ok, messages))
    }

    /// The subject's own compatibility level, `None` when it has none (the global level applies).
    pub async fn compatibility(&self, subject: &str) -> Result<Option<String>> {
        let path = format!("/config/{}", encode(subject));
        let value = self
            .call(
                reqwest::Method::GET,
                &path,
                &format!("the compatibility level of {subject}"),
                None,
            )
            .await?;
        Ok(value.and_then(|v| {
            v.get("compatibilityLevel")
                .or_else(|| v.get("compatibility"))
                .and_then(|c| c.as_str())
                .map(str::to_owned)
        }))
    }

    pub async fn set_compatibility(&self, subject: &str, level: &str) -> Result<()> {
        let path = format!("/config/{}", encode(subject));
        let what = format!("setting the compatibility level of {subject}");
        self.call(
            reqwest::Method::PUT,
            &path,
            &what,
            Some(serde_json::json!({ "compatibility": level })),
        )
        .await?;
        Ok(())
    }

    /// Delete a subject: soft by default, permanently (after a soft delete) when asked.
    pub async fn delete_subject(&self, subject: &str, permanent: bool) -> Result<()> {
        let path = format!("/subjects/{}", encode(subject));
        let what = format!("deleting subject {subject}");
        self.call(reqwest::Method::DELETE, &path, &what, None).await?;
        if permanent {
            self.call(reqwest::Method::DELETE, &format!("{path}?permanent=true"), &what, None)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn user_info_is_redacted_from_urls() {
        assert_eq!(
            redacted("https://u:pw@reg.example:8081/apis"),
            "https://***@reg.example:8081/apis"
        );
        assert_eq!(redacted("http://a@b:p@w@host"), "http://***@host");
        assert_eq!(redacted("http://host:8081/x@y"), "http://host:8081/x@y");
        assert_eq!(redacted("u:pw@host/path"), "***@host/path");
        assert_eq!(redacted("http://127.0.0.1:8081"), "http://127.0.0.1:8081");
    }
}
