//! `topicctl import`: specs for what exists — topics, principals (from ACLs) and, with `--out`, Schema Registry
//! subjects with their schema files — so planning right after importing shows no changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use miette::{IntoDiagnostic, WrapErr};

use crate::cli::ImportArgs;
use crate::cluster::observe::{observe_acls, observe_topics};
use crate::cluster::registry::RegistryClient;
use crate::commands::context::{connect, desired};
use crate::commands::hidden::hide;
use crate::commands::{Outcome, runtime};
use crate::model::acl::{AclBinding, ResourceType};
use crate::model::subject::SchemaType;
use crate::render;
use crate::render::import_yaml::SubjectSpec;
use crate::render::schema_file_names::schema_files;
use crate::spec::principal_import::{PrincipalSpec, from_bindings};
use crate::workflow::registry_for;

fn extension(t: SchemaType) -> &'static str {
    match t {
        SchemaType::Avro => "avsc",
        SchemaType::Protobuf => "proto",
        SchemaType::Json => "json",
    }
}

/// Every matching subject: its latest schema written under `dir` to `schemas/<safe name>.<ext>`, the name made
/// from the subject's (`render::schema_file_names`: registry names are not trusted to be file names).
async fn import_subjects(
    registry: &RegistryClient,
    dir: &Path,
    wanted: &dyn Fn(&str) -> bool,
) -> miette::Result<Vec<SubjectSpec>> {
    let mut latest = Vec::new();
    let mut subjects = registry.subjects().await?;
    subjects.sort();
    for name in subjects.into_iter().filter(|s| wanted(s)) {
        if let Some(schema) = registry.latest(&name).await? {
            latest.push((name, schema));
        }
    }
    let names: Vec<(&str, &str)> = latest
        .iter()
        .map(|(name, schema)| (name.as_str(), extension(schema.schema_type)))
        .collect();
    let files = schema_files(&names);
    let mut specs = Vec::new();
    for ((name, latest), file) in latest.into_iter().zip(files) {
        let path = dir.join(&file);
        std::fs::create_dir_all(dir.join("schemas")).into_diagnostic()?;
        std::fs::write(&path, &latest.schema)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {}", path.display()))?;
        specs.push(SubjectSpec {
            name,
            schema_type: latest.schema_type,
            file,
            compatibility: registry.compatibility(&latest.subject).await?,
            references: latest.references,
        });
    }
    Ok(specs)
}

pub fn run(args: &ImportArgs) -> miette::Result<Outcome> {
    let desired = desired(&args.specs, &args.env)?;
    let endpoints = args.endpoints.policy();
    // Subjects need a place for their schema files: only with --out.
    let registry = if args.out.is_some() {
        registry_for(&desired, true, &endpoints)?
    } else {
        None
    };
    let wanted = |name: &str| args.matches.is_empty() || args.matches.iter().any(|m| name.starts_with(m.as_str()));
    let out_dir = args
        .out
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let read = runtime()?.block_on(async {
        let client = connect(&desired, &endpoints).await?;
        let live = observe_topics(&client).await?;
        // A cluster without an authorizer has no ACLs to import.
        let acls = observe_acls(&client).await.unwrap_or_default();
        let subjects = match &registry {
            Some(r) => import_subjects(r, &out_dir, &wanted).await?,
            None => Vec::new(),
        };
        Ok::<_, miette::Report>((live, acls, subjects))
    });
    let (mut live, acls, subjects) = read.map_err(|e| hide(&desired.environment, e))?;
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
    let yaml = render::import_yaml::render_all(&live, &principals, &subjects);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &yaml)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "Wrote {} topic(s), {} principal(s) and {} subject(s) to {}",
                live.topics.len(),
                principals.len(),
                subjects.len(),
                path.display()
            );
        }
        None => print!("{yaml}"),
    }
    Ok(Outcome::Success)
}
