//! `topicctl validate`: load and check every spec without a cluster; report all problems at once.

use crate::cli::ValidateArgs;
use crate::commands::{Outcome, colour_on_stderr};
use crate::render;
use crate::spec::load::load;
use crate::spec::validate::{Variables, validate};

pub fn run(args: &ValidateArgs) -> miette::Result<Outcome> {
    let loaded = load(&args.specs.files);
    let lookup = |name: &str| std::env::var(name).ok();
    let vars = Variables::new(&lookup, args.specs.allowed_variables());
    let validated = validate(&loaded, args.env.as_deref(), &vars);
    eprint!(
        "{}",
        render::diagnostics::report(&validated.diagnostics, colour_on_stderr())
    );
    if validated.has_errors() {
        return Err(miette::miette!(
            "{}",
            render::diagnostics::summary(&validated.diagnostics)
        ));
    }
    print!("{}", render::diagnostics::valid(&validated));
    Ok(Outcome::Success)
}
