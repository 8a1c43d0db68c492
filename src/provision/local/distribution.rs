//! Where the Kafka jars come from: `$KAFKA_HOME`, else the cache, else the official Apache release (checked against
//! its published SHA-512), else — where apache.org cannot be reached — the same jars from Maven Central, each
//! checked against a SHA-256 pinned in this binary (`kafka-<version>.jars`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256, Sha512};

use crate::error::one_line;
use crate::provision::local::cache;
use crate::provision::local::confine;
use crate::provision::local::error::LocalError;
use crate::provision::local::private;
use crate::provision::progress::Progress;

const SCALA: &str = "2.13";
const APACHE_MIRRORS: [&str; 2] = [
    "https://downloads.apache.org/kafka",
    "https://archive.apache.org/dist/kafka",
];
const MAVEN_CENTRAL: &str = "https://repo1.maven.org/maven2";

/// The jar set for each version topicctl can take from Maven Central: `sha256 path-in-the-repository` lines.
fn pinned_jars(version: &str) -> Option<&'static str> {
    match version {
        "4.1.2" => Some(include_str!("kafka-4.1.2.jars")),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    pub libs: PathBuf,
    /// Where it came from, for the progress line.
    pub source: String,
}

/// The cache root: `$TOPICCTL_CACHE`, else `$XDG_CACHE_HOME/topicctl`, else `~/.cache/topicctl`.
pub fn cache_root() -> Result<PathBuf, LocalError> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    var("TOPICCTL_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("topicctl")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/topicctl")))
        .ok_or(LocalError::NoHome {
            variable: "TOPICCTL_CACHE",
        })
}

pub async fn locate(version: &str, progress: &dyn Progress) -> miette::Result<Distribution> {
    if let Some(home) = std::env::var_os("KAFKA_HOME").filter(|v| !v.is_empty()) {
        let libs = Path::new(&home).join("libs");
        if !has_kafka_jars(&libs) {
            return Err(LocalError::KafkaHomeWithoutJars {
                home: Path::new(&home).display().to_string(),
                libs: libs.display().to_string(),
            }
            .into());
        }
        return Ok(Distribution {
            source: format!("KAFKA_HOME ({})", libs.display()),
            libs,
        });
    }
    let version = confine::plain_name(version).ok_or_else(|| LocalError::UnsafeName {
        what: "Kafka version",
        name: version.to_string(),
    })?;
    let kafka = cache_root()?.join("kafka");
    private::dir(&kafka)?;
    let folder = kafka.join(version);
    let libs = folder.join("libs");
    let cached = || Distribution {
        source: format!("cache ({})", libs.display()),
        libs: libs.clone(),
    };
    if cache::is_complete(&libs) {
        return Ok(cached());
    }
    let _lock = cache::lock(&folder, progress).await?;
    if cache::is_complete(&libs) {
        return Ok(cached());
    }
    cache::clean_stale(&folder);
    let tmp = cache::staging(&folder)?;
    let fetched = fetch(version, &tmp, progress).await;
    let published = fetched.and_then(|source| Ok(cache::publish(&tmp, &libs).map(|()| source)?));
    if published.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(Distribution {
        source: published?,
        libs,
    })
}

/// Whether the jar folder a state file names is one topicctl fills or was pointed at: inside the cache, or
/// `$KAFKA_HOME/libs`.
pub fn is_trusted(libs: &Path) -> bool {
    let home = std::env::var_os("KAFKA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    cache_root().is_ok_and(|root| trusted_in(&root, home.as_deref(), libs))
}

fn trusted_in(cache: &Path, kafka_home: Option<&Path>, libs: &Path) -> bool {
    kafka_home.is_some_and(|home| home.join("libs") == libs) || confine::is_inside(&cache.join("kafka"), libs)
}

/// Download and check the jars of `version` into `dest`; says where they came from.
async fn fetch(version: &str, dest: &Path, progress: &dyn Progress) -> miette::Result<String> {
    let http = http_client()?;
    let mut tried = Vec::new();
    for base in release_bases() {
        match fetch_release(&http, &base, version, dest, progress).await {
            Ok(()) => return Ok(format!("{base} (SHA-512 checked)")),
            Err(Fetch::Unreachable(why)) => tried.push(format!("{base}: {why}")),
            Err(Fetch::Bad(report)) => return Err(report),
        }
    }
    progress.step(&format!(
        "the Apache release of Kafka {version} is not reachable here; trying Maven Central"
    ));
    let Some(list) = pinned_jars(version) else {
        return Err(LocalError::NoDistribution {
            version: version.to_string(),
            tried: tried.join("; "),
        }
        .into());
    };
    let repo = std::env::var("TOPICCTL_MAVEN_REPOSITORY")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| MAVEN_CENTRAL.to_string());
    fetch_pinned(&http, &repo, list, dest, progress).await?;
    Ok(format!("{repo} (SHA-256 pinned)"))
}

