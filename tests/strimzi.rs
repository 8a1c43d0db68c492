//! (filled by the provisioning work)
