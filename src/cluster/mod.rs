//! The only code that talks to Kafka (our admin client on the `kafka-protocol` crate) and the Schema Registry.