fn release_bases() -> Vec<String> {
    match std::env::var("TOPICCTL_KAFKA_DOWNLOAD_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(url) => vec![url.trim_end_matches('/').to_string()],
        None => APACHE_MIRRORS.iter().map(|s| s.to_string()).collect(),
    }
}

fn has_kafka_jars(libs: &Path) -> bool {
    std::fs::read_dir(libs).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("kafka_") && name.ends_with(".jar")
        })
    })
}

fn http_client() -> miette::Result<reqwest::Client> {
    crate::cluster::tls::install_default_provider();
    let tls = crate::cluster::tls::client_config(&Default::default()).map_err(|e| LocalError::HttpClient {
        what: "TLS set-up",
        reason: e.to_string(),
    })?;
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(60))
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| {
            LocalError::HttpClient {
                what: "cannot build the HTTP client",
                reason: e.to_string(),
            }
            .into()
        })
}

enum Fetch {
    /// Not there (or not reachable): try the next source.
    Unreachable(String),
    /// Reached, but wrong: stop, never fall back silently past a bad checksum.
    Bad(miette::Report),
}

async fn get(http: &reqwest::Client, url: &str) -> Result<reqwest::Response, String> {
    let response = http.get(url).send().await.map_err(|e| one_line(&e))?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status().as_u16()));
    }
    Ok(response)
}

/// Download `kafka_2.13-<version>.tgz`, check it against the published `.sha512`, unpack its `libs/*.jar`.
async fn fetch_release(
    http: &reqwest::Client,
    base: &str,
    version: &str,
    dest: &Path,
    progress: &dyn Progress,
) -> Result<(), Fetch> {
    let name = format!("kafka_{SCALA}-{version}.tgz");
    let url = format!("{base}/{version}/{name}");
    let sums = get(http, &format!("{url}.sha512")).await.map_err(Fetch::Unreachable)?;
    let sums = sums.text().await.map_err(|e| Fetch::Unreachable(one_line(&e)))?;
    let expected = parse_sha512(&sums).ok_or_else(|| {
        Fetch::Bad(
            LocalError::NoChecksum {
                url: url.clone(),
                first_line: sums.lines().next().unwrap_or("").to_string(),
            }
            .into(),
        )
    })?;
    progress.step(&format!("downloading {url}"));
    let mut response = get(http, &url).await.map_err(Fetch::Unreachable)?;
    let mut hasher = Sha512::new();
    let mut archive = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| Fetch::Unreachable(one_line(&e)))? {
        hasher.update(&chunk);
        archive.extend_from_slice(&chunk);
    }
    let actual = hex(&hasher.finalize());
    if actual != expected {
        return Err(Fetch::Bad(
            LocalError::PublishedChecksum {
                file: name,
                expected,
                actual,
            }
            .into(),
        ));
    }
    progress.step(&format!("{name}: SHA-512 matches; unpacking its jars"));
    unpack_libs(&archive, dest).map_err(Fetch::Bad)
}

/// Both `sha512sum` (`<hex>  file`) and `gpg --print-md` (`file: AB12 CD34 …` over several lines) formats.
fn parse_sha512(text: &str) -> Option<String> {
    let body = match text.split_once(':') {
        Some((_, rest)) if !text.trim_start().chars().take(128).all(|c| c.is_ascii_hexdigit()) => rest,
        _ => text.split_whitespace().next().unwrap_or(""),
    };
    let hex: String = body
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    (hex.len() == 128 && hex.chars().all(|c| c.is_ascii_hexdigit())).then_some(hex)
}

fn unpack_libs(archive: &[u8], dest: &Path) -> miette::Result<()> {
    private::dir(dest)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    let mut count = 0;
    for entry in tar
        .entries()
        .map_err(LocalError::io("the Kafka archive is not a .tgz"))?
    {
        let mut entry = entry.map_err(LocalError::io("the Kafka archive is damaged"))?;
        let path = entry.path().map_err(LocalError::Os)?.into_owned();
        let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let (_top, dir, file) = (parts.next(), parts.next(), parts.next());
        let (Some(dir), Some(file), None) = (dir, file, parts.next()) else {
            continue;
        };
        // Only plain file names: nothing outside `dest`, whatever the archive says.
        let Some(file) = confine::plain_name(&file).filter(|f| dir == "libs" && f.ends_with(".jar")) else {
            continue;
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(LocalError::Os)?;
        private::write(&dest.join(file), &bytes)?;
        count += 1;
    }
    if count == 0 {
        return Err(LocalError::NoJarsInArchive.into());
    }
    Ok(())
}

/// Download every pinned jar (four at a time) and check each SHA-256 before it is kept.
async fn fetch_pinned(
    http: &reqwest::Client,
    repo: &str,
    list: &str,
    dest: &Path,
    progress: &dyn Progress,
) -> miette::Result<()> {
    private::dir(dest)?;
    let jars: Vec<(String, String)> = list
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(sum, path)| (sum.to_string(), path.to_string()))
        .collect();
    progress.step(&format!("downloading {} jars from {repo}", jars.len()));
    let mut tasks = tokio::task::JoinSet::new();
    let mut pending = jars.into_iter();
    let mut done = 0usize;
    let total = pending.len();
    loop {
        while tasks.len() < 4 {
            let Some((sum, path)) = pending.next() else { break };
            let (http, url, dest) = (http.clone(), format!("{repo}/{path}"), dest.to_path_buf());
            tasks.spawn(async move { fetch_jar(&http, &url, &sum, &dest).await });
        }
        let Some(result) = tasks.join_next().await else { break };
        result.map_err(|e| LocalError::DownloadTask { reason: e.to_string() })??;
        done += 1;
        if done.is_multiple_of(20) || done == total {
            progress.step(&format!("{done}/{total} jars downloaded and checked"));
        }
    }
    Ok(())
}

