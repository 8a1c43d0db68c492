//! Plain data with no I/O: the desired and the live state are the same types (`State`, topics, ACLs, subjects),
//! plus validated newtypes and the table of known topic configs.
