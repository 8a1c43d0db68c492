//! One connection to one broker: TCP (and TLS), `ApiVersions` negotiation, SASL, then framed requests matched to
//! their responses by correlation id. Every call has a time-out.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use bytes::{BufMut, BytesMut};
use kafka_protocol::messages::{
    ApiVersionsRequest, RequestHeader, ResponseHeader, SaslAuthenticateRequest, SaslAuthenticateResponse,
    SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Message, Request, StrBytes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio_rustls::TlsConnector;

use crate::cluster::config::ClientConfig;
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::sasl::{self, SaslTransport};
use crate::cluster::tls::server_name;
use crate::cluster::transport::Stream;
use crate::cluster::versions::{BrokerVersions, api_name};

/// Responses larger than this are refused rather than buffered.
const MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;
const UNSUPPORTED_VERSION: i16 = 35;

pub struct Connection {
    addr: String,
    stream: Mutex<Stream>,
    versions: BrokerVersions,
    correlation: AtomicI32,
    client_id: StrBytes,
    timeout: Duration,
    broken: AtomicBool,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Connect, negotiate API versions and authenticate.
    pub async fn open(addr: &str, cfg: &ClientConfig, tls: Option<&TlsConnector>) -> Result<Connection> {
        let tcp = tokio::time::timeout(cfg.connect_timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| ClusterError::Timeout {
                addr: addr.into(),
                what: "the TCP connection".into(),
                timeout: cfg.connect_timeout,
            })?
            .map_err(|e| ClusterError::Connect {
                addr: addr.into(),
                message: e.to_string(),
            })?;
        let _ = tcp.set_nodelay(true);
        let stream = match tls {
            Some(tls) => {
                let handshake = tls.connect(server_name(addr)?, tcp);
                let tls_stream = tokio::time::timeout(cfg.connect_timeout, handshake)
                    .await
                    .map_err(|_| ClusterError::Timeout {
                        addr: addr.into(),
                        what: "the TLS handshake".into(),
                        timeout: cfg.connect_timeout,
                    })?
                    .map_err(|e| ClusterError::Tls {
                        addr: addr.into(),
                        message: e.to_string(),
                    })?;
                Stream::Tls(Box::new(tls_stream))
            }
            None => Stream::Plain(tcp),
        };
        let mut conn = Connection {
            addr: addr.into(),
            stream: Mutex::new(stream),
            versions: BrokerVersions::default(),
            correlation: AtomicI32::new(1),
            client_id: StrBytes::from_string(cfg.client_id.clone()),
            timeout: cfg.request_timeout.min(cfg.connect_timeout.max(Duration::from_secs(1))),
            broken: AtomicBool::new(false),
        };
        conn.versions = conn.api_versions().await.map_err(|e| tls_hint(e, cfg))?;
        if let Some(sasl) = &cfg.sasl {
            sasl::authenticate(&conn, sasl).await?;
        }
        conn.timeout = cfg.request_timeout;
        Ok(conn)
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }

    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Relaxed)
    }

    pub fn versions(&self) -> &BrokerVersions {
        &self.versions
    }

    /// The version of `R` this connection will use.
    pub fn version_of<R: Request>(&self) -> Result<i16> {
        self.versions
            .negotiate(R::KEY, R::VERSIONS)
            .map_err(|e| ClusterError::Unsupported {
                addr: self.addr.clone(),
                api: e.api,
                ours: e.ours,
                theirs: e.theirs,
            })
    }

    /// Send a request at the highest version both sides speak and wait for its response.
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Response> {
        let version = self.version_of::<R>()?;
        self.send_at(request, version).await
    }

    pub async fn send_at<R: Request>(&self, request: &R, version: i16) -> Result<R::Response> {
        match tokio::time::timeout(self.timeout, self.round_trip(request, version)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(err)) => {
                if err.breaks_connection() {
                    self.broken.store(true, Ordering::Relaxed);
                }
                Err(err)
            }
            Err(_) => {
                self.broken.store(true, Ordering::Relaxed);
                Err(ClusterError::Timeout {
                    addr: self.addr.clone(),
                    what: api_name(R::KEY),
                    timeout: self.timeout,
                })
            }
        }
    }

    async fn round_trip<R: Request>(&self, request: &R, version: i16) -> Result<R::Response> {
        let correlation_id = self.correlation.fetch_add(1, Ordering::Relaxed);
        let header = RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(correlation_id)
            .with_client_id(Some(self.client_id.clone()));
        let mut frame = BytesMut::with_capacity(256);
        frame.put_i32(0);
        header
            .encode(&mut frame, R::header_version(version))
            .map_err(|e| self.protocol(e))?;
        request.encode(&mut frame, version).map_err(|e| self.protocol(e))?;
        let len = i32::try_from(frame.len() - 4).map_err(|_| self.protocol("request too large"))?;
        frame[..4].copy_from_slice(&len.to_be_bytes());

        let mut stream = self.stream.lock().await;
        stream.write_all(&frame).await.map_err(|e| self.lost(e))?;
        stream.flush().await.map_err(|e| self.lost(e))?;
        let size = stream.read_i32().await.map_err(|e| self.lost(e))?;
        let size = usize::try_from(size).map_err(|_| self.protocol(format!("negative response size {size}")))?;
        if size > MAX_RESPONSE_BYTES {
            // 0x15 0x03 / 0x16 0x03: a TLS alert or handshake record, read as a length.
            let head = (size as u32).to_be_bytes();
            if matches!(head, [0x15 | 0x16, 0x03, _, _]) {
                return Err(self
                    .protocol("the broker answered with TLS: this listener needs security.protocol SSL or SASL_SSL"));
            }
            return Err(self.protocol(format!("response of {size} bytes is larger than {MAX_RESPONSE_BYTES}")));
        }
        let mut body = vec![0u8; size];
        stream.read_exact(&mut body).await.map_err(|e| self.lost(e))?;
        drop(stream);

        let mut body = bytes::Bytes::from(body);
        let header =
            ResponseHeader::decode(&mut body, R::Response::header_version(version)).map_err(|e| self.protocol(e))?;
        if header.correlation_id != correlation_id {
            return Err(self.protocol(format!(
                "response correlation id {} does not match request {correlation_id}",
                header.correlation_id
            )));
        }
        R::Response::decode(&mut body, version)
            .map_err(|e| self.protocol(format!("decoding {}: {e}", api_name(R::KEY))))
    }

    async fn api_versions(&self) -> Result<BrokerVersions> {
        let request = ApiVersionsRequest::default()
            .with_client_software_name(StrBytes::from_static_str("topicctl"))
            .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")));
        let ours = ApiVersionsRequest::VERSIONS.max;
        let mut response = self.send_at(&request, ours).await?;
        if response.error_code == UNSUPPORTED_VERSION {
            // The broker answered with the versions of ApiVersions it speaks; use the highest common one.
            let theirs = response
                .api_keys
                .iter()
                .find(|k| k.api_key == 18)
                .map_or(0, |k| k.max_version);
            response = self.send_at(&request, theirs.min(ours)).await?;
        }
        if response.error_code != 0 {
            return Err(KafkaError::new("ApiVersions", response.error_code, None).into());
        }
        Ok(BrokerVersions(
            response
                .api_keys
                .iter()
                .map(|k| (k.api_key, (k.min_version, k.max_version)))
                .collect(),
        ))
    }

    fn lost(&self, err: std::io::Error) -> ClusterError {
        let message = if err.kind() == std::io::ErrorKind::UnexpectedEof {
            "the broker closed the connection".to_owned()
        } else {
            err.to_string()
        };
        ClusterError::ConnectionLost {
            addr: self.addr.clone(),
            message,
        }
    }

    fn protocol(&self, err: impl std::fmt::Display) -> ClusterError {
        ClusterError::Protocol {
            addr: self.addr.clone(),
            message: err.to_string(),
        }
    }
}

/// A plaintext client talking to a TLS listener sees the connection drop or hang: say what to check.
fn tls_hint(err: ClusterError, cfg: &ClientConfig) -> ClusterError {
    match err {
        ClusterError::ConnectionLost { addr, message } if !cfg.protocol.uses_tls() => ClusterError::ConnectionLost {
            addr,
            message: format!("{message} (is this a TLS listener? then set security.protocol to SSL or SASL_SSL)"),
        },
        other => other,
    }
}

impl SaslTransport for Connection {
    fn addr(&self) -> &str {
        &self.addr
    }

    async fn handshake(&self, request: SaslHandshakeRequest) -> Result<SaslHandshakeResponse> {
        self.send(&request).await
    }

    async fn authenticate(&self, request: SaslAuthenticateRequest) -> Result<SaslAuthenticateResponse> {
        self.send(&request).await
    }
}
