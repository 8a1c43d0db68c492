//! `topicctl cluster info`: check connectivity and see the brokers.

use std::collections::BTreeMap;

use miette::miette;

use crate::cli::{ClusterInfoArgs, ConnectionArgs, Format};
use crate::cluster::client::AdminClient;
use crate::cluster::connect::properties::{from_properties, shown_malformed};
use crate::commands::{Outcome, runtime};
use crate::files;
use crate::render;

pub fn run(args: &ClusterInfoArgs) -> miette::Result<Outcome> {
    let props = properties(&args.connection)?;
    let info = runtime()?.block_on(async {
        let client = AdminClient::connect(from_properties(&args.connection.bootstrap, props).await?).await?;
        Ok::<_, miette::Report>(client.describe_cluster().await?)
    })?;
    let text = match args.format {
        Format::Text => render::cluster_info::text(&info),
        Format::Json => render::cluster_info::json(&info),
    };
    print!("{text}");
    Ok(Outcome::Success)
}

/// The client properties of `--command-config FILE` (Java properties: `KEY=VALUE` lines, `#`/`!` comments), then
/// of each `-X KEY=VALUE`, later ones winning.
fn properties(args: &ConnectionArgs) -> miette::Result<BTreeMap<String, String>> {
    let mut props = BTreeMap::new();
    if let Some(path) = &args.command_config {
        let text = files::read_regular_text(path, files::SMALL_CAP)?;
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
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| miette!("-X {}: expected KEY=VALUE", shown_malformed(p)))?;
        props.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    Ok(props)
}
