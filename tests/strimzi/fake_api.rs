//! A small stand-in for the Kubernetes API server (std threads, HTTP/1.1, optional TLS): it records every request
//! and answers like the real one for the paths topicctl uses. Server-side apply stores and echoes the object;
//! reading the Kafka answers `NotReady` for the first polls, then `Ready` with listener addresses; list filters by
//! label selector; delete removes. Without CRDs every Strimzi path is a 404 with no object name, as the API server
//! answers for an unknown resource type.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub content_type: Option<String>,
    pub authorization: Option<String>,
    pub body: Option<Value>,
}

pub struct Options {
    pub crds_installed: bool,
    /// How many reads of the Kafka answer `NotReady` before it is `Ready`.
    pub not_ready_polls: usize,
    pub tls: bool,
    /// How many requests, first of all, answer `429 TooManyRequests` with `Retry-After: 1`, as a starting API
    /// server does ("storage is (re)initializing").
    pub busy_answers: usize,
}

#[derive(Default)]
struct Store {
    /// (resource plural, name) → object.
    objects: BTreeMap<(String, String), Value>,
    kafka_reads: usize,
    busy_answered: usize,
}

pub struct FakeApi {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeApi {
    pub fn start(options: Options) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind fake API server");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::new(Mutex::new(Store::default()));
        let scheme = if options.tls { "https" } else { "http" };
        let options = Arc::new(options);
        let tls = options.tls.then(server_tls);
        let (recorded, shared) = (requests.clone(), store);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (recorded, shared, options, tls) = (recorded.clone(), shared.clone(), options.clone(), tls.clone());
                std::thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(conn) = rustls::ServerConnection::new(config) else {
                            return;
                        };
                        serve(rustls::StreamOwned::new(conn, stream), &recorded, &shared, &options);
                    }
                    None => serve(stream, &recorded, &shared, &options),
                });
            }
        });
        FakeApi {
            url: format!("{scheme}://127.0.0.1:{port}"),
            requests,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn clear(&self) {
        self.requests.lock().unwrap().clear();
    }
}

fn tls_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/strimzi/tls")
}

pub fn ca_file() -> std::path::PathBuf {
    tls_dir().join("ca.pem")
}

fn server_tls() -> Arc<rustls::ServerConfig> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(tls_dir().join("server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(tls_dir().join("server-key.pem")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    Arc::new(config)
}

struct Request {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

fn read_request<R: BufRead>(reader: &mut R) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let mut body = Vec::new();
    if let Some(len) = headers.get("content-length").and_then(|l| l.parse::<usize>().ok()) {
        body.resize(len, 0);
        reader.read_exact(&mut body).ok()?;
    } else if headers.get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let n = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

fn serve<S: Read + Write>(stream: S, recorded: &Mutex<Vec<Recorded>>, store: &Mutex<Store>, options: &Options) {
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader) {
        let body: Option<Value> = if req.body.is_empty() {
            None
        } else {
            serde_json::from_slice(&req.body).ok()
        };
        recorded.lock().unwrap().push(Recorded {
            method: req.method.clone(),
            target: req.target.clone(),
            content_type: req.headers.get("content-type").cloned(),
            authorization: req.headers.get("authorization").cloned(),
            body: body.clone(),
        });
        let busy = {
            let mut store = store.lock().unwrap();
            store.busy_answered += 1;
            store.busy_answered <= options.busy_answers
        };
        let (code, answer) = if busy {
            let details = json!({"retryAfterSeconds": 1});
            (
                429,
                status(429, "TooManyRequests", "storage is (re)initializing", details),
            )
        } else {
            answer(&req.method, &req.target, body, &mut store.lock().unwrap(), options)
        };
        let text = answer.to_string();
        let head = format!(
            "HTTP/1.1 {code} {}\r\ncontent-type: application/json\r\n{}content-length: {}\r\n\r\n",
            match code {
                0..300 => "OK",
                429 => "Too Many Requests",
                _ => "Not Found",
            },
            if busy { "retry-after: 1\r\n" } else { "" },
            text.len()
        );
        let out = reader.get_mut();
        if out
            .write_all(head.as_bytes())
            .and_then(|_| out.write_all(text.as_bytes()))
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// What an API server answers for a path it does not serve (a CRD that is not installed).
fn not_found() -> (u16, Value) {
    (
        404,
        status(
            404,
            "NotFound",
            "the server could not find the requested resource",
            json!({}),
        ),
    )
}

fn status(code: u16, reason: &str, message: &str, details: Value) -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": if code < 300 { "Success" } else { "Failure" },
           "message": message, "reason": reason, "details": details, "code": code})
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(Ok(b))) = (bytes[i], hex.map(|h| u8::from_str_radix(h, 16))) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn matches(object: &Value, selector: &str) -> bool {
    selector
        .split(',')
        .filter(|s| !s.is_empty())
        .all(|term| match term.split_once('=') {
            Some((k, v)) => object["metadata"]["labels"][k].as_str() == Some(v),
            None => false,
        })
}

