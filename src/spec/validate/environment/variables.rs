//! Which variables the specs may read: named on the trusted side (`--var NAME`, `TOPICCTL_VARS`), or carrying the
//! prefix `TOPICCTL_VAR_`; never declared by the specs themselves, which a pull request writes. Also the caps on
//! what expanding them may produce.

use std::cell::Cell;
use std::collections::BTreeSet;

use crate::spec::interpolate::Lookup;

/// A variable with this prefix may always be read (as Terraform's `TF_VAR_`).
pub const PREFIX: &str = "TOPICCTL_VAR_";
/// The most one field may hold once expanded.
pub const FIELD_CAP: usize = 64 * 1024;
/// The most all expanded fields together may hold.
pub const TOTAL_CAP: usize = 1024 * 1024;

pub struct Variables<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    allowed: BTreeSet<String>,
    expanded: Cell<usize>,
}

impl<'a> Variables<'a> {
    /// `lookup` gives a variable's value; only those in `allowed` (or with [`PREFIX`]) are asked for.
    pub fn new<S: Into<String>>(
        lookup: &'a dyn Fn(&str) -> Option<String>,
        allowed: impl IntoIterator<Item = S>,
    ) -> Self {
        Variables {
            lookup,
            allowed: allowed.into_iter().map(Into::into).collect(),
            expanded: Cell::new(0),
        }
    }

    pub fn allows(&self, name: &str) -> bool {
        self.allowed.contains(name) || (name.len() > PREFIX.len() && name.starts_with(PREFIX))
    }

    /// The value of an allowed variable (an empty one counts as unset).
    pub fn lookup(&self, name: &str) -> Lookup {
        if !self.allows(name) {
            return Lookup::NotAllowed;
        }
        match (self.lookup)(name).filter(|v| !v.is_empty()) {
            Some(v) => Lookup::Value(v),
            None => Lookup::Unset,
        }
    }

    /// What one more field may hold: the field cap, or less when the total is nearly spent.
    pub fn room(&self) -> usize {
        FIELD_CAP.min(TOTAL_CAP.saturating_sub(self.expanded.get()))
    }

    /// Count `len` expanded bytes against the total.
    pub fn spend(&self, len: usize) {
        self.expanded.set(self.expanded.get() + len);
    }
}

#[cfg(test)]
mod tests {
    use super::Variables;
    use crate::spec::interpolate::Lookup;

    #[test]
    fn only_named_or_prefixed_variables_are_read() {
        let lookup = |name: &str| Some(format!("value of {name}"));
        let vars = Variables::new(&lookup, ["KAFKA_BOOTSTRAP"]);
        assert_eq!(
            vars.lookup("KAFKA_BOOTSTRAP"),
            Lookup::Value("value of KAFKA_BOOTSTRAP".into())
        );
        assert_eq!(
            vars.lookup("TOPICCTL_VAR_X"),
            Lookup::Value("value of TOPICCTL_VAR_X".into())
        );
        assert_eq!(vars.lookup("TOPICCTL_VAR_"), Lookup::NotAllowed);
        assert_eq!(vars.lookup("AWS_SECRET_ACCESS_KEY"), Lookup::NotAllowed);
    }

    #[test]
    fn the_total_cap_shrinks_the_room_of_later_fields() {
        let lookup = |_: &str| None;
        let vars = Variables::new(&lookup, Vec::<String>::new());
        assert_eq!(vars.room(), super::FIELD_CAP);
        vars.spend(super::TOTAL_CAP - 10);
        assert_eq!(vars.room(), 10);
    }
}
