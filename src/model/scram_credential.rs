//! SCRAM credentials as the cluster describes them (never the password or its hash).

/// The two SCRAM mechanisms Kafka supports, the one type for them: credentials, the SCRAM client and the SASL
/// mechanism (`SaslMechanism::Scram`) all use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScramMechanismKind {
    Sha256,
    Sha512,
}

impl ScramMechanismKind {
    pub fn code(self) -> i8 {
        match self {
            Self::Sha256 => 1,
            Self::Sha512 => 2,
        }
    }

    pub fn from_code(code: i8) -> Option<Self> {
        match code {
            1 => Some(Self::Sha256),
            2 => Some(Self::Sha512),
            _ => None,
        }
    }

    pub const ALL: [ScramMechanismKind; 2] = [Self::Sha256, Self::Sha512];

    /// Parses a SASL mechanism name (ASCII case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(s))
    }

    /// [`Self::parse`], by the name the SCRAM client's callers know it under.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::parse(name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SCRAM-SHA-256",
            Self::Sha512 => "SCRAM-SHA-512",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScramCredentialInfo {
    pub mechanism: ScramMechanismKind,
    pub iterations: i32,
}
