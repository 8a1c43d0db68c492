//! A Schema Registry subject: its schema, type, compatibility level and references.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemaType {
    Avro,
    Protobuf,
    Json,
}

impl SchemaType {
    pub const ALL: &'static [(&'static str, SchemaType)] = &[
        ("avro", SchemaType::Avro),
        ("protobuf", SchemaType::Protobuf),
        ("json", SchemaType::Json),
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s))
            .map(|(_, t)| *t)
    }

    /// The registry's name for it.
    pub fn registry_name(self) -> &'static str {
        match self {
            SchemaType::Avro => "AVRO",
            SchemaType::Protobuf => "PROTOBUF",
            SchemaType::Json => "JSON",
        }
    }
}

pub const COMPATIBILITY_LEVELS: &[&str] = &[
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaReference {
    /// The name the schema imports it by (e.g. `common.proto`, an Avro full name).
    pub name: String,
    pub subject: String,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    pub schema_type: SchemaType,
    /// The schema text as read from its file (desired) or as the registry returns its latest version (live).
    pub schema: String,
    pub compatibility: Option<String>,
    pub references: Vec<SchemaReference>,
    /// Live side: the latest version number.
    pub version: Option<i32>,
    /// Live side: the registry's verdict on the desired schema as the next version, when it differs
    /// (`Err` holds the registry's reasons).
    pub check: Option<Result<(), Vec<String>>>,
}
