//! Turns connection flags (`--bootstrap`, `-X key=value`, `--command-config FILE`) into a client config.

use std::collections::BTreeMap;

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::ConnectionArgs;
use crate::cluster::config::ClientConfig;
use crate::model::environment::Environment;

pub fn client_config(args: &ConnectionArgs) -> miette::Result<ClientConfig> {
    let mut props = BTreeMap::new();
    if let Some(path) = &args.command_config {
        let text = std::fs::read_to_string(path)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read {}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| miette!("{}:{}: expected KEY=VALUE", path.display(), i + 1))?;
            props.insert(k.trim().to_owned(), v.trim().to_owned());
        }
    }
    for p in &args.properties {
        let (k, v) = p.split_once('=').ok_or_else(|| miette!("-X {p}: expected KEY=VALUE"))?;
        props.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    Ok(ClientConfig::new(&args.bootstrap)?.with_properties(&props)?)
}

/// How to reach an environment's cluster, from its spec.
pub fn from_environment(env: &Environment) -> miette::Result<ClientConfig> {
    if env.msk.is_some() {
        return Err(miette!(
            "environment `{}` is an MSK cluster: bootstrap discovery and IAM authentication are not available yet",
            env.name
        ));
    }
    let bootstrap = env
        .bootstrap
        .as_deref()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| miette!("environment `{}` has no `bootstrap` address", env.name))?;
    let s = &env.security;
    let mut props = BTreeMap::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            props.insert(k.to_owned(), v);
        }
    };
    put("security.protocol", s.protocol.clone());
    put("sasl.mechanism", s.sasl_mechanism.clone());
    put("sasl.username", s.username.clone());
    put("sasl.password", s.password.as_ref().map(|p| p.expose().to_owned()));
    put("ssl.ca.location", s.ca_file.as_ref().map(|p| p.display().to_string()));
    put(
        "ssl.certificate.location",
        s.cert_file.as_ref().map(|p| p.display().to_string()),
    );
    put("ssl.key.location", s.key_file.as_ref().map(|p| p.display().to_string()));
    put("enable.ssl.certificate.verification", s.verify.map(|v| v.to_string()));
    ClientConfig::new(bootstrap)?
        .with_properties(&props)
        .map_err(|e| miette!("environment `{}`: {e}", env.name))
}
