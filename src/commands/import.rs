//! `topicctl import`: Topic specs for the topics that exist, so planning right after importing shows no changes.

use miette::{IntoDiagnostic, WrapErr};

use crate::cli::ImportArgs;
use std::collections::{BTreeMap, BTreeSet};

use crate::cluster::observe::{observe_acls, observe_topics};
use crate::commands::context::{connect, desired};
use crate::commands::{Outcome, runtime};
use crate::model::acl::{AclBinding, ResourceType};
use crate::render;
use crate::spec::principal_import::{PrincipalSpec, from_bindings};

pub fn run(args: &ImportArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let (mut live, acls) = runtime()?.block_on(async {
        let client = connect(&desired).await?;
        let live = observe_topics(&client).await?;
        // A cluster without an authorizer has no ACLs to import.
        let acls = observe_acls(&client).await.unwrap_or_default();
        Ok::<_, miette::Report>((live, acls))
    })?;
    let wanted = |name: &str| args.matches.is_empty() || args.matches.iter().any(|m| name.starts_with(m.as_str()));
    live.topics.retain(|name, _| wanted(name));
    // Principals with at least one binding on a matching resource, with all their bindings.
    let mut by_principal: BTreeMap<&str, BTreeSet<AclBinding>> = BTreeMap::new();
    for b in &acls {
        by_principal.entry(b.principal.as_str()).or_default().insert(b.clone());
    }
    let principals: Vec<PrincipalSpec> = by_principal
        .iter()
        .filter(|(_, bindings)| {
            bindings
                .iter()
                .any(|b| b.resource_type != ResourceType::Cluster && wanted(&b.resource_name))
        })
        .map(|(p, bindings)| from_bindings(p, bindings))
        .collect();
    let yaml = render::import_yaml::render_with_principals(&live, &principals);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &yaml)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "Wrote {} topic(s) and {} principal(s) to {}",
                live.topics.len(),
                principals.len(),
                path.display()
            );
        }
        None => print!("{yaml}"),
    }
    Ok(Outcome::Success)
}
