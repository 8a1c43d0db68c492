//! `topicctl schema`: the JSON Schema of a spec document.

use crate::commands::Outcome;

pub fn run() -> miette::Result<Outcome> {
    print!("{}", crate::spec::schema::json_schema());
    Ok(Outcome::Success)
}
