//! The admin client: bootstraps from a list of addresses, keeps one connection per broker, knows the brokers and
//! the controller, and routes each request with retries and back-off.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use kafka_protocol::messages::DescribeClusterRequest;
use kafka_protocol::protocol::{Request, StrBytes};
use tokio::sync::Mutex;
use tokio_rustls::TlsConnector;

use crate::cluster::config::ClientConfig;
use crate::cluster::connection::Connection;
use crate::cluster::error::{ClusterError, KafkaError, Result};
use crate::cluster::tls;
use crate::cluster::versions::api_name;
use crate::model::broker::{Broker, ClusterInfo};

const NOT_CONTROLLER: i16 = 41;

/// Where a request must go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Any live broker (KRaft brokers forward admin requests to the active controller).
    Any,
    /// The controller as the cluster reports it.
    Controller,
    /// One broker, e.g. for its own configs.
    Broker(i32),
    /// This broker when it answers, else any live one: spreads requests any broker can serve (topic configs)
    /// over the brokers without failing when one is down.
    Prefer(i32),
}

#[derive(Default)]
struct Pool {
    brokers: BTreeMap<i32, Broker>,
    controller: Option<i32>,
    connections: BTreeMap<String, Arc<Connection>>,
}

pub struct AdminClient {
    cfg: ClientConfig,
    tls: Option<TlsConnector>,
    pool: Mutex<Pool>,
    requests: AtomicU64,
    /// Requests sent and resources asked about, per API key: what a plan costs, counted rather than timed.
    counts: std::sync::Mutex<BTreeMap<i16, ApiCount>>,
}

/// What the client sent for one API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApiCount {
    pub requests: u64,
    /// Resources named in those requests, where the operation reports them (e.g. topics in DescribeConfigs).
    pub resources: u64,
}

impl AdminClient {
    /// Connect to the first bootstrap address that answers and learn the cluster's brokers.
    pub async fn connect(cfg: ClientConfig) -> Result<AdminClient> {
        cfg.check()?;
        let tls = if cfg.protocol.uses_tls() {
            Some(tls::connector(&cfg.tls)?)
        } else {
            None
        };
        let client = AdminClient {
            cfg,
            tls,
            pool: Mutex::new(Pool::default()),
            requests: AtomicU64::new(0),
            counts: Default::default(),
        };
        client.describe_cluster().await?;
        Ok(client)
    }

    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// Cluster id, controller and brokers (with racks); refreshes what the client knows.
    pub async fn describe_cluster(&self) -> Result<ClusterInfo> {
        let request = DescribeClusterRequest::default();
        let response = self
            .call(Target::Any, &request, |r| {
                check_response::<DescribeClusterRequest>(r.error_code, &r.error_message)
            })
            .await?;
        let mut brokers: Vec<Broker> = response
            .brokers
            .iter()
            .map(|b| Broker {
                id: b.broker_id.0,
                host: b.host.to_string(),
                port: b.port,
                rack: b.rack.as_ref().map(|r| r.to_string()),
            })
            .collect();
        brokers.sort();
        let controller = (response.controller_id.0 >= 0).then_some(response.controller_id.0);
        let mut pool = self.pool.lock().await;
        pool.brokers = brokers.iter().map(|b| (b.id, b.clone())).collect();
        pool.controller = controller;
        Ok(ClusterInfo {
            cluster_id: response.cluster_id.to_string(),
            controller_id: controller,
            brokers,
        })
    }

    /// Send `request` to `target`, retrying with back-off on lost connections, time-outs and retriable errors.
    /// `check` turns error codes in the response into an error (retried when Kafka marks it retriable);
    /// per-resource errors that are not retriable should be left in the response for the caller.
    pub async fn call<R: Request>(
        &self,
        target: Target,
        request: &R,
        check: impl Fn(&R::Response) -> Result<()>,
    ) -> Result<R::Response> {
        self.call_versioned::<R, &R>(target, |_| request, check).await
    }

