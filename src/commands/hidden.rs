//! The last guard before an error of a connected command reaches people: where it names the value of a field the
//! specs filled from a variable (a registry URL in an HTTP error, an address in a broker's message), the value is
//! replaced by the spec's text (`${SCHEMA_REGISTRY_URL}`). The code and help are kept; an error that names no such
//! value is returned as it was.

use std::fmt::Display;

use crate::error::one_line;
use crate::model::environment::Environment;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct Hidden {
    message: String,
    code: Option<String>,
    help: Option<String>,
}

impl miette::Diagnostic for Hidden {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn Display>)
    }
}

pub fn hide(env: &Environment, report: miette::Report) -> miette::Report {
    let hidden = env.hidden();
    let message = one_line(report.as_ref());
    let help = report.help().map(|h| h.to_string());
    let names = |text: &str| hidden.iter().any(|(value, _)| text.contains(value));
    if !names(&message) && !help.as_deref().is_some_and(names) {
        return report;
    }
    miette::Report::new(Hidden {
        message: env.hide(&message),
        code: report.code().map(|c| c.to_string()),
        help: help.map(|h| env.hide(&h)),
    })
}

#[cfg(test)]
mod tests {
    use super::hide;
    use crate::model::environment::{Environment, Field};

    #[test]
    fn a_value_from_a_variable_is_replaced_and_the_code_kept() {
        let mut env = Environment::named("dev");
        env.bootstrap = Some("10.1.2.3:9092".into());
        env.shown.0.insert(Field::Bootstrap, "${KAFKA_BOOTSTRAP}".into());
        let err = miette::Report::new(crate::cluster::error::ClusterError::Connect {
            addr: "10.1.2.3:9092".into(),
            message: "refused".into(),
        });
        let shown = hide(&env, err);
        assert_eq!(shown.to_string(), "cannot connect to ${KAFKA_BOOTSTRAP}: refused");
        assert_eq!(shown.code().unwrap().to_string(), "topicctl::connect");
        let untouched = hide(&env, miette::miette!("nothing to hide"));
        assert_eq!(untouched.to_string(), "nothing to hide");
    }
}
