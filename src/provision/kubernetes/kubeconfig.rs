//! The kubeconfig, read as kube reads it (`KUBECONFIG`'s files merged in order, else `~/.kube/config`; relative
//! paths against the file's folder), but every file through `files::read_regular` (regular files, bounded size):
//! the kubeconfig files themselves and the clusters' `certificate-authority` files, which are loaded here into
//! `certificate-authority-data` so kube reads no file of its own for them.

use std::path::{Path, PathBuf};

use base64::Engine;
use kube::config::Kubeconfig;

use crate::files;

/// Why the kubeconfig cannot be used: a file that cannot be read safely (keeps its own code), or another problem.
pub enum Failure {
    File(files::FileError),
    Invalid(String),
}

impl From<files::FileError> for Failure {
    fn from(e: files::FileError) -> Self {
        Failure::File(e)
    }
}

/// The merged kubeconfig.
pub fn read() -> Result<Kubeconfig, Failure> {
    let mut merged = Kubeconfig::default();
    for path in paths()? {
        let text = files::read_regular_text(&path, files::SMALL_CAP)?;
        let mut config = Kubeconfig::from_yaml(&text)
            .map_err(|e| Failure::Invalid(format!("cannot parse {}: {e}", path.display())))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        resolve(&mut config, dir)?;
        merged = merged
            .merge(config)
            .map_err(|e| Failure::Invalid(format!("cannot merge {}: {e}", path.display())))?;
    }
    Ok(merged)
}

fn paths() -> Result<Vec<PathBuf>, Failure> {
    if let Some(value) = std::env::var_os("KUBECONFIG") {
        let paths: Vec<PathBuf> = std::env::split_paths(&value)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !paths.is_empty() {
            return Ok(paths);
        }
    }
    std::env::home_dir()
        .map(|home| vec![home.join(".kube").join("config")])
        .ok_or_else(|| Failure::Invalid("no KUBECONFIG and no home folder to find ~/.kube/config in".into()))
}

/// Makes the file paths of `config` absolute against `dir` (as kube does) and loads each cluster's CA file (unless
/// it has `certificate-authority-data`, which kube prefers).
fn resolve(config: &mut Kubeconfig, dir: &Path) -> Result<(), files::FileError> {
    let absolute = |path: &mut Option<String>| {
        if let Some(p) = path.as_mut() {
            *p = dir.join(&*p).to_string_lossy().into_owned();
        }
    };
    for named in &mut config.clusters {
        if let Some(cluster) = &mut named.cluster {
            absolute(&mut cluster.certificate_authority);
            if let Some(ca) = cluster.certificate_authority.take()
                && cluster.certificate_authority_data.is_none()
            {
                let pem = files::read_regular(Path::new(&ca), files::SMALL_CAP)?;
                cluster.certificate_authority_data = Some(base64::engine::general_purpose::STANDARD.encode(pem));
            }
        }
    }
    for named in &mut config.auth_infos {
        if let Some(user) = &mut named.auth_info {
            absolute(&mut user.client_certificate);
            absolute(&mut user.client_key);
            absolute(&mut user.token_file);
        }
    }
    Ok(())
}
