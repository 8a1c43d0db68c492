//! What the commands that read specs share: the desired state of one environment (problems printed), and a
//! client for its cluster.

use miette::miette;

use crate::cli::SpecArgs;
use crate::cluster::client::AdminClient;
use crate::cluster::connect::endpoints::Endpoints;
use crate::commands::colour_on_stderr;
use crate::render;
use crate::spec::load::load;
use crate::spec::validate::{EnvironmentState, Variables, validate};

/// Load and validate the specs for `env`; problems are printed, errors stop here.
pub fn desired(specs: &SpecArgs, env: &str) -> miette::Result<EnvironmentState> {
    let loaded = load(&specs.files);
    let lookup = |name: &str| std::env::var(name).ok();
    let vars = Variables::new(&lookup, specs.allowed_variables());
    let mut validated = validate(&loaded, Some(env), &vars);
    if !validated.diagnostics.is_empty() {
        eprint!(
            "{}",
            render::diagnostics::report(&validated.diagnostics, colour_on_stderr())
        );
    }
    if validated.has_errors() {
        return Err(miette!(
            help = "each problem above names its file:line:col and, where there is one, the fix",
            "the specs have problems ({}); nothing was planned",
            render::diagnostics::summary(&validated.diagnostics)
        ));
    }
    validated
        .environments
        .remove(env)
        .ok_or_else(|| miette!("no environment is named `{env}`"))
}

pub async fn connect(desired: &EnvironmentState, endpoints: &Endpoints) -> miette::Result<AdminClient> {
    crate::cluster::connect::connect(&desired.environment, endpoints).await
}
