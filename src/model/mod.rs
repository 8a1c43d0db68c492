//! Plain data with no I/O: the desired and the live state are the same types (`State`, topics, ACLs, subjects),
//! plus validated newtypes and the table of known topic configs.

pub mod acl;
pub mod apply_report;
pub mod broker;
pub mod cluster_status;
pub mod config_entry;
pub mod environment;
pub mod health;
pub mod layout;
pub mod provision;
pub mod quota;
pub mod reassignment;
pub mod replicas;
pub mod schema_canonical;
pub mod scram_credential;
pub mod secret;
pub mod security;
pub mod state;
pub mod subject;
pub mod suggest;
pub mod topic;
pub mod topic_config;
pub mod topic_description;
pub mod topic_name;
pub mod units;
pub mod user;
