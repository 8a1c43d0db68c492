//! A helper for `scripts/bench scale`, not a benchmark of its own (`cargo bench` runs it with `--bench`: it prints
//! one line and exits). It counts the requests a Kafka client sends ON THE WIRE, independently of the client.
//!
//!   wire_proxy proxy --control HOST:PORT LISTEN=UPSTREAM…
//!       One listener per broker, each forwarding to its broker. Every request's header (api key, version,
//!       correlation id) is counted per API, DescribeConfigs requests also by their number of resources. Metadata
//!       and DescribeCluster responses are decoded (the version is remembered per correlation id) and the broker
//!       addresses in them rewritten from UPSTREAM to LISTEN, so the client keeps talking through the proxy. A
//!       connection to --control receives the counts since the previous one (`API count` per line) and resets them.
//!   wire_proxy ensure-topics --bootstrap HOST:PORT --prefix P --count N
//!       Creates the topics P00000…P(N-1) that do not exist yet (1 partition, replication factor 1, CreateTopics in
//!       batches of 1,000) and waits until Metadata lists them all.
//!   wire_proxy delete-topics --bootstrap HOST:PORT --prefix P
//!       Deletes every topic whose name starts with P.
//!
//! It speaks Kafka with the `kafka-protocol` crate only (no topicctl code), so it measures any build of topicctl.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{
    ApiKey, CreateTopicsRequest, CreateTopicsResponse, DeleteTopicsRequest, DeleteTopicsResponse,
    DescribeClusterResponse, DescribeConfigsRequest, MetadataRequest, MetadataResponse, RequestHeader, ResponseHeader,
    TopicName, create_topics_request::CreatableTopic,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, Error>;

/// Requests counted per API name, plus `DescribeConfigs.resources`.
type Counts = Arc<Mutex<BTreeMap<String, u64>>>;
/// Upstream (host, port) → the proxy's (host, port).
type Rewrites = Arc<HashMap<(String, i32), (String, i32)>>;
/// Correlation id → (api key, api version) of the requests whose responses get rewritten.
type Pending = Arc<Mutex<HashMap<i32, (i16, i16)>>>;

const MAX_FRAME: usize = 256 * 1024 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args.iter().any(|a| a == "--bench") {
        println!("wire_proxy: a helper of `scripts/bench scale` (see benches/wire_proxy.rs), nothing to measure here");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = runtime.block_on(run(args)) {
        eprintln!("wire_proxy: {e}");
        std::process::exit(1);
    }
}

fn flag(args: &[String], name: &str) -> Result<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .ok_or_else(|| format!("missing {name} VALUE").into())
}

async fn run(args: Vec<String>) -> Result<()> {
    match args[0].as_str() {
        "proxy" => proxy(&args[1..]).await,
        "ensure-topics" => {
            let count: usize = flag(&args, "--count")?.parse()?;
            ensure_topics(&flag(&args, "--bootstrap")?, &flag(&args, "--prefix")?, count).await
        }
        "delete-topics" => delete_topics(&flag(&args, "--bootstrap")?, &flag(&args, "--prefix")?).await,
        other => Err(format!("unknown command {other:?} (proxy, ensure-topics, delete-topics)").into()),
    }
}

fn split_addr(addr: &str) -> Result<(String, i32)> {
    let (host, port) = addr.rsplit_once(':').ok_or_else(|| format!("not HOST:PORT: {addr}"))?;
    Ok((host.to_owned(), port.parse()?))
}

async fn proxy(args: &[String]) -> Result<()> {
    let counts: Counts = Arc::default();
    let mut rewrites = HashMap::new();
    let mut pairs = Vec::new();
    let mut rest = args.iter();
    let mut control = None;
    while let Some(a) = rest.next() {
        if a == "--control" {
            control = rest.next().cloned();
            continue;
        }
        let (listen, upstream) = a.split_once('=').ok_or_else(|| format!("not LISTEN=UPSTREAM: {a}"))?;
        rewrites.insert(split_addr(upstream)?, split_addr(listen)?);
        pairs.push((listen.to_owned(), upstream.to_owned()));
    }
    let control = control.ok_or("missing --control HOST:PORT")?;
    let rewrites: Rewrites = Arc::new(rewrites);
    for (listen, upstream) in pairs {
        let listener = TcpListener::bind(&listen).await?;
        let (counts, rewrites) = (counts.clone(), rewrites.clone());
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let (counts, rewrites, upstream) = (counts.clone(), rewrites.clone(), upstream.clone());
                tokio::spawn(async move {
                    if let Err(e) = connection(client, &upstream, counts, rewrites).await {
                        eprintln!("wire_proxy: connection to {upstream}: {e}");
                    }
                });
            }
        });
    }
    let listener = TcpListener::bind(&control).await?;
    eprintln!("wire_proxy: listening (control {control})");
    loop {
        let (mut socket, _) = listener.accept().await?;
        let snapshot = std::mem::take(&mut *counts.lock().unwrap());
        let text: String = snapshot.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
        let _ = socket.write_all(text.as_bytes()).await;
        let _ = socket.shutdown().await;
    }
}

