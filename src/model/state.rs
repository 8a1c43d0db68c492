//! The whole desired (or live) state of one environment. Sorted maps and sets only: output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::acl::AclBinding;
use crate::model::layout::Layout;
use crate::model::subject::Subject;
use crate::model::topic::Topic;
use crate::model::user::{Quotas, User};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub topics: BTreeMap<String, Topic>,
    pub acls: BTreeSet<AclBinding>,
    pub subjects: BTreeMap<String, Subject>,
    pub users: BTreeMap<String, User>,
    pub quotas: Quotas,
    /// Live side only: where the declared topics' replicas are (empty in specs).
    pub layout: Layout,
}
