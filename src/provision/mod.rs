//! The only code that starts brokers: local processes, Kafka on Kubernetes (Strimzi) and AWS MSK.
