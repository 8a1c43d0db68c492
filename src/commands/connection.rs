//! Turns connection flags (`--bootstrap`, `-X key=value`, `--command-config FILE`) into a client config.

use std::collections::BTreeMap;

use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::ConnectionArgs;
use crate::cluster::config::ClientConfig;

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
