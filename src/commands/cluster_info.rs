//! `topicctl cluster info`: check connectivity and see the brokers.

use crate::cli::{ClusterInfoArgs, Format};
use crate::cluster::client::AdminClient;
use crate::commands::{Outcome, connection, runtime};
use crate::render;

pub fn run(args: &ClusterInfoArgs) -> miette::Result<Outcome> {
    let info = runtime()?.block_on(async {
        let cfg = connection::client_config(&args.connection).await?;
        let client = AdminClient::connect(cfg).await?;
        Ok::<_, miette::Report>(client.describe_cluster().await?)
    })?;
    let text = match args.format {
        Format::Text => render::cluster_info::text(&info),
        Format::Json => render::cluster_info::json(&info),
    };
    print!("{text}");
    Ok(Outcome::Success)
}