fn kafka_status(ready: bool) -> Value {
    if ready {
        json!({"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True"}],
               "listeners": [{"name": "tls", "bootstrapServers": "paklog-kafka-bootstrap.paklog-staging.svc:9093"},
                             {"name": "plain", "bootstrapServers": "lab-kafka-bootstrap.kafka.svc:9092"}],
               "kafkaVersion": "4.1.1", "clusterId": "fake-cluster-id"})
    } else {
        json!({"observedGeneration": 1, "conditions": [{"type": "NotReady", "status": "True", "reason": "Creating",
               "message": "Kafka cluster is being deployed"}]})
    }
}

fn answer(method: &str, target: &str, body: Option<Value>, store: &mut Store, options: &Options) -> (u16, Value) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (plural, name) = match segments.as_slice() {
        ["apis", "kafka.strimzi.io", "v1", "namespaces", _, plural, rest @ ..] => {
            if !options.crds_installed {
                return not_found();
            }
            (plural.to_string(), rest.first().map(|s| s.to_string()))
        }
        ["api", "v1", "namespaces", _, "secrets", rest @ ..] => {
            ("secrets".to_string(), rest.first().map(|s| s.to_string()))
        }
        _ => {
            return not_found();
        }
    };
    let not_found = |name: &str| {
        (
            404,
            status(
                404,
                "NotFound",
                &format!("{plural} \"{name}\" not found"),
                json!({"name": name, "kind": plural}),
            ),
        )
    };
    match (method, name) {
        ("PATCH", Some(name)) => {
            let mut object = body.unwrap_or(Value::Null);
            object["metadata"]["generation"] = json!(1);
            object["metadata"]["uid"] = json!(format!("uid-{plural}-{name}"));
            if plural == "kafkanodepools" {
                let replicas = object["spec"]["replicas"].as_u64().unwrap_or(0);
                let base = store.objects.len() as u64 * 10;
                object["status"] = json!({"nodeIds": (0..replicas).map(|i| base + i).collect::<Vec<_>>(),
                                          "conditions": []});
            }
            store.objects.insert((plural.clone(), name.clone()), object.clone());
            (200, object)
        }
        ("GET", Some(name)) => match store.objects.get(&(plural.clone(), name.clone())) {
            Some(object) => {
                let mut object = object.clone();
                if plural == "kafkas" {
                    store.kafka_reads += 1;
                    object["status"] = kafka_status(store.kafka_reads > options.not_ready_polls);
                }
                (200, object)
            }
            None => not_found(&name),
        },
        ("GET", None) => {
            let selector = params.get("labelSelector").cloned().unwrap_or_default();
            let items: Vec<Value> = store
                .objects
                .iter()
                .filter(|((p, _), o)| *p == plural && matches(o, &selector))
                .map(|(_, o)| o.clone())
                .collect();
            (
                200,
                json!({"kind": "List", "apiVersion": "v1", "metadata": {"resourceVersion": "1"}, "items": items}),
            )
        }
        ("DELETE", Some(name)) => match store.objects.remove(&(plural.clone(), name.clone())) {
            Some(_) => (200, status(200, "", "", json!({"name": name, "kind": plural}))),
            None => not_found(&name),
        },
        _ => (
            405,
            status(
                405,
                "MethodNotAllowed",
                "not supported by the fake API server",
                json!({}),
            ),
        ),
    }
}

/// A kubeconfig with context `staging` (and `lab`) pointing at `url`, authenticating with a bearer token.
pub fn kubeconfig(dir: &Path, url: &str, token: &str) -> std::path::PathBuf {
    let ca = if url.starts_with("https") {
        format!("    certificate-authority: {}\n", ca_file().display())
    } else {
        String::new()
    };
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {url}\n{ca}\
         users:\n- name: tester\n  user:\n    token: {token}\n\
         contexts:\n- name: staging\n  context: {{cluster: fake, user: tester}}\n\
         - name: lab\n  context: {{cluster: fake, user: tester}}\n\
         current-context: lab\n"
    );
    let path = dir.join("kubeconfig");
    std::fs::write(&path, text).unwrap();
    path
}
