//! ACL bindings, with the protocol's enumerations as closed types.

use std::fmt;

macro_rules! protocol_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal => $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn code(self) -> i8 {
                match self { $($name::$variant => $code),* }
            }

            pub fn from_code(code: i8) -> Option<Self> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }

            /// The lower-case, dash-separated name used in specs and output.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                let wanted = s.to_ascii_lowercase().replace('_', "-");
                Self::ALL.iter().copied().find(|v| v.as_str() == wanted)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

protocol_enum!(
    /// What an ACL protects.
    ResourceType {
        Any = 1 => "any",
        Topic = 2 => "topic",
        Group = 3 => "group",
        Cluster = 4 => "cluster",
        TransactionalId = 5 => "transactional-id",
        DelegationToken = 6 => "delegation-token",
        User = 7 => "user",
    }
);

protocol_enum!(
    /// How an ACL's resource name matches: exactly, or as a prefix. `Any` and `Match` are for filters only.
    PatternType {
        Any = 1 => "any",
        Match = 2 => "match",
        Literal = 3 => "literal",
        Prefixed = 4 => "prefixed",
    }
);

protocol_enum!(
    Operation {
        Any = 1 => "any",
        All = 2 => "all",
        Read = 3 => "read",
        Write = 4 => "write",
        Create = 5 => "create",
        Delete = 6 => "delete",
        Alter = 7 => "alter",
        Describe = 8 => "describe",
        ClusterAction = 9 => "cluster-action",
        DescribeConfigs = 10 => "describe-configs",
        AlterConfigs = 11 => "alter-configs",
        IdempotentWrite = 12 => "idempotent-write",
        CreateTokens = 13 => "create-tokens",
        DescribeTokens = 14 => "describe-tokens",
    }
);

protocol_enum!(
    Permission {
        Any = 1 => "any",
        Deny = 2 => "deny",
        Allow = 3 => "allow",
    }
);

/// One concrete ACL: `principal` may (or may not) do `operation` on a resource from `host`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AclBinding {
    pub resource_type: ResourceType,
    pub resource_name: String,
    pub pattern_type: PatternType,
    pub principal: String,
    pub host: String,
    pub operation: Operation,
    pub permission: Permission,
}

impl fmt::Display for AclBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} on {}:{} ({}) from {}",
            self.permission,
            self.principal,
            self.operation,
            self.resource_type,
            self.resource_name,
            self.pattern_type,
            self.host
        )
    }
}

impl AclBinding {
    /// The binding without its principal, as listed under it: `allow read on topic inventory.events (literal) from *`.
    pub fn rule(&self) -> String {
        format!(
            "{} {} on {} {} ({}) from {}",
            self.permission, self.operation, self.resource_type, self.resource_name, self.pattern_type, self.host
        )
    }
}

/// Selects ACLs to describe or delete; `None` matches anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclFilter {
    pub resource_type: ResourceType,
    pub resource_name: Option<String>,
    pub pattern_type: PatternType,
    pub principal: Option<String>,
    pub host: Option<String>,
    pub operation: Operation,
    pub permission: Permission,
}

impl AclFilter {
    pub fn any() -> Self {
        AclFilter {
            resource_type: ResourceType::Any,
            resource_name: None,
            pattern_type: PatternType::Any,
            principal: None,
            host: None,
            operation: Operation::Any,
            permission: Permission::Any,
        }
    }

    /// Matches exactly this binding.
    pub fn exact(b: &AclBinding) -> Self {
        AclFilter {
            resource_type: b.resource_type,
            resource_name: Some(b.resource_name.clone()),
            pattern_type: b.pattern_type,
            principal: Some(b.principal.clone()),
            host: Some(b.host.clone()),
            operation: b.operation,
            permission: b.permission,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Operation, PatternType, ResourceType};

    #[test]
    fn names_and_codes_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_code(op.code()), Some(*op));
            assert_eq!(Operation::parse(op.as_str()), Some(*op));
        }
        assert_eq!(Operation::parse("DESCRIBE_CONFIGS"), Some(Operation::DescribeConfigs));
        assert_eq!(
            ResourceType::parse("transactional_id"),
            Some(ResourceType::TransactionalId)
        );
        assert_eq!(PatternType::from_code(4), Some(PatternType::Prefixed));
        assert_eq!(Operation::from_code(99), None);
    }
}
