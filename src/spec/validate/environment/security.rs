//! An environment's `security`: the protocol and SASL mechanism checked against the names Kafka knows (with a
//! "did you mean"), and the combinations the connection would refuse reported here instead, with their place.

use crate::model::environment::Security;
use crate::model::secret::Secret;
use crate::model::security::{SaslMechanism, SecurityProtocol, names};
use crate::model::suggest::closest;
use crate::spec::diagnostic::SpecDiagnostic;
use crate::spec::raw::{RawEnvironment, RawSecurity, Sp};
use crate::spec::validate::at::At;
use crate::spec::validate::environment::variables::Variables;
use crate::spec::validate::environment::{expanded, opt_text};

const INCONSISTENT: &str = "topicctl::inconsistent_security";
const MSK_IAM_HELP: &str = "MSK IAM (AWS_MSK_IAM in AWS's Java client) is only for an environment with `msk.clusterArn` \
                            (or `provision.msk`), which uses it by default";

pub(super) fn check(
    env: &RawEnvironment,
    raw: &Sp<RawSecurity>,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Security {
    let s = &raw.value;
    let sasl = s.sasl.as_ref().map(|x| &x.value);
    let tls = s.tls.as_ref().map(|x| &x.value);
    let dir = &at.file.dir;
    let path = |v: Option<String>| v.filter(|p| !p.is_empty()).map(|p| dir.join(p));
    let protocol = s.protocol.as_ref().map(|p| {
        let name = SecurityProtocol::name;
        one_of(p, "security protocol", &SecurityProtocol::ALL, name, at, vars, out)
    });
    let on_msk = env.msk.is_some() || env.provision.as_ref().is_some_and(|p| p.value.msk.is_some());
    let mechanism = sasl.map(|x| {
        // AWS's Java client calls MSK IAM `AWS_MSK_IAM`: on MSK it names the default (an OAUTHBEARER token).
        if on_msk && x.mechanism.value.eq_ignore_ascii_case("AWS_MSK_IAM") {
            return Some(SaslMechanism::OAuthBearer);
        }
        let name = SaslMechanism::name;
        let found = one_of(&x.mechanism, "SASL mechanism", &SaslMechanism::ALL, name, at, vars, out);
        if found.is_none()
            && x.mechanism.value.eq_ignore_ascii_case("AWS_MSK_IAM")
            && let Some(d) = out.last_mut()
        {
            d.help = Some(MSK_IAM_HELP.into());
        }
        found
    });
    let security = Security {
        protocol: protocol.flatten(),
        sasl_mechanism: mechanism.flatten(),
        username: sasl.and_then(|x| opt_text(&x.username, at, vars, out)),
        password: sasl.and_then(|x| opt_text(&x.password, at, vars, out)).map(Secret::new),
        ca_file: path(tls.and_then(|x| opt_text(&x.ca, at, vars, out))),
        cert_file: path(tls.and_then(|x| opt_text(&x.cert, at, vars, out))),
        key_file: path(tls.and_then(|x| opt_text(&x.key, at, vars, out))),
        verify: tls.and_then(|x| x.verify.as_ref().map(|v| v.value)),
    };
    // Only what the connection refuses anyway, and only when every part was understood. An MSK environment may
    // connect with MSK IAM, which sets the protocol and the mechanism itself; a provisioned one may be created
    // (`cluster up`) before anything connects to it.
    let connects_as_written = env.msk.is_none() && env.provision.is_none();
    if connects_as_written && protocol != Some(None) && mechanism != Some(None) {
        consistent(raw, &security, at, out);
    }
    security
}

/// The protocol and the SASL settings must agree, as the connection requires.
fn consistent(raw: &Sp<RawSecurity>, security: &Security, at: At<'_>, out: &mut Vec<SpecDiagnostic>) {
    let protocol = security.protocol.unwrap_or(SecurityProtocol::Plaintext);
    let sasl = raw.value.sasl.as_ref();
    match (protocol.uses_sasl(), sasl, security.sasl_mechanism) {
        (true, None, _) => {
            let d = SpecDiagnostic::error(
                INCONSISTENT,
                format!("security.protocol {protocol} needs a `sasl` section"),
            )
            .help("add `sasl: {mechanism: SCRAM-SHA-512, username: …, password: …}`, or use PLAINTEXT or SSL");
            out.push(match &raw.value.protocol {
                Some(p) => at.on(d, p, "SASL without a mechanism"),
                None => at.on(d, raw, "SASL without a mechanism"),
            });
        }
        (false, Some(sasl), Some(mechanism)) => out.push(
            at.on(
                SpecDiagnostic::error(
                    INCONSISTENT,
                    format!(
                        "SASL mechanism {mechanism} needs security.protocol SASL_PLAINTEXT or SASL_SSL, {}",
                        match security.protocol {
                            Some(p) => format!("not {p}"),
                            None => "but none is set".to_owned(),
                        }
                    ),
                )
                .help(if protocol.uses_tls() {
                    "set `protocol: SASL_SSL`"
                } else {
                    "set `protocol: SASL_SSL` (or SASL_PLAINTEXT)"
                }),
                &sasl.value.mechanism,
                "needs a SASL protocol",
            ),
        ),
        (true, Some(sasl), Some(SaslMechanism::OAuthBearer)) => out.push(
            at.on(
                SpecDiagnostic::error(
                    INCONSISTENT,
                    "SASL mechanism OAUTHBEARER needs a token provider, which only an MSK environment has",
                )
                .help("set `msk.clusterArn` for MSK IAM, or use PLAIN or SCRAM with a user name and password"),
                &sasl.value.mechanism,
                "no token provider",
            ),
        ),
        (true, Some(sasl), Some(mechanism)) if security.username.is_none() || security.password.is_none() => out.push(
            at.on(
                SpecDiagnostic::error(
                    INCONSISTENT,
                    format!("SASL mechanism {mechanism} needs a username and a password"),
                )
                .help("add `username` and `password` (e.g. `password: ${KAFKA_PASSWORD}`) under `sasl`"),
                sasl,
                "no credentials",
            ),
        ),
        _ => {}
    }
}

/// The value of `value` among `all` (by name, ASCII case-insensitive); else a diagnostic with the names and the
/// closest one. `None` also when a variable in it is not set (that has its own diagnostic).
fn one_of<T: Copy>(
    value: &Sp<String>,
    what: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    at: At<'_>,
    vars: &Variables<'_>,
    out: &mut Vec<SpecDiagnostic>,
) -> Option<T> {
    let given = expanded(value, at, vars, out)?;
    if let Some(found) = all.iter().copied().find(|v| name(*v).eq_ignore_ascii_case(&given)) {
        return Some(found);
    }
    let accepted = names(all, name);
    let help = match closest(&given, all.iter().map(|v| name(*v))) {
        Some(best) => format!("did you mean `{best}`? (one of {accepted})"),
        None => format!("one of {accepted}"),
    };
    out.push(at.on(
        SpecDiagnostic::error("topicctl::invalid_value", format!("unknown {what} `{given}`")).help(help),
        value,
        format!("not a {what}"),
    ));
    None
}