    /// Like `call`, but the request is built for the version negotiated with the chosen broker, for messages whose
    /// fields differ between versions.
    pub async fn call_versioned<R: Request, B: std::borrow::Borrow<R>>(
        &self,
        target: Target,
        build: impl Fn(i16) -> B,
        check: impl Fn(&R::Response) -> Result<()>,
    ) -> Result<R::Response> {
        let mut attempt = 0;
        loop {
            let result = self.attempt(target, &build, &check).await;
            match result {
                Ok(response) => return Ok(response),
                Err(err) if err.is_retriable() && attempt < self.cfg.retries => {
                    attempt += 1;
                    if err.kafka_code() == Some(NOT_CONTROLLER) {
                        self.pool.lock().await.controller = None;
                    }
                    let backoff = self.cfg.retry_backoff * 2u32.saturating_pow(attempt - 1).min(16);
                    tokio::time::sleep(backoff).await;
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// One try: pick the connection, negotiate the version, build, send, check.
    async fn attempt<R: Request, B: std::borrow::Borrow<R>>(
        &self,
        target: Target,
        build: &impl Fn(i16) -> B,
        check: &impl Fn(&R::Response) -> Result<()>,
    ) -> Result<R::Response> {
        let conn = self.connection(target).await?;
        let version = conn.version_of::<R>()?;
        self.count(R::KEY, 1, 0);
        let response = conn.send_at(build(version).borrow(), version).await?;
        check(&response)?;
        Ok(response)
    }

    async fn connection(&self, target: Target) -> Result<Arc<Connection>> {
        match target {
            Target::Any => self.any_broker().await,
            Target::Broker(id) => {
                let addr = self.pool.lock().await.brokers.get(&id).map(Broker::address);
                match addr {
                    Some(addr) => self.open(&addr).await,
                    None => Err(ClusterError::Config(format!("broker {id} is not part of the cluster"))),
                }
            }
            Target::Prefer(id) => {
                let addr = self.pool.lock().await.brokers.get(&id).map(Broker::address);
                match addr {
                    Some(addr) => match self.open(&addr).await {
                        Ok(conn) => Ok(conn),
                        Err(err) if err.is_retriable() => self.any_broker().await,
                        Err(err) => Err(err),
                    },
                    None => self.any_broker().await,
                }
            }
            Target::Controller => {
                let controller = self.pool.lock().await.controller;
                let controller = match controller {
                    Some(id) => Some(id),
                    None => self.describe_cluster_once().await?,
                };
                let addr = match controller {
                    Some(id) => self.pool.lock().await.brokers.get(&id).map(Broker::address),
                    None => None,
                };
                match addr {
                    Some(addr) => self.open(&addr).await,
                    None => self.any_broker().await,
                }
            }
        }
    }

    /// One DescribeCluster without the retry loop (used inside it), returning the controller id.
    async fn describe_cluster_once(&self) -> Result<Option<i32>> {
        let conn = self.any_broker().await?;
        self.count(DescribeClusterRequest::KEY, 1, 0);
        let response = conn.send(&DescribeClusterRequest::default()).await?;
        if response.error_code != 0 {
            return Err(KafkaError::new("DescribeCluster", response.error_code, None).into());
        }
        let controller = (response.controller_id.0 >= 0).then_some(response.controller_id.0);
        self.pool.lock().await.controller = controller;
        Ok(controller)
    }

    /// A healthy connection to some broker: an open one first, then known brokers, then bootstrap addresses.
    async fn any_broker(&self) -> Result<Arc<Connection>> {
        let candidates = {
            let pool = self.pool.lock().await;
            let mut addrs: Vec<String> = pool
                .connections
                .iter()
                .filter(|(_, c)| !c.is_broken())
                .map(|(a, _)| a.clone())
                .collect();
            for addr in pool
                .brokers
                .values()
                .map(Broker::address)
                .chain(self.cfg.bootstrap.iter().cloned())
            {
                if !addrs.contains(&addr) {
                    addrs.push(addr);
                }
            }
            addrs
        };
        let mut last = None;
        for addr in candidates {
            match self.open(&addr).await {
                Ok(conn) => return Ok(conn),
                // A broker that refuses us for a reason other than the network refuses everyone: stop here.
                Err(err) if !err.is_retriable() => return Err(err),
                Err(err) => last = Some(err),
            }
        }
        Err(ClusterError::NoBroker(Box::new(last.unwrap_or_else(|| {
            ClusterError::Config("no bootstrap address".into())
        }))))
    }

    /// The pooled connection to `addr`, opened (again) when there is none or it broke.
    async fn open(&self, addr: &str) -> Result<Arc<Connection>> {
        {
            let pool = self.pool.lock().await;
            if let Some(conn) = pool.connections.get(addr).filter(|c| !c.is_broken()) {
                return Ok(conn.clone());
            }
        }
        let conn = Arc::new(Connection::open(addr, &self.cfg, self.tls.as_ref()).await?);
        let mut pool = self.pool.lock().await;
        let conn = match pool.connections.get(addr).filter(|c| !c.is_broken()) {
            Some(existing) => existing.clone(),
            None => {
                pool.connections.insert(addr.to_owned(), conn.clone());
                conn
            }
        };
        Ok(conn)
    }

    /// Admin requests sent so far (not counting connection set-up: ApiVersions and SASL).
    pub fn requests_sent(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    fn count(&self, api: i16, requests: u64, resources: u64) {
        self.requests.fetch_add(requests, Ordering::Relaxed);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let c = counts.entry(api).or_default();
        c.requests += requests;
        c.resources += resources;
    }

    /// Record that a request of `api` about to be sent names `n` resources.
    pub(crate) fn count_resources(&self, api: i16, n: usize) {
        self.count(api, 0, n as u64);
    }

    /// Requests sent and resources named so far, per API name (`Metadata`, `DescribeConfigs`, …).
    pub fn requests_by_api(&self) -> BTreeMap<String, ApiCount> {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.iter().map(|(k, c)| (api_name(*k), *c)).collect()
    }

    /// The ids of the brokers the client knows, sorted.
    pub async fn broker_ids(&self) -> Vec<i32> {
        self.pool.lock().await.brokers.keys().copied().collect()
    }

    /// Number of open connections (one per broker at most), for tests and diagnostics.
    pub async fn open_connections(&self) -> usize {
        self.pool
            .lock()
            .await
            .connections
            .values()
            .filter(|c| !c.is_broken())
            .count()
    }
}

/// A response's top-level error code as a `call` check: `Ok` for 0, else the error named after `R`'s API.
pub fn check_response<R: Request>(code: i16, message: &Option<StrBytes>) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        let message = message.as_ref().map(|m| m.to_string()).filter(|m| !m.is_empty());
        Err(KafkaError::new(api_name(R::KEY), code, message).into())
    }
}