/// Reads one size-delimited frame; None at a clean end of stream.
async fn read_frame<R: AsyncRead + Unpin>(r: &mut R) -> Result<Option<Bytes>> {
    let size = match r.read_i32().await {
        Ok(n) => n,
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let size = usize::try_from(size).map_err(|_| "negative frame size")?;
    if size > MAX_FRAME {
        return Err(format!("frame of {size} bytes").into());
    }
    let mut buf = vec![0; size];
    r.read_exact(&mut buf).await?;
    Ok(Some(buf.into()))
}

async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> Result<()> {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.put_i32(i32::try_from(body.len())?);
    out.extend_from_slice(body);
    w.write_all(&out).await?;
    Ok(())
}

fn api_name(key: i16) -> String {
    ApiKey::try_from(key).map_or_else(|_| format!("api{key}"), |k| format!("{k:?}"))
}

async fn connection(client: TcpStream, upstream: &str, counts: Counts, rewrites: Rewrites) -> Result<()> {
    client.set_nodelay(true)?;
    let server = TcpStream::connect(upstream).await?;
    server.set_nodelay(true)?;
    let (mut client_r, mut client_w) = client.into_split();
    let (mut server_r, mut server_w) = server.into_split();
    let pending: Pending = Arc::default();
    let requests = {
        let pending = pending.clone();
        async move {
            while let Some(frame) = read_frame(&mut client_r).await? {
                if frame.len() >= 8 {
                    let mut head = &frame[..8];
                    let (key, version, correlation) = (head.get_i16(), head.get_i16(), head.get_i32());
                    let mut extra = 0;
                    if key == ApiKey::DescribeConfigs as i16 {
                        extra = describe_configs_resources(&frame).unwrap_or(0);
                    }
                    if key == ApiKey::Metadata as i16 || key == ApiKey::DescribeCluster as i16 {
                        pending.lock().unwrap().insert(correlation, (key, version));
                    }
                    let mut c = counts.lock().unwrap();
                    *c.entry(api_name(key)).or_default() += 1;
                    if extra > 0 {
                        *c.entry("DescribeConfigs.resources".into()).or_default() += extra;
                    }
                }
                write_frame(&mut server_w, &frame).await?;
            }
            let _ = server_w.shutdown().await;
            Ok::<_, Error>(())
        }
    };
    let responses = async move {
        while let Some(frame) = read_frame(&mut server_r).await? {
            let correlation = if frame.len() >= 4 { (&frame[..4]).get_i32() } else { -1 };
            let request = pending.lock().unwrap().remove(&correlation);
            let out = match request {
                Some((key, version)) => match rewrite(&frame, key, version, &rewrites) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("wire_proxy: could not rewrite {} v{version}: {e}", api_name(key));
                        frame
                    }
                },
                None => frame,
            };
            write_frame(&mut client_w, &out).await?;
        }
        let _ = client_w.shutdown().await;
        Ok::<_, Error>(())
    };
    let (a, b) = tokio::join!(requests, responses);
    a.and(b)
}

fn describe_configs_resources(frame: &Bytes) -> Result<u64> {
    let mut buf = frame.clone();
    let version = (&frame[2..4]).get_i16();
    let header_version = ApiKey::DescribeConfigs.request_header_version(version);
    RequestHeader::decode(&mut buf, header_version)?;
    let request = DescribeConfigsRequest::decode(&mut buf, version)?;
    Ok(request.resources.len() as u64)
}

fn rewrite(frame: &Bytes, key: i16, version: i16, rewrites: &Rewrites) -> Result<Bytes> {
    let api = ApiKey::try_from(key).map_err(|_| "unknown api key")?;
    let header_version = api.response_header_version(version);
    let mut buf = frame.clone();
    let header = ResponseHeader::decode(&mut buf, header_version)?;
    let mut out = BytesMut::new();
    header.encode(&mut out, header_version)?;
    let map = |host: &mut StrBytes, port: &mut i32| {
        if let Some((h, p)) = rewrites.get(&(host.to_string(), *port)) {
            *host = StrBytes::from_string(h.clone());
            *port = *p;
        }
    };
    if api == ApiKey::Metadata {
        let mut response = MetadataResponse::decode(&mut buf, version)?;
        for b in &mut response.brokers {
            map(&mut b.host, &mut b.port);
        }
        response.encode(&mut out, version)?;
    } else {
        let mut response = DescribeClusterResponse::decode(&mut buf, version)?;
        for b in &mut response.brokers {
            map(&mut b.host, &mut b.port);
        }
        response.encode(&mut out, version)?;
    }
    Ok(out.freeze())
}

