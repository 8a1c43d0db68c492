//! How a client secures its connection: the Kafka security protocol and the SASL mechanism, typed. The SCRAM
//! mechanisms are [`ScramMechanismKind`], the one type the credentials, the SCRAM client and the plans share.

use std::fmt;

use crate::model::scram_credential::ScramMechanismKind;

/// Kafka's `security.protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityProtocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

impl SecurityProtocol {
    pub const ALL: [SecurityProtocol; 4] = [Self::Plaintext, Self::Ssl, Self::SaslPlaintext, Self::SaslSsl];

    pub fn name(self) -> &'static str {
        match self {
            Self::Plaintext => "PLAINTEXT",
            Self::Ssl => "SSL",
            Self::SaslPlaintext => "SASL_PLAINTEXT",
            Self::SaslSsl => "SASL_SSL",
        }
    }

    /// Parses a protocol name (ASCII case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(s))
    }

    pub fn uses_tls(self) -> bool {
        matches!(self, Self::Ssl | Self::SaslSsl)
    }

    pub fn uses_sasl(self) -> bool {
        matches!(self, Self::SaslPlaintext | Self::SaslSsl)
    }
}

impl fmt::Display for SecurityProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Kafka's `sasl.mechanism`. (`AWS_MSK_IAM`, the name AWS's Java library uses, is OAUTHBEARER with an MSK IAM
/// token provider; the connection layer handles it, it is not a mechanism of its own.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaslMechanism {
    Plain,
    Scram(ScramMechanismKind),
    OAuthBearer,
}

#[allow(non_upper_case_globals)]
impl SaslMechanism {
    /// `SCRAM-SHA-256`, named as Kafka names it.
    pub const ScramSha256: SaslMechanism = SaslMechanism::Scram(ScramMechanismKind::Sha256);
    /// `SCRAM-SHA-512`, named as Kafka names it.
    pub const ScramSha512: SaslMechanism = SaslMechanism::Scram(ScramMechanismKind::Sha512);
    pub const ALL: [SaslMechanism; 4] = [Self::Plain, Self::ScramSha256, Self::ScramSha512, Self::OAuthBearer];

    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "PLAIN",
            Self::Scram(kind) => kind.name(),
            Self::OAuthBearer => "OAUTHBEARER",
        }
    }

    /// Parses a mechanism name (ASCII case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(s))
    }
}

impl From<ScramMechanismKind> for SaslMechanism {
    fn from(kind: ScramMechanismKind) -> Self {
        SaslMechanism::Scram(kind)
    }
}

impl fmt::Display for SaslMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The names of `values`, comma-separated, for "one of …" messages.
pub fn names<T: Copy>(values: &[T], name: fn(T) -> &'static str) -> String {
    values.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::{SaslMechanism, SecurityProtocol, names};
    use crate::model::scram_credential::ScramMechanismKind;

    #[test]
    fn names_round_trip_case_insensitively() {
        for p in SecurityProtocol::ALL {
            assert_eq!(SecurityProtocol::parse(&p.name().to_ascii_lowercase()), Some(p));
        }
        for m in SaslMechanism::ALL {
            assert_eq!(SaslMechanism::parse(&m.name().to_ascii_lowercase()), Some(m));
        }
        assert_eq!(SecurityProtocol::parse("TLS"), None);
        assert_eq!(SaslMechanism::parse("AWS_MSK_IAM"), None);
    }

    #[test]
    fn scram_mechanisms_are_the_scram_kinds() {
        assert_eq!(
            SaslMechanism::parse("SCRAM-SHA-512"),
            Some(SaslMechanism::Scram(ScramMechanismKind::Sha512))
        );
        assert_eq!(
            SaslMechanism::from(ScramMechanismKind::Sha256),
            SaslMechanism::ScramSha256
        );
        assert_eq!(
            names(&SaslMechanism::ALL, SaslMechanism::name),
            "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER"
        );
        assert_eq!(
            names(&SecurityProtocol::ALL, SecurityProtocol::name),
            "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"
        );
    }
}