async fn fetch_jar(http: &reqwest::Client, url: &str, expected: &str, dest: &Path) -> Result<(), LocalError> {
    let bytes = get(http, url)
        .await
        .map_err(|reason| LocalError::Unreachable {
            url: url.to_string(),
            reason,
        })?
        .bytes()
        .await
        .map_err(|e| LocalError::Download {
            url: url.to_string(),
            reason: one_line(&e),
        })?;
    let actual = hex(&Sha256::digest(&bytes));
    if actual != expected {
        return Err(LocalError::PinnedChecksum {
            url: url.to_string(),
            expected: expected.to_string(),
            actual,
        });
    }
    let name = jar_name(url)?;
    private::write(&dest.join(name), &bytes)
}

/// The file name a jar downloaded from `url` is kept under: its last path segment, a plain name.
fn jar_name(url: &str) -> Result<&str, LocalError> {
    let last = url.rsplit('/').next().unwrap_or("");
    confine::plain_name(last).ok_or_else(|| LocalError::UnsafeName {
        what: "jar file",
        name: last.to_string(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_checksum_formats() {
        let h = "ab".repeat(64);
        assert_eq!(parse_sha512(&format!("{h}  kafka_2.13-4.1.2.tgz\n")), Some(h.clone()));
        let gpg = "kafka_2.13-4.1.2.tgz: ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB\n ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB ABABABAB\n ABABABAB\n";
        assert_eq!(parse_sha512(gpg), Some(h));
        assert_eq!(parse_sha512("<html>not found</html>"), None);
    }

    #[test]
    fn the_pinned_list_is_well_formed() {
        let list = pinned_jars("4.1.2").unwrap();
        let lines: Vec<_> = list.lines().collect();
        assert!(lines.len() > 50);
        for l in &lines {
            let (sum, path) = l.split_once(' ').unwrap();
            assert!(sum.len() == 64 && sum.chars().all(|c| c.is_ascii_hexdigit()), "{l}");
            assert!(path.ends_with(".jar") && !path.contains(".."), "{l}");
        }
        assert!(lines.iter().any(|l| l.ends_with("/kafka_2.13-4.1.2.jar")));
    }

    #[test]
    fn jar_names_stay_plain() {
        assert_eq!(
            jar_name("https://r/o/a/kafka_2.13-4.1.2.jar").unwrap(),
            "kafka_2.13-4.1.2.jar"
        );
        for bad in [
            "https://r/o/..",
            "https://r/o/",
            "https://r/.complete",
            "https://r/a\\..\\x.jar",
        ] {
            let err = jar_name(bad).unwrap_err();
            assert!(matches!(err, LocalError::UnsafeName { .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn the_cache_or_kafka_home_is_trusted_for_jars_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cache");
        std::fs::create_dir_all(root.join("kafka")).unwrap();
        let home = Path::new("/opt/kafka");
        assert!(trusted_in(&root, None, &root.join("kafka/4.1.2/libs")));
        assert!(trusted_in(&root, Some(home), Path::new("/opt/kafka/libs")));
        assert!(!trusted_in(&root, None, Path::new("/opt/kafka/libs")));
        assert!(!trusted_in(&root, Some(home), &dir.path().join("evil/libs")));
        assert!(!trusted_in(&root, None, &root.join("kafka/../../evil/libs")));
    }

    #[test]
    fn only_libs_jars_are_unpacked() {
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), Default::default()));
        for (path, body) in [
            ("kafka_2.13-9.9.9/libs/kafka_2.13-9.9.9.jar", "jar"),
            ("kafka_2.13-9.9.9/bin/kafka-server-start.sh", "sh"),
            ("kafka_2.13-9.9.9/libs/notes.txt", "txt"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, body.as_bytes()).unwrap();
        }
        let archive = builder.into_inner().unwrap().finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("libs");
        unpack_libs(&archive, &dest).unwrap();
        let names: Vec<_> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("kafka_2.13-9.9.9.jar")]);
        assert!(unpack_libs(b"not a tgz", &dest).is_err());
    }
}