/// One request/response exchange on a plain connection.
async fn call<Req: Encodable, Resp: Decodable>(
    conn: &mut TcpStream,
    api: ApiKey,
    version: i16,
    correlation: i32,
    request: &Req,
) -> Result<Resp> {
    let header = RequestHeader::default()
        .with_request_api_key(api as i16)
        .with_request_api_version(version)
        .with_correlation_id(correlation)
        .with_client_id(Some(StrBytes::from_static_str("topicctl-bench")));
    let mut body = BytesMut::new();
    header.encode(&mut body, api.request_header_version(version))?;
    request.encode(&mut body, version)?;
    write_frame(conn, &body).await?;
    let mut frame = read_frame(conn).await?.ok_or("connection closed")?;
    ResponseHeader::decode(&mut frame, api.response_header_version(version))?;
    Ok(Resp::decode(&mut frame, version)?)
}

async fn topics_with_prefix(conn: &mut TcpStream, prefix: &str, correlation: i32) -> Result<Vec<String>> {
    let request = MetadataRequest::default().with_topics(None);
    let response: MetadataResponse = call(conn, ApiKey::Metadata, 12, correlation, &request).await?;
    Ok(response
        .topics
        .iter()
        .filter_map(|t| t.name.as_ref().map(|n| n.0.to_string()))
        .filter(|n| n.starts_with(prefix))
        .collect())
}

async fn ensure_topics(bootstrap: &str, prefix: &str, count: usize) -> Result<()> {
    let started = Instant::now();
    let mut conn = TcpStream::connect(bootstrap).await?;
    let existing: std::collections::HashSet<String> =
        topics_with_prefix(&mut conn, prefix, 1).await?.into_iter().collect();
    let missing: Vec<String> = (0..count)
        .map(|i| format!("{prefix}{i:05}"))
        .filter(|n| !existing.contains(n))
        .collect();
    let mut correlation = 2;
    for chunk in missing.chunks(1000) {
        let request = CreateTopicsRequest::default().with_timeout_ms(120_000).with_topics(
            chunk
                .iter()
                .map(|n| {
                    CreatableTopic::default()
                        .with_name(TopicName(StrBytes::from_string(n.clone())))
                        .with_num_partitions(1)
                        .with_replication_factor(1)
                })
                .collect(),
        );
        correlation += 1;
        let response: CreateTopicsResponse = call(&mut conn, ApiKey::CreateTopics, 5, correlation, &request).await?;
        // 36: TOPIC_ALREADY_EXISTS (another run created it meanwhile).
        if let Some(t) = response.topics.iter().find(|t| t.error_code != 0 && t.error_code != 36) {
            return Err(format!(
                "creating {}: error code {} {:?}",
                t.name.0, t.error_code, t.error_message
            )
            .into());
        }
        eprintln!("wire_proxy: created {} topics", chunk.len());
    }
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        correlation += 1;
        let present = topics_with_prefix(&mut conn, prefix, correlation).await?.len();
        if present >= count {
            println!(
                "{present} topics {prefix}* present ({} created, {:.1} s)",
                missing.len(),
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("only {present} of {count} topics visible after 300 s").into());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn delete_topics(bootstrap: &str, prefix: &str) -> Result<()> {
    if prefix.is_empty() {
        return Err("refusing to delete with an empty prefix".into());
    }
    let mut conn = TcpStream::connect(bootstrap).await?;
    let names = topics_with_prefix(&mut conn, prefix, 1).await?;
    let mut correlation = 1;
    for chunk in names.chunks(1000) {
        correlation += 1;
        let request = DeleteTopicsRequest::default()
            .with_timeout_ms(120_000)
            .with_topic_names(
                chunk
                    .iter()
                    .map(|n| TopicName(StrBytes::from_string(n.clone())))
                    .collect(),
            );
        let response: DeleteTopicsResponse = call(&mut conn, ApiKey::DeleteTopics, 4, correlation, &request).await?;
        // 3: UNKNOWN_TOPIC_OR_PARTITION (already gone).
        if let Some(r) = response
            .responses
            .iter()
            .find(|r| r.error_code != 0 && r.error_code != 3)
        {
            return Err(format!("deleting {:?}: error code {}", r.name, r.error_code).into());
        }
    }
    println!("deleted {} topics {prefix}*", names.len());
    Ok(())
}
