//! AWS MSK as an endpoint: the SDK client on our own HTTP stack, finding a cluster by name and its bootstrap
//! brokers. Provisioning (`provision::msk`) builds on these; connecting (`cluster::connect`) uses them to discover
//! where to connect.

pub mod bootstrap;
pub mod errors;
pub mod lookup;
pub mod sdk_client;
